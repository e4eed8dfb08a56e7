// Functions through the engine: async retries after 1 min then 2 min, on-failure and on-success
// destinations with their invocation records, exhausted events dropped and counted, reserved
// concurrency (429 for sync, backoff for async until maxEventAge). Runtime rules are in
// FunctionRuntime.cpp. Conservation holds after every run.
#include "../enginekit/EngineKit.h"
#include "FunctionTests.h"
#include "engine/nodes/Queue.h"

#include <map>

using namespace ml;
using namespace kit;

namespace {

// The body of the only message in queue `node`.
Json onlyBody(Engine& engine, const char* node)
{
    auto* q = behaviourOf<Queue>(engine, node);
    if (!q || q->visibleCount() != 1) return Json();
    return engine.body(engine.message(q->visibleMessages(1)[0]));
}

}  // namespace

void TestFunction::asyncRetriesThenOnFailureDestination_data()
{
    QTest::addColumn<int>("retries");
    QTest::addColumn<QList<qint64>>("starts");
    // Every attempt fails after 100 ms. Retry 1 waits 1 min after the failure, retry 2 waits
    // 2 min: attempts at 0, 60.1 s, 180.2 s.
    QTest::newRow("0 retries") << 0 << QList<qint64>{0};
    QTest::newRow("1 retry") << 1 << QList<qint64>{0, sec(60) + ms(100)};
    QTest::newRow("2 retries") << 2 << QList<qint64>{0, sec(60) + ms(100), sec(180) + ms(200)};
}

void TestFunction::asyncRetriesThenOnFailureDestination()
{
    QFETCH(int, retries);
    QFETCH(QList<qint64>, starts);
    auto engine = engineFor(R"({"id": "fn", "kind": "worker", "config": {"errorRate": 1, "maxRetryAttempts": )" +
                                std::to_string(retries) + R"(, "latency": {"dist": "fixed", "value": "100ms"}}},
                               {"id": "failed", "kind": "queue"}, {"id": "done", "kind": "queue"})",
                            R"({"from": "fn", "to": "failed", "config": {"when": "failure"}},
                               {"from": "fn", "to": "done", "config": {"when": "success"}})");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "fn", Json{{"order", 1}});
    engine->run(minutes(10));
    Json r = engine->report();

    QCOMPARE(rec.times(EventType::InvokeStart, "fn"), std::vector<Micros>(starts.begin(), starts.end()));
    QCOMPARE(num(r, "fn", "invoked"), quint64(retries + 1));
    QCOMPARE(num(r, "fn", "retried"), quint64(retries));
    std::vector<qint64> attempts;
    for (int i = 1; i <= retries; ++i) attempts.push_back(i);
    QCOMPARE(rec.values(EventType::Retry, "fn"), attempts);

    // The invocation record goes to the on-failure destination after the last attempt.
    Json record = onlyBody(*engine, "failed");
    QCOMPARE(as<std::string>(record["requestContext"]["condition"]), std::string("RetriesExhausted"));
    QCOMPARE(as<int>(record["requestContext"]["approximateInvokeCount"]), retries + 1);
    QCOMPARE(record["requestPayload"], (Json{{"order", 1}}));
    QCOMPARE(as<std::string>(record["responseContext"]["functionError"]), std::string("Unhandled error"));
    QCOMPARE(behaviourOf<Queue>(*engine, "done")->visibleCount(), std::size_t(0));
    QCOMPARE(cons(r, "entered"), quint64(1));
    QCOMPARE(cons(r, "forwarded"), quint64(1));
    QCOMPARE(cons(r, "queued"), quint64(1));
    KIT_VERIFY_HOLDS(*engine);
}

void TestFunction::retriesStopAtMaxEventAge_data()
{
    QTest::addColumn<QString>("maxEventAge");
    QTest::addColumn<int>("invoked");
    QTest::addColumn<QString>("condition");
    // Failing 100 ms attempts at 0, 60.1 s, 180.2 s (2 retries). A retry that would start
    // after maxEventAge is not made: the event ends EventAgeExceeded when the attempt before fails.
    QTest::newRow("60s: no retry (60.1 s > 60 s)") << "60s" << 1 << "EventAgeExceeded";
    QTest::newRow("2m: one retry (180.2 s > 120 s)") << "2m" << 2 << "EventAgeExceeded";
    QTest::newRow("6h: both retries") << "6h" << 3 << "RetriesExhausted";
}

