// What a person does to a running diagram, written as text: `microlab-cli run --at TIME ACTION`,
// `microlab --screenshot --at`, a lab solution's "action". Parsed here, applied through EngineRun
// (so each is journaled like a real input and a step back replays it), and scheduled at exact
// virtual instants by RunActionSchedule.
//
//   inject:NODE=JSON               a message from outside, at NODE (a top-level "user" string in an
//                                  object also names who sends it, as a bearer token would; it
//                                  stays in the message)
//   fault:NODE=KEY:VALUE,...       replaces NODE's fault: errorRate:0..1, latency:DURATION,
//                                  throttle:N, down[:true|false], paused[:true|false]
//   clear-fault:NODE               no fault on NODE
//   redrive:DLQ[=QUEUE]            DLQ's messages back to each one's source queue (or to QUEUE)
//   purge:QUEUE                    PurgeQueue: the visible messages are deleted (counted "purged")
#pragma once

#include "engine/EngineRun.h"

#include <QString>

#include <vector>

namespace ml {

struct RunAction {
    enum class Kind { Inject, Fault, ClearFault, Redrive, Purge };
    Kind kind = Kind::Inject;
    QString node;      // where it acts (the DLQ for redrive, the queue for purge)
    Json body;         // inject: the message
    std::string user;  // inject: who sends it (empty: anonymous)
    Fault fault;       // fault: the whole new fault (clear-fault: none)
    QString target;    // redrive: the queue to send to; empty: each message's source
    QString text;      // as written, for messages
};

struct TimedRunAction {
    Micros at = 0;  // virtual time
    RunAction action;
};

// The action text ("fault:resize=errorRate:1,latency:5s"). Errors quote the part that is wrong
// and say what was expected. JSON goes through the bounded parser (jsontext::parse).
Result<RunAction> parseRunAction(const QString& text);
// A TIME ("90s", "2m") and an action, as `--at TIME ACTION` gives them.
Result<TimedRunAction> parseTimedRunAction(const QString& time, const QString& action);

// Whether the action fits this engine's diagram: the nodes exist and are of a kind that can do
// it (redrive and purge need queues; redrive without =QUEUE needs a dead-letter queue).
Status checkRunAction(const Engine& engine, const RunAction& action);
// Does it now, through the run's journal. Errors as checkRunAction's.
Status applyRunAction(EngineRun& run, const RunAction& action);

// Actions waiting for their instant. run() stops the engine at each action's time — the events
// due at that instant first, then the actions in the order they were given — so an action
// happens exactly at its TIME however events fall, and the same actions give the same event log.
class RunActionSchedule {
public:
    RunActionSchedule() = default;
    explicit RunActionSchedule(std::vector<TimedRunAction> actions);
    void add(TimedRunAction action);  // after those already due at the same time

    bool pending() const { return m_next < m_actions.size(); }
    Micros nextTime() const { return pending() ? m_actions[m_next].at : kTimeMax; }
    const std::vector<TimedRunAction>& actions() const { return m_actions; }

    // Applies every pending action due at or before the engine's present, in order. Drivers with
    // their own clock (real time, the GUI) advance to nextTime() and call this.
    Status applyDue(EngineRun& run);
    // As EngineRun::run(until, events), applying each action when virtual time reaches it. When
    // nothing is left to happen before the next action the clock moves to it; actions after
    // `until` stay pending.
    Result<RunResult> run(EngineRun& run, Micros until, quint64 events = std::numeric_limits<quint64>::max());

private:
    std::vector<TimedRunAction> m_actions;  // stable-sorted by time
    std::size_t m_next = 0;
};

}  // namespace ml
