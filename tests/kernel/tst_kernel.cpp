// The discrete-event kernel: event order, cancellation, run limits, scheduler policies and
// the per-node random streams.
#include "engine/FutureEventSet.h"
#include "engine/Kernel.h"
#include "engine/Random.h"
#include "engine/Scheduler.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <map>
#include <tuple>
#include <vector>

using namespace ml;

namespace {

// Writes down what it receives; optionally reacts.
class Recorder : public EventTarget {
public:
    std::vector<Event> seen;
    std::function<void(const Event&)> react;

    void handleEvent(const Event& event) override
    {
        seen.push_back(event);
        if (react)
            react(event);
    }
    std::vector<qint64> payloads() const
    {
        std::vector<qint64> out;
        for (const Event& e : seen)
            out.push_back(e.payload);
        return out;
    }
    std::vector<Micros> times() const
    {
        std::vector<Micros> out;
        for (const Event& e : seen)
            out.push_back(e.time);
        return out;
    }
};

std::vector<qint64> toVector(const QList<int>& list)
{
    return std::vector<qint64>(list.begin(), list.end());
}

// A wall clock the test moves by hand.
struct FakeClock {
    Micros now = 0;
    WallClock function()
    {
        return [this] { return now; };
    }
};

quint64 bitsOf(double x)
{
    quint64 bits;
    std::memcpy(&bits, &x, sizeof bits);
    return bits;
}

// Distance in units in the last place between two finite doubles of the same sign.
quint64 ulpDistance(double a, double b)
{
    const quint64 x = bitsOf(a);
    const quint64 y = bitsOf(b);
    return x > y ? x - y : y - x;
}

}  // namespace

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

void tst_Kernel::ordering_data()
{
    QTest::addColumn<QList<int>>("times");
    QTest::addColumn<QList<int>>("priorities");
    QTest::addColumn<QList<int>>("expected");   // payload = index of the schedule call

    QTest::newRow("time first") << QList<int>{30, 10, 20} << QList<int>{0, 0, 0} << QList<int>{1, 2, 0};
    QTest::newRow("priority breaks a time tie")
        << QList<int>{10, 10, 10} << QList<int>{5, -3, 0} << QList<int>{1, 2, 0};
    QTest::newRow("insertion breaks a full tie")
        << QList<int>{10, 10, 10, 10} << QList<int>{0, 0, 0, 0} << QList<int>{0, 1, 2, 3};
    QTest::newRow("time beats priority") << QList<int>{20, 10} << QList<int>{-100, 100} << QList<int>{1, 0};
    QTest::newRow("extreme priorities")
        << QList<int>{5, 5, 5} << QList<int>{127, -128, 0} << QList<int>{1, 2, 0};
    QTest::newRow("mixed")
        << QList<int>{20, 10, 20, 10, 20, 0} << QList<int>{1, 1, 0, 1, 1, 9}
        << QList<int>{5, 1, 3, 2, 0, 4};
}

void tst_Kernel::ordering()
{
    QFETCH(QList<int>, times);
    QFETCH(QList<int>, priorities);
    QFETCH(QList<int>, expected);
    Kernel kernel;
    Recorder recorder;
    for (int i = 0; i < times.size(); ++i)
        kernel.schedule(times[i], EventPriority(priorities[i]), &recorder, 0, i);
    const RunResult run = kernel.runUntil(kTimeMax);
    QCOMPARE(run.events, quint64(times.size()));
    QCOMPARE(run.stop, RunStop::Empty);
    QCOMPARE(recorder.payloads(), toVector(expected));
    for (const Event& e : recorder.seen)
        QCOMPARE(e.priority, EventPriority(priorities[int(e.payload)]));
}

void tst_Kernel::sameInstantFromHandlerRunsAfter()
{
    Kernel kernel;
    Recorder recorder;
    recorder.react = [&](const Event& e) {
        if (e.payload == 0)
            kernel.schedule(kernel.now(), 0, &recorder, 0, 9);
    };
    kernel.schedule(100, 0, &recorder, 0, 0);
    kernel.schedule(100, 0, &recorder, 0, 1);
    kernel.runUntil(kTimeMax);
    QCOMPARE(recorder.payloads(), (std::vector<qint64>{0, 1, 9}));
    QCOMPARE(recorder.times(), (std::vector<Micros>{100, 100, 100}));
}

