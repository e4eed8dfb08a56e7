// Sizes and colours of the canvas. Colours come from the application's QPalette (so the canvas
// follows the system's light or dark theme) plus one accent per Catalog category and one colour
// per edge family.
#pragma once

#include "model/Catalog.h"

#include <QColor>
#include <QPalette>
#include <QSizeF>

namespace ml::ui::canvas {

// A node's card; Node::x/y is its top-left corner. Sized for the 200 × 150 spacing of the
// sample projects (DESIGN.md's example), which leaves room for edges and their labels.
// kNodeWidth is the narrowest card: a long name widens its card up to kNodeMaxWidth (which
// still leaves a gap on that grid), then wraps to two lines, then is elided (the tooltip has it).
constexpr double kNodeWidth = 152;
constexpr double kNodeMaxWidth = 184;
constexpr double kNodeHeight = 56;
constexpr double kNodeRadius = 8;
constexpr double kPortRadius = 5.5;
constexpr double kGrid = 20;
// Below this zoom the canvas draws boxes only (no text, icons or ports).
constexpr double kDetailZoom = 0.4;

enum class EdgeFamily { Invoke, Messaging, Data, Logging, DeadLetter };
EdgeFamily edgeFamily(const QString& edgeKind);

struct Colors {
    bool dark = false;
    QColor background;
    QColor gridDot;
    QColor card;
    QColor cardBorder;
    QColor cardHoverBorder;
    QColor shadow;
    QColor text;
    QColor mutedText;
    QColor selection;
    QColor error;
    QColor warning;
    QColor allowed;
    QColor labelFill;
    QColor labelBorder;
    QColor labelText;
};

// Cached per palette; cheap to call from paint().
const Colors& colors();
// Rebuild after the palette changed (QEvent::PaletteChange).
void refreshColors();

QColor categoryColor(Category category);
// `color` at `opacity` over the canvas background, as an opaque colour: opaque strokes take
// the raster engine's fast paths.
QColor overBackground(const QColor& color, double opacity);
QColor edgeColor(EdgeFamily family);

}  // namespace ml::ui::canvas
