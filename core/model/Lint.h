// The linter: every rule of the issue tracker's foundation issue and SEMANTICS.md that can be
// checked without running the diagram. Problems carry the node/edge and the JSON pointer.
#pragma once

#include "model/Diagram.h"
#include "model/Problem.h"

namespace ml {

Problems lint(const Diagram& diagram);

}  // namespace ml
