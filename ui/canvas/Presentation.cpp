#include "canvas/Presentation.h"

namespace ml::ui::canvas {

namespace {

Presentation& current()
{
    static Presentation p;
    return p;
}

}  // namespace

const Presentation& presentation() { return current(); }
void setPresentation(const Presentation& presentation) { current() = presentation; }

}  // namespace ml::ui::canvas
