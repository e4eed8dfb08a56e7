// A run that can go back: the engine is deterministic, so stepping back N events re-creates it
// from the diagram and seed and replays to event k−N, re-applying the journal of real inputs
// (injected messages, faults, redrives, purges) at the event count and instant each happened.
#pragma once

#include "engine/Engine.h"

#include <functional>

namespace ml {

// What a sender outside the diagram sets beside the body (SQS SendMessage's MessageAttributes,
// MessageGroupId and MessageDeduplicationId; SNS Publish's attributes and FIFO ids).
struct InjectExtras {
    Json attributes;              // object of name → string/number, or null
    std::string groupId;          // FIFO queues and topics
    std::string deduplicationId;  // FIFO queues and topics
};

class EngineRun {
public:
    // Observers given here see the run from its first event (behaviours start at creation).
    static Result<std::unique_ptr<EngineRun>> create(const Diagram& diagram, EngineOptions options = {},
                                                     std::vector<EngineObserver*> observers = {});

    Engine& engine() { return *m_engine; }
    const Engine& engine() const { return *m_engine; }
    quint64 eventCount() const { return m_engine->kernel().eventCount(); }

    // Journaled inputs. inject() gives the message's id (an HTTP request's ticket in live mode).
    Result<quint64> inject(const QString& nodeId, const Json& body, const std::string& user = {},
                           const InjectExtras& extras = {});
    void setFault(int node, const Fault& fault);
    bool redrive(int deadLetterQueue, int target = -1, double perSecond = 500);
    // Moves the chosen visible messages (by message id) of a queue at once to `target` (-1: each
    // to the queue it was dead-lettered from); how many moved, -1 when `queue` is no queue.
    qint64 redriveMessages(int queue, const std::vector<quint64>& ids, int target = -1);
    // PurgeQueue on a queue node: how many visible messages it deleted; -1 when it is no queue.
    qint64 purge(int queue);

    // Live websocket connections (websocket-api nodes): open one for `user` (its connection id),
    // a text frame, the browser closing. Errors name the node.
    Result<std::string> openWebSocket(int node, const std::string& user);
    bool webSocketFrame(int node, const std::string& connection, const std::string& text);
    void closeWebSocket(int node, const std::string& connection, int code);
    // Kept across rebuilds; detached while a step back replays (replayed answers go nowhere).
    void setLiveSink(LiveSink* sink);
    // The journal keeps every real input (with its body) for as long as the run lives. A
    // headless server that never steps back turns it off so memory stays flat; stepping back
    // after inputs arrived unjournaled is refused.
    void setJournaling(bool on) { m_journaling = on; }

    // Forward: at most `events` events, never past `until`.
    RunResult run(Micros until, quint64 events = std::numeric_limits<quint64>::max());
    bool step() { return run(kTimeMax, 1).events == 1; }
    // Back `events` events (to the start at most). Observers see nothing of the replay but what the
    // behaviours do at start and, when `observeFrom` is given, the replayed events after that event
    // count: a window that kept only the newest events refills itself for the new present.
    Status stepBack(quint64 events, quint64 observeFrom = std::numeric_limits<quint64>::max());

    // Observers are kept across rebuilds, and so is which event types they get (Engine::setObservedTypes).
    void addObserver(EngineObserver* observer);
    void setObservedTypes(quint32 mask);

private:
    struct Input {
        quint64 atEvent;
        Micros atTime;
        std::function<void(EngineRun&)> apply;
    };
    EngineRun(const Diagram& diagram, EngineOptions options) : m_diagram(diagram), m_options(options) {}
    Status rebuild();
    void record(Input input);
    void journal(Input input);

    Diagram m_diagram;
    EngineOptions m_options;
    std::unique_ptr<Engine> m_engine;
    std::vector<Input> m_journal;
    std::vector<EngineObserver*> m_observers;
    LiveSink* m_liveSink = nullptr;
    quint32 m_observedTypes = ~quint32(0);
    bool m_replaying = false;
    bool m_journaling = true;
    bool m_journalBroken = false;
};

}  // namespace ml
