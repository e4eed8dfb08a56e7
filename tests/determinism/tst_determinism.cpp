// Determinism and conservation across whole diagrams: the same seed twice gives byte-identical
// --events logs (every sample project and a random-latency pipeline), another seed differs,
// adding an unrelated node leaves another node's draws alone, and ~50 random diagrams (fixed
// seeds) run to the end with conservation holding at every check.
#include "../enginekit/EngineKit.h"
#include "engine/EventLogWriter.h"
#include "model/Catalog.h"

#include <QBuffer>
#include <QDir>

#include <random>

using namespace ml;
using namespace kit;

namespace {

QByteArray eventLog(Engine& engine, Micros until, quint64 maxEvents)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    EventLogWriter writer(&buffer);
    engine.addObserver(&writer);
    engine.run(until, maxEvents);
    engine.removeObserver(&writer);
    return buffer.data();
}

QByteArray eventLog(const Diagram& diagram, std::optional<quint64> seed, Micros until,
                    quint64 maxEvents = std::numeric_limits<quint64>::max())
{
    EngineOptions options;
    options.seed = seed;
    Result<std::unique_ptr<Engine>> engine = Engine::create(diagram, options);
    if (!engine.ok()) return QByteArray("engine: ") + engine.error().message.toUtf8();
    QByteArray log = eventLog(*engine.value(), until, maxEvents);
    if (!engine.value()->conservation().holds) log += "\nconservation does not hold";
    return log;
}

// client (Poisson) → api → router → queue (+DLQ) → worker with lognormal latency and 10% errors.
const char* kPipeline = R"({"format": "microlab/1", "name": "pipeline", "seed": 42, "nodes": [
    {"id": "users", "kind": "client", "config": {"rate": "50/s", "arrival": "poisson", "count": 500, "users": ["alice", "bob"],
        "requests": [{"method": "POST", "path": "/jobs", "body": {"url": "a.png"}}]}},
    {"id": "api", "kind": "api-gateway", "config": {"routes": [{"method": "POST", "path": "/jobs", "action": "submit", "required": ["url"]}]}},
    {"id": "router", "kind": "router"},
    {"id": "jobs", "kind": "queue", "config": {"visibilityTimeout": "10s", "maxReceiveCount": 3}},
    {"id": "jobs-dlq", "kind": "queue"},
    {"id": "resize", "kind": "worker", "config": {"timeout": "1s", "errorRate": 0.1,
        "latency": {"dist": "lognormal", "median": "80ms", "p99": "1500ms"}}}],
  "edges": [{"from": "users", "to": "api"}, {"from": "api", "to": "router"},
    {"from": "router", "to": "jobs", "config": {"actions": ["submit"]}},
    {"from": "jobs", "to": "resize", "config": {"batchSize": 1}},
    {"from": "jobs", "to": "jobs-dlq", "kind": "dead-letter"}]})";

}  // namespace

class TestDeterminism : public QObject {
    Q_OBJECT

private slots:
    void everyKindHasABehaviour_data();
    void everyKindHasABehaviour();
    void samplesAreByteIdentical_data();
    void samplesAreByteIdentical();
    void pipelineIsByteIdentical();
    void unrelatedNodeLeavesDrawsAlone();
    void randomDiagramsConserve_data();
    void randomDiagramsConserve();
};

void TestDeterminism::everyKindHasABehaviour_data()
{
    QTest::addColumn<QString>("kind");
    for (const QString& kind : Catalog::instance().kindIds()) QTest::newRow(qPrintable(kind)) << kind;
}

void TestDeterminism::everyKindHasABehaviour()
{
    // The factory table is generated from the behaviour files (core/CMakeLists.txt): a kind
    // the Catalog knows but no file names would make every diagram using it unrunnable.
    QFETCH(QString, kind);
    auto engine = engineFor(R"({"id": "n", "kind": ")" + kind.toStdString() + R"("})", "");
    QVERIFY(engine);
    QCOMPARE(engine->nodeCount(), 1);
    engine->run(minutes(1));
    KIT_VERIFY_HOLDS(*engine);
}

void TestDeterminism::samplesAreByteIdentical_data()
{
    QTest::addColumn<QString>("file");
    const QDir dir(QStringLiteral(MICROLAB_PROJECTS_DIR));
    const QStringList files = dir.entryList({QStringLiteral("*.mlab.json")}, QDir::Files, QDir::Name);
    QVERIFY(!files.isEmpty());
    for (const QString& f : files) QTest::newRow(qPrintable(f)) << dir.filePath(f);
}

