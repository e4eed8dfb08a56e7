// An edge on the canvas: a Bézier curve from the source's output port to the target's input
// port, bent around cards in its way (EdgeRoute.h), with an arrow head, coloured by edge family
// (dashed for dead-letter), and a label with the edge's main config ("process-image",
// "batch 10", "DLQ", …) drawn above the nodes.
#pragma once

#include "canvas/CanvasStyle.h"
#include "model/Diagram.h"
#include "model/Problem.h"

#include <QGraphicsItem>
#include <QPainterPath>
#include <QStaticText>

#include <vector>

namespace ml::ui {

class NodeItem;
class EdgeLabelItem;

// The label text for an edge ("" when it has nothing worth showing). `kind` is the resolved
// edge kind; node kinds are needed for the defaults.
QString edgeLabelText(const Edge& edge, const QString& kind, const QString& fromKind, const QString& toKind);

class EdgeItem : public QGraphicsItem {
public:
    enum { Type = UserType + 2 };

    EdgeItem(const Edge& edge, NodeItem* from, NodeItem* to);
    ~EdgeItem() override;

    int type() const override { return Type; }
    const EdgeId& id() const { return m_id; }
    NodeItem* source() const { return m_from; }
    NodeItem* target() const { return m_to; }
    const QString& kind() const { return m_kind; }
    QString labelText() const;
    EdgeLabelItem* label() const { return m_label; }

    void sync(const Edge& edge);
    void setProblems(const std::vector<const Problem*>& problems);
    int errorCount() const { return m_errors; }
    void setDetailsVisible(bool on);  // the label
    // Recomputes the curve after either end moved.
    void adjust();

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

    // The curve from an output port to an input port, shared with the connection drag.
    static QPainterPath curve(QPointF from, QPointF to);
    // A curve leaving `a` along `startDir` and arriving at `b` along `endDir` (unit vectors).
    static QPainterPath curveBetween(QPointF a, QPointF startDir, QPointF b, QPointF endDir);
    // Dead-letter and on-failure edges start at the bottom of the source card.
    bool leavesFromBottom() const { return m_bottomAnchor; }
    // The path as drawn, flattened: from the source's port (or bottom) to the arrow's tip,
    // bent around the cards in its way. The run overlay's tokens can travel along it.
    const QPolygonF& route() const { return m_polyline; }

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant& value) override;
    void hoverEnterEvent(QGraphicsSceneHoverEvent* event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent* event) override;

private:
    friend class EdgeLabelItem;
    QColor strokeColor() const;
    void updateToolTip();
    void strokeVisible(QPainter* painter, const QRectF& visible, double offset = 0) const;

    EdgeId m_id;
    NodeItem* m_from;
    NodeItem* m_to;
    QString m_kind;
    canvas::EdgeFamily m_family = canvas::EdgeFamily::Invoke;
    QPainterPath m_path;
    mutable QPainterPath m_shape;
    QPolygonF m_polyline;
    QPolygonF m_arrow;
    QRectF m_bounds;
    int m_errors = 0;
    int m_warnings = 0;
    QString m_tip;
    QStringList m_problemLines;
    bool m_hover = false;
    bool m_bottomAnchor = false;
    bool m_details = true;
    EdgeLabelItem* m_label = nullptr;
};

// The label of an edge. A separate top-level item so it stays readable above nodes when two
// nodes sit close together; clicking it selects its edge.
class EdgeLabelItem : public QGraphicsItem {
public:
    enum { Type = UserType + 3 };

    explicit EdgeLabelItem(EdgeItem* edge);
    int type() const override { return Type; }
    EdgeItem* edge() const { return m_edge; }
    const QString& text() const { return m_text; }
    void setText(const QString& text);
    void setCentre(QPointF p);

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;

private:
    EdgeItem* m_edge;
    QString m_text;
    QStaticText m_static;
    QRectF m_rect;
};

}  // namespace ml::ui