void TestFunction::retriesStopAtMaxEventAge()
{
    QFETCH(QString, maxEventAge);
    QFETCH(int, invoked);
    QFETCH(QString, condition);
    auto engine = engineFor(R"({"id": "fn", "kind": "worker", "config": {"errorRate": 1, "maxEventAge": ")" +
                                maxEventAge.toStdString() + R"(", "latency": {"dist": "fixed", "value": "100ms"}}},
                               {"id": "failed", "kind": "queue"})",
                            R"({"from": "fn", "to": "failed", "config": {"when": "failure"}})");
    QVERIFY(engine);
    put(*engine, "fn", Json{{"order", 1}});
    engine->run(minutes(10));
    Json r = engine->report();
    QCOMPARE(num(r, "fn", "invoked"), quint64(invoked));
    QCOMPARE(num(r, "fn", "retried"), quint64(invoked - 1));
    QCOMPARE(QString::fromStdString(as<std::string>(onlyBody(*engine, "failed")["requestContext"]["condition"])),
             condition);
    KIT_VERIFY_HOLDS(*engine);
}

void TestFunction::exhaustedWithoutDestinationIsDropped()
{
    // 3 failed attempts, no on-failure edge: the event is dropped and counted.
    auto engine = engineFor(R"({"id": "fn", "kind": "worker", "config": {"errorRate": 1}})", "");
    QVERIFY(engine);
    put(*engine, "fn", Json{{"order", 1}});
    put(*engine, "fn", Json{{"order", 2}});
    engine->run(minutes(10));
    Json r = engine->report();
    QCOMPARE(num(r, "fn", "invoked"), quint64(6));
    QCOMPARE(dropped(r, "async-retries-exhausted"), quint64(2));
    QCOMPARE(cons(r, "inFlight"), quint64(0));
    KIT_VERIFY_HOLDS(*engine);
}

void TestFunction::onSuccessDestination()
{
    // A successful async invocation: its result (the input with processedBy) goes to the
    // "always" edge, and the invocation record with condition Success to the on-success edge.
    auto engine =
        engineFor(R"({"id": "fn", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "50ms"}}},
                               {"id": "next", "kind": "queue"}, {"id": "done", "kind": "queue"},
                               {"id": "failed", "kind": "queue"})",
                  R"({"from": "fn", "to": "next"}, {"from": "fn", "to": "done", "config": {"when": "success"}},
                               {"from": "fn", "to": "failed", "config": {"when": "failure"}})");
    QVERIFY(engine);
    put(*engine, "fn", Json{{"order", 1}});
    engine->run(sec(10));
    const Json processed{{"order", 1}, {"processedBy", "fn"}};
    QCOMPARE(onlyBody(*engine, "next"), processed);
    Json record = onlyBody(*engine, "done");
    QCOMPARE(as<std::string>(record["requestContext"]["condition"]), std::string("Success"));
    QCOMPARE(as<int>(record["requestContext"]["approximateInvokeCount"]), 1);
    QCOMPARE(record["requestPayload"], (Json{{"order", 1}}));
    QCOMPARE(record["responsePayload"], processed);
    QCOMPARE(behaviourOf<Queue>(*engine, "failed")->visibleCount(), std::size_t(0));
    KIT_VERIFY_HOLDS(*engine);
}

void TestFunction::syncOverReservedConcurrencyGets429()
{
    // Reserved concurrency 1, 1 s of work, 3 requests at once: the first runs, the other two
    // are refused at once with 429 (TooManyRequestsException); no retries for sync invokes.
    auto engine = engineFor(
        R"({"id": "api", "kind": "api-gateway", "config": {"routes": [{"method": "GET", "path": "/x", "action": "x"}]}},
                               {"id": "fn", "kind": "worker", "config": {"concurrency": 1, "latency": {"dist": "fixed", "value": "1s"}}})",
        R"({"from": "api", "to": "fn"})");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    for (int i = 0; i < 3; ++i) put(*engine, "api", Json{{"method", "GET"}, {"path", "/x"}});
    engine->run(sec(10));
    Json r = engine->report();
    QCOMPARE(num(r, "fn", "invoked"), quint64(1));
    QCOMPARE(num(r, "fn", "throttled"), quint64(2));
    QCOMPARE(num(r, "fn", "retried"), quint64(0));
    QCOMPARE(response(r, "api", 429), quint64(2));
    QCOMPARE(response(r, "api", 200), quint64(1));
    QCOMPARE(rec.times(EventType::Throttled, "fn"), (std::vector<Micros>{0, 0}));
    KIT_VERIFY_HOLDS(*engine);

    // Between functions the refusal is Lambda's TooManyRequestsException, and the caller fails.
    engine = engineFor(R"({"id": "front", "kind": "worker", "config": {"maxRetryAttempts": 0}},
                          {"id": "back", "kind": "worker", "config": {"concurrency": 0}})",
                       R"({"from": "front", "to": "back", "config": {"invocation": "sync"}})");
    QVERIFY(engine);
    Recorder rec2;
    engine->addObserver(&rec2);
    put(*engine, "front", Json{{"n", 1}});
    engine->run(sec(10));
    const auto ends = rec2.of(EventType::InvokeEnd, "front");
    QCOMPARE(ends.size(), std::size_t(1));
    QCOMPARE(ends[0].detail, std::string("TooManyRequestsException"));
    QCOMPARE(num(engine->report(), "back", "invoked"), quint64(0));
    QCOMPARE(num(engine->report(), "back", "throttled"), quint64(1));
    KIT_VERIFY_HOLDS(*engine);
}

