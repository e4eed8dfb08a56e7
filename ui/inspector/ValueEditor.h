// One editor widget per family of Catalog ValueTypes. An editor shows a config value and holds
// the user's draft; the ConfigRow around it validates the draft (live) and writes it through an
// undo command when the editor asks to commit.
#pragma once

#include "format/Result.h"
#include "model/Catalog.h"
#include "model/Diagram.h"

#include <QWidget>

namespace ml::ui {

class ValueEditor : public QWidget {
    Q_OBJECT
public:
    explicit ValueEditor(ConfigKey key, QWidget* parent = nullptr);

    const ConfigKey& key() const { return m_key; }

    // Shows the model's value: `explicitValue` is what the file sets, null when unset (then the
    // Catalog default shows, greyed or as a placeholder). Discards any draft.
    virtual void setValue(const Json& explicitValue) = 0;
    // The editor's current content as a value (null: unset, back to the default), or why it is
    // not a value yet (unparsable JSON, a word where a number goes).
    virtual Result<Json> draft() const = 0;
    // Editors that offer other nodes (NodeRef) list them from here; `self` is left out.
    virtual void setDiagram(const Diagram* diagram, const NodeId& self);
    // The widget that takes keyboard focus and, for line editors, the text (tests type into it).
    virtual QWidget* inputWidget() const = 0;

    // The default as the user would type it ("3s", "128"), or a word for "no default" ("unlimited").
    QString defaultText() const;

signals:
    void draftChanged();     // each keystroke or pick: the row validates live
    void commitRequested();  // Enter, focus out, a click: the row validates and writes

protected:
    ConfigKey m_key;
};

// The right editor for the key's ValueType.
ValueEditor* createValueEditor(const ConfigKey& key, QWidget* parent = nullptr);

// "visibilityTimeout" → "Visibility timeout", "memoryMb" → "Memory MB".
QString humanizeKey(const QString& key);
// A JSON value as one line of text for placeholders and captions.
QString jsonToText(const Json& value);

// Factories of the editor families (one .cpp each).
ValueEditor* createLineEditor(const ConfigKey& key, QWidget* parent);
ValueEditor* createNumberEditor(const ConfigKey& key, QWidget* parent);
ValueEditor* createBoolEditor(const ConfigKey& key, QWidget* parent);
ValueEditor* createEnumEditor(const ConfigKey& key, QWidget* parent);
ValueEditor* createNodeRefEditor(const ConfigKey& key, QWidget* parent);
ValueEditor* createStringListEditor(const ConfigKey& key, QWidget* parent);
ValueEditor* createJsonEditor(const ConfigKey& key, QWidget* parent);
ValueEditor* createLatencyEditor(const ConfigKey& key, QWidget* parent);
ValueEditor* createTableEditor(const ConfigKey& key, QWidget* parent);  // Routes, Policy

}  // namespace ml::ui
