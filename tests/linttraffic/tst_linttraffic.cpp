// The rules that say why a valid diagram would do nothing when run (issue 11): nothing sends,
// a gateway without routes, client requests and route actions that never match, with the near
// miss a typo probably meant; each firing and not firing, data-driven.
#include "../lint/LintKit.h"
#include "../lint/LintNames.h"
#include "model/RouteActions.h"
#include "project/ProjectFile.h"

#include <QtTest>

#include <functional>

using namespace ml;
using namespace lintkit;

namespace {

// The issue's walk-through, fixed: client → api → router → orders → worker.
// Nodes: client 0, api 1, router 2, orders 3, worker 4. Edges: e1 client→api 0,
// e2 api→router 1, e3 router→orders 2, e4 orders→worker 3.
Diagram shop()
{
    Diagram d;
    d.addNode(
        node("client", "client", {{"rate", "5/s"}, {"requests", Json::parse(R"([{"method": "POST", "path": "/orders"},
                                                 {"method": "GET", "path": "/orders/o-1"}])")}}));
    d.addNode(node("api", "api-gateway", {{"routes", Json::parse(R"([
        {"method": "POST", "path": "/orders", "action": "create-order"},
        {"method": "GET", "path": "/orders/{id}", "action": "get-order"}])")}}));
    d.addNode(node("router", "router"));
    d.addNode(node("orders", "queue"));
    d.addNode(node("worker", "worker"));
    d.addEdge(edge("client", "api"));
    d.addEdge(edge("api", "router"));
    d.addEdge(edge("router", "orders", {{"actions", {"create-order", "get-order"}}}));
    d.addEdge(edge("orders", "worker"));
    return d;
}

Diagram with(const std::function<void(Diagram&)>& change)
{
    Diagram d = shop();
    change(d);
    return d;
}

Json& config(Diagram& d, const char* id) { return d.node(NodeId(QString::fromLatin1(id)))->config; }
Json& edgeConfig(Diagram& d, const char* id) { return d.edge(EdgeId(QString::fromLatin1(id)))->config; }

}  // namespace

class TestLintTraffic : public QObject {
    Q_OBJECT

private slots:
    void cleanShop();
    void rule_data();
    void rule();
    void namedNodesInEveryRule_data();
    void namedNodesInEveryRule();
    void nearMiss_data();
    void nearMiss();
    void samplesStayClean_data();
    void samplesStayClean();
};

void TestLintTraffic::cleanShop()
{
    const Problems problems = lint(shop());
    QVERIFY2(problems.empty(), qPrintable(dump(problems)));
    QCOMPARE(routes::actionsSentTo(shop(), NodeId(QStringLiteral("router"))),
             (QStringList{QStringLiteral("create-order"), QStringLiteral("get-order")}));
}

void TestLintTraffic::rule_data()
{
    QTest::addColumn<Diagram>("diagram");
    QTest::addColumn<QString>("rule");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("pointer");   // of the first one
    QTest::addColumn<QString>("contains");  // a phrase of its message

    auto fires = [](const char* name, Diagram d, const char* rule, int count, const char* pointer, const char* phrase) {
        QTest::newRow(name) << d << QString::fromLatin1(rule) << count << QString::fromLatin1(pointer)
                            << QString::fromUtf8(phrase);
    };
    auto silent = [](const char* name, Diagram d, const char* rule) {
        QTest::newRow(name) << d << QString::fromLatin1(rule) << 0 << QString() << QString();
    };

    // Nothing sends: no client and no schedule. An empty canvas says nothing yet.
    fires("no client", with([](Diagram& d) { d.removeNode(NodeId(QStringLiteral("client"))); }), "no-traffic", 1,
          "/nodes", "nothing sends traffic: add a client, a CRON, or use Send test message");
    silent("client sends", shop(), "no-traffic");
    silent("empty diagram", Diagram(), "no-traffic");
    {
        Diagram cronOnly;
        cronOnly.addNode(node("nightly", "cron"));
        cronOnly.addNode(node("report", "worker"));
        cronOnly.addEdge(edge("nightly", "report"));
        silent("a cron sends", cronOnly, "no-traffic");
    }

    // A gateway without routes: every request 404. The client rule then stays quiet (one cause, one line).
    const Diagram noRoutes = with([](Diagram& d) { config(d, "api")["routes"] = Json::array(); });
    fires("gateway without routes", noRoutes, "gateway-without-routes", 1, "/nodes/1/config/routes",
          "every request gets 404 Not Found");
    silent("gateway without routes: requests not repeated", noRoutes, "request-without-route");
    silent("gateway with routes", shop(), "gateway-without-routes");

    // Client requests: "/order" is one letter off "/orders" (2 requests, the second matches {id}).
    fires("request path typo", with([](Diagram& d) { config(d, "client")["requests"][0]["path"] = "/order"; }),
          "request-without-route", 1, "/nodes/0/config/requests/0",
          "POST /order, which no route of api-gateway \"api\" matches: it gets 404 "
          "Not Found \u2014 did you mean \"/orders\"?");
    fires("request method", with([](Diagram& d) { config(d, "client")["requests"][1]["method"] = "DELETE"; }),
          "request-without-route", 1, "/nodes/0/config/requests/1", "DELETE /orders/o-1");
    fires("client without requests sends GET /", with([](Diagram& d) { config(d, "client").erase("requests"); }),
          "request-without-route", 1, "/nodes/0/config/requests", "GET / (it has no requests)");
    silent("ANY route matches every method", with([](Diagram& d) {
               config(d, "api")["routes"][1]["method"] = "ANY";
               config(d, "client")["requests"][1]["method"] = "DELETE";
           }),
           "request-without-route");
    silent("query string ignored",
           with([](Diagram& d) { config(d, "client")["requests"][1]["path"] = "/orders/o-1?full=1"; }),
           "request-without-route");

    // Router edge actions no route sends: the issue's one-letter typo, and its mirror on the route.
    const Diagram typo = with([](Diagram& d) { edgeConfig(d, "e3")["actions"][0] = "create-oder"; });
    fires("edge action typo", typo, "router-action-unrouted", 1, "/edges/2/config/actions/0",
          "handles action \"create-oder\", which no route of api-gateway \"api\" sends \u2014 did you mean "
          "\"create-order\"?");
    fires("route action unhandled (typo)", typo, "route-action-unhandled", 1, "/nodes/1/config/routes/0/action",
          "route POST /orders of api-gateway \"api\" sends action \"create-order\", which no edge of router "
          "\"router\" handles: its requests get 400 Unknown action (an edge handles \"create-oder\" \u2014 a typo?)");
    fires("edge action far off: no suggestion", with([](Diagram& d) { edgeConfig(d, "e3")["actions"][1] = "refund"; }),
          "router-action-unrouted", 1, "/edges/2/config/actions/1", "which no route of api-gateway \"api\" sends");
    fires("route without action", with([](Diagram& d) { config(d, "api")["routes"][1].erase("action"); }),
          "route-action-unhandled", 1, "/nodes/1/config/routes/1/action",
          "route GET /orders/{id} of api-gateway \"api\" sets no action");
    fires("router edge without actions", with([](Diagram& d) { edgeConfig(d, "e3")["actions"] = Json::array(); }),
          "router-edge-without-actions", 1, "/edges/2/config/actions", "never sends anything along it");
    silent("actions match", shop(), "router-action-unrouted");
    silent("routes handled", shop(), "route-action-unhandled");
    // A gateway that invokes a worker directly: actions mean nothing there.
    silent("gateway to a non-router", with([](Diagram& d) {
               d.removeNode(NodeId(QStringLiteral("router")));
               d.addEdge(edge("api", "worker"));
           }),
           "route-action-unhandled");
    // A router no gateway invokes: nothing to compare its actions with.
    silent("router without gateway", with([](Diagram& d) { d.removeEdge(EdgeId(QStringLiteral("e2"))); }),
           "router-action-unrouted");
}

void TestLintTraffic::rule()
{
    QFETCH(Diagram, diagram);
    QFETCH(QString, rule);
    QFETCH(int, count);
    QFETCH(QString, pointer);
    QFETCH(QString, contains);
    const Problems all = lint(diagram);
    const Problems found = withRule(all, rule);
    QVERIFY2(int(found.size()) == count, qPrintable(dump(all)));
    if (count == 0) return;
    QCOMPARE(found.front().pointer, pointer);
    QVERIFY(!found.front().isError());
    QVERIFY2(found.front().message.contains(contains), qPrintable(found.front().message));
}

void TestLintTraffic::namedNodesInEveryRule_data() { rule_data(); }

void TestLintTraffic::namedNodesInEveryRule()
{
    // The rows that fire, every node named "The <id> card": messages name nodes by their names.
    QFETCH(Diagram, diagram);
    QFETCH(QString, rule);
    QFETCH(int, count);
    if (count == 0) QSKIP("the rule does not fire in this row");
    const Diagram d = lintnames::named(diagram);
    Problems found;
    for (const Problem& p : lint(d))
        if (p.rule == rule) found.push_back(p);
    QCOMPARE(int(found.size()), count);
    for (const Problem& p : found) {
        const QString wrong = lintnames::misnamed(d, p);
        QVERIFY2(wrong.isEmpty(), qPrintable(QStringLiteral("%1: %2").arg(wrong, p.message)));
    }
}

void TestLintTraffic::nearMiss_data()
{
    QTest::addColumn<QString>("word");
    QTest::addColumn<QString>("expected");
    // Allowed edits: one per four characters, at least one. "create-oder" (11 chars, 2 allowed) is 1
    // insertion from "create-order"; "get-ordr" (8, 2 allowed) 1; "refund" (6, 1 allowed) is 5+ from all.
    QTest::newRow("one missing letter") << "create-oder"
                                        << "create-order";
    QTest::newRow("case only") << "Get-Order"
                               << "get-order";
    QTest::newRow("short word, one edit") << "get-ordr"
                                          << "get-order";
    QTest::newRow("too far") << "refund"
                             << "";
    QTest::newRow("exact is no miss") << "get-order"
                                      << "";
    QTest::newRow("empty") << ""
                           << "";
}

void TestLintTraffic::nearMiss()
{
    QFETCH(QString, word);
    QFETCH(QString, expected);
    const QStringList candidates{QStringLiteral("create-order"), QStringLiteral("get-order"),
                                 QStringLiteral("/orders")};
    QCOMPARE(routes::nearMiss(word, candidates), expected);
}

void TestLintTraffic::samplesStayClean_data()
{
    QTest::addColumn<QString>("file");
    for (const QString& f : QDir(QStringLiteral(MICROLAB_PROJECTS_DIR)).entryList({QStringLiteral("*.mlab.json")}))
        QTest::newRow(qPrintable(f)) << f;
}

void TestLintTraffic::samplesStayClean()
{
    // The samples run and do something: none of the new rules may fire on them.
    QFETCH(QString, file);
    const auto loaded = projectfile::load(QDir(QStringLiteral(MICROLAB_PROJECTS_DIR)).filePath(file));
    QVERIFY(loaded);
    const QStringList rules{QStringLiteral("no-traffic"),
                            QStringLiteral("gateway-without-routes"),
                            QStringLiteral("request-without-route"),
                            QStringLiteral("route-action-unhandled"),
                            QStringLiteral("router-action-unrouted"),
                            QStringLiteral("router-edge-without-actions")};
    Problems found;
    for (const Problem& p : lint(loaded->diagram))
        if (rules.contains(p.rule)) found.push_back(p);
    QVERIFY2(found.empty(), qPrintable(dump(found)));
}

QTEST_GUILESS_MAIN(TestLintTraffic)
#include "tst_linttraffic.moc"
