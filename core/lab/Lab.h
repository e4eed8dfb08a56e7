// A lab: a guided workshop exercise carried by a project file's "lab" section (DESIGN.md "Labs").
// Steps teach one AWS rule each; a step's check reads the run's microlab-report/1 (dotted paths)
// or the diagram's lint, and its solution is what a student would do, so labs are tested like code.
#pragma once

#include "engine/RunAction.h"
#include "model/Diagram.h"
#include "model/Problem.h"

#include <QString>

#include <map>
#include <optional>
#include <vector>

namespace ml::lab {

// {"path": "nodes.q.queue.visible", "equals": 2} (atLeast / atMost too, several at once mean all),
// {"lint": "clean"}, {"all": [...]}, {"any": [...]}. A path, all or any check may carry
// "at": "170s": it then reads the report as it was at that virtual time (every event due by then
// has happened, nothing later), so a count that holds only for a moment can still be checked after
// the run went past it at max speed.
struct Check {
    enum class Kind { Path, LintClean, All, Any };
    Kind kind = Kind::Path;
    QString path;                // Path: dotted report names; a number indexes an array
    std::optional<Json> equals;  // Path: the value, compared as JSON (numbers by value)
    std::optional<double> atLeast;
    std::optional<double> atMost;
    std::vector<Check> children;  // All / Any
    std::optional<Micros> at;     // read the report recorded at this virtual time, not the live one
    QString pointer;              // where it is in the file, e.g. "/lab/steps/0/check/all/1"
};

// One thing a student does: a design edit between runs, an --at action now, virtual time, or
// back to the start (the run is gone; the design keeps its edits).
struct Solution {
    enum class Kind { Set, Action, Run, Reset };
    Kind kind = Kind::Run;
    QString target;       // Set: "NODE.key" or "EDGE.key" (deeper keys with more dots)
    Json value;           // Set
    RunAction action;     // Action
    Micros duration = 0;  // Run
    QString pointer;
};

struct Step {
    QString text;
    Check check;
    std::vector<Solution> solution;
};

struct Lab {
    QString title;
    std::vector<Step> steps;
};

// What a check found: whether it holds, and if not why, in the words the CLI prints
// ("nodes.orders-dlq.queue.visible is 2, expected 0").
struct Outcome {
    bool holds = false;
    QString why;
};

// The diagram's "lab" section (Diagram::extra["lab"]); nullopt when it has none. Errors name the
// JSON pointer ("/lab/steps/1/check/path") and what was expected; paths and set targets that name
// a node or edge the diagram lacks are errors too, so a typo is found when the lab is loaded.
Result<std::optional<Lab>> parse(const Diagram& diagram);
Result<Lab> parse(const Json& section, const Diagram& diagram);

// The reports a run recorded at the moments its lab's "at" checks name (virtual time → report).
using Moments = std::map<Micros, Json>;

// Evaluates against a report (null: there is no run yet, so path checks do not hold) and the
// diagram's problems (lint(diagram)); an "at" check reads `moments` instead, and does not hold
// while the run has not recorded its moment.
Outcome evaluate(const Check& check, const Json* report, const Problems& lint, const Moments* moments = nullptr);

// The virtual times the check's "at"s name (sorted, each once), and those of every step.
std::vector<Micros> momentsOf(const Check& check);
std::vector<Micros> momentsOf(const Lab& lab);

// A virtual time as the lab's texts say it: "00:02:50" (".250" when it has milliseconds).
QString clockText(Micros at);

// The value at a dotted path, or null when it is absent.
const Json* lookup(const Json& report, const QString& path);

// "nodes.q.queue.visible equals 2", for the GUI's tooltips.
QString describe(const Check& check);

}  // namespace ml::lab
