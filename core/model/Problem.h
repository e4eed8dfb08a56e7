// A problem found in a diagram by the loader or the linter: severity, where, and what.
#pragma once

#include "model/Ids.h"

#include <QString>

#include <vector>

namespace ml {

enum class Severity { Error, Warning };

struct Problem {
    Severity severity = Severity::Error;
    QString rule;     // stable rule id, e.g. "visibility-timeout-too-short"
    NodeId node;      // the node it is about (may be empty)
    EdgeId edge;      // or the edge (may be empty)
    QString pointer;  // JSON pointer into the project file when known, e.g. "/nodes/2/config/timeout"
    QString message;

    bool isError() const { return severity == Severity::Error; }
};

using Problems = std::vector<Problem>;

inline bool hasErrors(const Problems& problems)
{
    for (const Problem& p : problems)
        if (p.isError()) return true;
    return false;
}

}  // namespace ml
