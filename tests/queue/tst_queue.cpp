// queue (SQS) through the engine: receive counts and the dead-letter move at maxReceiveCount,
// timeouts against the visibility timeout, visibility expiry, delay, retention and message
// size. Batches, FIFO and redrive are in QueueBatches.cpp. Conservation holds after every run.
#include "../enginekit/EngineKit.h"
#include "QueueTests.h"
#include "engine/nodes/Queue.h"
#include "format/Duration.h"

#include <algorithm>
#include <set>

using namespace ml;
using namespace kit;

namespace {

const char* kDeadLetterEdges = R"({"from": "jobs", "to": "w", "config": {"batchSize": 1}},
                                  {"from": "jobs", "to": "jobs-dlq", "kind": "dead-letter"})";

}  // namespace

void TestQueue::fiftyFailingMessagesEndInTheDlq()
{
    // The producer sends 50 at 10/s: message i enters at i × 100 ms and is received at once
    // (one or two batches are ever active, far below the 5 pollers). Every invocation fails, so
    // each message comes back after the 30 s visibility timeout: receives at t, t+30 s, t+60 s;
    // the 4th receive at t+90 s would make receiveCount 4 > 3 and moves it to the DLQ instead.
    // 50 × 3 = 150 invocations, 50 dead-lettered, each with receiveCount 3 and its sentAt.
    auto engine = engineFor(
        R"({"id": "producer", "kind": "client", "config": {"rate": "10/s", "count": 50, "messages": [{"body": {"job": 1}}]}},
           {"id": "jobs", "kind": "queue", "config": {"visibilityTimeout": "30s", "maxReceiveCount": 3}},
           {"id": "jobs-dlq", "kind": "queue"},
           {"id": "w", "kind": "worker", "config": {"errorRate": 1, "latency": {"dist": "fixed", "value": "100ms"}}})",
        std::string(R"({"from": "producer", "to": "jobs"}, )") + kDeadLetterEdges);
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    engine->run(minutes(5));
    Json r = engine->report();

    QCOMPARE(num(r, "w", "invoked"), quint64(150));
    QCOMPARE(num(r, "w", "failed"), quint64(150));
    QCOMPARE(num(r, "jobs", "deadLettered"), quint64(50));
    QCOMPARE(as<int>(r["nodes"]["jobs"]["queue"]["visible"]), 0);
    QCOMPARE(as<int>(r["nodes"]["jobs"]["queue"]["inFlight"]), 0);
    QCOMPARE(as<int>(r["nodes"]["jobs-dlq"]["queue"]["visible"]), 50);
    QCOMPARE(rec.count(EventType::InvokeStart, "w"), 150);
    QCOMPARE(rec.values(EventType::DeadLettered, "jobs"), std::vector<qint64>(50, 3));

    auto* dlq = behaviourOf<Queue>(*engine, "jobs-dlq");
    QVERIFY(dlq);
    std::vector<Micros> sentAt;
    for (MessageIndex m : dlq->visibleMessages(100)) {
        const Message& msg = engine->message(m);
        QCOMPARE(msg.receiveCount, 3);
        QCOMPARE(engine->nodeId(msg.deadLetterSource), std::string("jobs"));
        sentAt.push_back(msg.sentAt);
    }
    std::sort(sentAt.begin(), sentAt.end());
    std::vector<Micros> expected;
    for (int i = 0; i < 50; ++i) expected.push_back(i * ms(100));
    QCOMPARE(sentAt, expected);
    // Each was dead-lettered 90 s after it was sent: sentAt is the original, not the move's.
    const std::vector<Micros> moved = rec.times(EventType::DeadLettered, "jobs");
    for (int i = 0; i < 50; ++i) QCOMPARE(moved[size_t(i)], expected[size_t(i)] + sec(90));

    // The report shows the same: receiveCount, deadLetterSourceQueue and the original sentAt.
    Json& first = r["nodes"]["jobs-dlq"]["queue"]["messages"][0];
    QCOMPARE(as<int>(first["receiveCount"]), 3);
    QCOMPARE(as<std::string>(first["deadLetterSourceQueue"]), std::string("jobs"));
    QCOMPARE(as<std::string>(first["sentAt"]), toStd(duration::format(0)));

    QCOMPARE(cons(r, "entered"), quint64(50));
    QCOMPARE(cons(r, "deadLettered"), quint64(50));
    QCOMPARE(cons(r, "delivered"), quint64(0));
    KIT_VERIFY_HOLDS(*engine);
}

