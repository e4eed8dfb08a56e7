// What every invocation goes through: cold starts and reclaimed instances, timeouts, error
// rate, faults changed while running, the default result, and Lambda's START/END/REPORT lines.
#include "../enginekit/EngineKit.h"
#include "FunctionTests.h"
#include "engine/nodes/Logs.h"
#include "engine/nodes/Queue.h"

using namespace ml;
using namespace kit;

void TestFunction::coldStartsAndKeepWarm()
{
    // coldStart 500 ms on top of 100 ms of work; keepWarm 10 m.
    //   0 s       e1: no instance → cold, 600 ms
    //   1 s       e2: e1's instance idle since 0.6 s → warm, 100 ms
    //   11 m 1 s  e3: that instance idle since 1.1 s, 10 m 59.9 s > 10 m → reclaimed → cold, 600 ms
    //   20 m      e4, e5: one instance idle 8 m 58.4 s → e4 warm 100 ms; e5 needs a new one → cold
    auto engine = engineFor(R"({"id": "fn", "kind": "worker", "config": {"coldStart": "500ms",
                                "latency": {"dist": "fixed", "value": "100ms"}}})",
                            "");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "fn", Json{{"e", 1}});
    runTo(*engine, sec(1));
    put(*engine, "fn", Json{{"e", 2}});
    runTo(*engine, minutes(11) + sec(1));
    put(*engine, "fn", Json{{"e", 3}});
    runTo(*engine, minutes(20));
    put(*engine, "fn", Json{{"e", 4}});
    put(*engine, "fn", Json{{"e", 5}});
    engine->run(minutes(21));
    QCOMPARE(rec.values(EventType::InvokeEnd, "fn"),
             (std::vector<qint64>{ms(600), ms(100), ms(600), ms(100), ms(600)}));
    QCOMPARE(num(engine->report(), "fn", "coldStarts"), quint64(3));
    KIT_VERIFY_HOLDS(*engine);
}

void TestFunction::timeout_data()
{
    QTest::addColumn<QString>("latency");
    QTest::addColumn<QString>("timeout");
    QTest::addColumn<qint64>("ended");
    QTest::addColumn<QString>("outcome");
    QTest::newRow("within") << "2s"
                            << "3s" << sec(2) << "success";
    QTest::newRow("over") << "5s"
                          << "3s" << sec(3) << "Task timed out after 3s";
    QTest::newRow("over the 900 s maximum") << "1000s"
                                            << "900s" << sec(900) << "Task timed out after 15m";
}

void TestFunction::timeout()
{
    QFETCH(QString, latency);
    QFETCH(QString, timeout);
    QFETCH(qint64, ended);
    QFETCH(QString, outcome);
    auto engine = engineFor(R"({"id": "fn", "kind": "worker", "config": {"maxRetryAttempts": 0, "timeout": ")" +
                                timeout.toStdString() + R"(", "latency": {"dist": "fixed", "value": ")" +
                                latency.toStdString() + R"("}}})",
                            "");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "fn", Json{{"n", 1}});
    engine->run(minutes(20));
    const auto ends = rec.of(EventType::InvokeEnd, "fn");
    QCOMPARE(ends.size(), std::size_t(1));
    QCOMPARE(ends[0].time, ended);
    QCOMPARE(QString::fromStdString(ends[0].detail), outcome);
    const bool timedOut = outcome != QLatin1String("success");
    QCOMPARE(num(engine->report(), "fn", "timedOut"), quint64(timedOut));
    QCOMPARE(rec.times(EventType::TimedOut, "fn"), timedOut ? std::vector<Micros>{ended} : std::vector<Micros>{});
    KIT_VERIFY_HOLDS(*engine);
}

void TestFunction::errorRate_data()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<int>("low");
    QTest::addColumn<int>("high");
    // 1000 invocations: binomial(1000, 0.3) has mean 300 and σ ≈ 14.5; ±50 is over 3σ.
    QTest::newRow("0") << 0.0 << 0 << 0;
    QTest::newRow("0.3") << 0.3 << 250 << 350;
    QTest::newRow("1") << 1.0 << 1000 << 1000;
}

