#include "engine/Kernel.h"

#include <algorithm>

namespace ml {

namespace {

class CallbackTarget final : public EventTarget {
public:
    explicit CallbackTarget(std::function<void(const Event&)> callback) : m_callback(std::move(callback)) {}
    void handleEvent(const Event& event) override
    {
        if (m_callback) m_callback(event);
    }

private:
    std::function<void(const Event&)> m_callback;
};

// Clears the dispatching flag even if a handler throws, so the kernel stays usable.
class DispatchScope {
public:
    explicit DispatchScope(bool& flag) : m_flag(flag) { m_flag = true; }
    ~DispatchScope() { m_flag = false; }
    DispatchScope(const DispatchScope&) = delete;
    DispatchScope& operator=(const DispatchScope&) = delete;

private:
    bool& m_flag;
};

}  // namespace

Kernel::Kernel(std::unique_ptr<FutureEventSet> events) : m_events(std::move(events))
{
    if (!m_events) m_events = std::make_unique<EventHeap>();
    m_heap = dynamic_cast<EventHeap*>(m_events.get());
}

EventHandle Kernel::schedule(Micros at, EventPriority priority, EventTarget* target, qint32 kind, qint64 payload)
{
    if (!target) return {};
    Event event;
    event.time = std::max(at, m_now);
    event.target = target;
    event.payload = payload;
    event.kind = kind;
    event.priority = priority;
    return m_heap ? m_heap->insert(event) : m_events->insert(event);
}

EventHandle Kernel::scheduleIn(Micros delay, EventPriority priority, EventTarget* target, qint32 kind, qint64 payload)
{
    // Saturate instead of overflowing for "never"-like delays.
    const Micros at = delay <= 0 ? m_now : (delay > kTimeMax - m_now ? kTimeMax : m_now + delay);
    return schedule(at, priority, target, kind, payload);
}

bool Kernel::reschedule(EventHandle handle, Micros at, EventPriority priority)
{
    return m_events->reschedule(handle, std::max(at, m_now), priority);
}

void Kernel::dispatch(const Event& event)
{
    m_now = event.time;
    m_lastActivity = event.time;
    ++m_eventCount;
    DispatchScope scope(m_dispatching);
    event.target->handleEvent(event);
}

// step() and runUntil() refuse to run from inside a handler: a nested run would deliver
// events out of order with respect to the one being handled.
bool Kernel::step()
{
    Event event;
    if (m_dispatching || !m_events->pop(event)) return false;
    dispatch(event);
    m_stopRequested = false;
    return true;
}

RunResult Kernel::runUntil(Micros limit, quint64 maxEvents)
{
    if (m_dispatching) return RunResult{0, RunStop::Stopped};
    m_stopRequested = false;
    return m_heap ? run(*m_heap, limit, maxEvents) : run(*m_events, limit, maxEvents);
}

template <typename Set>
RunResult Kernel::run(Set& events, Micros limit, quint64 maxEvents)
{
    RunResult result;
    Event event;
    while (result.events < maxEvents) {
        if (!events.pop(event, limit)) break;
        dispatch(event);
        ++result.events;
        if (m_stopRequested) {
            m_stopRequested = false;
            result.stop = RunStop::Stopped;
            return result;
        }
    }
    if (events.empty()) {
        result.stop = RunStop::Empty;
    } else if (events.nextTime() > limit) {
        result.stop = RunStop::Limit;
        m_now = std::max(m_now, limit);
    } else {
        result.stop = RunStop::MaxEvents;
    }
    return result;
}

Micros Kernel::advanceTo(Micros at)
{
    if (!m_dispatching && at > m_now) m_now = std::min(at, m_events->nextTime());
    return m_now;
}

EventTarget* Kernel::addCallback(std::function<void(const Event&)> callback)
{
    m_callbacks.push_back(std::make_unique<CallbackTarget>(std::move(callback)));
    return m_callbacks.back().get();
}

void Kernel::reset()
{
    m_events->clear();
    m_now = 0;
    m_lastActivity = 0;
    m_eventCount = 0;
    m_stopRequested = false;
}

}  // namespace ml
