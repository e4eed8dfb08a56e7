// Playing a lab the way a student would, headless: design edits between runs, --at actions on
// the running diagram, virtual time, reset — then the step's check against that run's report and
// the diagram's lint. `microlab-cli lab` and the tests drive labs through this. Virtual time stops
// at each moment an "at" check names, long enough to record the report there, so a solution that
// runs past the moment still has it.
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
    // `moments`: the virtual times to record the report at (momentsOf(lab)).
    explicit Session(Diagram diagram, EngineOptions options = {}, std::vector<Micros> moments = {});

    const Diagram& diagram() const { return m_diagram; }
    // The run, or null while there is none (at the start, after a set or a reset).
    EngineRun* run() const { return m_run.get(); }

    // A fresh run of the current design, at virtual time zero (what a student sees on pressing Run
    // before anything happened). Errors name what the engine refused.
    Status start();
    // One move; action and run start a run when there is none. Errors name the move's pointer.
    Status play(const Solution& move);
    Status play(const Step& step);

    // The current run's report (null without a run), its recorded moments and the design's lint.
    Outcome evaluate(const Check& check) const;
    // What this run recorded so far (empty without a run).
    const Moments& moments() const { return m_recorded; }

private:
    // Runs to `until` (every event due by then) and moves the clock there.
    void runTo(Micros until);

    Diagram m_diagram;
    EngineOptions m_options;
    std::vector<Micros> m_moments;
    std::unique_ptr<EngineRun> m_run;
    Moments m_recorded;
    Micros m_clock = 0;  // the run's virtual time: it passes even when nothing is left to happen
};

}  // namespace ml::lab
