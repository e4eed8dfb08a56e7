// Playing a lab the way a student would, headless: design edits between runs, --at actions on
// the running diagram, virtual time, reset — then the step's check against that run's report and
// the diagram's lint. `microlab-cli lab` and the tests drive labs through this.
#pragma once

#include "engine/EngineRun.h"
#include "lab/Lab.h"

#include <memory>

namespace ml::lab {

// A design edit ({"set": "jobs.visibilityTimeout", "value": "3m"}): NODE.key or EDGE.key, deeper
// keys with more dots. Errors name the solution's pointer.
Status applySet(Diagram& diagram, const Solution& set);

class Session {
public:
    explicit Session(Diagram diagram, EngineOptions options = {});

    const Diagram& diagram() const { return m_diagram; }
    // The run, or null while there is none (at the start, after a set or a reset).
    EngineRun* run() const { return m_run.get(); }

    // A fresh run of the current design, at virtual time zero (what a student sees on pressing Run
    // before anything happened). Errors name what the engine refused.
    Status start();
    // One move; action and run start a run when there is none. Errors name the move's pointer.
    Status play(const Solution& move);
    Status play(const Step& step);

    // The current run's report (null without a run) and the design's lint.
    Outcome evaluate(const Check& check) const;

private:
    Diagram m_diagram;
    EngineOptions m_options;
    std::unique_ptr<EngineRun> m_run;
    Micros m_clock = 0;  // the run's virtual time: it passes even when nothing is left to happen
};

}  // namespace ml::lab
