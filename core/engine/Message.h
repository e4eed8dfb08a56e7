// Messages of a run and where they live. A message is created once and keeps its index until
// it reaches a final fate (delivered, forwarded, expired, dropped); bodies are shared and
// immutable, so passing a message along costs no copy of its JSON.
#pragma once

#include "engine/SlotTable.h"
#include "format/Json.h"
#include "format/Time.h"

#include <QtGlobal>

#include <array>
#include <memory>
#include <string>
#include <vector>

namespace ml {

using MessageIndex = quint32;
constexpr MessageIndex kNoMessage = std::numeric_limits<MessageIndex>::max();
using JsonPtr = std::shared_ptr<const Json>;

// Where a live message is, for conservation (each live message is in exactly one place).
enum class MessagePlace : quint8 {
    Transit,       // travelling along an edge or waiting for a caller's answer
    Processing,    // inside a function invocation (or a batch being processed)
    Visible,       // in a queue, ready to receive
    InFlight,      // received from a queue, invisible until the visibility timeout
    Delayed,       // in a queue, not yet visible (delay)
    DeadLettered,  // in a dead-letter queue (a DLQ's messages are held here, whatever their visibility)
    Pending,       // waiting for an async retry, a task retry or a throttle backoff
};

struct Message {
    quint64 id = 0;
    quint64 traceId = 0;
    quint64 parentId = 0;
    // A proxy event's API request (its requestContext.requestId), applied lazily like
    // processedBy: the event body is shared by every request with the same shape.
    quint64 requestOf = 0;
    JsonPtr body;
    JsonPtr attributes;           // object of name → string/number, or null
    std::string groupId;          // FIFO
    std::string deduplicationId;  // FIFO
    Micros sentAt = 0;            // virtual time it entered the queue / was sent
    Micros firstReceivedAt = -1;
    qint32 receiveCount = 0;
    qint32 processedBy = -1;       // node index stamped into the body as "processedBy" (applied lazily)
    qint32 user = 0;               // interned user name of the trace (Engine::userName)
    qint32 location = -1;          // node index where it is
    qint32 deadLetterSource = -1;  // node index of the queue it was dead-lettered from
    MessagePlace place = MessagePlace::Transit;
    // Recursive loop detection (Lambda stops a function invoked more than 16 times by the same
    // chain of events): how often each function ran in this message's lineage. The four most
    // frequent are kept, which covers any loop of up to four functions exactly.
    std::array<qint32, 4> lineageFunctions{-1, -1, -1, -1};
    std::array<quint8, 4> lineageRuns{};

    // Engine::body() differs from *body (a stamp to apply).
    bool stamped() const { return processedBy >= 0 || requestOf != 0; }
    int runsOf(qint32 function) const
    {
        for (std::size_t i = 0; i < lineageFunctions.size(); ++i)
            if (lineageFunctions[i] == function) return lineageRuns[i];
        return 0;
    }
    void countRun(qint32 function)
    {
        std::size_t slot = 0;
        for (std::size_t i = 0; i < lineageFunctions.size(); ++i) {
            if (lineageFunctions[i] == function) {
                if (lineageRuns[i] < 255) ++lineageRuns[i];
                return;
            }
            if (lineageRuns[i] < lineageRuns[slot]) slot = i;
        }
        lineageFunctions[slot] = function;
        lineageRuns[slot] = 1;
    }
};

// Lambda's recursive loop detection: the invocation after this many by one chain is stopped.
constexpr int kRecursiveLoopLimit = 16;

// "m<id>", the name of a message in reports, responses and request ids.
inline std::string messageName(quint64 id) { return "m" + std::to_string(id); }

// The messages of a run, in a slot table: a message's index is its slot, stable while it lives
// and held only by the one place the message is (so reads by index are unchecked).
class MessageStore {
public:
    MessageIndex create() { return m_messages.insert().slot; }
    void release(MessageIndex index) { m_messages.erase(m_messages.current(index)); }
    bool isLive(MessageIndex index) const { return m_messages.isLive(index); }
    Message& operator[](MessageIndex index) { return m_messages[index]; }
    const Message& operator[](MessageIndex index) const { return m_messages[index]; }
    std::size_t liveCount() const { return m_messages.size(); }
    std::size_t capacity() const { return m_messages.capacity(); }
    void clear() { m_messages.clear(); }

private:
    SlotTable<Message> m_messages;
};

}  // namespace ml
