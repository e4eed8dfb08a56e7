// Copy and paste of diagram fragments: a fragment is a Diagram — the chosen nodes and the edges
// between them — written and read by the project file's own writer and reader (one serialisation
// of a node and an edge, STYLE.md 12), under its own format name so neither is opened as the other.
#pragma once

#include "format/Result.h"
#include "model/Diagram.h"

#include <QByteArray>
#include <QPointF>

#include <vector>

namespace ml::fragment {

constexpr const char* kFormat = "microlab-fragment/1";

// The nodes (in diagram order) and every edge whose both ends are among them.
Diagram select(const Diagram& diagram, const std::vector<NodeId>& nodes);

// The project file's canonical text with "format": kFormat.
QByteArray serialize(const Diagram& fragment);

// Bytes from the clipboard, which come from anywhere: the project file's reader (bounded depth
// and size), so an error names the place ("clipboard:/nodes/0/kind: missing; …"). A fragment
// without nodes is an error; edges to nodes outside the fragment are dropped.
Result<Diagram> parse(const QByteArray& bytes);

// The fragment made ready to add to `target`: node ids unique in the target (and references
// between the copied nodes follow them), edge ids cleared (AddEdgeCommand assigns them), and
// positions moved by `offset`.
Diagram place(const Diagram& fragment, const Diagram& target, QPointF offset);

}  // namespace ml::fragment
