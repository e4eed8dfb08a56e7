// queue → function event source mappings (batch size, batch window, partial batch responses,
// poller scaling, paused consumers), FIFO order and deduplication, and redrive.
#include "../enginekit/EngineKit.h"
#include "QueueTests.h"
#include "engine/nodes/Queue.h"

#include <algorithm>
#include <map>
#include <set>

using namespace ml;
using namespace kit;

namespace {

using Timeline = std::vector<std::pair<Micros, qint64>>;  // (time, value) of events

Timeline timeline(const Recorder& rec, EventType type, const std::string& node)
{
    Timeline out;
    for (const EngineEvent& e : rec.of(type, node)) out.emplace_back(e.time, e.value);
    return out;
}

std::unique_ptr<Engine> pipeline(const std::string& queueConfig, const std::string& workerConfig,
                                 const std::string& mappingConfig)
{
    return engineFor(R"({"id": "jobs", "kind": "queue", "config": )" + queueConfig + R"(},
                        {"id": "w", "kind": "worker", "config": )" +
                         workerConfig + "}",
                     R"({"from": "jobs", "to": "w", "config": )" + mappingConfig + "}");
}

const char* kFast = R"({"latency": {"dist": "fixed", "value": "100ms"}})";

}  // namespace

void TestQueue::batchOfTenFormsAtOnce()
{
    // 25 messages wait while consumers are paused; on resume at 1 s the pollers take
    // batches of 10, 10 and 5 at once.
    auto engine = pipeline("{}", kFast, R"({"batchSize": 10})");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    Fault paused;
    paused.pauseConsumers = true;
    setFault(*engine, "jobs", paused);
    for (int i = 0; i < 25; ++i) put(*engine, "jobs", Json{{"n", i}});
    runTo(*engine, sec(1));
    QCOMPARE(rec.count(EventType::InvokeStart, "w"), 0);
    setFault(*engine, "jobs", Fault{});
    engine->run(sec(2));
    QCOMPARE(timeline(rec, EventType::InvokeStart, "w"), (Timeline{{sec(1), 10}, {sec(1), 10}, {sec(1), 5}}));
    QCOMPARE(cons(engine->report(), "delivered"), quint64(25));
    KIT_VERIFY_HOLDS(*engine);
}

void TestQueue::batchWindowGathersThenInvokesWithFewer()
{
    // batchSize 10, batchWindow 2 s. 25 at 0 s: the first opens the window; at the 10th and the
    // 20th a full batch forms at once; the last 5 wait for the window and go at 2 s.
    auto engine = pipeline("{}", kFast, R"({"batchSize": 10, "batchWindow": "2s"})");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    for (int i = 0; i < 25; ++i) put(*engine, "jobs", Json{{"n", i}});
    engine->run(sec(5));
    QCOMPARE(timeline(rec, EventType::InvokeStart, "w"), (Timeline{{0, 10}, {0, 10}, {sec(2), 5}}));
    KIT_VERIFY_HOLDS(*engine);

    // 3 at 0 s and 3 at 1 s gather into one batch of 6 when the window closes at 2 s.
    engine = pipeline("{}", kFast, R"({"batchSize": 10, "batchWindow": "2s"})");
    QVERIFY(engine);
    Recorder rec2;
    engine->addObserver(&rec2);
    for (int i = 0; i < 3; ++i) put(*engine, "jobs", Json{{"n", i}});
    runTo(*engine, sec(1));
    for (int i = 0; i < 3; ++i) put(*engine, "jobs", Json{{"n", i}});
    engine->run(sec(5));
    QCOMPARE(timeline(rec2, EventType::InvokeStart, "w"), (Timeline{{sec(2), 6}}));
    QCOMPARE(cons(engine->report(), "delivered"), quint64(6));
    KIT_VERIFY_HOLDS(*engine);
}

