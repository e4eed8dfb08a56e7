// StringList values: check boxes when the Catalog lists the allowed items (bucket events), else
// an editable list with add and remove buttons (a router edge's actions, a client's users).
#include "Theme.h"
#include "inspector/ValueEditor.h"

#include <QHBoxLayout>
#include <QListWidget>
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
            connect(m_add, &QToolButton::clicked, this, [this] { addItem(); });
            connect(m_remove, &QToolButton::clicked, this, [this] {
                delete m_list->currentItem();
                touched();
            });
        }
        connect(m_list, &QListWidget::itemChanged, this, [this] {
            if (!m_filling) touched();
        });
    }

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

private:
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
    QToolButton* m_add = nullptr;
    QToolButton* m_remove = nullptr;
    bool m_filling = false;
    bool m_unset = true;
};

}  // namespace

ValueEditor* createStringListEditor(const ConfigKey& key, QWidget* parent) { return new StringListEditor(key, parent); }

}  // namespace ml::ui
