// The importer's frame and its resource pass: template → nodes with their settings (queues,
// topics, tables, buckets, log groups, APIs, functions), what each node came from, and what is
// kept unmapped. Events, mappings and routes are TemplateEvents.cpp; kinds and traffic are
// TemplateKinds.cpp.
#include "format/Duration.h"
#include "format/JsonText.h"
#include "import/TemplateReader.h"
#include "import/TemplateText.h"
#include "layout/Arrange.h"
#include "model/Catalog.h"
#include "model/Connection.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace ml::cfn {

using jsontext::describe;
using jsontext::pointerJoin;

QString ImportNote::toString() const
{
    return (isWarning() ? QStringLiteral("warning: ") : QStringLiteral("note: ")) +
           (path.isEmpty() ? QString() : path + QStringLiteral(": ")) + message;
}

QString kebab(const QString& logicalId)
{
    QString out;
    for (qsizetype i = 0; i < logicalId.size(); ++i) {
        const QChar c = logicalId[i];
        if (c.isUpper()) {
            const bool wordStart = i > 0 && (logicalId[i - 1].isLower() || logicalId[i - 1].isDigit() ||
                                             (i + 1 < logicalId.size() && logicalId[i + 1].isLower()));
            if (wordStart && !out.endsWith(QLatin1Char('-'))) out += QLatin1Char('-');
            out += c.toLower();
        } else if (c.isLetterOrNumber() && c.unicode() < 128) {
            out += c.toLower();
        } else if (!out.isEmpty() && !out.endsWith(QLatin1Char('-'))) {
            out += QLatin1Char('-');
        }
    }
    while (out.endsWith(QLatin1Char('-'))) out.chop(1);
    return out.isEmpty() ? QStringLiteral("resource") : out;
}

Error TemplateReader::error(const QString& path, const QString& message) const
{
    Error e;
    e.message = message;
    e.pointer = path;
    e.file = m_file;
    return e;
}

void TemplateReader::note(const QString& path, const QString& message)
{
    m_notes.push_back(ImportNote{ImportNote::Level::Note, path, message});
}

void TemplateReader::warn(const QString& path, const QString& message)
{
    m_notes.push_back(ImportNote{ImportNote::Level::Warning, path, message});
}

QString TemplateReader::typeOf(const QString& logicalId) const
{
    const Json& t = member(member(m_resources, toStd(logicalId).c_str()), "Type");
    return t.is_string() ? toQString(t.get<std::string>()) : QString();
}

QStringList TemplateReader::referencedResources(const Json& value) const
{
    QStringList out;
    auto add = [&](const std::string& name) {
        const QString id = toQString(name);
        if (m_resources.contains(name) && !out.contains(id)) out << id;
    };
    std::vector<const Json*> pending{&value};
    static const QRegularExpression sub(QStringLiteral("\\$\\{([A-Za-z0-9]+)(\\.[A-Za-z0-9.]+)?\\}"));
    while (!pending.empty()) {
        const Json* v = pending.back();
        pending.pop_back();
        if (v->is_object()) {
            if (const auto r = v->find("Ref"); r != v->end() && r->is_string()) add(r->get<std::string>());
            if (const auto g = v->find("Fn::GetAtt"); g != v->end()) {
                if (g->is_array() && !g->empty() && (*g)[0].is_string()) add((*g)[0].get<std::string>());
                if (g->is_string()) add(g->get<std::string>().substr(0, g->get<std::string>().find('.')));
            }
            if (const auto s = v->find("Fn::Sub"); s != v->end()) {
                const Json& text = s->is_array() && !s->empty() ? (*s)[0] : *s;
                if (text.is_string())
                    for (auto m = sub.globalMatch(toQString(text.get<std::string>())); m.hasNext();)
                        add(toStd(m.next().captured(1)));
            }
            for (const auto& item : v->items()) pending.push_back(&item.value());
        } else if (v->is_array()) {
            for (const Json& item : *v) pending.push_back(&item);
        }
    }
    return out;
}

QString TemplateReader::referencedNode(const Json& value) const
{
    for (const QString& id : referencedResources(value))
        if (m_nodes.contains(id)) return id;
    return {};
}

std::optional<Error> TemplateReader::integer(const Json& value, const QString& path, std::optional<qint64>& out)
{
    out.reset();
    if (value.is_null()) return std::nullopt;
    if (value.is_number_integer()) {
        out = value.get<qint64>();
        return std::nullopt;
    }
    if (value.is_number_float() && std::trunc(value.get<double>()) == value.get<double>()) {
        out = qint64(value.get<double>());
        return std::nullopt;
    }
    if (value.is_string()) {
        bool ok = false;
        const qint64 v = toQString(value.get<std::string>()).trimmed().toLongLong(&ok);
        if (ok) {
            out = v;
            return std::nullopt;
        }
    }
    if (isIntrinsic(value)) {
        warn(path, QStringLiteral("%1 is worked out at deploy time; the diagram keeps its default (the value is kept "
                                  "in unmapped)")
                       .arg(toQString(value.dump())));
        return std::nullopt;
    }
    return error(path, QStringLiteral("expected a whole number; got %1").arg(describe(value)));
}

