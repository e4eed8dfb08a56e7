// The linter: every rule firing and not firing on diagrams built in code, with the pointer into
// the project file, plus the order of the problems.
#include "model/Lint.h"

#include <QtTest>

#include <functional>

using namespace ml;

Q_DECLARE_METATYPE(ml::Diagram)

namespace {

Node node(const char* id, const char* kind, Json config = Json::object())
{
    Node n;
    n.id = NodeId(QString::fromLatin1(id));
    n.kind = QString::fromLatin1(kind);
    n.config = std::move(config);
    return n;
}

Edge edge(const char* from, const char* to, Json config = Json::object(), const char* kind = "")
{
    Edge e;
    e.from = NodeId(QString::fromLatin1(from));
    e.to = NodeId(QString::fromLatin1(to));
    e.kind = QString::fromLatin1(kind);
    e.kindWritten = !e.kind.isEmpty();
    e.config = std::move(config);
    return e;
}

// client → api → router → jobs → resize, with jobs → jobs-dlq: the DESIGN.md sample, clean.
// Node indexes: client 0, api 1, router 2, jobs 3, jobs-dlq 4, resize 5.
// Edge indexes: e1 client→api 0, e2 api→router 1, e3 router→jobs 2, e4 jobs→resize 3, e5 jobs→dlq 4.
Diagram pipeline()
{
    Diagram d;
    d.addNode(node("client", "client",
                   {{"rate", "5/s"}, {"requests", Json::parse(R"([{"method": "POST", "path": "/images"}])")}}));
    d.addNode(node("api", "api-gateway",
                   {{"routes", Json::parse(R"([{"method": "POST", "path": "/images", "action": "process-image"}])")}}));
    d.addNode(node("router", "router"));
    d.addNode(node("jobs", "queue", {{"visibilityTimeout", "30s"}, {"maxReceiveCount", 3}}));
    d.addNode(node("jobs-dlq", "queue"));
    d.addNode(node("resize", "worker", {{"timeout", "5s"}, {"errorRate", 0.1}}));
    d.addEdge(edge("client", "api"));
    d.addEdge(edge("api", "router"));
    d.addEdge(edge("router", "jobs", {{"actions", {"process-image"}}}));
    d.addEdge(edge("jobs", "resize", {{"batchSize", 1}}));
    d.addEdge(edge("jobs", "jobs-dlq", Json::object(), "dead-letter"));
    return d;
}

Diagram with(const std::function<void(Diagram&)>& change)
{
    Diagram d = pipeline();
    change(d);
    return d;
}

void setConfig(Diagram& d, const char* id, const char* key, Json value)
{
    d.node(NodeId(QString::fromLatin1(id)))->config[key] = std::move(value);
}

void setEdgeConfig(Diagram& d, const char* id, const char* key, Json value)
{
    d.edge(EdgeId(QString::fromLatin1(id)))->config[key] = std::move(value);
}

Problems withRule(const Problems& all, const QString& rule)
{
    Problems out;
    for (const Problem& p : all)
        if (p.rule == rule) out.push_back(p);
    return out;
}

QString dump(const Problems& problems)
{
    QStringList lines;
    for (const Problem& p : problems)
        lines << QStringLiteral("%1 %2 %3 %4").arg(p.isError() ? "error" : "warning", p.rule, p.pointer, p.message);
    return lines.join(QLatin1Char('\n'));
}

}  // namespace

class TestLint : public QObject {
    Q_OBJECT

private slots:
    void cleanPipeline();
    void rule_data();
    void rule();
    void messagesNameTheNodes();
    void deadLetterLoopNamesTheCycle();
    void unknownKeyPointerIsEscaped();
    void neverThrowsOnOddConfigs();
    void order();
};

void TestLint::cleanPipeline()
{
    const Problems problems = lint(pipeline());
    QVERIFY2(problems.empty(), qPrintable(dump(problems)));
}

