// task-manager through the engine: tasks from its queue dispatched to an invoked function or to
// a queue, exactly maxRetries retries of a failing target and then the task in its queue's DLQ,
// taskTimeout, results to a target queue or pushed to a websocket connection, and an unknown
// service failing the task. Conservation holds after every run.
#include "../enginekit/EngineKit.h"
#include "engine/nodes/WebSocketApi.h"

using namespace ml;
using namespace kit;

namespace {

quint64 task(const Json& report, const char* key) { return report["nodes"]["tm"]["tasks"][key].get<quint64>(); }

// Seed 11, as the numbers below were worked out with.
const EngineOptions kSeed{.seed = 11};

// tasks (→ tasks-dlq) feeds tm one task per batch; tm answers at once (0 ms); svc takes
// `svcLatency` and fails with `errorRate`; jobs and results are queues tm sends to.
std::unique_ptr<Engine> pipeline(const std::string& tmConfig, const std::string& svcConfig,
                                 const std::string& tasksConfig = "{}")
{
    return engineFor(R"({"id": "tasks", "kind": "queue", "config": )" + tasksConfig +
                         R"(}, {"id": "tasks-dlq", "kind": "queue"},
                        {"id": "tm", "kind": "task-manager", "config": {"latency": {"dist": "fixed", "value": "0ms"})" +
                         tmConfig + R"(}},
                        {"id": "svc", "kind": "worker", "config": {)" +
                         svcConfig + R"(}},
                        {"id": "jobs", "kind": "queue"}, {"id": "results", "kind": "queue"})",
                     R"({"from": "tasks", "to": "tm", "config": {"batchSize": 1}},
                        {"from": "tasks", "to": "tasks-dlq", "kind": "dead-letter"},
                        {"from": "tm", "to": "svc"}, {"from": "tm", "to": "jobs"}, {"from": "tm", "to": "results"})",
                     kSeed);
}

const char* kFast = R"("latency": {"dist": "fixed", "value": "100ms"})";

}  // namespace

class TestTaskManager : public QObject {
    Q_OBJECT

private slots:
    void dispatchInvokeResultToQueue();
    void dispatchEnqueue();
    void retriesThenDeadLetter_data();
    void retriesThenDeadLetter();
    void taskTimeout_data();
    void taskTimeout();
    void resultPushedToConnection();
    void unknownService_data();
    void unknownService();
};

