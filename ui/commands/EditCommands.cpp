#include "commands/EditCommands.h"

#include "model/Catalog.h"

#include <QObject>

#include <algorithm>

namespace ml::ui {

namespace {

QString kindName(const QString& kind)
{
    const KindInfo* k = Catalog::instance().kind(kind);
    return k ? k->displayName : kind;
}

Json configValue(const Json& config, const QString& key)
{
    if (!config.is_object()) return Json();
    auto it = config.find(toStd(key));
    return it == config.end() ? Json() : *it;
}

}  // namespace

AddNodeCommand::AddNodeCommand(DiagramModel* model, Node node, QUndoCommand* parent)
    : QUndoCommand(parent), m_model(model), m_node(std::move(node))
{
    setText(QObject::tr("Add %1").arg(kindName(m_node.kind)));
}

void AddNodeCommand::redo() { m_model->addNode(m_node); }
void AddNodeCommand::undo() { m_model->removeNode(m_node.id); }

RemoveItemsCommand::RemoveItemsCommand(DiagramModel* model, std::vector<NodeId> nodes, std::vector<EdgeId> edges,
                                       QUndoCommand* parent)
    : QUndoCommand(parent), m_model(model), m_nodeIds(std::move(nodes)), m_edgeIds(std::move(edges))
{
    const int count = int(m_nodeIds.size() + m_edgeIds.size());
    setText(count == 1 ? QObject::tr("Delete") : QObject::tr("Delete %1 items").arg(count));
}

void RemoveItemsCommand::redo()
{
    // Snapshot every edge that will go (explicit ones and those touching removed nodes) with
    // its index, in index order, so undo re-inserts them exactly where they were.
    const Diagram& d = m_model->diagram();
    m_nodes.clear();
    m_edges.clear();
    for (int i = 0; i < int(d.edges().size()); ++i) {
        const Edge& e = d.edges()[size_t(i)];
        const bool touches =
            std::any_of(m_nodeIds.begin(), m_nodeIds.end(), [&](const NodeId& n) { return e.from == n || e.to == n; });
        const bool chosen = std::find(m_edgeIds.begin(), m_edgeIds.end(), e.id) != m_edgeIds.end();
        if (touches || chosen) m_edges.emplace_back(i, e);
    }
    for (int i = 0; i < int(d.nodes().size()); ++i) {
        const Node& n = d.nodes()[size_t(i)];
        if (std::find(m_nodeIds.begin(), m_nodeIds.end(), n.id) != m_nodeIds.end()) m_nodes.emplace_back(i, n);
    }
    for (auto it = m_edges.rbegin(); it != m_edges.rend(); ++it) m_model->removeEdge(it->second.id);
    for (auto it = m_nodes.rbegin(); it != m_nodes.rend(); ++it) m_model->removeNode(it->second.id);
}

void RemoveItemsCommand::undo()
{
    for (const auto& [index, node] : m_nodes) m_model->addNode(node, index);
    for (const auto& [index, edge] : m_edges) m_model->addEdge(edge, index);
}

AddEdgeCommand::AddEdgeCommand(DiagramModel* model, Edge edge, QUndoCommand* parent)
    : QUndoCommand(parent), m_model(model), m_edge(std::move(edge))
{
    if (m_edge.id.isEmpty()) m_edge.id = model->diagram().uniqueEdgeId();
    const EdgeKindInfo* k = Catalog::instance().edgeKind(m_edge.kind);
    setText(QObject::tr("Connect %1 → %2%3")
                .arg(m_edge.from.value, m_edge.to.value, k ? QStringLiteral(" (%1)").arg(k->displayName) : QString()));
}

void AddEdgeCommand::redo() { m_model->addEdge(m_edge); }
void AddEdgeCommand::undo() { m_model->removeEdge(m_edge.id); }

MoveNodesCommand::MoveNodesCommand(DiagramModel* model, std::vector<Move> moves, bool finished, QUndoCommand* parent)
    : QUndoCommand(parent), m_model(model), m_moves(std::move(moves)), m_finished(finished)
{
    setText(m_moves.empty()       ? QObject::tr("Move")
            : m_moves.size() == 1 ? QObject::tr("Move %1").arg(m_moves.front().id.value)
                                  : QObject::tr("Move %1 nodes").arg(m_moves.size()));
}

void MoveNodesCommand::redo()
{
    for (const Move& m : m_moves) m_model->moveNode(m.id, m.to.x(), m.to.y());
}

void MoveNodesCommand::undo()
{
    for (const Move& m : m_moves) m_model->moveNode(m.id, m.from.x(), m.from.y());
}

bool MoveNodesCommand::mergeWith(const QUndoCommand* other)
{
    const auto* o = static_cast<const MoveNodesCommand*>(other);
    if (m_finished || o->m_moves.size() != m_moves.size()) return false;
    for (size_t i = 0; i < m_moves.size(); ++i)
        if (m_moves[i].id != o->m_moves[i].id) return false;
    for (size_t i = 0; i < m_moves.size(); ++i) m_moves[i].to = o->m_moves[i].to;
    m_finished = o->m_finished;
    return true;
}

SetNodeNameCommand::SetNodeNameCommand(DiagramModel* model, NodeId id, QString name, QUndoCommand* parent)
    : QUndoCommand(parent), m_model(model), m_id(std::move(id)), m_new(std::move(name))
{
    if (const Node* n = model->diagram().node(m_id)) m_old = n->name;
    setText(QObject::tr("Name %1 \"%2\"").arg(m_id.value, m_new));
}

void SetNodeNameCommand::redo() { m_model->setNodeName(m_id, m_new); }
void SetNodeNameCommand::undo() { m_model->setNodeName(m_id, m_old); }

RenameNodeCommand::RenameNodeCommand(DiagramModel* model, NodeId from, NodeId to, QUndoCommand* parent)
    : QUndoCommand(parent), m_model(model), m_from(std::move(from)), m_to(std::move(to))
{
    setText(QObject::tr("Rename %1 to %2").arg(m_from.value, m_to.value));
}

void RenameNodeCommand::redo() { m_model->renameNode(m_from, m_to); }
void RenameNodeCommand::undo() { m_model->renameNode(m_to, m_from); }

SetNodeConfigCommand::SetNodeConfigCommand(DiagramModel* model, NodeId id, QString key, Json value,
                                           QUndoCommand* parent)
    : QUndoCommand(parent), m_model(model), m_id(std::move(id)), m_key(std::move(key)), m_new(std::move(value))
{
    if (const Node* n = model->diagram().node(m_id)) m_old = configValue(n->config, m_key);
    setText(QObject::tr("Set %1 of %2").arg(m_key, m_id.value));
}

void SetNodeConfigCommand::redo() { m_model->setNodeConfigValue(m_id, m_key, m_new); }
void SetNodeConfigCommand::undo() { m_model->setNodeConfigValue(m_id, m_key, m_old); }

bool SetNodeConfigCommand::mergeWith(const QUndoCommand* other)
{
    const auto* o = static_cast<const SetNodeConfigCommand*>(other);
    if (o->m_id != m_id || o->m_key != m_key) return false;
    m_new = o->m_new;
    return true;
}

SetEdgeConfigCommand::SetEdgeConfigCommand(DiagramModel* model, EdgeId id, QString key, Json value,
                                           QUndoCommand* parent)
    : QUndoCommand(parent), m_model(model), m_id(std::move(id)), m_key(std::move(key)), m_new(std::move(value))
{
    if (const Edge* e = model->diagram().edge(m_id)) m_old = configValue(e->config, m_key);
    setText(QObject::tr("Set %1 of edge %2").arg(m_key, m_id.value));
}

void SetEdgeConfigCommand::redo() { m_model->setEdgeConfigValue(m_id, m_key, m_new); }
void SetEdgeConfigCommand::undo() { m_model->setEdgeConfigValue(m_id, m_key, m_old); }

bool SetEdgeConfigCommand::mergeWith(const QUndoCommand* other)
{
    const auto* o = static_cast<const SetEdgeConfigCommand*>(other);
    if (o->m_id != m_id || o->m_key != m_key) return false;
    m_new = o->m_new;
    return true;
}

}  // namespace ml::ui
