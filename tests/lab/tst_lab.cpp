// core/lab: a lab section parses into steps, checks and solution moves, and every mistake in it is
// an error naming its JSON pointer; checks evaluate against a report and the lint with the words a
// student reads; a Session plays set / action / run / reset the way a student would.
#include "../enginekit/EngineKit.h"
#include "lab/LabSession.h"
#include "model/Lint.h"

using namespace ml;
using namespace kit;

namespace {

// jobs (visibility 10 s, maxReceiveCount 2) → resize (exactly 100 ms, errorRate from the row) and
// → jobs-dlq; a client sends 3 messages, at 0 s, 1 s and 2 s.
std::string project(const std::string& lab, double errorRate = 1)
{
    return R"({"format": "microlab/1", "name": "lab test", "seed": 7, "nodes": [
        {"id": "producer", "kind": "client", "config": {"rate": "1/s", "count": 3, "messages": [{"body": {"n": 1}}]}},
        {"id": "jobs", "kind": "queue", "config": {"visibilityTimeout": "10s", "maxReceiveCount": 2}},
        {"id": "jobs-dlq", "kind": "queue"},
        {"id": "resize", "kind": "worker", "config": {"timeout": "1s", "errorRate": )" +
           std::to_string(errorRate) + R"(, "latency": {"dist": "fixed", "value": "100ms"}}}],
      "edges": [{"from": "producer", "to": "jobs"},
                {"id": "mapping", "from": "jobs", "to": "resize", "config": {"batchSize": 1}},
                {"from": "jobs", "to": "jobs-dlq"}])" +
           (lab.empty() ? std::string() : ", \"lab\": " + lab) + "}";
}

const char* const kReport = R"({"format": "microlab-report/1", "nodes": {
    "jobs-dlq": {"kind": "queue", "queue": {"visible": 2, "inFlight": 0,
                 "messages": [{"id": "m1", "receiveCount": 3}, {"id": "m2", "receiveCount": 3}]}},
    "resize": {"kind": "worker", "succeeded": 5, "failed": 6},
    "producer": {"responses": {"200": 4}}},
  "conservation": {"holds": true}, "virtualTime": "5m"})";

Problems noProblems() { return {}; }
Problems oneWarning()
{
    Problem p;
    p.severity = Severity::Warning;
    p.node = NodeId(QStringLiteral("jobs"));
    p.message = QStringLiteral("visibility timeout short");
    return {p};
}

lab::Check checkOf(const std::string& json)
{
    const std::optional<Diagram> d = diagramFromText(
        project(R"({"title": "t", "steps": [{"text": "x", "check": )" + json + R"(, "solution": [{"run": "1s"}]}]})"));
    if (!d) return {};
    Result<std::optional<lab::Lab>> parsed = lab::parse(*d);
    if (!parsed) qWarning("%s", qPrintable(parsed.error().toString()));
    return parsed && parsed.value() ? parsed.value()->steps.front().check : lab::Check{};
}

}  // namespace

