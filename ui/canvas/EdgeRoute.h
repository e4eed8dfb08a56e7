// The path an edge takes from port to port: the plain curve when nothing is in its way, else a
// detour along a horizontal lane past the cards it would cross (issue 11 item 5).
// Pure geometry, so the canvas tests can check every sample's routes without painting.
#pragma once

#include <QPainterPath>
#include <QPolygonF>
#include <QRectF>

#include <vector>

namespace ml::ui::edgeroute {

// Where an edge leaves and arrives: points and unit directions (along the edge's travel).
struct Ends {
    QPointF from;
    QPointF startDir{1, 0};
    QPointF to;  // where the arrow head begins
    QPointF endDir{1, 0};
};

struct Route {
    QPainterPath path;
    QPolygonF polyline;  // the path flattened, for hit tests, painting and the label
    int crossings = 0;   // cards it still crosses (0 unless no lane was clear)
};

// The flattened path.
QPolygonF flatten(const QPainterPath& path);
// How many of `cards` the polyline passes through.
int crossings(const QPolygonF& polyline, const std::vector<QRectF>& cards);
// The polyline's point at `share` (0…1) of its length.
QPointF pointAlong(const QPolygonF& polyline, double share);

// `direct` when it crosses none of `cards` (the cards other than the edge's own two); else the
// shortest clear detour — a lane between two of the cards in the way, or above or below them
// all — or, when no lane is clear, the route crossing fewest cards.
Route route(const Ends& ends, const QPainterPath& direct, const std::vector<QRectF>& cards);

}  // namespace ml::ui::edgeroute
