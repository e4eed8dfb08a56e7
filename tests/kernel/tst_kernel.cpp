// The discrete-event kernel: event order, cancellation, rescheduling, run limits, and a
// property test of the event set against a sorted reference.
#include "KernelTests.h"
#include "engine/Random.h"

#include <QtTest>

#include <algorithm>
#include <map>
#include <memory>
#include <tuple>

using namespace ml;
using namespace ml::test;

void tst_Kernel::ordering_data()
{
    QTest::addColumn<QList<int>>("times");
    QTest::addColumn<QList<int>>("priorities");
    QTest::addColumn<QList<int>>("expected");  // payload = index of the schedule call

    QTest::newRow("time first") << QList<int>{30, 10, 20} << QList<int>{0, 0, 0} << QList<int>{1, 2, 0};
    QTest::newRow("priority breaks a time tie")
        << QList<int>{10, 10, 10} << QList<int>{5, -3, 0} << QList<int>{1, 2, 0};
    QTest::newRow("insertion breaks a full tie")
        << QList<int>{10, 10, 10, 10} << QList<int>{0, 0, 0, 0} << QList<int>{0, 1, 2, 3};
    QTest::newRow("time beats priority") << QList<int>{20, 10} << QList<int>{-100, 100} << QList<int>{1, 0};
    QTest::newRow("extreme priorities") << QList<int>{5, 5, 5} << QList<int>{127, -128, 0} << QList<int>{1, 2, 0};
    QTest::newRow("mixed") << QList<int>{20, 10, 20, 10, 20, 0} << QList<int>{1, 1, 0, 1, 1, 9}
                           << QList<int>{5, 1, 3, 2, 0, 4};
}

void tst_Kernel::ordering()
{
    QFETCH(QList<int>, times);
    QFETCH(QList<int>, priorities);
    QFETCH(QList<int>, expected);
    Kernel kernel;
    Recorder recorder;
    for (int i = 0; i < times.size(); ++i) kernel.schedule(times[i], EventPriority(priorities[i]), &recorder, 0, i);
    const RunResult run = kernel.runUntil(kTimeMax);
    QCOMPARE(run.events, quint64(times.size()));
    QCOMPARE(run.stop, RunStop::Empty);
    QCOMPARE(recorder.payloads(), toVector(expected));
    for (const Event& e : recorder.seen) QCOMPARE(e.priority, EventPriority(priorities[int(e.payload)]));
}

void tst_Kernel::sameInstantFromHandlerRunsAfter()
{
    Kernel kernel;
    Recorder recorder;
    recorder.react = [&](const Event& e) {
        if (e.payload == 0) kernel.schedule(kernel.now(), 0, &recorder, 0, 9);
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
    QVERIFY(!kernel.cancel(b));              // already cancelled: harmless
    QVERIFY(!kernel.cancel(EventHandle{}));  // null handle: harmless
    QCOMPARE(kernel.pendingCount(), std::size_t(2));
    QVERIFY(kernel.step());
    QVERIFY(!kernel.cancel(a));  // already fired: harmless
    QCOMPARE(recorder.seen.front().handle, a);
    kernel.runUntil(kTimeMax);
    QCOMPARE(recorder.payloads(), (std::vector<qint64>{1, 3}));
    QVERIFY(!kernel.cancel(c));
    QVERIFY(kernel.empty());
    QVERIFY(!kernel.cancel(EventHandle{999, 7}));  // never issued
}

void tst_Kernel::staleHandleDoesNotTouchReusedSlot()
{
    Kernel kernel;
    Recorder recorder;
    const EventHandle old = kernel.schedule(10, 0, &recorder, 0, 1);
    kernel.runUntil(kTimeMax);
    const EventHandle fresh = kernel.schedule(20, 0, &recorder, 0, 2);
    QCOMPARE(fresh.slot, old.slot);  // the slot is reused …
    QVERIFY(fresh != old);           // … under a new generation
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
    QVERIFY(kernel.reschedule(a, 20, 0));  // same instant as 2: orders after it
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
    for (int t : {10, 20, 30, 40}) kernel.schedule(t, 0, &recorder, 0, t);
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
    for (int t : {10, 20, 30, 40}) kernel.schedule(t, 0, &recorder);
    RunResult run = kernel.runUntil(kTimeMax, 3);
    QCOMPARE(run.events, quint64(3));
    QCOMPARE(run.stop, RunStop::MaxEvents);
    QCOMPARE(kernel.now(), Micros(30));  // not moved to any limit
    run = kernel.runUntil(kTimeMax, 0);
    QCOMPARE(run.events, quint64(0));
    QCOMPARE(run.stop, RunStop::MaxEvents);
    run = kernel.runUntil(kTimeMax, 1);  // budget and events end together: Empty says more
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
        if (e.payload < 200) kernel.schedule(e.time - 50 + (e.payload % 7) * 20, 0, &recorder, 0, e.payload + 1);
    };
    kernel.schedule(1000, 0, &recorder, 0, 0);
    kernel.runUntil(kTimeMax);
    QCOMPARE(recorder.seen.size(), std::size_t(201));
    const std::vector<Micros> times = recorder.times();
    QVERIFY(std::is_sorted(times.begin(), times.end()));
    QCOMPARE(times[1], Micros(1000));  // 1000 - 50 clamped to now
    recorder.react = nullptr;
    QCOMPARE(kernel.scheduleIn(-5, 0, &recorder).isNull(), false);
    QCOMPARE(kernel.nextTime(), kernel.now());
    kernel.scheduleIn(kTimeMax, 0, &recorder);  // saturates instead of overflowing
    kernel.runUntil(kTimeMax, 1);
    QCOMPARE(kernel.nextTime(), kTimeMax);
    QCOMPARE(kernel.pendingCount(), std::size_t(1));
}