void TestQueue::partialBatchResponseReturnsOnlyListed()
{
    // One batch of 10 at 0 s (the 10th message fills it); each item fails with probability 0.5
    // and is listed in batchItemFailures. The k listed messages stay invisible until 30 s; the
    // other 10 − k are deleted (delivered). Back at 30 s, fewer than 10, they wait for the 1 s
    // batch window and are received at 31 s with receiveCount 2. Seed 7 gives 0 < k < 10.
    auto engine = pipeline(R"({"visibilityTimeout": "30s"})",
                           R"({"errorRate": 0.5, "latency": {"dist": "fixed", "value": "100ms"}})",
                           R"({"batchSize": 10, "batchWindow": "1s", "reportBatchItemFailures": true})");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    for (int i = 0; i < 10; ++i) put(*engine, "jobs", Json{{"n", i}});
    engine->run(sec(29));
    const auto delivered = rec.of(EventType::Delivered);
    const auto k = quint64(10 - delivered.size());
    QVERIFY2(k > 0 && k < 10, qPrintable(QString::number(k)));
    QCOMPARE(num(engine->report(), "w", "invoked"), quint64(1));
    QCOMPARE(num(engine->report(), "w", "succeeded"), quint64(1));
    QCOMPARE(as<quint64>(engine->report()["nodes"]["jobs"]["queue"]["inFlight"]), k);
    KIT_VERIFY_HOLDS(*engine);

    engine->run(sec(32));
    std::set<quint64> back;
    for (const EngineEvent& e : rec.of(EventType::VisibilityExpired, "jobs")) {
        QCOMPARE(e.time, sec(30));
        back.insert(e.message);
    }
    QCOMPARE(quint64(back.size()), k);
    for (const EngineEvent& e : delivered) QVERIFY(!back.count(e.message));
    std::set<quint64> received;
    for (const EngineEvent& e : rec.of(EventType::Received, "jobs"))
        if (e.time >= sec(29)) {
            QCOMPARE(e.value, qint64(2));
            QCOMPARE(e.time, sec(31));
            received.insert(e.message);
        }
    QCOMPARE(received, back);
    KIT_VERIFY_HOLDS(*engine);
}

void TestQueue::failedBatchReturnsWhole()
{
    // Without partial batch responses a failed batch of 10 comes back whole at 30 s.
    auto engine = pipeline(R"({"visibilityTimeout": "30s"})",
                           R"({"errorRate": 1, "latency": {"dist": "fixed", "value": "100ms"}})",
                           R"({"batchSize": 10, "batchWindow": "1s"})");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    for (int i = 0; i < 10; ++i) put(*engine, "jobs", Json{{"n", i}});
    engine->run(sec(31));
    QCOMPARE(timeline(rec, EventType::InvokeStart, "w"), (Timeline{{0, 10}, {sec(30), 10}}));
    std::vector<qint64> counts(10, 1);
    counts.insert(counts.end(), 10, 2);
    QCOMPARE(rec.values(EventType::Received, "jobs"), counts);
    QCOMPARE(cons(engine->report(), "delivered"), quint64(0));
    KIT_VERIFY_HOLDS(*engine);
}

namespace {

// Sends named messages to a FIFO queue; returns message id → name.
std::map<quint64, std::string> sendFifo(Engine& engine, const std::vector<std::pair<std::string, std::string>>& named)
{
    std::map<quint64, std::string> names;
    for (const auto& [name, group] : named) {
        const MessageIndex m = put(engine, "jobs", Json{{"name", name}}, {.groupId = group, .deduplicationId = name});
        names[engine.message(m).id] = name;
    }
    return names;
}

std::vector<std::pair<std::string, Micros>> invocations(const Recorder& rec,
                                                        const std::map<quint64, std::string>& names)
{
    std::vector<std::pair<std::string, Micros>> out;
    for (const EngineEvent& e : rec.of(EventType::InvokeStart, "w")) out.emplace_back(names.at(e.message), e.time);
    return out;
}

}  // namespace

