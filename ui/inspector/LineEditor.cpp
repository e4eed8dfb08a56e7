// Line editors for the values typed as text: durations, strings, rates, schedules and CloudWatch
// filter patterns. The row validates each keystroke (live) and writes on Enter or focus out.
#include "inspector/ValueEditor.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLineEdit>

namespace ml::ui {

namespace {

class LineEditor : public ValueEditor {
public:
    LineEditor(const ConfigKey& key, QWidget* parent) : ValueEditor(key, parent)
    {
        auto* layout = new QHBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        m_edit = new QLineEdit(this);
        m_edit->setClearButtonEnabled(key.type != ValueType::Duration);
        m_edit->setPlaceholderText(placeholder());
        if (key.type == ValueType::LogFilter || key.type == ValueType::Schedule)
            m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        layout->addWidget(m_edit);
        setFocusProxy(m_edit);
        connect(m_edit, &QLineEdit::textEdited, this, [this] {
            m_edited = true;
            emit draftChanged();
        });
        // The clear button changes the text without textEdited.
        connect(m_edit, &QLineEdit::textChanged, this, [this](const QString& text) {
            if (text.isEmpty() && !m_settingValue && !m_edited) {
                m_edited = true;
                emit draftChanged();
            }
        });
        connect(m_edit, &QLineEdit::editingFinished, this, [this] {
            // Leaving an untouched field must not rewrite the model (an explicit "" would
            // otherwise turn into "unset").
            if (m_edited) emit commitRequested();
        });
    }

    void setValue(const Json& explicitValue) override
    {
        const QString text = jsonToText(explicitValue);
        m_settingValue = true;
        if (m_edit->text() != text) m_edit->setText(text);
        m_settingValue = false;
        m_edited = false;
    }

    Result<Json> draft() const override
    {
        const QString text = m_key.type == ValueType::LogFilter ? m_edit->text() : m_edit->text().trimmed();
        if (text.isEmpty()) return Json();
        return Json(toStd(text));
    }

    QWidget* inputWidget() const override { return m_edit; }

private:
    QString placeholder() const
    {
        const QString def = defaultText();
        if (m_key.defaultValue.is_null()) return def;
        if (def.isEmpty()) return m_key.type == ValueType::LogFilter ? tr("every line") : tr("empty");
        return tr("%1 (default)").arg(def);
    }

    QLineEdit* m_edit;
    bool m_edited = false;
    bool m_settingValue = false;
};

}  // namespace

ValueEditor* createLineEditor(const ConfigKey& key, QWidget* parent) { return new LineEditor(key, parent); }

}  // namespace ml::ui
