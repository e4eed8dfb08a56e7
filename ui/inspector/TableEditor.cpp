// Lists of records as a small table: an API gateway's routes, a gatekeeper's policy rules and a
// client's requests or messages. One row per record, a combo box where the value is a choice,
// "a, b" text for lists, JSON text for bodies (checked as typed); keys the table does not show
// are kept with their row. Tab moves to the next cell keeping what was typed, typing starts
// editing, columns fit their content; a client's paths complete from its gateway's routes.
#include "Theme.h"
#include "format/JsonText.h"
#include "inspector/ValueEditor.h"
#include "model/KindTraits.h"

#include <QComboBox>
#include <QCompleter>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QStringListModel>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace ml::ui {

namespace {

struct Column {
    enum Kind { Text, Choice, List, JsonText, Number };
    const char* key;
    QString title;
    Kind kind;
    QStringList choices;
};

const QStringList& methods()
{
    static const QStringList m{QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                               QStringLiteral("PATCH"), QStringLiteral("DELETE")};
    return m;
}

std::vector<Column> columnsFor(ValueType type)
{
    if (type == ValueType::Requests)
        return {{"method", QObject::tr("Method"), Column::Choice, methods()},
                {"path", QObject::tr("Path"), Column::Text, {}},
                {"body", QObject::tr("Body (JSON)"), Column::JsonText, {}},
                {"weight", QObject::tr("Weight"), Column::Number, {}}};
    if (type == ValueType::Messages)
        return {{"body", QObject::tr("Body (JSON)"), Column::JsonText, {}},
                {"groupId", QObject::tr("Group"), Column::Text, {}},
                {"key", QObject::tr("Key"), Column::Text, {}},
                {"weight", QObject::tr("Weight"), Column::Number, {}}};
    if (type == ValueType::Policy)
        return {{"principal", QObject::tr("Principal"), Column::Text, {}},
                {"actions", QObject::tr("Actions"), Column::List, {}},
                {"effect", QObject::tr("Effect"), Column::Choice, {QStringLiteral("allow"), QStringLiteral("deny")}}};
    return {{"method",
             QObject::tr("Method"),
             Column::Choice,
             {QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"), QStringLiteral("PATCH"),
              QStringLiteral("DELETE"), QStringLiteral("ANY")}},
            {"path", QObject::tr("Path"), Column::Text, {}},
            {"action", QObject::tr("Action"), Column::Text, {}},
            {"required", QObject::tr("Required"), Column::List, {}}};
}

// Cell editors of one column complete from a list the table keeps current (a client's paths).
class CompletingDelegate : public QStyledItemDelegate {
public:
    CompletingDelegate(int column, QStringListModel* words, QObject* parent)
        : QStyledItemDelegate(parent), m_column(column), m_words(words)
    {
    }

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QWidget* editor = QStyledItemDelegate::createEditor(parent, option, index);
        if (auto* line = qobject_cast<QLineEdit*>(editor); line && index.column() == m_column) {
            auto* completer = new QCompleter(m_words, line);
            completer->setCaseSensitivity(Qt::CaseInsensitive);
            completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
            line->setCompleter(completer);
        }
        return editor;
    }

private:
    int m_column;
    QStringListModel* m_words;
};

