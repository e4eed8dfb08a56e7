// The view's edit actions: clipboard, delete, select all, align, distribute and nudge. Each is
// one undo step on the model.
#include "canvas/CanvasStyle.h"
#include "canvas/Clipboard.h"
#include "canvas/DiagramView.h"
#include "canvas/NodeItem.h"
#include "commands/EditCommands.h"
#include "project/Fragment.h"

#include <QApplication>
#include <QClipboard>
#include <QMimeData>

#include <algorithm>
#include <cmath>

namespace ml::ui {

using namespace canvas;

void DiagramView::copySelection()
{
    const std::vector<NodeId> nodes = diagramScene()->selectedNodes();
    if (nodes.empty()) return;
    QApplication::clipboard()->setMimeData(
        clipboard::toMimeData(fragment::serialize(fragment::select(diagramScene()->model()->diagram(), nodes))));
    m_pasteCount = 0;
}

bool DiagramView::refuseEdit()
{
    if (isEditable()) return false;
    emit editRefused(tr("The diagram is read-only while a run exists: Reset to edit"));
    return true;
}

void DiagramView::cutSelection()
{
    if (diagramScene()->selectedNodes().empty() || refuseEdit()) return;
    copySelection();
    DiagramScene* s = diagramScene();
    s->undoStack()->push(new RemoveItemsCommand(s->model(), s->selectedNodes(), s->selectedEdges()));
    // Pasting after a cut puts the nodes back where they were first.
    m_pasteCount = -1;
}

void DiagramView::paste()
{
    if (refuseEdit()) return;
    const QByteArray json = clipboard::fromMimeData(QApplication::clipboard()->mimeData());
    if (json.isEmpty()) {
        emit pasteRefused(tr("Nothing to paste: the clipboard holds no copied nodes"));
        return;
    }
    const Result<Diagram> read = fragment::parse(json);
    if (!read) {
        emit pasteRefused(tr("Cannot paste: %1").arg(read.error().toString()));
        return;
    }
    ++m_pasteCount;
    pasteFragment(*read, QPointF(2 * kGrid, 2 * kGrid) * m_pasteCount);
}

void DiagramView::duplicateSelection()
{
    const std::vector<NodeId> nodes = diagramScene()->selectedNodes();
    if (nodes.empty() || refuseEdit()) return;
    pasteFragment(fragment::select(diagramScene()->model()->diagram(), nodes), QPointF(2 * kGrid, 2 * kGrid));
}

void DiagramView::pasteFragment(const Diagram& copied, QPointF offset)
{
    DiagramScene* s = diagramScene();
    if (copied.nodes().empty() || refuseEdit()) return;
    const Diagram placed = fragment::place(copied, s->model()->diagram(), offset);
    QUndoStack* undo = s->undoStack();
    undo->beginMacro(placed.nodes().size() == 1 ? tr("Paste %1").arg(placed.nodes().front().id.value)
                                                : tr("Paste %1 nodes").arg(placed.nodes().size()));
    for (const Node& n : placed.nodes()) undo->push(new AddNodeCommand(s->model(), n));
    for (Edge e : placed.edges()) {
        e.id = EdgeId();
        undo->push(new AddEdgeCommand(s->model(), std::move(e)));
    }
    undo->endMacro();
    s->clearSelection();
    for (const Node& n : placed.nodes())
        if (NodeItem* item = s->nodeItem(n.id)) item->setSelected(true);
}

void DiagramView::deleteSelection()
{
    DiagramScene* s = diagramScene();
    std::vector<NodeId> nodes = s->selectedNodes();
    std::vector<EdgeId> edges = s->selectedEdges();
    if ((nodes.empty() && edges.empty()) || refuseEdit()) return;
    s->undoStack()->push(new RemoveItemsCommand(s->model(), std::move(nodes), std::move(edges)));
}

void DiagramView::selectAll()
{
    for (QGraphicsItem* item : scene()->items())
        if (item->flags() & QGraphicsItem::ItemIsSelectable) item->setSelected(true);
}

void DiagramView::alignLeft() { arrange(Arrange::Left); }
void DiagramView::alignTop() { arrange(Arrange::Top); }
void DiagramView::alignCenterHorizontal() { arrange(Arrange::CenterX); }
void DiagramView::alignCenterVertical() { arrange(Arrange::CenterY); }
void DiagramView::distributeHorizontally() { arrange(Arrange::DistributeX); }
void DiagramView::distributeVertically() { arrange(Arrange::DistributeY); }

void DiagramView::arrange(Arrange how)
{
    DiagramScene* s = diagramScene();
    std::vector<NodeItem*> items;
    for (const NodeId& id : s->selectedNodes()) items.push_back(s->nodeItem(id));
    const bool distribute = how == Arrange::DistributeX || how == Arrange::DistributeY;
    if (items.size() < (distribute ? 3u : 2u) || refuseEdit()) return;
    const bool horizontal = how == Arrange::Left || how == Arrange::CenterX || how == Arrange::DistributeX;
    auto coord = [&](const NodeItem* n) { return horizontal ? n->pos().x() : n->pos().y(); };
    if (distribute) {
        // Equal steps between the outermost cards, in their current order.
        std::stable_sort(items.begin(), items.end(), [&](auto* a, auto* b) { return coord(a) < coord(b); });
        const double first = coord(items.front());
        const double step = (coord(items.back()) - first) / double(items.size() - 1);
        for (size_t i = 1; i + 1 < items.size(); ++i) {
            const double v = std::round(first + step * double(i));
            items[i]->setModelPos(horizontal ? QPointF(v, items[i]->pos().y()) : QPointF(items[i]->pos().x(), v));
        }
    } else {
        // Cards share one size, so aligning centres is aligning corners on the average.
        double target = coord(items.front());
        if (how == Arrange::Left || how == Arrange::Top) {
            for (NodeItem* n : items) target = std::min(target, coord(n));
        } else {
            double sum = 0;
            for (NodeItem* n : items) sum += coord(n);
            target = std::round(sum / double(items.size()));
        }
        for (NodeItem* n : items)
            n->setModelPos(horizontal ? QPointF(target, n->pos().y()) : QPointF(n->pos().x(), target));
    }
    static const char* names[] = {QT_TR_NOOP("Align left"),
                                  QT_TR_NOOP("Align top"),
                                  QT_TR_NOOP("Align centres"),
                                  QT_TR_NOOP("Align middles"),
                                  QT_TR_NOOP("Distribute horizontally"),
                                  QT_TR_NOOP("Distribute vertically")};
    s->commitMoves(tr(names[int(how)]));
}

void DiagramView::nudge(int key, bool fine)
{
    // Arrow keys move the selection a grid step (Shift: one pixel), one undo step per press.
    DiagramScene* s = diagramScene();
    const double step = fine ? 1 : kGrid;
    const QPointF delta = key == Qt::Key_Left    ? QPointF(-step, 0)
                          : key == Qt::Key_Right ? QPointF(step, 0)
                          : key == Qt::Key_Up    ? QPointF(0, -step)
                                                 : QPointF(0, step);
    const std::vector<NodeId> nodes = s->selectedNodes();
    if (nodes.empty() || refuseEdit()) return;
    for (const NodeId& id : nodes) {
        NodeItem* item = s->nodeItem(id);
        item->setModelPos(item->pos() + delta);
    }
    s->commitMoves();
}

}  // namespace ml::ui