void tst_Kernel::cancellation()
{
    Kernel kernel;
    Recorder recorder;
    const EventHandle a = kernel.schedule(10, 0, &recorder, 0, 1);
    const EventHandle b = kernel.schedule(20, 0, &recorder, 0, 2);
    const EventHandle c = kernel.schedule(30, 0, &recorder, 0, 3);
    QVERIFY(kernel.isPending(b));
    QVERIFY(kernel.cancel(b));
    QVERIFY(!kernel.isPending(b));
    QVERIFY(!kernel.cancel(b));            // already cancelled: harmless
    QVERIFY(!kernel.cancel(EventHandle{}));  // null handle: harmless
    QCOMPARE(kernel.pendingCount(), std::size_t(2));
    QVERIFY(kernel.step());
    QVERIFY(!kernel.cancel(a));            // already fired: harmless
    QCOMPARE(recorder.seen.front().handle, a);
    kernel.runUntil(kTimeMax);
    QCOMPARE(recorder.payloads(), (std::vector<qint64>{1, 3}));
    QVERIFY(!kernel.cancel(c));
    QVERIFY(kernel.empty());
    QVERIFY(!kernel.cancel(EventHandle{999, 7}));   // never issued
}

void tst_Kernel::staleHandleDoesNotTouchReusedSlot()
{
    Kernel kernel;
    Recorder recorder;
    const EventHandle old = kernel.schedule(10, 0, &recorder, 0, 1);
    kernel.runUntil(kTimeMax);
    const EventHandle fresh = kernel.schedule(20, 0, &recorder, 0, 2);
    QCOMPARE(fresh.slot, old.slot);   // the slot is reused …
    QVERIFY(fresh != old);            // … under a new generation
    QVERIFY(!kernel.cancel(old));
    QVERIFY(!kernel.reschedule(old, 5, 0));
    QVERIFY(kernel.isPending(fresh));
    kernel.runUntil(kTimeMax);
    QCOMPARE(recorder.payloads(), (std::vector<qint64>{1, 2}));
    QCOMPARE(recorder.times(), (std::vector<Micros>{10, 20}));
}

void tst_Kernel::cancellingTheFirstEventMovesNextTime()
{
    Kernel kernel;
    Recorder recorder;
    const EventHandle first = kernel.schedule(10, 0, &recorder);
    const EventHandle second = kernel.schedule(20, 0, &recorder);
    kernel.schedule(30, 0, &recorder);
    QCOMPARE(kernel.nextTime(), Micros(10));
    kernel.cancel(first);
    QCOMPARE(kernel.nextTime(), Micros(20));
    kernel.cancel(second);
    QCOMPARE(kernel.nextTime(), Micros(30));
    kernel.runUntil(kTimeMax);
    QCOMPARE(kernel.nextTime(), kTimeMax);
    QCOMPARE(recorder.times(), (std::vector<Micros>{30}));
}

void tst_Kernel::reschedule()
{
    Kernel kernel;
    Recorder recorder;
    const EventHandle a = kernel.schedule(10, 0, &recorder, 0, 1);
    kernel.schedule(20, 0, &recorder, 0, 2);
    kernel.schedule(30, 0, &recorder, 0, 3);
    QVERIFY(kernel.reschedule(a, 20, 0));   // same instant as 2: orders after it
    QVERIFY(kernel.isPending(a));
    QCOMPARE(kernel.nextTime(), Micros(20));
    QCOMPARE(kernel.pendingCount(), std::size_t(3));
    kernel.runUntil(kTimeMax);
    QCOMPARE(recorder.payloads(), (std::vector<qint64>{2, 1, 3}));
    QCOMPARE(recorder.seen[1].handle, a);   // the handle survives rescheduling
    QVERIFY(!kernel.reschedule(a, 50, 0));  // fired: nothing to move

    // Earlier, with a priority change, and into the past (clamped to now).
    Recorder second;
    const EventHandle b = kernel.schedule(100, 0, &second, 0, 1);
    kernel.schedule(40, 0, &second, 0, 2);
    QVERIFY(kernel.reschedule(b, 40, -1));
    kernel.runUntil(kTimeMax);
    QCOMPARE(second.payloads(), (std::vector<qint64>{1, 2}));
    QCOMPARE(second.seen[0].priority, EventPriority(-1));

    const EventHandle c = kernel.schedule(90, 0, &second, 0, 3);
    QVERIFY(kernel.reschedule(c, 1, 0));
    kernel.runUntil(kTimeMax);
    QCOMPARE(second.seen.back().time, Micros(40));
}

void tst_Kernel::runUntilStopsAtTheLimit()
{
    Kernel kernel;
    Recorder recorder;
    for (int t : {10, 20, 30, 40})
        kernel.schedule(t, 0, &recorder, 0, t);
    const RunResult run = kernel.runUntil(25);
    QCOMPARE(run.events, quint64(2));
    QCOMPARE(run.stop, RunStop::Limit);
    QCOMPARE(kernel.now(), Micros(25));
    QCOMPARE(kernel.pendingCount(), std::size_t(2));
    QCOMPARE(kernel.nextTime(), Micros(30));
    QCOMPARE(kernel.eventCount(), quint64(2));
    // An event scheduled "now" after the limit run lands at 25, not earlier.
    kernel.schedule(0, 0, &recorder, 0, 25);
    QCOMPARE(kernel.nextTime(), Micros(25));
}