void TestQueue::slowFunctionTimesOutTwiceThenDeadLetters()
{
    // 8 s of work, 5 s timeout, 30 s visibility timeout, maxReceiveCount 3:
    // receive 1 at 0 s → timed out at 5 s; visible at 30 s, receive 2 → timed out at 35 s;
    // receive 3 at 60 s → timed out at 65 s; at 90 s the 4th receive moves it to the DLQ.
    auto engine = engineFor(
        R"({"id": "jobs", "kind": "queue", "config": {"visibilityTimeout": "30s", "maxReceiveCount": 3}},
           {"id": "jobs-dlq", "kind": "queue"},
           {"id": "w", "kind": "worker", "config": {"timeout": "5s", "latency": {"dist": "fixed", "value": "8s"}}})",
        kDeadLetterEdges);
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "jobs", Json{{"image", "a.png"}});

    engine->run(sec(50));
    QCOMPARE(num(engine->report(), "w", "timedOut"), quint64(2));
    QCOMPARE(rec.times(EventType::TimedOut, "w"), (std::vector<Micros>{sec(5), sec(35)}));
    KIT_VERIFY_HOLDS(*engine);

    engine->run(sec(90) - 1);
    QCOMPARE(as<int>(engine->report()["nodes"]["jobs-dlq"]["queue"]["visible"]), 0);
    QCOMPARE(num(engine->report(), "w", "timedOut"), quint64(3));

    engine->run(sec(100));
    Json r = engine->report();
    QCOMPARE(as<int>(r["nodes"]["jobs-dlq"]["queue"]["visible"]), 1);
    const std::vector<Micros> moved = rec.times(EventType::DeadLettered, "jobs");
    QCOMPARE(moved.size(), std::size_t(1));
    QVERIFY(moved[0] >= sec(90) && moved[0] <= sec(100));
    QCOMPARE(num(r, "w", "invoked"), quint64(3));
    QCOMPARE(num(r, "w", "succeeded"), quint64(0));
    KIT_VERIFY_HOLDS(*engine);
}

void TestQueue::visibilityTimeoutReturnsWithReceiveCountPlusOne_data()
{
    QTest::addColumn<QString>("visibility");
    QTest::addColumn<qint64>("period");
    // A failing 10 ms function: receives every `period`; 4 receives by 3 periods + 5 s.
    QTest::newRow("10s") << QStringLiteral("10s") << sec(10);
    QTest::newRow("30s") << QStringLiteral("30s") << sec(30);
    QTest::newRow("2m") << QStringLiteral("2m") << minutes(2);
}

void TestQueue::visibilityTimeoutReturnsWithReceiveCountPlusOne()
{
    QFETCH(QString, visibility);
    QFETCH(qint64, period);
    auto engine = engineFor(
        R"({"id": "jobs", "kind": "queue", "config": {"visibilityTimeout": ")" + visibility.toStdString() + R"("}},
           {"id": "w", "kind": "worker", "config": {"errorRate": 1, "latency": {"dist": "fixed", "value": "10ms"}}})",
        R"({"from": "jobs", "to": "w", "config": {"batchSize": 1}})");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "jobs", Json{{"n", 1}});
    engine->run(3 * period + sec(5));
    QCOMPARE(rec.values(EventType::Received, "jobs"), (std::vector<qint64>{1, 2, 3, 4}));
    QCOMPARE(rec.times(EventType::Received, "jobs"), (std::vector<Micros>{0, period, 2 * period, 3 * period}));
    // Each expiry reports the receive count the message had while invisible.
    QCOMPARE(rec.values(EventType::VisibilityExpired, "jobs"), (std::vector<qint64>{1, 2, 3}));
    QCOMPARE(rec.times(EventType::VisibilityExpired, "jobs"), (std::vector<Micros>{period, 2 * period, 3 * period}));
    KIT_VERIFY_HOLDS(*engine);
}

void TestQueue::lateAnswerAfterVisibilityTimeoutDeletesNothing()
{
    // A 2 s function on a 1.5 s visibility timeout (the lint's error case, which the engine must
    // still run right): receives at 0, 1.5 s and 3 s; each answer comes after its receipt went
    // stale (2 s, 3.5 s, 5 s), so SQS deletes nothing; the 4th receive at 4.5 s dead-letters it.
    auto engine = engineFor(
        R"({"id": "jobs", "kind": "queue", "config": {"visibilityTimeout": "1500ms", "maxReceiveCount": 3}},
           {"id": "jobs-dlq", "kind": "queue"},
           {"id": "w", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "2s"}}})",
        kDeadLetterEdges);
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "jobs", Json{{"n", 1}});
    engine->run(sec(10));
    Json r = engine->report();
    QCOMPARE(rec.times(EventType::Received, "jobs"), (std::vector<Micros>{0, ms(1500), sec(3)}));
    QCOMPARE(num(r, "w", "succeeded"), quint64(3));
    QCOMPARE(rec.times(EventType::DeadLettered, "jobs"), (std::vector<Micros>{ms(4500)}));
    QCOMPARE(cons(r, "delivered"), quint64(0));
    QCOMPARE(cons(r, "deadLettered"), quint64(1));
    KIT_VERIFY_HOLDS(*engine);
}

