// RunAction: the `--at TIME ACTION` texts (parsed good and bad, errors quoting the bad part), each
// action's effect at its exact virtual time in a run (a fault makes the worker fail from then on,
// clear-fault ends it, redrive empties the DLQ back into its source, purge empties a queue and
// counts it so conservation holds), the same actions giving the same event log, and a step back
// across an action replaying it.
#include "../enginekit/EngineKit.h"
#include "engine/EngineRun.h"
#include "engine/EventLogWriter.h"
#include "engine/RunAction.h"

#include <QBuffer>

using namespace ml;
using namespace kit;

namespace {

// jobs (visibility 10 s, maxReceiveCount 2) → resize (a worker taking exactly 100 ms, no errors of
// its own) and → jobs-dlq; parked: a queue nobody reads.
const char* const kNodes = R"(
    {"id": "jobs", "kind": "queue", "config": {"visibilityTimeout": "10s", "maxReceiveCount": 2}},
    {"id": "jobs-dlq", "kind": "queue"},
    {"id": "resize", "kind": "worker", "config": {"timeout": "5s", "errorRate": 0,
                                                  "latency": {"dist": "fixed", "value": "100ms"}}},
    {"id": "parked", "kind": "queue"})";
const char* const kEdges = R"(
    {"from": "jobs", "to": "resize", "config": {"batchSize": 1}},
    {"from": "jobs", "to": "jobs-dlq"})";

std::unique_ptr<EngineRun> makeRun(std::vector<EngineObserver*> observers = {})
{
    const std::optional<Diagram> diagram =
        diagramFromText(std::string(R"({"format": "microlab/1", "name": "run actions", "seed": 7, "nodes": [)") +
                        kNodes + R"(], "edges": [)" + kEdges + "]}");
    if (!diagram) return nullptr;
    Result<std::unique_ptr<EngineRun>> run = EngineRun::create(*diagram, {}, std::move(observers));
    if (!run) {
        qWarning("%s", qPrintable(run.error().message));
        return nullptr;
    }
    return std::move(run).value();
}

// The story the tests play, as --at would give it.
std::vector<TimedRunAction> story()
{
    const std::pair<const char*, const char*> rows[] = {
        {"30s", R"(inject:jobs={"n":1})"},  {"90s", R"(inject:jobs={"n":2})"},
        {"2m", "fault:resize=errorRate:1"}, {"150s", R"(inject:jobs={"n":3})"},
        {"4m", "clear-fault:resize"},       {"5m", "redrive:jobs-dlq"},
        {"6m", R"(inject:parked={"n":4})"}, {"6m", R"(inject:parked={"n":5})"},
        {"6m", R"(inject:parked={"n":6})"}, {"7m", "purge:parked"},
    };
    std::vector<TimedRunAction> out;
    for (const auto& [time, action] : rows) {
        Result<TimedRunAction> parsed = parseTimedRunAction(QString::fromLatin1(time), QString::fromLatin1(action));
        if (!parsed) qFatal("%s", qPrintable(parsed.error().message));
        out.push_back(parsed.value());
    }
    return out;
}

}  // namespace

class TestRunAction : public QObject {
    Q_OBJECT

private slots:
    void parsesGood_data();
    void parsesGood();
    void refusesBad_data();
    void refusesBad();
    void checkedAgainstTheDiagram_data();
    void checkedAgainstTheDiagram();
    void eachActionAtItsTime();
    void redriveToEachSource();
    void sameActionsSameEventLog();
    void stepBackReplaysActions();
};

