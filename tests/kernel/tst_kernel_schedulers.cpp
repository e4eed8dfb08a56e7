// Scheduler policies driven by a fake wall clock: max speed in slices, real time with
// scale, pause and resume, and one step at a time.
#include "KernelTests.h"

#include <QtTest>

#include <cmath>

using namespace ml;
using namespace ml::test;
void tst_Kernel::maxSpeedRunsInSlices()
{
    Kernel kernel;
    Recorder recorder;
    for (int i = 0; i < 10; ++i) kernel.schedule(i * 100, 0, &recorder);
    MaxSpeedScheduler scheduler(4);
    Advance a = scheduler.advance(kernel, 650);
    QCOMPARE(a.events, quint64(4));
    QVERIFY(!a.finished);
    QCOMPARE(a.wallWait, Micros(0));
    a = scheduler.advance(kernel, 650);
    QCOMPARE(a.events, quint64(3));  // 400, 500, 600; 700 is past the limit
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
    QCOMPARE(reads, 4);  // the start, then one read after each of 3 chunks
    QCOMPARE(a.events, quint64(3 * 4096));
}

void tst_Kernel::realTimeFollowsWallClockTimesScale()
{
    Kernel kernel;
    Recorder recorder;
    for (Micros t : {500'000, 1'000'000, 2'000'000, 3'000'000}) kernel.schedule(t, 0, &recorder);
    FakeClock clock;
    clock.now = 7'000'000;  // the wall clock's origin is arbitrary
    RealTimeScheduler scheduler(2.0, clock.function());
    Advance a = scheduler.advance(kernel);  // anchors: wall 7 s = virtual 0
    QCOMPARE(a.events, quint64(0));
    QCOMPARE(kernel.now(), Micros(0));
    clock.now += 250'000;
    a = scheduler.advance(kernel);
    QCOMPARE(a.events, quint64(1));
    QCOMPARE(kernel.now(), Micros(500'000));
    clock.now += 750'000;  // 1 s of wall time since the anchor = 2 s virtual
    a = scheduler.advance(kernel);
    QCOMPARE(a.events, quint64(2));
    QCOMPARE(kernel.now(), Micros(2'000'000));
    clock.now += 100'000;  // no event due: the clock still follows the wall
    a = scheduler.advance(kernel);
    QCOMPARE(a.events, quint64(0));
    QCOMPARE(kernel.now(), Micros(2'200'000));
    QVERIFY(!a.finished);
    clock.now += 10'000'000;
    a = scheduler.advance(kernel, 5'000'000);  // never past the run's limit
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
    QCOMPARE(kernel.now(), Micros(2'000'000));  // pause holds
    scheduler.resume();
    a = scheduler.advance(kernel);
    QCOMPARE(kernel.now(), Micros(2'000'000));  // no jump on resume
    clock.now += 400'000;
    scheduler.advance(kernel);
    QCOMPARE(kernel.now(), Micros(2'800'000));  // and continues at scale 2
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
    for (int i = 0; i < 10; ++i) kernel.schedule(1'000'000, 0, &recorder);
    FakeClock clock;
    RealTimeScheduler scheduler(2.0, clock.function(), 4);
    Advance a = scheduler.advance(kernel);
    QCOMPARE(a.wallWait, Micros(500'000));  // 1 s virtual at scale 2
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
    a = scheduler.advance(kernel);  // far in the future: one step gets there
    QCOMPARE(a.events, quint64(1));
    QCOMPARE(kernel.now(), Micros(5'000'000));
    QVERIFY(a.finished);
    a = scheduler.advance(kernel);
    QCOMPARE(a.events, quint64(0));
    QVERIFY(a.finished);
}
