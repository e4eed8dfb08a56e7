// Rules for a diagram that is valid yet would do nothing when run (issue 11): nothing sends
// traffic, a gateway without routes (every request 404), a client request no route matches
// (404), a route action no router edge handles and a router edge action no route sends (400
// Unknown action), with the near miss a typo probably meant.
#include "model/ConfigCheckDetail.h"
#include "model/KindTraits.h"
#include "model/LintContext.h"
#include "model/RouteActions.h"

namespace ml::lintrules {

namespace {

using configcheck::quoted;

QString didYouMean(const QString& nearMiss)
{
    return nearMiss.isEmpty() ? QString() : QStringLiteral(" \u2014 did you mean %1?").arg(quoted(nearMiss));
}

QString jsonString(const Json& object, const char* key, const char* fallback = "")
{
    if (!object.is_object() || !object.contains(key) || !object[key].is_string()) return QString::fromLatin1(fallback);
    return toQString(object[key].get<std::string>());
}

void checkSomethingSends(LintContext& c)
{
    const auto& nodes = c.diagram.nodes();
    if (nodes.empty()) return;
    for (const Node& n : nodes)
        if (traits::sendsTraffic(n.kind)) return;
    c.warning("no-traffic", {}, {}, QStringLiteral("/nodes"),
              QStringLiteral("nothing sends traffic: add a client, a CRON, or use Send test message; a run would "
                             "have no events"));
}

void checkGatewayRoutes(LintContext& c)
{
    const auto& nodes = c.diagram.nodes();
    for (int i = 0; i < int(nodes.size()); ++i) {
        const Node& n = nodes[size_t(i)];
        if (!traits::servesRoutes(n.kind)) continue;
        const Json& routes = c.nodeConfig(i).value("routes", Json::array());
        if (routes.is_array() && !routes.empty()) continue;
        c.warning("gateway-without-routes", n.id, {}, LintContext::nodePointer(i, QStringLiteral("/config/routes")),
                  QStringLiteral("%1 has no routes: every request gets 404 Not Found; add a route (method, path, "
                                 "action) in the inspector")
                      .arg(c.describeNode(n.id)));
    }
}

// A client's requests towards a gateway with routes: each must match one, or it gets 404.
void checkClientRequests(LintContext& c)
{
    const auto& edges = c.diagram.edges();
    for (size_t j = 0; j < edges.size(); ++j) {
        const Edge& e = edges[j];
        const Node* client = c.node(e.from);
        const Node* gateway = c.node(e.to);
        if (c.edgeKind(j).isEmpty() || !client || !gateway) continue;
        if (!traits::sendsRequests(client->kind) || !traits::servesRoutes(gateway->kind)) continue;
        const Json& routes = c.nodeConfig(c.indexOf(gateway->id)).value("routes", Json::array());
        if (!routes.is_array() || routes.empty()) continue;  // gateway-without-routes says it
        const int ci = c.indexOf(client->id);
        Json requests = c.nodeConfig(ci).value("requests", Json::array());
        const bool defaulted = !requests.is_array() || requests.empty();
        if (defaulted) requests = Json::array({Json{{"method", "GET"}, {"path", "/"}}});
        QStringList paths;
        for (const Json& r : routes) paths << jsonString(r, "path", "/");
        for (size_t k = 0; k < requests.size(); ++k) {
            const QString method = jsonString(requests[k], "method", "GET");
            const QString path = jsonString(requests[k], "path", "/");
            bool matched = false;
            for (const Json& r : routes) {
                const QString routeMethod = jsonString(r, "method", "ANY");
                if (routeMethod != QLatin1String("ANY") && routeMethod != method) continue;
                if (routes::pathMatches(jsonString(r, "path", "/"), path)) matched = true;
            }
            if (matched) continue;
            const QString pointer = defaulted
                                        ? LintContext::nodePointer(ci, QStringLiteral("/config/requests"))
                                        : LintContext::nodePointer(ci, QStringLiteral("/config/requests/%1").arg(k));
            c.warning("request-without-route", client->id, e.id, pointer,
                      QStringLiteral("%1 sends %2 %3%4, which no route of %5 matches: it gets 404 Not Found%6")
                          .arg(c.describeNode(client->id), method, path,
                               defaulted ? QStringLiteral(" (it has no requests)") : QString(),
                               c.describeNode(gateway->id), didYouMean(routes::nearMiss(path, paths))));
        }
    }
}

// The actions the edges of `router` handle, with where each is written.
struct HandledAction {
    QString action;
    size_t edge = 0;
    size_t item = 0;
};

std::vector<HandledAction> handledBy(const LintContext& c, const NodeId& router)
{
    std::vector<HandledAction> out;
    const auto& edges = c.diagram.edges();
    for (size_t j = 0; j < edges.size(); ++j) {
        if (edges[j].from != router || c.edgeKind(j).isEmpty()) continue;
        const Json& actions = c.edgeConfig(j).value("actions", Json::array());
        if (!actions.is_array()) continue;
        for (size_t k = 0; k < actions.size(); ++k)
            if (actions[k].is_string()) out.push_back({toQString(actions[k].get<std::string>()), j, k});
    }
    return out;
}

void checkRouteActions(LintContext& c)
{
    const auto& nodes = c.diagram.nodes();
    for (int i = 0; i < int(nodes.size()); ++i) {
        const Node& gateway = nodes[size_t(i)];
        if (!traits::servesRoutes(gateway.kind)) continue;
        const Edge* integration = routes::integrationOf(c.diagram, gateway.id);
        const Node* router = integration ? c.node(integration->to) : nullptr;
        if (!router || !traits::dispatchesByAction(router->kind)) continue;
        QStringList handled;
        for (const HandledAction& h : handledBy(c, router->id)) handled << h.action;
        const Json& routes = c.nodeConfig(i).value("routes", Json::array());
        if (!routes.is_array()) continue;
        for (size_t k = 0; k < routes.size(); ++k) {
            const QString action = jsonString(routes[k], "action");
            if (handled.contains(action)) continue;
            const QString route =
                QStringLiteral("%1 %2").arg(jsonString(routes[k], "method", "ANY"), jsonString(routes[k], "path", "/"));
            const QString pointer = LintContext::nodePointer(i, QStringLiteral("/config/routes/%1/action").arg(k));
            if (action.isEmpty()) {
                c.warning("route-action-unhandled", gateway.id, {}, pointer,
                          QStringLiteral("route %1 of %2 sets no action: %3 answers its requests 400 Unknown action")
                              .arg(route, c.describeNode(gateway.id), c.describeNode(router->id)));
                continue;
            }
            const QString typo = routes::nearMiss(action, handled);
            c.warning(
                "route-action-unhandled", gateway.id, {}, pointer,
                QStringLiteral("route %1 of %2 sends action %3, which no edge of %4 handles: its requests get "
                               "400 Unknown action%5")
                    .arg(route, c.describeNode(gateway.id), quoted(action), c.describeNode(router->id),
                         typo.isEmpty() ? QString()
                                        : QStringLiteral(" (an edge handles %1 \u2014 a typo?)").arg(quoted(typo))));
        }
    }
}

void checkRouterEdges(LintContext& c)
{
    const auto& edges = c.diagram.edges();
    for (const Node& router : c.diagram.nodes()) {
        if (!traits::dispatchesByAction(router.kind)) continue;
        // Edges the router sends along: each must name at least one action, or it is never taken.
        for (size_t j = 0; j < edges.size(); ++j) {
            if (edges[j].from != router.id || c.edgeKind(j).isEmpty()) continue;
            if (!c.edgeConfig(j).contains("actions")) continue;  // not an action-dispatched edge (logging)
            const Json& actions = c.edgeConfig(j).value("actions", Json::array());
            if (actions.is_array() && !actions.empty()) continue;
            c.warning("router-edge-without-actions", router.id, edges[j].id,
                      LintContext::edgePointer(j, QStringLiteral("/config/actions")),
                      QStringLiteral("%1 lists no actions: %2 never sends anything along it")
                          .arg(c.describeEdge(j), c.describeNode(router.id)));
        }
        const std::vector<const Node*> gateways = routes::gatewaysInvoking(c.diagram, router.id);
        const QStringList sent = routes::actionsSentTo(c.diagram, router.id);
        if (gateways.empty() || sent.isEmpty()) continue;  // nothing asks it, or gateway-without-routes
        QStringList names;
        for (const Node* g : gateways) names << c.describeNode(g->id);
        for (const HandledAction& h : handledBy(c, router.id)) {
            if (sent.contains(h.action)) continue;
            c.warning("router-action-unrouted", router.id, edges[h.edge].id,
                      LintContext::edgePointer(h.edge, QStringLiteral("/config/actions/%1").arg(h.item)),
                      QStringLiteral("%1 handles action %2, which no route of %3 sends%4")
                          .arg(c.describeEdge(h.edge), quoted(h.action), names.join(QStringLiteral(" or ")),
                               didYouMean(routes::nearMiss(h.action, sent))));
        }
    }
}

}  // namespace

void checkTraffic(LintContext& c)
{
    checkSomethingSends(c);
    checkGatewayRoutes(c);
    checkClientRequests(c);
    checkRouteActions(c);
    checkRouterEdges(c);
}

}  // namespace ml::lintrules
