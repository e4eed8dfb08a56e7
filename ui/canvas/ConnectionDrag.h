// The gesture that wires two nodes: from an output port the user drags a rubber curve; nodes the
// Catalog refuses dim, allowed ones light up, and hovering a refused node says why.
#pragma once

#include "model/Ids.h"

#include <QHash>
#include <QPointF>
#include <QString>

class QGraphicsPathItem;

namespace ml::ui {

class DiagramScene;
class NodeItem;
class ConnectionHint;

class ConnectionDrag {
public:
    ConnectionDrag(DiagramScene* scene, NodeItem* source, QPointF scenePos);
    ~ConnectionDrag();  // puts every node back to normal and removes the rubber curve
    ConnectionDrag(const ConnectionDrag&) = delete;
    ConnectionDrag& operator=(const ConnectionDrag&) = delete;

    NodeItem* source() const { return m_source; }
    void moveTo(QPointF scenePos);
    // The node under the cursor, its refusal ("" when allowed) — for the release.
    NodeItem* target() const { return m_target; }
    QString refusal(NodeItem* node) const { return m_refusals.value(node); }
    bool isAllowed(NodeItem* node) const { return node && m_allowed.contains(node); }
    QString hintText() const;

private:
    NodeItem* nodeAt(QPointF scenePos) const;

    DiagramScene* m_scene;
    NodeItem* m_source;
    NodeItem* m_target = nullptr;
    QGraphicsPathItem* m_rubber;
    ConnectionHint* m_hint;
    QHash<NodeItem*, QString> m_refusals;
    QHash<NodeItem*, QString> m_allowed;  // node → the edge kind's display name
};

}  // namespace ml::ui