void TestRunAction::parsesGood_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("node");
    QTest::addColumn<QString>("detail");  // what the action carries, written out

    using K = RunAction::Kind;
    QTest::newRow("inject api")
        << R"(inject:api={"method":"POST","path":"/jobs","body":{"size":7},"user":"alice"})" << int(K::Inject) << "api"
        << R"(user=alice body={"method":"POST","path":"/jobs","body":{"size":7},"user":"alice"})";
    QTest::newRow("inject a string") << R"(inject:jobs="hi")" << int(K::Inject) << "jobs"
                                     << R"(user= body="hi")";
    QTest::newRow("inject with = in JSON") << R"(inject:jobs={"q":"a=b"})" << int(K::Inject) << "jobs"
                                           << R"(user= body={"q":"a=b"})";
    QTest::newRow("fault two keys") << "fault:resize=errorRate:1,latency:5s" << int(K::Fault) << "resize"
                                    << "errorRate=1 latency=5000000 throttle=- down=0 paused=0";
    QTest::newRow("fault every key") << "fault:w=errorRate:0.25,latency:250ms,throttle:2,down,paused:true"
                                     << int(K::Fault) << "w"
                                     << "errorRate=0.25 latency=250000 throttle=2 down=1 paused=1";
    QTest::newRow("fault errorRate 0") << "fault:fulfil=errorRate:0" << int(K::Fault) << "fulfil"
                                       << "errorRate=0 latency=0 throttle=- down=0 paused=0";
    QTest::newRow("fault down:false") << "fault:w=down:false" << int(K::Fault) << "w"
                                      << "errorRate=- latency=0 throttle=- down=0 paused=0";
    QTest::newRow("clear-fault") << "clear-fault:resize" << int(K::ClearFault) << "resize"
                                 << "";
    QTest::newRow("redrive to source") << "redrive:jobs-dlq" << int(K::Redrive) << "jobs-dlq"
                                       << "target=";
    QTest::newRow("redrive elsewhere") << "redrive:jobs-dlq=other" << int(K::Redrive) << "jobs-dlq"
                                       << "target=other";
    QTest::newRow("purge") << "purge:jobs" << int(K::Purge) << "jobs"
                           << "";
}

void TestRunAction::parsesGood()
{
    QFETCH(QString, text);
    QFETCH(int, kind);
    QFETCH(QString, node);
    QFETCH(QString, detail);
    const Result<RunAction> a = parseRunAction(text);
    QVERIFY2(a.ok(), a.ok() ? "" : qPrintable(a.error().message));
    QCOMPARE(int(a->kind), kind);
    QCOMPARE(a->node, node);
    QCOMPARE(a->text, text);
    QString got;
    switch (a->kind) {
    case RunAction::Kind::Inject:
        got = QStringLiteral("user=%1 body=%2")
                  .arg(QString::fromStdString(a->user), QString::fromStdString(a->body.dump()));
        break;
    case RunAction::Kind::Fault: {
        const Fault& f = a->fault;
        got = QStringLiteral("errorRate=%1 latency=%2 throttle=%3 down=%4 paused=%5")
                  .arg(f.errorRate ? QString::number(*f.errorRate) : QStringLiteral("-"))
                  .arg(f.addedLatency)
                  .arg(f.throttle ? QString::number(*f.throttle) : QStringLiteral("-"))
                  .arg(int(f.down))
                  .arg(int(f.pauseConsumers));
        break;
    }
    case RunAction::Kind::Redrive: got = QStringLiteral("target=") + a->target; break;
    default: break;
    }
    QCOMPARE(got, detail);
}

