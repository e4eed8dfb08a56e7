// The designer's window features from issue 11: Ctrl+Y, Find node (Ctrl+F), Help → Keyboard
// shortcuts, View → Reset layout, and the canvas's context-menu requests (edit, arrange).
#include "MainWindow.h"
#include "canvas/DiagramScene.h"
#include "canvas/DiagramView.h"
#include "inspector/Inspector.h"
#include "run/RunController.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFontMetrics>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>

namespace ml::ui {

namespace {

// The find box: a line over the canvas's top edge and the nodes whose name or id holds the text.
class FindNodeBox : public QFrame {
public:
    FindNodeBox(DiagramView* view, std::function<void(const NodeId&)> found) : QFrame(view), m_view(view)
    {
        setObjectName(QStringLiteral("findNode"));
        setFrameShape(QFrame::StyledPanel);
        setAutoFillBackground(true);
        auto* layout = new QVBoxLayout(this);
        layout->setContentsMargins(6, 6, 6, 6);
        layout->setSpacing(4);
        m_text = new QLineEdit(this);
        m_text->setObjectName(QStringLiteral("findNodeText"));
        m_text->setPlaceholderText(tr("Find a node by name or id"));
        m_text->setClearButtonEnabled(true);
        m_list = new QListWidget(this);
        m_list->setObjectName(QStringLiteral("findNodeList"));
        m_list->setFocusPolicy(Qt::NoFocus);
        layout->addWidget(m_text);
        layout->addWidget(m_list);
        m_text->installEventFilter(this);
        connect(m_text, &QLineEdit::textChanged, this, [this] { fill(); });
        connect(m_text, &QLineEdit::returnPressed, this, [this, found] {
            if (QListWidgetItem* item = m_list->currentItem()) {
                const NodeId id(item->data(Qt::UserRole).toString());
                hide();
                found(id);
            }
        });
        connect(m_list, &QListWidget::itemClicked, this, [this, found](QListWidgetItem* item) {
            const NodeId id(item->data(Qt::UserRole).toString());
            hide();
            found(id);
        });
        hide();
    }

    void open()
    {
        resize(320, 240);
        move((m_view->width() - width()) / 2, 8);
        m_text->clear();
        fill();
        show();
        raise();
        m_text->setFocus();
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched == m_text && event->type() == QEvent::KeyPress) {
            const int key = static_cast<QKeyEvent*>(event)->key();
            if (key == Qt::Key_Escape) {
                hide();
                m_view->setFocus();
                return true;
            }
            if ((key == Qt::Key_Down || key == Qt::Key_Up) && m_list->count() > 0) {
                const int row =
                    std::clamp(m_list->currentRow() + (key == Qt::Key_Down ? 1 : -1), 0, m_list->count() - 1);
                m_list->setCurrentRow(row);
                return true;
            }
        }
        return QFrame::eventFilter(watched, event);
    }

private:
    void fill()
    {
        m_list->clear();
        const QString text = m_text->text().trimmed();
        for (const Node& n : m_view->diagramScene()->model()->diagram().nodes()) {
            if (!text.isEmpty() && !n.displayName().contains(text, Qt::CaseInsensitive) &&
                !n.id.value.contains(text, Qt::CaseInsensitive))
                continue;
            const QString label = n.name.isEmpty() || n.name == n.id.value
                                      ? n.id.value
                                      : QStringLiteral("%1  (%2)").arg(n.name, n.id.value);
            auto* item = new QListWidgetItem(label, m_list);
            item->setData(Qt::UserRole, n.id.value);
        }
        if (m_list->count() > 0) m_list->setCurrentRow(0);
    }

    DiagramView* m_view;
    QLineEdit* m_text;
    QListWidget* m_list;
};

}  // namespace

void MainWindow::createDesignerActions()
{
    // Ctrl+Y redoes too, as on Windows and in most editors, besides the platform's own keys.
    if (QAction* redo = m_actions.value(QStringLiteral("redo"))) {
        QList<QKeySequence> keys = QKeySequence::keyBindings(QKeySequence::Redo);
        for (const QKeySequence& k : {QKeySequence(tr("Ctrl+Y")), QKeySequence(tr("Ctrl+Shift+Z"))})
            if (!keys.contains(k)) keys << k;
        redo->setShortcuts(keys);
    }

    auto* finder = new FindNodeBox(m_view, [this](const NodeId& id) {
        m_scene->selectNode(id);
        m_view->centerOnNode(id);
        m_view->setFocus();
    });
    auto* find = new QAction(tr("&Find Node…"), this);
    find->setObjectName(QStringLiteral("findNode"));
    find->setShortcut(QKeySequence::Find);
    find->setStatusTip(tr("Find a node by name or id and show it"));
    connect(find, &QAction::triggered, finder, &FindNodeBox::open);
    m_actions.insert(QStringLiteral("findNode"), find);
    addAction(find);

    auto* shortcuts = new QAction(tr("&Keyboard Shortcuts"), this);
    shortcuts->setObjectName(QStringLiteral("keyboardShortcuts"));
    shortcuts->setShortcut(QKeySequence(tr("Ctrl+/")));
    connect(shortcuts, &QAction::triggered, this, &MainWindow::showKeyboardShortcuts);
    m_actions.insert(QStringLiteral("keyboardShortcuts"), shortcuts);
    addAction(shortcuts);

    auto* reset = new QAction(tr("&Reset Layout"), this);
    reset->setObjectName(QStringLiteral("resetLayout"));
    reset->setStatusTip(tr("Put the palette, inspector and bottom panels back where they start"));
    connect(reset, &QAction::triggered, this, &MainWindow::resetLayout);
    m_actions.insert(QStringLiteral("resetLayout"), reset);
    addAction(reset);

    connect(m_view, &DiagramView::inspectRequested, this, [this] {
        m_inspectorDock->show();
        m_inspectorDock->raise();
        m_inspector->setFocus();
    });
    connect(m_view, &DiagramView::arrangeRequested, this, [this] {
        if (QAction* a = m_actions.value(QStringLiteral("arrange"))) a->trigger();
    });
}

