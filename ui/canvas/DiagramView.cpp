#include "canvas/DiagramView.h"

#include "canvas/CanvasStyle.h"
#include "canvas/Clipboard.h"
#include "canvas/KindIcon.h"
#include "canvas/NodeItem.h"
#include "commands/EditCommands.h"
#include "model/Catalog.h"

#include <QApplication>
#include <QClipboard>
#include <QDragEnterEvent>
#include <QKeyEvent>
#include <QMimeData>
#include <QScrollBar>
#include <QTimer>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace ml::ui {

using namespace canvas;

namespace {

constexpr double kMinZoom = 0.1;
constexpr double kMaxZoom = 4.0;
constexpr double kZoomStep = 1.2;
// Panning is never limited by the items: the canvas is as large as anyone needs.
constexpr double kWorld = 100000;

}  // namespace

DiagramView::DiagramView(DiagramScene* scene, QWidget* parent)
    : QGraphicsView(scene, parent), m_zoomSettle(new QTimer(this))
{
    m_zoomSettle->setSingleShot(true);
    m_zoomSettle->setInterval(180);
    connect(m_zoomSettle, &QTimer::timeout, this, [this] { diagramScene()->setZooming(false); });
    // Items switch antialiasing on where they need it; left on here it would also slow down
    // the blits of every cached card.
    setRenderHint(QPainter::TextAntialiasing, true);
    setDragMode(RubberBandDrag);
    setRubberBandSelectionMode(Qt::IntersectsItemShape);
    setTransformationAnchor(NoAnchor);
    setResizeAnchor(AnchorViewCenter);
    setViewportUpdateMode(SmartViewportUpdate);
    setOptimizationFlags(DontAdjustForAntialiasing);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setFrameShape(QFrame::NoFrame);
    setAcceptDrops(true);
    setFocusPolicy(Qt::StrongFocus);
    setSceneRect(-kWorld, -kWorld, 2 * kWorld, 2 * kWorld);
    centerOn(0, 0);
    connect(scene, &DiagramScene::ensureVisibleRequested, this, [this](const QRectF& r) { ensureVisible(r, 60, 60); });
}

DiagramScene* DiagramView::diagramScene() const { return static_cast<DiagramScene*>(scene()); }

double DiagramView::zoomFactor() const { return transform().m11(); }

void DiagramView::setZoom(double factor, QPointF anchor)
{
    factor = std::clamp(factor, kMinZoom, kMaxZoom);
    if (std::abs(factor - zoomFactor()) < 1e-9) return;
    // Keep the scene point under the anchor where it is.
    const QPointF before = mapToScene(anchor.toPoint());
    setTransform(QTransform::fromScale(factor, factor));
    diagramScene()->setViewZoom(factor);
    const QPointF after = mapToScene(anchor.toPoint());
    const QPointF delta = (after - before) * factor;
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() - int(std::lround(delta.x())));
    verticalScrollBar()->setValue(verticalScrollBar()->value() - int(std::lround(delta.y())));
    emit zoomChanged(factor);
}

void DiagramView::zoomIn() { setZoom(zoomFactor() * kZoomStep, viewport()->rect().center()); }
void DiagramView::zoomOut() { setZoom(zoomFactor() / kZoomStep, viewport()->rect().center()); }
void DiagramView::resetZoom() { setZoom(1.0, viewport()->rect().center()); }

void DiagramView::zoomToFit()
{
    const QRectF r = diagramScene()->itemsBoundingRectWithMargin();
    if (r.isEmpty()) {
        resetZoom();
        centerOn(0, 0);
        return;
    }
    const QSizeF view = viewport()->size();
    // Never magnify a small diagram past 100%: cards at 300% look broken, not fitted.
    const double factor = std::clamp(std::min(view.width() / r.width(), view.height() / r.height()), kMinZoom, 1.0);
    setTransform(QTransform::fromScale(factor, factor));
    diagramScene()->setViewZoom(factor);
    centerOn(r.center());
    emit zoomChanged(factor);
}

void DiagramView::centerOnNode(const NodeId& id)
{
    if (NodeItem* item = diagramScene()->nodeItem(id)) centerOn(item->sceneCardRect().center());
}