void TestLint::rule_data()
{
    QTest::addColumn<Diagram>("diagram");
    QTest::addColumn<QString>("rule");
    QTest::addColumn<int>("count");  // how many problems of the rule
    QTest::addColumn<bool>("isError");
    QTest::addColumn<QString>("pointer");  // of the first one
    QTest::addColumn<QString>("subject");  // its node id, else its edge id

    auto fires = [](const char* name, Diagram d, const char* rule, bool error, const char* pointer, const char* subject,
                    int count = 1) {
        QTest::newRow(name) << d << QString::fromLatin1(rule) << count << error << QString::fromLatin1(pointer)
                            << QString::fromLatin1(subject);
    };
    auto silent = [](const char* name, Diagram d, const char* rule) {
        QTest::newRow(name) << d << QString::fromLatin1(rule) << 0 << false << QString() << QString();
    };
    const bool E = true, W = false;

    // Kinds and ids.
    fires("unknown kind", with([](Diagram& d) { d.addNode(node("fn", "lambda")); }), "unknown-kind", E, "/nodes/6/kind",
          "fn");
    fires("invalid id", with([](Diagram& d) { d.addNode(node("My_Table", "table")); }), "invalid-id", E, "/nodes/6/id",
          "My_Table");
    silent("valid id", with([](Diagram& d) { d.addNode(node("table-2", "table")); }), "invalid-id");

    // Edges.
    fires("edge to missing node", with([](Diagram& d) { d.addEdge(edge("resize", "ghost")); }), "missing-node", E,
          "/edges/5/to", "e6");
    fires("edge from missing node", with([](Diagram& d) { d.addEdge(edge("ghost", "resize")); }), "missing-node", E,
          "/edges/5/from", "e6");
    fires("forbidden pair", with([](Diagram& d) { d.addEdge(edge("client", "resize")); }), "forbidden-connection", E,
          "/edges/5", "e6");
    fires("forbidden kind for pair",
          with([](Diagram& d) { d.addEdge(edge("jobs", "resize", Json::object(), "dead-letter")); }),
          "forbidden-connection", E, "/edges/5", "e6");
    fires("unknown edge kind", with([](Diagram& d) { d.addEdge(edge("router", "resize", Json::object(), "pipe")); }),
          "unknown-edge-kind", E, "/edges/5/kind", "e6");
    silent("inferred kind allowed", with([](Diagram& d) { d.addEdge(edge("router", "resize")); }),
           "forbidden-connection");

    // Config values.
    fires("node value out of range", with([](Diagram& d) { setConfig(d, "resize", "timeout", "20m"); }), "bad-value", E,
          "/nodes/5/config/timeout", "resize");
    fires("edge value out of range", with([](Diagram& d) { setEdgeConfig(d, "e4", "batchSize", 0); }), "bad-value", E,
          "/edges/3/config/batchSize", "e4");
    fires("inside a value", with([](Diagram& d) {
              setConfig(d, "api", "routes",
                        Json::parse(R"([{"method": "GET", "path": "/"}, {"method": "FETCH", "path": "/"}])"));
          }),
          "bad-value", E, "/nodes/1/config/routes/1/method", "api");
    fires("bad schedule", with([](Diagram& d) {
              d.addNode(node("nightly", "cron", {{"schedule", "cron(0 25 * * ? *)"}}));
          }),
          "bad-value", E, "/nodes/6/config/schedule", "nightly");
    fires("bad filter pattern", with([](Diagram& d) {
              d.addNode(node("logs", "logs"));
              d.addNode(node("monitor", "log-monitor"));
              d.addEdge(edge("logs", "monitor", {{"filterPattern", "{ $.urgency = }"}}));
          }),
          "bad-value", E, "/edges/5/config/filterPattern", "e6");
    fires("config not an object",
          with([](Diagram& d) { d.node(NodeId(QStringLiteral("router")))->config = Json::array(); }), "bad-value", E,
          "/nodes/2/config", "router");
    fires("unknown node key", with([](Diagram& d) { setConfig(d, "resize", "gpu", true); }), "unknown-config-key", W,
          "/nodes/5/config/gpu", "resize");
    fires("unknown edge key", with([](Diagram& d) { setEdgeConfig(d, "e4", "speed", 1); }), "unknown-config-key", W,
          "/edges/3/config/speed", "e4");
    // A websocket handshake has only its Origin to check: the rest of a CORS setting does nothing.
    fires("websocket cors methods ignored", with([](Diagram& d) {
              d.addNode(node("chat", "websocket-api",
                             {{"cors", Json::parse(R"({"allowOrigins": ["*"], "allowMethods": ["GET"]})")}}));
          }),
          "ignored-config", W, "/nodes/6/config/cors/allowMethods", "chat");
    silent("websocket cors origins used", with([](Diagram& d) {
               d.addNode(node("chat", "websocket-api", {{"cors", Json::parse(R"({"allowOrigins": ["*"]})")}}));
           }),
           "ignored-config");
    silent("api cors methods used", with([](Diagram& d) {
               setConfig(d, "api", "cors",
                         Json::parse(R"({"allowOrigins": ["*"], "allowMethods": ["GET"], "maxAge": 5})"));
           }),
           "ignored-config");
    silent("key of another kind is unknown only there", with([](Diagram& d) { setConfig(d, "jobs", "type", "fifo"); }),
           "unknown-config-key");

    // Node references.
    auto topicWithDlq = [](const char* dlq, const char* topicType = "standard", const char* dlqType = "standard") {
        return with([=](Diagram& d) {
            d.addNode(node("orders", "topic", {{"type", topicType}}));        // 6
            d.addNode(node("orders-dlq", "queue", {{"type", dlqType}}));      // 7
            d.addEdge(edge("router", "orders"));                              // e6, 5
            d.addEdge(edge("orders", "resize", {{"deadLetterQueue", dlq}}));  // e7, 6
        });
    };
    silent("subscription dlq exists", topicWithDlq("orders-dlq"), "node-ref");
    fires("subscription dlq missing", topicWithDlq("ghost"), "node-ref", E, "/edges/6/config/deadLetterQueue", "e7");
    fires("subscription dlq not a queue", topicWithDlq("router"), "node-ref", E, "/edges/6/config/deadLetterQueue",
          "e7");

    // Dead-letter queues.
    fires("dead-letter loop", with([](Diagram& d) {
              setConfig(d, "jobs-dlq", "maxReceiveCount", 1);
              d.addEdge(edge("jobs-dlq", "jobs", Json::object(), "dead-letter"));
          }),
          "dead-letter-loop", E, "/edges/5", "jobs");
    fires("dead-letter to itself", with([](Diagram& d) {
              d.removeEdge(EdgeId(QStringLiteral("e5")));
              d.addEdge(edge("jobs", "jobs", Json::object(), "dead-letter"));
          }),
          "dead-letter-loop", E, "/edges/4", "jobs");
    silent("dead-letter chain", with([](Diagram& d) {
               setConfig(d, "jobs-dlq", "maxReceiveCount", 1);
               d.addNode(node("last", "queue"));
               d.addEdge(edge("jobs-dlq", "last", Json::object(), "dead-letter"));
           }),
           "dead-letter-loop");
    fires("dead-letter type", with([](Diagram& d) { setConfig(d, "jobs-dlq", "type", "fifo"); }), "dead-letter-type", E,
          "/edges/4", "jobs");
    silent("dead-letter same type", with([](Diagram& d) {
               setConfig(d, "jobs-dlq", "type", "fifo");
               setConfig(d, "jobs", "type", "fifo");
           }),
           "dead-letter-type");
    fires("subscription dlq type", topicWithDlq("orders-dlq", "fifo", "standard"), "dead-letter-type", E,
          "/edges/6/config/deadLetterQueue", "e7");
    fires("two dead-letter edges", with([](Diagram& d) {
              d.addNode(node("other-dlq", "queue"));
              d.addEdge(edge("jobs", "other-dlq", Json::object(), "dead-letter"));
          }),
          "multiple-dead-letter", E, "/edges/5", "jobs");
    silent("one dead-letter edge", pipeline(), "multiple-dead-letter");
    fires("maxReceiveCount without dlq", with([](Diagram& d) { d.removeEdge(EdgeId(QStringLiteral("e5"))); }),
          "max-receive-count-without-dlq", W, "/nodes/3/config/maxReceiveCount", "jobs");
    fires("dlq without maxReceiveCount",
          with([](Diagram& d) { d.node(NodeId(QStringLiteral("jobs")))->config.erase("maxReceiveCount"); }),
          "dead-letter-without-max-receive-count", W, "/nodes/3/config/maxReceiveCount", "jobs");

    // Timeouts against the visibility timeout (30 s): longer is an error, under 6× a warning.
    fires("timeout over visibility", with([](Diagram& d) { setConfig(d, "resize", "timeout", "31s"); }),
          "timeout-exceeds-visibility", E, "/nodes/5/config/timeout", "resize");
    silent("timeout equal to visibility", with([](Diagram& d) { setConfig(d, "resize", "timeout", "30s"); }),
           "timeout-exceeds-visibility");
    fires("visibility under 6x", with([](Diagram& d) { setConfig(d, "resize", "timeout", "6s"); }),
          "visibility-timeout-short", W, "/nodes/3/config/visibilityTimeout", "jobs");
    silent("visibility exactly 6x", pipeline(), "visibility-timeout-short");
    silent("visibility timeout error only", with([](Diagram& d) { setConfig(d, "resize", "timeout", "31s"); }),
           "visibility-timeout-short");

    // Event source mappings.
    fires("fifo batch over 10", with([](Diagram& d) {
              setConfig(d, "jobs", "type", "fifo");
              setConfig(d, "jobs-dlq", "type", "fifo");
              setEdgeConfig(d, "e4", "batchSize", 11);
              setEdgeConfig(d, "e4", "batchWindow", "1s");
          }),
          "fifo-batch-size", E, "/edges/3/config/batchSize", "e4");
    silent("fifo batch of 10", with([](Diagram& d) {
               setConfig(d, "jobs", "type", "fifo");
               setEdgeConfig(d, "e4", "batchSize", 10);
           }),
           "fifo-batch-size");
    silent("standard batch over 10", with([](Diagram& d) {
               setEdgeConfig(d, "e4", "batchSize", 11);
               setEdgeConfig(d, "e4", "batchWindow", "1s");
           }),
           "fifo-batch-size");
    fires("batch over 10 without window", with([](Diagram& d) { setEdgeConfig(d, "e4", "batchSize", 11); }),
          "batch-window-required", E, "/edges/3/config/batchSize", "e4");
    silent("batch over 10 with window", with([](Diagram& d) {
               setEdgeConfig(d, "e4", "batchSize", 11);
               setEdgeConfig(d, "e4", "batchWindow", "1s");
           }),
           "batch-window-required");
    silent("default batch of 10",
           with([](Diagram& d) { d.edge(EdgeId(QStringLiteral("e4")))->config = Json::object(); }),
           "batch-window-required");

    // Queues without consumers or dead-letter queues.
    fires("queue without consumer", with([](Diagram& d) {
              d.addNode(node("audit", "queue"));
              d.addEdge(edge("router", "audit"));
          }),
          "queue-no-consumer", W, "/nodes/6", "audit");
    silent("dlq needs no consumer", pipeline(), "queue-no-consumer");
    silent("failure destination needs no consumer", with([](Diagram& d) {
               d.addNode(node("failed", "queue"));
               d.addEdge(edge("resize", "failed", {{"when", "failure"}}));
           }),
           "queue-no-consumer");
    silent("subscription dlq needs no consumer", topicWithDlq("orders-dlq"), "queue-no-consumer");
    fires("failing consumer without dlq", with([](Diagram& d) {
              d.removeEdge(EdgeId(QStringLiteral("e5")));
              d.node(NodeId(QStringLiteral("jobs")))->config.erase("maxReceiveCount");
          }),
          "queue-no-dlq", W, "/nodes/3", "jobs");
    silent("failing consumer with dlq", pipeline(), "queue-no-dlq");
    silent("reliable consumer without dlq", with([](Diagram& d) {
               d.removeEdge(EdgeId(QStringLiteral("e5")));
               setConfig(d, "resize", "errorRate", 0);
           }),
           "queue-no-dlq");

    // Functions.
    auto guarded = [](const char* other) {
        return with([=](Diagram& d) {
            d.addNode(node("gate", "gatekeeper"));  // 6
            d.addNode(node("users", "table"));      // 7
            d.addEdge(edge("router", "gate"));      // e6, 5
            d.addEdge(edge("gate", "users"));       // e7, 6
            d.addEdge(edge(other, "users"));        // e8, 7
        });
    };
    fires("store touched past the gatekeeper", guarded("resize"), "guarded-store", E, "/edges/7", "resize");
    silent("only the gatekeeper", guarded("gate"), "guarded-store");
    silent("unguarded store", with([](Diagram& d) {
               d.addNode(node("users", "table"));
               d.addEdge(edge("resize", "users"));
           }),
           "guarded-store");
    fires("gateway to a worker", with([](Diagram& d) { d.addEdge(edge("api", "resize")); }), "api-non-router", W,
          "/edges/5", "resize");
    silent("gateway to a router", pipeline(), "api-non-router");
    fires("invokes itself", with([](Diagram& d) { d.addEdge(edge("resize", "resize")); }), "self-invoke", W, "/edges/5",
          "resize");
    silent("invokes another", with([](Diagram& d) { d.addEdge(edge("router", "resize")); }), "self-invoke");
    fires("output back to its own queue", with([](Diagram& d) { d.addEdge(edge("resize", "jobs")); }), "recursive-loop",
          W, "/nodes/5", "resize");
    fires("two functions in a loop", with([](Diagram& d) {
              d.addNode(node("audit-jobs", "queue"));
              d.addNode(node("audit", "worker"));
              d.addEdge(edge("resize", "audit-jobs"));
              d.addEdge(edge("audit-jobs", "audit"));
              d.addEdge(edge("audit", "jobs"));
          }),
          "recursive-loop", W, "/nodes/5", "resize");
    fires("through a topic", with([](Diagram& d) {
              d.addNode(node("done", "topic"));
              d.addEdge(edge("resize", "done"));
              d.addEdge(edge("done", "jobs"));
          }),
          "recursive-loop", W, "/nodes/5", "resize");
    silent("a dead-letter queue is not a way back", pipeline(), "recursive-loop");
    silent("self-invoke has its own rule", with([](Diagram& d) { d.addEdge(edge("resize", "resize")); }),
           "recursive-loop");
    auto logSubscriptions = [](int count) {
        return with([=](Diagram& d) {
            d.addNode(node("app-logs", "logs"));
            d.addEdge(edge("resize", "app-logs"));
            for (int i = 0; i < count; ++i) {
                const std::string id = "monitor-" + std::to_string(i);
                d.addNode(node(id.c_str(), "log-monitor"));
                d.addEdge(edge("app-logs", id.c_str()));
            }
        });
    };
    fires("three log subscriptions", logSubscriptions(3), "too-many-log-subscriptions", E, "/edges/8", "app-logs");
    silent("two log subscriptions", logSubscriptions(2), "too-many-log-subscriptions");

    // Reachability.
    fires("orphan table", with([](Diagram& d) { d.addNode(node("orphans", "table")); }), "unreachable", W, "/nodes/6",
          "orphans");
    fires("queue nobody sends to", with([](Diagram& d) {
              d.addNode(node("side", "queue"));
              d.addNode(node("side-worker", "worker"));
              d.addEdge(edge("side", "side-worker"));
          }),
          "unreachable", W, "/nodes/6", "side", 2);
    silent("table through data access, trigger through its stream", with([](Diagram& d) {
               d.addNode(node("items", "table", {{"stream", "NEW_AND_OLD_IMAGES"}}));
               d.addNode(node("on-change", "trigger"));
               d.addEdge(edge("resize", "items"));
               d.addEdge(edge("items", "on-change"));
           }),
           "unreachable");
    fires("data access is not followed backwards", with([](Diagram& d) {
              d.addNode(node("items", "table"));
              d.addNode(node("reader", "crud"));
              d.addEdge(edge("resize", "items"));
              d.addEdge(edge("reader", "items"));
          }),
          "unreachable", W, "/nodes/7", "reader");
    silent("cron is a source", with([](Diagram& d) { d.addNode(node("nightly", "cron")); }), "unreachable");
    silent("default log group", with([](Diagram& d) {
               d.addNode(node("all-logs", "logs"));
               d.addNode(node("watch", "log-monitor"));
               d.addEdge(edge("all-logs", "watch"));
           }),
           "unreachable");
    silent("subscription dlq reached by reference", topicWithDlq("orders-dlq"), "unreachable");
    // Settings the engine ignores, sends it refuses (LintIgnored.cpp).
    fires("success edge of a sync-only function", with([](Diagram& d) {
              d.addNode(node("audit", "queue"));
              d.addEdge(edge("router", "audit", {{"when", "success"}}));
          }),
          "destination-unused", W, "/edges/5/config/when", "router");
    silent("success edge of a queue-driven worker", with([](Diagram& d) {
               d.addNode(node("done", "queue"));
               d.addEdge(edge("resize", "done", {{"when", "success"}}));
           }),
           "destination-unused");
    fires("failure edge of a queue-driven worker", with([](Diagram& d) {
              d.addNode(node("failed", "queue"));
              d.addEdge(edge("resize", "failed", {{"when", "failure"}}));
          }),
          "destination-unused", W, "/edges/5/config/when", "resize");
    fires("async setting of a queue-driven worker",
          with([](Diagram& d) { setConfig(d, "resize", "maxRetryAttempts", 1); }), "async-setting-unused", W,
          "/nodes/5/config/maxRetryAttempts", "resize");
    fires("fifo queue without deduplication", with([](Diagram& d) {
              d.addNode(node("orders", "queue", {{"type", "fifo"}}));
              d.addEdge(edge("router", "orders", {{"actions", {"process-image"}}}));
          }),
          "fifo-without-deduplication", W, "/nodes/6/config/contentDeduplication", "orders");
    silent("fifo queue with content deduplication", with([](Diagram& d) {
               d.addNode(node("orders", "queue", {{"type", "fifo"}, {"contentDeduplication", true}}));
               d.addEdge(edge("router", "orders", {{"actions", {"process-image"}}}));
           }),
           "fifo-without-deduplication");
    fires("content deduplication on a standard queue",
          with([](Diagram& d) { setConfig(d, "jobs", "contentDeduplication", true); }), "fifo-setting-on-standard", W,
          "/nodes/3/config/contentDeduplication", "jobs");
    fires("raw delivery to a function", with([](Diagram& d) {
              d.addNode(node("news", "topic"));
              d.addNode(node("fn", "worker"));
              d.addEdge(edge("news", "fn", {{"rawMessageDelivery", true}}));
          }),
          "raw-delivery-ignored", W, "/edges/5/config/rawMessageDelivery", "e6");
    fires("bucket event never emitted", with([](Diagram& d) {
              d.addNode(node("files", "bucket"));
              d.addNode(node("tr", "trigger"));
              d.addEdge(edge("files", "tr", {{"events", {"ObjectCreated:Copy", "s3:ObjectCreated:*"}}}));
          }),
          "bucket-event-never-emitted", W, "/edges/5/config/events/0", "e6");
    silent(
        "no sources at all",
        [] {
            Diagram d;
            d.addNode(node("q", "queue"));
            d.addNode(node("w", "worker"));
            d.addEdge(edge("q", "w"));
            return d;
        }(),
        "unreachable");
}

