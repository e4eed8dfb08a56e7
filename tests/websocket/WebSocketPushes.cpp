// websocket-api pushes through the engine: to every open connection of a user and to a named
// one, 410 for a closed or unknown connection (counted, never lost), the connections table a
// $connect handler keeps, simulated clients that open connections and listen, and the same
// events for the same seed. Conservation holds after every run.
#include "WebSocketTests.h"

using namespace ml;
using namespace kit;
using namespace wstest;

void TestWebSocket::pushToUserConnections()
{
    // alice has two connections (c1, c2), bob one (c3). A function pushes with no connection
    // named: to every open connection of the trace's user.
    auto engine = engineFor(R"({"id": "ws", "kind": "websocket-api"},
                               {"id": "notify", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "0ms"}}})",
                            R"({"from": "notify", "to": "ws"})");
    QVERIFY(engine);
    put(*engine, "ws", Json{{"$connect", true}}, {.user = "alice"});
    put(*engine, "ws", Json{{"$connect", true}}, {.user = "alice"});
    put(*engine, "ws", Json{{"$connect", true}}, {.user = "bob"});
    engine->run(sec(1));
    QCOMPARE(api(*engine).openCount(), std::size_t(3));
    put(*engine, "notify", Json{{"text", "for alice"}}, {.user = "alice"});
    put(*engine, "notify", Json{{"text", "for bob"}}, {.user = "bob"});
    put(*engine, "notify", Json{{"text", "for bob again"}}, {.user = "bob"});
    put(*engine, "notify", Json{{"text", "nobody listens"}}, {.user = "carol"});
    engine->run(sec(2));
    const WebSocketApi& ws = api(*engine);
    QCOMPARE(ws.connection("c1")->pushed, quint64(1));
    QCOMPARE(ws.connection("c2")->pushed, quint64(1));
    QCOMPARE(ws.connection("c3")->pushed, quint64(2));
    const Json body = ws.pushBody(ws.connection("c3")->pushes.back());
    QCOMPARE(body["text"].get<std::string>(), std::string("for bob again"));
    QCOMPARE(body["processedBy"].get<std::string>(), std::string("notify"));
    const Json r = engine->report();
    // 2 (alice) + 1 + 1 (bob) delivered; carol has no open connection: 410.
    QCOMPARE(num(r, "ws", "pushed"), quint64(4));
    QCOMPARE(num(r, "ws", "gone"), quint64(1));
    QCOMPARE(dropped(r, "gone"), quint64(1));
    QCOMPARE(r["nodes"]["ws"]["connections"]["list"][2]["pushes"].size(), std::size_t(2));
    // Each delivered push is a message of its own that ends delivered: the 3 $connect
    // controls + 4 pushes; notify's 4 invocations and the 3 pushes that fanned out forward.
    const Json& cons = r["conservation"];
    QCOMPARE(cons["entered"].get<int>(), 7);
    QCOMPARE(cons["derived"].get<int>(), 4 + 4);
    QCOMPARE(cons["delivered"].get<int>(), 3 + 4);
    QCOMPARE(cons["forwarded"].get<int>(), 4 + 3);
    QVERIFY(cons["holds"].get<bool>());
}

