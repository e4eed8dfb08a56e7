#include "canvas/RunOverlay.h"

#include "canvas/CanvasStyle.h"
#include "canvas/Presentation.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>

namespace ml::ui {

namespace {

constexpr double kBadgeHeight = 17;

QPointF pointAt(const QPolygonF& path, double f)
{
    if (path.isEmpty()) return {};
    if (path.size() == 1) return path.front();
    const double x = std::clamp(f, 0.0, 1.0) * double(path.size() - 1);
    const int i = std::min(int(x), int(path.size()) - 2);
    const double t = x - i;
    return path[i] * (1 - t) + path[i + 1] * t;
}

bool isFailure(const EngineEvent& e)
{
    switch (e.type) {
    case EventType::InvokeEnd: return e.detail != "success";
    case EventType::DeadLettered:
    case EventType::Dropped:
    case EventType::TimedOut:
    case EventType::Expired: return true;
    case EventType::Response: return e.value >= 500;
    default: return false;
    }
}

QFont badgeFont()
{
    QFont f;
    f.setPixelSize(qRound(11 * canvas::presentation().badgeScale));
    f.setBold(true);
    return f;
}

}  // namespace

RunOverlay::RunOverlay()
{
    setZValue(1000);  // over nodes and edge labels: tokens and badges are what moves
    setAcceptedMouseButtons(Qt::NoButton);
    setFlag(ItemIsSelectable, false);
}

void RunOverlay::setGeometry(std::vector<QPolygonF> edgePaths, std::vector<QRectF> edgeLabels, QRectF bounds)
{
    prepareGeometryChange();
    m_paths = std::move(edgePaths);
    m_labels = std::move(edgeLabels);
    m_bounds = bounds;
    m_rates.assign(m_paths.size(), EdgeRate{});
    m_rateLabels.assign(m_paths.size(), QRectF());
    m_tokens.clear();
}

void RunOverlay::clear()
{
    m_dirty.clear();
    m_tokens.clear();
    m_rates.assign(m_paths.size(), EdgeRate{});
    m_rateLabels.assign(m_paths.size(), QRectF());
    m_failedTraces.clear();
    m_badges.clear();
    m_lastWall = -1;
    update();
}

void RunOverlay::addEvents(const std::vector<EngineEvent>& events, qint64 wallMs)
{
    for (const EngineEvent& e : events) {
        if (isFailure(e) && e.trace) {
            if (m_failedTraces.size() > 50'000) m_failedTraces.clear();  // memory stays bounded
            m_failedTraces.insert(e.trace);
        }
        if (e.type != EventType::Sent || e.edge < 0 || size_t(e.edge) >= m_paths.size()) continue;
        EdgeRate& r = m_rates[size_t(e.edge)];
        ++r.frameCount;
        if (r.throughput || m_tokens.size() >= size_t(kMaxTokens)) continue;
        m_tokens.push_back(Token{e.edge, e.message, e.trace, wallMs, m_paths[size_t(e.edge)].value(0)});
    }
}

void RunOverlay::advance(qint64 wallMs, qint64 virtualNow, bool hold)
{
    const double dt = m_lastWall < 0 ? 0.016 : std::max<double>(0, double(wallMs - m_lastWall) / 1000.0);
    const double vdt = m_lastWall < 0 ? 0 : std::max<double>(0, double(virtualNow - m_lastVirtual) / 1e6);
    m_lastWall = wallMs;
    m_lastVirtual = virtualNow;
    const double decay = std::exp(-dt);
    for (std::size_t e = 0; e < m_rates.size(); ++e) {
        EdgeRate& r = m_rates[e];
        r.count = r.count * decay + r.frameCount;
        r.wall = r.wall * decay + dt;
        r.virt = r.virt * decay + vdt;
        r.frameCount = 0;
        const double perWallSecond = r.wall > 0.05 ? r.count / r.wall : 0;
        // Hysteresis: an edge does not flicker between the two looks around the threshold.
        if (!r.throughput && perWallSecond > kThroughputOn)
            r.throughput = true;
        else if (r.throughput && perWallSecond < kThroughputOff)
            r.throughput = false;
        // At max speed virtual time races on: an edge that stopped carrying messages still counts
        // as busy in wall time for a few seconds, and a paused run would keep it so, labelled
        // "0.0 msg/s". Quiet in virtual time is quiet.
        if (r.throughput && edgeRate(int(e)) < kThroughputQuiet) r.throughput = false;
    }
    placeRateLabels();
    std::size_t kept = 0;
    for (Token& t : m_tokens) {
        const double f = double(wallMs - t.born) / kTokenMs;
        if ((f > 1 && !hold) || m_rates[size_t(t.edge)].throughput) continue;
        t.pos = pointAt(m_paths[size_t(t.edge)], std::min(f, 1.0));
        m_tokens[kept++] = t;
    }
    m_tokens.resize(kept);
    // Repaint only what changes (busy edges, badges), not the whole diagram: at 60 frames a second
    // a full repaint of a large canvas would take the time the engine should get.
    std::vector<QRectF> dirty;
    std::vector<bool> edgeDirty(m_paths.size(), false);
    for (const Token& t : m_tokens) edgeDirty[size_t(t.edge)] = true;
    for (std::size_t e = 0; e < m_paths.size(); ++e)
        if (edgeDirty[e] || m_rates[e].throughput) {
            dirty.push_back(m_paths[e].boundingRect().adjusted(-40, -20, 40, 20));
            if (!m_rateLabels[e].isNull())
                dirty.push_back((m_rateLabels[e] | QRectF(m_rateAnchors[e], QSizeF(1, 1))).adjusted(-2, -2, 2, 2));
        }
    for (std::size_t i = 0; i < m_badges.size(); ++i) {
        if (m_badges[i].card.isEmpty()) continue;
        dirty.push_back(badgeRect(int(i)).adjusted(-4, -4, 44, 4));
        dirty.push_back(injectButton(m_badges[i].card).adjusted(-2, -2, 2, 2));
        if (!m_badges[i].fault.isEmpty() || m_badges[i].breakpoint)
            dirty.push_back(m_badges[i].card.adjusted(-6, -6, 6, 6));
    }
    for (const QRectF& r : m_dirty) update(r);
    for (const QRectF& r : dirty) update(r);
    m_dirty = std::move(dirty);
}

QPointF RunOverlay::pointOnEdge(int edge, double f) const
{
    return edge >= 0 && size_t(edge) < m_paths.size() ? pointAt(m_paths[size_t(edge)], f) : QPointF();
}

bool RunOverlay::edgeInThroughputMode(int edge) const
{
    return edge >= 0 && size_t(edge) < m_rates.size() && m_rates[size_t(edge)].throughput;
}

double RunOverlay::edgeRate(int edge) const
{
    if (edge < 0 || size_t(edge) >= m_rates.size()) return 0;
    const EdgeRate& r = m_rates[size_t(edge)];
    return r.virt > 1e-9 ? r.count / r.virt : 0;
}

std::pair<quint64, quint64> RunOverlay::tokenAt(QPointF scenePos) const
{
    double best = 9 * 9;  // within 9 scene units of the centre
    std::pair<quint64, quint64> hit{0, 0};
    for (const Token& t : m_tokens) {
        const QPointF d = t.pos - scenePos;
        const double dd = d.x() * d.x() + d.y() * d.y();
        if (dd < best) {
            best = dd;
            hit = {t.message, t.trace};
        }
    }
    return hit;
}

QString RunOverlay::rateText(double rate)
{
    return rate >= 100 ? QStringLiteral("%1 msg/s").arg(qRound(rate)) : QStringLiteral("%1 msg/s").arg(rate, 0, 'f', 1);
}

QRectF RunOverlay::rateLabelRect(int edge) const
{
    return edge >= 0 && size_t(edge) < m_rateLabels.size() ? m_rateLabels[size_t(edge)] : QRectF();
}

void RunOverlay::placeRateLabels()
{
    // Two busy edges side by side (jobs → resize and its DLQ edge) would put their labels on top
    // of each other, or on a node's badges. Each label takes the first free spot along its edge
    // (a third of the way first, clear of the edge's own label at its middle), then beside it
    // (a short edge between two cards has no room on it: the label goes above or below the row,
    // with a leader line to its edge); none free: no label (the edge's width still says busy).
    m_rateLabels.assign(m_paths.size(), QRectF());
    m_rateAnchors.assign(m_paths.size(), QPointF());
    std::vector<QRectF> taken = m_labels;
    for (std::size_t i = 0; i < m_badges.size(); ++i) {
        const NodeBadges& b = m_badges[i];
        if (b.card.isEmpty()) continue;
        taken.push_back(b.card);
        taken.push_back(badgeRect(int(i)).adjusted(0, 0, 40, 0));  // pills may run 40 past the card
    }
    const QFontMetricsF fm(badgeFont());
    static constexpr double kAlong[] = {0.3, 0.5, 0.7, 0.2, 0.4, 0.6, 0.8, 0.12, 0.88};
    static constexpr double kAside[] = {0, -16, 16, -32, 32, -48, 48, -64, 64};
    for (std::size_t e = 0; e < m_rates.size(); ++e) {
        if (!m_rates[e].throughput || m_paths[e].size() < 2) continue;
        const double w = fm.horizontalAdvance(rateText(edgeRate(int(e)))) + 10;
        QRectF found;
        for (const double aside : kAside) {
            for (const double f : kAlong) {
                const QPointF at = pointAt(m_paths[e], f);
                const QRectF box(at.x() - w / 2, at.y() - 9 + aside, w, 18);
                const QRectF room = box.adjusted(-2, -2, 2, 2);
                if (std::none_of(taken.begin(), taken.end(), [&](const QRectF& r) { return r.intersects(room); })) {
                    found = box;
                    m_rateAnchors[e] = at;
                    break;
                }
            }
            if (!found.isNull()) break;
        }
        m_rateLabels[e] = found;
        if (!found.isNull()) taken.push_back(found);
    }
}

QColor RunOverlay::tokenColor(const Token& t) const
{
    if (m_failedTraces.contains(t.trace)) return QColor(0xe5, 0x39, 0x35);
    // Golden-ratio hues: neighbouring trace ids get far-apart colours.
    const double hue = std::fmod(double(t.trace % 100'003) * 0.618033988749895, 1.0);
    return QColor::fromHsvF(float(hue), 0.70f, canvas::colors().dark ? 0.95f : 0.80f);
}

QRectF RunOverlay::badgeRect(int node) const
{
    if (node < 0 || size_t(node) >= m_badges.size()) return {};
    const QRectF card = m_badges[size_t(node)].card;
    if (card.isEmpty()) return {};
    const double height = kBadgeHeight * canvas::presentation().badgeScale;
    QRectF above(card.left(), card.top() - height - 3, card.width(), height);
    for (const QRectF& label : m_labels)
        if (label.intersects(above)) return QRectF(card.left(), card.bottom() + 3, card.width(), height);
    return above;
}

void RunOverlay::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    painter->setRenderHint(QPainter::Antialiasing, lod > 0.3);
    paintThroughput(painter, lod);
    paintTokens(painter, lod);
    paintBadges(painter, lod);
}

void RunOverlay::paintThroughput(QPainter* painter, double lod)
{
    const canvas::Colors& c = canvas::colors();
    QFont f = badgeFont();
    painter->setFont(f);
    for (std::size_t e = 0; e < m_rates.size(); ++e) {
        if (!m_rates[e].throughput || m_paths[e].size() < 2) continue;
        const double rate = edgeRate(int(e));
        const double width = std::clamp(2 + 2.2 * std::log2(1 + rate / 5), 3.0, 14.0);
        QColor stroke = c.selection;
        stroke.setAlphaF(0.55f);
        painter->setPen(QPen(stroke, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter->setBrush(Qt::NoBrush);
        painter->drawPolyline(m_paths[e]);
        const QRectF box = m_rateLabels.size() == m_paths.size() ? m_rateLabels[e] : QRectF();
        if (lod < canvas::kDetailZoom || box.isNull()) continue;
        const QString text = rateText(rate);
        const QPointF anchor = m_rateAnchors.size() == m_paths.size() ? m_rateAnchors[e] : box.center();
        if (!box.adjusted(-2, -2, 2, 2).contains(anchor)) {
            // Set aside from its edge: a leader line says which edge it counts.
            painter->setPen(QPen(c.selection, 1, Qt::DotLine));
            painter->drawLine(anchor, QPointF(box.center().x(), anchor.y() < box.top() ? box.top() : box.bottom()));
        }
        painter->setPen(QPen(c.selection, 1));
        painter->setBrush(c.card);
        painter->drawRoundedRect(box, 9, 9);
        painter->setPen(c.text);
        painter->drawText(box, Qt::AlignCenter, text);
    }
}

void RunOverlay::paintTokens(QPainter* painter, double lod)
{
    const double r = (lod < 0.5 ? 4 / std::max(lod, 0.1) * 0.5 : 5) * canvas::presentation().tokenScale;
    const bool dimOthers = m_selectedTrace != 0;
    painter->setPen(Qt::NoPen);
    // Others first, the selected trace last so it is drawn on top.
    for (int pass = 0; pass < 2; ++pass) {
        for (const Token& t : m_tokens) {
            const bool selected = t.trace == m_selectedTrace && dimOthers;
            if (selected != (pass == 1)) continue;
            QColor col = tokenColor(t);
            if (dimOthers && !selected) col.setAlphaF(0.35f);
            painter->setBrush(col);
            if (selected) {
                painter->setPen(QPen(canvas::colors().text, 2));
                painter->drawEllipse(t.pos, r + 2.5, r + 2.5);
                painter->setPen(Qt::NoPen);
            } else {
                painter->drawEllipse(t.pos, r, r);
            }
        }
    }
}

void RunOverlay::paintBadges(QPainter* painter, double lod)
{
    const canvas::Colors& c = canvas::colors();
    const QColor red(0xe5, 0x39, 0x35);
    const QColor amber(0xf5, 0x9e, 0x0b);
    const QColor accent = c.selection;
    QFont f = badgeFont();
    painter->setFont(f);
    const QFontMetricsF fm(f);
    for (std::size_t i = 0; i < m_badges.size(); ++i) {
        const NodeBadges& b = m_badges[i];
        if (b.card.isEmpty()) continue;
        if (!b.fault.isEmpty()) {
            // A faulty node: a thick red dashed outline round its card.
            painter->setBrush(Qt::NoBrush);
            painter->setPen(QPen(red, 3, Qt::DashLine));
            painter->drawRoundedRect(b.card.adjusted(-3, -3, 3, 3), canvas::kNodeRadius + 2, canvas::kNodeRadius + 2);
        }
        if (b.breakpoint) {
            painter->setPen(Qt::NoPen);
            painter->setBrush(red);
            painter->drawEllipse(QPointF(b.card.right() - 2, b.card.bottom() - 2), 5, 5);
        }
        if (b.injectable && lod >= canvas::kDetailZoom) {
            // Node-RED's inject button: a round "send" at the card's lower left corner.
            const QRectF button = injectButton(b.card);
            painter->setPen(QPen(c.card, 1.5));
            painter->setBrush(accent);
            painter->drawEllipse(button);
            QPolygonF arrow;
            arrow << button.center() + QPointF(-3, -4.5) << button.center() + QPointF(5, 0)
                  << button.center() + QPointF(-3, 4.5);
            painter->setPen(Qt::NoPen);
            painter->setBrush(Qt::white);
            painter->drawPolygon(arrow);
        }
        struct Pill {
            QString text;
            QColor fill;
            QColor textColor;
            double bar = -1;  // queue fill 0..1; -1: none
        };
        std::vector<Pill> pills;
        if (b.isDeadLetterQueue) {
            const int held = b.visible + b.inFlight + b.delayed;
            pills.push_back({QObject::tr("DLQ %L1").arg(held), held ? red : c.card, held ? Qt::white : c.mutedText});
        } else if (b.isQueue) {
            const double fill = std::min(1.0, std::log10(1.0 + b.visible) / 3.0);  // 1000 messages: full
            pills.push_back({QObject::tr("%L1 queued").arg(b.visible), c.card, c.text, fill});
            if (b.inFlight) pills.push_back({QObject::tr("%L1 in flight").arg(b.inFlight), c.card, accent});
            if (b.delayed) pills.push_back({QObject::tr("%L1 delayed").arg(b.delayed), c.card, c.mutedText});
        }
        if (b.isFunction) {
            pills.push_back({b.concurrency ? QObject::tr("%1/%2 running").arg(b.running).arg(b.concurrency)
                                           : QObject::tr("%1 running").arg(b.running),
                             c.card, b.running ? accent : c.mutedText});
            if (b.errors)
                pills.push_back({(b.errors == 1 ? QObject::tr("%L1 error") : QObject::tr("%L1 errors")).arg(b.errors),
                                 red, Qt::white});
            if (b.throttles) pills.push_back({QObject::tr("%L1 throttled").arg(b.throttles), amber, Qt::black});
        }
        if (!b.fault.isEmpty())
            pills.insert(pills.begin(), Pill{QStringLiteral("⚡ ") + b.fault, red, QColor(Qt::white)});
        const QRectF row = badgeRect(int(i));
        if (lod < canvas::kDetailZoom) {
            // Far out: one dot says "something is wrong here" or "busy".
            const bool bad = !b.fault.isEmpty() || b.errors || (b.isDeadLetterQueue && b.visible);
            if (bad || b.running || b.visible) {
                painter->setPen(Qt::NoPen);
                painter->setBrush(bad ? red : accent);
                painter->drawEllipse(QPointF(b.card.right() - 6, b.card.top() + 6), 8, 8);
            }
            continue;
        }
        double x = row.left();
        for (const Pill& p : pills) {
            const double w = fm.horizontalAdvance(p.text) + 10;
            if (x + w > row.right() + 40) break;
            const QRectF box(x, row.top(), w, row.height());
            painter->setPen(QPen(p.fill == c.card ? c.cardBorder : p.fill, 1));
            painter->setBrush(p.fill);
            painter->drawRoundedRect(box, 4, 4);
            if (p.bar >= 0) {
                const QRectF track(box.left() + 2, box.bottom() - 4, box.width() - 4, 2.5);
                painter->setPen(Qt::NoPen);
                painter->setBrush(c.cardBorder);
                painter->drawRect(track);
                painter->setBrush(p.bar > 0.66 ? red : p.bar > 0.33 ? amber : accent);
                painter->drawRect(QRectF(track.left(), track.top(), track.width() * p.bar, track.height()));
            }
            painter->setPen(p.textColor);
            painter->drawText(box.adjusted(0, p.bar >= 0 ? -2 : 0, 0, 0), Qt::AlignCenter, p.text);
            x += w + 3;
        }
        // The sparkline: throughput over the last seconds, at the row's right end.
        float peak = 0;
        for (float v : b.spark) peak = std::max(peak, v);
        if (peak > 0 && x + 36 <= row.right() + 40) {
            const QRectF box(std::max(x, row.right() - 36), row.top() + 1, 36, row.height() - 2);
            QPolygonF line;
            for (int k = 0; k < NodeBadges::kSpark; ++k)
                line << QPointF(box.left() + box.width() * k / (NodeBadges::kSpark - 1),
                                box.bottom() - box.height() * double(b.spark[size_t(k)] / peak));
            painter->setPen(QPen(accent, 1.4));
            painter->setBrush(Qt::NoBrush);
            painter->drawPolyline(line);
        }
    }
}

}  // namespace ml::ui
