// The kernel unit's test class, shared by its three files: the kernel and its event set
// (tst_kernel.cpp), the scheduler policies (tst_kernel_schedulers.cpp) and the random
// streams (tst_kernel_random.cpp).
#pragma once

#include "engine/FutureEventSet.h"
#include "engine/Kernel.h"
#include "engine/Scheduler.h"

#include <QList>
#include <QObject>

#include <cstring>
#include <functional>
#include <vector>

namespace ml::test {

// Writes down what it receives; optionally reacts.
class Recorder : public EventTarget {
public:
    std::vector<Event> seen;
    std::function<void(const Event&)> react;

    void handleEvent(const Event& event) override
    {
        seen.push_back(event);
        if (react) react(event);
    }
    std::vector<qint64> payloads() const
    {
        std::vector<qint64> out;
        for (const Event& e : seen) out.push_back(e.payload);
        return out;
    }
    std::vector<Micros> times() const
    {
        std::vector<Micros> out;
        for (const Event& e : seen) out.push_back(e.time);
        return out;
    }
};

inline std::vector<qint64> toVector(const QList<int>& list) { return std::vector<qint64>(list.begin(), list.end()); }

// A wall clock the test moves by hand.
struct FakeClock {
    Micros now = 0;
    WallClock function()
    {
        return [this] { return now; };
    }
};

inline quint64 bitsOf(double x)
{
    quint64 bits;
    std::memcpy(&bits, &x, sizeof bits);
    return bits;
}

// Distance in units in the last place between two finite doubles of the same sign.
inline quint64 ulpDistance(double a, double b)
{
    const quint64 x = bitsOf(a);
    const quint64 y = bitsOf(b);
    return x > y ? x - y : y - x;
}

}  // namespace ml::test

class tst_Kernel : public QObject {
    Q_OBJECT

private slots:
    void ordering_data();
    void ordering();
    void sameInstantFromHandlerRunsAfter();
    void cancellation();
    void staleHandleDoesNotTouchReusedSlot();
    void cancellingTheFirstEventMovesNextTime();
    void reschedule();
    void runUntilStopsAtTheLimit();
    void runUntilEventAtTheLimitRuns();
    void maxEvents();
    void runUntilEmptyKeepsClock();
    void timeNeverGoesBackwards();
    void requestStop();
    void nestedRunIsRefused();
    void callbacksAndNullTarget();
    void advanceTo();
    void resetMakesHandlesStale();
    void kernelTakesAnyFutureEventSet();
    void compactionBoundsMemory();
    void propertyAgainstSortedReference_data();
    void propertyAgainstSortedReference();

    void maxSpeedRunsInSlices();
    void maxSpeedWallBudget();
    void realTimeFollowsWallClockTimesScale();
    void realTimePauseHoldsAndResumeDoesNotJump();
    void realTimeScaleChangeDoesNotJump();
    void realTimeWaitHintAndBehind();
    void stepSchedulerRunsOneEvent();

    void randomKnownFirstValues_data();
    void randomKnownFirstValues();
    void randomDistributionKnownValues();
    void randomIndependentByNodeId();
    void randomUniformIntRange();
    void randomDistributionSanity();
    void portableMathMatchesLibm();
};
