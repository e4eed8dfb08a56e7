// Editors that pick rather than type: a check box for Boolean, a combo box for Enum, and a node
// picker for NodeRef. A pick commits at once.
#include "Theme.h"
#include "inspector/ValueEditor.h"
#include "model/Catalog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>

#include <algorithm>

namespace ml::ui {

namespace {

class BoolEditor : public ValueEditor {
public:
    BoolEditor(const ConfigKey& key, QWidget* parent) : ValueEditor(key, parent)
    {
        auto* layout = new QHBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        m_box = new QCheckBox(humanizeKey(key.name), this);
        layout->addWidget(m_box);
        setFocusProxy(m_box);
        connect(m_box, &QCheckBox::clicked, this, [this] {
            emit draftChanged();
            emit commitRequested();
        });
    }

    void setValue(const Json& explicitValue) override
    {
        const Json& v = explicitValue.is_boolean() ? explicitValue : m_key.defaultValue;
        m_box->setChecked(v.is_boolean() && v.get<bool>());
    }

    Result<Json> draft() const override { return Json(m_box->isChecked()); }
    QWidget* inputWidget() const override { return m_box; }

private:
    QCheckBox* m_box;
};

class EnumEditor : public ValueEditor {
public:
    EnumEditor(const ConfigKey& key, QWidget* parent) : ValueEditor(key, parent)
    {
        auto* layout = new QHBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        m_combo = new QComboBox(this);
        const QString def = key.defaultValue.is_string() ? toQString(key.defaultValue.get<std::string>()) : QString();
        for (const QString& v : key.enumValues) m_combo->addItem(v == def ? tr("%1 (default)").arg(v) : v, v);
        layout->addWidget(m_combo);
        setFocusProxy(m_combo);
        connect(m_combo, &QComboBox::activated, this, [this] {
            emit draftChanged();
            emit commitRequested();
        });
    }

    void setValue(const Json& explicitValue) override
    {
        const Json& v = explicitValue.is_string() ? explicitValue : m_key.defaultValue;
        const QString text = v.is_string() ? toQString(v.get<std::string>()) : QString();
        int index = m_combo->findData(text);
        if (index < 0 && !text.isEmpty()) {
            // A value the Catalog does not list (an old file): show it, so it is not lost by looking.
            m_combo->addItem(tr("%1 (not allowed)").arg(text), text);
            index = m_combo->count() - 1;
        }
        m_combo->setCurrentIndex(index);
    }

    Result<Json> draft() const override
    {
        const QString v = m_combo->currentData().toString();
        return v.isEmpty() ? Json() : Json(toStd(v));
    }

    QWidget* inputWidget() const override { return m_combo; }

private:
    QComboBox* m_combo;
};

class NodeRefEditor : public ValueEditor {
public:
    NodeRefEditor(const ConfigKey& key, QWidget* parent) : ValueEditor(key, parent)
    {
        auto* layout = new QHBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        m_combo = new QComboBox(this);
        m_combo->setIconSize(QSize(16, 16));
        layout->addWidget(m_combo);
        setFocusProxy(m_combo);
        connect(m_combo, &QComboBox::activated, this, [this] {
            emit draftChanged();
            emit commitRequested();
        });
    }

    void setDiagram(const Diagram* diagram, const NodeId& self) override
    {
        m_diagram = diagram;
        m_self = self;
    }

    void setValue(const Json& explicitValue) override
    {
        const QString value = explicitValue.is_string() ? toQString(explicitValue.get<std::string>()) : QString();
        m_combo->clear();
        m_combo->addItem(tr("None"), QString());
        if (m_diagram) {
            std::vector<const Node*> nodes;
            for (const Node& n : m_diagram->nodes())
                if (n.id != m_self) nodes.push_back(&n);
            // Queues first: the one NodeRef the Catalog has today names a dead-letter queue.
            auto isQueue = [](const Node* n) {
                const KindInfo* k = Catalog::instance().kind(n->kind);
                return k && k->isQueue;
            };
            std::stable_sort(nodes.begin(), nodes.end(), [&](const Node* a, const Node* b) {
                const bool qa = isQueue(a), qb = isQueue(b);
                return qa != qb ? qa : a->id < b->id;
            });
            for (const Node* n : nodes) {
                const QString text = n->name.isEmpty() || n->name == n->id.value
                                         ? n->id.value
                                         : QStringLiteral("%1 — %2").arg(n->id.value, n->name);
                m_combo->addItem(kindIcon(n->kind), text, n->id.value);
            }
        }
        int index = m_combo->findData(value);
        if (index < 0) {
            m_combo->addItem(tr("%1 (missing)").arg(value), value);
            index = m_combo->count() - 1;
        }
        m_combo->setCurrentIndex(index);
    }

    Result<Json> draft() const override
    {
        const QString v = m_combo->currentData().toString();
        return v.isEmpty() ? Json() : Json(toStd(v));
    }

    QWidget* inputWidget() const override { return m_combo; }

private:
    QComboBox* m_combo;
    const Diagram* m_diagram = nullptr;
    NodeId m_self;
};

}  // namespace

ValueEditor* createBoolEditor(const ConfigKey& key, QWidget* parent) { return new BoolEditor(key, parent); }
ValueEditor* createEnumEditor(const ConfigKey& key, QWidget* parent) { return new EnumEditor(key, parent); }
ValueEditor* createNodeRefEditor(const ConfigKey& key, QWidget* parent) { return new NodeRefEditor(key, parent); }

}  // namespace ml::ui
