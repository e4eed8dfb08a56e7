// cron through the engine: cron() fires at calendar instants of the run's clock (the issue's
// check: cron(5/15 * * * ? *) fires 4 times in an hour), rate() counts from the start, L / W / #
// pick the right days over months of virtual time, the scheduled event carries the payload
// downstream, a failing fire is retried like an async invoke, and bad or finished schedules
// never fire.
#include "../enginekit/EngineKit.h"
#include "engine/nodes/Queue.h"

#include <QDateTime>

using namespace ml;
using namespace kit;

namespace {

// tick (cron, with this config) → out (queue), plus `more` nodes, on a calendar from `startTime`.
std::unique_ptr<Engine> cronToQueue(const std::string& cronConfig, const std::string& more = {},
                                    const std::string& startTime = "2026-01-01T00:00:00Z")
{
    return engineFromText(R"({"format": "microlab/1", "name": "cron test", "seed": 5, "startTime": ")" + startTime +
                          R"(", "nodes": [{"id": "tick", "kind": "cron", "config": )" + cronConfig +
                          R"(}, {"id": "out", "kind": "queue"})" + more +
                          R"(], "edges": [{"from": "tick", "to": "out"}]})");
}

// The calendar time (UTC) of each fire the recorder saw.
QStringList fireTimes(const Engine& engine, const Recorder& rec)
{
    QStringList times;
    for (Micros t : rec.times(EventType::Fired))
        times << QDateTime::fromMSecsSinceEpoch((engine.startTime() + t) / kMicrosPerMilli, Qt::UTC)
                     .toString(Qt::ISODate);
    return times;
}

}  // namespace

class TestCron : public QObject {
    Q_OBJECT

private slots:
    void firesAtCalendarInstants_data();
    void firesAtCalendarInstants();
    void rateCountsFromTheStart();
    void payloadGoesDownstream();
    void failedFireIsRetriedAsAnAsyncEvent();
    void stopsWhenTheScheduleEnds();
    void badScheduleNeverFires();
};

void TestCron::firesAtCalendarInstants_data()
{
    QTest::addColumn<QString>("schedule");
    QTest::addColumn<QString>("start");
    QTest::addColumn<qint64>("runFor");
    QTest::addColumn<QStringList>("expected");

    const qint64 hour = kMicrosPerHour;
    const qint64 fourMonths = 120 * kMicrosPerDay;  // 2026-01-01 … 2026-05-01
    // The issue's check: minute 5, then every 15 → 00:05, 00:20, 00:35, 00:50.
    QTest::newRow("5/15 minutes, one hour")
        << "cron(5/15 * * * ? *)"
        << "2026-01-01T00:00:00Z" << hour
        << QStringList{"2026-01-01T00:05:00Z", "2026-01-01T00:20:00Z", "2026-01-01T00:35:00Z", "2026-01-01T00:50:00Z"};
    // The start is calendar time: from 00:30 only 00:35 and 00:50 fall inside the first 30 min.
    QTest::newRow("5/15 minutes from 00:30")
        << "cron(5/15 * * * ? *)"
        << "2026-01-01T00:30:00Z" << hour / 2 << QStringList{"2026-01-01T00:35:00Z", "2026-01-01T00:50:00Z"};
    // Last day of the month: Jan 31, Feb 28 (2026 is not a leap year), Mar 31, Apr 30.
    QTest::newRow("L, last day of month")
        << "cron(0 12 L * ? *)"
        << "2026-01-01T00:00:00Z" << fourMonths
        << QStringList{"2026-01-31T12:00:00Z", "2026-02-28T12:00:00Z", "2026-03-31T12:00:00Z", "2026-04-30T12:00:00Z"};
    // Weekday nearest the 15th: Jan 15 is a Thursday; Feb 15 and Mar 15 are Sundays → Monday
    // the 16th; Apr 15 is a Wednesday.
    QTest::newRow("15W, nearest weekday")
        << "cron(0 9 15W * ? *)"
        << "2026-01-01T00:00:00Z" << fourMonths
        << QStringList{"2026-01-15T09:00:00Z", "2026-02-16T09:00:00Z", "2026-03-16T09:00:00Z", "2026-04-15T09:00:00Z"};
    // First Monday (2#1; 1 = SUN): Jan 5, Feb 2, Mar 2, Apr 6.
    QTest::newRow("2#1, first Monday") << "cron(0 8 ? * 2#1 *)"
                                       << "2026-01-01T00:00:00Z" << fourMonths
                                       << QStringList{"2026-01-05T08:00:00Z", "2026-02-02T08:00:00Z",
                                                      "2026-03-02T08:00:00Z", "2026-04-06T08:00:00Z"};
    // Last Friday (FRIL): Jan 30, Feb 27, Mar 27, Apr 24.
    QTest::newRow("FRIL, last Friday") << "cron(30 18 ? * FRIL *)"
                                       << "2026-01-01T00:00:00Z" << fourMonths
                                       << QStringList{"2026-01-30T18:30:00Z", "2026-02-27T18:30:00Z",
                                                      "2026-03-27T18:30:00Z", "2026-04-24T18:30:00Z"};
}