void tst_Kernel::runUntilEventAtTheLimitRuns()
{
    Kernel kernel;
    Recorder recorder;
    kernel.schedule(30, 0, &recorder);
    kernel.schedule(31, 0, &recorder);
    const RunResult run = kernel.runUntil(30);
    QCOMPARE(run.events, quint64(1));
    QCOMPARE(run.stop, RunStop::Limit);
    QCOMPARE(kernel.now(), Micros(30));
    // A limit before now neither runs anything nor moves the clock back.
    QCOMPARE(kernel.runUntil(5).events, quint64(0));
    QCOMPARE(kernel.now(), Micros(30));
}

void tst_Kernel::maxEvents()
{
    Kernel kernel;
    Recorder recorder;
    for (int t : {10, 20, 30, 40})
        kernel.schedule(t, 0, &recorder);
    RunResult run = kernel.runUntil(kTimeMax, 3);
    QCOMPARE(run.events, quint64(3));
    QCOMPARE(run.stop, RunStop::MaxEvents);
    QCOMPARE(kernel.now(), Micros(30));   // not moved to any limit
    run = kernel.runUntil(kTimeMax, 0);
    QCOMPARE(run.events, quint64(0));
    QCOMPARE(run.stop, RunStop::MaxEvents);
    run = kernel.runUntil(kTimeMax, 1);   // budget and events end together: Empty says more
    QCOMPARE(run.events, quint64(1));
    QCOMPARE(run.stop, RunStop::Empty);
}

void tst_Kernel::runUntilEmptyKeepsClock()
{
    Kernel kernel;
    Recorder recorder;
    kernel.schedule(10, 0, &recorder);
    const RunResult run = kernel.runUntil(1000);
    QCOMPARE(run.stop, RunStop::Empty);
    QCOMPARE(kernel.now(), Micros(10));
    QCOMPARE(kernel.runUntil(1000).stop, RunStop::Empty);
    QCOMPARE(kernel.now(), Micros(10));
}

void tst_Kernel::timeNeverGoesBackwards()
{
    Kernel kernel;
    Recorder recorder;
    recorder.react = [&](const Event& e) {
        if (e.payload < 200)
            kernel.schedule(e.time - 50 + (e.payload % 7) * 20, 0, &recorder, 0, e.payload + 1);
    };
    kernel.schedule(1000, 0, &recorder, 0, 0);
    kernel.runUntil(kTimeMax);
    QCOMPARE(recorder.seen.size(), std::size_t(201));
    const std::vector<Micros> times = recorder.times();
    QVERIFY(std::is_sorted(times.begin(), times.end()));
    QCOMPARE(times[1], Micros(1000));   // 1000 - 50 clamped to now
    recorder.react = nullptr;
    QCOMPARE(kernel.scheduleIn(-5, 0, &recorder).isNull(), false);
    QCOMPARE(kernel.nextTime(), kernel.now());
    kernel.scheduleIn(kTimeMax, 0, &recorder);   // saturates instead of overflowing
    kernel.runUntil(kTimeMax, 1);
    QCOMPARE(kernel.nextTime(), kTimeMax);
    QCOMPARE(kernel.pendingCount(), std::size_t(1));
}

void tst_Kernel::requestStop()
{
    Kernel kernel;
    Recorder recorder;
    recorder.react = [&](const Event& e) {
        if (e.payload == 2)
            kernel.requestStop();
    };
    for (int i = 1; i <= 4; ++i)
        kernel.schedule(i * 10, 0, &recorder, 0, i);
    const RunResult run = kernel.runUntil(kTimeMax);
    QCOMPARE(run.events, quint64(2));
    QCOMPARE(run.stop, RunStop::Stopped);
    QCOMPARE(kernel.now(), Micros(20));
    QCOMPARE(kernel.runUntil(kTimeMax).events, quint64(2));   // the next run is not stopped
}

void tst_Kernel::nestedRunIsRefused()
{
    Kernel kernel;
    Recorder recorder;
    bool nestedStep = true;
    RunResult nestedRun;
    recorder.react = [&](const Event& e) {
        if (e.payload == 1) {
            nestedStep = kernel.step();
            nestedRun = kernel.runUntil(kTimeMax);
        }
    };
    kernel.schedule(10, 0, &recorder, 0, 1);
    kernel.schedule(20, 0, &recorder, 0, 2);
    QVERIFY(kernel.step());
    QVERIFY(!nestedStep);
    QCOMPARE(nestedRun.events, quint64(0));
    QCOMPARE(recorder.payloads(), (std::vector<qint64>{1}));
    QVERIFY(kernel.step());
    QVERIFY(!kernel.step());
}

