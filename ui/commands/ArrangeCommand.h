// Edit → Arrange: the automatic layout (core/layout/Arrange) as one undoable step that moves
// every node to its arranged position.
#pragma once

#include "model/DiagramModel.h"

#include <QUndoCommand>

namespace ml::ui {

class ArrangeCommand : public QUndoCommand {
public:
    explicit ArrangeCommand(DiagramModel* model, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;
    // False when the diagram is already arranged (nothing would move): callers need not push it.
    bool movesAnything() const { return !m_moves.empty(); }

private:
    struct Move {
        NodeId id;
        double fromX, fromY, toX, toY;
    };
    DiagramModel* m_model;
    std::vector<Move> m_moves;
};

}  // namespace ml::ui