void TestRunAction::refusesBad_data()
{
    QTest::addColumn<QString>("time");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("quoted");  // the bad part, as the message quotes it

    QTest::newRow("time without unit") << "90"
                                       << "purge:jobs"
                                       << "\"90\"";
    QTest::newRow("negative time") << "-5s"
                                   << "purge:jobs"
                                   << "\"-5s\"";
    QTest::newRow("unknown verb") << "1m"
                                  << "explode:jobs"
                                  << "\"explode\"";
    QTest::newRow("no verb") << "1m"
                             << "jobs"
                             << "\"jobs\"";
    QTest::newRow("inject without =") << "1m"
                                      << "inject:jobs"
                                      << "inject needs NODE=JSON";
    QTest::newRow("inject bad JSON") << "1m"
                                     << "inject:jobs={oops"
                                     << "\"{oops\"";
    QTest::newRow("inject too deep") << "1m"
                                     << QStringLiteral("inject:jobs=") + QString(300, QLatin1Char('[')) +
                                            QString(300, QLatin1Char(']'))
                                     << "not valid JSON";
    QTest::newRow("inject user not a string") << "1m"
                                              << R"(inject:api={"user":7})"
                                              << "\"user\" must be";
    QTest::newRow("inject no node") << "1m"
                                    << R"(inject:={"a":1})"
                                    << "missing the node";
    QTest::newRow("fault without keys") << "1m"
                                        << "fault:resize="
                                        << "name at least one of";
    QTest::newRow("fault without =") << "1m"
                                     << "fault:resize"
                                     << "fault needs NODE=";
    QTest::newRow("fault unknown key") << "1m"
                                       << "fault:resize=errorRate:1,slow:yes"
                                       << "\"slow:yes\"";
    QTest::newRow("errorRate above 1") << "1m"
                                       << "fault:resize=errorRate:2"
                                       << "\"errorRate:2\"";
    QTest::newRow("errorRate bare") << "1m"
                                    << "fault:resize=errorRate"
                                    << "\"errorRate\"";
    QTest::newRow("latency without unit") << "1m"
                                          << "fault:resize=latency:5"
                                          << "\"latency:5\"";
    QTest::newRow("throttle negative") << "1m"
                                       << "fault:resize=throttle:-1"
                                       << "\"throttle:-1\"";
    QTest::newRow("down maybe") << "1m"
                                << "fault:resize=down:maybe"
                                << "\"down:maybe\"";
    QTest::newRow("clear-fault with a value") << "1m"
                                              << "clear-fault:resize=x"
                                              << "\"=x\"";
    QTest::newRow("purge without node") << "1m"
                                        << "purge"
                                        << "purge needs a node";
    QTest::newRow("purge empty node") << "1m"
                                      << "purge:"
                                      << "missing the node";
    QTest::newRow("redrive to nothing") << "1m"
                                        << "redrive:jobs-dlq="
                                        << "missing the queue";
}

void TestRunAction::refusesBad()
{
    QFETCH(QString, time);
    QFETCH(QString, text);
    QFETCH(QString, quoted);
    const Result<TimedRunAction> a = parseTimedRunAction(time, text);
    QVERIFY(!a.ok());
    QVERIFY2(a.error().message.contains(quoted), qPrintable(a.error().message));
}

void TestRunAction::checkedAgainstTheDiagram_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");  // empty: fits

    QTest::newRow("inject a queue") << R"(inject:jobs={"n":1})"
                                    << "";
    QTest::newRow("fault a worker") << "fault:resize=down"
                                    << "";
    QTest::newRow("redrive a DLQ") << "redrive:jobs-dlq"
                                   << "";
    QTest::newRow("redrive any queue elsewhere") << "redrive:parked=jobs"
                                                 << "";
    QTest::newRow("purge a queue") << "purge:parked"
                                   << "";
    QTest::newRow("unknown node") << "clear-fault:ghost"
                                  << "no node \"ghost\"";
    QTest::newRow("purge a worker") << "purge:resize"
                                    << "\"resize\" is not a queue";
    QTest::newRow("redrive a plain queue to source") << "redrive:parked"
                                                     << "no queue's dead-letter queue";
    QTest::newRow("redrive to a worker") << "redrive:jobs-dlq=resize"
                                         << "\"resize\" is not a queue";
    QTest::newRow("redrive to nowhere") << "redrive:jobs-dlq=ghost"
                                        << "no node \"ghost\"";
}

void TestRunAction::checkedAgainstTheDiagram()
{
    QFETCH(QString, text);
    QFETCH(QString, error);
    auto run = makeRun();
    QVERIFY(run);
    const Result<RunAction> a = parseRunAction(text);
    QVERIFY(a.ok());
    const Status s = checkRunAction(run->engine(), a.value());
    if (error.isEmpty()) {
        QVERIFY2(s.ok(), s.ok() ? "" : qPrintable(s.error().message));
    } else {
        QVERIFY(!s.ok());
        QVERIFY2(s.error().message.contains(error), qPrintable(s.error().message));
        QVERIFY2(s.error().message.contains(QLatin1Char('"') + text + QLatin1Char('"')), qPrintable(s.error().message));
    }
}

