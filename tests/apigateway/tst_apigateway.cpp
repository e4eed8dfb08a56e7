// api-gateway through the engine: route matching with path parameters and query strings, the
// proxy event, request validation (400 before any function runs), 404, and the statuses of a
// function's outcome — 429 throttled, 502 failed, 504 past the integration timeout. The router
// is in RouterTests.cpp. Conservation holds after every run.
#include "../enginekit/EngineKit.h"
#include "ApiGatewayTests.h"

#include <map>
#include <set>

using namespace ml;
using namespace kit;

namespace {

const char* kRoutes = R"("routes": [
    {"method": "GET", "path": "/items/{id}", "action": "get-item"},
    {"method": "GET", "path": "/items", "action": "list-items"},
    {"method": "POST", "path": "/items", "action": "create-item", "required": ["name"]},
    {"method": "GET", "path": "/users/{user}/orders/{order}", "action": "get-order"}])";

std::unique_ptr<Engine> gatewayTo(const std::string& functionConfig, const std::string& apiConfig = {})
{
    return engineFor(std::string(R"({"id": "api", "kind": "api-gateway", "config": {)") + kRoutes + apiConfig + R"(}},
                     {"id": "fn", "kind": "worker", "config": )" +
                         functionConfig + "}",
                     R"({"from": "api", "to": "fn"})");
}

Json request(const char* method, const char* path) { return Json{{"method", method}, {"path", path}}; }

// The (status, body) of every response the gateway gave, in order.
std::vector<std::pair<int, Json>> responses(const Recorder& rec)
{
    std::vector<std::pair<int, Json>> out;
    for (const EngineEvent& e : rec.of(EventType::Response, "api")) out.emplace_back(int(e.value), parsed(e.detail));
    return out;
}

const char* kFast = R"({"latency": {"dist": "fixed", "value": "10ms"}})";

}  // namespace

void TestApiGateway::pathAndQueryParameters_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("pathParameters");
    QTest::addColumn<QString>("query");
    QTest::newRow("one parameter") << "/items/42"
                                   << "get-item"
                                   << R"({"id":"42"})"
                                   << "null";
    QTest::newRow("query string") << "/items/42?color=red&size="
                                  << "get-item"
                                  << R"({"id":"42"})"
                                  << R"({"color":"red","size":""})";
    QTest::newRow("no parameters") << "/items?limit=5"
                                   << "list-items"
                                   << "null"
                                   << R"({"limit":"5"})";
    QTest::newRow("two parameters") << "/users/alice/orders/7"
                                    << "get-order"
                                    << R"({"user":"alice","order":"7"})"
                                    << "null";
}

void TestApiGateway::pathAndQueryParameters()
{
    // The function has no handler, so it answers the proxy event it got (plus processedBy),
    // which the gateway returns with 200.
    QFETCH(QString, path);
    QFETCH(QString, action);
    QFETCH(QString, pathParameters);
    QFETCH(QString, query);
    auto engine = gatewayTo(kFast);
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "api", request("GET", qPrintable(path)));
    engine->run(sec(5));
    auto got = responses(rec);
    QCOMPARE(got.size(), std::size_t(1));
    QCOMPARE(got[0].first, 200);
    Json event = got[0].second;
    QCOMPARE(as<std::string>(event["httpMethod"]), std::string("GET"));
    QCOMPARE(as<std::string>(event["path"]), path.section(QLatin1Char('?'), 0, 0).toStdString());
    QCOMPARE(as<std::string>(event["action"]), action.toStdString());
    QCOMPARE(event["pathParameters"], Json::parse(pathParameters.toStdString()));
    QCOMPARE(event["queryStringParameters"], Json::parse(query.toStdString()));
    QCOMPARE(as<std::string>(event["requestContext"]["identity"]["user"]), std::string("anonymous"));
    QCOMPARE(as<std::string>(event["processedBy"]), std::string("fn"));
    QVERIFY(event.contains("headers"));
    QVERIFY(event.contains("body"));
    KIT_VERIFY_HOLDS(*engine);
}

