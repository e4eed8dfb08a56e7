#include "model/Diagram.h"

#include "model/Catalog.h"

namespace ml {

const Node* Diagram::node(const NodeId& id) const
{
    const int i = nodeIndex(id);
    return i < 0 ? nullptr : &m_nodes[size_t(i)];
}

Node* Diagram::node(const NodeId& id)
{
    const int i = nodeIndex(id);
    return i < 0 ? nullptr : &m_nodes[size_t(i)];
}

const Edge* Diagram::edge(const EdgeId& id) const
{
    const int i = edgeIndex(id);
    return i < 0 ? nullptr : &m_edges[size_t(i)];
}

Edge* Diagram::edge(const EdgeId& id)
{
    const int i = edgeIndex(id);
    return i < 0 ? nullptr : &m_edges[size_t(i)];
}

int Diagram::nodeIndex(const NodeId& id) const { return m_nodeIndex.value(id.value, -1); }
int Diagram::edgeIndex(const EdgeId& id) const { return m_edgeIndex.value(id.value, -1); }

std::vector<const Edge*> Diagram::edgesFrom(const NodeId& id) const
{
    std::vector<const Edge*> out;
    for (const Edge& e : m_edges)
        if (e.from == id) out.push_back(&e);
    return out;
}

std::vector<const Edge*> Diagram::edgesTo(const NodeId& id) const
{
    std::vector<const Edge*> out;
    for (const Edge& e : m_edges)
        if (e.to == id) out.push_back(&e);
    return out;
}

bool Diagram::addNode(Node node) { return insertNodeAt(int(m_nodes.size()), std::move(node)); }

bool Diagram::insertNodeAt(int index, Node node)
{
    if (node.id.isEmpty() || m_nodeIndex.contains(node.id.value)) return false;
    index = std::clamp(index, 0, int(m_nodes.size()));
    const bool append = index == int(m_nodes.size());
    const QString id = node.id.value;
    m_nodes.insert(m_nodes.begin() + index, std::move(node));
    // Appending (loading, adding) keeps the indexes valid: only inserts in the middle renumber.
    if (append)
        m_nodeIndex.insert(id, index);
    else
        reindex();
    return true;
}

std::vector<Edge> Diagram::removeNode(const NodeId& id)
{
    std::vector<Edge> removed;
    const int i = nodeIndex(id);
    if (i < 0) return removed;
    std::vector<Edge> kept;
    kept.reserve(m_edges.size());
    for (Edge& e : m_edges) {
        if (e.from == id || e.to == id)
            removed.push_back(std::move(e));
        else
            kept.push_back(std::move(e));
    }
    m_edges = std::move(kept);
    m_nodes.erase(m_nodes.begin() + i);
    reindex();
    return removed;
}

bool Diagram::addEdge(Edge edge) { return insertEdgeAt(int(m_edges.size()), std::move(edge)); }

bool Diagram::insertEdgeAt(int index, Edge edge)
{
    if (edge.id.isEmpty()) edge.id = uniqueEdgeId();
    if (m_edgeIndex.contains(edge.id.value)) return false;
    index = std::clamp(index, 0, int(m_edges.size()));
    const bool append = index == int(m_edges.size());
    const QString id = edge.id.value;
    m_edges.insert(m_edges.begin() + index, std::move(edge));
    if (append)
        m_edgeIndex.insert(id, index);
    else
        reindex();
    return true;
}

std::optional<Edge> Diagram::removeEdge(const EdgeId& id)
{
    const int i = edgeIndex(id);
    if (i < 0) return std::nullopt;
    Edge e = std::move(m_edges[size_t(i)]);
    m_edges.erase(m_edges.begin() + i);
    reindex();
    return e;
}

static void renameRefs(Json& config, const std::vector<ConfigKey>& keys, const QString& from, const QString& to)
{
    if (!config.is_object()) return;
    for (const ConfigKey& key : keys) {
        if (key.type != ValueType::NodeRef) continue;
        auto it = config.find(toStd(key.name));
        if (it != config.end() && it->is_string() && toQString(it->get<std::string>()) == from) *it = toStd(to);
    }
}

bool Diagram::renameNode(const NodeId& from, const NodeId& to)
{
    if (from == to) return node(from) != nullptr;
    if (!node(from) || node(to) || to.isEmpty()) return false;
    const Catalog& catalog = Catalog::instance();
    for (Node& n : m_nodes) {
        if (n.id == from) n.id = to;
        if (const KindInfo* k = catalog.kind(n.kind)) renameRefs(n.config, k->config, from.value, to.value);
    }
    for (Edge& e : m_edges) {
        if (e.from == from) e.from = to;
        if (e.to == from) e.to = to;
        const Node* a = node(e.from);
        const Node* b = node(e.to);
        if (a && b) renameRefs(e.config, catalog.edgeConfigKeys(a->kind, b->kind, e.kind), from.value, to.value);
    }
    // Node references inside node configs that are lists of objects (e.g. task routes) are the
    // behaviours' business; the Catalog marks only direct references.
    reindex();
    return true;
}

NodeId Diagram::uniqueNodeId(const QString& base) const
{
    QString stem;
    for (QChar c : base.toLower()) {
        if ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) || c.isDigit())
            stem += c;
        else if (!stem.endsWith(QLatin1Char('-')))
            stem += QLatin1Char('-');
    }
    while (stem.endsWith(QLatin1Char('-'))) stem.chop(1);
    while (stem.startsWith(QLatin1Char('-'))) stem.remove(0, 1);
    if (stem.isEmpty()) stem = QStringLiteral("node");
    if (!m_nodeIndex.contains(stem)) return NodeId(stem);
    for (int i = 2;; ++i) {
        const QString candidate = stem + QLatin1Char('-') + QString::number(i);
        if (!m_nodeIndex.contains(candidate)) return NodeId(candidate);
    }
}

EdgeId Diagram::uniqueEdgeId() const
{
    // Counting up from the size finds a free id at once when ids were generated in order.
    for (int i = int(m_edges.size()) + 1;; ++i) {
        const QString candidate = QStringLiteral("e%1").arg(i);
        if (!m_edgeIndex.contains(candidate)) return EdgeId(candidate);
    }
}

void Diagram::reindex()
{
    m_nodeIndex.clear();
    m_edgeIndex.clear();
    for (int i = 0; i < int(m_nodes.size()); ++i) m_nodeIndex.insert(m_nodes[size_t(i)].id.value, i);
    for (int i = 0; i < int(m_edges.size()); ++i) m_edgeIndex.insert(m_edges[size_t(i)].id.value, i);
}

bool operator==(const Diagram& a, const Diagram& b)
{
    return a.name == b.name && a.description == b.description && a.seed == b.seed && a.seedWritten == b.seedWritten &&
           a.startTime == b.startTime && a.extra == b.extra && a.m_nodes == b.m_nodes && a.m_edges == b.m_edges;
}

}  // namespace ml
