// The layout used without Graphviz (or for diagrams too large for dot): longest-path layering
// after breaking cycles at DFS back edges, a few barycentre sweeps against crossings, and each
// dead-letter queue in its queue's column right below it. Linear in nodes and edges per sweep.
#include "layout/Arrange.h"

#include <algorithm>
#include <deque>

namespace ml::layout::detail {

namespace {

constexpr int kSweeps = 4;

// Forward links (source → target) with cycles broken: a link to a node still on the DFS stack
// would close a loop, so it is left out of the layering.
std::vector<std::vector<int>> acyclicSuccessors(const Graph& graph, const std::vector<std::vector<int>>& successors)
{
    const size_t n = graph.nodes.size();
    std::vector<std::vector<int>> kept(n);
    enum : char { White, Grey, Black };
    std::vector<char> colour(n, White);
    std::vector<size_t> roots;
    for (size_t i = 0; i < n; ++i)
        if (graph.isClient[i]) roots.push_back(i);
    for (size_t i = 0; i < n; ++i)
        if (!graph.isClient[i]) roots.push_back(i);
    for (size_t start : roots) {
        if (colour[start] != White) continue;
        std::vector<std::pair<int, size_t>> stack{{int(start), 0}};  // node, next successor
        colour[start] = Grey;
        while (!stack.empty()) {
            auto& [v, next] = stack.back();
            if (next < successors[size_t(v)].size()) {
                const int w = successors[size_t(v)][next++];
                if (colour[size_t(w)] == Grey) continue;  // back edge
                kept[size_t(v)].push_back(w);
                if (colour[size_t(w)] == White) {
                    colour[size_t(w)] = Grey;
                    stack.push_back({w, 0});
                }
            } else {
                colour[size_t(v)] = Black;
                stack.pop_back();
            }
        }
    }
    return kept;
}

}  // namespace

std::vector<Position> layeredLayout(const Graph& graph)
{
    const size_t n = graph.nodes.size();
    std::vector<std::vector<int>> successors(n), predecessors(n);
    std::vector<int> deadLetterOf(n, -1);  // a DLQ's (first) source queue
    for (const Graph::Link& l : graph.links) {
        if (l.deadLetter) {
            if (deadLetterOf[size_t(l.to)] < 0) deadLetterOf[size_t(l.to)] = l.from;
            continue;
        }
        // Edges into clients and out of last-column stores do not pull the layering.
        if (graph.isClient[size_t(l.to)] || graph.isSink[size_t(l.from)]) continue;
        successors[size_t(l.from)].push_back(l.to);
    }
    const std::vector<std::vector<int>> forward = acyclicSuccessors(graph, successors);

    // Longest path from the sources (Kahn's order over the acyclic links).
    std::vector<int> layer(n, 0), indegree(n, 0);
    for (size_t v = 0; v < n; ++v)
        for (int w : forward[v]) {
            ++indegree[size_t(w)];
            predecessors[size_t(w)].push_back(int(v));
        }
    std::deque<int> ready;
    for (size_t v = 0; v < n; ++v)
        if (indegree[v] == 0) ready.push_back(int(v));
    while (!ready.empty()) {
        const int v = ready.front();
        ready.pop_front();
        for (int w : forward[size_t(v)]) {
            layer[size_t(w)] = std::max(layer[size_t(w)], layer[size_t(v)] + 1);
            if (--indegree[size_t(w)] == 0) ready.push_back(w);
        }
    }
    int last = 0;
    for (size_t v = 0; v < n; ++v) last = std::max(last, layer[v]);
    for (size_t v = 0; v < n; ++v) {
        if (graph.isClient[v])
            layer[v] = 0;
        else if (graph.isSink[v] && !predecessors[v].empty())
            layer[v] = std::max(last, 1);
    }
    // A DLQ fed by nothing else sits in its queue's column (chains of DLQs follow in order).
    for (int round = 0; round < 8; ++round)
        for (size_t v = 0; v < n; ++v)
            if (deadLetterOf[v] >= 0 && predecessors[v].empty()) layer[v] = layer[size_t(deadLetterOf[v])];

    int layers = 0;
    for (size_t v = 0; v < n; ++v) layers = std::max(layers, layer[v] + 1);
    std::vector<std::vector<int>> rows(static_cast<size_t>(layers));
    std::vector<double> order(n, 0);
    for (size_t v = 0; v < n; ++v) {
        if (deadLetterOf[v] >= 0 && layer[v] == layer[size_t(deadLetterOf[v])]) continue;  // placed with its queue
        rows[size_t(layer[v])].push_back(int(v));
    }
    auto renumber = [&] {
        for (const auto& row : rows)
            for (size_t i = 0; i < row.size(); ++i) order[size_t(row[i])] = double(i);
    };
    renumber();
    for (int sweep = 0; sweep < kSweeps; ++sweep) {
        const bool down = sweep % 2 == 0;
        for (size_t r = 0; r < rows.size(); ++r) {
            auto& row = rows[down ? r : rows.size() - 1 - r];
            std::vector<std::pair<double, int>> keyed;
            for (size_t i = 0; i < row.size(); ++i) {
                const int v = row[i];
                const auto& neighbours = down ? predecessors[size_t(v)] : forward[size_t(v)];
                double sum = 0;
                for (int w : neighbours) sum += order[size_t(w)];
                keyed.push_back({neighbours.empty() ? order[size_t(v)] : sum / double(neighbours.size()), int(i)});
            }
            std::stable_sort(keyed.begin(), keyed.end());
            std::vector<int> sorted;
            for (const auto& k : keyed) sorted.push_back(row[size_t(k.second)]);
            row = std::move(sorted);
            renumber();
        }
    }

    // Put each DLQ (and DLQs of DLQs) right after its queue.
    std::vector<std::vector<int>> deadLetterQueues(n);
    for (size_t w = 0; w < n; ++w)
        if (deadLetterOf[w] >= 0 && layer[w] == layer[size_t(deadLetterOf[w])] && predecessors[w].empty())
            deadLetterQueues[size_t(deadLetterOf[w])].push_back(int(w));
    std::vector<bool> placedAlready(n, false);
    for (auto& row : rows) {
        std::vector<int> placed;
        std::vector<int> pending;
        for (auto it = row.rbegin(); it != row.rend(); ++it) pending.push_back(*it);
        while (!pending.empty()) {
            const int v = pending.back();
            pending.pop_back();
            if (placedAlready[size_t(v)]) continue;
            placedAlready[size_t(v)] = true;
            placed.push_back(v);
            const auto& dlqs = deadLetterQueues[size_t(v)];
            for (auto it = dlqs.rbegin(); it != dlqs.rend(); ++it) pending.push_back(*it);
        }
        row = std::move(placed);
    }

    std::vector<Position> out(n);
    for (size_t r = 0; r < rows.size(); ++r)
        for (size_t i = 0; i < rows[r].size(); ++i) {
            const int v = rows[r][i];
            out[size_t(v)] =
                Position{graph.nodes[size_t(v)], int(r) * (kCardWidth + kColumnGap), int(i) * (kCardHeight + kRowGap)};
        }
    // Anything not placed (a DLQ in a loop of DLQs) goes below everything in its column.
    std::vector<int> depth(rows.size(), 0);
    for (size_t r = 0; r < rows.size(); ++r) depth[r] = int(rows[r].size());
    std::vector<bool> seen(n, false);
    for (const auto& row : rows)
        for (int v : row) seen[size_t(v)] = true;
    for (size_t v = 0; v < n; ++v)
        if (!seen[v]) {
            const size_t r = size_t(layer[v]);
            out[v] = Position{graph.nodes[v], int(r) * (kCardWidth + kColumnGap), depth[r]++ * (kCardHeight + kRowGap)};
        }
    return out;
}

}  // namespace ml::layout::detail
