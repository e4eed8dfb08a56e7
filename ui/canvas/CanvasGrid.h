// The canvas background: a calm dot grid that adapts its step to the zoom and costs a few
// thousand blits per frame.
#pragma once

#include <QRectF>

class QPainter;

namespace ml::ui::canvas {

// Fills `rect` (scene coordinates, painter in scene coordinates) with the background and dots.
void drawDotGrid(QPainter* painter, const QRectF& rect);

}  // namespace ml::ui::canvas
