#include "canvas/DiagramView.h"

#include "canvas/CanvasStyle.h"
#include "canvas/Clipboard.h"
#include "canvas/KindIcon.h"
#include "canvas/Minimap.h"
#include "canvas/NodeItem.h"
#include "commands/EditCommands.h"
#include "model/Catalog.h"

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
// Zoom to fit shows the whole diagram down to kWholeFitZoom, where names are still legible;
// a diagram that needs less is shown at kScrollFitZoom (easier to read) from its top-left, the
// rest a scroll away. Below kDetailZoom names would not be drawn at all.
constexpr double kWholeFitZoom = 0.5;
constexpr double kScrollFitZoom = 0.6;
// Panning is never limited by the items: the canvas is as large as anyone needs.
constexpr double kWorld = 100000;

}  // namespace

DiagramView::DiagramView(DiagramScene* scene, QWidget* parent)
    : QGraphicsView(scene, parent), m_zoomSettle(new QTimer(this)), m_minimap(new Minimap(this))
{
    m_zoomSettle->setSingleShot(true);
    m_zoomSettle->setInterval(180);
    connect(m_zoomSettle, &QTimer::timeout, this, [this] { diagramScene()->setZooming(false); });
    // Items switch antialiasing on where they need it; left on here it would also slow down
    // the blits of every cached card.
    setRenderHint(QPainter::TextAntialiasing, true);
    setDragMode(RubberBandDrag);
    // Only what lies wholly inside the band: an edge that merely crosses it is not picked up
    // (and then deleted along with the nodes).
    setRubberBandSelectionMode(Qt::ContainsItemShape);
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
    connect(scene, &DiagramScene::wireReleased, this, &DiagramView::showQuickAdd);
    connect(scene->model(), &DiagramModel::changed, m_minimap, &Minimap::refresh);
    connect(scene->model(), &DiagramModel::reset, m_minimap, &Minimap::refresh);
    m_minimap->refresh();
}

void DiagramView::placeMinimap()
{
    const QRect vp = viewport()->geometry();
    m_minimap->move(vp.right() - m_minimap->width() - 12, vp.bottom() - m_minimap->height() - 12);
    m_minimap->raise();
}

void DiagramView::resizeEvent(QResizeEvent* event)
{
    QGraphicsView::resizeEvent(event);
    placeMinimap();
    m_minimap->update();
}

void DiagramView::scrollContentsBy(int dx, int dy)
{
    QGraphicsView::scrollContentsBy(dx, dy);
    m_minimap->update();
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
    m_minimap->update();
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
    // Never magnify a small diagram past 100%: cards at 300% look broken, not fitted. Never shrink
    // it below legibility either: then its top-left shows and the navigator shows the rest.
    const double fit = std::min(view.width() / r.width(), view.height() / r.height());
    const double factor = fit >= kWholeFitZoom ? std::min(fit, 1.0) : kScrollFitZoom;
    setTransform(QTransform::fromScale(factor, factor));
    diagramScene()->setViewZoom(factor);
    if (fit >= kWholeFitZoom) {
        centerOn(r.center());
    } else {
        const QSizeF shown(view.width() / factor, view.height() / factor);
        centerOn(r.left() + shown.width() / 2,
                 r.height() * factor <= view.height() ? r.center().y() : r.top() + shown.height() / 2);
    }
    m_minimap->update();
    emit zoomChanged(factor);
}

void DiagramView::centerOnNode(const NodeId& id)
{
    if (NodeItem* item = diagramScene()->nodeItem(id)) centerOn(item->sceneCardRect().center());
}

