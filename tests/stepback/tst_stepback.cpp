// Step back: going back N events and forward N again gives the same state, byte for byte —
// including real inputs (injections, faults) journaled before the point we went back to.
#include "../enginekit/EngineKit.h"
#include "engine/EngineRun.h"

using namespace ml;

namespace {

const char* kPipeline = R"({"format": "microlab/1", "name": "steps", "seed": 7, "nodes": [
  {"id": "users", "kind": "client", "config": {"rate": "5/s", "count": 200, "arrival": "poisson",
    "requests": [{"method": "POST", "path": "/jobs", "body": {"url": "a.png"}}]}},
  {"id": "api", "kind": "api-gateway", "config": {"routes": [{"method": "POST", "path": "/jobs", "action": "go"}]}},
  {"id": "router", "kind": "router"},
  {"id": "jobs", "kind": "queue", "config": {"visibilityTimeout": "10s", "maxReceiveCount": 2}},
  {"id": "dlq", "kind": "queue"},
  {"id": "worker", "kind": "worker", "config": {"errorRate": 0.4, "timeout": "1s"}}],
 "edges": [{"from": "users", "to": "api"}, {"from": "api", "to": "router"},
   {"from": "router", "to": "jobs", "config": {"actions": ["go"]}}, {"from": "jobs", "to": "worker"},
   {"from": "jobs", "to": "dlq"}]})";

Diagram diagram()
{
    std::optional<Diagram> d = kit::diagramFromText(kPipeline);
    if (!d) qFatal("the pipeline does not load");
    return *d;
}

}  // namespace

class TestStepBack : public QObject {
    Q_OBJECT
private slots:
    void backThenForwardIsTheSameState();
    void journaledInputsReplay();
    void backPastTheStartStopsAtZero();
};

void TestStepBack::backThenForwardIsTheSameState()
{
    Result<std::unique_ptr<EngineRun>> created = EngineRun::create(diagram());
    QVERIFY(created.ok());
    EngineRun& run = *created.value();
    run.run(kTimeMax, 300);
    QCOMPARE(run.eventCount(), quint64(300));
    const std::string at300 = run.engine().report().dump();

    run.run(kTimeMax, 50);
    const std::string at350 = run.engine().report().dump();
    const Micros time350 = run.engine().now();

    QVERIFY(run.stepBack(50).ok());
    QCOMPARE(run.eventCount(), quint64(300));
    QCOMPARE(run.engine().report().dump(), at300);

    kit::Recorder after;
    run.addObserver(&after);
    run.run(kTimeMax, 50);
    QCOMPARE(run.eventCount(), quint64(350));
    QCOMPARE(run.engine().now(), time350);
    QCOMPARE(run.engine().report().dump(), at350);
    QVERIFY(!after.seen.empty());  // observers are back after the replay
}

void TestStepBack::journaledInputsReplay()
{
    Result<std::unique_ptr<EngineRun>> created = EngineRun::create(diagram());
    QVERIFY(created.ok());
    EngineRun& run = *created.value();
    run.run(kTimeMax, 100);
    QVERIFY(run.inject(QStringLiteral("jobs"), Json{{"url", "injected.png"}}).ok());
    Fault fault;
    fault.errorRate = 1.0;
    run.setFault(run.engine().nodeIndex(QStringLiteral("worker")), fault);
    run.run(kTimeMax, 200);
    const std::string before = run.engine().report().dump();

    QVERIFY(run.stepBack(150).ok());  // to event 150: after both inputs
    run.run(kTimeMax, 150);
    QCOMPARE(run.engine().report().dump(), before);

    QVERIFY(run.stepBack(250).ok());  // to event 50: before the inputs, which are forgotten
    QCOMPARE(run.eventCount(), quint64(50));
    QVERIFY(!run.engine().fault(run.engine().nodeIndex(QStringLiteral("worker"))).errorRate);
}

void TestStepBack::backPastTheStartStopsAtZero()
{
    Result<std::unique_ptr<EngineRun>> created = EngineRun::create(diagram());
    QVERIFY(created.ok());
    EngineRun& run = *created.value();
    run.run(kTimeMax, 10);
    QVERIFY(run.stepBack(1000).ok());
    QCOMPARE(run.eventCount(), quint64(0));
    QCOMPARE(run.engine().now(), Micros(0));
    QVERIFY(run.step());
    QCOMPARE(run.eventCount(), quint64(1));
}

QTEST_GUILESS_MAIN(TestStepBack)
#include "tst_stepback.moc"