NodeId DiagramView::addNode(const QString& kind, QPointF scenePos)
{
    DiagramScene* s = diagramScene();
    if (!Catalog::instance().kind(kind)) return {};
    const Diagram& d = s->model()->diagram();
    Node node;
    node.kind = kind;
    node.id = d.uniqueNodeId(kind);
    QPointF topLeft = scenePos - QPointF(kNodeWidth / 2, kNodeHeight / 2);
    if (s->snapToGrid()) topLeft = s->snapped(topLeft);
    node.x = topLeft.x();
    node.y = topLeft.y();
    const NodeId id = node.id;
    s->undoStack()->push(new AddNodeCommand(s->model(), std::move(node)));
    s->selectNode(id);
    return id;
}

NodeId DiagramView::addNodeAtCenter(const QString& kind)
{
    // Repeated double-clicks in the palette should not stack cards on top of each other.
    QPointF p = mapToScene(viewport()->rect().center());
    const Diagram& d = diagramScene()->model()->diagram();
    for (int tries = 0; tries < 50; ++tries) {
        const QRectF card(p - QPointF(kNodeWidth / 2, kNodeHeight / 2), QSizeF(kNodeWidth, kNodeHeight));
        const bool taken = std::any_of(d.nodes().begin(), d.nodes().end(), [&](const Node& n) {
            return QRectF(n.x, n.y, kNodeWidth, kNodeHeight).intersects(card.adjusted(8, 8, -8, -8));
        });
        if (!taken) break;
        p += QPointF(kGrid * 2, kGrid * 2);
    }
    return addNode(kind, p);
}

void DiagramView::copySelection()
{
    const std::vector<NodeId> nodes = diagramScene()->selectedNodes();
    if (nodes.empty()) return;
    QApplication::clipboard()->setMimeData(clipboard::toMimeData(clipboard::fragment(diagramScene()->model()->diagram(), nodes)));
    m_pasteCount = 0;
}

void DiagramView::cutSelection()
{
    if (diagramScene()->selectedNodes().empty()) return;
    copySelection();
    DiagramScene* s = diagramScene();
    s->undoStack()->push(new RemoveItemsCommand(s->model(), s->selectedNodes(), s->selectedEdges()));
    // Pasting after a cut puts the nodes back where they were first.
    m_pasteCount = -1;
}

void DiagramView::paste()
{
    const QByteArray json = clipboard::fromMimeData(QApplication::clipboard()->mimeData());
    if (json.isEmpty()) return;
    ++m_pasteCount;
    pasteFragment(json, QPointF(2 * kGrid, 2 * kGrid) * m_pasteCount);
}

void DiagramView::duplicateSelection()
{
    const std::vector<NodeId> nodes = diagramScene()->selectedNodes();
    if (nodes.empty()) return;
    pasteFragment(clipboard::fragment(diagramScene()->model()->diagram(), nodes), QPointF(2 * kGrid, 2 * kGrid));
}

void DiagramView::pasteFragment(const QByteArray& json, QPointF offset)
{
    DiagramScene* s = diagramScene();
    const std::optional<Diagram> fragment = clipboard::parseFragment(json);
    if (!fragment || fragment->nodes().empty()) return;
    const Diagram placed = clipboard::placeFragment(*fragment, s->model()->diagram(), offset);
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
    if (nodes.empty() && edges.empty()) return;
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
    if (items.size() < (distribute ? 3u : 2u)) return;
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
    static const char* names[] = {QT_TR_NOOP("Align left"), QT_TR_NOOP("Align top"), QT_TR_NOOP("Align centres"),
                                  QT_TR_NOOP("Align middles"), QT_TR_NOOP("Distribute horizontally"),
                                  QT_TR_NOOP("Distribute vertically")};
    s->commitMoves(tr(names[int(how)]));
}

void DiagramView::nudge(int key, bool fine)
{
    // Arrow keys move the selection a grid step (Shift: one pixel), one undo step per press.
    DiagramScene* s = diagramScene();
    const double step = fine ? 1 : kGrid;
    const QPointF delta = key == Qt::Key_Left ? QPointF(-step, 0) : key == Qt::Key_Right ? QPointF(step, 0)
                        : key == Qt::Key_Up   ? QPointF(0, -step) : QPointF(0, step);
    const std::vector<NodeId> nodes = s->selectedNodes();
    if (nodes.empty()) return;
    for (const NodeId& id : nodes) {
        NodeItem* item = s->nodeItem(id);
        item->setModelPos(item->pos() + delta);
    }
    s->commitMoves();
}

