// The "unreachable" rule: a node that nothing can ever send anything to.
//
// Sources are the nodes where work enters a run: client, cron, api-gateway and websocket-api.
// A node is reachable when a path of edges leads from a source to it, following each edge in its
// direction (a function's logging edge reaches its log group, a data-access edge reaches the table,
// the table's stream edge reaches a trigger; a data-access edge is never followed backwards).
// Two more ways in:
//   - a node named by a NodeRef in the config of a reached node or followed edge (a
//     subscription's deadLetterQueue) is reached with it;
//   - a log group nothing is wired to is reached as soon as any function is, because it may
//     be the diagram's default log group that receives every unwired function's lines.
// A diagram with no source at all is driven only by injected messages (microlab-cli run
// --inject); flagging every node would be noise, so the rule stays silent then.
#include "model/ConfigCheckDetail.h"
#include "model/LintContext.h"

#include <deque>

namespace ml::lintrules {

namespace {

// Node ids named by NodeRef keys of `config`.
QStringList referencedNodes(const Json& config, const std::vector<ConfigKey>& keys)
{
    QStringList ids;
    for (const ConfigKey& k : keys)
        if (k.type == ValueType::NodeRef) {
            const QString id = LintContext::stringOf(config, toStd(k.name).c_str());
            if (!id.isEmpty()) ids << id;
        }
    return ids;
}

}  // namespace

void checkReachability(LintContext& c)
{
    const auto& nodes = c.diagram.nodes();
    const auto& edges = c.diagram.edges();
    std::vector<bool> reached(nodes.size(), false);
    std::deque<int> pending;
    auto reach = [&](int i) {
        if (i < 0 || reached[size_t(i)]) return;
        reached[size_t(i)] = true;
        pending.push_back(i);
    };

    // Outgoing edges per node, so the walk is linear in the diagram's size.
    std::vector<std::vector<size_t>> out(nodes.size());
    for (size_t j = 0; j < edges.size(); ++j) {
        const int from = c.indexOf(edges[j].from);
        if (from >= 0 && c.indexOf(edges[j].to) >= 0) out[size_t(from)].push_back(j);
    }

    auto walk = [&] {
        while (!pending.empty()) {
            const int i = pending.front();
            pending.pop_front();
            const Node& n = nodes[size_t(i)];
            if (const KindInfo* k = c.catalog.kind(n.kind))
                for (const QString& id : referencedNodes(c.nodeConfig(i), k->config)) reach(c.indexOf(NodeId(id)));
            for (size_t j : out[size_t(i)]) {
                const Edge& e = edges[j];
                reach(c.indexOf(e.to));
                if (c.edgeKind(j).isEmpty()) continue;
                const Node* to = c.node(e.to);
                for (const QString& id :
                     referencedNodes(c.edgeConfig(j), c.catalog.edgeConfigKeys(n.kind, to->kind, c.edgeKind(j))))
                    reach(c.indexOf(NodeId(id)));
            }
        }
    };

    bool anySource = false;
    for (size_t i = 0; i < nodes.size(); ++i)
        if (c.has(nodes[i], &KindInfo::startsTraffic)) {
            anySource = true;
            reach(int(i));
        }
    if (!anySource) return;
    walk();

    bool functionReached = false;
    for (size_t i = 0; i < nodes.size(); ++i)
        if (reached[i] && c.isFunction(nodes[i].id)) functionReached = true;
    if (functionReached) {
        for (size_t i = 0; i < nodes.size(); ++i)
            if (c.has(nodes[i], &KindInfo::isLogGroup) && c.diagram.edgesTo(nodes[i].id).empty()) reach(int(i));
        walk();
    }

    for (size_t i = 0; i < nodes.size(); ++i) {
        if (reached[i]) continue;
        c.warning("unreachable", nodes[i].id, {}, LintContext::nodePointer(int(i)),
                  QStringLiteral("%1 is not reachable from any client, cron, api-gateway or websocket-api; it will "
                                 "never receive anything")
                      .arg(c.describeNode(nodes[i].id)));
    }
}

}  // namespace ml::lintrules
