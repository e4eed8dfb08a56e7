// The diagram as a plain value: nodes, edges and the project's metadata. Copyable, so the
// engine, the linter and the exporters each work on a snapshot; DiagramModel wraps one for
// views that follow changes.
#pragma once

#include "format/Json.h"
#include "model/Ids.h"

#include <QHash>
#include <QString>

#include <optional>
#include <vector>

namespace ml {

struct Node {
    NodeId id;
    QString kind;  // a Catalog kind id, e.g. "worker"
    QString name;  // empty: shown as the id
    double x = 0;
    double y = 0;
    Json config = Json::object();  // only the keys the file sets; defaults come from the Catalog
    Json extra = Json::object();   // unknown keys of the node object, kept for save

    QString displayName() const { return name.isEmpty() ? id.value : name; }
    friend bool operator==(const Node&, const Node&) = default;
};

struct Edge {
    EdgeId id;
    NodeId from;
    NodeId to;
    QString kind;              // resolved edge kind ("event-source", "dead-letter", …); may be empty until resolved
    bool kindWritten = false;  // the file names the kind (kept on save)
    bool idWritten = false;    // the file names the id (kept on save)
    Json config = Json::object();
    Json extra = Json::object();

    friend bool operator==(const Edge&, const Edge&) = default;
};

class Diagram {
public:
    QString name;
    QString description;
    quint64 seed = 42;
    bool seedWritten = false;
    QString startTime;            // ISO 8601 UTC; empty = the default 2026-01-01T00:00:00Z
    Json extra = Json::object();  // unknown top-level keys

    const std::vector<Node>& nodes() const { return m_nodes; }
    const std::vector<Edge>& edges() const { return m_edges; }

    const Node* node(const NodeId& id) const;
    Node* node(const NodeId& id);
    const Edge* edge(const EdgeId& id) const;
    Edge* edge(const EdgeId& id);
    int nodeIndex(const NodeId& id) const;  // -1 when absent
    int edgeIndex(const EdgeId& id) const;

    std::vector<const Edge*> edgesFrom(const NodeId& id) const;
    std::vector<const Edge*> edgesTo(const NodeId& id) const;

    // Appends; returns false (and changes nothing) when the id is taken. Use insertNodeAt to
    // put a node back at its old place (undo).
    bool addNode(Node node);
    bool insertNodeAt(int index, Node node);
    // Removes the node and every edge that touches it; returns the removed edges.
    std::vector<Edge> removeNode(const NodeId& id);

    // Edges may be added before their nodes exist (the linter reports dangling edges). An empty
    // id gets a generated one ("e1", "e2", …). Returns false when the id is taken.
    bool addEdge(Edge edge);
    bool insertEdgeAt(int index, Edge edge);
    std::optional<Edge> removeEdge(const EdgeId& id);

    // Renames a node and rewrites every reference: edge endpoints, and node ids named inside
    // configs (a subscription's deadLetterQueue, a task's service, …) as listed by the Catalog.
    bool renameNode(const NodeId& from, const NodeId& to);

    NodeId uniqueNodeId(const QString& base) const;  // "worker", "worker-2", …
    EdgeId uniqueEdgeId() const;

    friend bool operator==(const Diagram& a, const Diagram& b);

private:
    void reindex();

    std::vector<Node> m_nodes;
    std::vector<Edge> m_edges;
    QHash<QString, int> m_nodeIndex;
    QHash<QString, int> m_edgeIndex;
};

}  // namespace ml
