// The importer's last passes: what each function calls (from its environment variables and SAM
// policy templates), routers for APIs with several functions, each function's kind chosen from
// what drives it (with the reason as a note), and simulated clients at entry points that nothing
// in the template feeds, so the imported diagram has traffic when it runs.
#include "import/TemplateReader.h"
#include "model/Catalog.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace ml::cfn {

namespace {

bool isOutcomeEdge(const Edge& e)
{
    const Json& when = member(e.config, "when");
    return when == "success" || when == "failure";
}

// Whether any function may be wired to a node of `kind` (the Catalog's connection rules).
bool functionsConnectTo(const QString& kind)
{
    const Catalog& catalog = Catalog::instance();
    for (const ConnectionRule& r : catalog.rules())
        if (r.toKind == kind && catalog.kind(r.fromKind)->isFunction) return true;
    return false;
}

}  // namespace

void TemplateReader::functionCalls()
{
    for (FunctionInfo& f : m_functions) {
        if (m_microlab.contains(f.logicalId)) {
            microlabWiring(f);
            continue;
        }
        const Json& props = member(m_resources[toStd(f.logicalId)], "Properties");
        Json sources = Json::array({member(member(props, "Environment"), "Variables"), member(props, "Policies")});
        if (typeOf(f.logicalId) == QLatin1String("AWS::Serverless::Function"))
            sources.push_back(member(member(m_globalsFunction, "Environment"), "Variables"));
        QStringList calls;
        for (const QString& target : referencedResources(sources)) {
            if (target == f.logicalId || !m_nodes.contains(target)) continue;
            const NodeId to = nodeOf(target);
            bool drawn = false;
            for (const Edge& e : m_diagram.edges()) drawn = drawn || (e.from == f.node && e.to == to);
            if (drawn) continue;
            // Only what a function may call or send to (not an API's or inbox's front door).
            if (!functionsConnectTo(node(to)->kind)) continue;
            if (connect(f.node, to, Json::object(), at(f.logicalId) + QStringLiteral("/Properties"))) calls << to.value;
        }
        if (!calls.isEmpty())
            note(at(f.logicalId), QStringLiteral("calls %1 (named in its environment variables or policies)")
                                      .arg(calls.join(QStringLiteral(", "))));
    }
}

void TemplateReader::routeApis()
{
    for (auto& [apiId, routes] : m_routes) {
        const NodeId api(apiId);
        Json list = Json::array();
        std::vector<NodeId> functions;
        for (const Route& r : routes) {
            list.push_back(Json{{"method", toStd(r.method)}, {"path", toStd(r.path)}, {"action", toStd(r.action)}});
            if (std::find(functions.begin(), functions.end(), r.function) == functions.end())
                functions.push_back(r.function);
        }
        node(api)->config["routes"] = list;
        if (functions.size() == 1 &&
            Catalog::instance().kind(node(functions.front())->kind)->edgeChoice == EdgeChoice::Action) {
            // A router Microlab exported knows the routes with their actions and required fields.
            if (const Json exported = microlabRoutes(functions.front()); !exported.is_null())
                node(api)->config["routes"] = exported;
            connect(api, functions.front(), Json::object(), {});
            continue;
        }
        // A diagram's gateway hands every request to one router (SEMANTICS.md "router"); the
        // router sends each route's action to the function behind it.
        const QString logical = toQString(m_unmapped["logicalIds"].value(toStd(apiId), toStd(apiId)));
        const NodeId router = addNode(logical + QStringLiteral("Router"), QStringLiteral("router"),
                                      node(api)->displayName() + QStringLiteral(" router"));
        connect(api, router, Json::object(), {});
        QStringList behind;
        for (const NodeId& fn : functions) {
            Json actions = Json::array();
            for (const Route& r : routes)
                if (r.function == fn) actions.push_back(toStd(r.action));
            connect(router, fn, Json{{"actions", actions}}, {});
            behind << fn.value;
        }
        note({}, QStringLiteral("added router %1 between API %2 and %3: a diagram's API gateway hands requests to a "
                                "router, which sends each route's action on")
                     .arg(router.value, apiId, behind.join(QStringLiteral(", "))));
    }
}