void TestWebSocket::pushToClosedConnectionIsGone()
{
    // The issue's check: a push to a closed connection fails with 410 GoneException and is
    // counted, never silently lost. c1 closes at 1 s; pushes to c1 and to an unknown c9 are
    // gone; the push to the open c2 is delivered.
    auto engine = engineFor(R"({"id": "ws", "kind": "websocket-api"},
                               {"id": "notify", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "0ms"}}})",
                            R"({"from": "notify", "to": "ws"})");
    QVERIFY(engine);
    Recorder recorder;
    engine->addObserver(&recorder);
    put(*engine, "ws", Json{{"$connect", true}}, {.user = "alice"});
    put(*engine, "ws", Json{{"$connect", true}}, {.user = "bob"});
    engine->run(sec(1));
    put(*engine, "ws", Json{{"$disconnect", true}}, {.user = "alice"});
    engine->run(sec(2));
    QCOMPARE(int(api(*engine).connection("c1")->state), int(WebSocketConnection::State::Closed));
    put(*engine, "notify", Json{{"connectionId", "c1"}, {"text", "too late"}}, {.user = "alice"});
    put(*engine, "notify", Json{{"connectionId", "c9"}, {"text", "never was"}}, {.user = "alice"});
    put(*engine, "notify", Json{{"connectionId", "c2"}, {"text", "bob's"}}, {.user = "alice"});
    put(*engine, "notify", Json{{"text", "alice has no open connection"}}, {.user = "alice"});
    engine->run(sec(3));
    const Json r = engine->report();
    QCOMPARE(num(r, "ws", "gone"), quint64(3));
    QCOMPARE(api(*engine).goneCount(), quint64(3));
    QCOMPARE(dropped(r, "gone"), quint64(3));
    QCOMPARE(num(r, "ws", "pushed"), quint64(1));
    QCOMPARE(api(*engine).connection("c2")->pushed, quint64(1));
    QCOMPARE(api(*engine).connection("c1")->pushed, quint64(0));
    int gone = 0;
    int delivered = 0;
    for (const EngineEvent& e : recorder.of(EventType::Push)) {
        if (e.value == 410) ++gone;
        if (e.value == 200) ++delivered;
    }
    QCOMPARE(gone, 3);
    QCOMPARE(delivered, 1);
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestWebSocket::pushEdgeNamesConnection()
{
    // The push edge's connectionId wins over the user: bob's c2 gets alice's trace's push.
    auto engine = engineFor(R"({"id": "ws", "kind": "websocket-api"},
                               {"id": "notify", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "0ms"}}})",
                            R"({"from": "notify", "to": "ws", "config": {"connectionId": "c2"}})");
    QVERIFY(engine);
    put(*engine, "ws", Json{{"$connect", true}}, {.user = "alice"});
    put(*engine, "ws", Json{{"$connect", true}}, {.user = "bob"});
    engine->run(sec(1));
    put(*engine, "notify", Json{{"text", "to c2"}}, {.user = "alice"});
    engine->run(sec(2));
    QCOMPARE(api(*engine).connection("c1")->pushed, quint64(0));
    QCOMPARE(api(*engine).connection("c2")->pushed, quint64(1));
    KIT_VERIFY_HOLDS(*engine);
}

void TestWebSocket::clientsOpenConnectionsAndGetEchoes()
{
    // Two users, one client: each opens a connection at 0 s (c1 alice, c2 bob). Frames at
    // 0, 1, 2, 3 s alternate alice, bob. chat echoes each frame back through its push edge; the
    // frame it passes on names the connection, so each user gets exactly their own 2 echoes.
    auto engine = engineFor(
        R"({"id": "ws", "kind": "websocket-api"},
           {"id": "users", "kind": "client", "config": {"websocket": true, "users": ["alice", "bob"], "rate": "1/s",
            "count": 4, "messages": [{"body": {"action": "sendMessage", "text": "hello"}}]}},
           {"id": "chat", "kind": "websocket-handler", "config": {"latency": {"dist": "fixed", "value": "10ms"}}})",
        R"({"from": "users", "to": "ws"}, {"from": "ws", "to": "chat", "config": {"route": "sendMessage"}},
           {"from": "chat", "to": "ws"})");
    QVERIFY(engine);
    engine->run(sec(10));
    const WebSocketApi& ws = api(*engine);
    QCOMPARE(ws.connections().size(), std::size_t(2));
    QCOMPARE(engine->userName(ws.connection("c1")->user), std::string("alice"));
    QCOMPARE(engine->userName(ws.connection("c2")->user), std::string("bob"));
    QCOMPARE(ws.connection("c1")->frames, quint64(2));
    QCOMPARE(ws.connection("c2")->frames, quint64(2));
    QCOMPARE(ws.connection("c1")->pushed, quint64(2));
    QCOMPARE(ws.connection("c2")->pushed, quint64(2));
    const Json echo = ws.pushBody(ws.connection("c2")->pushes.front());
    QCOMPARE(echo["text"].get<std::string>(), std::string("hello"));
    QCOMPARE(echo["connectionId"].get<std::string>(), std::string("c2"));
    // The last frame went at 3 s: both connections idle out 10 min later.
    QCOMPARE(ws.connection("c1")->lastActivity, sec(2));
    QCOMPARE(ws.connection("c2")->lastActivity, sec(3));
    KIT_VERIFY_HOLDS(*engine);
}

