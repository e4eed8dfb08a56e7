// One config key in the inspector: its label, editor, reset-to-default button, help caption and
// the checker's message when a value is refused. Valid values go to the model through `write`.
#pragma once

#include "inspector/ValueEditor.h"

#include <functional>

class QLabel;
class QToolButton;

namespace ml::ui {

class ConfigRow : public QWidget {
    Q_OBJECT
public:
    // Pushes the undo command that sets the key (null: back to the default).
    using Writer = std::function<void(const Json& value)>;

    ConfigRow(const ConfigKey& key, Writer write, QWidget* parent = nullptr);

    const ConfigKey& key() const { return m_editor->key(); }
    ValueEditor* editor() const { return m_editor; }
    QToolButton* resetButton() const { return m_reset; }

    // From the model: the key's explicit value (null when unset).
    void setValue(const Json& explicitValue);
    void setDiagram(const Diagram* diagram, const NodeId& self) { m_editor->setDiagram(diagram, self); }

    // Validates the editor's draft; writes it when valid, else shows why and leaves the model.
    bool commit();
    QString errorText() const;  // empty when the draft is valid

protected:
    void changeEvent(QEvent* event) override;

private:
    // Live check while typing; returns the message (empty: valid).
    QString check() const;
    void showError(const QString& message);

    ValueEditor* m_editor;
    Writer m_write;
    Json m_explicit;
    QLabel* m_label = nullptr;
    QToolButton* m_reset;
    QLabel* m_caption;
    QLabel* m_error;
};

}  // namespace ml::ui