void TemplateReader::chooseKinds()
{
    for (FunctionInfo& f : m_functions) {
        Node* n = node(f.node);
        auto driven = [&](const char* prefix) {
            for (const QString& d : f.drivers)
                if (d.startsWith(QLatin1String(prefix))) return true;
            return false;
        };
        if (m_microlab.contains(f.logicalId)) {
            n->kind = m_microlab[f.logicalId].kind;
            note(at(f.logicalId), QStringLiteral("imported as a %1: exported by Microlab as one (NODE_KIND)")
                                      .arg(Catalog::instance().kind(n->kind)->displayName.toLower()));
            microlabSettings(f);
            if (Catalog::instance().kind(n->kind)->key(QStringLiteral("schedule"))) {
                n->config["schedule"] = f.schedule;
                if (!f.payload.is_null()) n->config["payload"] = f.payload;
            }
            continue;
        }
        QStringList calls;
        bool data = false;
        for (const Edge* e : m_diagram.edgesFrom(f.node)) {
            if (isOutcomeEdge(*e) || e->kind == QLatin1String("logging")) continue;
            if (e->kind == QLatin1String("data-access"))
                data = true;
            else
                calls << e->to.value;
        }
        QString kind, why;
        if (driven("websocket")) {
            kind = QStringLiteral("websocket-handler");
        } else if (driven("API")) {
            kind = !calls.isEmpty() ? QStringLiteral("router")
                   : data           ? QStringLiteral("crud")
                                    : QStringLiteral("worker");
            why = !calls.isEmpty() ? QStringLiteral("it calls %1").arg(calls.join(QStringLiteral(", ")))
                  : data           ? QStringLiteral("it reads and writes its store")
                         : QStringLiteral("it calls nothing the template shows, so it answers with its input");
        } else if (driven("SQS")) {
            kind = QStringLiteral("worker");
        } else if (driven("S3") || driven("DynamoDB")) {
            kind = QStringLiteral("trigger");
        } else if (driven("schedule")) {
            kind = QStringLiteral("cron");
        } else if (driven("logs")) {
            kind = QStringLiteral("log-monitor");
        } else {
            kind = QStringLiteral("worker");
            why = f.drivers.isEmpty() ? QStringLiteral("nothing in the template drives it") : QString();
        }
        n->kind = kind;
        note(at(f.logicalId),
             QStringLiteral("imported as a %1: driven by %2%3")
                 .arg(Catalog::instance().kind(kind)->displayName.toLower(),
                      f.drivers.isEmpty() ? QStringLiteral("nothing") : f.drivers.join(QStringLiteral(", ")),
                      why.isEmpty() ? QString() : QStringLiteral("; ") + why));
        const KindInfo* info = Catalog::instance().kind(kind);
        if (info->key(QStringLiteral("schedule"))) {
            n->config["schedule"] = f.schedule;
            if (!f.payload.is_null()) n->config["payload"] = f.payload;
        } else if (driven("schedule")) {
            warn(at(f.logicalId),
                 QStringLiteral("a %1 cannot also fire on a schedule (%2); the schedule is kept in unmapped")
                     .arg(kind, QString::fromStdString(f.schedule.dump())));
            m_unmapped["properties"][toStd(f.logicalId)]["Schedule"] = f.schedule;
        }
        if (info->edgeChoice == EdgeChoice::Action) {
            // Every route reaching this router may go along each of its calls.
            Json actions = Json::array();
            for (const auto& [api, routes] : m_routes)
                for (const Route& r : routes)
                    if (r.function == f.node) actions.push_back(toStd(r.action));
            for (const Edge* e : m_diagram.edgesFrom(f.node))
                if (!isOutcomeEdge(*e) && e->kind != QLatin1String("data-access") &&
                    e->kind != QLatin1String("logging"))
                    m_diagram.edge(e->id)->config["actions"] = actions;
        }
        if (info->edgeChoice == EdgeChoice::LogFilter)
            for (const Edge* e : m_diagram.edgesFrom(f.node))
                if (isOutcomeEdge(*e)) {
                    warn(at(f.logicalId),
                         QStringLiteral("a log monitor's edges carry filter patterns; the %1 destination "
                                        "to %2 is drawn as an edge for every line")
                             .arg(QString::fromStdString(e->config["when"].get<std::string>()), e->to.value));
                    m_diagram.edge(e->id)->config.erase("when");
                }
    }
}