class TableEditor : public ValueEditor {
public:
    TableEditor(const ConfigKey& key, QWidget* parent) : ValueEditor(key, parent), m_columns(columnsFor(key.type))
    {
        // The inspector is narrow: the table takes the full width, the buttons go under it.
        auto* layout = new QVBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(2);
        m_table = new QTableWidget(0, int(m_columns.size()), this);
        QStringList titles;
        for (const Column& c : m_columns) titles << c.title;
        m_table->setHorizontalHeaderLabels(titles);
        m_table->verticalHeader()->hide();
        m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
        m_table->setSelectionMode(QAbstractItemView::SingleSelection);
        // Typing starts editing, a click on the current cell too; Tab walks the cells.
        m_table->setEditTriggers(QAbstractItemView::AllEditTriggers);
        m_table->setTabKeyNavigation(true);
        m_table->setFrameShape(QFrame::StyledPanel);
        m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
        m_table->setWordWrap(false);
        m_table->horizontalHeader()->setHighlightSections(false);
        // Columns fit their content (no "/ord…"); the last takes what is left.
        for (int c = 0; c < int(m_columns.size()); ++c)
            m_table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
        m_table->horizontalHeader()->setStretchLastSection(true);
        m_paths = new QStringListModel(this);
        for (int c = 0; c < int(m_columns.size()); ++c)
            if (QLatin1String(m_columns[size_t(c)].key) == QLatin1String("path") && key.type == ValueType::Requests)
                m_table->setItemDelegateForColumn(c, new CompletingDelegate(c, m_paths, m_table));
        m_table->setToolTip(
            key.type == ValueType::Policy     ? tr("Principal: user:NAME, role:NAME or *. Actions: comma-separated. "
                                                       "Default deny; deny wins.")
            : key.type == ValueType::Requests ? tr("Path: one of the gateway's routes ({id} filled in). Body: JSON. "
                                                   "Weight: how often, relative to the other rows.")
            : key.type == ValueType::Messages
                ? tr("Body: JSON. Group: FIFO message group. Key: a bucket object key. "
                     "Weight: how often, relative to the other rows.")
                : tr("Path may hold {parameters}. Required: comma-separated body fields."));
        layout->addWidget(m_table, 1);
        setFocusProxy(m_table);

        auto* buttons = new QHBoxLayout;
        buttons->setSpacing(2);
        auto* add = new QToolButton(this);
        add->setIcon(uiIcon(QStringLiteral("add")));
        add->setText(key.type == ValueType::Policy     ? tr("Add rule")
                     : key.type == ValueType::Routes   ? tr("Add route")
                     : key.type == ValueType::Requests ? tr("Add request")
                                                       : tr("Add message"));
        add->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        add->setAutoRaise(true);
        auto* remove = new QToolButton(this);
        remove->setIcon(uiIcon(QStringLiteral("remove")));
        remove->setText(tr("Remove"));
        remove->setToolTip(tr("Remove the selected row"));
        remove->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        remove->setAutoRaise(true);
        buttons->addWidget(add);
        buttons->addWidget(remove);
        buttons->addStretch();
        layout->addLayout(buttons);

        connect(add, &QToolButton::clicked, this, [this] {
            Json row = Json::object();
            if (m_key.type == ValueType::Policy)
                row["effect"] = "allow";
            else if (m_key.type != ValueType::Messages)
                row["method"] = "GET";
            appendRow(row);
            fitHeight();
            const int textColumn = m_key.type == ValueType::Policy || m_key.type == ValueType::Messages ? 0 : 1;
            m_table->setCurrentCell(m_table->rowCount() - 1, textColumn);
            m_table->editItem(m_table->item(m_table->rowCount() - 1, textColumn));
            touched();
        });
        connect(remove, &QToolButton::clicked, this, [this] {
            const int row = m_table->currentRow();
            if (row < 0) return;
            m_table->removeRow(row);
            m_extras.erase(m_extras.begin() + row);
            fitHeight();
            touched();
        });
        connect(m_table, &QTableWidget::itemChanged, this, [this] {
            if (!m_filling) touched();
        });
    }

    // An open cell editor commits when it loses the focus, also while the inspector is being
    // destroyed; by then there is nothing left to write to.
    ~TableEditor() override { m_filling = true; }

    void setValue(const Json& explicitValue) override
    {
        // The model echoing back what this table just committed (Tab out of a cell commits)
        // must not rebuild it: that would close the next cell's editor and drop the focus.
        const Json wanted = explicitValue.is_array() ? explicitValue : Json::array();
        if (const Result<Json> current = draft(); current && *current == wanted && m_table->rowCount() > 0) return;
        m_filling = true;
        m_table->setRowCount(0);
        m_extras.clear();
        if (explicitValue.is_array())
            for (const Json& row : explicitValue) appendRow(row.is_object() ? row : Json::object());
        m_filling = false;
        fitHeight();
    }