void TestFunction::asyncThrottledBacksOffUntilMaxEventAge_data()
{
    QTest::addColumn<QString>("maxEventAge");
    QTest::addColumn<bool>("destination");
    QTest::addColumn<int>("throttles");
    QTest::addColumn<qint64>("last");
    // Reserved concurrency 1, held by a first event for 850 s: the second event is throttled
    // at every attempt. Waits double from 1 s: attempts at 0, 1, 3, 7, 15, 31 s; the next (at
    // 63 s) would be past a 60 s age, so it ends at 31 s.
    QTest::newRow("60s") << QStringLiteral("60s") << true << 6 << sec(31);
    // 15 min: 0, 1, 3, …, 255, 511 s (10 attempts), then the wait stays at 5 min: 811 s;
    // 811 + 300 > 900 ends it at 811 s (the first event still runs until 850 s).
    QTest::newRow("15m") << QStringLiteral("15m") << false << 11 << sec(811);
}

void TestFunction::asyncThrottledBacksOffUntilMaxEventAge()
{
    QFETCH(QString, maxEventAge);
    QFETCH(bool, destination);
    QFETCH(int, throttles);
    QFETCH(qint64, last);
    auto engine = engineFor(R"({"id": "fn", "kind": "worker", "config": {"concurrency": 1, "timeout": "900s",
                                "latency": {"dist": "fixed", "value": "850s"}, "maxEventAge": ")" +
                                maxEventAge.toStdString() + R"("}}, {"id": "failed", "kind": "queue"})",
                            destination ? R"({"from": "fn", "to": "failed", "config": {"when": "failure"}})" : "");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "fn", Json{{"order", 0}});  // holds the only instance until 850 s
    put(*engine, "fn", Json{{"order", 1}});
    engine->run(sec(7200));
    const std::vector<Micros> times = rec.times(EventType::Throttled, "fn");
    QCOMPARE(int(times.size()), throttles);
    QCOMPARE(times.back(), last);
    Micros wait = sec(1);
    for (std::size_t i = 1; i < times.size(); ++i) {
        QCOMPARE(times[i] - times[i - 1], wait);
        wait = std::min(wait * 2, minutes(5));
    }
    Json r = engine->report();
    QCOMPARE(num(r, "fn", "invoked"), quint64(1));
    if (destination) {
        QCOMPARE(as<std::string>(onlyBody(*engine, "failed")["requestContext"]["condition"]),
                 std::string("EventAgeExceeded"));
    } else {
        QCOMPARE(dropped(r, "async-event-age-exceeded"), quint64(1));
    }
    KIT_VERIFY_HOLDS(*engine);
}

void TestFunction::asyncThrottledRunsWhenFree()
{
    // Concurrency 1, 10 s of work, two events at 0: the second is throttled at 0, 1, 3 and 7 s
    // and runs at 15 s, when its next backoff ends and the instance is free.
    auto engine = engineFor(R"({"id": "fn", "kind": "worker", "config": {"concurrency": 1, "timeout": "20s",
                                "latency": {"dist": "fixed", "value": "10s"}}})",
                            "");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "fn", Json{{"n", 1}});
    put(*engine, "fn", Json{{"n", 2}});
    engine->run(minutes(2));
    QCOMPARE(rec.times(EventType::Throttled, "fn"), (std::vector<Micros>{0, sec(1), sec(3), sec(7)}));
    QCOMPARE(rec.times(EventType::InvokeStart, "fn"), (std::vector<Micros>{0, sec(15)}));
    QCOMPARE(num(engine->report(), "fn", "succeeded"), quint64(2));
    QCOMPARE(cons(engine->report(), "delivered"), quint64(2));
    KIT_VERIFY_HOLDS(*engine);
}

void TestFunction::reservedConcurrencyZero_data()
{
    QTest::addColumn<bool>("byFault");
    QTest::addColumn<bool>("destination");
    // Reserved concurrency 0 (in the config, or the Throttle fault's limit 0): an async event
    // can never run, so Lambda neither retries nor backs off — it goes at once (0 s) to the
    // on-failure destination, or is dropped and counted.
    QTest::newRow("config, destination") << false << true;
    QTest::newRow("config, no destination") << false << false;
    QTest::newRow("throttle fault, destination") << true << true;
}

