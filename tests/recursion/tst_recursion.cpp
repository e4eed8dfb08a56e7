// Recursive loop detection (Lambda, July 2023): a function invoked more than 16 times by the
// same chain of events is stopped. Through a queue the message stays in the queue and reaches
// the DLQ at maxReceiveCount; an async event goes to the on-failure destination or is dropped
// ("recursive-loop"); the count is per function, so a long chain of distinct functions runs.
#include "../enginekit/EngineKit.h"

using namespace ml;
using namespace kit;

class TestRecursion : public QObject {
    Q_OBJECT

private slots:
    void queueSelfLoopStopsAfterSixteen();
    void asyncLoopDropsTheEventWithoutADestination();
    void asyncLoopGoesToTheOnFailureDestination();
    void twoFunctionLoopCountsEachFunction();
    void longChainOfDistinctFunctionsRuns();
};

void TestRecursion::queueSelfLoopStopsAfterSixteen()
{
    // w reads jobs and writes every message back to jobs. Invocations 1..16 run; the 17th
    // is stopped on each of its 3 receives (visibility timeout 30 s), then the DLQ has it.
    auto engine = engineFor(
        R"({"id": "jobs", "kind": "queue", "config": {"visibilityTimeout": "30s", "maxReceiveCount": 3}},
           {"id": "dlq", "kind": "queue"},
           {"id": "w", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "10ms"}}})",
        R"({"from": "jobs", "to": "w", "config": {"batchSize": 1}},
           {"from": "jobs", "to": "dlq"},
           {"from": "w", "to": "jobs"})");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "jobs", Json{{"n", 1}});
    engine->run(minutes(10));
    const Json r = engine->report();
    QCOMPARE(num(r, "w", "invoked"), quint64(16));
    QCOMPARE(num(r, "w", "recursiveLoops"), quint64(3));
    QCOMPARE(rec.count(EventType::RecursionStopped, "w"), 3);
    QCOMPARE(as<int>(r["nodes"]["dlq"]["queue"]["visible"]), 1);
    QCOMPARE(as<int>(r["nodes"]["dlq"]["queue"]["messages"][0]["receiveCount"]), 3);
    QCOMPARE(r["logs"]["warning"].get<quint64>(), quint64(3));
    KIT_VERIFY_HOLDS(*engine);
}

void TestRecursion::asyncLoopDropsTheEventWithoutADestination()
{
    // w publishes to t, t invokes w asynchronously: 16 runs, the 17th event is dropped.
    auto engine = engineFor(
        R"({"id": "w", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "10ms"}}},
           {"id": "t", "kind": "topic"})",
        R"({"from": "w", "to": "t"}, {"from": "t", "to": "w"})");
    QVERIFY(engine);
    put(*engine, "w", Json{{"n", 1}});
    engine->run(minutes(10));
    const Json r = engine->report();
    QCOMPARE(num(r, "w", "invoked"), quint64(16));
    QCOMPARE(num(r, "w", "recursiveLoops"), quint64(1));
    QCOMPARE(dropped(r, "recursive-loop"), quint64(1));
    KIT_VERIFY_HOLDS(*engine);
}

void TestRecursion::asyncLoopGoesToTheOnFailureDestination()
{
    // a and b invoke each other asynchronously; a's 17th event goes to its on-failure queue
    // with the invocation record Lambda writes. (Through a topic the SNS envelope nests once
    // per turn and outgrows SQS's 256 KB long before: that loop is the test above.)
    auto engine = engineFor(
        R"({"id": "a", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "10ms"}}},
           {"id": "b", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "10ms"}}},
           {"id": "failures", "kind": "queue"})",
        R"({"from": "a", "to": "b", "config": {"invocation": "async"}},
           {"from": "b", "to": "a", "config": {"invocation": "async"}},
           {"from": "a", "to": "failures", "config": {"when": "failure"}})");
    QVERIFY(engine);
    put(*engine, "a", Json{{"n", 1}});
    engine->run(minutes(10));
    const Json r = engine->report();
    QCOMPARE(num(r, "a", "invoked"), quint64(16));
    QCOMPARE(num(r, "b", "invoked"), quint64(16));
    QCOMPARE(num(r, "a", "recursiveLoops"), quint64(1));
    QCOMPARE(as<int>(r["nodes"]["failures"]["queue"]["visible"]), 1);
    const Json record = r["nodes"]["failures"]["queue"]["messages"][0]["body"];
    QCOMPARE(as<std::string>(record["requestContext"]["condition"]), std::string("RecursiveInvocationException"));
    QCOMPARE(as<int>(record["requestPayload"]["n"]), 1);
    QCOMPARE(dropped(r, "recursive-loop"), quint64(0));
    KIT_VERIFY_HOLDS(*engine);
}

void TestRecursion::twoFunctionLoopCountsEachFunction()
{
    // a → q1 → b → q2 → a: each runs 16 times; a's 17th invocation is the one stopped.
    auto engine = engineFor(
        R"({"id": "a", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "10ms"}}},
           {"id": "b", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "10ms"}}},
           {"id": "q1", "kind": "queue"}, {"id": "q2", "kind": "queue"})",
        R"({"from": "a", "to": "q1"}, {"from": "q1", "to": "b", "config": {"batchSize": 1}},
           {"from": "b", "to": "q2"}, {"from": "q2", "to": "a", "config": {"batchSize": 1}})");
    QVERIFY(engine);
    put(*engine, "q2", Json{{"n", 1}});
    engine->run(minutes(2));
    const Json r = engine->report();
    QCOMPARE(num(r, "a", "invoked"), quint64(16));
    QCOMPARE(num(r, "b", "invoked"), quint64(16));
    QVERIFY(num(r, "a", "recursiveLoops") >= 1);
    QCOMPARE(num(r, "b", "recursiveLoops"), quint64(0));
    KIT_VERIFY_HOLDS(*engine);
}

void TestRecursion::longChainOfDistinctFunctionsRuns()
{
    // 20 functions in a row: the chain is long but no function repeats.
    std::string nodes;
    std::string edges;
    for (int i = 1; i <= 20; ++i) {
        if (i > 1) {
            nodes += ",";
            edges += (i > 2 ? "," : "") + std::string(R"({"from": "f)") + std::to_string(i - 1) + R"(", "to": "f)" +
                     std::to_string(i) + R"("})";
        }
        nodes += R"({"id": "f)" + std::to_string(i) +
                 R"(", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "1ms"}}})";
    }
    auto engine = engineFor(nodes, edges);
    QVERIFY(engine);
    put(*engine, "f1", Json{{"n", 1}});
    engine->run(minutes(1));
    const Json r = engine->report();
    for (int i = 1; i <= 20; ++i) QCOMPARE(num(r, ("f" + std::to_string(i)).c_str(), "succeeded"), quint64(1));
    QCOMPARE(num(r, "f20", "recursiveLoops"), quint64(0));
    KIT_VERIFY_HOLDS(*engine);
}

QTEST_GUILESS_MAIN(TestRecursion)
#include "tst_recursion.moc"
