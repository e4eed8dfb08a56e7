// The linter: every rule firing and not firing on diagrams built in code, with the pointer into
// the project file (the messages and their order: LintMessages.cpp).
#include "LintTests.h"

using namespace ml;
using namespace lintkit;

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

QTEST_GUILESS_MAIN(TestLint)
