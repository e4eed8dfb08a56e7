#include "canvas/ConnectionDrag.h"

#include "canvas/CanvasStyle.h"
#include "canvas/DiagramScene.h"
#include "canvas/EdgeItem.h"
#include "canvas/NodeItem.h"
#include "model/Catalog.h"

#include <QFontMetricsF>
#include <QGraphicsPathItem>
#include <QPainter>

namespace ml::ui {

using namespace canvas;

// A small label next to the cursor, the same size at every zoom.
class ConnectionHint : public QGraphicsItem {
public:
    ConnectionHint()
    {
        setFlag(ItemIgnoresTransformations);
        setZValue(10);
        setAcceptedMouseButtons(Qt::NoButton);
    }

    void setText(const QString& text, bool refused)
    {
        if (text == m_text && refused == m_refused) return;
        prepareGeometryChange();
        m_text = text;
        m_refused = refused;
        QFont f;
        f.setPixelSize(12);
        const QFontMetricsF fm(f);
        const QRectF r = fm.boundingRect(QRectF(0, 0, 300, 1000), Qt::TextWordWrap, text);
        m_rect = QRectF(14, 16, r.width() + 16, r.height() + 10);
        setVisible(!text.isEmpty());
        update();
    }

    const QString& text() const { return m_text; }

    QRectF boundingRect() const override { return m_rect.adjusted(-1, -1, 1, 3); }

    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override
    {
        const Colors& c = colors();
        painter->setRenderHint(QPainter::Antialiasing, true);
        painter->setPen(Qt::NoPen);
        painter->setBrush(c.shadow);
        painter->drawRoundedRect(m_rect.translated(0, 2), 6, 6);
        painter->setPen(QPen(m_refused ? c.error : c.allowed, 1.2));
        painter->setBrush(c.card);
        painter->drawRoundedRect(m_rect, 6, 6);
        QFont f;
        f.setPixelSize(12);
        painter->setFont(f);
        painter->setPen(c.text);
        painter->drawText(m_rect.adjusted(8, 5, -8, -5), Qt::TextWordWrap, m_text);
    }

private:
    QString m_text;
    bool m_refused = false;
    QRectF m_rect;
};

namespace {

class RubberCurve : public QGraphicsPathItem {
public:
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override
    {
        painter->setRenderHint(QPainter::Antialiasing, true);
        QGraphicsPathItem::paint(painter, option, widget);
    }
};

}  // namespace

ConnectionDrag::ConnectionDrag(DiagramScene* scene, NodeItem* source, QPointF scenePos)
    : m_scene(scene), m_source(source), m_rubber(new RubberCurve), m_hint(new ConnectionHint)
{
    const Catalog& catalog = Catalog::instance();
    for (QGraphicsItem* item : scene->items()) {
        if (item->type() != NodeItem::Type) continue;
        auto* node = static_cast<NodeItem*>(item);
        if (node == source) {
            node->setConnectState(NodeItem::ConnectState::Source);
            continue;
        }
        const ConnectionPossible verdict = scene->model()->connectionPossible(source->id(), node->id());
        if (verdict.possible()) {
            const EdgeKindInfo* k = catalog.edgeKind(verdict.edgeKind);
            m_allowed.insert(node, k ? k->displayName : verdict.edgeKind);
            node->setConnectState(NodeItem::ConnectState::Allowed);
        } else {
            m_refusals.insert(node, verdict.sentence);
            node->setConnectState(NodeItem::ConnectState::Forbidden);
        }
    }
    QColor color = colors().selection;
    QPen pen(color, 2, Qt::DashLine, Qt::RoundCap);
    pen.setDashPattern({5, 4});
    m_rubber->setPen(pen);
    m_rubber->setZValue(5);
    m_rubber->setAcceptedMouseButtons(Qt::NoButton);
    scene->addItem(m_rubber);
    scene->addItem(m_hint);
    m_hint->setVisible(false);
    moveTo(scenePos);
}

ConnectionDrag::~ConnectionDrag()
{
    for (QGraphicsItem* item : m_scene->items())
        if (item->type() == NodeItem::Type) static_cast<NodeItem*>(item)->setConnectState(NodeItem::ConnectState::None);
    delete m_rubber;
    delete m_hint;
}

QString ConnectionDrag::hintText() const { return m_hint->text(); }

NodeItem* ConnectionDrag::nodeAt(QPointF scenePos) const
{
    for (QGraphicsItem* item : m_scene->items(scenePos)) {
        if (item->type() == NodeItem::Type) return static_cast<NodeItem*>(item);
        if (item->parentItem() && item->parentItem()->type() == NodeItem::Type)
            return static_cast<NodeItem*>(item->parentItem());
    }
    return nullptr;
}

void ConnectionDrag::moveTo(QPointF scenePos)
{
    NodeItem* over = nodeAt(scenePos);
    if (over == m_source) over = nullptr;
    if (over != m_target) {
        if (m_target && m_allowed.contains(m_target)) m_target->setConnectState(NodeItem::ConnectState::Allowed);
        m_target = over;
        if (m_target && m_allowed.contains(m_target)) m_target->setConnectState(NodeItem::ConnectState::Target);
    }
    // Over an allowed node the curve snaps to its input port: what you see is what you get.
    const bool allowed = isAllowed(m_target);
    const QPointF end = allowed ? m_target->inputPortScenePos() : scenePos;
    m_rubber->setPath(EdgeItem::curve(m_source->outputPortScenePos(), end));
    QPen pen = m_rubber->pen();
    pen.setColor(allowed ? colors().allowed : m_target ? colors().error : colors().selection);
    m_rubber->setPen(pen);
    m_hint->setPos(scenePos);
    if (!m_target)
        m_hint->setText(QString(), false);
    else if (allowed)
        m_hint->setText(m_allowed.value(m_target), false);
    else
        m_hint->setText(m_refusals.value(m_target), true);
}

}  // namespace ml::ui