void TestApiGateway::sharedRequestBodyKeepsEachRequestsIdAndUser()
{
    // Clients send one body object many times and the gateway parses each body once per user;
    // still every proxy event names its own request and its own caller.
    auto engine = gatewayTo(kFast);
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    engine->start();
    const int api = engine->nodeIndex(QStringLiteral("api"));
    const JsonPtr shared = std::make_shared<const Json>(request("GET", "/items/42"));
    const std::vector<std::string> users{"alice", "bob", "alice", "anonymous", "bob"};
    std::map<quint64, std::string> userOf;
    for (const std::string& user : users) {
        const MessageIndex m = engine->newMessage(api, shared, kNoMessage, engine->internUser(user));
        userOf[engine->message(m).id] = user;
        engine->transfer(m, api);
    }
    engine->run(sec(5));
    const std::vector<EngineEvent> got = rec.of(EventType::Response, "api");
    QCOMPARE(got.size(), users.size());
    std::set<std::string> ids;
    for (const EngineEvent& e : got) {
        QCOMPARE(e.value, qint64(200));
        const Json event = parsed(e.detail);
        QCOMPARE(as<std::string>(event["requestContext"]["requestId"]), messageName(e.message));
        QCOMPARE(as<std::string>(event["requestContext"]["identity"]["user"]), userOf[e.message]);
        ids.insert(as<std::string>(event["requestContext"]["requestId"]));
    }
    QCOMPARE(ids.size(), users.size());
    KIT_VERIFY_HOLDS(*engine);
}

void TestApiGateway::oneOffRequestBodiesAreNotKept()
{
    // A live HTTP request or an injected message has a body nobody else holds: the gateway
    // works it out without remembering it, so a long-running server does not keep every
    // request it ever saw (bodies may be up to 10 MB).
    auto engine = gatewayTo(kFast);
    QVERIFY(engine);
    engine->start();
    const int api = engine->nodeIndex(QStringLiteral("api"));
    std::vector<std::weak_ptr<const Json>> watched;
    for (int i = 0; i < 3; ++i) {
        auto body = std::make_shared<const Json>(
            Json{{"method", "POST"}, {"path", "/items"}, {"body", {{"name", std::string(1000, 'x')}}}});
        watched.push_back(body);
        engine->transfer(engine->newMessage(api, std::move(body), kNoMessage), api);
    }
    engine->run(sec(5));
    QCOMPARE(response(engine->report(), "api", 200), quint64(3));
    for (const auto& w : watched) QVERIFY(w.expired());
    KIT_VERIFY_HOLDS(*engine);
}

void TestApiGateway::invalidBodyIs400BeforeAnyFunction_data()
{
    QTest::addColumn<QString>("body");  // JSON of the request's body; empty: no body at all
    QTest::addColumn<int>("status");
    // POST /items requires "name".
    QTest::newRow("fields present") << R"({"name":"a","price":1})" << 200;
    QTest::newRow("JSON text holding the fields") << R"("{\"name\":\"a\"}")" << 200;
    QTest::newRow("field missing") << R"({"price":1})" << 400;
    QTest::newRow("not JSON") << R"("name=a")" << 400;
    QTest::newRow("truncated JSON text") << R"("{\"name\":")" << 400;
    QTest::newRow("an array") << R"(["name"])" << 400;
    QTest::newRow("no body") << "" << 400;
}

void TestApiGateway::invalidBodyIs400BeforeAnyFunction()
{
    QFETCH(QString, body);
    QFETCH(int, status);
    auto engine = gatewayTo(kFast);
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    Json r = request("POST", "/items");
    if (!body.isEmpty()) r["body"] = Json::parse(body.toStdString());
    put(*engine, "api", r);
    engine->run(sec(5));
    auto got = responses(rec);
    QCOMPARE(got.size(), std::size_t(1));
    QCOMPARE(got[0].first, status);
    Json report = engine->report();
    if (status == 400) {
        QCOMPARE(got[0].second, (Json{{"message", "Invalid request body"}}));
        QCOMPARE(num(report, "fn", "invoked"), quint64(0));
        QCOMPARE(dropped(report, "http-400"), quint64(1));
    } else {
        // SEMANTICS.md: the proxy event's body is the raw text, a string, as API Gateway passes it
        // (a simulated client's JSON body is written out as that text).
        QVERIFY(got[0].second["body"].is_string());
        QCOMPARE(got[0].second["isBase64Encoded"], Json(false));
        QCOMPARE(as<std::string>(Json::parse(as<std::string>(got[0].second["body"]))["name"]), std::string("a"));
        QCOMPARE(num(report, "fn", "invoked"), quint64(1));
    }
    KIT_VERIFY_HOLDS(*engine);
}

