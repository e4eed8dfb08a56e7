#include "canvas/DiagramScene.h"

#include "canvas/CanvasGrid.h"
#include "canvas/CanvasStyle.h"
#include "canvas/ConnectionDrag.h"
#include "canvas/EdgeItem.h"
#include "canvas/NodeItem.h"
#include "commands/EditCommands.h"
#include "model/Catalog.h"

#include <QGraphicsSceneMouseEvent>
#include <QKeyEvent>
#include <QTimer>

#include <cmath>

namespace ml::ui {

using namespace canvas;

DiagramScene::DiagramScene(DiagramModel* model, QUndoStack* undo, QObject* parent)
    : QGraphicsScene(parent), m_model(model), m_undo(undo)
{
    Q_ASSERT(model && undo);
    // Items move only while dragged; the BSP index pays for itself in exposed-rect lookups
    // when a large diagram is panned (see tests/ui/canvasbench).
    setItemIndexMethod(BspTreeIndex);
    connect(model, &DiagramModel::reset, this, &DiagramScene::rebuild);
    connect(model, &DiagramModel::nodeAdded, this, &DiagramScene::addNodeItem);
    connect(model, &DiagramModel::nodeRemoved, this, &DiagramScene::removeNodeItem);
    connect(model, &DiagramModel::nodeMoved, this, &DiagramScene::onNodeMoved);
    connect(model, &DiagramModel::nodeChanged, this, &DiagramScene::onNodeChanged);
    connect(model, &DiagramModel::nodeRenamed, this, &DiagramScene::onNodeRenamed);
    connect(model, &DiagramModel::edgeAdded, this, &DiagramScene::addEdgeItem);
    connect(model, &DiagramModel::edgeRemoved, this, &DiagramScene::removeEdgeItem);
    connect(model, &DiagramModel::edgeChanged, this, &DiagramScene::onEdgeChanged);
    connect(this, &QGraphicsScene::selectionChanged, this, &DiagramScene::onSelectionChanged);
    rebuild();
}

DiagramScene::~DiagramScene()
{
    m_connection.reset();
    // Edges hold pointers to their nodes; take them down first.
    m_rebuilding = true;
    qDeleteAll(m_edges);
    m_edges.clear();
    qDeleteAll(m_nodes);
    m_nodes.clear();
}

DiagramModel* DiagramScene::model() const { return m_model; }
QUndoStack* DiagramScene::undoStack() const { return m_undo; }

NodeItem* DiagramScene::nodeItem(const NodeId& id) const { return m_nodes.value(id); }
EdgeItem* DiagramScene::edgeItem(const EdgeId& id) const { return m_edges.value(id); }

QPointF DiagramScene::snapped(QPointF p) const
{
    return QPointF(std::round(p.x() / kGrid) * kGrid, std::round(p.y() / kGrid) * kGrid);
}

void DiagramScene::rebuild()
{
    m_connection.reset();
    m_rebuilding = true;
    clearSelection();
    qDeleteAll(m_edges);
    m_edges.clear();
    qDeleteAll(m_nodes);
    m_nodes.clear();
    const Diagram& d = m_model->diagram();
    for (const Node& n : d.nodes()) {
        auto* item = new NodeItem(n);
        item->setDetailsVisible(m_details);
        addItem(item);
        m_nodes.insert(n.id, item);
    }
    for (const Edge& e : d.edges()) addEdgeItem(e.id);
    applyProblems();
    m_rebuilding = false;
    onSelectionChanged();
}

void DiagramScene::addNodeItem(const NodeId& id)
{
    const Node* n = m_model->diagram().node(id);
    if (!n || m_nodes.contains(id)) return;
    auto* item = new NodeItem(*n);
    item->setDetailsVisible(m_details);
    item->setFlag(QGraphicsItem::ItemIsMovable, !m_readOnly);
    addItem(item);
    m_nodes.insert(id, item);
    // Edges may name a node before it exists (undo of a delete re-adds nodes first).
    for (const Edge& e : m_model->diagram().edges())
        if ((e.from == id || e.to == id) && !m_edges.contains(e.id)) addEdgeItem(e.id);
    applyProblems();
    scheduleReroute();
}

void DiagramScene::removeNodeItem(const NodeId& id)
{
    NodeItem* item = m_nodes.take(id);
    if (!item) return;
    for (EdgeItem* e : std::vector<EdgeItem*>(item->edges())) {
        m_edges.remove(e->id());
        delete e;
    }
    m_connection.reset();
    delete item;
    scheduleReroute();
}

void DiagramScene::addEdgeItem(const EdgeId& id)
{
    const Edge* e = m_model->diagram().edge(id);
    if (!e || m_edges.contains(id)) return;
    NodeItem* from = m_nodes.value(e->from);
    NodeItem* to = m_nodes.value(e->to);
    // A dangling edge (the linter reports it) has nothing to draw.
    if (!from || !to) return;
    auto* item = new EdgeItem(*e, from, to);
    item->setDetailsVisible(m_details);
    addItem(item);
    // Routed again now that it can see the cards in its way.
    item->adjust();
    m_edges.insert(id, item);
    if (!m_rebuilding) applyProblems();
}

void DiagramScene::removeEdgeItem(const EdgeId& id) { delete m_edges.take(id); }

void DiagramScene::onNodeMoved(const NodeId& id)
{
    const Node* n = m_model->diagram().node(id);
    if (NodeItem* item = m_nodes.value(id); item && n) item->setModelPos(QPointF(n->x, n->y));
    scheduleReroute();
}

void DiagramScene::scheduleReroute()
{
    // Edges that merely pass a moved card are not attached to it; one pass over all of them
    // after the edit (a move of many cards is many signals) keeps every route clear.
    if (m_reroutePending) return;
    m_reroutePending = true;
    QTimer::singleShot(0, this, &DiagramScene::rerouteEdges);
}

void DiagramScene::rerouteEdges()
{
    m_reroutePending = false;
    for (EdgeItem* e : std::as_const(m_edges)) e->adjust();
}

void DiagramScene::onNodeChanged(const NodeId& id)
{
    const Node* n = m_model->diagram().node(id);
    NodeItem* item = m_nodes.value(id);
    if (!item || !n) return;
    item->sync(*n);
    // Edge labels read node kinds only, but their tooltips name the nodes.
    for (EdgeItem* e : item->edges())
        if (const Edge* edge = m_model->diagram().edge(e->id())) e->sync(*edge);
    scheduleReroute();  // a new name may have widened the card
}

void DiagramScene::onNodeRenamed(const NodeId& from, const NodeId& to)
{
    NodeItem* item = m_nodes.take(from);
    const Node* n = m_model->diagram().node(to);
    if (!item || !n) return;
    m_nodes.insert(to, item);
    item->sync(*n);
    // A rename rewrites references in any config, not only on this node's edges.
    for (EdgeItem* e : std::as_const(m_edges))
        if (const Edge* edge = m_model->diagram().edge(e->id())) e->sync(*edge);
    applyProblems();
    // The inspector shows the current node by id; tell it the id changed.
    if (m_currentNode == from) {
        m_currentNode = to;
        emit currentChanged(m_currentNode, m_currentEdge);
    }
}

void DiagramScene::onEdgeChanged(const EdgeId& id)
{
    const Edge* e = m_model->diagram().edge(id);
    if (EdgeItem* item = m_edges.value(id); item && e) item->sync(*e);
}

void DiagramScene::setProblems(const Problems& problems)
{
    m_problems = problems;
    applyProblems();
}

void DiagramScene::applyProblems()
{
    QHash<NodeId, std::vector<const Problem*>> byNode;
    QHash<EdgeId, std::vector<const Problem*>> byEdge;
    for (const Problem& p : m_problems) {
        if (!p.node.isEmpty())
            byNode[p.node].push_back(&p);
        else if (!p.edge.isEmpty())
            byEdge[p.edge].push_back(&p);
    }
    for (auto it = m_nodes.begin(); it != m_nodes.end(); ++it) it.value()->setProblems(byNode.value(it.key()));
    for (auto it = m_edges.begin(); it != m_edges.end(); ++it) it.value()->setProblems(byEdge.value(it.key()));
}

void DiagramScene::selectNode(const NodeId& id, bool reveal)
{
    NodeItem* item = m_nodes.value(id);
    clearSelection();
    if (!item) return;
    item->setSelected(true);
    if (reveal) emit ensureVisibleRequested(item->sceneCardRect());
}

void DiagramScene::selectEdge(const EdgeId& id, bool reveal)
{
    EdgeItem* item = m_edges.value(id);
    clearSelection();
    if (!item) return;
    item->setSelected(true);
    if (reveal) emit ensureVisibleRequested(item->sceneBoundingRect());
}

std::vector<NodeId> DiagramScene::selectedNodes() const
{
    std::vector<NodeId> out;
    for (const Node& n : m_model->diagram().nodes())
        if (NodeItem* item = m_nodes.value(n.id); item && item->isSelected()) out.push_back(n.id);
    return out;
}

std::vector<EdgeId> DiagramScene::selectedEdges() const
{
    std::vector<EdgeId> out;
    for (const Edge& e : m_model->diagram().edges())
        if (EdgeItem* item = m_edges.value(e.id); item && item->isSelected()) out.push_back(e.id);
    return out;
}

QRectF DiagramScene::itemsBoundingRectWithMargin() const
{
    QRectF r;
    for (NodeItem* n : m_nodes) r |= n->sceneCardRect();
    for (EdgeItem* e : m_edges) r |= e->sceneBoundingRect();
    return r.isNull() ? QRectF() : r.adjusted(-40, -40, 40, 40);
}

void DiagramScene::onSelectionChanged()
{
    if (m_rebuilding) return;
    NodeId node;
    EdgeId edge;
    const QList<QGraphicsItem*> items = selectedItems();
    if (items.size() == 1) {
        if (items.front()->type() == NodeItem::Type)
            node = static_cast<NodeItem*>(items.front())->id();
        else if (items.front()->type() == EdgeItem::Type)
            edge = static_cast<EdgeItem*>(items.front())->id();
    }
    if (node == m_currentNode && edge == m_currentEdge) return;
    m_currentNode = node;
    m_currentEdge = edge;
    emit currentChanged(node, edge);
}

void DiagramScene::setReadOnly(bool on)
{
    m_readOnly = on;
    if (on) cancelConnection();
    for (NodeItem* item : std::as_const(m_nodes)) item->setFlag(QGraphicsItem::ItemIsMovable, !on);
}

void DiagramScene::commitMoves(const QString& text)
{
    if (m_readOnly) return;
    std::vector<MoveNodesCommand::Move> moves;
    for (const Node& n : m_model->diagram().nodes()) {
        NodeItem* item = m_nodes.value(n.id);
        if (!item) continue;
        // A drag at a fractional zoom ends between pixels; files keep whole pixels.
        const QPointF to(std::round(item->pos().x()), std::round(item->pos().y()));
        if (to != item->pos()) item->setModelPos(to);
        if (to != QPointF(n.x, n.y)) moves.push_back({n.id, QPointF(n.x, n.y), to});
    }
    if (moves.empty()) return;
    auto* cmd = new MoveNodesCommand(m_model, std::move(moves), true);
    if (!text.isEmpty()) cmd->setText(text);
    m_undo->push(cmd);
}

QString DiagramScene::connectionRefusal(const NodeId& from, const NodeId& to) const
{
    return m_model->connectionPossible(from, to).sentence;
}

Edge DiagramScene::makeEdge(const NodeId& from, const NodeId& to) const
{
    const Diagram& d = m_model->diagram();
    const Catalog& catalog = Catalog::instance();
    Edge e;
    e.from = from;
    e.to = to;
    const Node* a = d.node(from);
    const Node* b = d.node(to);
    if (!a || !b) return e;
    e.kind = catalog.canConnect(a->kind, b->kind).edgeKind;
    // Only the ambiguous pairs need the kind written; dead-letter edges name it anyway, so a DLQ
    // drawn by mouse saves like the samples' ("kind": "dead-letter").
    e.kindWritten = catalog.edgeKindsFor(a->kind, b->kind).size() > 1 || edgeFamily(e.kind) == EdgeFamily::DeadLetter;
    return e;
}

EdgeId DiagramScene::connectNodes(const NodeId& from, const NodeId& to, QString* why)
{
    const ConnectionPossible verdict = m_model->connectionPossible(from, to);
    if (why) *why = m_readOnly ? tr("the diagram is read-only while a run exists: Reset to edit") : verdict.sentence;
    if (!verdict.possible() || m_readOnly) return {};
    const Edge e = makeEdge(from, to);
    auto* cmd = new AddEdgeCommand(m_model, e);
    const EdgeId id = cmd->edgeId();
    m_undo->push(cmd);
    return id;
}

void DiagramScene::beginConnection(NodeItem* source, QPointF scenePos)
{
    if (m_readOnly) return;
    m_connection = std::make_unique<ConnectionDrag>(this, source, scenePos);
}

void DiagramScene::moveConnection(QPointF scenePos)
{
    if (m_connection) m_connection->moveTo(scenePos);
}

EdgeId DiagramScene::finishConnection(QPointF scenePos)
{
    if (!m_connection) return {};
    m_connection->moveTo(scenePos);
    NodeItem* source = m_connection->source();
    NodeItem* target = m_connection->target();
    const bool allowed = m_connection->isAllowed(target);
    m_connection.reset();
    if (!target) {
        // Let go over no node at all (not even the source, which is never a target): offer to
        // add one there.
        for (QGraphicsItem* item : items(scenePos))
            if (item->type() == NodeItem::Type || (item->parentItem() && item->parentItem()->type() == NodeItem::Type))
                return {};
        emit wireReleased(source->id(), scenePos);
        return {};
    }
    if (!allowed) return {};
    const EdgeId id = connectNodes(source->id(), target->id());
    if (!id.isEmpty()) selectEdge(id, false);
    return id;
}

void DiagramScene::cancelConnection() { m_connection.reset(); }

QString DiagramScene::connectionHint() const { return m_connection ? m_connection->hintText() : QString(); }

void DiagramScene::setViewZoom(double zoom)
{
    const bool details = zoom >= kDetailZoom;
    if (details == m_details) return;
    m_details = details;
    for (NodeItem* n : std::as_const(m_nodes)) n->setDetailsVisible(details);
    for (EdgeItem* e : std::as_const(m_edges)) e->setDetailsVisible(details);
}

void DiagramScene::setZooming(bool on)
{
    if (on == m_zooming) return;
    m_zooming = on;
    // A card cached at one scale is useless at the next: while the scale changes every frame,
    // painting directly is cheaper than rendering into a fresh pixmap and blitting it.
    for (NodeItem* n : std::as_const(m_nodes))
        n->setCacheMode(on ? QGraphicsItem::NoCache : QGraphicsItem::DeviceCoordinateCache);
    if (!on) update();
}

void DiagramScene::mouseReleaseEvent(QGraphicsSceneMouseEvent* event)
{
    QGraphicsScene::mouseReleaseEvent(event);
    if (event->button() == Qt::LeftButton) commitMoves();
}

void DiagramScene::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Escape && m_connection) {
        cancelConnection();
        event->accept();
        return;
    }
    QGraphicsScene::keyPressEvent(event);
}

void DiagramScene::drawBackground(QPainter* painter, const QRectF& rect) { drawDotGrid(painter, rect); }

}  // namespace ml::ui