void TestQueue::delayHoldsMessagesBack()
{
    // delay 10 s: a message sent at 0 is delayed (counted as queued) until 10 s, then invoked.
    auto engine = engineFor(
        R"({"id": "jobs", "kind": "queue", "config": {"delay": "10s"}},
           {"id": "w", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "100ms"}}})",
        R"({"from": "jobs", "to": "w"})");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "jobs", Json{{"n", 1}});
    engine->run(sec(5));
    Json r = engine->report();
    QCOMPARE(as<int>(r["nodes"]["jobs"]["queue"]["delayed"]), 1);
    QCOMPARE(as<int>(r["nodes"]["jobs"]["queue"]["visible"]), 0);
    QCOMPARE(cons(r, "queued"), quint64(1));
    QCOMPARE(num(r, "w", "invoked"), quint64(0));
    KIT_VERIFY_HOLDS(*engine);

    engine->run(sec(20));
    r = engine->report();
    QCOMPARE(rec.times(EventType::InvokeStart, "w"), (std::vector<Micros>{sec(10)}));
    QCOMPARE(as<int>(r["nodes"]["jobs"]["queue"]["delayed"]), 0);
    QCOMPARE(cons(r, "delivered"), quint64(1));
    KIT_VERIFY_HOLDS(*engine);
}

void TestQueue::retentionExpires_data()
{
    QTest::addColumn<QString>("delay");
    QTest::newRow("no delay") << QStringLiteral("0s");
    QTest::newRow("delayed") << QStringLiteral("10s");
}

void TestQueue::retentionExpires()
{
    // retention 1 m, nobody consuming: 3 messages sent at 0 s expire at 60 s, 2 sent at 30 s
    // expire at 90 s — counted by the sentAt, whatever the delay before they became visible.
    QFETCH(QString, delay);
    auto engine = engineFor(
        R"({"id": "jobs", "kind": "queue", "config": {"retention": "1m", "delay": ")" + delay.toStdString() + R"("}})",
        "");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    for (int i = 0; i < 3; ++i) put(*engine, "jobs", Json{{"n", i}});
    runTo(*engine, sec(30));
    for (int i = 3; i < 5; ++i) put(*engine, "jobs", Json{{"n", i}});
    runTo(*engine, sec(61));
    Json r = engine->report();
    QCOMPARE(num(r, "jobs", "expired"), quint64(3));
    QCOMPARE(as<int>(r["nodes"]["jobs"]["queue"]["visible"]), 2);
    QCOMPARE(rec.times(EventType::Expired, "jobs"), (std::vector<Micros>(3, sec(60))));
    KIT_VERIFY_HOLDS(*engine);

    runTo(*engine, sec(91));
    r = engine->report();
    QCOMPARE(num(r, "jobs", "expired"), quint64(5));
    QCOMPARE(cons(r, "expired"), quint64(5));
    QCOMPARE(cons(r, "queued"), quint64(0));
    KIT_VERIFY_HOLDS(*engine);
}

void TestQueue::retentionCountsFromSentAt_data()
{
    QTest::addColumn<QString>("queue");
    QTest::addColumn<bool>("consumed");
    // One message sent at 0 s, retention 1 m: it expires at 60 s whether it waited out a 10 s
    // delay first, or was received, failed and came back after the 30 s visibility timeout
    // (consumers paused meanwhile, so nobody receives it again).
    QTest::newRow("after a delay") << R"({"retention": "1m", "delay": "10s"})" << false;
    QTest::newRow("after a visibility timeout") << R"({"retention": "1m", "visibilityTimeout": "30s"})" << true;
}