void TestTaskManager::dispatchInvokeResultToQueue()
{
    // The task enters tasks at 0 s, tm takes it at once and calls svc (100 ms); the result —
    // svc's input (data + action) stamped processedBy svc — goes to the target queue at 100 ms.
    auto engine = pipeline("", kFast);
    QVERIFY(engine);
    put(*engine, "tasks", Json{{"service", "svc"}, {"action", "resize"}, {"data", {{"id", 7}}}, {"target", "results"}});
    engine->run(ms(99));
    Json r = engine->report();
    QCOMPARE(visible(r, "results"), 0);
    QCOMPARE(task(r, "inProgress"), quint64(1));
    // The batch was deleted when tm took the task: nothing waits in tasks.
    QCOMPARE(visible(r, "tasks"), 0);
    QCOMPARE(r["nodes"]["tasks"]["queue"]["inFlight"].get<int>(), 0);
    engine->run(ms(100));
    r = engine->report();
    QCOMPARE(visible(r, "results"), 1);
    const Json body = r["nodes"]["results"]["queue"]["messages"][0]["body"];
    QCOMPARE(body, (Json{{"id", 7}, {"action", "resize"}, {"processedBy", "svc"}}));
    QCOMPARE(num(r, "svc", "invoked"), quint64(1));
    QCOMPARE(task(r, "dispatched"), quint64(1));
    QCOMPARE(task(r, "succeeded"), quint64(1));
    QCOMPARE(task(r, "retried"), quint64(0));
    QCOMPARE(task(r, "inProgress"), quint64(0));
    QCOMPARE(visible(r, "tasks-dlq"), 0);
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestTaskManager::dispatchEnqueue()
{
    // An enqueue target succeeds once accepted: 3 tasks to jobs, none retried, no target.
    auto engine = pipeline("", kFast);
    QVERIFY(engine);
    for (int i = 0; i < 3; ++i)
        put(*engine, "tasks", Json{{"service", "jobs"}, {"action", "thumb"}, {"data", {{"n", i}}}});
    engine->run(sec(1));
    const Json r = engine->report();
    QCOMPARE(visible(r, "jobs"), 3);
    QCOMPARE(r["nodes"]["jobs"]["queue"]["messages"][2]["body"], (Json{{"n", 2}, {"action", "thumb"}}));
    QCOMPARE(task(r, "succeeded"), quint64(3));
    QCOMPARE(task(r, "retried"), quint64(0));
    QCOMPARE(num(r, "svc", "invoked"), quint64(0));
    QCOMPARE(visible(r, "results"), 0);
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestTaskManager::retriesThenDeadLetter_data()
{
    QTest::addColumn<int>("maxRetries");
    QTest::newRow("default 3") << -1;
    QTest::newRow("0: no retry") << 0;
    QTest::newRow("5") << 5;
}

void TestTaskManager::retriesThenDeadLetter()
{
    // The task is sent at 0 s to tasks, which delays it 2 s. svc always fails (errorRate 1):
    // each attempt answers 502 after 100 ms and is retried at once, so maxRetries + 1
    // invocations, the last at 2 s + maxRetries × 100 ms; then the task is in tasks-dlq at
    // 2 s + (maxRetries + 1) × 100 ms, as it was sent (sentAt 0 s), naming tasks as its source.
    QFETCH(int, maxRetries);
    const int retries = maxRetries < 0 ? 3 : maxRetries;
    auto engine = pipeline(maxRetries < 0 ? "" : R"(, "maxRetries": )" + std::to_string(maxRetries),
                           std::string(kFast) + R"(, "errorRate": 1)", R"({"delay": "2s"})");
    QVERIFY(engine);
    const Json original{{"service", "svc"}, {"action", "resize"}, {"data", {{"id", 1}}}, {"target", "results"}};
    put(*engine, "tasks", original);
    const Micros done = sec(2) + ms(100) * (retries + 1);
    engine->run(done - 1);
    Json r = engine->report();
    QCOMPARE(visible(r, "tasks-dlq"), 0);
    QCOMPARE(num(r, "svc", "invoked"), quint64(retries + 1));
    engine->run(sec(600));
    r = engine->report();
    QCOMPARE(num(r, "svc", "invoked"), quint64(retries + 1));
    QCOMPARE(num(r, "svc", "failed"), quint64(retries + 1));
    QCOMPARE(task(r, "dispatched"), quint64(retries + 1));
    QCOMPARE(task(r, "retried"), quint64(retries));
    QCOMPARE(num(r, "tm", "retried"), quint64(retries));
    QCOMPARE(task(r, "deadLettered"), quint64(1));
    QCOMPARE(task(r, "succeeded"), quint64(0));
    QCOMPARE(visible(r, "tasks-dlq"), 1);
    QCOMPARE(visible(r, "tasks"), 0);
    QCOMPARE(visible(r, "results"), 0);
    const Json dead = r["nodes"]["tasks-dlq"]["queue"]["messages"][0];
    QCOMPARE(dead["body"], original);
    QCOMPARE(dead["deadLetterSourceQueue"].get<std::string>(), std::string("tasks"));
    QCOMPARE(dead["receiveCount"].get<int>(), 1);
    QCOMPARE(dead["sentAt"].get<std::string>(), std::string("0s"));
    // Each attempt's call message ends when answered (the task carries the failure): no drops.
    QCOMPARE(dropped(r, "call-failed"), quint64(0));
    QCOMPARE(r["conservation"]["deadLettered"].get<int>(), 1);
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestTaskManager::taskTimeout_data()
{
    QTest::addColumn<QString>("svcLatency");
    QTest::addColumn<QString>("taskTimeout");
    QTest::addColumn<int>("maxRetries");
    QTest::addColumn<qint64>("endsAt");  // ms: the task in the DLQ, or its result in results
    QTest::addColumn<bool>("deadLettered");
    QTest::addColumn<int>("timedOut");

    // svc takes 40 s: attempts at 0 s and 30 s time out at 30 s and 60 s → DLQ at 60 s.
    QTest::newRow("40 s target, 30 s timeout, 1 retry") << "40s"
                                                        << "30s" << 1 << qint64(60000) << true << 2;
    // Same target, 45 s timeout: the first attempt answers at 40 s.
    QTest::newRow("40 s target, 45 s timeout") << "40s"
                                               << "45s" << 1 << qint64(40000) << false << 0;
    // 10 s timeout, 3 retries: 4 × 10 s → DLQ at 40 s.
    QTest::newRow("40 s target, 10 s timeout, 3 retries") << "40s"
                                                          << "10s" << 3 << qint64(40000) << true << 4;
}

void TestTaskManager::taskTimeout()
{
    QFETCH(QString, svcLatency);
    QFETCH(QString, taskTimeout);
    QFETCH(int, maxRetries);
    QFETCH(qint64, endsAt);
    QFETCH(bool, deadLettered);
    QFETCH(int, timedOut);
    auto engine = pipeline(
        R"(, "taskTimeout": ")" + taskTimeout.toStdString() + R"(", "maxRetries": )" + std::to_string(maxRetries),
        R"("timeout": "60s", "latency": {"dist": "fixed", "value": ")" + svcLatency.toStdString() + "\"}");
    QVERIFY(engine);
    put(*engine, "tasks", Json{{"service", "svc"}, {"data", {{"id", 1}}}, {"target", "results"}});
    const char* where = deadLettered ? "tasks-dlq" : "results";
    engine->run(ms(endsAt) - 1);
    Json r = engine->report();
    QCOMPARE(visible(r, where), 0);
    engine->run(ms(endsAt));
    r = engine->report();
    QCOMPARE(visible(r, where), 1);
    QCOMPARE(task(r, "timedOut"), quint64(timedOut));
    engine->run(sec(600));
    r = engine->report();
    QCOMPARE(visible(r, "tasks-dlq"), deadLettered ? 1 : 0);
    QCOMPARE(visible(r, "results"), deadLettered ? 0 : 1);
    // svc finishes every attempt it was given; answers after a timeout are nobody's.
    QCOMPARE(num(r, "svc", "succeeded"), quint64(deadLettered ? maxRetries + 1 : 1));
    QCOMPARE(dropped(r, "caller-gave-up"), quint64(timedOut));
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestTaskManager::resultPushedToConnection()
{
    // alice's connection is c1; a task targeting c1 gets svc's result pushed to it, naming it.
    auto engine = engineFor(
        R"({"id": "tasks", "kind": "queue"}, {"id": "ws", "kind": "websocket-api"},
           {"id": "tm", "kind": "task-manager", "config": {"latency": {"dist": "fixed", "value": "0ms"}}},
           {"id": "svc", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "100ms"}}})",
        R"({"from": "tasks", "to": "tm"}, {"from": "tm", "to": "svc"}, {"from": "tm", "to": "ws"})", kSeed);
    QVERIFY(engine);
    put(*engine, "ws", Json{{"$connect", true}}, {.user = "alice"});
    engine->run(sec(1));
    put(*engine, "tasks", Json{{"service", "svc"}, {"action", "render"}, {"data", {{"page", 3}}}, {"target", "c1"}},
        {.user = "alice"});
    put(*engine, "tasks", Json{{"service", "svc"}, {"data", {{"page", 4}}}, {"target", "c9"}}, {.user = "alice"});
    engine->run(sec(2));
    const WebSocketApi& ws = *behaviourOf<WebSocketApi>(*engine, "ws");
    QCOMPARE(ws.connection("c1")->pushed, quint64(1));
    const Json pushed = ws.pushBody(ws.connection("c1")->pushes.front());
    QCOMPARE(pushed, (Json{{"page", 3}, {"action", "render"}, {"processedBy", "svc"}, {"connectionId", "c1"}}));
    const Json r = engine->report();
    // c9 never existed: the task succeeded, its push is gone (410), counted.
    QCOMPARE(task(r, "succeeded"), quint64(2));
    QCOMPARE(num(r, "ws", "gone"), quint64(1));
    QCOMPARE(dropped(r, "gone"), quint64(1));
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestTaskManager::unknownService_data()
{
    QTest::addColumn<QString>("task");
    QTest::addColumn<bool>("withDlq");
    QTest::newRow("not a node") << R"({"service": "nope", "data": {}})" << true;
    QTest::newRow("a node tm is not wired to") << R"({"service": "tasks-dlq", "data": {}})" << true;
    QTest::newRow("no service") << R"({"action": "x"})" << true;
    QTest::newRow("not an object") << R"("just text")" << true;
    QTest::newRow("no DLQ: dropped") << R"({"service": "nope"})" << false;
}

void TestTaskManager::unknownService()
{
    // An unknown service fails the task at once (no retry can help) with a warning log line.
    QFETCH(QString, task);
    QFETCH(bool, withDlq);
    auto engine = withDlq ? pipeline("", kFast)
                          : engineFor(R"({"id": "tasks", "kind": "queue"},
                                         {"id": "tm", "kind": "task-manager", "config": {"latency": {"dist": "fixed", "value": "0ms"}}})",
                                      R"({"from": "tasks", "to": "tm"})", kSeed);
    QVERIFY(engine);
    Recorder recorder;
    engine->addObserver(&recorder);
    put(*engine, "tasks", Json::parse(task.toStdString()));
    engine->run(sec(60));
    const Json r = engine->report();
    QCOMPARE(r["nodes"]["tm"]["tasks"]["unknownService"].get<int>(), 1);
    QCOMPARE(r["nodes"]["tm"]["tasks"]["dispatched"].get<int>(), 0);
    QCOMPARE(r["nodes"]["tm"]["tasks"]["retried"].get<int>(), 0);
    QVERIFY(r["logs"]["warning"].get<int>() >= 1);
    bool warned = false;
    for (const EngineEvent& e : recorder.of(EventType::Log))
        warned |= e.detail.find("unknown service") != std::string::npos;
    QVERIFY(warned);
    if (withDlq) {
        QCOMPARE(visible(r, "tasks-dlq"), 1);
        QCOMPARE(dropped(r, "task-failed"), quint64(0));
    } else {
        QCOMPARE(dropped(r, "task-failed"), quint64(1));
    }
    QCOMPARE(visible(r, "tasks"), 0);
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

QTEST_GUILESS_MAIN(TestTaskManager)
#include "tst_taskmanager.moc"