    Result<Json> draft() const override
    {
        Json out = Json::array();
        for (int r = 0; r < m_table->rowCount(); ++r) {
            Json row = Json::object();
            for (int c = 0; c < int(m_columns.size()); ++c) {
                const Column& col = m_columns[size_t(c)];
                if (col.kind == Column::Choice) {
                    auto* combo = qobject_cast<QComboBox*>(m_table->cellWidget(r, c));
                    if (combo) row[col.key] = toStd(combo->currentText());
                    continue;
                }
                const QString text = m_table->item(r, c) ? m_table->item(r, c)->text().trimmed() : QString();
                if (text.isEmpty()) continue;
                if (col.kind == Column::List) {
                    Json list = Json::array();
                    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
                        if (!part.trimmed().isEmpty()) list.push_back(toStd(part.trimmed()));
                    row[col.key] = list;
                } else if (col.kind == Column::JsonText) {
                    Result<Json> parsed = jsontext::parse(text.toUtf8());
                    if (!parsed)
                        return Error::at(
                            QStringLiteral("/%1/%2").arg(r).arg(QLatin1String(col.key)),
                            tr("row %1, %2: not JSON (%3)").arg(r + 1).arg(col.title, parsed.error().message));
                    row[col.key] = *parsed;
                } else if (col.kind == Column::Number) {
                    bool ok = false;
                    const double v = text.toDouble(&ok);
                    if (!ok)
                        return Error::at(QStringLiteral("/%1/%2").arg(r).arg(QLatin1String(col.key)),
                                         tr("row %1, %2: expected a number").arg(r + 1).arg(col.title));
                    if (v == std::floor(v) && std::abs(v) < 1e15)
                        row[col.key] = qint64(v);
                    else
                        row[col.key] = v;
                } else {
                    row[col.key] = toStd(text);
                }
            }
            for (auto it = m_extras[size_t(r)].begin(); it != m_extras[size_t(r)].end(); ++it)
                if (!row.contains(it.key())) row[it.key()] = it.value();
            out.push_back(row);
        }
        return out;
    }

    QWidget* inputWidget() const override { return m_table; }

    void setDiagram(const Diagram* diagram, const NodeId& self) override
    {
        // A client's request paths complete from the routes of the gateways it is wired to.
        QStringList paths;
        if (diagram && m_key.type == ValueType::Requests)
            for (const Edge* e : diagram->edgesFrom(self)) {
                const Node* to = diagram->node(e->to);
                if (!to || !traits::servesRoutes(to->kind)) continue;
                const auto routes = to->config.find("routes");
                if (routes == to->config.end() || !routes->is_array()) continue;
                for (const Json& r : *routes)
                    if (r.is_object() && r.contains("path") && r["path"].is_string()) {
                        const QString path = toQString(r["path"].get<std::string>());
                        if (!paths.contains(path)) paths << path;
                    }
            }
        m_paths->setStringList(paths);
        m_table->setProperty("pathCompletions", paths);
    }

private:
    void appendRow(const Json& row)
    {
        const bool wasFilling = m_filling;
        m_filling = true;
        const int r = m_table->rowCount();
        m_table->insertRow(r);
        Json extra = row;
        for (int c = 0; c < int(m_columns.size()); ++c) {
            const Column& col = m_columns[size_t(c)];
            const Json value = row.contains(col.key) ? row[col.key] : Json();
            extra.erase(col.key);
            if (col.kind == Column::Choice) {
                auto* combo = new QComboBox(m_table);
                combo->setFrame(false);
                combo->addItems(col.choices);
                const QString v = value.is_string() ? toQString(value.get<std::string>()) : QString();
                if (!v.isEmpty() && combo->findText(v) < 0) combo->addItem(v);
                combo->setCurrentIndex(v.isEmpty() ? 0 : combo->findText(v));
                connect(combo, &QComboBox::activated, this, [this] { touched(); });
                m_table->setCellWidget(r, c, combo);
                continue;
            }
            QString text;
            if (col.kind == Column::List && value.is_array()) {
                QStringList parts;
                for (const Json& v : value) parts << jsonToText(v);
                text = parts.join(QStringLiteral(", "));
            } else if (col.kind == Column::JsonText) {
                text = value.is_null() ? QString() : QString::fromStdString(value.dump());
            } else {
                text = jsonToText(value);
            }
            auto* item = new QTableWidgetItem(text);
            item->setToolTip(text);
            m_table->setItem(r, c, item);
        }
        m_extras.push_back(extra);
        m_filling = wasFilling;
    }

    void touched()
    {
        emit draftChanged();
        emit commitRequested();
    }

    void fitHeight()
    {
        const int rows = std::clamp(m_table->rowCount(), 2, 8);
        const int rowHeight = m_table->verticalHeader()->defaultSectionSize();
        m_table->setFixedHeight(m_table->horizontalHeader()->sizeHint().height() + rows * rowHeight +
                                2 * m_table->frameWidth() + 2);
    }

    std::vector<Column> m_columns;
    QTableWidget* m_table;
    QStringListModel* m_paths;
    std::vector<Json> m_extras;  // per row: the keys the table does not show
    bool m_filling = false;
};

}  // namespace

ValueEditor* createTableEditor(const ConfigKey& key, QWidget* parent) { return new TableEditor(key, parent); }

}  // namespace ml::ui
