#include "live/WebClient.h"

#include "model/Catalog.h"

#include <QUrl>

namespace ml::webclient {

QByteArray pageText();  // generated from resources/web/client.html (core/CMakeLists.txt)

QByteArray page() { return pageText(); }

namespace {

bool isClient(const Node& n)
{
    const KindInfo* kind = Catalog::instance().kind(n.kind);
    return kind && kind->category == Category::Client;
}

void addUnique(Json& list, const Json& value)
{
    for (const Json& v : list)
        if (v == value) return;
    list.push_back(value);
}

}  // namespace

Json describe(const Diagram& diagram, const NodeId& gateway, const std::vector<LiveEndpoint>& endpoints)
{
    Json out{{"project", diagram.name.toStdString()}, {"gateway", gateway.value.toStdString()}};
    Json routes = Json::array();
    for (const Node& n : diagram.nodes()) {
        if (n.id != gateway) continue;
        out["name"] = n.displayName().toStdString();
        routes = n.config.value("routes", Json::array());
    }
    out["routes"] = routes;

    Json sockets = Json::array();
    for (const LiveEndpoint& e : endpoints) {
        if (!e.url.startsWith(QLatin1String("ws://"))) continue;
        const Node* node = nullptr;
        for (const Node& n : diagram.nodes())
            if (n.id.value == e.node) node = &n;
        // The page builds the URL from its own host name and this port, so it also works when
        // the diagram is served on another address than the one the browser uses.
        sockets.push_back(Json{{"node", e.node.toStdString()},
                               {"name", node ? node->displayName().toStdString() : e.node.toStdString()},
                               {"port", QUrl(e.url).port()},
                               {"url", e.url.toStdString()}});
    }
    out["webSockets"] = sockets;

    // The users the diagram's own clients act as, and the requests they send here: the page
    // offers the same people and prefills the same bodies.
    Json users = Json::array();
    Json examples = Json::array();
    for (const Node& n : diagram.nodes()) {
        if (!isClient(n)) continue;
        bool toGateway = false;
        for (const Edge& e : diagram.edges())
            if (e.from == n.id && e.to == gateway) toGateway = true;
        for (const Json& u : n.config.value("users", Json::array()))
            if (u.is_string() && u.get<std::string>() != "anonymous") addUnique(users, u);
        if (!toGateway) continue;
        for (const Json& r : n.config.value("requests", Json::array())) {
            if (!r.is_object()) continue;
            Json example{{"method", r.value("method", std::string("GET"))},
                         {"path", r.value("path", std::string("/"))}};
            if (r.contains("body")) example["body"] = r["body"];
            addUnique(examples, example);
        }
    }
    if (users.empty()) users = Json::array({"alice", "bob"});
    out["users"] = users;
    out["examples"] = examples;
    return out;
}

std::optional<HttpResponse> answer(const HttpRequest& request, const Diagram& diagram, const NodeId& gateway,
                                   const std::vector<LiveEndpoint>& endpoints)
{
    if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
    QByteArray path = request.target;
    if (const qsizetype query = path.indexOf('?'); query >= 0) path.truncate(query);
    HttpResponse response;
    // The page is ours, not the diagram's: no caching, so a rebuilt page shows at once.
    response.headers.push_back({"Cache-Control", "no-store"});
    if (path == kPagePath) {
        response.body = page();
        response.contentType = "text/html; charset=utf-8";
        return response;
    }
    if (path == kDescriptionPath) {
        response.body = QByteArray::fromStdString(describe(diagram, gateway, endpoints).dump());
        return response;
    }
    return std::nullopt;
}

}  // namespace ml::webclient