void TestQueue::fifoOrderPerGroup()
{
    // Sent a1 a2 b1 a3 b2, batch size 1, 1 s of work each. A group with a message in flight
    // delivers nothing more; other groups proceed: a1 and b1 at 0 s, a2 and b2 at 1 s, a3 at 2 s.
    auto engine =
        pipeline(R"({"type": "fifo"})", R"({"latency": {"dist": "fixed", "value": "1s"}})", R"({"batchSize": 1})");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    const auto names = sendFifo(*engine, {{"a1", "A"}, {"a2", "A"}, {"b1", "B"}, {"a3", "A"}, {"b2", "B"}});
    engine->run(sec(10));
    using Row = std::pair<std::string, Micros>;
    QCOMPARE(invocations(rec, names),
             (std::vector<Row>{{"a1", 0}, {"b1", 0}, {"a2", sec(1)}, {"b2", sec(1)}, {"a3", sec(2)}}));
    QCOMPARE(cons(engine->report(), "delivered"), quint64(5));
    KIT_VERIFY_HOLDS(*engine);
}

void TestQueue::fifoGroupBlockedWhileInFlight()
{
    // a1 and b1 fail at 0.1 s (fault: errorRate 1, cleared at 0.5 s) and stay in flight until
    // the 30 s visibility timeout: until then neither group delivers anything, though a2 waits.
    // At 30 s a1 and b1 come back first, in order; a2 follows when a1 succeeds at 30.1 s.
    auto engine = pipeline(R"({"type": "fifo", "visibilityTimeout": "30s"})", kFast, R"({"batchSize": 1})");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    Fault failing;
    failing.errorRate = 1.0;
    setFault(*engine, "w", failing);
    const auto names = sendFifo(*engine, {{"a1", "A"}, {"a2", "A"}, {"b1", "B"}});
    runTo(*engine, ms(500));
    setFault(*engine, "w", Fault{});
    engine->run(sec(40));
    using Row = std::pair<std::string, Micros>;
    QCOMPARE(invocations(rec, names),
             (std::vector<Row>{{"a1", 0}, {"b1", 0}, {"a1", sec(30)}, {"b1", sec(30)}, {"a2", sec(30) + ms(100)}}));
    KIT_VERIFY_HOLDS(*engine);
}

void TestQueue::fifoDeduplication_data()
{
    QTest::addColumn<bool>("content");
    QTest::addColumn<QString>("firstId");
    QTest::addColumn<QString>("secondId");
    QTest::addColumn<int>("secondBody");
    QTest::addColumn<qint64>("secondAt");
    QTest::addColumn<int>("kept");
    // 5-minute deduplication interval, by deduplicationId or (contentDeduplication) the body.
    QTest::newRow("same id within 5 min") << false << "x"
                                          << "x" << 1 << (minutes(5) - sec(1)) << 1;
    QTest::newRow("same id after 5 min") << false << "x"
                                         << "x" << 1 << (minutes(5) + sec(1)) << 2;
    QTest::newRow("other id") << false << "x"
                              << "y" << 1 << sec(10) << 2;
    QTest::newRow("same body, content dedup") << true << ""
                                              << "" << 1 << minutes(1) << 1;
    QTest::newRow("same body after 5 min") << true << ""
                                           << "" << 1 << (minutes(5) + sec(1)) << 2;
    QTest::newRow("other body, content dedup") << true << ""
                                               << "" << 2 << minutes(1) << 2;
    QTest::newRow("ids win over content") << true << "x"
                                          << "y" << 1 << minutes(1) << 2;
}

