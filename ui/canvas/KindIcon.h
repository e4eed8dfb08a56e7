// The icon tile of a node kind: the kind's SVG (":/icons/<icon>.svg") on a tint of its category
// colour, rasterised once per kind and zoom bucket; kinds without an SVG get their initials.
#pragma once

#include <QColor>
#include <QRectF>
#include <QString>

class QPainter;

namespace ml::ui::canvas {

void drawKindIcon(QPainter* painter, const QRectF& tile, const QString& icon, const QString& kindName,
                  const QColor& accent, double lod);
// Drops the rasterised icons (after a palette change).
void clearKindIconCache();

}  // namespace ml::ui::canvas
