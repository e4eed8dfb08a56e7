// The linter's problems as a user reads them: messages that name the nodes, the cycle of a
// dead-letter loop, escaped pointers, odd configs that never throw, and the order of problems.
#include "LintNames.h"
#include "LintTests.h"

using namespace ml;
using namespace lintkit;

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

    // The example: the user named the dead-letter queue; the message says so, the
    // Problems table and `validate` show the id beside it.
    Diagram n = pipeline();
    n.node(NodeId(QStringLiteral("jobs-dlq")))->name = QStringLiteral("Image jobs DLQ");
    n.node(NodeId(QStringLiteral("jobs")))->name = QStringLiteral("Image jobs");
    setConfig(n, "jobs", "type", "fifo");
    const Problems types = withRule(lint(n), QStringLiteral("dead-letter-type"));
    QCOMPARE(types.size(), size_t(1));
    QCOMPARE(types[0].message, QStringLiteral("dead-letter queue \"Image jobs DLQ\" is standard but its source queue "
                                              "\"Image jobs\" is fifo; both must be of the same type"));
    QCOMPARE(types[0].node.value, QStringLiteral("jobs"));
}

void TestLint::namedNodesInEveryRule_data() { rule_data(); }

void TestLint::namedNodesInEveryRule()
{
    // Every row of rule_data that fires, with every node named "The <id> card": each problem of
    // the rule names its node (or an edge's end) by that name and no node by its bare id.
    QFETCH(Diagram, diagram);
    QFETCH(QString, rule);
    QFETCH(int, count);
    if (count == 0) QSKIP("the rule does not fire in this row");
    const Diagram d = lintnames::named(diagram);
    const Problems found = withRule(lint(d), rule);
    QCOMPARE(int(found.size()), count);
    for (const Problem& p : found) {
        const QString wrong = lintnames::misnamed(d, p);
        QVERIFY2(wrong.isEmpty(), qPrintable(QStringLiteral("%1: %2").arg(wrong, p.message)));
    }
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
