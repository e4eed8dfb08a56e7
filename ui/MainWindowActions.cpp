// The window's actions, menus and toolbar: File, Edit, View (zoom, grid, align, panels, theme)
// and Help. The canvas does the work; these only route to it.
#include "MainWindow.h"
#include "canvas/DiagramScene.h"
#include "canvas/DiagramView.h"
#include "commands/ArrangeCommand.h"
#include "export/ExportDialog.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QFileInfo>
#include <QMenuBar>
#include <QSettings>
#include <QToolBar>

#include <memory>

namespace ml::ui {

void MainWindow::createActions()
{
    auto make = [this](const QString& name, const QString& text, const QString& icon = QString(),
                       const QKeySequence& key = QKeySequence(), const QString& tip = QString()) {
        auto* a = new QAction(text, this);
        a->setObjectName(name);
        if (!key.isEmpty()) a->setShortcut(key);
        a->setStatusTip(tip);
        if (!tip.isEmpty() || !key.isEmpty()) {
            QString t = QString(text).remove(QLatin1Char('&')).remove(QStringLiteral("…"));
            if (!key.isEmpty()) t += QStringLiteral("  (%1)").arg(key.toString(QKeySequence::NativeText));
            a->setToolTip(t);
        }
        if (!icon.isEmpty()) m_actionIcons.insert(a, icon);
        m_actions.insert(name, a);
        addAction(a);  // shortcuts work even with the menu bar hidden
        return a;
    };

    connect(
        make(QStringLiteral("new"), tr("&New"), QStringLiteral("new"), QKeySequence::New, tr("Start an empty diagram")),
        &QAction::triggered, this, &MainWindow::newDocument);
    connect(make(QStringLiteral("open"), tr("&Open…"), QStringLiteral("open"), QKeySequence::Open,
                 tr("Open a project file")),
            &QAction::triggered, this, &MainWindow::open);
    connect(
        make(QStringLiteral("save"), tr("&Save"), QStringLiteral("save"), QKeySequence::Save, tr("Save the diagram")),
        &QAction::triggered, this, &MainWindow::save);
    connect(make(QStringLiteral("saveAs"), tr("Save &As…"), QString(), QKeySequence::SaveAs,
                 tr("Save the diagram under a new name")),
            &QAction::triggered, this, &MainWindow::saveAs);
    connect(make(QStringLiteral("importTemplate"), tr("&Import Template…"), QString(), QKeySequence(),
                 tr("Open a SAM or CloudFormation template (YAML or JSON) as a new diagram")),
            &QAction::triggered, this, &MainWindow::importTemplate);
    connect(make(QStringLiteral("arrange"), tr("A&rrange"), QString(), QKeySequence(tr("Ctrl+Shift+L")),
                 tr("Lay the diagram out left to right: clients first, stores last, dead-letter queues below")),
            &QAction::triggered, this, [this] {
                if (editingLocked()) return;
                auto command = std::make_unique<ArrangeCommand>(m_model);
                if (command->movesAnything()) m_undo->push(command.release());
            });
    connect(make(QStringLiteral("export"), tr("&Export…"), QString(), QKeySequence(QStringLiteral("Ctrl+E")),
                 tr("Export the diagram as a SAM or CloudFormation template, Mermaid, Graphviz, SVG or PNG")),
            &QAction::triggered, this, [this] {
                ExportDialog dialog(m_model->diagram(), m_scene ? m_scene->selectedNodes() : std::vector<NodeId>{},
                                    this);
                dialog.exec();
            });
    QAction* quit = make(QStringLiteral("quit"), tr("&Quit"), QString(), QKeySequence::Quit, tr("Close Microlab"));
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    // Not QUndoStack::createUndoAction: that one enables itself whenever the stack can undo,
    // even while a run holds the diagram read-only (updateEditActions decides instead).
    QAction* undo = make(QStringLiteral("undo"), tr("&Undo"), QStringLiteral("undo"), QKeySequence::Undo);
    connect(undo, &QAction::triggered, this, [this] {
        if (!editingLocked()) m_undo->undo();
    });
    QAction* redo = make(QStringLiteral("redo"), tr("&Redo"), QStringLiteral("redo"), QKeySequence::Redo);
    connect(redo, &QAction::triggered, this, [this] {
        if (!editingLocked()) m_undo->redo();
    });
    auto name = [](const QString& verb, const QString& what) {
        return what.isEmpty() ? verb : QStringLiteral("%1 %2").arg(verb, what);
    };
    connect(m_undo, &QUndoStack::undoTextChanged, undo,
            [undo, name](const QString& what) { undo->setText(name(tr("&Undo"), what)); });
    connect(m_undo, &QUndoStack::redoTextChanged, redo,
            [redo, name](const QString& what) { redo->setText(name(tr("&Redo"), what)); });
    connect(m_undo, &QUndoStack::canUndoChanged, this, &MainWindow::updateEditActions);
    connect(m_undo, &QUndoStack::canRedoChanged, this, &MainWindow::updateEditActions);

    DiagramView* v = m_view;
    connect(make(QStringLiteral("cut"), tr("Cu&t"), QStringLiteral("cut"), QKeySequence::Cut), &QAction::triggered, v,
            &DiagramView::cutSelection);
    connect(make(QStringLiteral("copy"), tr("&Copy"), QStringLiteral("copy"), QKeySequence::Copy), &QAction::triggered,
            v, &DiagramView::copySelection);
    connect(make(QStringLiteral("paste"), tr("&Paste"), QStringLiteral("paste"), QKeySequence::Paste),
            &QAction::triggered, v, &DiagramView::paste);
    connect(make(QStringLiteral("duplicate"), tr("D&uplicate"), QStringLiteral("duplicate"), QKeySequence(tr("Ctrl+D")),
                 tr("Copy the selection with new ids")),
            &QAction::triggered, v, &DiagramView::duplicateSelection);
    connect(make(QStringLiteral("delete"), tr("&Delete"), QStringLiteral("delete"), QKeySequence::Delete,
                 tr("Delete the selected nodes and edges")),
            &QAction::triggered, v, &DiagramView::deleteSelection);
    connect(make(QStringLiteral("selectAll"), tr("Select &All"), QString(), QKeySequence::SelectAll),
            &QAction::triggered, v, &DiagramView::selectAll);

    connect(make(QStringLiteral("zoomIn"), tr("Zoom &In"), QStringLiteral("zoom-in"), QKeySequence::ZoomIn),
            &QAction::triggered, v, &DiagramView::zoomIn);
    connect(make(QStringLiteral("zoomOut"), tr("Zoom &Out"), QStringLiteral("zoom-out"), QKeySequence::ZoomOut),
            &QAction::triggered, v, &DiagramView::zoomOut);
    connect(make(QStringLiteral("zoomFit"), tr("Zoom to &Fit"), QStringLiteral("zoom-fit"), QKeySequence(tr("Ctrl+0")),
                 tr("Show the whole diagram")),
            &QAction::triggered, v, &DiagramView::zoomToFit);
    connect(make(QStringLiteral("zoomReset"), tr("&Actual Size"), QStringLiteral("zoom-reset"),
                 QKeySequence(tr("Ctrl+1")), tr("Zoom to 100%")),
            &QAction::triggered, v, &DiagramView::resetZoom);
    QAction* snap = make(QStringLiteral("snap"), tr("&Snap to Grid"), QStringLiteral("grid"), QKeySequence(),
                         tr("Moved and dropped nodes snap to the grid"));
    snap->setCheckable(true);
    connect(snap, &QAction::toggled, v, &DiagramView::setSnapToGrid);
    connect(snap, &QAction::toggled, this, [this](bool on) {
        if (m_interactive) QSettings().setValue(QStringLiteral("view/snapToGrid"), on);
    });

    connect(make(QStringLiteral("alignLeft"), tr("Align &Left"), QStringLiteral("align-left")), &QAction::triggered, v,
            &DiagramView::alignLeft);
    connect(make(QStringLiteral("alignTop"), tr("Align &Top"), QStringLiteral("align-top")), &QAction::triggered, v,
            &DiagramView::alignTop);
    connect(make(QStringLiteral("alignCenterH"), tr("Align Centres &Horizontally"), QStringLiteral("align-hcenter")),
            &QAction::triggered, v, &DiagramView::alignCenterHorizontal);
    connect(make(QStringLiteral("alignCenterV"), tr("Align Centres &Vertically"), QStringLiteral("align-vcenter")),
            &QAction::triggered, v, &DiagramView::alignCenterVertical);
    connect(make(QStringLiteral("distributeH"), tr("Distribute H&orizontally"), QStringLiteral("distribute-h")),
            &QAction::triggered, v, &DiagramView::distributeHorizontally);
    connect(make(QStringLiteral("distributeV"), tr("Distribute V&ertically"), QStringLiteral("distribute-v")),
            &QAction::triggered, v, &DiagramView::distributeVertically);

    m_themeGroup = new QActionGroup(this);
    m_themeGroup->setExclusive(true);
    const std::pair<ThemeMode, QString> themes[] = {
        {ThemeMode::System, tr("&System")}, {ThemeMode::Light, tr("&Light")}, {ThemeMode::Dark, tr("&Dark")}};
    for (const auto& [mode, text] : themes) {
        QAction* a = make(QStringLiteral("theme-") + themeModeName(mode), text);
        a->setCheckable(true);
        a->setChecked(themeMode() == mode);
        m_themeGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, mode = mode] { setTheme(mode); });
    }

    QAction* about = make(QStringLiteral("about"), tr("&About Microlab"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Microlab"),
                           tr("<h3>Microlab %1</h3><p>Design, run and watch serverless microservice "
                              "architectures: API gateways, functions, queues, topics, tables and buckets, "
                              "simulated offline in virtual time.</p>")
                               .arg(QApplication::applicationVersion()));
    });

    if (m_interactive) snap->setChecked(QSettings().value(QStringLiteral("view/snapToGrid"), false).toBool());
    updateActionIcons();
    updateEditActions();
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_actions[QStringLiteral("new")]);
    file->addAction(m_actions[QStringLiteral("open")]);
    file->addAction(m_actions[QStringLiteral("importTemplate")]);
    m_examplesMenu = file->addMenu(tr("Open &Example"));
    m_examplesMenu->setObjectName(QStringLiteral("examplesMenu"));
    connect(m_examplesMenu, &QMenu::aboutToShow, this, &MainWindow::updateExamplesMenu);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::updateRecentMenu);
    file->addSeparator();
    file->addAction(m_actions[QStringLiteral("save")]);
    file->addAction(m_actions[QStringLiteral("saveAs")]);
    file->addAction(m_actions[QStringLiteral("export")]);
    file->addSeparator();
    file->addAction(m_actions[QStringLiteral("quit")]);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    for (const char* name : {"undo", "redo", "", "cut", "copy", "paste", "duplicate", "delete", "", "selectAll"}) {
        if (!*name)
            edit->addSeparator();
        else
            edit->addAction(m_actions[QString::fromLatin1(name)]);
    }

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (const char* name : {"zoomIn", "zoomOut", "zoomFit", "zoomReset", "", "snap", "arrange"}) {
        if (!*name)
            view->addSeparator();
        else
            view->addAction(m_actions[QString::fromLatin1(name)]);
    }
    QMenu* align = view->addMenu(tr("&Align"));
    for (const char* name :
         {"alignLeft", "alignTop", "alignCenterH", "alignCenterV", "", "distributeH", "distributeV"}) {
        if (!*name)
            align->addSeparator();
        else
            align->addAction(m_actions[QString::fromLatin1(name)]);
    }
    view->addSeparator();
    QMenu* panels = view->addMenu(tr("&Panels"));
    QAction* paletteToggle = m_paletteDock->toggleViewAction();
    paletteToggle->setShortcut(QKeySequence(tr("Ctrl+Shift+P")));
    panels->addAction(paletteToggle);
    QAction* inspectorToggle = m_inspectorDock->toggleViewAction();
    inspectorToggle->setShortcut(QKeySequence(tr("Ctrl+Shift+I")));
    panels->addAction(inspectorToggle);
    QAction* bottomToggle = m_bottomDock->toggleViewAction();
    bottomToggle->setText(tr("Bottom Panels"));
    bottomToggle->setShortcut(QKeySequence(tr("Ctrl+Shift+M")));
    panels->addAction(bottomToggle);
    QMenu* theme = view->addMenu(tr("&Theme"));
    theme->addActions(m_themeGroup->actions());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_actions[QStringLiteral("about")]);
}