std::optional<Error> TemplateReader::seconds(const Json& value, const QString& path, std::optional<qint64>& out)
{
    if (auto e = integer(value, path, out)) return e;
    if (out && *out < 0) return error(path, QStringLiteral("expected a number of seconds ≥ 0; got %1").arg(*out));
    return std::nullopt;
}

std::optional<Error> TemplateReader::boolean(const Json& value, const QString& path, std::optional<bool>& out)
{
    out.reset();
    if (value.is_null()) return std::nullopt;
    if (value.is_boolean())
        out = value.get<bool>();
    else if (value == "true" || value == "True")
        out = true;
    else if (value == "false" || value == "False")
        out = false;
    else if (isIntrinsic(value))
        warn(path, QStringLiteral("%1 is worked out at deploy time; the diagram keeps its default")
                       .arg(toQString(value.dump())));
    else
        return error(path, QStringLiteral("expected true or false; got %1").arg(describe(value)));
    return std::nullopt;
}

std::optional<Error> TemplateReader::setDuration(Json& config, const QString& kind, const char* key, qint64 secs,
                                                 const QString& path)
{
    const KindInfo* info = Catalog::instance().kind(kind);
    const ConfigKey* k = info ? info->key(QString::fromLatin1(key)) : nullptr;
    const double micros = double(secs) * double(kMicrosPerSecond);
    if (k && ((k->min && micros < *k->min) || (k->max && micros > *k->max)))
        return error(
            path, QStringLiteral("%1 s is outside what AWS allows (%2 – %3)")
                      .arg(secs)
                      .arg(duration::format(Micros(k->min.value_or(0))), duration::format(Micros(k->max.value_or(0)))));
    config[key] = toStd(duration::format(secs * kMicrosPerSecond));
    return std::nullopt;
}

NodeId TemplateReader::addNode(const QString& logicalId, const QString& kind, const QString& name,
                               const QString& nodeId)
{
    Node n;
    n.id = m_diagram.uniqueNodeId(nodeId.isEmpty() ? kebab(logicalId) : nodeId);
    n.kind = kind;
    n.name = name;
    m_diagram.addNode(n);
    if (m_resources.contains(toStd(logicalId))) {
        m_nodes.insert(logicalId, n.id);
        m_unmapped["logicalIds"][toStd(n.id.value)] = toStd(logicalId);
    }
    return n.id;
}

bool TemplateReader::connect(const NodeId& from, const NodeId& to, Json config, const QString& path,
                             const QString& edgeKind)
{
    const ConnectionPossible verdict = connectionPossible(m_diagram, from, to, edgeKind);
    switch (verdict.refusal) {
    case ConnectionRefusal::None: break;
    case ConnectionRefusal::MissingNode:
    case ConnectionRefusal::SelfLoop: return false;
    case ConnectionRefusal::Forbidden:
        warn(path, QStringLiteral("%1 → %2 cannot be drawn in Microlab (%3); kept in the template only")
                       .arg(from.value, to.value, verdict.reason));
        return false;
    case ConnectionRefusal::Duplicate: {
        // Two template properties describing one connection (a mapping and a policy) add up.
        Edge* existing = m_diagram.edge(verdict.existing);
        for (auto it = config.begin(); it != config.end(); ++it) existing->config[it.key()] = it.value();
        return true;
    }
    }
    const Node* a = m_diagram.node(from);
    const Node* b = m_diagram.node(to);
    Edge e;
    e.from = from;
    e.to = to;
    e.kind = verdict.edgeKind;
    e.kindWritten = !edgeKind.isEmpty() && Catalog::instance().edgeKindsFor(a->kind, b->kind).value(0) != edgeKind;
    e.config = config.is_object() ? std::move(config) : Json::object();
    m_diagram.addEdge(std::move(e));
    return true;
}

void TemplateReader::keepProperty(const QString& logicalId, const QString& property, const Json& value)
{
    m_unmapped["properties"][toStd(logicalId)][toStd(property)] = value;
}

void TemplateReader::keepResource(const QString& logicalId, const QString& why)
{
    m_unmapped["resources"][toStd(logicalId)] = m_resources[toStd(logicalId)];
    warn(at(logicalId), QStringLiteral("%1 %2; kept verbatim in unmapped").arg(typeOf(logicalId), why));
}

FunctionInfo* TemplateReader::function(const QString& logicalId)
{
    for (FunctionInfo& f : m_functions)
        if (f.logicalId == logicalId) return &f;
    return nullptr;
}

FunctionInfo* TemplateReader::functionOfNode(const NodeId& id)
{
    for (FunctionInfo& f : m_functions)
        if (f.node == id) return &f;
    return nullptr;
}

