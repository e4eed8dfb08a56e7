// Presenter mode's look on the canvas (View → Presenter mode): bigger tokens and badges and
// high-contrast, thicker edges, readable from the back of a room on a projector. One global
// setting read in paint(), so the canvas items need no wiring; the window toggles it.
#pragma once

namespace ml::ui::canvas {

struct Presentation {
    bool on = false;
    double tokenScale = 1;  // message tokens' radius
    double badgeScale = 1;  // live badges' text and height
    double edgeWidth = 1;   // edge strokes
    bool highContrastEdges = false;

    static Presentation normal() { return {}; }
    static Presentation presenter() { return {true, 1.8, 1.5, 2.0, true}; }
};

const Presentation& presentation();
// Callers repaint the scene afterwards.
void setPresentation(const Presentation& presentation);

}  // namespace ml::ui::canvas
