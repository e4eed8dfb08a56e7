// Templates Microlab exported: each function carries its node id, kind and wiring in its
// environment (NODE_ID, NODE_KIND, EDGES, ROUTES, POLICY, TASK_*), so importing the export gives
// the diagram back — the same ids and kinds, every edge with its settings, the router's routes —
// and the next export writes the same template again. What the export derives from the diagram
// (a gatekeeper's audit table, a WebSocket API's connections table, the code settings, its own
// environment variables) is made again by it, so it is neither drawn nor kept.
#include "format/Duration.h"
#include "format/JsonText.h"
#include "import/TemplateReader.h"
#include "model/Catalog.h"

#include <QRegularExpression>

namespace ml::cfn {

namespace {

const Json& variablesOf(const Json& resource)
{
    return member(member(member(resource, "Properties"), "Environment"), "Variables");
}

// The variables the export writes for a function (the wiring's own are added per function).
bool exportVariable(const QString& name)
{
    static const QStringList fixed{QStringLiteral("NODE_ID"),
                                   QStringLiteral("NODE_KIND"),
                                   QStringLiteral("EDGES"),
                                   QStringLiteral("ROUTES"),
                                   QStringLiteral("POLICY"),
                                   QStringLiteral("AUDIT_TABLE"),
                                   QStringLiteral("CONNECTIONS_TABLE"),
                                   QStringLiteral("REPORT_BATCH_ITEM_FAILURES"),
                                   QStringLiteral("TASK_TIMEOUT_SECONDS"),
                                   QStringLiteral("MAX_RETRIES"),
                                   QStringLiteral("TASK_DEAD_LETTER_QUEUE"),
                                   QStringLiteral("TASK_DEAD_LETTER_FIFO")};
    return fixed.contains(name) || name.startsWith(QLatin1String("TARGET_")) ||
           name.startsWith(QLatin1String("CONNECTIONS_"));
}

}  // namespace

void TemplateReader::findMicrolabFunctions()
{
    for (auto it = m_resources.begin(); it != m_resources.end(); ++it) {
        const QString id = toQString(it.key());
        const QString type = typeOf(id);
        if (type != QLatin1String("AWS::Serverless::Function") && type != QLatin1String("AWS::Lambda::Function"))
            continue;
        const Json& vars = variablesOf(*it);
        const KindInfo* kind = Catalog::instance().kind(text(member(vars, "NODE_KIND")));
        if (!kind || !kind->isFunction || !member(vars, "EDGES").is_string()) continue;
        Result<Json> wiring = jsontext::parse(QByteArray::fromStdString(vars["EDGES"].get<std::string>()));
        if (!wiring || !wiring->is_array()) continue;
        m_microlab.insert(id,
                          MicrolabFunction{kind->id, text(member(vars, "NODE_ID")), std::move(wiring).value(), vars});
        for (auto v = vars.begin(); v != vars.end(); ++v) {
            const QString name = toQString(v.key());
            if (name != QLatin1String("AUDIT_TABLE") && !name.startsWith(QLatin1String("CONNECTIONS_"))) continue;
            for (const QString& table : referencedResources(*v))
                if (typeOf(table) == QLatin1String("AWS::DynamoDB::Table")) m_derived.insert(table);
        }
    }
}

bool TemplateReader::derivedByExport(const QString& logicalId)
{
    if (!m_derived.contains(logicalId)) return false;
    m_consumed.insert(logicalId);
    note(at(logicalId), QStringLiteral("a table Microlab's export adds (an audit trail or a WebSocket API's "
                                       "connections); the next export makes it again"));
    return true;
}

void TemplateReader::keepMicrolabProperty(const QString& logicalId, const QString& key, const Json& value)
{
    const auto m = m_microlab.constFind(logicalId);
    if (m == m_microlab.constEnd()) {
        keepProperty(logicalId, key, value);
        return;
    }
    // Policies stay: an imported template's own policies join the generated ones on export.
    static const QStringList derived{QStringLiteral("CodeUri"), QStringLiteral("Handler"), QStringLiteral("Runtime"),
                                     QStringLiteral("Description"), QStringLiteral("RecursiveLoop")};
    if (derived.contains(key)) return;
    if (key == QLatin1String("LoggingConfig") && member(value, "LogFormat") == "JSON" &&
        value.size() == (value.contains("LogGroup") ? 2u : 1u))
        return;
    if (key == QLatin1String("Policies") && value.is_array()) {
        // The policy templates the export writes for edges are written again from them; others stay.
        static const QStringList generated{
            QStringLiteral("LambdaInvokePolicy"),      QStringLiteral("SQSSendMessagePolicy"),
            QStringLiteral("SNSPublishMessagePolicy"), QStringLiteral("DynamoDBCrudPolicy"),
            QStringLiteral("DynamoDBReadPolicy"),      QStringLiteral("S3CrudPolicy")};
        Json rest = Json::array();
        for (const Json& p : value) {
            const bool named = p.is_object() && p.size() == 1 && generated.contains(toQString(p.begin().key()));
            // The export's own push statement, exactly as it writes it (another one is the template's).
            static const QRegularExpression ownPush(QStringLiteral(
                "^\\[\\{\"Effect\":\"Allow\",\"Action\":\"execute-api:ManageConnections\",\"Resource\":\\{\"Fn::Sub\":"
                "\"arn:\\$\\{AWS::Partition\\}:execute-api:\\$\\{AWS::Region\\}:\\$\\{AWS::AccountId\\}:\\$\\{[A-Za-z0-"
                "9]+\\}/\\*\"\\}\\}\\]$"));
            const bool push = p.is_object() && p.size() == 1 && p.contains("Statement") &&
                              ownPush.match(toQString(p["Statement"].dump())).hasMatch();
            if (!named && !push) rest.push_back(p);
        }
        if (!rest.empty()) keepProperty(logicalId, key, rest);
        return;
    }
    if (key == QLatin1String("Environment")) {
        Json rest = Json::object();
        for (auto v = m->variables.begin(); v != m->variables.end(); ++v)
            if (!exportVariable(toQString(v.key()))) rest[v.key()] = v.value();
        if (!rest.empty()) keepProperty(logicalId, key, Json{{"Variables", rest}});
        return;
    }
    keepProperty(logicalId, key, value);
}

void TemplateReader::microlabWiring(const FunctionInfo& f)
{
    const MicrolabFunction& m = m_microlab[f.logicalId];
    const QString path = at(f.logicalId) + QStringLiteral("/Properties/Environment/Variables/EDGES");
    for (const Json& w : m.edges) {
        const QString env = text(member(w, "env"));
        const QString target = referencedNode(member(m.variables, toStd(env).c_str()));
        // A bucket's name is made from the stack, not a Ref: the node id in the wiring names it.
        const NodeId to = !target.isEmpty() ? nodeOf(target) : NodeId(text(member(w, "to")));
        if (!node(to)) {
            warn(path, QStringLiteral("the edge to %1 names nothing in this template; not drawn").arg(to.value));
            continue;
        }
        Json config = Json::object();
        if (member(w, "actions").is_array() && !w["actions"].empty()) config["actions"] = w["actions"];
        if (member(w, "invocation").is_string()) config["invocation"] = w["invocation"];
        if (member(w, "when").is_string()) config["when"] = w["when"];
        if (member(w, "filter").is_string()) config["when"] = w["filter"];
        if (member(w, "groupId").is_string()) config["groupId"] = w["groupId"];
        if (member(w, "connectionId").is_string()) config["connectionId"] = w["connectionId"];
        connect(f.node, to, config, path);
    }
}

void TemplateReader::microlabSettings(const FunctionInfo& f)
{
    const MicrolabFunction& m = m_microlab[f.logicalId];
    Node* n = node(f.node);
    const QString path = at(f.logicalId) + QStringLiteral("/Properties/Environment/Variables/");
    if (Catalog::instance().kind(m.kind)->guardsStores) {
        const Json policy = policyValue(member(m.variables, "POLICY"));
        if (policy.is_array() && !policy.empty()) n->config["policy"] = policy;
    }
    if (Catalog::instance().kind(m.kind)->key(QStringLiteral("taskTimeout"))) {
        std::optional<qint64> v;
        if (!seconds(member(m.variables, "TASK_TIMEOUT_SECONDS"), path + QStringLiteral("TASK_TIMEOUT_SECONDS"), v) &&
            v)
            n->config["taskTimeout"] = toStd(duration::format(*v * kMicrosPerSecond));
        if (!integer(member(m.variables, "MAX_RETRIES"), path + QStringLiteral("MAX_RETRIES"), v) && v)
            n->config["maxRetries"] = *v;
    }
}

Json TemplateReader::microlabRoutes(const NodeId& router) const
{
    for (const FunctionInfo& f : m_functions) {
        if (f.node != router || !m_microlab.contains(f.logicalId)) continue;
        const Json routes = policyValue(member(m_microlab[f.logicalId].variables, "ROUTES"));
        return routes.is_array() && !routes.empty() ? routes : Json();
    }
    return Json();
}

void TemplateReader::namesFromOutputs()
{
    // "<Api>Url": {"Description": "Base URL of <name>"} — how the export names an API's URL.
    static const QRegularExpression described(QStringLiteral("^(?:Base|WebSocket) URL of (.+)$"));
    const Json& outputs = member(m_root, "Outputs");
    if (!outputs.is_object()) return;
    for (auto it = outputs.begin(); it != outputs.end(); ++it) {
        QString id = toQString(it.key());
        if (!id.endsWith(QLatin1String("Url"))) continue;
        id.chop(3);
        const auto m = described.match(text(member(*it, "Description")));
        if (m.hasMatch() && m_nodes.contains(id)) node(nodeOf(id))->name = m.captured(1);
    }
}

}  // namespace ml::cfn
