// Every edit of the diagram is one of these QUndoCommands on the DiagramModel (STYLE.md): the
// canvas, the inspector and the menus push them; undo restores the exact model.
#pragma once

#include "model/DiagramModel.h"

#include <QPointF>
#include <QUndoCommand>

#include <vector>

namespace ml::ui {

// Ids of QUndoCommand::id() for commands that merge.
enum CommandId { MoveNodesId = 1, SetNodeConfigId = 2, SetEdgeConfigId = 3 };

class AddNodeCommand : public QUndoCommand {
public:
    AddNodeCommand(DiagramModel* model, Node node, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    DiagramModel* m_model;
    Node m_node;
};

// Removes nodes and edges together (delete key, cut); undo puts each back at its old index.
class RemoveItemsCommand : public QUndoCommand {
public:
    RemoveItemsCommand(DiagramModel* model, std::vector<NodeId> nodes, std::vector<EdgeId> edges,
                       QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    DiagramModel* m_model;
    std::vector<NodeId> m_nodeIds;
    std::vector<EdgeId> m_edgeIds;
    std::vector<std::pair<int, Node>> m_nodes;  // old index, node
    std::vector<std::pair<int, Edge>> m_edges;  // old index, edge
};

class AddEdgeCommand : public QUndoCommand {
public:
    AddEdgeCommand(DiagramModel* model, Edge edge, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;
    EdgeId edgeId() const { return m_edge.id; }

private:
    DiagramModel* m_model;
    Edge m_edge;
};

// Moves of one drag merge into one command (same node set, consecutive).
class MoveNodesCommand : public QUndoCommand {
public:
    struct Move {
        NodeId id;
        QPointF from;
        QPointF to;
    };
    MoveNodesCommand(DiagramModel* model, std::vector<Move> moves, bool finished = true,
                     QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;
    int id() const override { return MoveNodesId; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    DiagramModel* m_model;
    std::vector<Move> m_moves;
    bool m_finished;  // a finished drag no longer merges with the next one
};

class SetNodeNameCommand : public QUndoCommand {
public:
    SetNodeNameCommand(DiagramModel* model, NodeId id, QString name, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    DiagramModel* m_model;
    NodeId m_id;
    QString m_old;
    QString m_new;
};

class RenameNodeCommand : public QUndoCommand {
public:
    RenameNodeCommand(DiagramModel* model, NodeId from, NodeId to, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    DiagramModel* m_model;
    NodeId m_from;
    NodeId m_to;
};

// Sets one config value (null: back to the default). Consecutive edits of the same key merge,
// so typing in a field is one undo step.
class SetNodeConfigCommand : public QUndoCommand {
public:
    SetNodeConfigCommand(DiagramModel* model, NodeId id, QString key, Json value, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;
    int id() const override { return SetNodeConfigId; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    DiagramModel* m_model;
    NodeId m_id;
    QString m_key;
    Json m_old;
    Json m_new;
};

class SetEdgeConfigCommand : public QUndoCommand {
public:
    SetEdgeConfigCommand(DiagramModel* model, EdgeId id, QString key, Json value, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;
    int id() const override { return SetEdgeConfigId; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    DiagramModel* m_model;
    EdgeId m_id;
    QString m_key;
    Json m_old;
    Json m_new;
};

}  // namespace ml::ui
