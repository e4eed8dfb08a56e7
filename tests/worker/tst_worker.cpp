// worker (decoupled microservice) driven by a queue: its "success" edges fire for queue-driven
// invocations too (SEMANTICS "worker", a Microlab rule), one invocation record per message that
// did not fail — so API → router → queue → worker ⇒(success) websocket-api pushes each job's
// result to the user who submitted it. Conservation holds after every run.
#include "../enginekit/EngineKit.h"
#include "engine/nodes/Queue.h"
#include "engine/nodes/WebSocketApi.h"

using namespace ml;
using namespace kit;

class TestWorker : public QObject {
    Q_OBJECT

private slots:
    void queueDrivenSuccessEdgesGetRecords_data();
    void queueDrivenSuccessEdgesGetRecords();
    void resultIsPushedToTheSubmittersWebSocket();
};

void TestWorker::queueDrivenSuccessEdgesGetRecords_data()
{
    QTest::addColumn<bool>("partial");
    QTest::addColumn<int>("records");
    // 3 messages, batch size 10, 100 ms of work: one invocation at 0 s, succeeding at 0.1 s.
    // Without partial batch responses every message gets a success record: 3.
    QTest::newRow("whole batch") << false << 3;
    // errorRate 0.5 with reportBatchItemFailures, seed 7: the items drawn as failed come back
    // (no record); the others get one. The test counts them from the Received events below.
    QTest::newRow("partial batch") << true << -1;
}

void TestWorker::queueDrivenSuccessEdgesGetRecords()
{
    QFETCH(bool, partial);
    QFETCH(int, records);
    auto engine = engineFor(std::string(R"({"id": "jobs", "kind": "queue"},
                               {"id": "w", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "100ms"})") +
                                (partial ? R"(, "errorRate": 0.5)" : "") + R"(}},
                               {"id": "done", "kind": "queue"}, {"id": "failed", "kind": "queue"})",
                            std::string(R"({"from": "jobs", "to": "w", "config": {"reportBatchItemFailures": )") +
                                (partial ? "true" : "false") + R"(}},
                               {"from": "w", "to": "done", "config": {"when": "success"}},
                               {"from": "w", "to": "failed", "config": {"when": "failure"}})");
    QVERIFY(engine);
    // Consumers paused while the 3 messages arrive, so the pollers take them as one batch at 0 s.
    Fault paused;
    paused.pauseConsumers = true;
    setFault(*engine, "jobs", paused);
    for (int i = 0; i < 3; ++i) put(*engine, "jobs", Json{{"job", i}}, {.user = "alice"});
    engine->run(0);
    setFault(*engine, "jobs", Fault{});
    engine->run(sec(1));
    const Json r = engine->report();
    QCOMPARE(num(r, "w", "invoked"), quint64(1));
    const int left = as<int>(r["nodes"]["jobs"]["queue"]["inFlight"]);  // reported failures wait for 30 s
    if (records < 0) records = 3 - left;
    QVERIFY(!partial || left > 0);  // seed 7 fails at least one of the three
    const std::vector<Json> got = queued(*engine, "done");
    QCOMPARE(int(got.size()), records);
    for (const Json& record : got) {
        QCOMPARE(as<std::string>(record["version"]), std::string("1.0"));
        QCOMPARE(as<std::string>(record["timestamp"]), std::string("2026-01-01T00:00:00.100Z"));
        QCOMPARE(as<std::string>(record["requestContext"]["condition"]), std::string("Success"));
        QCOMPARE(as<std::string>(record["requestContext"]["requestId"]), std::string("1"));
        QCOMPARE(as<int>(record["requestContext"]["approximateInvokeCount"]), 1);  // first receive
        QCOMPARE(as<std::string>(record["responseContext"]["executedVersion"]), std::string("$LATEST"));
        // The response is the message's own default result: its body with processedBy.
        QCOMPARE(record["responsePayload"]["job"], record["requestPayload"]["job"]);
        QCOMPARE(as<std::string>(record["responsePayload"]["processedBy"]), std::string("w"));
    }
    // On-failure destinations are for async invocations: a queue's failures stay in the queue.
    QCOMPARE(visible(r, "failed"), 0);
    KIT_VERIFY_HOLDS(*engine);
}