void tst_Kernel::callbacksAndNullTarget()
{
    Kernel kernel;
    std::vector<std::pair<qint32, qint64>> calls;
    EventTarget* callback = kernel.addCallback([&](const Event& e) { calls.emplace_back(e.kind, e.payload); });
    kernel.schedule(5, 0, callback, 7, -3);
    QVERIFY(kernel.schedule(5, 0, nullptr, 1, 1).isNull());
    QCOMPARE(kernel.pendingCount(), std::size_t(1));
    kernel.runUntil(kTimeMax);
    QCOMPARE(calls, (std::vector<std::pair<qint32, qint64>>{{7, -3}}));
}

void tst_Kernel::advanceTo()
{
    Kernel kernel;
    Recorder recorder;
    QCOMPARE(kernel.advanceTo(500), Micros(500));   // nothing pending: free to move
    kernel.schedule(800, 0, &recorder);
    QCOMPARE(kernel.advanceTo(1000), Micros(800));  // never past the next event
    QCOMPARE(kernel.advanceTo(100), Micros(800));   // never back
    kernel.runUntil(kTimeMax);
    QCOMPARE(recorder.times(), (std::vector<Micros>{800}));
}

void tst_Kernel::resetMakesHandlesStale()
{
    Kernel kernel;
    Recorder recorder;
    kernel.schedule(10, 0, &recorder);
    const EventHandle pending = kernel.schedule(20, 0, &recorder);
    kernel.runUntil(15);
    kernel.reset();
    QCOMPARE(kernel.now(), Micros(0));
    QCOMPARE(kernel.eventCount(), quint64(0));
    QVERIFY(kernel.empty());
    QVERIFY(!kernel.cancel(pending));
    const EventHandle fresh = kernel.schedule(20, 0, &recorder);
    QVERIFY(fresh != pending);
    QVERIFY(!kernel.isPending(pending));
}

void tst_Kernel::compactionBoundsMemory()
{
    EventHeap heap;
    Recorder recorder;
    std::vector<EventHandle> handles;
    for (int i = 0; i < 1000; ++i)
        handles.push_back(heap.insert(Event{1000 - i, &recorder, i, 0, 0, {}}));
    for (int i = 0; i < 1000; ++i) {
        if (i % 10 != 0)
            QVERIFY(heap.cancel(handles[i]));
    }
    QCOMPARE(heap.size(), std::size_t(100));
    QVERIFY2(heap.heapEntries() <= 2 * 100 + 64, qPrintable(QString::number(heap.heapEntries())));
    // Rescheduling leaves dead entries too; they are reclaimed the same way.
    for (int round = 0; round < 50; ++round) {
        for (int i = 0; i < 1000; i += 10)
            QVERIFY(heap.reschedule(handles[i], 5000 + round * 1000 + i, 0));
    }
    QVERIFY(heap.heapEntries() <= 2 * 100 + 64);
    Event e;
    qint64 expected = 0;
    while (heap.pop(e)) {
        QCOMPARE(e.payload, expected);
        expected += 10;
    }
    QCOMPARE(expected, qint64(1000));
}

void tst_Kernel::propertyAgainstSortedReference_data()
{
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<quint64>("sequenceLimit");
    QTest::addColumn<int>("timeSpread");
    QTest::newRow("seed 1") << quint64(1) << EventHeap::kSequenceLimit << 1000;
    QTest::newRow("seed 2, many ties") << quint64(2) << EventHeap::kSequenceLimit << 5;
    QTest::newRow("seed 3, renumbering") << quint64(3) << quint64(700) << 100;
    QTest::newRow("seed 4, renumbering, ties") << quint64(4) << quint64(300) << 3;
}

