// Which layout runs, and the graph both layouts read: nodes by index, edges between existing
// nodes, and the column hints the Catalog gives (clients first, stores with nothing downstream last).
#include "layout/Arrange.h"

#include "model/Catalog.h"

#include <QHash>

#include <algorithm>
#include <climits>

namespace ml::layout {

namespace {

// dot's crossing reduction grows faster than linearly; past these sizes the layered layout
// answers at once instead of leaving the user waiting on a huge diagram.
constexpr size_t kGraphvizMaxNodes = 400;
constexpr size_t kGraphvizMaxEdges = 1600;

}  // namespace

namespace detail {

Graph graphOf(const Diagram& diagram)
{
    const Catalog& catalog = Catalog::instance();
    Graph g;
    QHash<QString, int> index;
    for (const Node& n : diagram.nodes()) {
        index.insert(n.id.value, int(g.nodes.size()));
        g.nodes.push_back(n.id);
        const KindInfo* kind = catalog.kind(n.kind);
        g.isClient.push_back(kind && kind->category == Category::Client);
        g.isSink.push_back(kind && kind->category == Category::Data);
    }
    std::vector<bool> hasOutgoing(g.nodes.size(), false);
    for (const Edge& e : diagram.edges()) {
        const auto from = index.constFind(e.from.value);
        const auto to = index.constFind(e.to.value);
        if (from == index.constEnd() || to == index.constEnd() || *from == *to) continue;
        g.links.push_back(Graph::Link{*from, *to, e.kind == QLatin1String("dead-letter")});
        hasOutgoing[size_t(*from)] = true;
    }
    for (size_t i = 0; i < g.nodes.size(); ++i) g.isSink[i] = g.isSink[i] && !hasOutgoing[i];
    return g;
}

}  // namespace detail

Arrangement arrange(const Diagram& diagram)
{
    Arrangement out;
    const detail::Graph graph = detail::graphOf(diagram);
    if (graph.nodes.empty()) return out;
    if (graph.nodes.size() <= kGraphvizMaxNodes && graph.links.size() <= kGraphvizMaxEdges) {
        out.positions = detail::graphvizLayout(graph);
        out.engine = Engine::Graphviz;
    }
    if (out.positions.size() != graph.nodes.size()) {
        out.positions = detail::layeredLayout(graph);
        out.engine = Engine::Layered;
    }
    int minX = INT_MAX, minY = INT_MAX;
    for (const Position& p : out.positions) {
        minX = std::min(minX, p.x);
        minY = std::min(minY, p.y);
    }
    for (Position& p : out.positions) {
        p.x -= minX;
        p.y -= minY;
    }
    return out;
}

Engine arrangeInPlace(Diagram& diagram)
{
    const Arrangement a = arrange(diagram);
    for (const Position& p : a.positions) {
        if (Node* n = diagram.node(p.id)) {
            n->x = p.x;
            n->y = p.y;
        }
    }
    return a.engine;
}

}  // namespace ml::layout
