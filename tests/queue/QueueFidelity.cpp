// Queue rules an audit found missing (issue 8): a FIFO queue's partial batch failures keep
// group order, a FIFO DLQ restarts retention, a FIFO send needs a deduplication id, the 1 MiB
// default message size, and Lambda event filtering on the event source mapping. And (issue 13) a
// batch throttled by the function's reserved concurrency waits while its visibility timeout runs.
#include "../enginekit/EngineKit.h"
#include "QueueTests.h"
#include "engine/nodes/Queue.h"

#include <set>

using namespace ml;
using namespace kit;

void TestQueue::fifoPartialBatchStopsAtFirstFailure_data()
{
    QTest::addColumn<quint64>("seed");
    for (quint64 seed : {1, 2, 3, 4, 5}) QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(seed))) << seed;
}

void TestQueue::fifoPartialBatchStopsAtFirstFailure()
{
    // One group, 10 messages m1…m10, one batch of 10, each item failing with probability 0.5
    // and reportBatchItemFailures. The function stops at the first failure and reports it and
    // every later item, so what the first answer deletes is m1…mk for some k < 10 (a failure
    // among 10 draws at 0.5 is all but certain; each seed is checked), never a later message
    // of the group before an earlier one; the rest stay in flight for the 30 s visibility.
    QFETCH(quint64, seed);
    auto engine = engineFor(
        R"({"id": "jobs", "kind": "queue", "config": {"type": "fifo", "contentDeduplication": true}},
                               {"id": "w", "kind": "worker", "config": {"errorRate": 0.5,
                                "latency": {"dist": "fixed", "value": "100ms"}}})",
        R"({"from": "jobs", "to": "w", "config": {"batchSize": 10, "reportBatchItemFailures": true}})", {.seed = seed});
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    // Consumers paused while the 10 arrive, so the pollers take them as one batch at 0 s.
    Fault paused;
    paused.pauseConsumers = true;
    setFault(*engine, "jobs", paused);
    std::vector<quint64> ids;
    for (int i = 1; i <= 10; ++i)
        ids.push_back(engine->message(put(*engine, "jobs", Json{{"n", i}}, {.groupId = "g"})).id);
    engine->run(0);
    setFault(*engine, "jobs", Fault{});
    engine->run(sec(1));
    QCOMPARE(rec.values(EventType::InvokeStart, "w"), std::vector<qint64>{10});
    std::set<quint64> deleted;
    for (const EngineEvent& e : rec.of(EventType::Delivered, "jobs")) deleted.insert(e.message);
    const std::size_t k = deleted.size();
    QVERIFY2(k < 10, "some item failed");
    for (std::size_t i = 0; i < 10; ++i) QCOMPARE(deleted.count(ids[i]) == 1, i < k);
    QCOMPARE(as<int>(engine->report()["nodes"]["jobs"]["queue"]["inFlight"]), int(10 - k));
    KIT_VERIFY_HOLDS(*engine);
}

void TestQueue::deadLetterQueueSentAt_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<bool>("expiredAt120_5s");
    // Sent at 0 s; the worker fails (100 ms); back at 1 s, the receive that would make
    // receiveCount 2 > maxReceiveCount 1 moves it to the DLQ at 1 s. The DLQ keeps 2 minutes:
    // a standard DLQ keeps sentAt 0 s → expires at 120 s; a FIFO DLQ resets it to 1 s →
    // expires at 121 s. Both have expired by 122 s.
    QTest::newRow("standard keeps the enqueue time") << QStringLiteral("standard") << true;
    QTest::newRow("fifo resets it") << QStringLiteral("fifo") << false;
}

void TestQueue::deadLetterQueueSentAt()
{
    QFETCH(QString, type);
    QFETCH(bool, expiredAt120_5s);
    const std::string t = type.toStdString();
    auto engine =
        engineFor(R"({"id": "jobs", "kind": "queue", "config": {"type": ")" + t + R"(", "visibilityTimeout": "1s",
                                "maxReceiveCount": 1, "contentDeduplication": true}},
                               {"id": "dlq", "kind": "queue", "config": {"type": ")" +
                      t + R"(", "retention": "2m"}},
                               {"id": "w", "kind": "worker", "config": {"errorRate": 1,
                                "latency": {"dist": "fixed", "value": "100ms"}}})",
                  R"({"from": "jobs", "to": "dlq"}, {"from": "jobs", "to": "w"})");
    QVERIFY(engine);
    put(*engine, "jobs", Json{{"n", 1}}, {.groupId = "g"});
    runTo(*engine, sec(2));
    QCOMPARE(num(engine->report(), "jobs", "deadLettered"), quint64(1));
    runTo(*engine, sec(120) + ms(500));
    QCOMPARE(cons(engine->report(), "expired"), quint64(expiredAt120_5s ? 1 : 0));
    runTo(*engine, sec(122));
    QCOMPARE(cons(engine->report(), "expired"), quint64(1));
    KIT_VERIFY_HOLDS(*engine);
}

