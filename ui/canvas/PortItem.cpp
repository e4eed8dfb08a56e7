#include "canvas/PortItem.h"

#include "canvas/CanvasStyle.h"
#include "canvas/DiagramScene.h"
#include "canvas/NodeItem.h"
#include "model/Catalog.h"

#include <QCursor>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace ml::ui {

using namespace canvas;

PortItem::PortItem(NodeItem* node, Side side) : QGraphicsItem(node), m_node(node), m_side(side)
{
    setPos(side == Side::Input ? 0 : kNodeWidth, kNodeHeight / 2);
    setZValue(1);
    if (side == Side::Output) {
        setAcceptHoverEvents(true);
        setCursor(Qt::CrossCursor);
        setToolTip(QObject::tr("Drag to a node to connect"));
    } else {
        setAcceptedMouseButtons(Qt::NoButton);
    }
}

QRectF PortItem::boundingRect() const
{
    const double r = kPortRadius + 4;
    return QRectF(-r, -r, 2 * r, 2 * r);
}

QPainterPath PortItem::shape() const
{
    // A generous target: ports are small and users grab them in a hurry.
    QPainterPath p;
    const double r = m_side == Side::Output ? kPortRadius + 4 : kPortRadius;
    p.addEllipse(QPointF(0, 0), r, r);
    return p;
}

void PortItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (lod < kDetailZoom) return;
    const Colors& c = colors();
    painter->setRenderHint(QPainter::Antialiasing, true);
    const bool active = m_hover || (m_side == Side::Output && m_node->connectState() == NodeItem::ConnectState::Source);
    const double r = active ? kPortRadius + 1.5 : kPortRadius;
    painter->setPen(QPen(active ? c.selection : c.cardHoverBorder, 1.5));
    painter->setBrush(active ? c.selection : c.card);
    painter->drawEllipse(QPointF(0, 0), r, r);
}

void PortItem::hoverEnterEvent(QGraphicsSceneHoverEvent* event)
{
    m_hover = true;
    update();
    QGraphicsItem::hoverEnterEvent(event);
}

void PortItem::hoverLeaveEvent(QGraphicsSceneHoverEvent* event)
{
    m_hover = false;
    update();
    QGraphicsItem::hoverLeaveEvent(event);
}

void PortItem::mousePressEvent(QGraphicsSceneMouseEvent* event)
{
    auto* s = qobject_cast<DiagramScene*>(scene());
    if (m_side != Side::Output || event->button() != Qt::LeftButton || !s) {
        event->ignore();
        return;
    }
    event->accept();
    s->beginConnection(m_node, event->scenePos());
}

void PortItem::mouseMoveEvent(QGraphicsSceneMouseEvent* event)
{
    if (auto* s = qobject_cast<DiagramScene*>(scene())) s->moveConnection(event->scenePos());
}

void PortItem::mouseReleaseEvent(QGraphicsSceneMouseEvent* event)
{
    if (auto* s = qobject_cast<DiagramScene*>(scene())) s->finishConnection(event->scenePos());
}

}  // namespace ml::ui