void DiagramView::setSnapToGrid(bool on) { diagramScene()->setSnapToGrid(on); }

void DiagramView::wheelEvent(QWheelEvent* event)
{
    const double degrees = event->angleDelta().y() / 8.0;
    if (degrees == 0) {
        event->ignore();
        return;
    }
    // 15° (one notch) zooms by ~12%; touchpads send smaller steps and zoom smoothly.
    diagramScene()->setZooming(true);
    m_zoomSettle->start();
    setZoom(zoomFactor() * std::pow(1.12, degrees / 15.0), event->position());
    event->accept();
}

void DiagramView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && m_spaceDown)) {
        m_panning = true;
        m_panLast = event->position().toPoint();
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void DiagramView::mouseMoveEvent(QMouseEvent* event)
{
    if (m_panning) {
        const QPoint p = event->position().toPoint();
        const QPoint d = p - m_panLast;
        m_panLast = p;
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - d.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - d.y());
        event->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void DiagramView::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_panning && (event->button() == Qt::MiddleButton || event->button() == Qt::LeftButton)) {
        m_panning = false;
        viewport()->setCursor(m_spaceDown ? Qt::OpenHandCursor : Qt::ArrowCursor);
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

void DiagramView::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceDown = true;
        viewport()->setCursor(Qt::OpenHandCursor);
        event->accept();
        return;
    }
    if (event->key() == Qt::Key_Space) {
        event->accept();
        return;
    }
    if (diagramScene()->isConnecting()) {
        QGraphicsView::keyPressEvent(event);
        return;
    }
    if (event->key() == Qt::Key_Delete || event->key() == Qt::Key_Backspace) deleteSelection();
    else if (event->matches(QKeySequence::Copy)) copySelection();
    else if (event->matches(QKeySequence::Cut)) cutSelection();
    else if (event->matches(QKeySequence::Paste)) paste();
    else if (event->matches(QKeySequence::SelectAll)) selectAll();
    else if (event->matches(QKeySequence::ZoomIn)) zoomIn();
    else if (event->matches(QKeySequence::ZoomOut)) zoomOut();
    else if (event->key() == Qt::Key_D && event->modifiers() == Qt::ControlModifier) duplicateSelection();
    else if (event->key() == Qt::Key_0 && event->modifiers() == Qt::ControlModifier) resetZoom();
    else if (event->key() == Qt::Key_1 && event->modifiers() == Qt::ControlModifier) zoomToFit();
    else if (event->key() == Qt::Key_Escape) scene()->clearSelection();
    else if ((event->key() == Qt::Key_Left || event->key() == Qt::Key_Right || event->key() == Qt::Key_Up ||
              event->key() == Qt::Key_Down) && !diagramScene()->selectedNodes().empty())
        nudge(event->key(), event->modifiers() & Qt::ShiftModifier);
    else {
        QGraphicsView::keyPressEvent(event);
        return;
    }
    event->accept();
}

void DiagramView::keyReleaseEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceDown = false;
        if (!m_panning) viewport()->setCursor(Qt::ArrowCursor);
        event->accept();
        return;
    }
    QGraphicsView::keyReleaseEvent(event);
}

void DiagramView::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasFormat(QString::fromLatin1(clipboard::kKindMime))) event->acceptProposedAction();
    else event->ignore();
}

void DiagramView::dragMoveEvent(QDragMoveEvent* event)
{
    if (event->mimeData()->hasFormat(QString::fromLatin1(clipboard::kKindMime))) event->acceptProposedAction();
    else event->ignore();
}

void DiagramView::dropEvent(QDropEvent* event)
{
    const QMimeData* mime = event->mimeData();
    if (!mime->hasFormat(QString::fromLatin1(clipboard::kKindMime))) {
        event->ignore();
        return;
    }
    const QString kind = QString::fromUtf8(mime->data(QString::fromLatin1(clipboard::kKindMime)));
    if (addNode(kind, mapToScene(event->position().toPoint())).isEmpty()) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    setFocus();
}

void DiagramView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange) {
        refreshColors();
        clearKindIconCache();
        // Cached cards keep their old colours until they are told to repaint.
        for (QGraphicsItem* item : scene()->items()) item->update();
    }
    QGraphicsView::changeEvent(event);
}

}  // namespace ml::ui
