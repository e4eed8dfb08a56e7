// log-monitor through the engine: a log group's subscription filter feeds it the matching lines
// of the functions that log there; its outgoing edges route each line by their `when` filter
// pattern (critical → the admins' topic, sensitive → their own queue, everything → another).
#include "../enginekit/EngineKit.h"
#include "engine/nodes/Inbox.h"

using namespace ml;
using namespace kit;

namespace {

// Seed 9, as the numbers below were worked out with.
const EngineOptions kSeed{.seed = 9};

}  // namespace

class TestLogMonitor : public QObject {
    Q_OBJECT

private slots:
    void failuresReachTheAdmins_data();
    void failuresReachTheAdmins();
    void whenPatternsRouteLines();
    void termPatternsSearchTheWholeLine_data();
    void termPatternsSearchTheWholeLine();
};

void TestLogMonitor::failuresReachTheAdmins_data()
{
    QTest::addColumn<double>("errorRate");
    QTest::addColumn<int>("expectedFailures");  // -1: whatever the draws give
    // 10 async invokes that always fail: the first try and 2 retries (after 1 and 2 min) each
    // log one warning line → 30 failures, 30 lines reach the inbox.
    QTest::newRow("always failing") << 1.0 << 30;
    // With 30 % errors the count depends on the draws; the inbox still gets exactly the failures.
    QTest::newRow("30% errors") << 0.3 << -1;
    QTest::newRow("never failing") << 0.0 << 0;
}

void TestLogMonitor::failuresReachTheAdmins()
{
    QFETCH(double, errorRate);
    QFETCH(int, expectedFailures);
    auto engine = engineFor(R"({"id": "svc", "kind": "worker", "config": {"errorRate": )" + std::to_string(errorRate) +
                                R"(, "latency": {"dist": "fixed", "value": "50ms"}}},
                               {"id": "logs", "kind": "logs"}, {"id": "monitor", "kind": "log-monitor"},
                               {"id": "alerts", "kind": "topic"}, {"id": "admins", "kind": "inbox"})",
                            R"({"from": "svc", "to": "logs"},
                               {"from": "logs", "to": "monitor", "config": {"filterPattern": "{ $.urgency = \"warning\" }"}},
                               {"from": "monitor", "to": "alerts"}, {"from": "alerts", "to": "admins"})",
                            kSeed);
    QVERIFY(engine);
    for (int i = 0; i < 10; ++i) QVERIFY(engine->inject(QStringLiteral("svc"), Json{{"job", i}}).ok());
    engine->run(10 * kMicrosPerMinute);
    const Json r = engine->report();
    const quint64 failed = num(r, "svc", "failed");
    if (expectedFailures >= 0) QCOMPARE(failed, quint64(expectedFailures));
    if (errorRate > 0 && errorRate < 1) QVERIFY(failed > 0);
    QCOMPARE(num(r, "admins", "received"), failed);
    QCOMPARE(num(r, "monitor", "invoked"), failed);  // the subscription filter let only warnings through
    // Every line: START, END, REPORT per invocation, plus a warning per failure.
    QCOMPARE(num(r, "logs", "lines"), 3 * num(r, "svc", "invoked") + failed);
    if (failed > 0) {
        const Json& last = r["nodes"]["admins"]["messages"].back();
        QCOMPARE(last["urgency"].get<std::string>(), std::string("warning"));
        QCOMPARE(last["function"].get<std::string>(), std::string("svc"));
        QCOMPARE(last["message"].get<std::string>(), std::string("Unhandled error"));
    }
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestLogMonitor::whenPatternsRouteLines()
{
    // The subscription takes every line; the monitor's edges choose by pattern.
    auto engine =
        engineFor(R"({"id": "svc", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "50ms"}}},
                               {"id": "logs", "kind": "logs"},
                               {"id": "monitor", "kind": "log-monitor", "config": {"latency": {"dist": "fixed", "value": "10ms"}}},
                               {"id": "alerts", "kind": "topic"}, {"id": "admins", "kind": "inbox"},
                               {"id": "sensitive", "kind": "queue"}, {"id": "everything", "kind": "queue"},
                               {"id": "successes", "kind": "queue"}, {"id": "secrets", "kind": "table"})",
                  R"({"from": "svc", "to": "logs"},
                               {"from": "logs", "to": "monitor"},
                               {"from": "monitor", "to": "alerts", "config": {"when": "{ $.urgency = \"critical\" }"}},
                               {"from": "alerts", "to": "admins"},
                               {"from": "monitor", "to": "sensitive", "config": {"when": "{ $.sensitivity = \"sensitive\" }"}},
                               {"from": "monitor", "to": "everything"},
                               {"from": "monitor", "to": "secrets", "config": {"when": "{ $.sensitivity = \"sensitive\" }"}},
                               {"from": "monitor", "to": "successes", "config": {"when": "success"}})",
                  kSeed);
    QVERIFY(engine);
    for (int i = 0; i < 5; ++i) QVERIFY(engine->inject(QStringLiteral("svc"), Json{{"job", i}}).ok());
    engine->run(kMicrosPerSecond);
    const int svc = engine->nodeIndex(QStringLiteral("svc"));
    engine->log(svc, Urgency::Critical, Sensitivity::Sensitive, 1, 0, "card number in the request");
    engine->log(svc, Urgency::Critical, Sensitivity::Normal, 2, 0, "payments down");
    engine->log(svc, Urgency::Info, Sensitivity::Sensitive, 3, 0, "user alice logged in");
    engine->log(svc, Urgency::Info, Sensitivity::Normal, 4, 0, "login success");
    engine->run(kMicrosPerMinute);
    const Json r = engine->report();
    // 5 invocations × START/END/REPORT = 15 debug lines, plus the 4 written above = 19 lines.
    QCOMPARE(num(r, "logs", "lines"), quint64(19));
    QCOMPARE(num(r, "monitor", "invoked"), quint64(19));
    QCOMPARE(num(r, "admins", "received"), quint64(2));                     // the 2 critical
    QCOMPARE(r["nodes"]["sensitive"]["queue"]["visible"].get<int>(), 2);    // the 2 sensitive
    QCOMPARE(r["nodes"]["everything"]["queue"]["visible"].get<int>(), 19);  // all of them
    QCOMPARE(num(r, "secrets", "succeeded"), quint64(2));                   // the 2 sensitive, put
    // A term pattern that reads like an outcome is still a pattern: only "login success"
    // matches, not a record of each of the 19 successful invocations.
    QCOMPARE(r["nodes"]["successes"]["queue"]["visible"].get<int>(), 1);
    // A fixed latency keeps the lines in the order they were written.
    QCOMPARE(r["nodes"]["admins"]["messages"][0]["message"].get<std::string>(),
             std::string("card number in the request"));
    QCOMPARE(r["nodes"]["admins"]["messages"][0]["processedBy"].get<std::string>(), std::string("monitor"));
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestLogMonitor::termPatternsSearchTheWholeLine_data()
{
    QTest::addColumn<QString>("subscription");  // the log subscription's filterPattern
    QTest::addColumn<QString>("when");          // the monitor's edge pattern
    QTest::addColumn<int>("routed");
    // svc runs twice (alice, then bob), writing START, END and REPORT each: 6 lines. A plain term
    // matches anywhere in the line as written (its JSON), not only in its message: "alice" is in
    // the user field of alice's 3 lines; "svc" in the function field of all 6; "RequestId" in
    // every message; "bob" and not "END" → bob's START and REPORT.
    QTest::newRow("user field") << QStringLiteral("alice") << QString() << 3;
    QTest::newRow("function field") << QStringLiteral("svc") << QString() << 6;
    QTest::newRow("message") << QStringLiteral("RequestId") << QString() << 6;
    QTest::newRow("edge pattern on a field") << QString() << QStringLiteral("bob -END") << 2;
}

