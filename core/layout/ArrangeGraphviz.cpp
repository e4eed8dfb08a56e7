// The layered layout by Graphviz's dot, run in-process through libgvc (rankdir=LR). dot is the
// well-kept Sugiyama implementation (network-simplex ranking, median/transpose crossing
// reduction, priority-method coordinates); writing our own would mean maintaining all of that.
#include "layout/Arrange.h"

#ifdef MICROLAB_HAVE_GVC
#include <graphviz/gvc.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <numeric>
#include <string>

namespace ml::layout {

#ifdef MICROLAB_HAVE_GVC

bool graphvizAvailable() { return true; }

namespace {

// cgraph's API predates const; it copies every string it is given.
char* c(const char* text) { return const_cast<char*>(text); }

std::string inches(int pixels)
{
    // Graphviz measures nodes in inches and places them in points (1/72 in), so a size of
    // pixels/72 inches comes back as pixels.
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6f", double(pixels) / 72.0);
    return buffer;
}

int root(std::vector<int>& parent, int i)
{
    while (parent[size_t(i)] != i) i = parent[size_t(i)] = parent[size_t(parent[size_t(i)])];
    return i;
}

}  // namespace

namespace detail {

std::vector<Position> graphvizLayout(const Graph& graph)
{
    // libgvc keeps global state (its error hook, the plugin registry); one layout at a time.
    static std::mutex mutex;
    const std::lock_guard<std::mutex> lock(mutex);
    static GVC_t* context = [] {
        agseterr(AGMAX);  // warnings would go to stderr; a failed layout falls back instead
        return gvContext();
    }();
    if (!context) return {};

    Agraph_t* g = agopen(c("diagram"), Agdirected, nullptr);
    agattr(g, AGRAPH, c("rankdir"), c("LR"));
    agattr(g, AGRAPH, c("nodesep"), c(inches(kRowGap).c_str()));
    agattr(g, AGRAPH, c("ranksep"), c(inches(kColumnGap).c_str()));
    agattr(g, AGRAPH, c("splines"), c("false"));  // only node positions are used; skip edge routing
    agattr(g, AGNODE, c("shape"), c("box"));
    agattr(g, AGNODE, c("fixedsize"), c("true"));
    agattr(g, AGNODE, c("label"), c(""));
    agattr(g, AGNODE, c("width"), c(inches(kCardWidth).c_str()));
    agattr(g, AGNODE, c("height"), c(inches(kCardHeight).c_str()));
    Agsym_t* constraint = agattr(g, AGEDGE, c("constraint"), c("true"));

    std::vector<Agnode_t*> nodes;
    for (size_t i = 0; i < graph.nodes.size(); ++i) nodes.push_back(agnode(g, c(("n" + std::to_string(i)).c_str()), 1));

    Agraph_t* first = nullptr;
    Agraph_t* last = nullptr;
    for (size_t i = 0; i < nodes.size(); ++i) {
        if (graph.isClient[i]) {
            if (!first) {
                first = agsubg(g, c("clients"), 1);
                agsafeset(first, c("rank"), c("min"), c(""));
            }
            agsubnode(first, nodes[i], 1);
        } else if (graph.isSink[i]) {
            if (!last) {
                last = agsubg(g, c("stores"), 1);
                agsafeset(last, c("rank"), c("max"), c(""));
            }
            agsubnode(last, nodes[i], 1);
        }
    }

    // A queue and its dead-letter queues share a column; the flat edge queue → DLQ puts the DLQ
    // below (dot orders a rank top to bottom along flat edges under rankdir=LR). Links that
    // would close a loop of dead-letter edges are left out (the linter reports such loops).
    std::vector<int> parent(graph.nodes.size());
    std::iota(parent.begin(), parent.end(), 0);
    std::vector<Agraph_t*> columns(graph.nodes.size(), nullptr);
    for (const Graph::Link& l : graph.links) {
        if (!l.deadLetter) continue;
        if (graph.isClient[size_t(l.from)] || graph.isClient[size_t(l.to)] || graph.isSink[size_t(l.from)] ||
            graph.isSink[size_t(l.to)])
            continue;
        const int a = root(parent, l.from), b = root(parent, l.to);
        if (a == b) continue;
        parent[size_t(b)] = a;
        agedge(g, nodes[size_t(l.from)], nodes[size_t(l.to)], nullptr, 1);
    }
    for (size_t i = 0; i < nodes.size(); ++i) {
        const size_t r = size_t(root(parent, int(i)));
        if (r == i) continue;
        if (!columns[r]) {
            columns[r] = agsubg(g, c(("column" + std::to_string(r)).c_str()), 1);
            agsafeset(columns[r], c("rank"), c("same"), c(""));
            agsubnode(columns[r], nodes[r], 1);
        }
        agsubnode(columns[r], nodes[i], 1);
    }

    for (const Graph::Link& l : graph.links) {
        if (l.deadLetter) continue;
        Agedge_t* e = agedge(g, nodes[size_t(l.from)], nodes[size_t(l.to)], nullptr, 1);
        // Edges into a client or out of a last-column store run against the columns; they must
        // not pull the layering.
        if (graph.isClient[size_t(l.to)] || graph.isSink[size_t(l.from)]) agxset(e, constraint, c("false"));
    }

    std::vector<Position> out;
    if (gvLayout(context, g, "dot") == 0) {
        for (size_t i = 0; i < nodes.size(); ++i) {
            const pointf centre = ND_coord(nodes[i]);
            // Graphviz's y grows upwards; the canvas's grows downwards.
            out.push_back(Position{graph.nodes[i], int(std::lround(centre.x - kCardWidth / 2.0)),
                                   int(std::lround(-centre.y - kCardHeight / 2.0))});
        }
        gvFreeLayout(context, g);
    }
    agclose(g);
    return out;
}

}  // namespace detail

#else

bool graphvizAvailable() { return false; }

namespace detail {
std::vector<Position> graphvizLayout(const Graph&) { return {}; }
}  // namespace detail

#endif

}  // namespace ml::layout