void TestQueue::fifoDeduplication()
{
    QFETCH(bool, content);
    QFETCH(QString, firstId);
    QFETCH(QString, secondId);
    QFETCH(int, secondBody);
    QFETCH(qint64, secondAt);
    QFETCH(int, kept);
    auto engine = engineFor(
        std::string(R"({"id": "jobs", "kind": "queue", "config": {"type": "fifo", "contentDeduplication": )") +
            (content ? "true" : "false") + "}}",
        "");
    QVERIFY(engine);
    put(*engine, "jobs", Json{{"order", 1}}, {.groupId = "g", .deduplicationId = firstId.toStdString()});
    runTo(*engine, secondAt);
    put(*engine, "jobs", Json{{"order", secondBody}}, {.groupId = "g", .deduplicationId = secondId.toStdString()});
    runTo(*engine, secondAt + sec(1));
    Json r = engine->report();
    QCOMPARE(as<int>(r["nodes"]["jobs"]["queue"]["visible"]), kept);
    QCOMPARE(dropped(r, "fifo-duplicate"), quint64(2 - kept));
    KIT_VERIFY_HOLDS(*engine);
}

namespace {

// 50 messages dead-lettered by 5 s: every invocation fails (fault), maxReceiveCount 1, 1 s
// visibility timeout; then the fault is cleared so redriven messages succeed.
std::unique_ptr<Engine> fiftyInTheDlq(Recorder& rec)
{
    auto engine = engineFor(
        R"({"id": "jobs", "kind": "queue", "config": {"visibilityTimeout": "1s", "maxReceiveCount": 1}},
           {"id": "jobs-dlq", "kind": "queue"}, {"id": "elsewhere", "kind": "queue"},
           {"id": "w", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "10ms"}}})",
        R"({"from": "jobs", "to": "w"}, {"from": "jobs", "to": "jobs-dlq", "kind": "dead-letter"})");
    if (!engine) return engine;
    engine->addObserver(&rec);
    Fault failing;
    failing.errorRate = 1.0;
    setFault(*engine, "w", failing);
    for (int i = 0; i < 50; ++i) put(*engine, "jobs", Json{{"n", i}});
    runTo(*engine, sec(5));
    setFault(*engine, "w", Fault{});
    runTo(*engine, sec(10));
    return engine;
}

std::vector<Micros> redriveTimes(const Recorder& rec)
{
    std::vector<Micros> out;
    for (const EngineEvent& e : rec.of(EventType::Sent, "jobs-dlq"))
        if (e.detail == "transfer") out.push_back(e.time);
    return out;
}

}  // namespace

void TestQueue::redriveMovesBackAtMost500PerSecond()
{
    // Redrive from 10 s at the default 500/s: one message every 2 ms, 50 in 98 ms, back to the
    // source queue with a fresh receive count; the worker now succeeds.
    Recorder rec;
    auto engine = fiftyInTheDlq(rec);
    QVERIFY(engine);
    auto* dlq = behaviourOf<Queue>(*engine, "jobs-dlq");
    QVERIFY(dlq);
    QCOMPARE(dlq->visibleCount(), std::size_t(50));
    QCOMPARE(cons(engine->report(), "deadLettered"), quint64(50));
    QVERIFY(dlq->redrive());
    engine->run(sec(20));
    const std::vector<Micros> moved = redriveTimes(rec);
    QCOMPARE(moved.size(), std::size_t(50));
    for (std::size_t i = 0; i < moved.size(); ++i) QCOMPARE(moved[i], sec(10) + Micros(i) * ms(2));
    for (const EngineEvent& e : rec.of(EventType::Received, "jobs"))
        if (e.time >= sec(10)) QCOMPARE(e.value, qint64(1));
    Json r = engine->report();
    QCOMPARE(dlq->visibleCount(), std::size_t(0));
    QCOMPARE(cons(r, "delivered"), quint64(50));
    QCOMPARE(cons(r, "deadLettered"), quint64(0));
    KIT_VERIFY_HOLDS(*engine);
}