void TestDeterminism::samplesAreByteIdentical()
{
    QFETCH(QString, file);
    Result<LoadedProject> loaded = projectfile::load(file);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
    const Diagram& diagram = loaded.value().diagram;
    // A day of virtual time (a nightly cron fires at 02:00), at most 10 000 kernel events:
    // enough for retries, visibility timeouts and dead letters.
    const auto log = [&](std::optional<quint64> seed) { return eventLog(diagram, seed, 24 * kMicrosPerHour, 10000); };
    const QByteArray first = log(std::nullopt);
    QVERIFY(first.count('\n') > 10);
    QVERIFY2(!first.contains("conservation does not hold") && !first.startsWith("engine:"),
             first.right(200).constData());
    QVERIFY(first == log(std::nullopt));
    QVERIFY(first == log(diagram.seed));
    QVERIFY(log(diagram.seed + 1) != first);
}

void TestDeterminism::pipelineIsByteIdentical()
{
    const Diagram diagram = diagramFromText(kPipeline).value_or(Diagram());
    QVERIFY(!diagram.nodes().empty());
    const QByteArray first = eventLog(diagram, std::nullopt, minutes(5));
    QVERIFY(first.count('\n') > 5000);
    QVERIFY(!first.contains("conservation does not hold"));
    QVERIFY(first == eventLog(diagram, std::nullopt, minutes(5)));
    QVERIFY(first == eventLog(diagram, 42, minutes(5)));
    QVERIFY(first != eventLog(diagram, 43, minutes(5)));
}

void TestDeterminism::unrelatedNodeLeavesDrawsAlone()
{
    // The same client → queue → worker, alone and with another client → queue → worker wired
    // in front of it (other node indices, other message ids, events interleaved). Every draw
    // of producer and worker comes from their own streams, so their events are the same.
    const std::string mine =
        R"({"id": "producer", "kind": "client", "config": {"rate": "20/s", "arrival": "poisson", "count": 300,
                                    "messages": [{"body": {"a": 1}, "weight": 1}, {"body": {"b": 2}, "weight": 3}]}},
                               {"id": "q", "kind": "queue", "config": {"visibilityTimeout": "5s"}},
                               {"id": "w", "kind": "worker", "config": {"errorRate": 0.3, "timeout": "2s",
                                    "latency": {"dist": "lognormal", "median": "50ms", "p99": "3s"}}})";
    const std::string other =
        R"({"id": "noise", "kind": "client", "config": {"rate": "35/s", "arrival": "poisson", "count": 400}},
                                {"id": "q2", "kind": "queue"},
                                {"id": "w2", "kind": "worker", "config": {"errorRate": 0.5, "latency": {"dist": "exponential", "mean": "70ms"}}})";
    const std::string myEdges =
        R"({"from": "producer", "to": "q"}, {"from": "q", "to": "w", "config": {"batchSize": 1}})";
    const std::string otherEdges = R"({"from": "noise", "to": "q2"}, {"from": "q2", "to": "w2"})";
    auto alone = engineFor(mine, myEdges);
    auto crowded = engineFor(other + "," + mine, otherEdges + "," + myEdges);
    QVERIFY(alone && crowded);
    Recorder a;
    Recorder b;
    alone->addObserver(&a);
    crowded->addObserver(&b);
    alone->run(minutes(10));
    crowded->run(minutes(10));
    auto mineOnly = [](const Recorder& rec) {
        QStringList out;
        for (const Recorder::Seen& s : rec.seen)
            if (s.node == "producer" || s.node == "q" || s.node == "w")
                out << QStringLiteral("%1 %2 %3>%4 %5 %6")
                           .arg(s.event.time)
                           .arg(eventTypeName(s.event.type))
                           .arg(QString::fromStdString(s.node), QString::fromStdString(s.peer))
                           .arg(s.event.value)
                           .arg(QString::fromStdString(s.event.detail));
        return out;
    };
    const QStringList expected = mineOnly(a);
    QVERIFY(expected.size() > 1000);
    QCOMPARE(mineOnly(b), expected);
    QVERIFY(b.count(EventType::InvokeEnd, "w2") > 0);
    QCOMPARE(crowded->report()["nodes"]["w"], alone->report()["nodes"]["w"]);
    KIT_VERIFY_HOLDS(*alone);
    KIT_VERIFY_HOLDS(*crowded);
}