// Random inserts, cancels (of live and stale handles), reschedules and pops, checked step by
// step against a std::map keyed by (time, priority, insertion number).
void tst_Kernel::propertyAgainstSortedReference()
{
    QFETCH(quint64, seed);
    QFETCH(quint64, sequenceLimit);
    QFETCH(int, timeSpread);
    RandomStream random(seed, "fes-property");
    EventHeap heap(sequenceLimit);
    Recorder target;
    using Key = std::tuple<Micros, int, quint64>;
    std::map<Key, qint64> reference;      // key → event id
    std::map<qint64, Key> keyOf;          // live event id → key
    std::vector<std::pair<qint64, EventHandle>> issued;   // every handle ever issued
    quint64 insertion = 0;
    qint64 nextId = 0;
    int pops = 0;
    for (int op = 0; op < 40000; ++op) {
        const quint64 choice = random.uniformInt(100);
        if (choice < 40 || reference.empty()) {
            const Micros time = Micros(random.uniformInt(quint64(timeSpread)));
            const int priority = int(random.uniformInt(5)) - 2;
            const qint64 id = nextId++;
            const EventHandle h = heap.insert(Event{time, &target, id, 3, EventPriority(priority), {}});
            issued.emplace_back(id, h);
            const Key key{time, priority, insertion++};
            reference[key] = id;
            keyOf[id] = key;
        } else if (choice < 60) {
            const auto& [id, handle] = issued[random.uniformInt(issued.size())];
            const bool live = keyOf.count(id) != 0;
            QCOMPARE(heap.cancel(handle), live);
            if (live) {
                reference.erase(keyOf[id]);
                keyOf.erase(id);
            }
        } else if (choice < 75) {
            const auto& [id, handle] = issued[random.uniformInt(issued.size())];
            const bool live = keyOf.count(id) != 0;
            const Micros time = Micros(random.uniformInt(quint64(timeSpread)));
            const int priority = int(random.uniformInt(5)) - 2;
            QCOMPARE(heap.reschedule(handle, time, EventPriority(priority)), live);
            if (live) {
                reference.erase(keyOf[id]);
                const Key key{time, priority, insertion++};
                reference[key] = id;
                keyOf[id] = key;
            }
        } else {
            Event e;
            QVERIFY(heap.pop(e));
            const auto first = reference.begin();
            QCOMPARE(e.payload, first->second);
            QCOMPARE(e.time, std::get<0>(first->first));
            QCOMPARE(int(e.priority), std::get<1>(first->first));
            QCOMPARE(e.kind, 3);
            keyOf.erase(first->second);
            reference.erase(first);
            ++pops;
        }
        QCOMPARE(heap.size(), reference.size());
        QCOMPARE(heap.nextTime(), reference.empty() ? kTimeMax : std::get<0>(reference.begin()->first));
    }
    Event e;
    while (!reference.empty()) {
        QVERIFY(heap.pop(e));
        QCOMPARE(e.payload, reference.begin()->second);
        reference.erase(reference.begin());
    }
    QVERIFY(!heap.pop(e));
    QVERIFY(pops > 5000);
}

void tst_Kernel::maxSpeedRunsInSlices()
{
    Kernel kernel;
    Recorder recorder;
    for (int i = 0; i < 10; ++i)
        kernel.schedule(i * 100, 0, &recorder);
    MaxSpeedScheduler scheduler(4);
    Advance a = scheduler.advance(kernel, 650);
    QCOMPARE(a.events, quint64(4));
    QVERIFY(!a.finished);
    QCOMPARE(a.wallWait, Micros(0));
    a = scheduler.advance(kernel, 650);
    QCOMPARE(a.events, quint64(3));   // 400, 500, 600; 700 is past the limit
    QVERIFY(a.finished);
    QCOMPARE(kernel.now(), Micros(650));
    a = scheduler.advance(kernel);
    QCOMPARE(a.events, quint64(3));
    QVERIFY(a.finished);
    QCOMPARE(a.wallWait, kWaitForInput);
    QCOMPARE(kernel.now(), Micros(900));
}

void tst_Kernel::maxSpeedWallBudget()
{
    Kernel kernel;
    Recorder recorder;
    recorder.react = [&](const Event&) { kernel.scheduleIn(10, 0, &recorder); };
    kernel.schedule(0, 0, &recorder);
    FakeClock clock;
    int reads = 0;
    // Every clock read is one wall millisecond later; a 3 ms budget allows a few chunks.
    MaxSpeedScheduler scheduler(1'000'000, 3000, [&] {
        ++reads;
        return clock.now += 1000;
    });
    const Advance a = scheduler.advance(kernel);
    QVERIFY(!a.finished);
    QCOMPARE(reads, 4);                 // the start, then one read after each of 3 chunks
    QCOMPARE(a.events, quint64(3 * 4096));
}

