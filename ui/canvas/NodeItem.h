// A node on the canvas: a rounded card with the kind's icon, the node's name and its kind, an
// input port on the left and an output port on the right, and a badge for lint problems.
#pragma once

#include "canvas/CanvasStyle.h"
#include "model/Diagram.h"
#include "model/Problem.h"

#include <QGraphicsItem>
#include <QStaticText>

#include <vector>

namespace ml::ui {

class EdgeItem;
class PortItem;

class NodeItem : public QGraphicsItem {
public:
    enum { Type = UserType + 1 };
    // How the node looks while the user drags a new connection.
    enum class ConnectState { None, Source, Allowed, Forbidden, Target };

    explicit NodeItem(const Node& node);
    ~NodeItem() override;

    int type() const override { return Type; }
    const NodeId& id() const { return m_id; }
    const QString& kind() const { return m_kind; }

    // Takes name, kind and position from the model.
    void sync(const Node& node);
    void setProblems(const std::vector<const Problem*>& problems);
    int errorCount() const { return m_errors; }
    int warningCount() const { return m_warnings; }
    void setDetailsVisible(bool on);  // ports
    void setConnectState(ConnectState state);
    ConnectState connectState() const { return m_connect; }

    QPointF inputPortScenePos() const;
    QPointF outputPortScenePos() const;
    PortItem* outputPort() const { return m_output; }
    PortItem* inputPort() const { return m_input; }
    QRectF cardRect() const;
    // The name as drawn: one line (the card grows up to kNodeMaxWidth for it), or two when it
    // does not fit on one even then (the second elided).
    QStringList nameLines() const;
    // Whether the whole name is drawn (nothing elided).
    bool nameWhole() const;
    QRectF sceneCardRect() const { return cardRect().translated(pos()); }

    void attach(EdgeItem* edge) { m_edges.push_back(edge); }
    void detach(EdgeItem* edge);
    const std::vector<EdgeItem*>& edges() const { return m_edges; }

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

    // The scene sets positions that come from the model through this, so they are not snapped.
    void setModelPos(QPointF p);

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant& value) override;
    void hoverEnterEvent(QGraphicsSceneHoverEvent* event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent* event) override;

private:
    void paintDetailed(QPainter* painter, double lod);
    void paintBadge(QPainter* painter);
    void updateTexts();
    void updateToolTip();

    NodeId m_id;
    QString m_kind;
    QString m_name;
    QString m_kindName;
    QString m_icon;
    int m_category = 0;
    QStaticText m_nameText;
    QStaticText m_nameText2;
    bool m_twoLines = false;
    double m_width = canvas::kNodeWidth;  // up to kNodeMaxWidth, for the name
    QStaticText m_kindText;
    int m_errors = 0;
    int m_warnings = 0;
    QStringList m_problemLines;
    bool m_hover = false;
    bool m_fromModel = false;
    ConnectState m_connect = ConnectState::None;
    PortItem* m_input = nullptr;
    PortItem* m_output = nullptr;
    std::vector<EdgeItem*> m_edges;
};

}  // namespace ml::ui