void TestLogMonitor::termPatternsSearchTheWholeLine()
{
    QFETCH(QString, subscription);
    QFETCH(QString, when);
    QFETCH(int, routed);
    auto engine =
        engineFor(R"({"id": "svc", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "50ms"}}},
                               {"id": "logs", "kind": "logs"}, {"id": "monitor", "kind": "log-monitor"},
                               {"id": "admins", "kind": "topic"}, {"id": "inbox", "kind": "inbox"})",
                  R"({"from": "svc", "to": "logs"},
                               {"from": "logs", "to": "monitor", "config": {"filterPattern": ")" +
                      subscription.toStdString() + R"("}},
                               {"from": "monitor", "to": "admins", "config": {"when": ")" +
                      when.toStdString() + R"("}},
                               {"from": "admins", "to": "inbox"})",
                  kSeed);
    QVERIFY(engine);
    QVERIFY(engine->inject(QStringLiteral("svc"), Json{{"job", 1}}, engine->internUser("alice")).ok());
    QVERIFY(engine->inject(QStringLiteral("svc"), Json{{"job", 2}}, engine->internUser("bob")).ok());
    engine->run(kMicrosPerMinute);
    const Json r = engine->report();
    QCOMPARE(num(r, "logs", "lines"), quint64(6));
    QCOMPARE(num(r, "inbox", "received"), quint64(routed));
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

QTEST_GUILESS_MAIN(TestLogMonitor)
#include "tst_logmonitor.moc"
