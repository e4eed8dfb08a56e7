// The router behind an API gateway: the Bearer user carried through the trace, 400 for an
// unknown action, 202 with the message id for a queue, the target's own status for a sync
// invoke (a CRUD service's 201/200/404/409), 502 when the target fails.
#include "../enginekit/EngineKit.h"
#include "ApiGatewayTests.h"
#include "engine/nodes/Queue.h"

using namespace ml;
using namespace kit;

namespace {

std::unique_ptr<Engine> routed()
{
    return engineFor(
        R"({"id": "api", "kind": "api-gateway", "config": {"routes": [
              {"method": "GET", "path": "/items/{id}", "action": "get-item"},
              {"method": "POST", "path": "/items", "action": "create-item", "required": ["name"]},
              {"method": "POST", "path": "/jobs", "action": "submit-job"},
              {"method": "GET", "path": "/boom", "action": "boom"},
              {"method": "GET", "path": "/other", "action": "unknown-thing"}]}},
           {"id": "router", "kind": "router", "config": {"latency": {"dist": "fixed", "value": "5ms"}}},
           {"id": "items-service", "kind": "crud", "config": {"latency": {"dist": "fixed", "value": "5ms"}}},
           {"id": "items", "kind": "table"},
           {"id": "jobs", "kind": "queue"},
           {"id": "broken", "kind": "worker", "config": {"errorRate": 1}})",
        R"({"from": "api", "to": "router"},
           {"from": "router", "to": "items-service", "config": {"actions": ["get-item", "create-item"]}},
           {"from": "items-service", "to": "items"},
           {"from": "router", "to": "jobs", "config": {"actions": ["submit-job"]}},
           {"from": "router", "to": "broken", "config": {"actions": ["boom"]}})");
}

Json request(const char* method, const char* path, Json body = Json(), Json headers = Json::object())
{
    Json r{{"method", method}, {"path", path}, {"headers", std::move(headers)}};
    if (!body.is_null()) r["body"] = std::move(body);
    return r;
}

std::vector<std::pair<int, Json>> responses(const Recorder& rec)
{
    std::vector<std::pair<int, Json>> out;
    for (const EngineEvent& e : rec.of(EventType::Response, "api")) out.emplace_back(int(e.value), parsed(e.detail));
    return out;
}

// The router's request log lines (those with data: user, action, outcome).
std::vector<Json> routerLines(const Recorder& rec)
{
    std::vector<Json> out;
    for (const EngineEvent& e : rec.of(EventType::Log, "router")) {
        Json line = parsed(e.detail);
        if (line.contains("data")) out.push_back(line);
    }
    return out;
}

}  // namespace

void TestApiGateway::bearerUserIsTheTracesUser_data()
{
    QTest::addColumn<QString>("headers");
    QTest::addColumn<QString>("user");
    QTest::newRow("Bearer alice") << R"({"Authorization": "Bearer alice"})"
                                  << "alice";
    QTest::newRow("lower-case header") << R"({"authorization": "Bearer bob"})"
                                       << "bob";
    QTest::newRow("no header") << "{}"
                               << "anonymous";
    QTest::newRow("not a bearer token") << R"({"Authorization": "Basic YWxpY2U6"})"
                                        << "anonymous";
}

void TestApiGateway::bearerUserIsTheTracesUser()
{
    QFETCH(QString, headers);
    QFETCH(QString, user);
    auto engine = routed();
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "api", request("POST", "/jobs", Json{{"job", 1}}, Json::parse(headers.toStdString())));
    engine->run(sec(5));
    const std::vector<Json> lines = routerLines(rec);
    QCOMPARE(lines.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(as<std::string>(lines[0]["user"])), user);
    QCOMPARE(QString::fromStdString(as<std::string>(lines[0]["data"]["user"])), user);
    QCOMPARE(as<std::string>(lines[0]["data"]["action"]), std::string("submit-job"));
    // The message the request caused in the queue carries the same user.
    auto* jobs = behaviourOf<Queue>(*engine, "jobs");
    QVERIFY(jobs);
    QCOMPARE(jobs->visibleCount(), std::size_t(1));
    QCOMPARE(QString::fromStdString(engine->userName(engine->message(jobs->visibleMessages(1)[0]).user)), user);
    KIT_VERIFY_HOLDS(*engine);
}