void TestFunction::errorRate()
{
    QFETCH(double, rate);
    QFETCH(int, low);
    QFETCH(int, high);
    EngineOptions quiet;
    quiet.logging = false;
    auto engine = engineFor(R"({"id": "fn", "kind": "worker", "config": {"maxRetryAttempts": 0, "errorRate": )" +
                                std::to_string(rate) + R"(, "latency": {"dist": "fixed", "value": "1ms"}}})",
                            "", quiet);
    QVERIFY(engine);
    for (int i = 0; i < 1000; ++i) put(*engine, "fn", Json{{"n", i}});
    engine->run(minutes(1));
    Json r = engine->report();
    const auto failed = int(num(r, "fn", "failed"));
    QVERIFY2(failed >= low && failed <= high, qPrintable(QString::number(failed)));
    QCOMPARE(int(num(r, "fn", "succeeded")), 1000 - failed);
    QCOMPARE(int(dropped(r, "async-retries-exhausted")), failed);
    KIT_VERIFY_HOLDS(*engine);
}

void TestFunction::faultsWhileRunning()
{
    // 100 ms of work, no retries; 10 events at the start of each 10 s phase, faults changed
    // between phases with Engine::setFault.
    auto engine = engineFor(R"({"id": "fn", "kind": "worker", "config": {"maxRetryAttempts": 0,
                                "latency": {"dist": "fixed", "value": "100ms"}}})",
                            "");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    auto phase = [&](Micros at, const Fault& fault) {
        runTo(*engine, at);
        setFault(*engine, "fn", fault);
        for (int i = 0; i < 10; ++i) put(*engine, "fn", Json{{"n", i}});
        runTo(*engine, at + sec(10) - 1);
    };
    auto ends = [&](Micros from) {
        std::map<std::string, int> out;
        for (const EngineEvent& e : rec.of(EventType::InvokeEnd, "fn"))
            if (e.time >= from && e.time < from + sec(10)) ++out[e.detail + " " + std::to_string(e.value)];
        return out;
    };
    using Outcomes = std::map<std::string, int>;
    phase(0, Fault{});
    QCOMPARE(ends(0), (Outcomes{{"success 100000", 10}}));

    Fault failing;
    failing.errorRate = 1.0;
    phase(sec(10), failing);
    QCOMPARE(ends(sec(10)), (Outcomes{{"Unhandled error 100000", 10}}));

    Fault slow;
    slow.addedLatency = sec(1);
    phase(sec(20), slow);
    QCOMPARE(ends(sec(20)), (Outcomes{{"success 1100000", 10}}));

    Fault down;
    down.down = true;
    phase(sec(30), down);
    QCOMPARE(ends(sec(30)), (Outcomes{{"Service unavailable (fault: down) 100000", 10}}));

    // Throttled to 0 (Lambda's Throttle: reserved concurrency 0): nothing starts, and an async
    // event that can never run is not retried — each of the 10 is throttled once at 40 s and
    // dropped ("reserved-concurrency-zero": no on-failure destination).
    Fault throttled;
    throttled.throttle = 0;
    phase(sec(40), throttled);
    QCOMPARE(ends(sec(40)), Outcomes{});
    QCOMPARE(rec.count(EventType::Throttled, "fn"), 10);

    // Cleared: the 10 new events run at 50 s; nothing waits from the throttled phase.
    phase(sec(50), Fault{});
    QCOMPARE(ends(sec(50)), (Outcomes{{"success 100000", 10}}));
    QCOMPARE(rec.count(EventType::Fault, "fn"), 5);
    Json r = engine->report();
    QCOMPARE(num(r, "fn", "succeeded"), quint64(30));
    QCOMPARE(num(r, "fn", "failed"), quint64(20));
    QCOMPARE(dropped(r, "reserved-concurrency-zero"), quint64(10));
    KIT_VERIFY_HOLDS(*engine);
}

