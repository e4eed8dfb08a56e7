// A diagram drawn small, for the start page's cards: the canvas scene itself (cards, icons,
// edges) rendered offscreen and scaled to fit, so no picture of a sample is ever shipped.
#pragma once

#include "model/Diagram.h"

#include <QImage>
#include <QSize>

namespace ml::ui {

// `size` in logical pixels; the image has `devicePixelRatio` times as many and says so.
// The background is the canvas's colour (light or dark theme).
QImage diagramThumbnail(const Diagram& diagram, QSize size, double devicePixelRatio = 1.0);

}  // namespace ml::ui
