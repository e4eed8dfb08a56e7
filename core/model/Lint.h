// The linter: every rule of the issue tracker's foundation issue and SEMANTICS.md that can be
// checked without running the diagram. Problems carry the node/edge and the JSON pointer.
#pragma once

#include "model/Diagram.h"
#include "model/Problem.h"

namespace ml {

// Every problem of the diagram, sorted by sortProblems(). Never throws, whatever the configs hold.
Problems lint(const Diagram& diagram);

// Errors first, then in diagram order: by the node a problem is about (an edge's problems go
// with its source node, after the node's own), then by pointer, rule and message. Used to merge
// the loader's problems with lint()'s in a stable order.
void sortProblems(Problems& problems, const Diagram& diagram);

}  // namespace ml