void TestFunction::syncResultIsInputWithProcessedBy()
{
    // front invokes back synchronously; back has no handler, so its result is its input with
    // "processedBy": "back". front's result is what back answered (its on-success record shows it).
    auto engine = engineFor(R"({"id": "front", "kind": "worker"}, {"id": "back", "kind": "worker"},
                               {"id": "done", "kind": "queue"})",
                            R"({"from": "front", "to": "back", "config": {"invocation": "sync"}},
                               {"from": "front", "to": "done", "config": {"when": "success"}})");
    QVERIFY(engine);
    put(*engine, "front", Json{{"n", 1}});
    engine->run(sec(10));
    auto* done = behaviourOf<Queue>(*engine, "done");
    QVERIFY(done);
    QCOMPARE(done->visibleCount(), std::size_t(1));
    Json record = engine->body(engine->message(done->visibleMessages(1)[0]));
    QCOMPARE(record["responsePayload"], (Json{{"n", 1}, {"processedBy", "back"}}));
    QCOMPARE(num(engine->report(), "back", "succeeded"), quint64(1));
    KIT_VERIFY_HOLDS(*engine);
}

void TestFunction::startEndReportLines()
{
    // 12 ms of work + 0.5 ms added latency = 12.5 ms: Lambda bills 13 ms. The second invocation
    // fails (fault), so a warning line with the error comes before its END.
    auto engine = engineFor(R"({"id": "fn", "kind": "worker", "config": {"memoryMb": 256, "maxRetryAttempts": 0,
                                "latency": {"dist": "fixed", "value": "12ms"}}},
                               {"id": "logs", "kind": "logs"})",
                            "");
    QVERIFY(engine);
    Fault fault;
    fault.addedLatency = 500;
    setFault(*engine, "fn", fault);
    put(*engine, "fn", Json{{"n", 1}}, {.user = "alice"});
    runTo(*engine, sec(1));
    fault.errorRate = 1.0;
    setFault(*engine, "fn", fault);
    put(*engine, "fn", Json{{"n", 2}});
    engine->run(sec(2));

    auto* logs = behaviourOf<Logs>(*engine, "logs");
    QVERIFY(logs);
    QStringList text;
    for (const auto& [time, line] : logs->lines()) text << QString::fromStdString(as<std::string>(line["message"]));
    const QString report = QStringLiteral(" Duration: 12.50 ms Billed Duration: 13 ms Memory Size: 256 MB");
    QCOMPARE(text, (QStringList{"START RequestId: 1", "END RequestId: 1", "REPORT RequestId: 1" + report,
                                "START RequestId: 2", "Unhandled error", "END RequestId: 2",
                                "REPORT RequestId: 2" + report}));
    Json start = logs->lines().front().second;
    QCOMPARE(as<std::string>(start["time"]), std::string("2026-01-01T00:00:00.000Z"));
    QCOMPARE(as<std::string>(start["function"]), std::string("fn"));
    QCOMPARE(as<std::string>(start["requestId"]), std::string("1"));
    QCOMPARE(as<std::string>(start["user"]), std::string("alice"));
    QCOMPARE(as<std::string>(start["urgency"]), std::string("debug"));
    QCOMPARE(as<std::string>(start["sensitivity"]), std::string("normal"));
    QCOMPARE(as<std::string>(Json(logs->lines()[4].second)["urgency"]), std::string("warning"));
    QCOMPARE(as<std::string>(Json(logs->lines()[4].second)["user"]), std::string("anonymous"));
    Json r = engine->report();
    QCOMPARE(as<int>(r["logs"]["debug"]), 6);
    QCOMPARE(as<int>(r["logs"]["warning"]), 1);
    KIT_VERIFY_HOLDS(*engine);
}