void TestQueue::redriveAtAChosenRate()
{
    // 10/s to another queue: moves at 10.0 s, 10.1 s, … — 11 by 11 s, all 50 by 14.9 s.
    Recorder rec;
    auto engine = fiftyInTheDlq(rec);
    QVERIFY(engine);
    auto* dlq = behaviourOf<Queue>(*engine, "jobs-dlq");
    auto* elsewhere = behaviourOf<Queue>(*engine, "elsewhere");
    QVERIFY(dlq && elsewhere);
    QVERIFY(dlq->redrive(engine->nodeIndex(QStringLiteral("elsewhere")), 10));
    engine->run(sec(11));
    QCOMPARE(elsewhere->visibleCount(), std::size_t(11));
    QCOMPARE(dlq->visibleCount(), std::size_t(39));
    engine->run(sec(20));
    QCOMPARE(elsewhere->visibleCount(), std::size_t(50));
    QCOMPARE(redriveTimes(rec).back(), sec(10) + ms(4900));
    QCOMPARE(cons(engine->report(), "queued"), quint64(50));
    KIT_VERIFY_HOLDS(*engine);
}

void TestQueue::pollersStartAtFiveAndScale()
{
    // 400 messages, batch size 1, each invocation takes 800 s (visibility 12 h, so nothing comes
    // back): 5 concurrent batches at 0 s; +300 pollers at 60 s; the last 95 at 120 s.
    auto engine =
        pipeline(R"({"visibilityTimeout": "12h"})",
                 R"({"timeout": "900s", "latency": {"dist": "fixed", "value": "800s"}})", R"({"batchSize": 1})");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    for (int i = 0; i < 400; ++i) put(*engine, "jobs", Json{{"n", i}});
    engine->run(sec(130));
    std::map<Micros, int> started;
    for (Micros t : rec.times(EventType::InvokeStart, "w")) ++started[t];
    QCOMPARE(started, (std::map<Micros, int>{{0, 5}, {sec(60), 300}, {sec(120), 95}}));
    QCOMPARE(cons(engine->report(), "inFlight"), quint64(400));
    KIT_VERIFY_HOLDS(*engine);

    // maxConcurrency caps the batches whatever the pollers: 2 at a time.
    engine = pipeline(R"({"visibilityTimeout": "12h"})",
                      R"({"timeout": "900s", "latency": {"dist": "fixed", "value": "800s"}})",
                      R"({"batchSize": 1, "maxConcurrency": 2})");
    QVERIFY(engine);
    for (int i = 0; i < 400; ++i) put(*engine, "jobs", Json{{"n", i}});
    engine->run(sec(130));
    QCOMPARE(num(engine->report(), "w", "invoked"), quint64(2));
    KIT_VERIFY_HOLDS(*engine);
}

void TestQueue::pauseConsumersStopsPolling()
{
    // 5 at 0 s are processed; paused at 1 s, 5 more wait (visible) until resumed at 10 s, when
    // one batch takes all 5.
    auto engine = pipeline("{}", kFast, R"({"batchSize": 10})");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    for (int i = 0; i < 5; ++i) put(*engine, "jobs", Json{{"n", i}});
    runTo(*engine, sec(1));
    QCOMPARE(rec.count(EventType::InvokeStart, "w"), 5);
    Fault paused;
    paused.pauseConsumers = true;
    setFault(*engine, "jobs", paused);
    for (int i = 0; i < 5; ++i) put(*engine, "jobs", Json{{"n", i}});
    runTo(*engine, sec(10));
    QCOMPARE(rec.count(EventType::InvokeStart, "w"), 5);
    QCOMPARE(as<int>(engine->report()["nodes"]["jobs"]["queue"]["visible"]), 5);
    QCOMPARE(rec.count(EventType::Fault, "jobs"), 1);
    setFault(*engine, "jobs", Fault{});
    engine->run(sec(20));
    QCOMPARE(timeline(rec, EventType::InvokeStart, "w").back(), (std::pair<Micros, qint64>{sec(10), 5}));
    QCOMPARE(cons(engine->report(), "delivered"), quint64(10));
    KIT_VERIFY_HOLDS(*engine);
}