void TestFunction::reservedConcurrencyZero()
{
    QFETCH(bool, byFault);
    QFETCH(bool, destination);
    auto engine = engineFor(std::string(R"({"id": "fn", "kind": "worker", "config": {)") +
                                (byFault ? "" : R"("concurrency": 0)") + R"(}}, {"id": "failed", "kind": "queue"})",
                            destination ? R"({"from": "fn", "to": "failed", "config": {"when": "failure"}})" : "");
    QVERIFY(engine);
    if (byFault) {
        Fault throttle;
        throttle.throttle = 0;
        setFault(*engine, "fn", throttle);
    }
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "fn", Json{{"order", 1}});
    engine->run(minutes(10));
    const Json r = engine->report();
    QCOMPARE(rec.times(EventType::Throttled, "fn"), std::vector<Micros>{0});
    QCOMPARE(num(r, "fn", "invoked"), quint64(0));
    QCOMPARE(num(r, "fn", "retried"), quint64(0));
    if (destination) {
        const Json record = onlyBody(*engine, "failed");
        QCOMPARE(as<std::string>(record["requestContext"]["condition"]), std::string("RetriesExhausted"));
        QCOMPARE(as<int>(record["requestContext"]["approximateInvokeCount"]), 0);
        QCOMPARE(as<std::string>(record["responseContext"]["functionError"]), std::string("TooManyRequestsException"));
        QCOMPARE(as<std::string>(record["timestamp"]), std::string("2026-01-01T00:00:00.000Z"));
    } else {
        QCOMPARE(dropped(r, "reserved-concurrency-zero"), quint64(1));
    }
    KIT_VERIFY_HOLDS(*engine);
}

void TestFunction::recordsCarryTimestampAndRequestId()
{
    // Lambda's record shape. Failure: 100 ms attempts at 0, 60.1 s and 180.2 s, the last failing
    // at 180.3 s → timestamp 2026-01-01T00:03:00.300Z. The event keeps one request id across
    // its retries: the first event is request 1, and every START line of it says so.
    auto engine = engineFor(R"({"id": "fn", "kind": "worker", "config": {"errorRate": 1,
                                "latency": {"dist": "fixed", "value": "100ms"}}},
                               {"id": "failed", "kind": "queue"})",
                            R"({"from": "fn", "to": "failed", "config": {"when": "failure"}})");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "fn", Json{{"order", 1}});
    engine->run(minutes(10));
    Json record = onlyBody(*engine, "failed");
    QCOMPARE(as<std::string>(record["version"]), std::string("1.0"));
    QCOMPARE(as<std::string>(record["timestamp"]), std::string("2026-01-01T00:03:00.300Z"));
    QCOMPARE(as<std::string>(record["requestContext"]["requestId"]), std::string("1"));
    QCOMPARE(as<std::string>(record["requestContext"]["functionArn"]), std::string("fn"));
    QCOMPARE(as<int>(record["responseContext"]["statusCode"]), 200);
    QCOMPARE(as<std::string>(record["responseContext"]["executedVersion"]), std::string("$LATEST"));
    QVERIFY(!record.contains("responsePayload"));
    int starts = 0;
    for (const EngineEvent& e : rec.of(EventType::Log, "fn"))
        if (parsed(e.detail).value("message", std::string()).rfind("START RequestId: ", 0) == 0) {
            ++starts;
            QCOMPARE(parsed(e.detail).value("message", std::string()), std::string("START RequestId: 1"));
        }
    QCOMPARE(starts, 3);

    // Success: 50 ms → timestamp 2026-01-01T00:00:00.050Z, responsePayload the result.
    engine = engineFor(R"({"id": "fn", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "50ms"}}},
                          {"id": "done", "kind": "queue"})",
                       R"({"from": "fn", "to": "done", "config": {"when": "success"}})");
    QVERIFY(engine);
    put(*engine, "fn", Json{{"order", 2}});
    engine->run(sec(1));
    record = onlyBody(*engine, "done");
    QCOMPARE(as<std::string>(record["timestamp"]), std::string("2026-01-01T00:00:00.050Z"));
    QCOMPARE(as<std::string>(record["requestContext"]["requestId"]), std::string("1"));
    QCOMPARE(as<std::string>(record["responseContext"]["executedVersion"]), std::string("$LATEST"));
    QVERIFY(!record["responseContext"].contains("functionError"));
    QCOMPARE(record["responsePayload"], (Json{{"order", 2}, {"processedBy", "fn"}}));
    KIT_VERIFY_HOLDS(*engine);
}

QTEST_GUILESS_MAIN(TestFunction)
