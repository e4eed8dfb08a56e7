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
};

class EngineObserver {
public:
    virtual ~EngineObserver() = default;
    virtual void onEvent(const Engine& engine, const EngineEvent& event) = 0;
};

}  // namespace ml