namespace {

// A random valid diagram in stages, so nothing loops (a worker → topic → worker loop runs
// forever, as it would on AWS without its loop detection): clients → gateways, queues and
// topics; gateways → routers or workers; routers → queues and workers by action. Stage s has
// queues (most with a DLQ), maybe a topic (→ its queues, workers and an inbox) and workers
// fed by its queues; workers send only to later stages, and on failure to a later queue.
// Random error rates, latencies, timeouts, visibility timeouts, batches, FIFO, concurrency.
std::string randomDiagram(quint32 seed)
{
    std::mt19937 rng(seed);
    auto pick = [&](int n) { return int(rng() % quint32(n)); };
    auto chance = [&](int percent) { return pick(100) < percent; };
    Json nodes = Json::array();
    Json edges = Json::array();
    auto add = [&](const std::string& id, const char* kind, Json config) {
        nodes.push_back(Json{{"id", id}, {"kind", kind}, {"config", std::move(config)}});
    };
    auto wire = [&](const std::string& from, const std::string& to, Json config = Json::object(),
                    const char* kind = nullptr) {
        Json e{{"from", from}, {"to", to}, {"config", std::move(config)}};
        if (kind) e["kind"] = kind;
        edges.push_back(std::move(e));
    };
    auto any = [&](const std::vector<std::string>& list) { return list[size_t(pick(int(list.size())))]; };
    const char* dists[] = {"fixed", "uniform", "exponential", "normal", "lognormal"};
    auto latency = [&]() {
        const std::string d = dists[pick(5)];
        const std::string a = std::to_string(1 + pick(400)) + "ms";
        const std::string b = std::to_string(401 + pick(4000)) + "ms";
        if (d == "fixed") return Json{{"dist", d}, {"value", a}};
        if (d == "uniform") return Json{{"dist", d}, {"min", a}, {"max", b}};
        if (d == "exponential") return Json{{"dist", d}, {"mean", a}};
        if (d == "normal") return Json{{"dist", d}, {"mean", a}, {"stddev", a}};
        return Json{{"dist", d}, {"median", a}, {"p99", b}};
    };

    struct Stage {
        std::vector<std::string> queues, workers, topics;
    };
    std::vector<Stage> stages(size_t(1 + pick(3)));
    for (std::size_t s = 0; s < stages.size(); ++s) {
        Stage& st = stages[s];
        const std::string p = "s" + std::to_string(s) + "-";
        for (int i = 0, n = 1 + pick(2); i < n; ++i) {
            st.workers.push_back(p + "w" + std::to_string(i));
            Json c{{"errorRate", pick(60) / 100.0},
                   {"timeout", std::to_string(1 + pick(10)) + "s"},
                   {"latency", latency()},
                   {"maxRetryAttempts", pick(3)},
                   {"maxEventAge", "2m"}};
            if (chance(30)) c["concurrency"] = 1 + pick(5);
            if (chance(30)) c["coldStart"] = std::to_string(pick(800)) + "ms";
            add(st.workers.back(), "worker", c);
        }
        for (int i = 0, n = 1 + pick(2); i < n; ++i) {
            const std::string q = p + "q" + std::to_string(i);
            st.queues.push_back(q);
            Json c{{"visibilityTimeout", std::to_string(2 + pick(40)) + "s"}};
            const bool fifo = chance(25);
            if (fifo) c["type"] = "fifo";
            if (chance(70)) {
                c["maxReceiveCount"] = 1 + pick(5);
                add(q + "-dlq", "queue", fifo ? Json{{"type", "fifo"}} : Json::object());
                wire(q, q + "-dlq", Json::object(), "dead-letter");
            }
            if (chance(20)) c["delay"] = std::to_string(pick(20)) + "s";
            add(q, "queue", c);
            if (chance(85)) {
                Json m{{"batchSize", 1 + pick(10)}};
                if (chance(30)) m["batchWindow"] = std::to_string(pick(5)) + "s";
                if (chance(30)) m["reportBatchItemFailures"] = true;
                wire(q, any(st.workers), m);
            }
        }
        if (chance(50)) {
            const std::string t = p + "t";
            st.topics.push_back(t);
            add(t, "topic", Json::object());
            wire(t, any(st.queues));
            if (chance(60)) wire(t, any(st.workers));
            if (chance(40)) {
                add(t + "-inbox", "inbox", Json::object());
                wire(t, t + "-inbox");
            }
        }
        if (s == 0) continue;
        // The previous stages' workers feed this one.
        for (std::size_t e = 0; e < s; ++e)
            for (const std::string& w : stages[e].workers) {
                if (chance(40)) wire(w, any(st.queues));
                if (chance(30) && !st.topics.empty()) wire(w, st.topics.front());
                if (chance(20)) wire(w, any(st.workers), Json{{"invocation", chance(50) ? "sync" : "async"}});
                if (chance(30)) wire(w, any(st.queues), Json{{"when", "failure"}});
            }
    }

    std::vector<std::string> targets;
    std::vector<std::string> workers;
    std::vector<std::string> queues;
    for (const Stage& st : stages) {
        targets.insert(targets.end(), st.queues.begin(), st.queues.end());
        targets.insert(targets.end(), st.topics.begin(), st.topics.end());
        queues.insert(queues.end(), st.queues.begin(), st.queues.end());
        workers.insert(workers.end(), st.workers.begin(), st.workers.end());
    }
    for (int i = 0, n = pick(3); i < n; ++i) {
        const std::string api = "api" + std::to_string(i);
        targets.push_back(api);
        add(api, "api-gateway",
            Json{{"routes", Json::array({Json{{"method", "POST"}, {"path", "/a"}, {"action", "a"}, {"required", {"x"}}},
                                         Json{{"method", "GET"}, {"path", "/b/{id}"}, {"action", "b"}}})}});
        if (chance(70)) {
            const std::string r = "r" + std::to_string(i);
            add(r, "router", Json{{"latency", latency()}});
            wire(api, r);
            wire(r, any(queues), Json{{"actions", {"a"}}});
            if (chance(70))
                wire(r, any(workers), Json{{"actions", {"b"}}, {"invocation", chance(50) ? "sync" : "async"}});
        } else {
            wire(api, any(workers));
        }
    }
    const char* arrivals[] = {"constant", "poisson", "burst", "ramp"};
    for (int i = 0, n = 1 + pick(3); i < n; ++i) {
        const std::string id = "c" + std::to_string(i);
        add(id, "client",
            Json{{"rate", std::to_string(1 + pick(30)) + "/s"},
                 {"arrival", arrivals[pick(4)]},
                 {"count", 10 + pick(300)},
                 {"users", {"alice", "bob", "carol"}},
                 {"requests",
                  Json::array({Json{{"method", "POST"}, {"path", "/a"}, {"body", {{"x", 1}}}},
                               Json{{"method", "POST"}, {"path", "/a"}, {"body", "oops"}},
                               Json{{"method", "GET"}, {"path", "/b/7"}}, Json{{"method", "GET"}, {"path", "/c"}}})},
                 {"messages",
                  Json::array({Json{{"body", {{"n", 1}}}, {"groupId", "g1"}},
                               Json{{"body", {{"n", 2}}}, {"groupId", "g2"}, {"attributes", {{"k", "v"}}}}})}});
        wire(id, any(targets));
    }
    return Json{{"format", "microlab/1"},
                {"name", "random " + std::to_string(seed)},
                {"seed", seed},
                {"nodes", nodes},
                {"edges", edges}}
        .dump();
}

}  // namespace