void TestLint::rule()
{
    QFETCH(Diagram, diagram);
    QFETCH(QString, rule);
    QFETCH(int, count);
    QFETCH(bool, isError);
    QFETCH(QString, pointer);
    QFETCH(QString, subject);

    const Problems all = lint(diagram);
    const Problems found = withRule(all, rule);
    QVERIFY2(int(found.size()) == count,
             qPrintable(QStringLiteral("expected %1 × %2, got:\n%3").arg(count).arg(rule, dump(all))));
    if (count == 0) return;
    const Problem& p = found.front();
    QCOMPARE(p.isError(), isError);
    QCOMPARE(p.pointer, pointer);
    QCOMPARE(p.node.isEmpty() ? p.edge.value : p.node.value, subject);
    QVERIFY(!p.message.isEmpty());
}

void TestLint::messagesNameTheNodes()
{
    Diagram d = pipeline();
    setConfig(d, "resize", "timeout", "20m");
    setConfig(d, "resize", "gpu", true);
    const Problems problems = lint(d);
    const Problems bad = withRule(problems, QStringLiteral("bad-value"));
    QCOMPARE(bad.size(), size_t(1));
    QCOMPARE(bad[0].message,
             QStringLiteral("worker \"resize\": timeout: expected a duration between 1s and 15m; got \"20m\""));
    const Problems unknown = withRule(problems, QStringLiteral("unknown-config-key"));
    QCOMPARE(unknown.size(), size_t(1));
    QCOMPARE(unknown[0].message, QStringLiteral("worker \"resize\": unknown config key \"gpu\" for a worker"));

    Diagram e = pipeline();
    e.addEdge(edge("client", "resize"));
    const Problems forbidden = withRule(lint(e), QStringLiteral("forbidden-connection"));
    QCOMPARE(forbidden.size(), size_t(1));
    QVERIFY2(forbidden[0].message.startsWith(QStringLiteral("edge \"e6\" (client \u2192 resize): ")),
             qPrintable(forbidden[0].message));
    // The Catalog's reason is carried over.
    QVERIFY2(forbidden[0].message.contains(QStringLiteral("cannot connect")), qPrintable(forbidden[0].message));

    Diagram v = pipeline();
    setConfig(v, "resize", "timeout", "45s");
    const Problems over = withRule(lint(v), QStringLiteral("timeout-exceeds-visibility"));
    QCOMPARE(over.size(), size_t(1));
    QCOMPARE(over[0].message,
             QStringLiteral("worker \"resize\" times out after 45s, longer than the 30s visibility timeout "
                            "of queue \"jobs\" it consumes; messages would come back while still being "
                            "processed"));
}

