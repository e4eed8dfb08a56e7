// StringList values: check boxes when the Catalog lists the allowed items (bucket events), else
// an editable list with add and remove buttons (a router edge's actions, a client's users). A
// router edge's actions complete from the routes of the gateways that invoke the router, and
// the add button offers the ones no item names yet.
#include "Theme.h"
#include "inspector/ValueEditor.h"
#include "model/RouteActions.h"

#include <QCompleter>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QStringListModel>
#include <QStyledItemDelegate>
#include <QToolButton>
#include <QVBoxLayout>

namespace ml::ui {

namespace {

QStringList toStrings(const Json& value)
{
    QStringList out;
    if (value.is_array())
        for (const Json& v : value) out << (v.is_string() ? toQString(v.get<std::string>()) : jsonToText(v));
    return out;
}

// Item editors that complete from a list the editor keeps current.
class CompletingDelegate : public QStyledItemDelegate {
public:
    CompletingDelegate(QStringListModel* words, QObject* parent) : QStyledItemDelegate(parent), m_words(words) {}

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QWidget* editor = QStyledItemDelegate::createEditor(parent, option, index);
        if (auto* line = qobject_cast<QLineEdit*>(editor); line && m_words->rowCount() > 0) {
            auto* completer = new QCompleter(m_words, line);
            completer->setCaseSensitivity(Qt::CaseInsensitive);
            completer->setFilterMode(Qt::MatchContains);
            completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
            line->setCompleter(completer);
        }
        return editor;
    }

private:
    QStringListModel* m_words;
};

class StringListEditor : public ValueEditor {
public:
    StringListEditor(const ConfigKey& key, QWidget* parent) : ValueEditor(key, parent)
    {
        auto* layout = new QHBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(4);
        m_list = new QListWidget(this);
        m_list->setFrameShape(QFrame::StyledPanel);
        m_list->setSelectionMode(QAbstractItemView::SingleSelection);
        m_list->setEditTriggers(key.enumValues.isEmpty()
                                    ? QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                                          QAbstractItemView::SelectedClicked
                                    : QAbstractItemView::NoEditTriggers);
        layout->addWidget(m_list, 1);
        setFocusProxy(m_list);
        m_completions = new QStringListModel(this);
        m_list->setItemDelegate(new CompletingDelegate(m_completions, m_list));

        if (key.enumValues.isEmpty()) {
            auto* buttons = new QVBoxLayout;
            buttons->setSpacing(2);
            m_add = new QToolButton(this);
            m_add->setIcon(uiIcon(QStringLiteral("add")));
            m_add->setToolTip(tr("Add an item"));
            m_remove = new QToolButton(this);
            m_remove->setIcon(uiIcon(QStringLiteral("remove")));
            m_remove->setToolTip(tr("Remove the selected item"));
            buttons->addWidget(m_add);
            buttons->addWidget(m_remove);
            buttons->addStretch();
            layout->addLayout(buttons);
            connect(m_add, &QToolButton::clicked, this, [this] { addFromMenu(); });
            connect(m_remove, &QToolButton::clicked, this, [this] {
                delete m_list->currentItem();
                touched();
            });
        }
        connect(m_list, &QListWidget::itemChanged, this, [this] {
            if (!m_filling) touched();
        });
    }

    // An open item editor commits when it loses the focus, also while the inspector goes away.
    ~StringListEditor() override { m_filling = true; }

    void setValue(const Json& explicitValue) override
    {
        m_filling = true;
        m_list->clear();
        m_unset = !explicitValue.is_array();
        const QStringList values = toStrings(m_unset ? m_key.defaultValue : explicitValue);
        if (!m_key.enumValues.isEmpty()) {
            QStringList all = m_key.enumValues;
            for (const QString& v : values)
                if (!all.contains(v)) all << v;
            for (const QString& v : all) {
                auto* item = new QListWidgetItem(v, m_list);
                item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
                item->setSizeHint(QSize(0, rowHeight()));
                item->setCheckState(values.contains(v) ? Qt::Checked : Qt::Unchecked);
            }
        } else {
            for (const QString& v : values) makeItem(v);
        }
        m_filling = false;
        fitHeight();
    }

    Result<Json> draft() const override
    {
        Json out = Json::array();
        for (int i = 0; i < m_list->count(); ++i) {
            const QListWidgetItem* item = m_list->item(i);
            if (!m_key.enumValues.isEmpty() && item->checkState() != Qt::Checked) continue;
            const QString text = item->text().trimmed();
            if (!text.isEmpty()) out.push_back(toStd(text));
        }
        return out;
    }

    QWidget* inputWidget() const override { return m_list; }

    void setDiagram(const Diagram* diagram, const NodeId& self) override
    {
        // Only a router edge's `actions` has words to offer: the actions its gateways' routes send.
        const QStringList words =
            diagram && m_key.name == QLatin1String("actions") ? routes::actionsSentTo(*diagram, self) : QStringList();
        m_completions->setStringList(words);
        m_list->setProperty("completions", words);
    }

private:
    QStringList currentItems() const
    {
        QStringList out;
        for (int i = 0; i < m_list->count(); ++i) out << m_list->item(i)->text().trimmed();
        return out;
    }

    // With completions, the add button offers the ones not listed yet (and a blank item);
    // without, it adds a blank item to type into.
    void addFromMenu()
    {
        QStringList offer;
        const QStringList have = currentItems();
        for (const QString& w : m_completions->stringList())
            if (!have.contains(w)) offer << w;
        if (offer.isEmpty()) return addItem();
        QMenu menu(this);
        menu.setObjectName(QStringLiteral("completionMenu"));
        for (const QString& w : offer) menu.addAction(w);
        menu.addSeparator();
        QAction* other = menu.addAction(tr("Other…"));
        QAction* picked = menu.exec(m_add->mapToGlobal(QPoint(0, m_add->height())));
        if (!picked) return;
        if (picked == other) return addItem();
        m_filling = true;
        makeItem(picked->text())->setForeground(palette().color(QPalette::Text));
        m_filling = false;
        touched();
    }

    QListWidgetItem* makeItem(const QString& text)
    {
        auto* item = new QListWidgetItem(text, m_list);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable);
        item->setSizeHint(QSize(0, rowHeight()));
        if (m_unset) item->setForeground(mutedTextColor());  // the default, not (yet) the file's
        return item;
    }

    void addItem()
    {
        m_filling = true;
        QListWidgetItem* item = makeItem(QString());
        item->setForeground(palette().color(QPalette::Text));
        m_filling = false;
        fitHeight();
        m_list->setCurrentItem(item);
        m_list->editItem(item);
    }

    void touched()
    {
        fitHeight();
        emit draftChanged();
        emit commitRequested();
    }

    int rowHeight() const { return fontMetrics().height() + 8; }

    void fitHeight()
    {
        const int rows = std::clamp(m_list->count(), 2, 6);
        m_list->setFixedHeight(rows * rowHeight() + 2 * m_list->frameWidth() + 2);
    }

    QListWidget* m_list;
    QStringListModel* m_completions;
    QToolButton* m_add = nullptr;
    QToolButton* m_remove = nullptr;
    bool m_filling = false;
    bool m_unset = true;
};

}  // namespace

ValueEditor* createStringListEditor(const ConfigKey& key, QWidget* parent) { return new StringListEditor(key, parent); }

}  // namespace ml::ui