void TestApiGateway::noRouteIs404_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("path");
    QTest::newRow("unknown path") << "GET"
                                  << "/nothing";
    QTest::newRow("other method") << "DELETE"
                                  << "/items/1";
    QTest::newRow("extra segment") << "GET"
                                   << "/items/1/extra";
    QTest::newRow("missing segment") << "GET"
                                     << "/users/alice/orders";
}

void TestApiGateway::noRouteIs404()
{
    QFETCH(QString, method);
    QFETCH(QString, path);
    auto engine = gatewayTo(kFast);
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "api", request(qPrintable(method), qPrintable(path)));
    engine->run(sec(5));
    QCOMPARE(responses(rec), (std::vector<std::pair<int, Json>>{{404, Json{{"message", "Not Found"}}}}));
    QCOMPARE(num(engine->report(), "fn", "invoked"), quint64(0));
    QCOMPARE(response(engine->report(), "api", 404), quint64(1));
    KIT_VERIFY_HOLDS(*engine);
}

void TestApiGateway::throttledFunctionIs429()
{
    // Reserved concurrency 1 and 1 s of work: of 2 requests at once, the second gets 429.
    auto engine = gatewayTo(R"({"concurrency": 1, "latency": {"dist": "fixed", "value": "1s"}})");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "api", request("GET", "/items/1"));
    put(*engine, "api", request("GET", "/items/2"));
    engine->run(sec(5));
    auto got = responses(rec);
    QCOMPARE(got.size(), std::size_t(2));
    QCOMPARE(got[0].first, 429);
    QCOMPARE(got[0].second, (Json{{"message", "Too Many Requests"}}));
    QCOMPARE(rec.times(EventType::Response, "api"), (std::vector<Micros>{0, sec(1)}));
    QCOMPARE(got[1].first, 200);
    QCOMPARE(num(engine->report(), "fn", "throttled"), quint64(1));
    KIT_VERIFY_HOLDS(*engine);
}

void TestApiGateway::failingFunctionIs502_data()
{
    QTest::addColumn<QString>("function");
    QTest::newRow("error") << R"({"errorRate": 1, "latency": {"dist": "fixed", "value": "10ms"}})";
    // A function that times out (5 s > 3 s) is a Lambda error too: 502, not 504.
    QTest::newRow("function timeout") << R"({"timeout": "3s", "latency": {"dist": "fixed", "value": "5s"}})";
}

void TestApiGateway::failingFunctionIs502()
{
    QFETCH(QString, function);
    auto engine = gatewayTo(function.toStdString());
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "api", request("GET", "/items/1"));
    engine->run(sec(10));
    QCOMPARE(responses(rec), (std::vector<std::pair<int, Json>>{{502, Json{{"message", "Internal server error"}}}}));
    QCOMPARE(num(engine->report(), "fn", "failed"), quint64(1));
    QCOMPARE(num(engine->report(), "fn", "retried"), quint64(0));
    KIT_VERIFY_HOLDS(*engine);
}

void TestApiGateway::integrationTimeoutIs504_data()
{
    QTest::addColumn<QString>("apiConfig");
    QTest::addColumn<qint64>("at");
    // The function takes 35 s (its timeout is 60 s): the gateway gives up at 29 s, or at the
    // integration timeout it is given.
    QTest::newRow("default 29s") << "" << sec(29);
    QTest::newRow("5s") << R"(, "integrationTimeout": "5s")" << sec(5);
}

void TestApiGateway::integrationTimeoutIs504()
{
    QFETCH(QString, apiConfig);
    QFETCH(qint64, at);
    auto engine =
        gatewayTo(R"({"timeout": "60s", "latency": {"dist": "fixed", "value": "35s"}})", apiConfig.toStdString());
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "api", request("GET", "/items/1"));
    engine->run(minutes(1));
    QCOMPARE(responses(rec),
             (std::vector<std::pair<int, Json>>{{504, Json{{"message", "Endpoint request timed out"}}}}));
    QCOMPARE(rec.times(EventType::Response, "api"), std::vector<Micros>{at});
    // The function still runs to the end; its late answer is dropped and counted.
    Json r = engine->report();
    QCOMPARE(num(r, "fn", "succeeded"), quint64(1));
    QCOMPARE(dropped(r, "http-504"), quint64(1));
    QCOMPARE(dropped(r, "caller-gave-up"), quint64(1));
    KIT_VERIFY_HOLDS(*engine);
}

QTEST_GUILESS_MAIN(TestApiGateway)