void TestLint::deadLetterLoopNamesTheCycle()
{
    Diagram d = pipeline();
    setConfig(d, "jobs-dlq", "maxReceiveCount", 1);
    d.addNode(node("third", "queue", {{"maxReceiveCount", 1}}));
    d.edge(EdgeId(QStringLiteral("e5")))->to = NodeId(QStringLiteral("jobs-dlq"));
    d.addEdge(edge("jobs-dlq", "third", Json::object(), "dead-letter"));
    d.addEdge(edge("third", "jobs", Json::object(), "dead-letter"));
    const Problems loops = withRule(lint(d), QStringLiteral("dead-letter-loop"));
    QCOMPARE(loops.size(), size_t(1));
    QCOMPARE(loops[0].message,
             QStringLiteral("dead-letter chain loops: \"jobs\" \u2192 \"jobs-dlq\" \u2192 \"third\" \u2192 "
                            "\"jobs\"; a message would move between these queues forever"));
    QCOMPARE(loops[0].pointer, QStringLiteral("/edges/6"));
}

void TestLint::unknownKeyPointerIsEscaped()
{
    Diagram d = pipeline();
    setConfig(d, "resize", "a/b~c", 1);
    const Problems unknown = withRule(lint(d), QStringLiteral("unknown-config-key"));
    QCOMPARE(unknown.size(), size_t(1));
    QCOMPARE(unknown[0].pointer, QStringLiteral("/nodes/5/config/a~1b~0c"));
}

