#include "panels/run/TimelineView.h"

#include "Theme.h"
#include "panels/run/RunFormat.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

namespace ml::ui::run {

TimelineView::TimelineView(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("traceTimeline"));
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
}

int TimelineView::rowHeight() const { return fontMetrics().height() + 10; }
int TimelineView::timeWidth() const { return fontMetrics().horizontalAdvance(QStringLiteral("00:00:00.000")) + 16; }
int TimelineView::laneWidth() const
{
    int widest = fontMetrics().horizontalAdvance(QStringLiteral("MMMMMM"));
    for (int n : m_lanes)
        if (n >= 0 && n < int(m_names.size()))
            widest = std::max(widest, fontMetrics().horizontalAdvance(m_names[size_t(n)]));
    return std::min(widest + 20, fontMetrics().horizontalAdvance(QLatin1Char('M')) * 14);
}
int TimelineView::laneX(int node) const
{
    const int lane = node >= 0 && node < int(m_laneOf.size()) ? m_laneOf[size_t(node)] : -1;
    return lane < 0 ? -1 : timeWidth() + lane * laneWidth() + laneWidth() / 2;
}

void TimelineView::setHops(const std::vector<TraceHop>& hops, const std::vector<QString>& nodeNames,
                           const std::vector<QString>& nodeIds, qint64 startEpoch)
{
    m_hops = hops;
    m_names = nodeNames;
    m_ids = nodeIds;
    m_startEpoch = startEpoch;
    m_lanes.clear();
    m_laneOf.assign(nodeNames.size(), -1);
    auto addLane = [&](int n) {
        if (n < 0 || n >= int(m_laneOf.size()) || m_laneOf[size_t(n)] >= 0) return;
        m_laneOf[size_t(n)] = int(m_lanes.size());
        m_lanes.push_back(n);
    };
    for (const TraceHop& h : m_hops) {
        addLane(h.node);
        if (h.type == EventType::Sent || h.type == EventType::DeadLettered) addLane(h.peer);
    }
    if (m_current >= int(m_hops.size())) m_current = -1;
    updateGeometry();
    update();
}

void TimelineView::setCurrentRow(int row)
{
    m_current = row;
    update();
}

QSize TimelineView::sizeHint() const
{
    int text = 0;
    for (const TraceHop& h : m_hops) text = std::max(text, fontMetrics().horizontalAdvance(h.text));
    return {timeWidth() + int(m_lanes.size()) * laneWidth() + text + 24,
            headerHeight() + int(m_hops.size()) * rowHeight() + 8};
}

int TimelineView::rowAt(QPoint pos) const
{
    if (pos.y() < headerTop() + headerHeight()) return -1;  // the headers, drawn over the rows
    const int row = (pos.y() - headerHeight()) / rowHeight();
    return row < int(m_hops.size()) ? row : -1;
}

int TimelineView::laneNodeAt(QPoint pos) const
{
    if (pos.y() < headerTop() || pos.y() >= headerTop() + headerHeight() || pos.x() < timeWidth()) return -1;
    const std::size_t lane = std::size_t((pos.x() - timeWidth()) / laneWidth());
    return lane < m_lanes.size() ? m_lanes[lane] : -1;
}

bool TimelineView::event(QEvent* event)
{
    // A lane's header shows the card's name as the canvas does; its tooltip names the node id
    // too (what logs, lint and the file use).
    if (event->type() == QEvent::ToolTip) {
        const QPoint pos = static_cast<QHelpEvent*>(event)->pos();
        const int n = laneNodeAt(pos);
        if (n >= 0 && n < int(m_ids.size())) {
            const QString& name = m_names[size_t(n)];
            const QString& id = m_ids[size_t(n)];
            QToolTip::showText(static_cast<QHelpEvent*>(event)->globalPos(),
                               name == id ? id : tr("%1 (id: %2)").arg(name, id), this);
        } else {
            QToolTip::hideText();
            event->ignore();
        }
        return true;
    }
    return QWidget::event(event);
}

void TimelineView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton) return;
    if (const int row = rowAt(event->position().toPoint()); row >= 0) emit rowClicked(row);
}

void TimelineView::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (const int row = rowAt(event->position().toPoint()); row >= 0) emit rowDoubleClicked(row);
}

