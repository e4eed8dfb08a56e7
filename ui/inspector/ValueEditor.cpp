#include "inspector/ValueEditor.h"

#include <QRegularExpression>

namespace ml::ui {

ValueEditor::ValueEditor(ConfigKey key, QWidget* parent) : QWidget(parent), m_key(std::move(key)) {}

void ValueEditor::setDiagram(const Diagram*, const NodeId&) {}

QString ValueEditor::defaultText() const
{
    if (m_key.defaultValue.is_null()) {
        // The help says what "unset" means ("Unset: unlimited."); the placeholder repeats it.
        static const QRegularExpression unset(QStringLiteral("[Uu]nset: ([^.;]+)"));
        const QRegularExpressionMatch m = unset.match(m_key.help);
        return m.hasMatch() ? m.captured(1).trimmed() : tr("not set");
    }
    return jsonToText(m_key.defaultValue);
}

QString jsonToText(const Json& value)
{
    if (value.is_string()) return toQString(value.get<std::string>());
    if (value.is_null()) return QString();
    return toQString(value.dump(-1, ' ', false, Json::error_handler_t::replace));
}

QString humanizeKey(const QString& key)
{
    QStringList words;
    QString word;
    for (qsizetype i = 0; i < key.size(); ++i) {
        const QChar c = key[i];
        const bool boundary =
            c.isUpper() && !word.isEmpty() && !(word.back().isUpper() && (i + 1 >= key.size() || key[i + 1].isUpper()));
        if (boundary) {
            words << word;
            word.clear();
        }
        word += c;
    }
    if (!word.isEmpty()) words << word;
    for (qsizetype i = 0; i < words.size(); ++i) {
        QString& w = words[i];
        if (w == QLatin1String("Mb"))
            w = QStringLiteral("MB");
        else if (w == QLatin1String("Id"))
            w = QStringLiteral("ID");
        else if (i == 0)
            w[0] = w[0].toUpper();
        else if (!(w.size() > 1 && w[1].isUpper()))
            w = w.toLower();
    }
    return words.join(QLatin1Char(' '));
}

ValueEditor* createValueEditor(const ConfigKey& key, QWidget* parent)
{
    switch (key.type) {
    case ValueType::Duration:
    case ValueType::String:
    case ValueType::Rate:
    case ValueType::Schedule:
    case ValueType::LogFilter: return createLineEditor(key, parent);
    case ValueType::Integer:
    case ValueType::Number: return createNumberEditor(key, parent);
    case ValueType::Boolean: return createBoolEditor(key, parent);
    case ValueType::Enum: return createEnumEditor(key, parent);
    case ValueType::NodeRef: return createNodeRefEditor(key, parent);
    case ValueType::StringList: return createStringListEditor(key, parent);
    case ValueType::Latency: return createLatencyEditor(key, parent);
    case ValueType::Routes:
    case ValueType::Policy:
    case ValueType::Requests:
    case ValueType::Messages: return createTableEditor(key, parent);
    case ValueType::FilterPolicy:
    case ValueType::FilterCriteria:
    case ValueType::Cors:
    case ValueType::Json: return createJsonEditor(key, parent);
    }
    return createJsonEditor(key, parent);
}

}  // namespace ml::ui
