// Lists of records as a small table: an API gateway's routes and a gatekeeper's policy rules.
// One row per record, a combo box where the value is a choice, "a, b" text for lists; keys the
// table does not show are kept with their row.
#include "Theme.h"
#include "inspector/ValueEditor.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace ml::ui {

namespace {

struct Column {
    enum Kind { Text, Choice, List };
    const char* key;
    QString title;
    Kind kind;
    QStringList choices;
};

std::vector<Column> columnsFor(ValueType type)
{
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
        m_table->setEditTriggers(QAbstractItemView::AllEditTriggers);
        m_table->setFrameShape(QFrame::StyledPanel);
        m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        m_table->setWordWrap(false);
        m_table->horizontalHeader()->setHighlightSections(false);
        for (int c = 0; c < int(m_columns.size()); ++c)
            m_table->horizontalHeader()->setSectionResizeMode(
                c, m_columns[size_t(c)].kind == Column::Choice ? QHeaderView::ResizeToContents : QHeaderView::Stretch);
        m_table->setToolTip(
            key.type == ValueType::Policy
                ? tr("Principal: user:NAME, role:NAME or *. Actions: comma-separated. Default deny; deny wins.")
                : tr("Path may hold {parameters}. Required: comma-separated body fields."));
        layout->addWidget(m_table, 1);
        setFocusProxy(m_table);

        auto* buttons = new QHBoxLayout;
        buttons->setSpacing(2);
        auto* add = new QToolButton(this);
        add->setIcon(uiIcon(QStringLiteral("add")));
        add->setText(key.type == ValueType::Policy ? tr("Add rule") : tr("Add route"));
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
            else
                row["method"] = "GET";
            appendRow(row);
            fitHeight();
            const int textColumn = m_key.type == ValueType::Policy ? 0 : 1;
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

    void setValue(const Json& explicitValue) override
    {
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
    std::vector<Json> m_extras;  // per row: the keys the table does not show
    bool m_filling = false;
};

}  // namespace

ValueEditor* createTableEditor(const ConfigKey& key, QWidget* parent) { return new TableEditor(key, parent); }

}  // namespace ml::ui