void tst_Kernel::requestStop()
{
    Kernel kernel;
    Recorder recorder;
    recorder.react = [&](const Event& e) {
        if (e.payload == 2) kernel.requestStop();
    };
    for (int i = 1; i <= 4; ++i) kernel.schedule(i * 10, 0, &recorder, 0, i);
    const RunResult run = kernel.runUntil(kTimeMax);
    QCOMPARE(run.events, quint64(2));
    QCOMPARE(run.stop, RunStop::Stopped);
    QCOMPARE(kernel.now(), Micros(20));
    QCOMPARE(kernel.runUntil(kTimeMax).events, quint64(2));  // the next run is not stopped
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
    QCOMPARE(kernel.advanceTo(500), Micros(500));  // nothing pending: free to move
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

namespace {

// Another future-event set behind the interface: the kernel must not assume its own.
class CountingEventSet final : public FutureEventSet {
public:
    int pops = 0;
    EventHandle insert(const Event& event) override { return m_inner.insert(event); }
    bool cancel(EventHandle handle) override { return m_inner.cancel(handle); }
    bool reschedule(EventHandle handle, Micros time, EventPriority priority) override
    {
        return m_inner.reschedule(handle, time, priority);
    }
    bool contains(EventHandle handle) const override { return m_inner.contains(handle); }
    bool pop(Event& out, Micros notAfter) override
    {
        const bool popped = m_inner.pop(out, notAfter);
        pops += popped ? 1 : 0;
        return popped;
    }
    Micros nextTime() const override { return m_inner.nextTime(); }
    std::size_t size() const override { return m_inner.size(); }
    void clear() override { m_inner.clear(); }

private:
    EventHeap m_inner;
};

}  // namespace

void tst_Kernel::kernelTakesAnyFutureEventSet()
{
    auto owned = std::make_unique<CountingEventSet>();
    CountingEventSet* events = owned.get();
    Kernel kernel(std::move(owned));
    Recorder recorder;
    kernel.schedule(30, 0, &recorder, 0, 3);
    kernel.schedule(10, 1, &recorder, 0, 2);
    kernel.schedule(10, 0, &recorder, 0, 1);
    const EventHandle cancelled = kernel.schedule(20, 0, &recorder, 0, 9);
    QVERIFY(kernel.cancel(cancelled));
    const RunResult run = kernel.runUntil(25);
    QCOMPARE(run.stop, RunStop::Limit);
    QCOMPARE(kernel.now(), Micros(25));
    QVERIFY(kernel.step());
    QCOMPARE(recorder.payloads(), (std::vector<qint64>{1, 2, 3}));
    QCOMPARE(events->pops, 3);
}

void tst_Kernel::compactionBoundsMemory()
{
    EventHeap heap;
    Recorder recorder;
    std::vector<EventHandle> handles;
    for (int i = 0; i < 1000; ++i) handles.push_back(heap.insert(Event{1000 - i, &recorder, i, 0, 0, {}}));
    for (int i = 0; i < 1000; ++i) {
        if (i % 10 != 0) QVERIFY(heap.cancel(handles[i]));
    }
    QCOMPARE(heap.size(), std::size_t(100));
    QVERIFY2(heap.heapEntries() <= 2 * 100 + 64, qPrintable(QString::number(heap.heapEntries())));
    // Rescheduling leaves dead entries too; they are reclaimed the same way.
    for (int round = 0; round < 50; ++round) {
        for (int i = 0; i < 1000; i += 10) QVERIFY(heap.reschedule(handles[i], 5000 + round * 1000 + i, 0));
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
    std::map<Key, qint64> reference;                     // key → event id
    std::map<qint64, Key> keyOf;                         // live event id → key
    std::vector<std::pair<qint64, EventHandle>> issued;  // every handle ever issued
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

QTEST_GUILESS_MAIN(tst_Kernel)
