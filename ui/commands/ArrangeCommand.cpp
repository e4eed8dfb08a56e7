#include "commands/ArrangeCommand.h"

#include "canvas/CanvasStyle.h"
#include "layout/Arrange.h"

#include <QCoreApplication>

namespace ml::ui {

// The layout spaces cards by the canvas's card size; the two must not drift apart.
static_assert(layout::kCardWidth == canvas::kNodeWidth && layout::kCardHeight == canvas::kNodeHeight,
              "core/layout/Arrange.h and ui/canvas/CanvasStyle.h disagree on the card size");

ArrangeCommand::ArrangeCommand(DiagramModel* model, QUndoCommand* parent) : QUndoCommand(parent), m_model(model)
{
    setText(QCoreApplication::translate("ArrangeCommand", "Arrange"));
    const Diagram& d = model->diagram();
    for (const layout::Position& p : layout::arrange(d).positions) {
        const Node* n = d.node(p.id);
        if (n && (n->x != p.x || n->y != p.y)) m_moves.push_back(Move{p.id, n->x, n->y, double(p.x), double(p.y)});
    }
}

void ArrangeCommand::redo()
{
    for (const Move& m : m_moves) m_model->moveNode(m.id, m.toX, m.toY);
}

void ArrangeCommand::undo()
{
    for (const Move& m : m_moves) m_model->moveNode(m.id, m.fromX, m.fromY);
}

}  // namespace ml::ui