void TestQueue::retentionCountsFromSentAt()
{
    QFETCH(QString, queue);
    QFETCH(bool, consumed);
    auto engine = engineFor(R"({"id": "jobs", "kind": "queue", "config": )" + queue.toStdString() + R"(},
                               {"id": "w", "kind": "worker", "config": {"errorRate": 1, "latency": {"dist": "fixed", "value": "10ms"}}})",
                            consumed ? R"({"from": "jobs", "to": "w"})" : "");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "jobs", Json{{"n", 1}});
    runTo(*engine, sec(1));
    Fault paused;
    paused.pauseConsumers = true;
    setFault(*engine, "jobs", paused);
    runTo(*engine, sec(61));
    QCOMPARE(rec.count(EventType::InvokeStart, "w"), consumed ? 1 : 0);
    QCOMPARE(rec.times(EventType::Expired, "jobs"), std::vector<Micros>{sec(60)});
    QCOMPARE(cons(engine->report(), "expired"), quint64(1));
    KIT_VERIFY_HOLDS(*engine);
}

void TestQueue::oversizedMessagesAreDroppedEveryTime()
{
    // maxMessageSize 1024 bytes (the least allowed); the client sends the same 3000-byte body 3
    // times and a small one 3 times (alternating by weight is random, so two clients): all 3
    // large ones are refused.
    const std::string big(3000, 'x');
    auto engine = engineFor(
        R"({"id": "big", "kind": "client", "config": {"rate": "1/s", "count": 3, "messages": [{"body": {"blob": ")" +
            big +
            R"("}}]}},
           {"id": "small", "kind": "client", "config": {"rate": "1/s", "count": 3, "messages": [{"body": {"n": 1}}]}},
           {"id": "jobs", "kind": "queue", "config": {"maxMessageSize": 1024}})",
        R"({"from": "big", "to": "jobs"}, {"from": "small", "to": "jobs"})");
    QVERIFY(engine);
    engine->run(sec(10));
    Json r = engine->report();
    QCOMPARE(dropped(r, "message-too-large"), quint64(3));
    QCOMPARE(as<int>(r["nodes"]["jobs"]["queue"]["visible"]), 3);
    KIT_VERIFY_HOLDS(*engine);
}

void TestQueue::oversizedBodyAfterASmallOneIsRefused()
{
    // The queue measures each distinct body once. A small body, consumed and freed, then a
    // 3000-byte one (over the 1024-byte limit) (allocated where the small one was, as often as not): still refused.
    auto engine = engineFor(
        R"({"id": "jobs", "kind": "queue", "config": {"maxMessageSize": 1024}},
           {"id": "w", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "10ms"}}})",
        R"({"from": "jobs", "to": "w"})");
    QVERIFY(engine);
    for (int round = 0; round < 5; ++round) {
        put(*engine, "jobs", Json{{"n", round}});
        runTo(*engine, sec(2 * round + 1));
        put(*engine, "jobs", Json{{"blob", std::string(3000, 'x')}});
        runTo(*engine, sec(2 * round + 2));
    }
    const Json r = engine->report();
    QCOMPARE(dropped(r, "message-too-large"), quint64(5));
    QCOMPARE(num(r, "w", "succeeded"), quint64(5));
    KIT_VERIFY_HOLDS(*engine);
}

void TestQueue::functionToFifoQueueUsesTheUserAsGroup()
{
    // A function sending to a FIFO queue: the edge's groupId, or by default the trace's user
    // (Catalog: enqueue edge "groupId"). Without one SQS would refuse every message.
    auto engine = engineFor(
        R"({"id": "w", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "10ms"}}},
           {"id": "by-user", "kind": "queue", "config": {"type": "fifo", "contentDeduplication": true}},
           {"id": "by-edge", "kind": "queue", "config": {"type": "fifo", "contentDeduplication": true}})",
        R"({"from": "w", "to": "by-user"}, {"from": "w", "to": "by-edge", "config": {"groupId": "orders"}})");
    QVERIFY(engine);
    put(*engine, "w", Json{{"n", 1}}, {.user = "alice"});
    engine->run(sec(1));
    auto* byUser = behaviourOf<Queue>(*engine, "by-user");
    auto* byEdge = behaviourOf<Queue>(*engine, "by-edge");
    QVERIFY(byUser && byEdge);
    QCOMPARE(byUser->visibleCount(), std::size_t(1));
    QCOMPARE(byEdge->visibleCount(), std::size_t(1));
    QCOMPARE(engine->message(byUser->visibleMessages(1)[0]).groupId, std::string("alice"));
    QCOMPARE(engine->message(byEdge->visibleMessages(1)[0]).groupId, std::string("orders"));
    KIT_VERIFY_HOLDS(*engine);
}

QTEST_GUILESS_MAIN(TestQueue)