std::optional<Error> TemplateReader::sections()
{
    for (auto it = m_root.begin(); it != m_root.end(); ++it) {
        const QString key = toQString(it.key());
        if (key == QLatin1String("Resources")) continue;
        if (key == QLatin1String("Description") && it->is_string())
            m_diagram.description = toQString(it->get<std::string>());
        m_unmapped["sections"][it.key()] = it.value();
        static const QStringList quiet{QStringLiteral("AWSTemplateFormatVersion"), QStringLiteral("Transform"),
                                       QStringLiteral("Description")};
        if (!quiet.contains(key))
            warn(QLatin1Char('/') + key, QStringLiteral("the %1 section has no place in a diagram; kept verbatim in "
                                                        "unmapped")
                                             .arg(key));
    }
    m_globalsFunction = member(member(m_root, "Globals"), "Function");
    if (!m_globalsFunction.is_object()) m_globalsFunction = Json::object();
    return std::nullopt;
}

Result<ImportedTemplate> TemplateReader::run()
{
    if (!m_root.is_object())
        return error({}, QStringLiteral("expected a template object {\"Resources\": …}; got %1").arg(describe(m_root)));
    const Json& resources = member(m_root, "Resources");
    if (resources.is_null())
        return error(QStringLiteral("/Resources"), QStringLiteral("missing; a template needs Resources"));
    if (!resources.is_object())
        return error(QStringLiteral("/Resources"),
                     QStringLiteral("expected an object of resources; got %1").arg(describe(resources)));
    m_resources = resources;
    m_diagram.name = QFileInfo(m_file).completeBaseName();
    m_unmapped["template"] = toStd(QFileInfo(m_file).fileName());

    if (auto e = sections()) return *e;
    findMicrolabFunctions();
    if (!m_microlab.isEmpty()) {
        // Microlab's export writes "<diagram name> — <description>".
        const QString d = m_diagram.description;
        const qsizetype dash = d.indexOf(QStringLiteral(" — "));
        m_diagram.name = dash < 0 ? d : d.left(dash);
        m_diagram.description = dash < 0 ? QString() : d.mid(dash + 3);
        if (m_diagram.name.isEmpty()) m_diagram.name = QFileInfo(m_file).completeBaseName();
    }
    if (auto e = createNodes()) return *e;
    if (auto e = standaloneResources()) return *e;
    if (auto e = functionEvents()) return *e;
    webSocketRoutes();
    functionCalls();
    chooseKinds();
    routeApis();
    namesFromOutputs();
    addTraffic();

    for (auto it = m_resources.begin(); it != m_resources.end(); ++it) {
        const QString id = toQString(it.key());
        if (m_nodes.contains(id) || m_consumed.contains(id) || subscriptionPolicy(id)) continue;
        const QString type = typeOf(id);
        static const QStringList access{QStringLiteral("AWS::IAM::"), QStringLiteral("AWS::Lambda::Permission"),
                                        QStringLiteral("AWS::SQS::QueuePolicy"),
                                        QStringLiteral("AWS::SNS::TopicPolicy"),
                                        QStringLiteral("AWS::S3::BucketPolicy")};
        bool isAccess = false;
        for (const QString& a : access) isAccess = isAccess || type.startsWith(a);
        keepResource(id, isAccess ? QStringLiteral("grants access (the diagram's edges say who may call whom)")
                                  : QStringLiteral("has no node kind in Microlab"));
    }
    // Every property kept without a setting is listed, once per resource.
    for (auto it = m_unmapped["properties"].begin(); it != m_unmapped["properties"].end(); ++it) {
        QStringList names;
        for (auto p = it->begin(); p != it->end(); ++p) names << toQString(p.key());
        const QString id = toQString(it.key());
        const bool code = function(id) != nullptr;
        warn(propsAt(id), QStringLiteral("%1 %2 no diagram setting%3; kept verbatim in unmapped")
                              .arg(names.join(QStringLiteral(", ")), names.size() == 1 ? "has" : "have",
                                   code ? QStringLiteral(" (the diagram simulates the code)") : QString()));
    }
    for (const char* key : {"sections", "resources", "properties", "logicalIds"})
        if (m_unmapped.contains(key) && m_unmapped[key].empty()) m_unmapped.erase(key);
    m_diagram.extra[kUnmappedKey] = m_unmapped;
    layout::arrangeInPlace(m_diagram);
    return ImportedTemplate{std::move(m_diagram), std::move(m_notes)};
}

Result<ImportedTemplate> importTemplate(const QByteArray& bytes, const QString& fileName)
{
    Result<Json> root = parseTemplateText(bytes);
    if (!root) return root.error().inFile(fileName);
    TemplateReader reader(std::move(root).value(), fileName);
    try {
        return reader.run();
    } catch (const std::exception& x) {
        // nlohmann throws on type mismatches a check above missed; a template never crashes the app.
        Error e;
        e.file = fileName;
        e.message = QStringLiteral("cannot import: %1").arg(QString::fromUtf8(x.what()));
        return e;
    }
}

Result<ImportedTemplate> importTemplateFile(const QString& path)
{
    QFile file(path);
    Error e;
    e.file = path;
    if (QFileInfo(path).isDir()) {
        e.message = QStringLiteral("cannot open: it is a folder, not a template");
        return e;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        e.message = QStringLiteral("cannot open: %1").arg(file.errorString());
        return e;
    }
    const QByteArray bytes = file.read(kMaxTemplateBytes + 1);
    return importTemplate(bytes, path);
}

}  // namespace ml::cfn