void TestApiGateway::unknownActionIs400()
{
    // GET /other routes to action "unknown-thing", which no router edge lists.
    auto engine = routed();
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "api", request("GET", "/other"));
    engine->run(sec(5));
    QCOMPARE(responses(rec), (std::vector<std::pair<int, Json>>{{400, Json{{"message", "Unknown action"}}}}));
    Json r = engine->report();
    QCOMPARE(num(r, "router", "invoked"), quint64(1));
    QCOMPARE(num(r, "items-service", "invoked"), quint64(0));
    QCOMPARE(num(r, "broken", "invoked"), quint64(0));
    QCOMPARE(as<int>(r["nodes"]["jobs"]["queue"]["visible"]), 0);
    const std::vector<Json> lines = routerLines(rec);
    QCOMPARE(lines.size(), std::size_t(1));
    QCOMPARE(as<std::string>(lines[0]["data"]["outcome"]), std::string("unknown action"));
    QCOMPARE(as<std::string>(lines[0]["urgency"]), std::string("warning"));
    KIT_VERIFY_HOLDS(*engine);
}

void TestApiGateway::queueActionIs202WithMessageId()
{
    // POST /jobs → router → jobs: 202 at once with the id of the message now in the queue, whose
    // body is the request's body.
    auto engine = routed();
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "api", request("POST", "/jobs", Json{{"job", 1}}));
    engine->run(sec(5));
    auto* jobs = behaviourOf<Queue>(*engine, "jobs");
    QVERIFY(jobs);
    QCOMPARE(jobs->visibleCount(), std::size_t(1));
    const Message& queued = engine->message(jobs->visibleMessages(1)[0]);
    QCOMPARE(responses(rec), (std::vector<std::pair<int, Json>>{{202, Json{{"messageId", messageName(queued.id)}}}}));
    QCOMPARE(*queued.body, (Json{{"job", 1}}));
    // The router's 5 ms of work is all the caller waits.
    QCOMPARE(rec.times(EventType::Response, "api"), std::vector<Micros>{ms(5)});
    QCOMPARE(response(engine->report(), "api", 202), quint64(1));
    KIT_VERIFY_HOLDS(*engine);
}

void TestApiGateway::syncActionPassesStatusThrough()
{
    // One request a second: create item 1 (201), get it (200), get item 2 (404), create item 1
    // again (409). The router returns the CRUD service's status and body unchanged.
    auto engine = routed();
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "api", request("POST", "/items", Json{{"id", "1"}, {"name", "a"}}));
    runTo(*engine, sec(1));
    put(*engine, "api", request("GET", "/items/1"));
    runTo(*engine, sec(2));
    put(*engine, "api", request("GET", "/items/2"));
    runTo(*engine, sec(3));
    put(*engine, "api", request("POST", "/items", Json{{"id", "1"}, {"name", "b"}}));
    engine->run(sec(5));
    auto got = responses(rec);
    QCOMPARE(got.size(), std::size_t(4));
    QCOMPARE(got[0].first, 201);
    QCOMPARE(got[1].first, 200);
    QCOMPARE(as<std::string>(got[1].second["name"]), std::string("a"));
    QCOMPARE(got[2].first, 404);
    QCOMPARE(got[3].first, 409);
    Json r = engine->report();
    QCOMPARE(response(r, "api", 201) + response(r, "api", 200) + response(r, "api", 404) + response(r, "api", 409),
             quint64(4));
    KIT_VERIFY_HOLDS(*engine);
}

void TestApiGateway::failingTargetIs502()
{
    auto engine = routed();
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "api", request("GET", "/boom"));
    engine->run(sec(5));
    QCOMPARE(responses(rec), (std::vector<std::pair<int, Json>>{{502, Json{{"message", "Internal server error"}}}}));
    QCOMPARE(num(engine->report(), "broken", "failed"), quint64(1));
    KIT_VERIFY_HOLDS(*engine);
}