void tst_Kernel::realTimeFollowsWallClockTimesScale()
{
    Kernel kernel;
    Recorder recorder;
    for (Micros t : {500'000, 1'000'000, 2'000'000, 3'000'000})
        kernel.schedule(t, 0, &recorder);
    FakeClock clock;
    clock.now = 7'000'000;   // the wall clock's origin is arbitrary
    RealTimeScheduler scheduler(2.0, clock.function());
    Advance a = scheduler.advance(kernel);   // anchors: wall 7 s = virtual 0
    QCOMPARE(a.events, quint64(0));
    QCOMPARE(kernel.now(), Micros(0));
    clock.now += 250'000;
    a = scheduler.advance(kernel);
    QCOMPARE(a.events, quint64(1));
    QCOMPARE(kernel.now(), Micros(500'000));
    clock.now += 750'000;   // 1 s of wall time since the anchor = 2 s virtual
    a = scheduler.advance(kernel);
    QCOMPARE(a.events, quint64(2));
    QCOMPARE(kernel.now(), Micros(2'000'000));
    clock.now += 100'000;   // no event due: the clock still follows the wall
    a = scheduler.advance(kernel);
    QCOMPARE(a.events, quint64(0));
    QCOMPARE(kernel.now(), Micros(2'200'000));
    QVERIFY(!a.finished);
    clock.now += 10'000'000;
    a = scheduler.advance(kernel, 5'000'000);   // never past the run's limit
    QCOMPARE(kernel.now(), Micros(5'000'000));
    QVERIFY(a.finished);
    QCOMPARE(recorder.times(), (std::vector<Micros>{500'000, 1'000'000, 2'000'000, 3'000'000}));
}

void tst_Kernel::realTimePauseHoldsAndResumeDoesNotJump()
{
    Kernel kernel;
    Recorder recorder;
    kernel.schedule(3'000'000, 0, &recorder);
    FakeClock clock;
    RealTimeScheduler scheduler(2.0, clock.function());
    scheduler.advance(kernel);
    clock.now = 1'000'000;
    scheduler.advance(kernel);
    QCOMPARE(kernel.now(), Micros(2'000'000));
    scheduler.pause();
    QVERIFY(scheduler.isPaused());
    clock.now = 60'000'000;
    Advance a = scheduler.advance(kernel);
    QCOMPARE(a.events, quint64(0));
    QCOMPARE(a.wallWait, kWaitForInput);
    QCOMPARE(kernel.now(), Micros(2'000'000));   // pause holds
    scheduler.resume();
    a = scheduler.advance(kernel);
    QCOMPARE(kernel.now(), Micros(2'000'000));   // no jump on resume
    clock.now += 400'000;
    scheduler.advance(kernel);
    QCOMPARE(kernel.now(), Micros(2'800'000));   // and continues at scale 2
    QVERIFY(recorder.seen.empty());
    clock.now += 100'000;
    a = scheduler.advance(kernel);
    QCOMPARE(a.events, quint64(1));
    QCOMPARE(kernel.now(), Micros(3'000'000));
}

void tst_Kernel::realTimeScaleChangeDoesNotJump()
{
    Kernel kernel;
    FakeClock clock;
    RealTimeScheduler scheduler(1.0, clock.function());
    scheduler.advance(kernel);
    clock.now = 1'000'000;
    scheduler.advance(kernel);
    QCOMPARE(kernel.now(), Micros(1'000'000));
    QVERIFY(scheduler.setScale(10.0));
    scheduler.advance(kernel);
    QCOMPARE(kernel.now(), Micros(1'000'000));
    clock.now += 100'000;
    scheduler.advance(kernel);
    QCOMPARE(kernel.now(), Micros(2'000'000));
    QVERIFY(!scheduler.setScale(0));
    QVERIFY(!scheduler.setScale(-1));
    QVERIFY(!scheduler.setScale(std::nan("")));
    QCOMPARE(scheduler.scale(), 10.0);
    // Changing speed while paused takes effect from the resume.
    scheduler.pause();
    QVERIFY(scheduler.setScale(0.5));
    clock.now += 5'000'000;
    scheduler.resume();
    clock.now += 1'000'000;
    scheduler.advance(kernel);
    QCOMPARE(kernel.now(), Micros(2'500'000));
}

void tst_Kernel::realTimeWaitHintAndBehind()
{
    Kernel kernel;
    Recorder recorder;
    for (int i = 0; i < 10; ++i)
        kernel.schedule(1'000'000, 0, &recorder);
    FakeClock clock;
    RealTimeScheduler scheduler(2.0, clock.function(), 4);
    Advance a = scheduler.advance(kernel);
    QCOMPARE(a.wallWait, Micros(500'000));   // 1 s virtual at scale 2
    clock.now = 500'000;
    a = scheduler.advance(kernel);
    QCOMPARE(a.events, quint64(4));
    QVERIFY(a.behind);
    QCOMPARE(a.wallWait, Micros(0));
    scheduler.advance(kernel);
    a = scheduler.advance(kernel);
    QCOMPARE(a.events, quint64(2));
    QVERIFY(!a.behind);
    QVERIFY(a.finished);
    QCOMPARE(a.wallWait, kWaitForInput);
}

void tst_Kernel::stepSchedulerRunsOneEvent()
{
    Kernel kernel;
    Recorder recorder;
    kernel.schedule(10, 0, &recorder, 0, 1);
    kernel.schedule(10, 0, &recorder, 0, 2);
    kernel.schedule(5'000'000, 0, &recorder, 0, 3);
    StepScheduler scheduler;
    Advance a = scheduler.advance(kernel);
    QCOMPARE(a.events, quint64(1));
    QCOMPARE(recorder.payloads(), (std::vector<qint64>{1}));
    QVERIFY(!a.finished);
    a = scheduler.advance(kernel);
    QCOMPARE(recorder.payloads(), (std::vector<qint64>{1, 2}));
    a = scheduler.advance(kernel);   // far in the future: one step gets there
    QCOMPARE(a.events, quint64(1));
    QCOMPARE(kernel.now(), Micros(5'000'000));
    QVERIFY(a.finished);
    a = scheduler.advance(kernel);
    QCOMPARE(a.events, quint64(0));
    QVERIFY(a.finished);
}

void tst_Kernel::randomKnownFirstValues_data()
{
    // Worked out with an independent Python implementation of SplitMix64 / FNV-1a /
    // xoshiro256**; a change in seeding or the generator changes these.
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<QString>("id");
    QTest::addColumn<quint64>("first");
    QTest::addColumn<quint64>("second");
    QTest::addColumn<quint64>("third");
    QTest::newRow("42 api") << quint64(42) << QString("api") << 0x64caaee4ea9a04b7ull
                            << 0x5e2124cf826e2f84ull << 0xb63904d58dfe4faaull;
    QTest::newRow("42 router") << quint64(42) << QString("router") << 0x9a5ecdd6f9bb3f54ull
                               << 0xf28319dfbeabb645ull << 0x633436ce0e8fcf94ull;
    QTest::newRow("0 empty id") << quint64(0) << QString() << 0x1e28178eedbf0f30ull
                                << 0x32dadb1a9e4a4d08ull << 0x4ef49088479a6d5cull;
    QTest::newRow("7 non-ASCII id") << quint64(7) << QString::fromUtf8("zé-node")
                                    << 0xa7932526c780d11bull << 0x89745a6728254d38ull
                                    << 0xd068a6c0808602ddull;
}

void tst_Kernel::randomKnownFirstValues()
{
    QFETCH(quint64, seed);
    QFETCH(QString, id);
    QFETCH(quint64, first);
    QFETCH(quint64, second);
    QFETCH(quint64, third);
    RandomStream stream(seed, id);
    QCOMPARE(stream.next(), first);
    QCOMPARE(stream.next(), second);
    QCOMPARE(stream.next(), third);
    const QByteArray utf8 = id.toUtf8();
    RandomStream fromBytes(seed, std::string_view(utf8.constData(), std::size_t(utf8.size())));
    QCOMPARE(fromBytes.next(), first);
}

void tst_Kernel::randomDistributionKnownValues()
{
    // Python with libm's log/exp and statistics.NormalDist gives, for (42, "worker"):
    // 0.94240847988171039, 0.075336224560618198, 1.5652248537245121, 1.1860663443248198.
    // Ours must match those to ~1e-15 and, being portable, its own exact bits forever.
    RandomStream stream(42, "worker");
    const double u = stream.uniform01();
    const double e = stream.exponential(2.0);
    const double n = stream.normal(10.0, 3.0);
    const double l = stream.lognormal(0.8, 3.0);
    QCOMPARE(u, 0.94240847988171039);
    QVERIFY(std::fabs(e - 0.075336224560618198) < 1e-15);
    QVERIFY(std::fabs(n - 1.5652248537245121) < 1e-13);
    QVERIFY(std::fabs(l - 1.1860663443248198) < 1e-14);
    QCOMPARE(bitsOf(e), 0x3fb3493c1cb124c2ull);
    QCOMPARE(bitsOf(n), 0x3ff90b29375a2170ull);
    QCOMPARE(bitsOf(l), 0x3ff2fa20b3fc2e99ull);
}

void tst_Kernel::randomIndependentByNodeId()
{
    RandomStream a(42, "api");
    std::vector<quint64> first;
    for (int i = 0; i < 5; ++i)
        first.push_back(a.next());
    // Another node's stream (or many) existing and drawing does not change "api"'s draws.
    RandomStream b(42, "api-2");
    RandomStream c(42, "queue");
    for (int i = 0; i < 100; ++i) {
        b.next();
        c.next();
    }
    RandomStream again(42, "api");
    for (int i = 0; i < 5; ++i)
        QCOMPARE(again.next(), first[std::size_t(i)]);
    // Different ids and different seeds give different streams.
    QVERIFY(RandomStream(42, "api-2").next() != first[0]);
    QVERIFY(RandomStream(43, "api").next() != first[0]);
    QCOMPARE(RandomStream::hashId("api"), 16667751959619087879ull);
    QCOMPARE(RandomStream::hashId(""), 0xcbf29ce484222325ull);
}

void tst_Kernel::randomUniformIntRange()
{
    RandomStream stream(1, "int");
    const quint64 huge = (quint64(1) << 63) + 1;   // rejects almost half the raw draws
    for (int i = 0; i < 1000; ++i) {
        QVERIFY(stream.uniformInt(huge) < huge);
        QVERIFY(stream.uniformInt(1) == 0);
    }
    QCOMPARE(stream.uniformInt(0), quint64(0));
    std::vector<int> counts(6);
    for (int i = 0; i < 60000; ++i)
        ++counts[std::size_t(stream.uniformInt(6))];
    for (int count : counts)
        QVERIFY2(std::abs(count - 10000) < 400, qPrintable(QString::number(count)));
}

void tst_Kernel::randomDistributionSanity()
{
    constexpr int n = 100'000;
    RandomStream stream(2024, "sanity");

    double sum = 0;
    for (int i = 0; i < n; ++i)
        sum += stream.exponential(5.0);
    QVERIFY2(std::fabs(sum / n - 5.0) < 0.075, qPrintable(QString::number(sum / n)));

    double s1 = 0;
    double s2 = 0;
    for (int i = 0; i < n; ++i) {
        const double x = stream.normal(10.0, 3.0);
        s1 += x;
        s2 += x * x;
    }
    const double mean = s1 / n;
    const double sd = std::sqrt(s2 / n - mean * mean);
    QVERIFY2(std::fabs(mean - 10.0) < 0.05, qPrintable(QString::number(mean)));
    QVERIFY2(std::fabs(sd - 3.0) < 0.05, qPrintable(QString::number(sd)));

    // The worker's latency from the example project: median 800 ms, p99 3 s.
    std::vector<double> samples(n);
    for (double& x : samples)
        x = stream.lognormal(800.0, 3000.0);
    std::sort(samples.begin(), samples.end());
    const double median = samples[n / 2];
    const double p99 = samples[std::size_t(n * 0.99)];
    QVERIFY2(std::fabs(median / 800.0 - 1) < 0.02, qPrintable(QString::number(median)));
    QVERIFY2(std::fabs(p99 / 3000.0 - 1) < 0.03, qPrintable(QString::number(p99)));
    QCOMPARE(stream.lognormal(800.0, 800.0), 800.0);   // degenerate: no spread
    QCOMPARE(stream.lognormal(800.0, 100.0), 800.0);   // p99 below median: no spread

    int hits = 0;
    for (int i = 0; i < n; ++i)
        hits += stream.bernoulli(0.1) ? 1 : 0;
    QVERIFY2(std::abs(hits - 10000) < 400, qPrintable(QString::number(hits)));
    QVERIFY(!stream.bernoulli(0.0));
    QVERIFY(stream.bernoulli(1.0));

    double lowest = 1;
    double highest = 0;
    for (int i = 0; i < n; ++i) {
        const double u = stream.uniform01();
        lowest = std::min(lowest, u);
        highest = std::max(highest, u);
    }
    QVERIFY(lowest >= 0 && lowest < 0.001);
    QVERIFY(highest < 1 && highest > 0.999);
}

void tst_Kernel::portableMathMatchesLibm()
{
    RandomStream stream(5, "math");
    quint64 worstLog = 0;
    quint64 worstExp = 0;
    for (int i = 0; i < 200'000; ++i) {
        // Spread over many binades, the region the distributions use most.
        const double x = stream.uniform01() * portableExp(stream.uniform(-40, 40));
        if (x > 0 && std::fabs(std::log(x)) > 1e-300)
            worstLog = std::max(worstLog, ulpDistance(portableLog(x), std::log(x)));
        const double y = stream.uniform(-700, 700);
        worstExp = std::max(worstExp, ulpDistance(portableExp(y), std::exp(y)));
    }
    QVERIFY2(worstLog <= 2, qPrintable(QString::number(worstLog)));
    QVERIFY2(worstExp <= 2, qPrintable(QString::number(worstExp)));
    QCOMPARE(portableLog(1.0), 0.0);
    QCOMPARE(portableExp(0.0), 1.0);
    QVERIFY(std::isinf(portableLog(0.0)) && portableLog(0.0) < 0);
    QVERIFY(std::isnan(portableLog(-1.0)));
    QCOMPARE(portableExp(-1000.0), 0.0);
    QVERIFY(std::isinf(portableExp(1000.0)));
    QCOMPARE(normalQuantile(0.5), 0.0);
    QVERIFY(std::fabs(normalQuantile(0.99) - kNormalP99) < 1e-15);
    QVERIFY(std::fabs(normalQuantile(0.01) + kNormalP99) < 1e-14);
    QVERIFY(std::fabs(normalQuantile(0.975) - 1.9599639845400536) < 1e-14);
    QVERIFY(std::fabs(normalQuantile(1e-10) + 6.3613409024040557) < 1e-12);
    QVERIFY(std::isnan(normalQuantile(1.5)));
}

QTEST_GUILESS_MAIN(tst_Kernel)
#include "tst_kernel.moc"
