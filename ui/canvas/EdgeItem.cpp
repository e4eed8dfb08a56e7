#include "canvas/EdgeItem.h"

#include "canvas/DiagramScene.h"
#include "canvas/EdgeRoute.h"
#include "canvas/NodeItem.h"
#include "canvas/Presentation.h"
#include "model/Catalog.h"

#include <QGraphicsScene>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>

namespace ml::ui {

using namespace canvas;

namespace {

constexpr double kArrowLength = 10;
constexpr double kArrowHalfWidth = 4.5;

}  // namespace

EdgeItem::EdgeItem(const Edge& edge, NodeItem* from, NodeItem* to) : m_id(edge.id), m_from(from), m_to(to)
{
    setFlags(ItemIsSelectable | ItemUsesExtendedStyleOption);
    setAcceptHoverEvents(true);
    setZValue(0);
    m_label = new EdgeLabelItem(this);
    m_from->attach(this);
    m_to->attach(this);
    sync(edge);
}

EdgeItem::~EdgeItem()
{
    if (m_from) m_from->detach(this);
    if (m_to) m_to->detach(this);
    delete m_label;
}

QString EdgeItem::labelText() const { return m_label->text(); }

void EdgeItem::setDetailsVisible(bool on)
{
    m_details = on;
    m_label->setVisible(on && !m_label->text().isEmpty());
}

void EdgeItem::sync(const Edge& edge)
{
    m_id = edge.id;
    m_kind = edge.kind;
    if (m_kind.isEmpty()) m_kind = Catalog::instance().canConnect(m_from->kind(), m_to->kind()).edgeKind;
    m_family = edgeFamily(m_kind);
    const bool bottom = m_family == EdgeFamily::DeadLetter ||
                        (edge.config.is_object() && edge.config.contains("when") && edge.config["when"] == "failure");
    if (bottom != m_bottomAnchor) m_bottomAnchor = bottom;
    m_label->setText(edgeLabelText(edge, m_kind, m_from->kind(), m_to->kind()));
    m_label->setVisible(m_details && !m_label->text().isEmpty());
    const EdgeKindInfo* k = Catalog::instance().edgeKind(m_kind);
    m_tip = QStringLiteral("<b>%1</b><br>%2 → %3")
                .arg((k ? k->displayName : m_kind).toHtmlEscaped(), edge.from.value.toHtmlEscaped(),
                     edge.to.value.toHtmlEscaped());
    updateToolTip();
    adjust();
    update();
}

void EdgeItem::setProblems(const std::vector<const Problem*>& problems)
{
    int errors = 0;
    int warnings = 0;
    QStringList lines;
    for (const Problem* p : problems) {
        (p->isError() ? errors : warnings)++;
        lines << (p->isError() ? QObject::tr("Error: %1") : QObject::tr("Warning: %1")).arg(p->message.toHtmlEscaped());
    }
    if (errors == m_errors && warnings == m_warnings && lines == m_problemLines) return;
    m_errors = errors;
    m_warnings = warnings;
    m_problemLines = lines;
    updateToolTip();
    update();
    m_label->update();
}

void EdgeItem::updateToolTip()
{
    QString tip = m_tip;
    if (!m_problemLines.isEmpty()) tip += QStringLiteral("<br>") + m_problemLines.join(QStringLiteral("<br>"));
    setToolTip(tip);
    m_label->setToolTip(tip);
}

QPainterPath EdgeItem::curve(QPointF a, QPointF b)
{
    // Horizontal tangents at both ports; edges that run backwards bulge out further so they
    // loop around their nodes instead of cutting through them.
    // A short level edge keeps its control points from crossing (the curve would fold back on
    // itself and the stroke would show a knot).
    const double dx = b.x() - a.x();
    const double dy = std::abs(b.y() - a.y());
    const double pull = dx >= 0 ? std::max(dx * 0.5, std::min(40.0, dy)) : std::clamp(-dx * 0.5 + 60.0, 80.0, 240.0);
    QPainterPath path(a);
    path.cubicTo(a + QPointF(pull, 0), b - QPointF(pull, 0), b);
    return path;
}

QPainterPath EdgeItem::curveBetween(QPointF a, QPointF startDir, QPointF b, QPointF endDir)
{
    // Tangents along the given directions, pulled by a share of the distance.
    const double pull = std::clamp(QLineF(a, b).length() * 0.4, 30.0, 200.0);
    QPainterPath path(a);
    path.cubicTo(a + startDir * pull, b - endDir * pull, b);
    return path;
}

void EdgeItem::adjust()
{
    prepareGeometryChange();
    // Dead-letter and on-failure edges leave from the card's bottom (issue 11): they are the
    // unhappy path, apart from the consumer edge on the right port, and a DLQ laid out below its
    // queue gets a short straight drop instead of a curl across the other edges.
    QPointF a = m_from->outputPortScenePos();
    QPointF startDir(1, 0);
    QPointF tip = m_to->inputPortScenePos() - QPointF(kPortRadius + 1, 0);
    QPointF endDir(1, 0);
    if (m_bottomAnchor) {
        const QRectF from = m_from->sceneCardRect();
        const QRectF to = m_to->sceneCardRect();
        a = QPointF(from.center().x(), from.bottom() + 1);
        startDir = QPointF(0, 1);
        // A target below (not beside) the source is entered from the top.
        if (to.top() > from.bottom() + 2 * kArrowLength && to.left() < from.right() && to.right() > from.left()) {
            tip = QPointF(to.center().x(), to.top() - 1);
            endDir = QPointF(0, 1);
        }
    }
    const QPointF b = tip - endDir * (kArrowLength - 1);
    const QPainterPath direct = m_bottomAnchor ? curveBetween(a, startDir, b, endDir) : curve(a, b);
    // Cards other than its own two bend the edge around them (a lane above or below).
    std::vector<QRectF> cards;
    if (scene()) {
        const QRectF near = QRectF(a, b).normalized().united(m_from->sceneCardRect()).united(m_to->sceneCardRect());
        for (QGraphicsItem* item : scene()->items(near.adjusted(-120, -400, 120, 400), Qt::IntersectsItemBoundingRect))
            if (item->type() == NodeItem::Type && item != m_from && item != m_to && item->isVisible())
                cards.push_back(static_cast<NodeItem*>(item)->sceneCardRect());
    }
    edgeroute::Route route = edgeroute::route(edgeroute::Ends{a, startDir, b, endDir}, direct, cards);
    m_path = std::move(route.path);
    m_path.lineTo(tip - endDir * 2);
    const QPointF side(-endDir.y() * kArrowHalfWidth, endDir.x() * kArrowHalfWidth);
    m_arrow = QPolygonF({tip, b + side, b - side});
    // Flattened once here, for painting long edges piecewise (strokeVisible), hit tests and the label.
    m_polyline = edgeroute::flatten(m_path);
    // The hover shape is built on demand (hit tests), not for every edge on every move.
    m_shape = QPainterPath();
    m_bounds = m_polyline.boundingRect().united(m_arrow.boundingRect()).adjusted(-8, -8, 8, 8);
    // The label sits on the curve, halfway if it fits there; between close cards it slides
    // along the curve or a little off it, and failing that flies above the pair, so it never
    // hides a port or a name.
    // The cards' margins include the problem badge that sits on their top-right corner (radius
    // 9 around the corner): a label there would hide it.
    constexpr double kBadgeClearance = 11;
    const QRectF fromCard = m_from->sceneCardRect().adjusted(-kPortRadius - 3, -kBadgeClearance, kPortRadius + 3, 1);
    const QRectF toCard = m_to->sceneCardRect().adjusted(-kPortRadius - 3, -kBadgeClearance, kPortRadius + 3, 1);
    const QRectF box = m_label->boundingRect();
    auto fits = [&](QPointF p) {
        const QRectF r = box.translated(p);
        return !r.intersects(fromCard) && !r.intersects(toCard);
    };
    auto along = [this](double t) { return edgeroute::pointAlong(m_polyline, t); };
    QPointF centre = along(0.5);
    bool placed = box.isEmpty() || fits(centre);
    for (double dy : {0.0, -6.0, 6.0, -12.0, 12.0}) {
        for (double t : {0.5, 0.6, 0.4, 0.7, 0.3}) {
            const QPointF p = along(t) + QPointF(0, dy);
            if (placed || !fits(p)) continue;
            centre = p;
            placed = true;
        }
    }
    if (!placed) centre.setY(std::min(fromCard.top(), toCard.top()) - box.height() / 2 - 4);
    m_label->setCentre(centre);
}

QRectF EdgeItem::boundingRect() const { return m_bounds; }
QPainterPath EdgeItem::shape() const
{
    if (m_shape.isEmpty()) {
        // Wider than the stroke so a thin curve is easy to hover and click.
        QPainterPathStroker stroker;
        stroker.setWidth(14);
        m_shape = stroker.createStroke(m_path);
    }
    return m_shape;
}

QColor EdgeItem::strokeColor() const
{
    if (m_errors) return colors().error;
    if (m_warnings) return colors().warning;
    if (presentation().highContrastEdges) return colors().text;  // presenter mode: a projector washes colours out
    return edgeColor(m_family);
}

void EdgeItem::strokeVisible(QPainter* painter, const QRectF& visible, double offset) const
{
    if (offset == 0 && visible.contains(m_bounds)) {
        painter->drawPath(m_path);
        return;
    }
    QPolygonF line = m_polyline;
    if (offset != 0) {
        // A copy of the curve moved sideways by `offset` (along each vertex's normal).
        for (int i = 0; i < line.size(); ++i) {
            const QPointF d = m_polyline[std::min(i + 1, int(line.size()) - 1)] - m_polyline[std::max(i - 1, 0)];
            const double len = std::hypot(d.x(), d.y());
            if (len > 0) line[i] += QPointF(-d.y(), d.x()) * (offset / len);
        }
    }
    if (visible.contains(m_bounds)) {
        painter->drawPolyline(line);
        return;
    }
    // Wide antialiased strokes cost in proportion to their whole length, even off screen; a
    // long edge that crosses the view is stroked only where it can be seen (a pan repaints
    // a thin strip, which then costs almost nothing).
    QPolygonF run;
    for (int i = 0; i + 1 < line.size(); ++i) {
        const QRectF segment = QRectF(line[i], line[i + 1]).normalized();
        if (segment.intersects(visible) || visible.contains(line[i])) {
            if (run.isEmpty()) run << line[i];
            run << line[i + 1];
        } else if (!run.isEmpty()) {
            painter->drawPolyline(run);
            run.clear();
        }
    }
    if (!run.isEmpty()) painter->drawPolyline(run);
}

void EdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    QColor color = strokeColor();
    const bool dashed = m_family == EdgeFamily::DeadLetter;
    // Exposed rect (ItemUsesExtendedStyleOption): a pan or a hover repaints a small area.
    const QRectF visible = option->exposedRect.adjusted(-10, -10, 10, 10);
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setBrush(Qt::NoBrush);
    if (lod >= kDetailZoom && (isSelected() || m_hover)) {
        QColor halo = isSelected() ? colors().selection : color;
        halo.setAlphaF(isSelected() ? 0.35f : 0.18f);
        painter->setPen(QPen(halo, 7, Qt::SolidLine, Qt::RoundCap, Qt::BevelJoin));
        strokeVisible(painter, visible);
    }
    if (lod < kDetailZoom)
        color = overBackground(color, 0.7);
    else if (!isSelected() && !m_hover && m_family == EdgeFamily::Logging)
        color = overBackground(color, 0.75);
    const double width = (isSelected() ? 2.2 : 1.6) * presentation().edgeWidth;
    QPen pen(color, width, Qt::SolidLine, Qt::RoundCap, Qt::BevelJoin);
    if (dashed) pen.setDashPattern({4, 3});
    // Antialiased strokes wider than one device pixel leave Qt's fast cosmetic stroker and cost
    // about six times more per pixel of length. Up to 2.5 px the same look comes from two
    // one-pixel lines side by side; only close-ups, with few edges in view, pay for wide pens.
    const auto* s = static_cast<const DiagramScene*>(scene());
    const double dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    const double device = width * lod * dpr;
    if (device > 2.5 && !(s && s->isZooming())) {
        painter->setPen(pen);
        strokeVisible(painter, visible);
    } else {
        pen.setWidthF(1);
        pen.setCosmetic(true);
        if (dashed) pen.setDashPattern({4 * width, 3 * width});
        painter->setPen(pen);
        if (device <= 1.3 || (s && s->isZooming())) {
            strokeVisible(painter, visible);
        } else {
            const double offset = (device - 1) / 2 / (lod * dpr);
            strokeVisible(painter, visible, offset);
            strokeVisible(painter, visible, -offset);
        }
    }
    if (lod >= kDetailZoom && visible.intersects(m_arrow.boundingRect())) {
        painter->setPen(QPen(color, 1, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter->setBrush(color);
        painter->drawPolygon(m_arrow);
    }
}

QVariant EdgeItem::itemChange(GraphicsItemChange change, const QVariant& value)
{
    if (change == ItemSceneHasChanged) {
        // The label lives at the top level of the same scene.
        auto* s = value.value<QGraphicsScene*>();
        if (m_label->scene() && m_label->scene() != s) m_label->scene()->removeItem(m_label);
        if (s && m_label->scene() != s) s->addItem(m_label);
    } else if (change == ItemSelectedHasChanged) {
        m_label->update();
    }
    return QGraphicsItem::itemChange(change, value);
}

void EdgeItem::hoverEnterEvent(QGraphicsSceneHoverEvent* event)
{
    m_hover = true;
    update();
    QGraphicsItem::hoverEnterEvent(event);
}

void EdgeItem::hoverLeaveEvent(QGraphicsSceneHoverEvent* event)
{
    m_hover = false;
    update();
    QGraphicsItem::hoverLeaveEvent(event);
}

}  // namespace ml::ui
