// The observable diagram: owns a Diagram and is the only way views change it. Every mutation
// emits a signal, so the canvas, the inspector and the Problems tab follow the model (the model
// is the truth; scenes are projections). Undo commands in the UI call these methods.
#pragma once

#include "model/Connection.h"
#include "model/Diagram.h"

#include <QObject>

namespace ml {

class DiagramModel : public QObject {
    Q_OBJECT
public:
    explicit DiagramModel(QObject* parent = nullptr);

    const Diagram& diagram() const { return m_diagram; }

    // Replaces everything (open, new, revert); emits reset().
    void setDiagram(Diagram diagram);

    bool addNode(const Node& node, int index = -1);
    // Returns the removed edges (so an undo can put them back in place).
    std::vector<Edge> removeNode(const NodeId& id);
    bool moveNode(const NodeId& id, double x, double y);
    bool setNodeName(const NodeId& id, const QString& name);
    bool setNodeConfig(const NodeId& id, const Json& config);
    bool setNodeConfigValue(const NodeId& id, const QString& key, const Json& value);  // null value: back to default
    bool renameNode(const NodeId& from, const NodeId& to);

    bool addEdge(const Edge& edge, int index = -1);
    std::optional<Edge> removeEdge(const EdgeId& id);
    bool setEdgeConfig(const EdgeId& id, const Json& config);
    bool setEdgeConfigValue(const EdgeId& id, const QString& key, const Json& value);

    void setMeta(const QString& name, const QString& description);

    // Views ask before they offer or draw an edge (model/Connection.h).
    ConnectionPossible connectionPossible(const NodeId& from, const NodeId& to, const QString& edgeKind = {}) const
    {
        return ml::connectionPossible(m_diagram, from, to, edgeKind);
    }

signals:
    void reset();
    void nodeAdded(const ml::NodeId& id);
    void nodeRemoved(const ml::NodeId& id);
    void nodeMoved(const ml::NodeId& id);
    void nodeChanged(const ml::NodeId& id);  // name or config
    void nodeRenamed(const ml::NodeId& from, const ml::NodeId& to);
    void edgeAdded(const ml::EdgeId& id);
    void edgeRemoved(const ml::EdgeId& id);
    void edgeChanged(const ml::EdgeId& id);
    void metaChanged();
    void changed();  // after any of the above

private:
    Diagram m_diagram;
};

}  // namespace ml
