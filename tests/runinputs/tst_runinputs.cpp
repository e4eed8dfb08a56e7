// The run's journaled inputs the GUI's Send test message and Queues tab use: an injected message
// carries attributes, a FIFO group id and a deduplication id; chosen dead-lettered messages (by
// id) are redriven at once; both are replayed by step back.
#include "../enginekit/EngineKit.h"
#include "engine/EngineRun.h"
#include "engine/nodes/Queue.h"

#include <QDateTime>

#include <map>

using namespace ml;

namespace {

const char* kFifo = R"({"format": "microlab/1", "name": "fifo", "seed": 7, "nodes": [
  {"id": "orders", "kind": "queue", "config": {"type": "fifo"}}], "edges": []})";

const char* kPipeline = R"({"format": "microlab/1", "name": "dlq", "seed": 7, "nodes": [
  {"id": "jobs", "kind": "queue", "config": {"visibilityTimeout": "10s", "maxReceiveCount": 1}},
  {"id": "other", "kind": "queue"},
  {"id": "dlq", "kind": "queue"},
  {"id": "worker", "kind": "worker", "config": {"timeout": "1s"}}],
 "edges": [{"from": "jobs", "to": "worker"}, {"from": "jobs", "to": "dlq"}]})";

std::unique_ptr<EngineRun> runOf(const char* text)
{
    std::optional<Diagram> d = kit::diagramFromText(text);
    if (!d) return nullptr;
    Result<std::unique_ptr<EngineRun>> created = EngineRun::create(*d);
    return created ? std::move(created).value() : nullptr;
}

const Queue& queueOf(EngineRun& run, const char* id)
{
    return dynamic_cast<const Queue&>(run.engine().behaviour(run.engine().nodeIndex(QString::fromLatin1(id))));
}

std::vector<quint64> visibleIds(EngineRun& run, const char* id)
{
    std::vector<quint64> out;
    for (MessageIndex m : queueOf(run, id).visibleMessages(1000)) out.push_back(run.engine().message(m).id);
    return out;
}

void runMinutes(EngineRun& run, int minutes) { run.run(run.engine().now() + minutes * kMicrosPerMinute); }

}  // namespace

class TestRunInputs : public QObject {
    Q_OBJECT
private slots:
    void fifoInjectionCarriesGroupAndDeduplication();
    void attributesMustBeAnObject();
    void redriveChosenMessages_data();
    void redriveChosenMessages();
    void redriveOfChosenMessagesReplays();
    void logLinesNameTheirMessage();
};

void TestRunInputs::fifoInjectionCarriesGroupAndDeduplication()
{
    std::unique_ptr<EngineRun> run = runOf(kFifo);
    QVERIFY(run);
    InjectExtras extras;
    extras.groupId = "customer-7";
    extras.deduplicationId = "order-1";
    extras.attributes = Json{{"color", "red"}, {"size", 3}};
    const Result<quint64> sent = run->inject(QStringLiteral("orders"), Json{{"n", 1}}, "alice", extras);
    QVERIFY(sent.ok());
    runMinutes(*run, 1);
    // It arrived with what the sender set.
    const std::vector<MessageIndex> held = queueOf(*run, "orders").visibleMessages(10);
    QCOMPARE(held.size(), std::size_t(1));
    const Message& msg = run->engine().message(held[0]);
    QCOMPARE(msg.id, sent.value());
    QCOMPARE(msg.groupId, std::string("customer-7"));
    QCOMPARE(msg.deduplicationId, std::string("order-1"));
    QVERIFY(msg.attributes);
    QCOMPARE(msg.attributes->value("color", std::string()), std::string("red"));

    // Without a group id a FIFO queue refuses it; the same dedup id within 5 minutes is a
    // duplicate; a new one is accepted: 1 + 0 + 0 + 1 = 2 held.
    QVERIFY(run->inject(QStringLiteral("orders"), Json{{"n", 2}}).ok());
    QVERIFY(run->inject(QStringLiteral("orders"), Json{{"n", 3}}, {}, extras).ok());
    extras.deduplicationId = "order-2";
    QVERIFY(run->inject(QStringLiteral("orders"), Json{{"n", 4}}, {}, extras).ok());
    runMinutes(*run, 1);
    QCOMPARE(queueOf(*run, "orders").visibleCount(), std::size_t(2));

    // Step back replays the inputs with their extras: one event back and forward again is the
    // same state.
    const std::string report = run->engine().report().dump();
    const Micros until = run->engine().now();
    QVERIFY(run->stepBack(1).ok());
    run->run(until);
    QCOMPARE(run->engine().report().dump(), report);
    QCOMPARE(queueOf(*run, "orders").visibleCount(), std::size_t(2));
    QCOMPARE(run->engine().message(queueOf(*run, "orders").visibleMessages(1)[0]).groupId, std::string("customer-7"));
}

void TestRunInputs::attributesMustBeAnObject()
{
    std::unique_ptr<EngineRun> run = runOf(kFifo);
    QVERIFY(run);
    InjectExtras extras;
    extras.attributes = Json::array({1, 2});
    const Result<quint64> sent = run->inject(QStringLiteral("orders"), Json::object(), {}, extras);
    QVERIFY(!sent.ok());
    QCOMPARE(sent.error().pointer, QStringLiteral("/attributes"));
}

