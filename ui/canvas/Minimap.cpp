#include "canvas/Minimap.h"

#include "canvas/CanvasStyle.h"
#include "canvas/DiagramView.h"
#include "canvas/NodeItem.h"
#include "model/Catalog.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace ml::ui {

using namespace canvas;

Minimap::Minimap(DiagramView* view) : QWidget(view), m_view(view)
{
    setObjectName(QStringLiteral("minimap"));
    setFixedSize(180, 120);
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Navigator: click or drag to move the view"));
    setAttribute(Qt::WA_OpaquePaintEvent, false);
}

QRectF Minimap::visibleSceneRect() const { return m_view->mapToScene(m_view->viewport()->rect()).boundingRect(); }

QRectF Minimap::shownRect() const
{
    QRectF r;
    const DiagramScene* s = m_view->diagramScene();
    for (const Node& n : s->model()->diagram().nodes())
        if (const NodeItem* item = s->nodeItem(n.id)) r |= item->sceneCardRect();
    r |= visibleSceneRect();
    return r.adjusted(-40, -40, 40, 40);
}

double Minimap::scale() const
{
    const QRectF r = shownRect();
    if (r.width() <= 0 || r.height() <= 0) return 1;
    return std::min((width() - 8) / r.width(), (height() - 8) / r.height());
}

QPointF Minimap::offset() const
{
    // Centred in the widget.
    const QRectF r = shownRect();
    const double k = scale();
    return QPointF((width() - r.width() * k) / 2, (height() - r.height() * k) / 2) - r.topLeft() * k;
}

QPointF Minimap::toScene(QPointF mapPos) const { return (mapPos - offset()) / scale(); }

void Minimap::refresh()
{
    setVisible(!m_view->diagramScene()->model()->diagram().nodes().empty());
    update();
}

void Minimap::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, true);
    const Colors& c = colors();
    QColor fill = c.card;
    fill.setAlpha(230);
    p.setPen(QPen(c.cardBorder, 1));
    p.setBrush(fill);
    p.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);

    const double k = scale();
    const QPointF o = offset();
    auto map = [&](const QRectF& r) { return QRectF(r.topLeft() * k + o, r.size() * k); };
    const DiagramScene* s = m_view->diagramScene();
    p.setPen(Qt::NoPen);
    for (const Node& n : s->model()->diagram().nodes()) {
        const NodeItem* item = s->nodeItem(n.id);
        if (!item) continue;
        const KindInfo* kind = Catalog::instance().kind(n.kind);
        p.setBrush(kind ? categoryColor(kind->category) : c.error);
        p.drawRoundedRect(map(item->sceneCardRect()), 1.5, 1.5);
    }
    QColor frame = c.selection;
    p.setPen(QPen(frame, 1.5));
    frame.setAlpha(40);
    p.setBrush(frame);
    p.drawRect(map(visibleSceneRect()));
}

void Minimap::mousePressEvent(QMouseEvent* event)
{
    m_view->centerOn(toScene(event->position()));
    event->accept();
}

void Minimap::mouseMoveEvent(QMouseEvent* event)
{
    if (event->buttons() & Qt::LeftButton) m_view->centerOn(toScene(event->position()));
    event->accept();
}

void Minimap::mouseReleaseEvent(QMouseEvent* event) { event->accept(); }

}  // namespace ml::ui