void TestWebSocket::connectionsTable()
{
    // The $connect handler writes {connectionId, user} to the table it is wired to; $disconnect
    // removes the row.
    auto engine = engineFor(R"({"id": "ws", "kind": "websocket-api"},
                               {"id": "conns", "kind": "websocket-handler"},
                               {"id": "connections", "kind": "table", "config": {"key": "connectionId"}})",
                            R"({"from": "ws", "to": "conns", "config": {"route": "$connect"}},
                               {"from": "ws", "to": "conns", "config": {"route": "$disconnect"}},
                               {"from": "conns", "to": "connections"})");
    QVERIFY(engine);
    put(*engine, "ws", Json{{"$connect", true}}, {.user = "alice"});
    put(*engine, "ws", Json{{"$connect", true}}, {.user = "bob"});
    engine->run(sec(1));
    Json r = engine->report();
    QCOMPARE(r["nodes"]["conns"]["connections"]["open"].get<int>(), 2);
    QCOMPARE(r["nodes"]["conns"]["connections"]["table"][0], (Json{{"connectionId", "c1"}, {"user", "alice"}}));
    const quint64 writes = r["nodes"]["connections"].value("writes", quint64(0));
    put(*engine, "ws", Json{{"$disconnect", true}}, {.user = "alice"});
    engine->run(sec(2));
    r = engine->report();
    QCOMPARE(r["nodes"]["conns"]["connections"]["open"].get<int>(), 1);
    QCOMPARE(r["nodes"]["conns"]["connections"]["table"][0]["connectionId"].get<std::string>(), std::string("c2"));
    // Two puts, then one delete, went to the table.
    QCOMPARE(writes, quint64(2));
    QCOMPARE(r["nodes"]["connections"].value("writes", quint64(0)), quint64(3));
    QCOMPARE(r["nodes"]["connections"]["items"].get<int>(), 1);
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestWebSocket::listeningClientGetsPushesFromApi()
{
    // A browser-like client: requests to an HTTP API and a websocket connection (no `messages`,
    // so it sends no frames, it only listens). The API's worker pushes to the trace's user:
    // alice's 3 requests (0, 1, 2 s) come back as 3 pushes on her connection c1.
    auto engine = engineFor(
        R"({"id": "ws", "kind": "websocket-api"},
           {"id": "api", "kind": "api-gateway", "config": {"routes": [{"method": "POST", "path": "/orders", "action": "order"}]}},
           {"id": "alice", "kind": "client", "config": {"websocket": true, "users": ["alice"], "rate": "1/s", "count": 3,
            "requests": [{"method": "POST", "path": "/orders", "body": {"item": "book"}}]}},
           {"id": "notify", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "5ms"}}})",
        R"({"from": "alice", "to": "api"}, {"from": "alice", "to": "ws"}, {"from": "api", "to": "notify"},
           {"from": "notify", "to": "ws"})");
    QVERIFY(engine);
    engine->run(sec(10));
    const WebSocketApi& ws = api(*engine);
    QCOMPARE(ws.connections().size(), std::size_t(1));
    QCOMPARE(ws.connection("c1")->frames, quint64(0));
    QCOMPARE(ws.connection("c1")->pushed, quint64(3));
    // The worker answers the proxy event it got, whose body is the request's raw text (SEMANTICS.md).
    const Json pushed = ws.pushBody(ws.connection("c1")->pushes.back());
    QCOMPARE(Json::parse(pushed["body"].get<std::string>())["item"].get<std::string>(), std::string("book"));
    const Json r = engine->report();
    QCOMPARE(r["nodes"]["api"]["responses"]["200"].get<int>(), 3);
    QCOMPARE(r["nodes"]["alice"]["sent"].get<int>(), 3);
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestWebSocket::sameSeedSameEvents()
{
    // Poisson frames from three users with a flaky chat handler and pushes back, twice with
    // one seed: the same events in the same order; the connections are kept in plain
    // containers, never iterated in hash order.
    auto run = [](quint64 seed) {
        const std::string nodes = R"({"id": "ws", "kind": "websocket-api", "config": {"idleTimeout": "3s"}},
           {"id": "users", "kind": "client", "config": {"websocket": true, "users": ["alice", "bob", "carol"],
            "rate": "2/s", "arrival": "poisson", "count": 60,
            "messages": [{"body": {"action": "sendMessage"}, "weight": 3}, {"body": {"action": "typing"}}]}},
           {"id": "chat", "kind": "websocket-handler", "config": {"errorRate": 0.2}},
           {"id": "fallback", "kind": "websocket-handler"})";
        const std::string edges =
            R"({"from": "users", "to": "ws"}, {"from": "ws", "to": "chat", "config": {"route": "sendMessage"}},
           {"from": "ws", "to": "fallback", "config": {"route": "$default"}}, {"from": "chat", "to": "ws"})";
        auto engine = engineFor(nodes, edges, {.seed = seed});
        if (!engine) return std::make_pair(std::string("no engine"), false);
        Recorder recorder;
        engine->addObserver(&recorder);
        engine->run(sec(120));
        std::string log;
        for (const Recorder::Seen& seen : recorder.seen) {
            const EngineEvent& e = seen.event;
            log += std::to_string(e.time) + " " + eventTypeName(e.type) + " " + std::to_string(e.message) + " " +
                   std::to_string(e.value) + " " + e.detail + "\n";
        }
        return std::make_pair(log, engine->conservation().holds);
    };
    const auto [first, holds1] = run(1);
    const auto [second, holds2] = run(1);
    const auto [other, holds3] = run(2);
    QVERIFY(holds1 && holds2 && holds3);
    QVERIFY(first == second);
    QVERIFY(first != other);
}
