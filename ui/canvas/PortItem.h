// A node's port: the output port starts a connection drag; the input port shows where edges
// arrive. Both are children of their NodeItem.
#pragma once

#include <QGraphicsItem>

namespace ml::ui {

class NodeItem;

class PortItem : public QGraphicsItem {
public:
    enum { Type = UserType + 4 };
    enum class Side { Input, Output };

    PortItem(NodeItem* node, Side side);

    int type() const override { return Type; }
    Side side() const { return m_side; }
    NodeItem* node() const { return m_node; }

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent* event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent* event) override;
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;

private:
    NodeItem* m_node;
    Side m_side;
    bool m_hover = false;
};

}  // namespace ml::ui
