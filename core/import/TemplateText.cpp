// YAML / JSON template text → JSON (see TemplateText.h).
#include "import/TemplateText.h"

#include "format/JsonText.h"

#include <QRegularExpression>

#include <climits>
#include <cmath>
#include <yaml-cpp/yaml.h>

namespace ml::cfn {

namespace {

// The short forms of the intrinsic functions CloudFormation's YAML accepts.
QString longForm(const std::string& tag)
{
    static const char* const functions[] = {
        "Base64",    "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join",         "Select", "Split",  "Sub",
        "Transform", "If",   "Equals",    "Not",    "And",    "Or",          "ToJsonString", "Length", "ForEach"};
    if (tag == "!Ref") return QStringLiteral("Ref");
    if (tag == "!Condition") return QStringLiteral("Condition");
    for (const char* f : functions)
        if (tag == std::string("!") + f) return QStringLiteral("Fn::") + QString::fromLatin1(f);
    return {};
}

Json plainScalar(const std::string& text)
{
    static const QRegularExpression integer(QStringLiteral("^[-+]?[0-9]+$"));
    static const QRegularExpression real(QStringLiteral("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"));
    if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") return Json();
    if (text == "true" || text == "True" || text == "TRUE") return true;
    if (text == "false" || text == "False" || text == "FALSE") return false;
    const QString q = QString::fromStdString(text);
    if (integer.match(q).hasMatch()) {
        bool ok = false;
        const qlonglong v = q.toLongLong(&ok);
        if (ok) return Json(qint64(v));
    }
    if (real.match(q).hasMatch()) {
        bool ok = false;
        const double v = q.toDouble(&ok);
        if (ok && std::isfinite(v)) return Json(v);
    }
    return Json(text);
}

class Converter {
public:
    Result<Json> convert(const YAML::Node& node, const QString& path, int depth)
    {
        if (depth > jsontext::kMaxDepth)
            return fail(node, path, QStringLiteral("nested deeper than %1 levels").arg(jsontext::kMaxDepth));
        if (++m_values > kMaxTemplateValues)
            return fail(
                node, path,
                QStringLiteral("the template expands to more than %1 values (aliases?)").arg(kMaxTemplateValues));
        const std::string& tag = node.Tag();
        const QString function = tag.size() > 1 && tag[0] == '!' ? longForm(tag) : QString();
        if (tag.size() > 1 && tag[0] == '!' && function.isEmpty())
            return fail(node, path,
                        QStringLiteral("unknown tag %1; expected an intrinsic function like !Ref or !GetAtt")
                            .arg(QString::fromStdString(tag)));

        Json value;
        switch (node.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null: value = function.isEmpty() ? Json() : Json(""); break;
        case YAML::NodeType::Scalar:
            if (!function.isEmpty() || tag == "!" || tag == "tag:yaml.org,2002:str")
                value = node.Scalar();
            else
                value = plainScalar(node.Scalar());
            break;
        case YAML::NodeType::Sequence: {
            value = Json::array();
            int i = 0;
            for (const YAML::Node& item : node) {
                Result<Json> v = convert(item, path + QLatin1Char('/') + QString::number(i++), depth + 1);
                if (!v) return v;
                value.push_back(std::move(v).value());
            }
            break;
        }
        case YAML::NodeType::Map: {
            value = Json::object();
            for (const auto& pair : node) {
                if (!pair.first.IsScalar())
                    return fail(pair.first, path, QStringLiteral("a mapping key must be a plain text key"));
                const std::string key = pair.first.Scalar();
                Result<Json> v =
                    convert(pair.second, jsontext::pointerJoin(path, QString::fromStdString(key)), depth + 1);
                if (!v) return v;
                value[key] = std::move(v).value();
            }
            break;
        }
        }
        if (function.isEmpty()) return value;
        if (function == QLatin1String("Fn::GetAtt") && value.is_string()) {
            // !GetAtt Resource.Attribute: the first dot splits (attributes may hold dots).
            const std::string text = value.get<std::string>();
            const size_t dot = text.find('.');
            if (dot == std::string::npos)
                return fail(node, path,
                            QStringLiteral("!GetAtt needs Resource.Attribute; got \"%1\"").arg(toQString(text)));
            value = Json::array({text.substr(0, dot), text.substr(dot + 1)});
        }
        return Json{{toStd(function), std::move(value)}};
    }

private:
    Result<Json> fail(const YAML::Node& node, const QString& path, const QString& message) const
    {
        Error e;
        e.message = message;
        e.pointer = path;
        const YAML::Mark mark = node.Mark();
        if (mark.line >= 0) {
            e.line = mark.line + 1;
            e.column = mark.column + 1;
        }
        return e;
    }

    size_t m_values = 0;
};

}  // namespace

Result<Json> parseTemplateText(const QByteArray& bytes)
{
    Error e;
    if (bytes.size() > kMaxTemplateBytes) {
        e.message = QStringLiteral("the template is too large (%1 bytes); at most %2 MB")
                        .arg(bytes.size())
                        .arg(kMaxTemplateBytes / (1024 * 1024));
        return e;
    }
    const QByteArray text = bytes.startsWith("\xEF\xBB\xBF") ? bytes.mid(3) : bytes;
    const QByteArray trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        e.message = QStringLiteral("the template is empty; expected {\"Resources\": …}");
        e.line = e.column = 1;
        return e;
    }
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) return jsontext::parse(text);

    if (Status s = jsontext::checkText(text, INT_MAX); !s) return s.error();  // UTF-8 only
    // yaml-cpp's parser stops at 2000 levels (DeepRecursion) but its node tree is walked
    // recursively afterwards; refuse deep flow nesting ([[[[…) up front. Brackets inside quoted
    // text count too, which only matters for text with hundreds of unclosed brackets.
    int flow = 0, deepest = 0;
    for (char ch : text) {
        if (ch == '[' || ch == '{')
            deepest = std::max(deepest, ++flow);
        else if ((ch == ']' || ch == '}') && flow > 0)
            --flow;
    }
    // Block sequences nest with "- - - x" on one line.
    int dashes = 0;
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text[i] == '\n')
            dashes = 0;
        else if (text[i] == '-' && text[i + 1] == ' ' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n'))
            deepest = std::max(deepest, ++dashes);
    }
    if (deepest > jsontext::kMaxDepth) {
        e.message = QStringLiteral("nested deeper than %1 levels").arg(jsontext::kMaxDepth);
        return e;
    }
    try {
        const YAML::Node root = YAML::Load(text.toStdString());
        Converter converter;
        return converter.convert(root, QString(), 0);
    } catch (const YAML::Exception& x) {
        e.message = QString::fromStdString(x.msg.empty() ? std::string(x.what()) : x.msg);
        if (x.mark.line >= 0) {
            e.line = x.mark.line + 1;
            e.column = x.mark.column + 1;
        }
        return e;
    } catch (const std::exception& x) {
        e.message = QStringLiteral("cannot read the YAML: %1").arg(QString::fromUtf8(x.what()));
        return e;
    }
}

}  // namespace ml::cfn
