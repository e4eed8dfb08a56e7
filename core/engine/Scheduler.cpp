#include "engine/Scheduler.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace ml {

namespace {

// How many events MaxSpeedScheduler runs between two looks at the wall clock.
constexpr quint64 kEventsPerClockRead = 4096;

bool nothingDueBy(const Kernel& kernel, Micros limit) { return kernel.empty() || kernel.nextTime() > limit; }

}  // namespace

Micros steadyWallClock()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

MaxSpeedScheduler::MaxSpeedScheduler(quint64 sliceEvents, Micros sliceWall, WallClock clock)
    : m_sliceEvents(std::max<quint64>(sliceEvents, 1)),
      m_sliceWall(sliceWall),
      m_clock(clock ? std::move(clock) : WallClock(steadyWallClock))
{
}

Advance MaxSpeedScheduler::advance(Kernel& kernel, Micros limit)
{
    Advance result;
    RunResult run;
    if (m_sliceWall <= 0) {
        run = kernel.runUntil(limit, m_sliceEvents);
        result.events = run.events;
    } else {
        const Micros start = m_clock();
        do {
            const quint64 chunk = std::min(kEventsPerClockRead, m_sliceEvents - result.events);
            run = kernel.runUntil(limit, chunk);
            result.events += run.events;
        } while (run.stop == RunStop::MaxEvents && result.events < m_sliceEvents && m_clock() - start < m_sliceWall);
    }
    result.finished = run.stop != RunStop::MaxEvents;
    result.wallWait = result.finished ? kWaitForInput : 0;
    return result;
}

RealTimeScheduler::RealTimeScheduler(double scale, WallClock clock, quint64 sliceEvents)
    : m_clock(clock ? std::move(clock) : WallClock(steadyWallClock)), m_sliceEvents(std::max<quint64>(sliceEvents, 1))
{
    setScale(scale);
}

Micros RealTimeScheduler::wallNow() const { return m_clock(); }

Micros RealTimeScheduler::targetAt(Micros wall) const
{
    if (wall <= m_wallAnchor) return m_virtualAnchor;
    const double ahead = std::round(double(wall - m_wallAnchor) * m_scale);
    if (ahead >= double(kTimeMax - m_virtualAnchor)) return kTimeMax;
    return m_virtualAnchor + Micros(ahead);
}

void RealTimeScheduler::anchor(Micros wall, Micros virtualTime)
{
    m_wallAnchor = wall;
    m_virtualAnchor = virtualTime;
    m_anchored = true;
}

bool RealTimeScheduler::setScale(double scale)
{
    if (!std::isfinite(scale) || scale <= 0) return false;
    if (m_anchored && !m_paused) {
        const Micros wall = wallNow();
        anchor(wall, targetAt(wall));
    }
    m_scale = scale;
    return true;
}

void RealTimeScheduler::pause()
{
    if (m_paused) return;
    if (m_anchored) {
        const Micros wall = wallNow();
        anchor(wall, std::max(m_virtualAnchor, std::min(targetAt(wall), m_limit)));
    }
    m_paused = true;
}

void RealTimeScheduler::resume()
{
    if (!m_paused) return;
    m_paused = false;
    if (m_anchored) m_wallAnchor = wallNow();  // virtual time continues from where the pause held it
}

void RealTimeScheduler::restart() { m_anchored = false; }

Advance RealTimeScheduler::advance(Kernel& kernel, Micros limit)
{
    Advance result;
    m_limit = limit;
    if (m_paused) {
        result.wallWait = kWaitForInput;
        return result;
    }
    const Micros wall = wallNow();
    // Someone else moved the kernel's clock ahead (a step, a max-speed burst): follow it
    // rather than stall until the wall clock catches up.
    if (!m_anchored || kernel.now() > targetAt(wall)) anchor(wall, kernel.now());
    const Micros target = std::min(targetAt(wall), limit);

    const RunResult run = kernel.runUntil(target, m_sliceEvents);
    result.events = run.events;
    if (run.stop == RunStop::Stopped) {
        result.finished = true;
        result.wallWait = kWaitForInput;
        return result;
    }
    if (run.stop == RunStop::MaxEvents) {
        result.behind = true;
        return result;
    }
    kernel.advanceTo(target);  // virtual time follows the wall clock between events
    result.finished = nothingDueBy(kernel, limit);
    const Micros due = std::min(kernel.nextTime(), limit);
    if (due == kTimeMax || kernel.now() >= limit) {
        result.wallWait = kWaitForInput;
    } else {
        const double wait = std::ceil(double(due - kernel.now()) / m_scale);
        result.wallWait = wait >= double(kWaitForInput) ? kWaitForInput : std::max<Micros>(Micros(wait), 0);
    }
    return result;
}

Advance StepScheduler::advance(Kernel& kernel, Micros limit)
{
    Advance result;
    const RunResult run = kernel.runUntil(limit, 1);
    result.events = run.events;
    result.finished = run.stop == RunStop::Stopped || nothingDueBy(kernel, limit);
    result.wallWait = kWaitForInput;  // the next step is the user's call
    return result;
}

}  // namespace ml