void TestWorker::resultIsPushedToTheSubmittersWebSocket()
{
    // alice and bob each hold a websocket connection (c1 alice, c2 bob, opened at 0 s: no
    // $connect route). At 1 s alice POSTs job 7 and at 2 s bob POSTs job 8: api → router (10 ms)
    // → jobs → w (100 ms) → the success record is pushed to the submitter's connection only.
    auto engine = engineFor(
        R"({"id": "api", "kind": "api-gateway", "config": {"routes": [{"method": "POST", "path": "/jobs", "action": "submit"}]}},
           {"id": "router", "kind": "router", "config": {"latency": {"dist": "fixed", "value": "10ms"}}},
           {"id": "jobs", "kind": "queue"},
           {"id": "w", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "100ms"}}},
           {"id": "ws", "kind": "websocket-api"},
           {"id": "browsers", "kind": "client", "config": {"websocket": true, "users": ["alice", "bob"], "count": 0}})",
        R"({"from": "api", "to": "router"}, {"from": "router", "to": "jobs", "config": {"actions": ["submit"]}},
           {"from": "jobs", "to": "w", "config": {"batchSize": 1}},
           {"from": "w", "to": "ws", "config": {"when": "success"}}, {"from": "browsers", "to": "ws"})");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    runTo(*engine, sec(1));
    const Json alice{{"method", "POST"},
                     {"path", "/jobs"},
                     {"headers", {{"Authorization", "Bearer alice"}}},
                     {"body", {{"job", 7}}}};
    const Json bob{
        {"method", "POST"}, {"path", "/jobs"}, {"headers", {{"Authorization", "Bearer bob"}}}, {"body", {{"job", 8}}}};
    QCOMPARE(respond(*engine, rec, alice), 202);
    runTo(*engine, sec(12));
    QCOMPARE(respond(*engine, rec, bob), 202);
    engine->run(sec(30));

    auto* ws = behaviourOf<WebSocketApi>(*engine, "ws");
    QVERIFY(ws);
    const WebSocketConnection* c1 = ws->connection("c1");
    const WebSocketConnection* c2 = ws->connection("c2");
    QVERIFY(c1 && c2);
    QCOMPARE(engine->userName(c1->user), std::string("alice"));
    QCOMPARE(engine->userName(c2->user), std::string("bob"));
    QCOMPARE(int(c1->pushes.size()), 1);
    QCOMPARE(int(c2->pushes.size()), 1);
    const Json toAlice = ws->pushBody(c1->pushes.front());
    const Json toBob = ws->pushBody(c2->pushes.front());
    QCOMPARE(as<std::string>(toAlice["requestContext"]["condition"]), std::string("Success"));
    QCOMPARE(as<int>(toAlice["responsePayload"]["job"]), 7);
    QCOMPARE(as<std::string>(toAlice["responsePayload"]["processedBy"]), std::string("w"));
    QCOMPARE(as<int>(toBob["responsePayload"]["job"]), 8);
    // alice's job is pushed at 1 s + 10 ms (router) + 100 ms (worker) = 1.11 s.
    QCOMPARE(c1->pushes.front().at, sec(1) + ms(110));
    const Json r = engine->report();
    QCOMPARE(num(r, "w", "succeeded"), quint64(2));
    QCOMPARE(num(r, "ws", "pushed"), quint64(2));
    QCOMPARE(ws->goneCount(), quint64(0));
    KIT_VERIFY_HOLDS(*engine);
}

QTEST_GUILESS_MAIN(TestWorker)
#include "tst_worker.moc"
