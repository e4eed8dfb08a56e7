#include "canvas/EdgeRoute.h"

#include <QLineF>

#include <algorithm>
#include <cmath>

namespace ml::ui::edgeroute {

namespace {

// Room kept between a detour and the cards it passes: enough for the line and its arrow.
constexpr double kClearance = 10;
// How far a detour runs from a port before it turns towards its lane.
constexpr double kReach = 36;
// Lanes tried on each side before giving up: each new try clears the cards the last one hit.
constexpr int kLaneTries = 6;

bool segmentHits(QPointF p, QPointF q, const QRectF& r)
{
    if (std::max(p.x(), q.x()) < r.left() || std::min(p.x(), q.x()) > r.right() || std::max(p.y(), q.y()) < r.top() ||
        std::min(p.y(), q.y()) > r.bottom())
        return false;
    if (r.contains(p) || r.contains(q)) return true;
    const QLineF segment(p, q);
    const QLineF sides[] = {{r.topLeft(), r.topRight()},
                            {r.topRight(), r.bottomRight()},
                            {r.bottomRight(), r.bottomLeft()},
                            {r.bottomLeft(), r.topLeft()}};
    for (const QLineF& side : sides)
        if (segment.intersects(side, nullptr) == QLineF::BoundedIntersection) return true;
    return false;
}

std::vector<int> hits(const QPolygonF& polyline, const std::vector<QRectF>& cards)
{
    std::vector<int> found;
    const QRectF bounds = polyline.boundingRect().adjusted(-1, -1, 1, 1);
    for (int c = 0; c < int(cards.size()); ++c) {
        const QRectF& r = cards[size_t(c)];
        if (!bounds.intersects(r)) continue;
        for (int i = 0; i + 1 < polyline.size(); ++i)
            if (segmentHits(polyline[i], polyline[i + 1], r)) {
                found.push_back(c);
                break;
            }
    }
    return found;
}

double length(const QPolygonF& polyline)
{
    double total = 0;
    for (int i = 0; i + 1 < polyline.size(); ++i) total += QLineF(polyline[i], polyline[i + 1]).length();
    return total;
}

// From the start port out to a horizontal lane at `y`, along it, and in to the end port; each
// turn a cubic whose tangents follow the port and the lane, so the detour reads as one stroke.
// A forward lane turns in before the cards it passes and out after them (`blocked`), so its
// turns do not cut their corners; never closer to a port than kMinTurn.
QPainterPath lanePath(const Ends& e, double y, const QRectF& blocked)
{
    constexpr double kMinTurn = 12;
    QPointF w1(e.from.x() + e.startDir.x() * kReach, y);
    QPointF w2(e.to.x() - e.endDir.x() * kReach, y);
    if (w1.x() < w2.x()) {
        if (e.startDir.x() > 0) w1.setX(std::clamp(blocked.left(), e.from.x() + kMinTurn, w1.x()));
        if (e.endDir.x() > 0) w2.setX(std::clamp(blocked.right(), w2.x(), e.to.x() - kMinTurn));
    }
    const QPointF lane(w2.x() >= w1.x() ? 1 : -1, 0);
    const double pull1 = std::clamp(QLineF(e.from, w1).length() * 0.5, 16.0, 80.0);
    const double pull2 = std::clamp(QLineF(w2, e.to).length() * 0.5, 16.0, 80.0);
    QPainterPath path(e.from);
    path.cubicTo(e.from + e.startDir * pull1, w1 - lane * pull1, w1);
    path.lineTo(w2);
    path.cubicTo(w2 + lane * pull2, e.to - e.endDir * pull2, e.to);
    return path;
}

}  // namespace

QPolygonF flatten(const QPainterPath& path)
{
    const QList<QPolygonF> parts = path.toSubpathPolygons();
    return parts.isEmpty() ? QPolygonF() : parts.front();
}

int crossings(const QPolygonF& polyline, const std::vector<QRectF>& cards) { return int(hits(polyline, cards).size()); }

QPointF pointAlong(const QPolygonF& polyline, double share)
{
    if (polyline.isEmpty()) return {};
    double left = length(polyline) * std::clamp(share, 0.0, 1.0);
    for (int i = 0; i + 1 < polyline.size(); ++i) {
        const QLineF segment(polyline[i], polyline[i + 1]);
        if (left <= segment.length() && segment.length() > 0) return segment.pointAt(left / segment.length());
        left -= segment.length();
    }
    return polyline.back();
}

Route route(const Ends& ends, const QPainterPath& direct, const std::vector<QRectF>& cards)
{
    std::vector<QRectF> padded;
    padded.reserve(cards.size());
    for (const QRectF& r : cards) padded.push_back(r.adjusted(-kClearance, -kClearance, kClearance, kClearance));

    Route best{direct, flatten(direct), 0};
    const std::vector<int> blocking = hits(best.polyline, padded);
    best.crossings = int(blocking.size());
    if (blocking.empty()) return best;
    double bestLength = length(best.polyline);

    auto consider = [&](double y, const QRectF& blocked) {
        Route candidate{lanePath(ends, y, blocked), {}, 0};
        candidate.polyline = flatten(candidate.path);
        const std::vector<int> in = hits(candidate.polyline, padded);
        candidate.crossings = int(in.size());
        const double candidateLength = length(candidate.polyline);
        if (candidate.crossings < best.crossings ||
            (candidate.crossings == best.crossings && candidateLength < bestLength)) {
            best = candidate;
            bestLength = candidateLength;
        }
        return in;
    };

    // Between two cards in its way, one above the other, when there is room for a lane (a cron
    // below a queue reaching the worker beside the queue passes between the queue and its DLQ).
    QRectF all;
    for (int c : blocking) all |= padded[size_t(c)];
    for (int upper : blocking)
        for (int lower : blocking) {
            const double top = padded[size_t(upper)].bottom();
            const double bottom = padded[size_t(lower)].top();
            if (bottom - top > 2) consider((top + bottom) / 2, all);
        }

    for (const bool above : {true, false}) {
        QRectF blocked;
        for (int c : blocking) blocked |= padded[size_t(c)];
        for (int attempt = 0; attempt < kLaneTries; ++attempt) {
            const std::vector<int> in = consider(above ? blocked.top() - 1 : blocked.bottom() + 1, blocked);
            if (in.empty()) break;
            for (int c : in) blocked |= padded[size_t(c)];
        }
    }
    return best;
}

}  // namespace ml::ui::edgeroute
