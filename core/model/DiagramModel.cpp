#include "model/DiagramModel.h"

namespace ml {

DiagramModel::DiagramModel(QObject* parent) : QObject(parent) {}

void DiagramModel::setDiagram(Diagram diagram)
{
    m_diagram = std::move(diagram);
    emit reset();
    emit changed();
}

bool DiagramModel::addNode(const Node& node, int index)
{
    const bool ok = index < 0 ? m_diagram.addNode(node) : m_diagram.insertNodeAt(index, node);
    if (!ok) return false;
    emit nodeAdded(node.id);
    emit changed();
    return true;
}

std::vector<Edge> DiagramModel::removeNode(const NodeId& id)
{
    if (!m_diagram.node(id)) return {};
    // Tell views about the edges first, while their endpoints still exist.
    std::vector<EdgeId> touching;
    for (const Edge& e : m_diagram.edges())
        if (e.from == id || e.to == id) touching.push_back(e.id);
    std::vector<Edge> removed = m_diagram.removeNode(id);
    for (const EdgeId& e : touching) emit edgeRemoved(e);
    emit nodeRemoved(id);
    emit changed();
    return removed;
}

bool DiagramModel::moveNode(const NodeId& id, double x, double y)
{
    Node* n = m_diagram.node(id);
    if (!n) return false;
    if (n->x == x && n->y == y) return true;
    n->x = x;
    n->y = y;
    emit nodeMoved(id);
    emit changed();
    return true;
}

bool DiagramModel::setNodeName(const NodeId& id, const QString& name)
{
    Node* n = m_diagram.node(id);
    if (!n) return false;
    if (n->name == name) return true;
    n->name = name;
    emit nodeChanged(id);
    emit changed();
    return true;
}

bool DiagramModel::setNodeConfig(const NodeId& id, const Json& config)
{
    Node* n = m_diagram.node(id);
    if (!n || !config.is_object()) return false;
    if (n->config == config) return true;
    n->config = config;
    emit nodeChanged(id);
    emit changed();
    return true;
}

static Json withValue(Json config, const QString& key, const Json& value)
{
    if (!config.is_object()) config = Json::object();
    if (value.is_null())
        config.erase(toStd(key));
    else
        config[toStd(key)] = value;
    return config;
}

bool DiagramModel::setNodeConfigValue(const NodeId& id, const QString& key, const Json& value)
{
    const Node* n = m_diagram.node(id);
    return n && setNodeConfig(id, withValue(n->config, key, value));
}

bool DiagramModel::renameNode(const NodeId& from, const NodeId& to)
{
    if (from == to) return m_diagram.node(from) != nullptr;
    if (!m_diagram.renameNode(from, to)) return false;
    emit nodeRenamed(from, to);
    emit changed();
    return true;
}

bool DiagramModel::addEdge(const Edge& edge, int index)
{
    Edge e = edge;
    if (e.id.isEmpty()) e.id = m_diagram.uniqueEdgeId();
    const EdgeId id = e.id;
    const bool ok = index < 0 ? m_diagram.addEdge(std::move(e)) : m_diagram.insertEdgeAt(index, std::move(e));
    if (!ok) return false;
    emit edgeAdded(id);
    emit changed();
    return true;
}

std::optional<Edge> DiagramModel::removeEdge(const EdgeId& id)
{
    std::optional<Edge> removed = m_diagram.removeEdge(id);
    if (!removed) return removed;
    emit edgeRemoved(id);
    emit changed();
    return removed;
}

bool DiagramModel::setEdgeConfig(const EdgeId& id, const Json& config)
{
    Edge* e = m_diagram.edge(id);
    if (!e || !config.is_object()) return false;
    if (e->config == config) return true;
    e->config = config;
    emit edgeChanged(id);
    emit changed();
    return true;
}

bool DiagramModel::setEdgeConfigValue(const EdgeId& id, const QString& key, const Json& value)
{
    const Edge* e = m_diagram.edge(id);
    return e && setEdgeConfig(id, withValue(e->config, key, value));
}

void DiagramModel::setMeta(const QString& name, const QString& description)
{
    if (m_diagram.name == name && m_diagram.description == description) return;
    m_diagram.name = name;
    m_diagram.description = description;
    emit metaChanged();
    emit changed();
}

}  // namespace ml