void TemplateReader::addTraffic()
{
    // A gateway is fed only by clients (a function's push to a websocket API goes out to the
    // browsers); a queue, topic or bucket by anything but a dead-letter edge.
    auto fed = [&](const NodeId& id) {
        const bool gateway = Catalog::instance().kind(node(id)->kind)->category == Category::EntryPoint;
        for (const Edge* e : m_diagram.edgesTo(id))
            if (gateway ? e->kind == QLatin1String("traffic") : e->kind != QLatin1String("dead-letter")) return true;
        return false;
    };
    auto consumed = [&](const NodeId& id) { return !m_diagram.edgesFrom(id).empty(); };
    const std::vector<Node> nodes = m_diagram.nodes();
    for (const Node& n : nodes) {
        if (fed(n.id)) continue;
        Json config{{"rate", "1/s"}};
        const KindInfo* info = Catalog::instance().kind(n.kind);
        if (info->endpoint == Endpoint::Http) {
            Json requests = Json::array();
            for (const Json& r : member(n.config, "routes")) {
                QString path = QString::fromStdString(r.value("path", std::string("/")));
                path.replace(QRegularExpression(QStringLiteral("\\{[^}+]*\\+\\}")), QStringLiteral("any"));
                path.replace(QRegularExpression(QStringLiteral("\\{[^}]*\\}")), QStringLiteral("1"));
                std::string method = r.value("method", std::string("GET"));
                if (method == "ANY") method = "GET";
                Json req{{"method", method}, {"path", toStd(path)}};
                if (method == "POST" || method == "PUT" || method == "PATCH") req["body"] = Json::object();
                requests.push_back(req);
            }
            if (requests.empty()) continue;
            config["requests"] = requests;
        } else if (info->endpoint == Endpoint::WebSocket) {
            config["websocket"] = true;
            Json messages = Json::array();
            for (const Edge* e : m_diagram.edgesFrom(n.id)) {
                const std::string route = e->config.value("route", std::string());
                if (!route.empty() && route[0] != '$') messages.push_back(Json{{"body", {{"action", route}}}});
            }
            if (!messages.empty()) config["messages"] = messages;
        } else if ((info->inject == InjectForm::Message || info->inject == InjectForm::Object) && consumed(n.id)) {
            Json message{{"body", Json::object()}};
            if (member(n.config, "type") == "fifo") message["groupId"] = "group-1";
            if (info->inject == InjectForm::Object) {
                std::string prefix, suffix;
                for (const Edge* e : m_diagram.edgesFrom(n.id)) {
                    prefix = e->config.value("prefix", std::string());
                    suffix = e->config.value("suffix", std::string());
                    break;
                }
                message["key"] = prefix + "example" + (suffix.empty() ? ".txt" : suffix);
            }
            config["messages"] = Json::array({message});
        } else {
            continue;
        }
        Node c;
        c.id = m_diagram.uniqueNodeId(n.id.value + QStringLiteral("-client"));
        c.kind = QStringLiteral("client");
        c.name = QStringLiteral("Traffic to ") + n.displayName();
        c.config = config;
        m_diagram.addNode(c);
        connect(c.id, n.id, Json::object(), {});
        note({}, QStringLiteral("added client %1 sending to %2 once a second, so the diagram has traffic when it runs; "
                                "tune or delete it")
                     .arg(c.id.value, n.id.value));
    }
}

}  // namespace ml::cfn