void TestRunAction::eachActionAtItsTime()
{
    Recorder rec;
    auto run = makeRun({&rec});
    QVERIFY(run);
    RunActionSchedule schedule(story());
    const Result<RunResult> ran = schedule.run(*run, minutes(10));
    QVERIFY(ran.ok());
    QVERIFY(!schedule.pending());
    Engine& engine = run->engine();

    // Invocations end 100 ms after they start. n=1 (30 s) and n=2 (90 s) come before the fault
    // and succeed at 30.1 s and 90.1 s. n=3 enters at 150 s, after errorRate:1 at 2m: it fails at
    // 150.1 s, comes back after the 10 s visibility timeout (160 s), fails again at 160.1 s
    // (receive 2 of maxReceiveCount 2), comes back at 170 s and, received a third time, moves to
    // jobs-dlq. The fault is cleared at 4m; the redrive at 5m sends it back to jobs (its source),
    // where it succeeds at 300.1 s. So: 3 succeeded (30.1 s, 90.1 s, 300.1 s), 2 failed (150.1 s,
    // 160.1 s), the DLQ empty at the end.
    std::vector<Micros> succeeded, failed;
    for (const EngineEvent& e : rec.of(EventType::InvokeEnd, "resize"))
        (e.detail == "success" ? succeeded : failed).push_back(e.time);
    QCOMPARE(succeeded, (std::vector<Micros>{ms(30'100), ms(90'100), ms(300'100)}));
    QCOMPARE(failed, (std::vector<Micros>{ms(150'100), ms(160'100)}));
    QCOMPARE(kit::num(engine.report(), "resize", "succeeded"), quint64(3));
    QCOMPARE(kit::num(engine.report(), "resize", "failed"), quint64(2));
    QCOMPARE(kit::num(engine.report(), "jobs", "deadLettered"), quint64(1));
    const std::vector<EngineEvent> dead = rec.of(EventType::DeadLettered, "jobs");
    QCOMPARE(dead.size(), std::size_t(1));
    QCOMPARE(dead[0].time, sec(170));
    QCOMPARE(visible(engine.report(), "jobs-dlq"), 0);

    // The fault itself is an event at exactly 2m, and its clearing one at 4m.
    const std::vector<Micros> faults = rec.times(EventType::Fault, "resize");
    QCOMPARE(faults, (std::vector<Micros>{minutes(2), minutes(4)}));
    QVERIFY(!engine.fault(engine.nodeIndex(QStringLiteral("resize"))).errorRate.has_value());

    // Entries into the run: n=1..3 into jobs at 30 s, 90 s, 150 s, n=4..6 into parked at 6m.
    // Purge at 7m deletes the three parked messages: dropped "purged" 3, parked empty, and the
    // ledger holds: entered 6 = delivered 3 + dropped 3.
    const Json report = engine.report();
    QCOMPARE(visible(report, "parked"), 0);
    QCOMPARE(kit::num(report, "parked", "purged"), quint64(3));
    QCOMPARE(dropped(report, "purged"), quint64(3));
    QCOMPARE(cons(report, "entered"), quint64(6));
    QCOMPARE(cons(report, "delivered"), quint64(3));
    QVERIFY(engine.conservation().holds);
}

void TestRunAction::redriveToEachSource()
{
    // Two queues share one DLQ; each has its own always-failing worker (100 ms) and
    // maxReceiveCount 1. a and b get one message each at 10 s: both fail at 10.1 s, come back after
    // the 30 s visibility timeout (40 s) and, received a second time, move to the DLQ. At 2m the
    // workers are fixed (errorRate:0); the redrive at 3m must send each message back to the queue
    // it came from: wa and wb each succeed once. (Sent to one source, one worker would get both.)
    const std::optional<Diagram> diagram = diagramFromText(R"({"format": "microlab/1", "name": "two sources",
        "seed": 7, "nodes": [
        {"id": "a", "kind": "queue", "config": {"maxReceiveCount": 1}},
        {"id": "b", "kind": "queue", "config": {"maxReceiveCount": 1}},
        {"id": "dlq", "kind": "queue"},
        {"id": "wa", "kind": "worker", "config": {"errorRate": 1, "latency": {"dist": "fixed", "value": "100ms"}}},
        {"id": "wb", "kind": "worker", "config": {"errorRate": 1, "latency": {"dist": "fixed", "value": "100ms"}}}],
        "edges": [{"from": "a", "to": "wa"}, {"from": "b", "to": "wb"},
                  {"from": "a", "to": "dlq"}, {"from": "b", "to": "dlq"}]})");
    QVERIFY(diagram);
    auto run = std::move(EngineRun::create(*diagram).value());
    std::vector<TimedRunAction> actions;
    for (const auto& [time, text] : std::vector<std::pair<QString, QString>>{{"10s", R"(inject:a={"q":"a"})"},
                                                                             {"10s", R"(inject:b={"q":"b"})"},
                                                                             {"2m", "fault:wa=errorRate:0"},
                                                                             {"2m", "fault:wb=errorRate:0"},
                                                                             {"3m", "redrive:dlq"}})
        actions.push_back(parseTimedRunAction(time, text).value());
    RunActionSchedule schedule(actions);
    QVERIFY(schedule.run(*run, minutes(10)).ok());
    const Json report = run->engine().report();
    QCOMPARE(num(report, "a", "deadLettered"), quint64(1));
    QCOMPARE(num(report, "b", "deadLettered"), quint64(1));
    QCOMPARE(num(report, "wa", "failed"), quint64(1));
    QCOMPARE(num(report, "wb", "failed"), quint64(1));
    QCOMPARE(num(report, "wa", "succeeded"), quint64(1));
    QCOMPARE(num(report, "wb", "succeeded"), quint64(1));
    QCOMPARE(visible(report, "dlq"), 0);
    QVERIFY(run->engine().conservation().holds);
}

void TestRunAction::sameActionsSameEventLog()
{
    QByteArray logs[2];
    for (QByteArray& log : logs) {
        QBuffer buffer(&log);
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        EventLogWriter writer(&buffer);
        auto run = makeRun({&writer});
        QVERIFY(run);
        RunActionSchedule schedule(story());
        QVERIFY(schedule.run(*run, minutes(10)).ok());
    }
    QVERIFY(logs[0].count('\n') > 20);
    QCOMPARE(logs[0], logs[1]);
}

void TestRunAction::stepBackReplaysActions()
{
    // C: the story up to 155 s — n=3 (150 s) has failed once under the fault (150.1 s) and waits
    // out its visibility timeout; the fault is still on.
    auto c = makeRun();
    QVERIFY(c);
    RunActionSchedule partial(story());
    QVERIFY(partial.run(*c, sec(155)).ok());
    const quint64 k = c->eventCount();

    // A: the whole story, then back to C's event count: the replay must re-apply the injects at
    // 30 s, 90 s and 150 s and the fault at 2m (journaled when they happened) — without the
    // fault n=3 would have succeeded — and forget the rest (clear-fault at 4m and later).
    auto a = makeRun();
    QVERIFY(a);
    RunActionSchedule whole(story());
    QVERIFY(whole.run(*a, minutes(10)).ok());
    QVERIFY(a->eventCount() > k);
    QVERIFY(a->stepBack(a->eventCount() - k).ok());
    QCOMPARE(a->eventCount(), k);

    const Fault& fault = a->engine().fault(a->engine().nodeIndex(QStringLiteral("resize")));
    QVERIFY(fault.errorRate.has_value());
    QCOMPARE(*fault.errorRate, 1.0);
    const Json ra = a->engine().report();
    const Json rc = c->engine().report();
    QCOMPARE(ra["nodes"].dump(), rc["nodes"].dump());
    QCOMPARE(ra["conservation"].dump(), rc["conservation"].dump());
    QCOMPARE(ra["virtualTime"], rc["virtualTime"]);
    QCOMPARE(cons(ra, "entered"), quint64(3));  // n=1, n=2, n=3
    QCOMPARE(num(ra, "resize", "failed"), quint64(1));
    QCOMPARE(num(ra, "resize", "succeeded"), quint64(2));
}

QTEST_GUILESS_MAIN(TestRunAction)
#include "tst_runaction.moc"