void TestRunInputs::redriveChosenMessages_data()
{
    QTest::addColumn<QString>("target");  // empty: the source queue
    QTest::addColumn<int>("jobsReceivedAfter");
    QTest::addColumn<int>("otherVisibleAfter");
    // 4 messages fail into the DLQ; messages 1 and 3 are redriven, 2 and 4 stay: dlq 4 → 2.
    // To the source: jobs receives 4 + 2 = 6 and the worker (fault cleared) takes them.
    QTest::newRow("to source") << QString() << 6 << 0;
    // To another queue: jobs still 4 received, "other" holds the 2 (it has no consumer).
    QTest::newRow("to other") << QStringLiteral("other") << 4 << 2;
}

void TestRunInputs::redriveChosenMessages()
{
    QFETCH(QString, target);
    QFETCH(int, jobsReceivedAfter);
    QFETCH(int, otherVisibleAfter);
    std::unique_ptr<EngineRun> run = runOf(kPipeline);
    QVERIFY(run);
    const int worker = run->engine().nodeIndex(QStringLiteral("worker"));
    Fault down;
    down.down = true;
    run->setFault(worker, down);
    std::vector<quint64> sent;
    for (int i = 0; i < 4; ++i) sent.push_back(run->inject(QStringLiteral("jobs"), Json{{"n", i}}).value());
    runMinutes(*run, 2);
    QCOMPARE(queueOf(*run, "dlq").visibleCount(), std::size_t(4));
    run->setFault(worker, Fault{});

    const int dlq = run->engine().nodeIndex(QStringLiteral("dlq"));
    const int to = target.isEmpty() ? -1 : run->engine().nodeIndex(target);
    QCOMPARE(run->redriveMessages(dlq, {sent[0], sent[2], 999'999}, to), qint64(2));  // the unknown id is skipped
    QCOMPARE(visibleIds(*run, "dlq"), (std::vector<quint64>{sent[1], sent[3]}));
    runMinutes(*run, 2);
    QCOMPARE(queueOf(*run, "dlq").visibleCount(), std::size_t(2));
    QCOMPARE(int(run->engine().behaviour(run->engine().nodeIndex(QStringLiteral("jobs"))).stats().received),
             jobsReceivedAfter);
    QCOMPARE(int(queueOf(*run, "other").visibleCount()), otherVisibleAfter);
    QVERIFY(run->engine().conservation().holds);
    QCOMPARE(run->redriveMessages(worker, {sent[1]}), qint64(-1));  // a function is no queue
}

void TestRunInputs::redriveOfChosenMessagesReplays()
{
    std::unique_ptr<EngineRun> run = runOf(kPipeline);
    QVERIFY(run);
    Fault down;
    down.down = true;
    run->setFault(run->engine().nodeIndex(QStringLiteral("worker")), down);
    std::vector<quint64> sent;
    for (int i = 0; i < 3; ++i) sent.push_back(run->inject(QStringLiteral("jobs"), Json{{"n", i}}).value());
    runMinutes(*run, 2);
    QCOMPARE(run->redriveMessages(run->engine().nodeIndex(QStringLiteral("dlq")), {sent[1]}), qint64(1));
    run->run(run->engine().now() + kMicrosPerMinute, 5);
    const quint64 events = run->eventCount();
    const Micros until = run->engine().now() + 2 * kMicrosPerMinute;
    run->run(until);
    const std::string report = run->engine().report().dump();
    QCOMPARE(queueOf(*run, "dlq").visibleCount(), std::size_t(3));  // redriven, failed again (down)
    // Back to just after the redrive, then forward again: the same state.
    QVERIFY(run->stepBack(run->eventCount() - events).ok());
    QCOMPARE(run->eventCount(), events);
    run->run(until);
    QCOMPARE(run->engine().report().dump(), report);
}

void TestRunInputs::logLinesNameTheirMessage()
{
    // The reference architecture has a trigger, a crud service and a websocket handler: every log
    // line they write names the message it is about (the Logs tab selects it on a click).
    Result<LoadedProject> loaded =
        projectfile::load(QStringLiteral(MICROLAB_PROJECTS_DIR "/reference-architecture.mlab.json"));
    QVERIFY(loaded.ok());
    kit::Recorder seen;
    Result<std::unique_ptr<EngineRun>> created = EngineRun::create(loaded.value().diagram, {}, {&seen});
    QVERIFY(created.ok());
    EngineRun& run = *created.value();
    run.run(2 * kMicrosPerMinute);
    std::map<std::string, int> lines, named;
    int checked = 0;
    for (const kit::Recorder::Seen& s : seen.seen) {
        if (s.event.type != EventType::Log) continue;
        // The line an observer gets is the JSON the engine's Json object would dump, byte for
        // byte (it is written directly when no log group wants the object), with the UTC time.
        if (checked < 5000) {
            ++checked;
            const Json parsed = Json::parse(s.event.detail, nullptr, false);
            QVERIFY2(parsed.is_object() && parsed.dump() == s.event.detail, s.event.detail.c_str());
            const QString time =
                QDateTime::fromMSecsSinceEpoch((run.engine().startTime() + s.event.time) / kMicrosPerMilli, Qt::UTC)
                    .toString(Qt::ISODateWithMs);
            QCOMPARE(QString::fromStdString(parsed.value("time", std::string())), time);
        }
        const QString kind = run.engine().node(s.event.node).kind;
        if (kind != QLatin1String("trigger") && kind != QLatin1String("crud") &&
            kind != QLatin1String("websocket-handler"))
            continue;
        ++lines[kind.toStdString()];
        if (s.event.message != 0 && s.event.trace != 0) ++named[kind.toStdString()];
    }
    QVERIFY(checked > 100);
    QVERIFY2(lines.size() == 3, "each of the three kinds logged in two minutes");
    QCOMPARE(named, lines);
}

QTEST_GUILESS_MAIN(TestRunInputs)
#include "tst_runinputs.moc"