void TestCron::firesAtCalendarInstants()
{
    QFETCH(QString, schedule);
    QFETCH(QString, start);
    QFETCH(qint64, runFor);
    QFETCH(QStringList, expected);
    auto engine = cronToQueue(R"({"schedule": ")" + schedule.toStdString() + R"(", "payload": {"job": "x"}})", {},
                              start.toStdString());
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    engine->run(runFor);
    QCOMPARE(fireTimes(*engine, rec), expected);
    const Json r = engine->report();
    QCOMPARE(num(r, "tick", "fired"), quint64(expected.size()));
    // Every fire is an invocation whose event goes on to the queue.
    QCOMPARE(num(r, "tick", "invoked"), quint64(expected.size()));
    // (counted as received: over months SQS's 4-day retention expires most of them again)
    QCOMPARE(num(r, "out", "received"), quint64(expected.size()));
    QCOMPARE(r["conservation"]["entered"].get<int>(), int(expected.size()));
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestCron::rateCountsFromTheStart()
{
    // rate(5 minutes) from the run's start: 00:05, 00:10, …, 01:00 → 12 fires in the hour.
    auto engine = cronToQueue(R"J({"schedule": "rate(5 minutes)"})J", {}, "2026-03-10T07:42:00Z");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    engine->run(kMicrosPerHour);
    const QStringList fires = fireTimes(*engine, rec);
    QCOMPARE(fires.size(), 12);
    QCOMPARE(fires.first(), QStringLiteral("2026-03-10T07:47:00Z"));
    QCOMPARE(fires.last(), QStringLiteral("2026-03-10T08:42:00Z"));
    QCOMPARE(num(engine->report(), "tick", "fired"), quint64(12));
    QVERIFY(engine->conservation().holds);
}

void TestCron::payloadGoesDownstream()
{
    auto engine =
        cronToQueue(R"J({"schedule": "cron(0 2 * * ? *)", "payload": {"report": "daily-sales", "time": "overwritten"},
                                 "latency": {"dist": "fixed", "value": "0ms"}})J",
                    {}, "2026-01-01T01:55:00Z");
    QVERIFY(engine);
    engine->run(10 * kMicrosPerMinute);
    const Json r = engine->report();
    // One fire at 02:00, five minutes in; the worker's result (its input stamped) is queued.
    QCOMPARE(r["nodes"]["out"]["queue"]["visible"].get<int>(), 1);
    const Json body = r["nodes"]["out"]["queue"]["messages"][0]["body"];
    QCOMPARE(body["report"].get<std::string>(), std::string("daily-sales"));
    QCOMPARE(body["time"].get<std::string>(), std::string("2026-01-01T02:00:00Z"));
    QCOMPARE(body["source"].get<std::string>(), std::string("aws.events"));
    QCOMPARE(body["detail-type"].get<std::string>(), std::string("Scheduled Event"));
    QCOMPARE(body["processedBy"].get<std::string>(), std::string("tick"));
    QCOMPARE(r["nodes"]["out"]["queue"]["messages"][0]["sentAt"].get<std::string>(), std::string("5m"));
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestCron::failedFireIsRetriedAsAnAsyncEvent()
{
    // An async (Event) invocation: a failed fire is retried after 1 min and 2 more minutes, then
    // dropped as exhausted. One fire at 00:05 → attempts at 00:05, 00:06, 00:08.
    auto engine = cronToQueue(
        R"J({"schedule": "cron(5 0 * * ? *)", "errorRate": 1, "latency": {"dist": "fixed", "value": "10ms"}})J");
    QVERIFY(engine);
    engine->run(kMicrosPerHour);
    const Json r = engine->report();
    QCOMPARE(num(r, "tick", "fired"), quint64(1));
    QCOMPARE(num(r, "tick", "invoked"), quint64(3));
    QCOMPARE(num(r, "tick", "retried"), quint64(2));
    QCOMPARE(r["conservation"]["dropped"]["async-retries-exhausted"].get<int>(), 1);
    QCOMPARE(r["nodes"]["out"]["queue"]["visible"].get<int>(), 0);
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestCron::stopsWhenTheScheduleEnds()
{
    // Only in 2026, on Dec 31 at 23:59: starting on 2026-12-31 it fires once, then never
    // again; the kernel runs dry instead of waiting for a fire that never comes.
    auto engine =
        cronToQueue(R"J({"schedule": "cron(59 23 31 12 ? 2026)", "latency": {"dist": "fixed", "value": "10ms"}})J", {},
                    "2026-12-31T23:00:00Z");
    QVERIFY(engine);
    const RunResult result = engine->run(400 * kMicrosPerDay);
    QCOMPARE(result.stop, RunStop::Empty);
    const Json r = engine->report();
    QCOMPARE(num(r, "tick", "fired"), quint64(1));
    QVERIFY(!r["nodes"]["tick"].contains("nextFire"));
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestCron::badScheduleNeverFires()
{
    auto engine = cronToQueue(R"J({"schedule": "cron(0 12 * * * *)"})J");  // ? in neither day field
    QVERIFY(engine);
    engine->run(kMicrosPerDay);
    const Json r = engine->report();
    QCOMPARE(num(r, "tick", "fired"), quint64(0));
    QVERIFY(r["nodes"]["tick"].contains("scheduleError"));
    QCOMPARE(r["conservation"]["entered"].get<int>(), 0);
}

QTEST_GUILESS_MAIN(TestCron)
#include "tst_cron.moc"