void MainWindow::createToolBar()
{
    m_toolBar = addToolBar(tr("Main"));
    m_toolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_toolBar->setMovable(false);
    m_toolBar->setIconSize(QSize(20, 20));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonIconOnly);
    for (const char* name : {"new", "open", "save", "", "undo", "redo", "", "duplicate", "delete", "", "zoomOut",
                             "zoomIn", "zoomFit", "", "snap", "alignLeft", "alignTop", "distributeH", "distributeV"}) {
        if (!*name)
            m_toolBar->addSeparator();
        else
            m_toolBar->addAction(m_actions[QString::fromLatin1(name)]);
    }
}

void MainWindow::updateActionIcons()
{
    for (auto it = m_actionIcons.begin(); it != m_actionIcons.end(); ++it) it.key()->setIcon(uiIcon(it.value()));
}

bool MainWindow::editingLocked() const { return m_scene && m_scene->isReadOnly(); }

void MainWindow::updateEditActions()
{
    // Every path that enables an edit action comes here and asks editingLocked(): selection
    // changes, the undo stack's signals, the end of a run.
    if (!m_scene) return;
    const bool open = !editingLocked();
    const size_t nodes = m_scene->selectedNodes().size();
    const size_t edges = m_scene->selectedEdges().size();
    auto enable = [this](const char* name, bool on) {
        if (QAction* a = m_actions.value(QString::fromLatin1(name))) a->setEnabled(on);
    };
    enable("copy", nodes + edges > 0);
    for (const char* name : {"cut", "duplicate", "delete"}) enable(name, open && nodes + edges > 0);
    for (const char* name : {"alignLeft", "alignTop", "alignCenterH", "alignCenterV"}) enable(name, open && nodes >= 2);
    for (const char* name : {"distributeH", "distributeV"}) enable(name, open && nodes >= 3);
    for (const char* name : {"new", "paste", "arrange"}) enable(name, open);
    enable("undo", open && m_undo->canUndo());
    enable("redo", open && m_undo->canRedo());
}

void MainWindow::setTheme(ThemeMode mode)
{
    applyTheme(mode);
    if (m_interactive) QSettings().setValue(QStringLiteral("view/theme"), themeModeName(mode));
    for (QAction* a : m_themeGroup->actions())
        a->setChecked(a->objectName() == QStringLiteral("theme-") + themeModeName(mode));
}

}  // namespace ml::ui
