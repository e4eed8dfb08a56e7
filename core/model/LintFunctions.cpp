// Function wiring rules (SEMANTICS.md "The nine microservice kinds"): gatekeepers own their
// stores, routers own API gateways, log groups have at most two subscriptions, and a function
// that invokes itself never stops.
#include "model/ConfigCheckDetail.h"
#include "model/LintContext.h"

#include <QHash>

namespace ml::lintrules {

namespace {

using configcheck::quoted;

void checkGuardedStores(LintContext& c)
{
    const auto& edges = c.diagram.edges();
    // store id → the first gatekeeper (in edge order) wired to it
    QHash<QString, QString> guardedBy;
    for (size_t j = 0; j < edges.size(); ++j)
        if (c.edgeIs(j, "data-access") && c.isKind(edges[j].from, "gatekeeper") &&
            !guardedBy.contains(edges[j].to.value))
            guardedBy.insert(edges[j].to.value, edges[j].from.value);

    for (size_t j = 0; j < edges.size(); ++j) {
        const Edge& e = edges[j];
        if (!c.edgeIs(j, "data-access") || c.isKind(e.from, "gatekeeper")) continue;
        const auto gate = guardedBy.constFind(e.to.value);
        if (gate == guardedBy.constEnd()) continue;
        c.error("guarded-store", e.from, e.id, LintContext::edgePointer(j),
                QStringLiteral("%1 is wired to %2, which gatekeeper %3 guards; only the gatekeeper may touch it")
                    .arg(c.describeNode(e.from), c.describeNode(e.to), quoted(*gate)));
    }
}

void checkInvokes(LintContext& c)
{
    const auto& edges = c.diagram.edges();
    for (size_t j = 0; j < edges.size(); ++j) {
        const Edge& e = edges[j];
        if (!c.edgeIs(j, "invoke")) continue;
        if (c.isKind(e.from, "api-gateway") && !c.isKind(e.to, "router"))
            c.warning("api-non-router", e.to, e.id, LintContext::edgePointer(j),
                      QStringLiteral("%1 invokes %2 directly; only a router should take input from an API gateway")
                          .arg(c.describeNode(e.from), c.describeNode(e.to)));
        if (e.from == e.to)
            c.warning("self-invoke", e.from, e.id, LintContext::edgePointer(j),
                      QStringLiteral("%1 invokes itself; every invocation would start another one")
                          .arg(c.describeNode(e.from)));
    }
}

// CloudWatch Logs allows two subscription filters per log group.
void checkLogSubscriptions(LintContext& c)
{
    constexpr size_t kMostSubscriptions = 2;
    const auto& edges = c.diagram.edges();
    for (const Node& n : c.diagram.nodes()) {
        if (n.kind != QLatin1String("logs")) continue;
        std::vector<size_t> subscriptions;
        for (size_t j = 0; j < edges.size(); ++j)
            if (edges[j].from == n.id && c.edgeIs(j, "log-subscription")) subscriptions.push_back(j);
        if (subscriptions.size() <= kMostSubscriptions) continue;
        QStringList targets;
        for (size_t j : subscriptions) targets << quoted(edges[j].to.value);
        const size_t first = subscriptions[kMostSubscriptions];
        c.error("too-many-log-subscriptions", n.id, edges[first].id, LintContext::edgePointer(first),
                QStringLiteral("log group %1 has %2 subscription filters (to %3); CloudWatch allows at most %4")
                    .arg(quoted(n.id.value))
                    .arg(subscriptions.size())
                    .arg(targets.join(QStringLiteral(", ")))
                    .arg(kMostSubscriptions));
    }
}

}  // namespace

void checkFunctions(LintContext& c)
{
    checkGuardedStores(c);
    checkInvokes(c);
    checkLogSubscriptions(c);
}

}  // namespace ml::lintrules