void TestDeterminism::randomDiagramsConserve_data()
{
    QTest::addColumn<quint32>("seed");
    for (quint32 s = 1; s <= 50; ++s) QTest::newRow(qPrintable(QStringLiteral("diagram %1").arg(s))) << s;
}

void TestDeterminism::randomDiagramsConserve()
{
    QFETCH(quint32, seed);
    const std::string text = randomDiagram(seed);
    // MICROLAB_DUMP_DIAGRAMS=1 prints each diagram first (to replay one that crashes).
    if (qEnvironmentVariableIsSet("MICROLAB_DUMP_DIAGRAMS")) qInfo("%s", text.c_str());
    EngineOptions quiet;
    quiet.logging = false;
    auto engine = engineFromText(text, quiet);
    QVERIFY2(engine, text.c_str());
    // Conservation holds mid-run too (messages in transit are accounted for).
    for (Micros t : {sec(3), sec(30), minutes(5), minutes(30)}) {
        engine->run(t);
        const Conservation c = engine->conservation();
        QVERIFY2(c.holds, (c.toJson().dump() + "\n" + text).c_str());
    }
    QVERIFY(cons(engine->report(), "entered") > 0);
}

QTEST_GUILESS_MAIN(TestDeterminism)
#include "tst_determinism.moc"
