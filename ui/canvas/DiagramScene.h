// The canvas scene: a projection of a DiagramModel. It follows the model's signals and keeps one
// NodeItem per node and one EdgeItem per edge; every edit made on the canvas is an undo command.
#pragma once

#include "model/DiagramModel.h"
#include "model/Problem.h"

#include <QGraphicsScene>
#include <QHash>
#include <QUndoStack>

#include <memory>
#include <vector>

namespace ml::ui {

class NodeItem;
class EdgeItem;
class ConnectionDrag;

class DiagramScene : public QGraphicsScene {
    Q_OBJECT
public:
    DiagramScene(ml::DiagramModel* model, QUndoStack* undo, QObject* parent = nullptr);
    ~DiagramScene() override;

    ml::DiagramModel* model() const;
    QUndoStack* undoStack() const;

    void setProblems(const ml::Problems& problems);  // red/amber marks on nodes/edges with errors/warnings
    // Clears other selection; `reveal` scrolls the item into view (ensureVisibleRequested). Edits
    // made with the mouse (a drop, a finished wire) do not reveal: the view must not move under
    // the cursor.
    void selectNode(const ml::NodeId& id, bool reveal = true);
    void selectEdge(const ml::EdgeId& id, bool reveal = true);
    std::vector<ml::NodeId> selectedNodes() const;  // in the model's node order
    std::vector<ml::EdgeId> selectedEdges() const;  // in the model's edge order
    QRectF itemsBoundingRectWithMargin() const;
    // Recomputes every edge's route (edges bend around cards in their way). Runs by itself, once,
    // after the cards moved, appeared, disappeared or changed width.
    void rerouteEdges();

    NodeItem* nodeItem(const ml::NodeId& id) const;
    EdgeItem* edgeItem(const ml::EdgeId& id) const;
    int nodeItemCount() const { return int(m_nodes.size()); }
    int edgeItemCount() const { return int(m_edges.size()); }

    // While a run exists the diagram is read-only (DESIGN.md "The GUI"): the one place that knows
    // it. Cards do not move, wires do not start, and every edit the scene or view offers refuses.
    void setReadOnly(bool on);
    bool isReadOnly() const { return m_readOnly; }
    // Snapping applies to palette drops and node drags.
    bool snapToGrid() const { return m_snap; }
    void setSnapToGrid(bool on) { m_snap = on; }
    QPointF snapped(QPointF p) const;

    // Items the user dragged sit where the mouse left them until the release; this pushes one
    // MoveNodesCommand for every card whose position differs from the model (one undo step).
    void commitMoves(const QString& text = QString());

    // The connection gesture, driven by the output PortItem that got the mouse press.
    void beginConnection(NodeItem* source, QPointF scenePos);
    void moveConnection(QPointF scenePos);
    ml::EdgeId finishConnection(QPointF scenePos);
    void cancelConnection();
    bool isConnecting() const { return bool(m_connection); }
    // What the label next to the cursor says (the refusal, or the edge kind to be made).
    QString connectionHint() const;

    // While the view zooms continuously, edges draw as one-pixel lines (several times cheaper)
    // and get their full look back when the zooming stops.
    bool isZooming() const { return m_zooming; }
    void setZooming(bool on);
    // The view's zoom: below canvas::kDetailZoom labels and ports are hidden (not just left
    // unpainted, which would still cost their cache pixmaps).
    void setViewZoom(double zoom);

    // Pushes AddEdgeCommand when the Catalog allows from → to and no such edge exists; returns
    // the new edge's id, or an empty id (and the reason in *why) when refused.
    ml::EdgeId connectNodes(const ml::NodeId& from, const ml::NodeId& to, QString* why = nullptr);
    // A new edge from → to as the canvas draws it: the Catalog's default kind, written to the file
    // where loading could not infer it and for dead-letter edges, as the samples write them.
    ml::Edge makeEdge(const ml::NodeId& from, const ml::NodeId& to) const;
    // Why from → to is refused, or an empty string when it is allowed.
    QString connectionRefusal(const ml::NodeId& from, const ml::NodeId& to) const;

signals:
    void currentChanged(const ml::NodeId& node, const ml::EdgeId& edge);  // both empty: nothing selected
    void ensureVisibleRequested(const QRectF& sceneRect);
    // A wire from `source` was let go over empty canvas: the view offers quick-add there.
    void wireReleased(const ml::NodeId& source, QPointF scenePos);

protected:
    void drawBackground(QPainter* painter, const QRectF& rect) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    void rebuild();
    void addNodeItem(const ml::NodeId& id);
    void removeNodeItem(const ml::NodeId& id);
    void addEdgeItem(const ml::EdgeId& id);
    void removeEdgeItem(const ml::EdgeId& id);
    void onNodeMoved(const ml::NodeId& id);
    void onNodeChanged(const ml::NodeId& id);
    void onNodeRenamed(const ml::NodeId& from, const ml::NodeId& to);
    void onEdgeChanged(const ml::EdgeId& id);
    void onSelectionChanged();
    void applyProblems();
    void scheduleReroute();

    ml::DiagramModel* m_model;
    QUndoStack* m_undo;
    QHash<ml::NodeId, NodeItem*> m_nodes;
    QHash<ml::EdgeId, EdgeItem*> m_edges;
    ml::Problems m_problems;
    ml::NodeId m_currentNode;
    ml::EdgeId m_currentEdge;
    bool m_snap = false;
    bool m_readOnly = false;
    bool m_rebuilding = false;
    bool m_zooming = false;
    bool m_details = true;
    bool m_reroutePending = false;
    std::unique_ptr<ConnectionDrag> m_connection;
};

}  // namespace ml::ui
