// What the engine reports to its observers: every message sent and received, invocation start
// and end, retry, visibility expiry, dead-letter move, log line, push and throttle. The CLI
// writes them as JSON lines; the GUI receives them in batches.
#pragma once

#include "engine/Message.h"

#include <string>

namespace ml {

class Engine;

enum class EventType : quint8 {
    Entered,            // a message entered the run (client send, HTTP request, cron fire, injection)
    Sent,               // node → peer along edge
    Received,           // a queue handed a message to a consumer (value: receive count)
    InvokeStart,        // value: batch size
    InvokeEnd,          // value: duration µs; detail: "success" | error text
    TimedOut,           // value: timeout µs
    Throttled,          // over reserved concurrency
    Retry,              // value: attempt number; detail: why
    VisibilityExpired,  // value: receive count
    DeadLettered,       // node: source queue; peer: DLQ
    Expired,            // retention or event age passed
    Delivered,          // processed by a terminal node
    Forwarded,          // finished, having produced the messages it caused
    Dropped,            // detail: the reason
    Response,           // an API or websocket answer; value: status code
    Log,                // detail: the message; value: urgency (0 debug … 3 critical)
    Push,               // value: status (200 or 410)
    Fired,              // a cron schedule fired
    Fault,              // a fault was set or cleared; detail: description
    RecursionStopped,   // recursive loop detection stopped an invocation; value: the limit
};

const char* eventTypeName(EventType type);

struct EngineEvent {
    Micros time = 0;
    EventType type = EventType::Sent;
    qint32 node = -1;
    qint32 peer = -1;
    qint32 edge = -1;
    quint64 message = 0;
    quint64 trace = 0;
    quint64 parent = 0;
    qint64 value = 0;
    std::string detail;
    // The engine event (kernel count) it happened in; the run rewound to seq − 1 stands just
    // before it. Not in the event log: it only names a moment for step back.
    quint64 seq = 0;

    // Named constructors (STYLE.md 13): what each kind of report carries. Engine::notify stamps
    // the time.
    // An event of `node` (peer, edge, value and detail as the EventType's comment says).
    static EngineEvent at(EventType type, qint32 node, qint32 peer = -1, qint32 edge = -1, qint64 value = 0,
                          std::string detail = {})
    {
        EngineEvent e;
        e.type = type;
        e.node = node;
        e.peer = peer;
        e.edge = edge;
        e.value = value;
        e.detail = std::move(detail);
        return e;
    }
    // The same, about message `m` (its id, trace and parent).
    EngineEvent about(const Message& m) &&
    {
        message = m.id;
        trace = m.traceId;
        parent = m.parentId;
        return std::move(*this);
    }
    // A message entered the run at `node` (it starts its own trace).
    static EngineEvent entered(qint32 node, const Message& m)
    {
        EngineEvent e = at(EventType::Entered, node);
        e.message = m.id;
        e.trace = m.traceId;
        return e;
    }
    // `m` travels from `from` to `to` along `edge` (-1: handed over directly); value 1 for a call.
    static EngineEvent sent(qint32 from, qint32 to, qint32 edge, const Message& m, qint64 value = 0,
                            std::string detail = {})
    {
        return at(EventType::Sent, from, to, edge, value, std::move(detail)).about(m);
    }
    // `m` left the run at its location: Delivered, Forwarded, Expired or Dropped (with the reason).
    static EngineEvent ended(EventType fate, const Message& m, std::string reason)
    {
        return at(fate, m.location, -1, -1, 0, std::move(reason)).about(m);
    }
    // A log line of `node` to `group` with its urgency, about a message (0: none) of a trace.
    static EngineEvent logLine(qint32 node, qint32 group, quint64 message, quint64 trace, qint64 urgency,
                               std::string line)
    {
        EngineEvent e = at(EventType::Log, node, group, -1, urgency, std::move(line));
        e.message = message;
        e.trace = trace;
        return e;
    }
    // A fault was set on or cleared from `node`; `description` is its JSON.
    static EngineEvent fault(qint32 node, std::string description)
    {
        return at(EventType::Fault, node, -1, -1, 0, std::move(description));
    }
    // `from` moved `m` to the dead-letter queue `dlq` (along `edge`, when one leads there) after
    // `attempts` receives or retries.
    static EngineEvent deadLettered(qint32 from, qint32 dlq, qint32 edge, const Message& m, qint64 attempts,
                                    std::string why = {})
    {
        return at(EventType::DeadLettered, from, dlq, edge, attempts, std::move(why)).about(m);
    }
};

class EngineObserver {
public:
    virtual ~EngineObserver() = default;
    virtual void onEvent(const Engine& engine, const EngineEvent& event) = 0;
};

}  // namespace ml
