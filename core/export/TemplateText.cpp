#include "export/TemplateText.h"

#include <QRegularExpression>
#include <QString>

#include <yaml-cpp/yaml.h>

namespace ml::exporting {

namespace {

// A plain scalar YAML would read as something else (a number, a boolean, null) is quoted.
bool needsQuotes(const std::string& s)
{
    static const QRegularExpression special(
        QStringLiteral(
            "^(?:[-+]?[0-9][0-9_.eE+-]*|\\.inf|\\.nan|true|false|yes|no|on|off|null|~|y|n|0x[0-9a-fA-F]+|0o[0-7]+)$"),
        QRegularExpression::CaseInsensitiveOption);
    if (s.empty()) return true;
    return special.match(QString::fromStdString(s)).hasMatch();
}

void emitScalar(YAML::Emitter& out, const Json& v)
{
    if (v.is_string()) {
        const std::string& s = v.get_ref<const std::string&>();
        if (needsQuotes(s))
            out << YAML::DoubleQuoted << s;
        else
            out << s;
    } else if (v.is_boolean()) {
        out << (v.get<bool>() ? "true" : "false");
    } else if (v.is_number_integer()) {
        out << v.get<long long>();
    } else if (v.is_number()) {
        out << v.dump();
    } else {
        out << YAML::Null;
    }
}

void emitValue(YAML::Emitter& out, const Json& v);

// {"Ref": X} → !Ref X; {"Fn::GetAtt": [A, B]} → !GetAtt A.B; {"Fn::Sub": s} → !Sub s; other Fn:: → !Name value.
bool emitShortForm(YAML::Emitter& out, const Json& v)
{
    if (!v.is_object() || v.size() != 1) return false;
    const std::string key = v.begin().key();
    const Json& arg = v.begin().value();
    if (key == "Ref" && arg.is_string()) {
        out << YAML::LocalTag("Ref") << arg.get<std::string>();
        return true;
    }
    if (key == "Fn::GetAtt" && arg.is_array() && arg.size() == 2 && arg[0].is_string() && arg[1].is_string()) {
        out << YAML::LocalTag("GetAtt") << (arg[0].get<std::string>() + "." + arg[1].get<std::string>());
        return true;
    }
    if (key.rfind("Fn::", 0) == 0) {
        out << YAML::LocalTag(key.substr(4));
        emitValue(out, arg);
        return true;
    }
    return false;
}

void emitValue(YAML::Emitter& out, const Json& v)
{
    if (emitShortForm(out, v)) return;
    if (v.is_object()) {
        out << YAML::BeginMap;
        for (auto it = v.begin(); it != v.end(); ++it) {
            out << YAML::Key << it.key() << YAML::Value;
            emitValue(out, it.value());
        }
        out << YAML::EndMap;
    } else if (v.is_array()) {
        // Short lists of scalars read best inline (["s3:ObjectCreated:*"]); everything else as a block.
        bool scalars = v.size() <= 4;
        for (const Json& item : v) scalars = scalars && (item.is_primitive());
        if (scalars && !v.empty()) out << YAML::Flow;
        out << YAML::BeginSeq;
        for (const Json& item : v) emitValue(out, item);
        out << YAML::EndSeq;
    } else {
        emitScalar(out, v);
    }
}

}  // namespace

QByteArray templateYaml(const Json& document)
{
    YAML::Emitter out;
    out.SetIndent(2);
    out << YAML::BeginMap;
    bool first = true;
    for (auto it = document.begin(); it != document.end(); ++it) {
        // A blank line between the top-level sections, as hand-written templates have.
        if (!first) out << YAML::Newline;
        first = false;
        out << YAML::Key << it.key() << YAML::Value;
        emitValue(out, it.value());
    }
    out << YAML::EndMap;
    QByteArray text(out.c_str(), qsizetype(out.size()));
    text.append('\n');
    return text;
}

QByteArray templateJson(const Json& document) { return QByteArray::fromStdString(document.dump(2)) + '\n'; }

}  // namespace ml::exporting
