// Copy and paste of diagram fragments: the selected nodes and the edges between them as JSON
// (mime "application/x-microlab-fragment", also as text), pasted back with fresh ids.
#pragma once

#include "model/Diagram.h"

#include <QByteArray>
#include <QPointF>

#include <optional>
#include <vector>

class QMimeData;

namespace ml::ui::clipboard {

inline constexpr const char* kFragmentMime = "application/x-microlab-fragment";
inline constexpr const char* kKindMime = "application/x-microlab-kind";

// The nodes (in diagram order) and every edge whose both ends are among them.
QByteArray fragment(const Diagram& diagram, const std::vector<NodeId>& nodes);
std::optional<Diagram> parseFragment(const QByteArray& json);

// The fragment made ready to add to `target`: node ids unique in the target (and references
// between the copied nodes follow them), edge ids cleared (AddEdgeCommand assigns them), and
// positions moved by `offset`.
Diagram placeFragment(const Diagram& fragment, const Diagram& target, QPointF offset);

QMimeData* toMimeData(const QByteArray& json);
// The fragment on the clipboard (ours, or text that parses as one); empty when there is none.
QByteArray fromMimeData(const QMimeData* mime);

}  // namespace ml::ui::clipboard