void TimelineView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette& pal = palette();
    const bool dark = isDarkTheme();
    const int rh = rowHeight();
    const int top = headerHeight();
    const int lanesRight = timeWidth() + int(m_lanes.size()) * laneWidth();
    const QColor laneColour = dark ? QColor(0x55, 0x5b, 0x66) : QColor(0xc8, 0xcd, 0xd6);
    auto toneColour = [&](int tone) {
        switch (tone) {
        case 1: return okColour();
        case 2: return warnColour();
        case 3: return failColour();
        }
        return dark ? QColor(0x9c, 0xc4, 0xff) : infoColour();
    };

    if (m_hops.empty()) return;
    // Zebra rows and the current row.
    for (int r = 0; r < int(m_hops.size()); ++r) {
        const QRect row(0, top + r * rh, width(), rh);
        if (r == m_current)
            p.fillRect(row, pal.color(QPalette::Highlight).lighter(dark ? 60 : 170));
        else if (r % 2)
            p.fillRect(row, pal.color(QPalette::AlternateBase));
    }
    // Lane lines.
    for (std::size_t l = 0; l < m_lanes.size(); ++l) {
        const int x = timeWidth() + int(l) * laneWidth() + laneWidth() / 2;
        p.setPen(QPen(laneColour, 2));
        p.drawLine(x, top - 2, x, top + int(m_hops.size()) * rh);
    }

    for (int r = 0; r < int(m_hops.size()); ++r) {
        const TraceHop& h = m_hops[size_t(r)];
        const int y = top + r * rh + rh / 2;
        const QColor c = toneColour(h.tone);
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QRect(4, y - rh / 2, timeWidth() - 8, rh), Qt::AlignLeft | Qt::AlignVCenter,
                   clockText(m_startEpoch + h.time));
        const int x = laneX(h.node);
        const bool arrow =
            (h.type == EventType::Sent || h.type == EventType::DeadLettered) && laneX(h.peer) >= 0 && h.peer != h.node;
        if (arrow) {
            const int x2 = laneX(h.peer);
            p.setPen(QPen(c, h.type == EventType::DeadLettered ? 3 : 2));
            p.drawLine(x, y, x2, y);
            const int dir = x2 > x ? -1 : 1;
            QPainterPath head;
            head.moveTo(x2, y);
            head.lineTo(x2 + dir * 9, y - 5);
            head.lineTo(x2 + dir * 9, y + 5);
            head.closeSubpath();
            p.fillPath(head, c);
        } else if (x >= 0) {
            p.setPen(Qt::NoPen);
            p.setBrush(c);
            const int radius = h.tone == 3 ? 7 : 5;
            p.drawEllipse(QPoint(x, y), radius, radius);
        }
        QFont f = font();
        f.setBold(h.tone >= 2);
        p.setFont(f);
        p.setPen(h.tone == 0 ? pal.color(QPalette::Text) : c);
        const QString who =
            h.node >= 0 && h.node < int(m_names.size()) ? m_names[size_t(h.node)] + QStringLiteral(": ") : QString();
        p.drawText(QRect(lanesRight + 10, y - rh / 2, width() - lanesRight - 12, rh), Qt::AlignLeft | Qt::AlignVCenter,
                   who + h.text);
        p.setFont(font());
    }

    // The lane headers stay at the top of what is shown while the rows scroll under them.
    const int y0 = headerTop();
    p.fillRect(QRect(0, y0, width(), top - 2), pal.color(QPalette::Base));
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    for (std::size_t l = 0; l < m_lanes.size(); ++l) {
        const int x = timeWidth() + int(l) * laneWidth() + laneWidth() / 2;
        const QRect head(x - laneWidth() / 2 + 2, y0 + 2, laneWidth() - 4, top - 6);
        p.setPen(Qt::NoPen);
        p.setBrush(dark ? QColor(0x2d, 0x33, 0x3d) : QColor(0xe8, 0xee, 0xf7));
        p.drawRoundedRect(head, 4, 4);
        p.setPen(pal.color(QPalette::Text));
        const int n = m_lanes[l];
        p.drawText(head, Qt::AlignCenter,
                   fontMetrics().elidedText(m_names[size_t(n)], Qt::ElideMiddle, head.width() - 4));
    }
    p.setFont(font());
    p.setPen(pal.color(QPalette::PlaceholderText));
    p.drawText(QRect(4, y0 + 2, timeWidth() - 8, top - 6), Qt::AlignLeft | Qt::AlignVCenter, tr("time"));
}

}  // namespace ml::ui::run