class TestLab : public QObject {
    Q_OBJECT
private slots:
    void evaluatesChecks_data()
    {
        QTest::addColumn<QString>("check");
        QTest::addColumn<bool>("lintClean");
        QTest::addColumn<bool>("holds");
        QTest::addColumn<QString>("why");
        // kReport: the DLQ holds 2, each received 3 times; resize succeeded 5, failed 6.
        QTest::newRow("equals holds") << QString::fromUtf8(R"({"path": "nodes.jobs-dlq.queue.visible", "equals": 2})")
                                      << true << true << QString();
        QTest::newRow("equals fails") << QString::fromUtf8(R"({"path": "nodes.jobs-dlq.queue.visible", "equals": 0})")
                                      << true << false
                                      << QStringLiteral("nodes.jobs-dlq.queue.visible is 2, expected 0");
        QTest::newRow("equals 2.0 is 2") << QString::fromUtf8(
                                                R"({"path": "nodes.jobs-dlq.queue.visible", "equals": 2.0})")
                                         << true << true << QString();
        QTest::newRow("atLeast at the bound")
            << QString::fromUtf8(R"({"path": "nodes.resize.succeeded", "atLeast": 5})") << true << true << QString();
        QTest::newRow("atLeast fails") << QString::fromUtf8(R"({"path": "nodes.resize.succeeded", "atLeast": 6})")
                                       << true << false
                                       << QStringLiteral("nodes.resize.succeeded is 5, expected at least 6");
        QTest::newRow("atMost fails") << QString::fromUtf8(R"({"path": "nodes.resize.failed", "atMost": 5})") << true
                                      << false << QStringLiteral("nodes.resize.failed is 6, expected at most 5");
        QTest::newRow("range holds") << QString::fromUtf8(
                                            R"({"path": "nodes.resize.failed", "atLeast": 6, "atMost": 6})")
                                     << true << true << QString();
        QTest::newRow("array index") << QString::fromUtf8(
                                            R"({"path": "nodes.jobs-dlq.queue.messages.1.receiveCount", "equals": 3})")
                                     << true << true << QString();
        QTest::newRow("index past the end")
            << QString::fromUtf8(R"({"path": "nodes.jobs-dlq.queue.messages.2.receiveCount", "equals": 3})") << true
            << false << QStringLiteral("nodes.jobs-dlq.queue.messages.2.receiveCount is not in the report yet");
        QTest::newRow("string value") << QString::fromUtf8(R"({"path": "virtualTime", "equals": "5m"})") << true << true
                                      << QString();
        QTest::newRow("boolean value") << QString::fromUtf8(R"({"path": "conservation.holds", "equals": true})") << true
                                       << true << QString();
        QTest::newRow("numeric key") << QString::fromUtf8(R"({"path": "nodes.producer.responses.200", "equals": 4})")
                                     << true << true << QString();
        QTest::newRow("a string is no number") << QString::fromUtf8(R"({"path": "virtualTime", "atLeast": 1})") << true
                                               << false << QStringLiteral("virtualTime is 5m, expected a number");
        QTest::newRow("lint clean") << QString::fromUtf8(R"({"lint": "clean"})") << true << true << QString();
        QTest::newRow("lint not clean") << QString::fromUtf8(R"({"lint": "clean"})") << false << false
                                        << QStringLiteral(
                                               "lint is not clean (1 warning): jobs: visibility timeout short");
        QTest::newRow("all: the first that fails")
            << QString::fromUtf8(
                   R"({"all": [{"path": "nodes.resize.failed", "equals": 6}, {"path": "nodes.resize.succeeded", "equals": 9},
                           {"lint": "clean"}]})")
            << false << false << QStringLiteral("nodes.resize.succeeded is 5, expected 9");
        QTest::newRow("all holds")
            << QString::fromUtf8(R"({"all": [{"path": "nodes.resize.failed", "equals": 6}, {"lint": "clean"}]})")
            << true << true << QString();
        QTest::newRow("any: one is enough")
            << QString::fromUtf8(
                   R"({"any": [{"path": "nodes.resize.failed", "equals": 0}, {"path": "nodes.resize.failed", "equals": 6}]})")
            << true << true << QString();
        QTest::newRow("any: none")
            << QString::fromUtf8(R"({"any": [{"path": "nodes.resize.failed", "equals": 0}, {"lint": "clean"}]})")
            << false << false
            << QStringLiteral(
                   "none holds: nodes.resize.failed is 6, expected 0; lint is not clean (1 warning): jobs: "
                   "visibility timeout short");
    }
    void evaluatesChecks()
    {
        QFETCH(QString, check);
        QFETCH(bool, lintClean);
        QFETCH(bool, holds);
        QFETCH(QString, why);
        const lab::Check c = checkOf(check.toStdString());
        QVERIFY(!c.pointer.isEmpty());
        const Json report = Json::parse(kReport);
        const lab::Outcome o = lab::evaluate(c, &report, lintClean ? noProblems() : oneWarning());
        QCOMPARE(o.holds, holds);
        QCOMPARE(o.why, why);
    }

    void withoutARunPathChecksDoNotHold()
    {
        const lab::Check c = checkOf(R"({"path": "nodes.jobs-dlq.queue.visible", "equals": 0})");
        const lab::Outcome o = lab::evaluate(c, nullptr, {});
        QVERIFY(!o.holds);
        QCOMPARE(o.why, QStringLiteral("nodes.jobs-dlq.queue.visible: nothing has run yet"));
    }

    void parseErrorsNameThePlace_data()
    {
        QTest::addColumn<QString>("lab");
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("says");
        auto step = [](const char* check, const char* solution = R"([{"run": "1m"}])") {
            return QStringLiteral(R"({"title": "T", "steps": [{"text": "a", "check": {"lint": "clean"},
                                     "solution": [{"run": "1m"}]}, {"text": "b", "check": %1, "solution": %2}]})")
                .arg(QString::fromUtf8(check), QString::fromUtf8(solution));
        };
        QTest::newRow("not an object") << QStringLiteral("[]") << QStringLiteral("/lab")
                                       << QStringLiteral("expected an object");
        QTest::newRow("no title") << QStringLiteral(R"({"steps": []})") << QStringLiteral("/lab/title")
                                  << QStringLiteral("title");
        QTest::newRow("no steps") << QStringLiteral(R"({"title": "T", "steps": []})") << QStringLiteral("/lab/steps")
                                  << QStringLiteral("non-empty array");
        QTest::newRow("unknown lab key") << QStringLiteral(R"({"title": "T", "steps": [], "level": 3})")
                                         << QStringLiteral("/lab/level") << QStringLiteral("unknown key \"level\"");
        QTest::newRow("misspelt bound") << step(R"({"path": "nodes.jobs.queue.visible", "atleast": 1})")
                                        << QStringLiteral("/lab/steps/1/check/atleast")
                                        << QStringLiteral("unknown key \"atleast\"");
        QTest::newRow("path without a comparison") << step(R"({"path": "nodes.jobs.queue.visible"})")
                                                   << QStringLiteral("/lab/steps/1/check") << QStringLiteral("equals");
        QTest::newRow("unknown node in a path")
            << step(R"({"path": "nodes.job.queue.visible", "equals": 0})") << QStringLiteral("/lab/steps/1/check/path")
            << QStringLiteral("no node \"job\"");
        QTest::newRow("empty path segment")
            << step(R"({"path": "nodes..queue", "equals": 0})") << QStringLiteral("/lab/steps/1/check/path")
            << QStringLiteral("empty name");
        QTest::newRow("bound not a number")
            << step(R"({"path": "nodes.jobs.received", "atMost": "3"})") << QStringLiteral("/lab/steps/1/check/atMost")
            << QStringLiteral("expected a number");
        QTest::newRow("nested in all") << step(R"({"all": [{"lint": "clean"}, {"any": [{"lint": "dirty"}]}]})")
                                       << QStringLiteral("/lab/steps/1/check/all/1/any/0/lint")
                                       << QStringLiteral("expected \"clean\"");
        QTest::newRow("empty all") << step(R"({"all": []})") << QStringLiteral("/lab/steps/1/check/all")
                                   << QStringLiteral("non-empty");
        QTest::newRow("no solution") << step(R"({"lint": "clean"})", "[]") << QStringLiteral("/lab/steps/1/solution")
                                     << QStringLiteral("non-empty");
        QTest::newRow("bare number run") << step(R"({"lint": "clean"})", R"([{"run": 60}])")
                                         << QStringLiteral("/lab/steps/1/solution/0/run")
                                         << QStringLiteral("virtual time");
        QTest::newRow("bad action") << step(R"({"lint": "clean"})",
                                            R"([{"run": "1m"}, {"action": "fault:resize=speed:2"}])")
                                    << QStringLiteral("/lab/steps/1/solution/1/action")
                                    << QStringLiteral("unknown fault");
        QTest::newRow("action on a missing node")
            << step(R"({"lint": "clean"})", R"([{"action": "redrive:nowhere"}])")
            << QStringLiteral("/lab/steps/1/solution/0/action") << QStringLiteral("no node \"nowhere\"");
        QTest::newRow("set on a missing node")
            << step(R"({"lint": "clean"})", R"([{"set": "job.visibilityTimeout", "value": "1m"}])")
            << QStringLiteral("/lab/steps/1/solution/0/set") << QStringLiteral("no node or edge \"job\"");
        QTest::newRow("set without a key")
            << step(R"({"lint": "clean"})", R"([{"set": "jobs", "value": 1}])")
            << QStringLiteral("/lab/steps/1/solution/0/set") << QStringLiteral("NODE.key");
        QTest::newRow("set without a value")
            << step(R"({"lint": "clean"})", R"([{"set": "jobs.delay"}])")
            << QStringLiteral("/lab/steps/1/solution/0/value") << QStringLiteral("value");
        QTest::newRow("reset false") << step(R"({"lint": "clean"})", R"([{"reset": false}])")
                                     << QStringLiteral("/lab/steps/1/solution/0/reset") << QStringLiteral("true");
        QTest::newRow("unknown move") << step(R"({"lint": "clean"})", R"([{"wait": "1m"}])")
                                      << QStringLiteral("/lab/steps/1/solution/0") << QStringLiteral("expected");
        QTest::newRow("at on a lint check")
            << step(R"({"lint": "clean", "at": "1m"})") << QStringLiteral("/lab/steps/1/check/at")
            << QStringLiteral("does not apply");
        QTest::newRow("at without a unit") << step(R"({"path": "nodes.jobs.received", "equals": 1, "at": 90})")
                                           << QStringLiteral("/lab/steps/1/check/at") << QStringLiteral("170s");
        QTest::newRow("at in a nested check")
            << step(R"({"all": [{"path": "nodes.jobs.received", "equals": 1, "at": "0s"}]})")
            << QStringLiteral("/lab/steps/1/check/all/0/at") << QStringLiteral("virtual time");
    }
    void parseErrorsNameThePlace()
    {
        QFETCH(QString, lab);
        QFETCH(QString, pointer);
        QFETCH(QString, says);
        const std::optional<Diagram> d = diagramFromText(project(lab.toStdString()));
        QVERIFY(d);
        Result<std::optional<lab::Lab>> parsed = lab::parse(*d);
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().pointer, pointer);
        QVERIFY2(parsed.error().message.contains(says), qPrintable(parsed.error().message));
    }

    void noLabSectionIsNoLab()
    {
        const std::optional<Diagram> d = diagramFromText(project(std::string()));
        QVERIFY(d);
        Result<std::optional<lab::Lab>> parsed = lab::parse(*d);
        QVERIFY(parsed);
        QVERIFY(!parsed.value());
    }

    void theLabSurvivesSave()
    {
        const std::string lab =
            R"({"title": "T", "steps": [{"text": "a", "check": {"lint": "clean"}, "solution": [{"run": "1m"}]}]})";
        const std::optional<Diagram> d = diagramFromText(project(lab));
        QVERIFY(d);
        const QByteArray saved = projectfile::serialize(*d);
        const std::optional<Diagram> again = diagramFromText(saved.toStdString());
        QVERIFY(again);
        Result<std::optional<lab::Lab>> parsed = lab::parse(*again);
        QVERIFY(parsed && parsed.value());
        QCOMPARE(parsed.value()->title, QStringLiteral("T"));
        QCOMPARE(parsed.value()->steps.size(), std::size_t(1));
    }

    // A session plays what a student does. errorRate 1: each of the 3 messages fails on receives 1
    // and 2 (10 s apart) and moves to the DLQ on the third: by 1 min, 6 failures and 3 dead letters.
    void sessionPlaysMoves()
    {
        const std::optional<Diagram> d = diagramFromText(project(std::string()));
        QVERIFY(d);
        lab::Session session(*d);
        QVERIFY(!session.run());
        auto move = [](const std::string& json) {
            const std::optional<Diagram> withLab = diagramFromText(project(
                R"({"title": "T", "steps": [{"text": "a", "check": {"lint": "clean"}, "solution": [)" + json + "]}]}"));
            Result<std::optional<lab::Lab>> parsed = lab::parse(*withLab);
            return parsed.value()->steps.front().solution.front();
        };
        auto check = [](const char* path, double value) {
            lab::Check c;
            c.path = QString::fromLatin1(path);
            c.equals = value;
            return c;
        };
        QVERIFY(session.play(move(R"({"run": "1m"})")));
        QVERIFY(session.run());
        QCOMPARE(session.run()->engine().now(), minutes(1));
        QVERIFY(session.evaluate(check("nodes.jobs-dlq.queue.visible", 3)).holds);
        QVERIFY(session.evaluate(check("nodes.resize.failed", 6)).holds);

        // Fix and redrive: 3 messages back to jobs, each succeeds once.
        QVERIFY(session.play(move(R"({"action": "fault:resize=errorRate:0"})")));
        QVERIFY(session.play(move(R"({"action": "redrive:jobs-dlq"})")));
        QVERIFY(session.play(move(R"({"run": "30s"})")));
        QCOMPARE(session.run()->engine().now(), minutes(1) + sec(30));
        QVERIFY(session.evaluate(check("nodes.jobs-dlq.queue.visible", 0)).holds);
        QVERIFY(session.evaluate(check("nodes.resize.succeeded", 3)).holds);

        // A design edit is made between runs: the run is gone, the edit stays.
        QVERIFY(session.play(move(R"({"set": "resize.errorRate", "value": 0})")));
        QVERIFY(!session.run());
        QVERIFY(session.diagram().node(NodeId(QStringLiteral("resize")))->config["errorRate"] == Json(0));
        QVERIFY(session.play(move(R"({"set": "mapping.batchSize", "value": 2})")));
        QVERIFY(session.diagram().edge(EdgeId(QStringLiteral("mapping")))->config["batchSize"] == Json(2));
        QVERIFY(session.play(move(R"({"set": "resize.latency.value", "value": "200ms"})")));
        QVERIFY(session.diagram().node(NodeId(QStringLiteral("resize")))->config["latency"]["value"] == Json("200ms"));
        QVERIFY(session.play(move(R"({"run": "1m"})")));
        // The 3 messages arrive 1 s apart and each takes 200 ms: every batch holds one, 3 invocations.
        QVERIFY(session.evaluate(check("nodes.resize.succeeded", 3)).holds);
        QVERIFY(session.evaluate(check("nodes.jobs-dlq.queue.visible", 0)).holds);
        QVERIFY(session.play(move(R"({"reset": true})")));
        QVERIFY(!session.run());
    }

    // "at" reads the report recorded at that moment. errorRate 1, visibility 10 s, maxReceiveCount
    // 2, 100 ms per invocation; messages at 0, 1 and 2 s each fail on receive 1 (at 0.1, 1.1, 2.1 s)
    // and receive 2 (10.1, 11.1, 12.1 s) and go to the DLQ on the third receive (20, 21, 22 s).
    // At 15 s: 6 failures, the DLQ empty. At 10.1 s (the moment of message 1's second failure, which
    // counts: every event due by then has happened): 4. The solution runs 1 min, far past both.
    void atChecksReadTheirMoment_data()
    {
        QTest::addColumn<QString>("check");
        QTest::addColumn<bool>("holds");
        QTest::addColumn<QString>("why");
        QTest::newRow("6 failures, DLQ empty at 15 s")
            << QStringLiteral(R"({"at": "15s", "all": [{"path": "nodes.resize.failed", "equals": 6},
                                  {"path": "nodes.jobs-dlq.queue.visible", "equals": 0}]})")
            << true << QString();
        QTest::newRow("a different count at 15 s fails")
            << QStringLiteral(R"({"at": "15s", "path": "nodes.resize.failed", "equals": 3})") << false
            << QStringLiteral("at 00:00:15, nodes.resize.failed is 6, expected 3");
        QTest::newRow("events at the moment count")
            << QStringLiteral(R"({"at": "10100ms", "path": "nodes.resize.failed", "equals": 4})") << true << QString();
        QTest::newRow("a nested at, beside the live report")
            << QStringLiteral(R"({"all": [{"path": "nodes.jobs-dlq.queue.visible", "equals": 3},
                                          {"at": "5s", "path": "nodes.resize.failed", "equals": 3}]})")
            << true << QString();
        QTest::newRow("the live report has moved on")
            << QStringLiteral(R"({"path": "nodes.jobs-dlq.queue.visible", "equals": 0})") << false
            << QStringLiteral("nodes.jobs-dlq.queue.visible is 3, expected 0");
    }
    void atChecksReadTheirMoment()
    {
        QFETCH(QString, check);
        QFETCH(bool, holds);
        QFETCH(QString, why);
        const std::optional<Diagram> d =
            diagramFromText(project(R"({"title": "T", "steps": [{"text": "a", "check": )" + check.toStdString() +
                                    R"(, "solution": [{"run": "1m"}]}]})"));
        QVERIFY(d);
        Result<std::optional<lab::Lab>> parsed = lab::parse(*d);
        QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error().toString()));
        const lab::Step& step = parsed.value()->steps.front();

        lab::Session session(*d, {}, lab::momentsOf(*parsed.value()));
        QVERIFY(session.start());
        if (!lab::momentsOf(step.check).empty()) QVERIFY(!session.evaluate(step.check).holds);  // nothing recorded yet
        QVERIFY(session.play(step));
        QCOMPARE(session.run()->engine().now(), minutes(1));
        const lab::Outcome o = session.evaluate(step.check);
        QCOMPARE(o.why, why);
        QCOMPARE(o.holds, holds);
        // A reset forgets the moments with the run.
        lab::Solution reset;
        reset.kind = lab::Solution::Kind::Reset;
        QVERIFY(session.play(reset));
        QVERIFY(session.moments().empty());
    }

    void anAtCheckWaitsForItsMoment()
    {
        const lab::Check c = checkOf(R"({"at": "170s", "path": "nodes.resize.failed", "equals": 6})");
        QCOMPARE(c.at, std::optional<Micros>(minutes(2) + sec(50)));
        const Json report = Json::parse(kReport);
        const lab::Outcome live = lab::evaluate(c, &report, {});
        QVERIFY(!live.holds);  // the live report holds 6, but it is not the report of 2 min 50 s
        QCOMPARE(live.why, QStringLiteral("the run has not reached 00:02:50 yet"));
        QCOMPARE(lab::describe(c), QStringLiteral("at 00:02:50, nodes.resize.failed is 6"));
        lab::Moments moments{{minutes(2) + sec(50), report}};
        QVERIFY(lab::evaluate(c, nullptr, {}, &moments).holds);
        QCOMPARE(lab::clockText(minutes(60) + sec(1) + 250 * kMicrosPerMilli), QStringLiteral("01:00:01.250"));
    }

    void aDesignWithErrorsDoesNotRun()
    {
        std::optional<Diagram> d = diagramFromText(project(std::string()));
        QVERIFY(d);
        // A timeout longer than the queue's visibility timeout is a lint error.
        d->node(NodeId(QStringLiteral("resize")))->config["timeout"] = "20s";
        lab::Session session(*d);
        const Status s = session.start();
        QVERIFY(!s);
        QVERIFY2(s.error().message.contains(QStringLiteral("cannot run")), qPrintable(s.error().message));
    }
};

QTEST_GUILESS_MAIN(TestLab)
#include "tst_lab.moc"
