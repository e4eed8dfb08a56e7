// Structured values (routes, policies, requests, messages, latency, filter policies, any JSON) as
// JSON text: parsed as you type with the error's line and column, written on focus out or
// Ctrl+Enter. Arrays of objects show one element per line, the way people write them.
#include "format/JsonText.h"
#include "inspector/ValueEditor.h"

#include <QFontDatabase>
#include <QKeyEvent>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace ml::ui {

namespace {

// One line, with a space after ':' and ',' (nlohmann's compact form has none).
QString oneLine(const Json& v)
{
    if (v.is_object()) {
        QStringList parts;
        for (auto it = v.begin(); it != v.end(); ++it)
            parts << toQString(Json(it.key()).dump()) + QStringLiteral(": ") + oneLine(it.value());
        return QLatin1Char('{') + parts.join(QStringLiteral(", ")) + QLatin1Char('}');
    }
    if (v.is_array()) {
        QStringList parts;
        for (const Json& e : v) parts << oneLine(e);
        return QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
    }
    return toQString(v.dump(-1, ' ', false, Json::error_handler_t::replace));
}

QString pretty(const Json& v)
{
    if (v.is_null()) return QString();
    if (v.is_array() && !v.empty()) {
        QStringList lines;
        for (const Json& e : v) lines << QStringLiteral("  ") + oneLine(e);
        return QStringLiteral("[\n") + lines.join(QStringLiteral(",\n")) + QStringLiteral("\n]");
    }
    if (v.is_object() && oneLine(v).size() > 60) {
        QStringList lines;
        for (auto it = v.begin(); it != v.end(); ++it)
            lines << QStringLiteral("  ") + toQString(Json(it.key()).dump()) + QStringLiteral(": ") +
                         oneLine(it.value());
        return QStringLiteral("{\n") + lines.join(QStringLiteral(",\n")) + QStringLiteral("\n}");
    }
    return oneLine(v);
}

QString example(ValueType type)
{
    switch (type) {
    case ValueType::Routes:
        return QStringLiteral(
            "[{\"method\": \"POST\", \"path\": \"/items\", \"action\": \"create\", \"required\": [\"name\"]}]");
    case ValueType::Policy:
        return QStringLiteral("[{\"principal\": \"role:admin\", \"actions\": [\"*\"], \"effect\": \"allow\"}]");
    case ValueType::Requests: return QStringLiteral("[{\"method\": \"GET\", \"path\": \"/items\", \"weight\": 1}]");
    case ValueType::Messages: return QStringLiteral("[{\"body\": {\"hello\": \"world\"}, \"weight\": 1}]");
    case ValueType::Cors:
        return QStringLiteral("{\"allowOrigins\": [\"http://localhost:*\"], \"allowMethods\": [\"GET\", \"POST\"]}");
    case ValueType::FilterPolicy:
        return QStringLiteral("{\"type\": [\"order\"], \"price\": [{\"numeric\": [\">\", 100]}]}");
    case ValueType::FilterCriteria: return QStringLiteral("[{\"body\": {\"type\": [\"order\"]}}]");
    default: break;
    }
    return QString();
}

class JsonTextEdit : public QPlainTextEdit {
public:
    using QPlainTextEdit::QPlainTextEdit;
    std::function<void()> onCommit;

protected:
    void keyPressEvent(QKeyEvent* event) override
    {
        if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) &&
            (event->modifiers() & Qt::ControlModifier)) {
            if (onCommit) onCommit();
            return;
        }
        QPlainTextEdit::keyPressEvent(event);
    }
    void focusOutEvent(QFocusEvent* event) override
    {
        QPlainTextEdit::focusOutEvent(event);
        if (onCommit) onCommit();
    }
    // Like the spin boxes: scrolling the inspector over the editor scrolls the inspector.
    void wheelEvent(QWheelEvent* event) override
    {
        if (!hasFocus()) {
            event->ignore();
            return;
        }
        QPlainTextEdit::wheelEvent(event);
    }
};

class JsonEditor : public ValueEditor {
public:
    JsonEditor(const ConfigKey& key, QWidget* parent) : ValueEditor(key, parent)
    {
        auto* layout = new QVBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        m_edit = new JsonTextEdit(this);
        m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        m_edit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
        m_edit->setTabChangesFocus(true);
        QString hint = key.defaultValue.is_null() || (key.defaultValue.is_array() && key.defaultValue.empty())
                           ? QString()
                           : tr("default: %1").arg(oneLine(key.defaultValue));
        if (const QString e = example(key.type); !e.isEmpty()) hint = hint.isEmpty() ? tr("e.g. %1").arg(e) : hint;
        m_edit->setPlaceholderText(hint);
        m_edit->setToolTip(tr("JSON — applied when you leave the field or press Ctrl+Enter"));
        layout->addWidget(m_edit);
        setFocusProxy(m_edit);
        m_edit->onCommit = [this] {
            if (m_edited) emit commitRequested();
        };
        connect(m_edit, &QPlainTextEdit::textChanged, this, [this] {
            fitHeight();
            if (m_settingValue) return;
            m_edited = true;
            emit draftChanged();
        });
    }

    void setValue(const Json& explicitValue) override
    {
        const QString text = pretty(explicitValue);
        m_settingValue = true;
        if (m_edit->toPlainText() != text) m_edit->setPlainText(text);
        m_settingValue = false;
        m_edited = false;
        fitHeight();
    }

    Result<Json> draft() const override
    {
        const QString text = m_edit->toPlainText().trimmed();
        if (text.isEmpty()) return Json();
        Result<Json> parsed = jsontext::parse(text.toUtf8());
        if (parsed) return parsed;
        Error e = parsed.error();
        if (e.line > 0) e.message = tr("line %1, column %2: %3").arg(e.line).arg(e.column).arg(e.message);
        return e;
    }

    QWidget* inputWidget() const override { return m_edit; }

private:
    void fitHeight()
    {
        const int lines = std::clamp(int(m_edit->document()->size().height()), 2, 12);
        const int h = lines * m_edit->fontMetrics().lineSpacing() + 2 * m_edit->frameWidth() +
                      int(m_edit->document()->documentMargin() * 2) + 2;
        if (m_edit->height() != h) m_edit->setFixedHeight(h);
    }

    JsonTextEdit* m_edit;
    bool m_edited = false;
    bool m_settingValue = false;
};

}  // namespace

ValueEditor* createJsonEditor(const ConfigKey& key, QWidget* parent) { return new JsonEditor(key, parent); }

}  // namespace ml::ui