void TestLint::neverThrowsOnOddConfigs()
{
    // Wrong types everywhere the semantic rules read: they are bad values, and nothing else breaks.
    Diagram d = pipeline();
    setConfig(d, "jobs", "visibilityTimeout", 30);
    setConfig(d, "jobs", "type", Json::array());
    setConfig(d, "jobs", "maxReceiveCount", "three");
    setConfig(d, "resize", "timeout", Json::object());
    setConfig(d, "resize", "errorRate", "high");
    setEdgeConfig(d, "e4", "batchSize", "many");
    setEdgeConfig(d, "e4", "batchWindow", 5);
    d.addNode(node("orders", "topic"));
    d.addEdge(edge("router", "orders"));
    d.addEdge(edge("orders", "jobs", {{"deadLetterQueue", 7}}));
    const Problems problems = lint(d);
    QCOMPARE(int(withRule(problems, QStringLiteral("bad-value")).size()), 8);
}

void TestLint::order()
{
    // Errors first; then by node in diagram order, a node's own problems before its edges'.
    Diagram d = pipeline();
    d.addNode(node("orphan", "table"));          // warning on node 6
    setConfig(d, "resize", "timeout", "500ms");  // error on node 5
    setConfig(d, "api", "port", -1);             // error on node 1
    d.addEdge(edge("client", "resize"));         // error on edge 5, from node 0
    setConfig(d, "router", "gpu", true);         // warning on node 2
    const Problems problems = lint(d);
    QStringList got;
    for (const Problem& p : problems) got << p.pointer;
    const QStringList expected{QStringLiteral("/edges/5"), QStringLiteral("/nodes/1/config/port"),
                               QStringLiteral("/nodes/5/config/timeout"), QStringLiteral("/nodes/2/config/gpu"),
                               QStringLiteral("/nodes/6")};
    QCOMPARE(got, expected);
    QVERIFY(problems[0].isError() && problems[2].isError() && !problems[3].isError());

    // Deterministic: the same diagram gives the same list.
    const Problems again = lint(d);
    QCOMPARE(again.size(), problems.size());
    for (size_t i = 0; i < again.size(); ++i) QCOMPARE(again[i].message, problems[i].message);
}

QTEST_GUILESS_MAIN(TestLint)
#include "tst_lint.moc"
