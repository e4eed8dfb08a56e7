// The discrete-event kernel: virtual time, the future-event set and dispatch. Everything in
// the engine happens as an event delivered by this object; how fast it runs (as fast as
// possible, real time, one step) is a Scheduler's decision, not the kernel's.
#pragma once

#include "engine/FutureEventSet.h"
#include "format/Time.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

namespace ml {

// Why Kernel::runUntil returned.
enum class RunStop {
    Limit,      // the next event is after the limit; the clock now reads the limit
    Empty,      // nothing is pending; the clock stays at the last event
    MaxEvents,  // the event budget is spent; later events are still due before the limit
    Stopped,    // a handler called requestStop()
};

struct RunResult {
    quint64 events = 0;  // dispatched by this call
    RunStop stop = RunStop::Empty;
};

class Kernel {
public:
    // Uses an EventHeap unless given another future-event set.
    explicit Kernel(std::unique_ptr<FutureEventSet> events = nullptr);
    Kernel(const Kernel&) = delete;
    Kernel& operator=(const Kernel&) = delete;

    Micros now() const { return m_now; }
    // When the last thing happened (0 before anything): the last event dispatched, or an input
    // applied between events (markActivity). now() may lie past it, at a run's limit.
    Micros lastActivity() const { return m_lastActivity; }
    // Something happened now outside an event (an injection, a fault, a purge).
    void markActivity() { m_lastActivity = std::max(m_lastActivity, m_now); }
    // Events dispatched since construction or reset().
    quint64 eventCount() const { return m_eventCount; }

    // Schedules an event for `target` at `at`. Time never goes backwards: an instant before
    // now() is clamped to now(), so the event runs next at the current instant (after
    // events already due then with the same priority). A null target is refused (null
    // handle), as is an event beyond the set's capacity (EventHeap::kMaxPending).
    EventHandle schedule(Micros at, EventPriority priority, EventTarget* target, qint32 kind = 0, qint64 payload = 0);
    // As schedule(), `delay` after now(); a negative delay counts as zero.
    EventHandle scheduleIn(Micros delay, EventPriority priority, EventTarget* target, qint32 kind = 0,
                           qint64 payload = 0);
    // Cancelling a handle that already fired, was cancelled, or is null is harmless: false.
    bool cancel(EventHandle handle) { return m_events->cancel(handle); }
    // Moves a pending event (same handle) to `at` (clamped to now()); false if it is not pending.
    bool reschedule(EventHandle handle, Micros at, EventPriority priority);
    bool isPending(EventHandle handle) const { return m_events->contains(handle); }

    bool empty() const { return m_events->empty(); }
    std::size_t pendingCount() const { return m_events->size(); }
    // Time of the next event; kTimeMax when nothing is pending.
    Micros nextTime() const { return m_events->nextTime(); }

    // Dispatches the next event, whatever its time. False when nothing is pending.
    bool step();
    // Dispatches events in order while their time is not after `limit`, at most `maxEvents`
    // of them. When the next event lies after the limit the clock moves to the limit (the
    // run reached it); when nothing is pending it stays at the last event.
    RunResult runUntil(Micros limit, quint64 maxEvents = std::numeric_limits<quint64>::max());
    // Moves the clock forward without an event, up to the next pending event at most (for
    // real-time runs, where virtual time follows the wall clock between events). Earlier
    // instants are ignored. Returns now().
    Micros advanceTo(Micros at);
    // From inside a handler: makes the current runUntil() return after this event.
    void requestStop() { m_stopRequested = true; }

    // A target that calls `callback`; the kernel owns it and it lives as long as the kernel.
    EventTarget* addCallback(std::function<void(const Event&)> callback);

    // Back to time zero with nothing pending; handles from before become stale. Callbacks
    // added with addCallback() stay valid.
    void reset();

private:
    void dispatch(const Event& event);
    template <typename Set>
    RunResult run(Set& events, Micros limit, quint64 maxEvents);

    std::unique_ptr<FutureEventSet> m_events;
    // m_events when it is an EventHeap: a final class with an inline hot path, so the
    // kernel's inner loop calls it directly instead of through the interface.
    EventHeap* m_heap = nullptr;
    std::vector<std::unique_ptr<EventTarget>> m_callbacks;
    Micros m_now = 0;
    Micros m_lastActivity = 0;
    quint64 m_eventCount = 0;
    bool m_stopRequested = false;
    bool m_dispatching = false;
};

}  // namespace ml
