// Scheduler policies: how the kernel's events are paced against the wall clock. The GUI and
// the command-line runner drive every policy the same way — call advance() from a timer or a
// loop, wait about `wallWait`, repeat — so switching policy is swapping this one object.
#pragma once

#include "engine/Kernel.h"

#include <functional>

namespace ml {

// Reads a monotonic wall clock in microseconds. Injectable so tests drive time by hand.
using WallClock = std::function<Micros()>;
// std::chrono::steady_clock.
Micros steadyWallClock();

// "Nothing is due: wait for input (or a change of policy) before calling advance() again."
constexpr Micros kWaitForInput = kTimeMax;

struct Advance {
    quint64 events = 0;     // dispatched by this call
    bool finished = false;  // nothing is left to do before the limit, or a handler stopped the run
    bool behind = false;    // real time: events due now are still pending (the run cannot keep up)
    Micros wallWait = 0;    // wall µs until the next call has work; 0 = call again at once
};

class Scheduler {
public:
    virtual ~Scheduler() = default;
    // Runs some events, never past virtual time `limit` (the run's duration; kTimeMax for
    // none). Returns quickly enough for a caller to interleave painting or I/O.
    virtual Advance advance(Kernel& kernel, Micros limit = kTimeMax) = 0;
};

// As fast as possible, in slices: at most `sliceEvents` events per call and, when
// `sliceWall` > 0, at most about that many wall µs per call.
class MaxSpeedScheduler final : public Scheduler {
public:
    explicit MaxSpeedScheduler(quint64 sliceEvents = 1'000'000, Micros sliceWall = 0, WallClock clock = {});
    Advance advance(Kernel& kernel, Micros limit = kTimeMax) override;

private:
    quint64 m_sliceEvents;
    Micros m_sliceWall;
    WallClock m_clock;
};

// Virtual time follows wall time × scale: at scale 2 one wall second is two virtual seconds.
// The clock is anchored at the first advance() (and again on resume() and setScale()), so
// pausing holds virtual time and resuming or changing speed continues without a jump.
// When events cannot keep up, virtual time lags and catches up as soon as it can.
class RealTimeScheduler final : public Scheduler {
public:
    explicit RealTimeScheduler(double scale = 1.0, WallClock clock = {}, quint64 sliceEvents = 100'000);
    Advance advance(Kernel& kernel, Micros limit = kTimeMax) override;

    double scale() const { return m_scale; }
    // Ignores a scale that is not a finite positive number; returns whether it was taken.
    bool setScale(double scale);
    void pause();
    void resume();
    bool isPaused() const { return m_paused; }
    // Forgets the anchor; the next advance() starts from the kernel's clock (after Reset).
    void restart();

private:
    Micros wallNow() const;
    Micros targetAt(Micros wall) const;
    void anchor(Micros wall, Micros virtualTime);

    double m_scale = 1.0;
    WallClock m_clock;
    quint64 m_sliceEvents;
    bool m_anchored = false;
    bool m_paused = false;
    Micros m_wallAnchor = 0;
    Micros m_virtualAnchor = 0;
    Micros m_limit = kTimeMax;  // the last advance()'s limit; a pause never holds time past it
};

// One event per call, whatever its time (the workshop's "Step" button).
class StepScheduler final : public Scheduler {
public:
    Advance advance(Kernel& kernel, Micros limit = kTimeMax) override;
};

}  // namespace ml