void TestQueue::fifoWithoutDeduplicationIdIsRefused_data()
{
    QTest::addColumn<bool>("content");
    QTest::addColumn<QString>("clientDedup");
    QTest::addColumn<int>("kept");
    QTest::addColumn<int>("refused");
    QTest::addColumn<int>("duplicates");
    // A client sends 3 messages of the same body, 1 s apart, group "g".
    // No id, no content dedup: SendMessage refuses all 3 ("missing-deduplication-id").
    QTest::newRow("neither") << false << QString() << 0 << 3 << 0;
    // The client's deduplicationId "same" on every message: the 1st is kept, the next two
    // (within 5 min) are accepted but not delivered again ("fifo-duplicate").
    QTest::newRow("client id") << false << QStringLiteral("same") << 1 << 0 << 2;
    // Content-based: the same body is the same id.
    QTest::newRow("content") << true << QString() << 1 << 0 << 2;
}

void TestQueue::fifoWithoutDeduplicationIdIsRefused()
{
    QFETCH(bool, content);
    QFETCH(QString, clientDedup);
    QFETCH(int, kept);
    QFETCH(int, refused);
    QFETCH(int, duplicates);
    const std::string dedup =
        clientDedup.isEmpty() ? "" : R"(, "deduplicationId": ")" + clientDedup.toStdString() + "\"";
    auto engine = engineFor(R"({"id": "c", "kind": "client", "config": {"rate": "1/s", "count": 3,
                                "messages": [{"body": {"n": 1}, "groupId": "g")" +
                                dedup + R"(}]}},
                               {"id": "jobs", "kind": "queue", "config": {"type": "fifo", "contentDeduplication": )" +
                                (content ? "true" : "false") + "}}",
                            R"({"from": "c", "to": "jobs"})");
    QVERIFY(engine);
    engine->run(sec(10));
    const Json r = engine->report();
    QCOMPARE(visible(r, "jobs"), kept);
    QCOMPARE(dropped(r, "missing-deduplication-id"), quint64(refused));
    QCOMPARE(dropped(r, "fifo-duplicate"), quint64(duplicates));
    KIT_VERIFY_HOLDS(*engine);
}

void TestQueue::maxMessageSizeDefaultsToOneMebibyte()
{
    // The default limit is 1 MiB = 1 048 576 bytes of body as sent (SEMANTICS "queue"). A string
    // body of n characters is n + 2 bytes with its quotes: 1 048 574 characters fit exactly,
    // one more does not.
    auto engine = engineFor(R"({"id": "jobs", "kind": "queue"})", "");
    QVERIFY(engine);
    put(*engine, "jobs", Json(std::string(1048574, 'x')));
    put(*engine, "jobs", Json(std::string(1048575, 'x')));
    engine->run(sec(1));
    const Json r = engine->report();
    QCOMPARE(visible(r, "jobs"), 1);
    QCOMPARE(dropped(r, "message-too-large"), quint64(1));
    KIT_VERIFY_HOLDS(*engine);
}

void TestQueue::filterCriteria_data()
{
    QTest::addColumn<QByteArray>("criteria");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("attributes");
    QTest::addColumn<bool>("invoked");
    auto row = [](const char* name, const char* criteria, const char* body, const char* attributes, bool invoked) {
        QTest::newRow(name) << QByteArray(criteria) << QByteArray(body) << QByteArray(attributes) << invoked;
    };
    row("body exact", R"([{"body": {"type": ["order"]}}])", R"({"type": "order"})", "null", true);
    row("body exact no", R"([{"body": {"type": ["order"]}}])", R"({"type": "refund"})", "null", false);
    row("attributes", R"([{"attributes": {"region": ["eu"]}}])", R"({"n": 1})", R"({"region": "eu"})", true);
    row("attributes no", R"([{"attributes": {"region": ["eu"]}}])", R"({"n": 1})", R"({"region": "us"})", false);
    row("second pattern matches", R"([{"body": {"type": ["order"]}}, {"body": {"type": ["refund"]}}])",
        R"({"type": "refund"})", "null", true);
    row("wildcard", R"([{"body": {"file": [{"wildcard": "images/*.png"}]}}])", R"({"file": "images/a/b.png"})", "null",
        true);
    row("wildcard no", R"([{"body": {"file": [{"wildcard": "images/*.png"}]}}])", R"({"file": "docs/b.png"})", "null",
        false);
    row("prefix ignoring case", R"([{"body": {"region": [{"prefix": {"equals-ignore-case": "EU-"}}]}}])",
        R"({"region": "eu-west-1"})", "null", true);
    row("anything-but wildcard", R"([{"body": {"file": [{"anything-but": {"wildcard": "*.tmp"}}]}}])",
        R"({"file": "a.tmp"})", "null", false);
    row("numeric", R"([{"body": {"total": [{"numeric": [">", 100]}]}}])", R"({"total": 150})", "null", true);
    row("cidr", R"([{"body": {"ip": [{"cidr": "10.0.0.0/24"}]}}])", R"({"ip": "10.0.0.7"})", "null", true);
}

void TestQueue::filterCriteria()
{
    // One message; the mapping's filterCriteria decides: a match is invoked and deleted on
    // success (delivered); a message matching no pattern is deleted at once without an
    // invocation, counted as filtered (dropped "filtered" in the ledger).
    QFETCH(QByteArray, criteria);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, attributes);
    QFETCH(bool, invoked);
    auto engine =
        engineFor(R"({"id": "jobs", "kind": "queue"},
                               {"id": "w", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "100ms"}}})",
                  R"({"from": "jobs", "to": "w", "config": {"filterCriteria": )" + criteria.toStdString() + "}}");
    QVERIFY(engine);
    put(*engine, "jobs", Json::parse(body.toStdString()), {.attributes = Json::parse(attributes.toStdString())});
    engine->run(sec(2));
    const Json r = engine->report();
    QCOMPARE(num(r, "w", "invoked"), quint64(invoked ? 1 : 0));
    QCOMPARE(num(r, "jobs", "filtered"), quint64(invoked ? 0 : 1));
    QCOMPARE(dropped(r, "filtered"), quint64(invoked ? 0 : 1));
    QCOMPARE(cons(r, "delivered"), quint64(invoked ? 1 : 0));
    QCOMPARE(visible(r, "jobs"), 0);
    KIT_VERIFY_HOLDS(*engine);
}

void TestQueue::throttledBatchWaitsAgainstTheVisibilityTimeout_data()
{
    // f: reserved concurrency 1, exactly 9 s per job (timeout 10 s); batches of 1. m1 arrives at
    // 0 s and runs 0–9 s. m2 arrives at 1 s: throttled; the mapping holds its batch and invokes
    // again after 1, 2, 4, 8 s (doubling): throttled at 1, 2, 4 and 8 s, runs at 16 s.
    QTest::addColumn<QString>("visibility");
    QTest::addColumn<std::vector<Micros>>("throttledAt");
    QTest::addColumn<std::vector<Micros>>("startedAt");
    QTest::addColumn<std::vector<Micros>>("expiredAt");
    // 60 s (6× the timeout): m2's batch waits 15 s of its 60, runs 16–25 s and is deleted. Once each.
    QTest::newRow("6x: 60s") << QStringLiteral("60s") << std::vector<Micros>{sec(1), sec(2), sec(4), sec(8)}
                             << std::vector<Micros>{0, sec(16)} << std::vector<Micros>{};
    // 10 s (= the timeout, what AWS accepts): m2's visibility ends at 11 s while its batch still
    // waits; it is received again (receiveCount 2) and runs at 11 s, f being free since 9 s. The
    // held batch's next try, at 16 s, finds its receipt stale and is given up: no third run.
    QTest::newRow("1x: 10s") << QStringLiteral("10s") << std::vector<Micros>{sec(1), sec(2), sec(4), sec(8)}
                             << std::vector<Micros>{0, sec(11)} << std::vector<Micros>{sec(11)};
    // 20 s: the held batch runs at 16 s but its visibility ends at 21 s while it runs: m2 is received
    // again at 21 s, throttled at 21, 22 and 24 s (f busy until 25 s) and runs again at 28 s —
    // processed twice. Its second receipt (visible again at 41 s) is deleted at 37 s.
    QTest::newRow("2x: 20s") << QStringLiteral("20s")
                             << std::vector<Micros>{sec(1), sec(2), sec(4), sec(8), sec(21), sec(22), sec(24)}
                             << std::vector<Micros>{0, sec(16), sec(28)} << std::vector<Micros>{sec(21)};
}

void TestQueue::throttledBatchWaitsAgainstTheVisibilityTimeout()
{
    QFETCH(QString, visibility);
    QFETCH(std::vector<Micros>, throttledAt);
    QFETCH(std::vector<Micros>, startedAt);
    QFETCH(std::vector<Micros>, expiredAt);
    auto engine = engineFor(
        R"({"id": "jobs", "kind": "queue", "config": {"visibilityTimeout": ")" + visibility.toStdString() + R"("}},
                               {"id": "f", "kind": "worker", "config": {"timeout": "10s", "concurrency": 1,
                                "latency": {"dist": "fixed", "value": "9s"}}})",
        R"({"from": "jobs", "to": "f", "config": {"batchSize": 1}})");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "jobs", Json{{"n", 1}});
    runTo(*engine, sec(1));
    put(*engine, "jobs", Json{{"n", 2}});
    runTo(*engine, minutes(2));
    QCOMPARE(rec.times(EventType::Throttled, "f"), throttledAt);
    QCOMPARE(rec.times(EventType::InvokeStart, "f"), startedAt);
    QCOMPARE(rec.times(EventType::VisibilityExpired, "jobs"), expiredAt);
    const Json report = engine->report();
    QCOMPARE(num(report, "f", "succeeded"), quint64(startedAt.size()));
    QCOMPARE(visible(report, "jobs"), 0);
    QCOMPARE(as<int>(report["nodes"]["jobs"]["queue"]["inFlight"]), 0);
    KIT_VERIFY_HOLDS(*engine);
}
