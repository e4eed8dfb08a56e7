// The human summary of a run printed by `microlab-cli run`: a table of nodes with their main
// counters, the dead-letter queues that are not empty, and the conservation line.
#pragma once

#include "format/Json.h"

#include <QTextStream>

namespace ml::cli {

void printSummary(const Json& report, QTextStream& out);

}  // namespace ml::cli