NodeId DiagramView::addNode(const QString& kind, QPointF scenePos)
{
    DiagramScene* s = diagramScene();
    if (!Catalog::instance().kind(kind) || refuseEdit()) return {};
    const Diagram& d = s->model()->diagram();
    Node node;
    node.kind = kind;
    node.id = d.uniqueNodeId(kind);
    QPointF topLeft = scenePos - QPointF(kNodeWidth / 2, kNodeHeight / 2);
    if (s->snapToGrid()) topLeft = s->snapped(topLeft);
    // Whole pixels: a drop at 83% zoom must not save as 19.78880000000001.
    node.x = std::round(topLeft.x());
    node.y = std::round(topLeft.y());
    const NodeId id = node.id;
    s->undoStack()->push(new AddNodeCommand(s->model(), std::move(node)));
    s->selectNode(id, false);
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
    // A lone, unconnected card dragged onto an edge goes into it (A → card → B) when legal.
    DiagramScene* s = diagramScene();
    const std::vector<NodeId> selected = s->selectedNodes();
    const Node* before = selected.size() == 1 ? s->model()->diagram().node(selected.front()) : nullptr;
    const QPointF was = before ? QPointF(before->x, before->y) : QPointF();
    QGraphicsView::mouseReleaseEvent(event);
    const Node* after = before ? s->model()->diagram().node(selected.front()) : nullptr;
    if (after && QPointF(after->x, after->y) != was && event->button() == Qt::LeftButton)
        if (NodeItem* item = s->nodeItem(after->id)) spliceIntoEdge(after->id, item->sceneCardRect().center());
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
    if (event->key() == Qt::Key_Delete || event->key() == Qt::Key_Backspace)
        deleteSelection();
    else if (event->matches(QKeySequence::Copy))
        copySelection();
    else if (event->matches(QKeySequence::Cut))
        cutSelection();
    else if (event->matches(QKeySequence::Paste))
        paste();
    else if (event->matches(QKeySequence::SelectAll))
        selectAll();
    else if (event->matches(QKeySequence::ZoomIn))
        zoomIn();
    else if (event->matches(QKeySequence::ZoomOut))
        zoomOut();
    else if (event->key() == Qt::Key_D && event->modifiers() == Qt::ControlModifier)
        duplicateSelection();
    else if (event->key() == Qt::Key_0 && event->modifiers() == Qt::ControlModifier)
        resetZoom();
    else if (event->key() == Qt::Key_1 && event->modifiers() == Qt::ControlModifier)
        zoomToFit();
    else if (event->key() == Qt::Key_Escape)
        scene()->clearSelection();
    else if (event->key() == Qt::Key_F2 && diagramScene()->selectedNodes().size() == 1)
        startRename(diagramScene()->selectedNodes().front());
    else if ((event->key() == Qt::Key_Left || event->key() == Qt::Key_Right || event->key() == Qt::Key_Up ||
              event->key() == Qt::Key_Down) &&
             !diagramScene()->selectedNodes().empty())
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
    if (isEditable() && event->mimeData()->hasFormat(QString::fromLatin1(clipboard::kKindMime)))
        event->acceptProposedAction();
    else
        event->ignore();
}

void DiagramView::dragMoveEvent(QDragMoveEvent* event)
{
    if (isEditable() && event->mimeData()->hasFormat(QString::fromLatin1(clipboard::kKindMime)))
        event->acceptProposedAction();
    else
        event->ignore();
}

void DiagramView::dropEvent(QDropEvent* event)
{
    const QMimeData* mime = event->mimeData();
    if (!mime->hasFormat(QString::fromLatin1(clipboard::kKindMime)) || refuseEdit()) {
        event->ignore();
        return;
    }
    const QString kind = QString::fromUtf8(mime->data(QString::fromLatin1(clipboard::kKindMime)));
    const QPointF at = mapToScene(event->position().toPoint());
    // Dropped onto an edge where A → new → B is legal: the node goes into the edge (one step).
    const bool splice = Catalog::instance().kind(kind) && !edgeToSplice(kind, at).isEmpty();
    QUndoStack* undo = diagramScene()->undoStack();
    if (splice) undo->beginMacro(tr("Add %1 into an edge").arg(kind));
    const NodeId id = addNode(kind, at);
    if (splice) {
        spliceIntoEdge(id, at);
        undo->endMacro();
    }
    if (id.isEmpty()) {
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
        // Cached cards keep their old colours until they are told to repaint. The background (the
        // dot grid, cached while a run exists) is not an item: without its own invalidation the
        // canvas kept the old theme until the next zoom or scroll.
        for (QGraphicsItem* item : scene()->items()) item->update();
        resetCachedContent();
        scene()->invalidate(QRectF(), QGraphicsScene::AllLayers);
        scene()->update();
        viewport()->update();
        if (m_minimap) m_minimap->update();
    }
    QGraphicsView::changeEvent(event);
}

}  // namespace ml::ui
