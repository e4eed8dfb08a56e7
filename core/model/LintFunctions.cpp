// Function wiring rules (SEMANTICS.md "The nine microservice kinds"): gatekeepers own their
// stores, routers own API gateways, log groups have at most two subscriptions, a function that
// invokes itself never stops, and one whose output comes back to it loops until Lambda's
// recursive loop detection stops the chain.
#include "model/ConfigCheckDetail.h"
#include "model/LintContext.h"

#include <QHash>

#include <set>
#include <vector>

namespace ml::lintrules {

namespace {

using configcheck::quoted;

void checkGuardedStores(LintContext& c)
{
    const auto& edges = c.diagram.edges();
    // store id → the first gatekeeper (in edge order) wired to it
    QHash<QString, QString> guardedBy;
    for (size_t j = 0; j < edges.size(); ++j)
        if (c.edgeIs(j, "data-access") && c.has(edges[j].from, &KindInfo::guardsStores) &&
            !guardedBy.contains(edges[j].to.value))
            guardedBy.insert(edges[j].to.value, edges[j].from.value);

    for (size_t j = 0; j < edges.size(); ++j) {
        const Edge& e = edges[j];
        if (!c.edgeIs(j, "data-access") || c.has(e.from, &KindInfo::guardsStores)) continue;
        const auto gate = guardedBy.constFind(e.to.value);
        if (gate == guardedBy.constEnd()) continue;
        c.error("guarded-store", e.from, e.id, LintContext::edgePointer(j),
                QStringLiteral("%1 is wired to %2, which gatekeeper %3 guards; only the gatekeeper may touch it")
                    .arg(c.describeNode(e.from), c.describeNode(e.to), c.nameOf(NodeId(*gate))));
    }
}

void checkInvokes(LintContext& c)
{
    const auto& edges = c.diagram.edges();
    for (size_t j = 0; j < edges.size(); ++j) {
        const Edge& e = edges[j];
        if (!c.edgeIs(j, "invoke")) continue;
        const KindInfo* target = c.kindOf(e.to);
        if (c.kindOf(e.from)->endpoint == Endpoint::Http && target && target->edgeChoice != EdgeChoice::Action)
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
        if (!c.has(n, &KindInfo::isLogGroup)) continue;
        std::vector<size_t> subscriptions;
        for (size_t j = 0; j < edges.size(); ++j)
            if (edges[j].from == n.id && c.edgeIs(j, "log-subscription")) subscriptions.push_back(j);
        if (subscriptions.size() <= kMostSubscriptions) continue;
        QStringList targets;
        for (size_t j : subscriptions) targets << c.nameOf(edges[j].to);
        const size_t first = subscriptions[kMostSubscriptions];
        c.error("too-many-log-subscriptions", n.id, edges[first].id, LintContext::edgePointer(first),
                QStringLiteral("log group %1 has %2 subscription filters (to %3); CloudWatch allows at most %4")
                    .arg(c.nameOf(n.id))
                    .arg(subscriptions.size())
                    .arg(targets.join(QStringLiteral(", ")))
                    .arg(kMostSubscriptions));
    }
}

// Edges along which a function's output can come back as a new invocation: not dead-letter
// edges (their loops are the queues' rule), not pushes (they go to browsers), not traffic.
bool carriesWork(const QString& kind)
{
    static const char* const kinds[] = {"invoke", "enqueue", "event-source",     "subscription", "notification",
                                        "stream", "route",   "log-subscription", "logging",      "data-access"};
    for (const char* k : kinds)
        if (kind == QLatin1String(k)) return true;
    return false;
}

// A path of edges from `from` back to `to` (breadth first: the shortest), or empty.
std::vector<size_t> pathBack(const LintContext& c, int from, int to)
{
    const auto& edges = c.diagram.edges();
    const int n = int(c.diagram.nodes().size());
    std::vector<int> via(size_t(n), -1);  // the edge that reached each node
    std::vector<int> frontier{from};
    std::vector<bool> seen(size_t(n), false);
    seen[size_t(from)] = true;
    while (!frontier.empty()) {
        std::vector<int> next;
        for (int at : frontier) {
            for (size_t j = 0; j < edges.size(); ++j) {
                if (!carriesWork(c.edgeKind(j)) || c.indexOf(edges[j].from) != at) continue;
                const int target = c.indexOf(edges[j].to);
                if (target == to) {
                    std::vector<size_t> path{j};
                    for (int back = at; back != from; back = c.indexOf(edges[size_t(via[size_t(back)])].from))
                        path.insert(path.begin(), size_t(via[size_t(back)]));
                    return path;
                }
                if (target < 0 || seen[size_t(target)]) continue;
                seen[size_t(target)] = true;
                via[size_t(target)] = int(j);
                next.push_back(target);
            }
        }
        frontier.swap(next);
    }
    return {};
}

void checkRecursiveLoops(LintContext& c)
{
    constexpr int kLambdaLoopLimit = 16;  // the engine's kRecursiveLoopLimit
    const auto& nodes = c.diagram.nodes();
    const auto& edges = c.diagram.edges();
    std::set<std::set<size_t>> reported;  // each loop once, at its first function
    for (int i = 0; i < int(nodes.size()); ++i) {
        if (!c.isFunction(nodes[size_t(i)].id)) continue;
        const std::vector<size_t> path = pathBack(c, i, i);
        if (path.empty()) continue;
        if (path.size() == 1 && c.edgeIs(path.front(), "invoke")) continue;  // self-invoke says it
        const std::set<size_t> loop(path.begin(), path.end());
        if (!reported.insert(loop).second) continue;
        QStringList names{c.nameOf(nodes[size_t(i)].id)};
        for (size_t j : path) names << c.nameOf(edges[j].to);
        c.warning("recursive-loop", nodes[size_t(i)].id, {}, LintContext::nodePointer(i),
                  QStringLiteral("%1's output comes back to it (%2): every run causes another, until Lambda's "
                                 "recursive loop detection stops the chain after %3 runs")
                      .arg(c.describeNode(nodes[size_t(i)].id), names.join(QStringLiteral(" \u2192 ")))
                      .arg(kLambdaLoopLimit));
    }
}

}  // namespace

void checkFunctions(LintContext& c)
{
    checkGuardedStores(c);
    checkInvokes(c);
    checkLogSubscriptions(c);
    checkRecursiveLoops(c);
}

}  // namespace ml::lintrules