void MainWindow::followRunForDesigner()
{
    // While a run exists (the canvas read-only, setEditingLocked) the run's summary takes the
    // status bar's room from the navigation hint.
    auto* hint = statusBar()->findChild<QLabel*>(QStringLiteral("navigationHint"));
    connect(m_runController, &RunController::runStarted, this, [hint] { hint->hide(); });
    connect(m_runController, &RunController::runEnded, this, [hint] { hint->show(); });
}

void MainWindow::addDesignerMenus()
{
    QAction* startPage = createStartPageAction();
    for (QAction* menu : menuBar()->actions()) {
        if (!menu->menu()) continue;
        const QString title = menu->text().remove(QLatin1Char('&'));
        if (title == tr("File")) {
            menu->menu()->insertAction(m_examplesMenu->menuAction(), startPage);
        } else if (title == tr("Edit")) {
            menu->menu()->addSeparator();
            menu->menu()->addAction(m_actions.value(QStringLiteral("findNode")));
        } else if (title == tr("View")) {
            menu->menu()->addAction(m_actions.value(QStringLiteral("resetLayout")));
        } else if (title == tr("Help")) {
            menu->menu()->insertAction(menu->menu()->actions().value(0),
                                       m_actions.value(QStringLiteral("keyboardShortcuts")));
            menu->menu()->insertAction(menu->menu()->actions().value(0), startPage);
        }
    }
}

QList<QPair<QString, QString>> MainWindow::keyboardShortcuts() const
{
    QList<QPair<QString, QString>> rows;
    QList<QAction*> actions = m_actions.values();
    for (QDockWidget* dock : {m_paletteDock, m_inspectorDock, m_bottomDock}) actions << dock->toggleViewAction();
    for (QAction* a : findChildren<QAction*>())
        if (!actions.contains(a) && !a->shortcut().isEmpty()) actions << a;
    for (QAction* a : actions) {
        if (!a || a->shortcuts().isEmpty()) continue;
        QStringList keys;
        for (const QKeySequence& k : a->shortcuts()) keys << k.toString(QKeySequence::NativeText);
        QString what = a->text().remove(QLatin1Char('&')).remove(QStringLiteral("…"));
        if (a == m_actions.value(QStringLiteral("undo"))) what = tr("Undo");
        if (a == m_actions.value(QStringLiteral("redo"))) what = tr("Redo");
        rows.append({what, keys.join(QStringLiteral(", "))});
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    // Canvas gestures and keys that are not menu actions.
    const QList<QPair<QString, QString>> canvas = {
        {tr("Canvas: pan"), tr("Middle-drag, or Space + drag")},
        {tr("Canvas: zoom around the cursor"), tr("Mouse wheel")},
        {tr("Canvas: move the selection a grid step"), tr("Arrow keys")},
        {tr("Canvas: move the selection one pixel"), tr("Shift+Arrow keys")},
        {tr("Canvas: rename a node in place"), tr("Double-click the card, or F2 in its menu")},
        {tr("Canvas: connect"), tr("Drag from a card's right port; let go on empty canvas to add a node")},
        {tr("Canvas: context menu"), tr("Right-click a node, an edge or the canvas")},
        {tr("Canvas: cancel a wire, clear the selection"), tr("Esc")},
    };
    rows.append(canvas);
    return rows;
}

void MainWindow::showKeyboardShortcuts()
{
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("shortcutsDialog"));
    dialog->setWindowTitle(tr("Keyboard Shortcuts"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto* layout = new QVBoxLayout(dialog);
    const auto rows = keyboardShortcuts();
    auto* table = new QTableWidget(int(rows.size()), 2, dialog);
    table->setObjectName(QStringLiteral("shortcutsTable"));
    table->setHorizontalHeaderLabels({tr("Command"), tr("Keys")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    for (int i = 0; i < int(rows.size()); ++i) {
        table->setItem(i, 0, new QTableWidgetItem(rows[i].first));
        table->setItem(i, 1, new QTableWidgetItem(rows[i].second));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(table);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    layout->addWidget(buttons);
    dialog->resize(620, 560);
    dialog->show();
}

// ---- dock layout ----

QString MainWindow::layoutKey(const char* what) const
{
    // One saved layout per screen scale: docks sized at 200% must not come back at 100%.
    const int percent = qRound(devicePixelRatioF() * 100);
    return QStringLiteral("window/%1@%2").arg(QString::fromLatin1(what)).arg(percent);
}

void MainWindow::applyDockMinimums()
{
    // Wide enough for the palette's names and the inspector's editors at any scale.
    const QFontMetrics fm = fontMetrics();
    m_paletteDock->setMinimumWidth(std::max(180, fm.horizontalAdvance(QStringLiteral("Decoupled worker")) + 80));
    m_inspectorDock->setMinimumWidth(std::max(280, fm.horizontalAdvance(QStringLiteral("Visibility timeout")) * 2));
}

void MainWindow::resetLayout()
{
    for (QDockWidget* dock : {m_paletteDock, m_inspectorDock, m_bottomDock}) {
        dock->setFloating(false);
        dock->show();
    }
    if (!m_defaultState.isEmpty()) restoreState(m_defaultState);
    resizeDocks({m_paletteDock, m_inspectorDock}, {230, 360}, Qt::Horizontal);
    resizeDocks({m_bottomDock}, {190}, Qt::Vertical);
    saveLayout();
}

}  // namespace ml::ui
