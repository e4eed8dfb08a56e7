// Automatic layout of a diagram (issue 11 item 6): layered, left to right, clients in the first
// column, stores with nothing downstream in the last, each dead-letter queue right below its queue.
// Graphviz's dot (libgvc, in-process) does the layering and crossing reduction when it is built in;
// a small longest-path layering stands in where it is not, and for diagrams too large for dot.
#pragma once

#include "model/Diagram.h"

#include <vector>

namespace ml::layout {

// A node's card on the canvas (ui/canvas/CanvasStyle.h kNodeWidth/kNodeHeight use the same
// numbers; the UI checks it with a static_assert). Node::x/y is the card's top-left corner.
constexpr int kCardWidth = 152;
constexpr int kCardHeight = 56;
// Gaps between cards: columns 216 apart and rows 128 apart, close to the 200 × 150 grid the
// samples are drawn on, with room for an edge label between columns.
constexpr int kColumnGap = 64;
constexpr int kRowGap = 72;

struct Position {
    NodeId id;
    int x = 0;
    int y = 0;
};

enum class Engine { Graphviz, Layered };

struct Arrangement {
    std::vector<Position> positions;  // one per node, in the diagram's node order
    Engine engine = Engine::Layered;  // what computed it
};

// Top-left corners in whole pixels, the top-left card at (0, 0). Deterministic: the same
// diagram gives the same positions. Edges to missing nodes are ignored.
Arrangement arrange(const Diagram& diagram);

// arrange() written into the diagram's nodes.
Engine arrangeInPlace(Diagram& diagram);

// True when Graphviz is built in (microlab_core found libgvc with pkg-config).
bool graphvizAvailable();

namespace detail {
// The parts arrange() combines; exposed for tests.
struct Graph {
    std::vector<NodeId> nodes;
    struct Link {
        int from = 0;
        int to = 0;
        bool deadLetter = false;
    };
    std::vector<Link> links;
    std::vector<bool> isClient;  // first column
    std::vector<bool> isSink;    // a store with nothing downstream: last column
};
Graph graphOf(const Diagram& diagram);
// Empty when Graphviz is missing or failed.
std::vector<Position> graphvizLayout(const Graph& graph);
std::vector<Position> layeredLayout(const Graph& graph);
}  // namespace detail

}  // namespace ml::layout
