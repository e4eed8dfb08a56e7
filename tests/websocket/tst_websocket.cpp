// websocket-api and websocket-handler through the engine, the connection's life: $connect /
// $disconnect / custom / $default routing and routeSelection, refused connections, idle and
// maximum-duration closes at their exact virtual times, 1009 for oversized frames. Pushes and
// the connections table are in WebSocketPushes.cpp. Conservation holds after every run.
#include "WebSocketTests.h"

using namespace ml;
using namespace kit;
using namespace wstest;

namespace {

// Handlers answer after exactly 10 ms, so every time below is exact.
const std::string kHandlers = R"(
    {"id": "onconnect", "kind": "websocket-handler", "config": {"latency": {"dist": "fixed", "value": "10ms"}}},
    {"id": "ondisconnect", "kind": "websocket-handler", "config": {"latency": {"dist": "fixed", "value": "10ms"}}},
    {"id": "chat", "kind": "websocket-handler", "config": {"latency": {"dist": "fixed", "value": "10ms"}}},
    {"id": "fallback", "kind": "websocket-handler", "config": {"latency": {"dist": "fixed", "value": "10ms"}}},
    {"id": "inbox-q", "kind": "queue"})";
const std::string kRoutes = R"(
    {"from": "ws", "to": "onconnect", "config": {"route": "$connect"}},
    {"from": "ws", "to": "ondisconnect", "config": {"route": "$disconnect"}},
    {"from": "ws", "to": "chat", "config": {"route": "sendMessage"}},
    {"from": "chat", "to": "inbox-q"})";

}  // namespace

void TestWebSocket::connectAndDisconnect()
{
    auto engine = engineFor(R"({"id": "ws", "kind": "websocket-api"},)" + kHandlers, kRoutes);
    QVERIFY(engine);
    put(*engine, "ws", Json{{"$connect", true}}, {.user = "alice"});
    engine->run(ms(5));
    // Until $connect answers (10 ms) the connection is only being opened.
    QCOMPARE(int(api(*engine).connection("c1")->state), int(WebSocketConnection::State::Connecting));
    engine->run(sec(1));
    const WebSocketConnection* c = api(*engine).connection("c1");
    QVERIFY(c);
    QCOMPARE(int(c->state), int(WebSocketConnection::State::Open));
    QCOMPARE(c->openedAt, ms(10));
    QCOMPARE(engine->userName(c->user), std::string("alice"));
    QCOMPARE(api(*engine).openCount(), std::size_t(1));

    put(*engine, "ws", Json{{"$disconnect", true}}, {.user = "alice"});
    engine->run(sec(2));
    QCOMPARE(int(c->state), int(WebSocketConnection::State::Closed));
    QCOMPARE(c->closedAt, sec(1));
    QCOMPARE(c->closeCode, WebSocketApi::kCloseNormal);
    const Json r = engine->report();
    QCOMPARE(num(r, "onconnect", "invoked"), quint64(1));
    QCOMPARE(num(r, "ondisconnect", "invoked"), quint64(1));
    QCOMPARE(num(r, "chat", "invoked"), quint64(0));
    QCOMPARE(r["nodes"]["ws"]["connections"]["open"].get<int>(), 0);
    QCOMPARE(r["nodes"]["ws"]["connections"]["closedByClient"].get<int>(), 1);
    QCOMPARE(r["nodes"]["ws"]["responses"]["200"].get<int>(), 2);
    // The disconnect event carried the close code to the handler.
    QCOMPARE(r["nodes"]["ondisconnect"]["connections"]["disconnected"].get<int>(), 1);
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestWebSocket::endedConnectionsLetGoOfUserNames()
{
    // 600 browsers, each with its own 1 KB ?user= name, connect and leave one after another.
    // Names are what clients send, so none is kept forever: the 256 most recently ended
    // connections keep theirs (the GUI and the report show them whole), the 344 before them let
    // go, so the engine holds "anonymous" + 256 names, not 601.
    auto engine = engineFor(R"({"id": "ws", "kind": "websocket-api"},)" + kHandlers, kRoutes);
    QVERIFY(engine);
    constexpr int kBrowsers = 600;
    const auto name = [](int i) { return std::to_string(i) + std::string(1024, 'u'); };
    for (int i = 0; i < kBrowsers; ++i) {
        put(*engine, "ws", Json{{"$connect", true}}, {.user = name(i)});
        engine->run(engine->now() + sec(1));
        put(*engine, "ws", Json{{"$disconnect", true}}, {.user = name(i)});
        engine->run(engine->now() + sec(1));
    }
    QCOMPARE(api(*engine).connections().size(), std::size_t(kBrowsers));
    QCOMPARE(engine->userCount(), std::size_t(1 + WebSocketApi::kKeptEndedConnections));
    const WebSocketConnection* first = api(*engine).connection("c1");
    const WebSocketConnection* last = api(*engine).connection("c600");
    QVERIFY(first && last);
    QCOMPARE(first->user, 0);
    QVERIFY(first->pushes.empty());
    QCOMPARE(engine->userName(last->user), name(kBrowsers - 1));
    QVERIFY(engine->report()["conservation"]["holds"].get<bool>());
}

void TestWebSocket::routing_data()
{
    QTest::addColumn<QString>("selection");
    QTest::addColumn<bool>("withDefault");
    QTest::addColumn<QString>("frame");
    QTest::addColumn<QString>("handler");  // who gets the frame; empty: dropped "no-route"

    const QString standard = QStringLiteral("$request.body.action");
    QTest::newRow("custom key") << standard << true << R"({"action": "sendMessage", "text": "hi"})"
                                << "chat";
    QTest::newRow("unknown key → $default") << standard << true << R"({"action": "typing"})"
                                            << "fallback";
    QTest::newRow("no key → $default") << standard << true << R"({"text": "hi"})"
                                       << "fallback";
    QTest::newRow("number key → $default") << standard << true << R"({"action": 42})"
                                           << "fallback";
    QTest::newRow("frames cannot select $connect") << standard << true << R"({"action": "$connect"})"
                                                   << "fallback";
    QTest::newRow("text frame holding JSON") << standard << true << R"("{\"action\": \"sendMessage\"}")"
                                             << "chat";
    QTest::newRow("other field") << "$request.body.type" << true << R"({"type": "sendMessage", "action": "x"})"
                                 << "chat";
    QTest::newRow("nested field") << "$request.body.meta.kind" << true << R"({"meta": {"kind": "sendMessage"}})"
                                  << "chat";
    QTest::newRow("unsupported expression → $default") << "$request.header.x" << true << R"({"action": "sendMessage"})"
                                                       << "fallback";
    QTest::newRow("no match, no $default") << standard << false << R"({"action": "typing"})"
                                           << "";
    QTest::newRow("match without $default") << standard << false << R"({"action": "sendMessage"})"
                                            << "chat";
}

void TestWebSocket::routing()
{
    QFETCH(QString, selection);
    QFETCH(bool, withDefault);
    QFETCH(QString, frame);
    QFETCH(QString, handler);
    const std::string ws =
        R"({"id": "ws", "kind": "websocket-api", "config": {"routeSelection": ")" + selection.toStdString() + R"("}},)";
    std::string edges = kRoutes;
    if (withDefault) edges += R"(, {"from": "ws", "to": "fallback", "config": {"route": "$default"}})";
    auto engine = engineFor(ws + kHandlers, edges);
    QVERIFY(engine);
    put(*engine, "ws", Json{{"$connect", true}}, {.user = "alice"});
    engine->run(sec(1));
    put(*engine, "ws", Json::parse(frame.toStdString()), {.user = "alice"});
    engine->run(sec(2));
    const Json r = engine->report();
    QCOMPARE(num(r, "chat", "invoked"), quint64(handler == QLatin1String("chat") ? 1 : 0));
    QCOMPARE(num(r, "fallback", "invoked"), quint64(handler == QLatin1String("fallback") ? 1 : 0));
    QCOMPARE(dropped(r, "no-route"), quint64(handler.isEmpty() ? 1 : 0));
    QCOMPARE(num(r, "ws", "noRoute"), quint64(handler.isEmpty() ? 1 : 0));
    // $connect answered 200, and the frame's route too when it had one.
    QCOMPARE(r["nodes"]["ws"]["responses"]["200"].get<int>(), handler.isEmpty() ? 1 : 2);
    if (handler == QLatin1String("chat")) {
        // chat passes the frame on to its queue, naming the connection it came from.
        const Json body = r["nodes"]["inbox-q"]["queue"]["messages"][0]["body"];
        QCOMPARE(body["connectionId"].get<std::string>(), std::string("c1"));
        QCOMPARE(body["processedBy"].get<std::string>(), std::string("chat"));
    }
    // The frame was activity: it moved lastActivity to 1 s.
    QCOMPARE(api(*engine).connection("c1")->lastActivity, sec(1));
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestWebSocket::refusedConnection_data()
{
    QTest::addColumn<double>("errorRate");
    QTest::newRow("accepted") << 0.0;
    QTest::newRow("refused") << 1.0;
}

void TestWebSocket::refusedConnection()
{
    // A client with websocket: true opens alice's connection at 0 s and sends its first frame at
    // 0 s too: the frame waits for $connect (10 ms) and is routed once the connection opens, or
    // dropped with it when $connect fails (502: non-2xx refuses).
    QFETCH(double, errorRate);
    const bool refused = errorRate > 0;
    auto engine = engineFor(
        R"({"id": "ws", "kind": "websocket-api"},
           {"id": "alice", "kind": "client", "config": {"websocket": true, "users": ["alice"], "rate": "1/s", "count": 2,
            "messages": [{"body": {"action": "sendMessage"}}]}},
           {"id": "onconnect", "kind": "websocket-handler", "config": {"errorRate": )" +
            std::to_string(errorRate) + R"(, "latency": {"dist": "fixed", "value": "10ms"}}},
           {"id": "chat", "kind": "websocket-handler", "config": {"latency": {"dist": "fixed", "value": "10ms"}}})",
        R"({"from": "alice", "to": "ws"}, {"from": "ws", "to": "onconnect", "config": {"route": "$connect"}},
           {"from": "ws", "to": "chat", "config": {"route": "sendMessage"}})");
    QVERIFY(engine);
    engine->run(sec(5));
    const Json r = engine->report();
    const WebSocketConnection* c = api(*engine).connection("c1");
    QVERIFY(c);
    QCOMPARE(int(c->state), int(refused ? WebSocketConnection::State::Refused : WebSocketConnection::State::Open));
    QCOMPARE(num(r, "chat", "invoked"), quint64(refused ? 0 : 2));
    if (refused) {
        QCOMPARE(c->closeCode, 502);
        QCOMPARE(r["nodes"]["ws"]["responses"]["502"].get<int>(), 1);
        QCOMPARE(r["nodes"]["ws"]["connections"]["refused"].get<int>(), 1);
        // The $connect control message and the frame that waited for it; the frame at 1 s
        // finds no connection.
        QCOMPARE(dropped(r, "connect-refused"), quint64(2));
        QCOMPARE(dropped(r, "not-connected"), quint64(1));
    } else {
        QCOMPARE(c->openedAt, ms(10));
        QCOMPARE(r["nodes"]["ws"]["responses"]["200"].get<int>(), 3);
        QCOMPARE(dropped(r, "connect-refused"), quint64(0));
    }
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestWebSocket::closesByTime_data()
{
    QTest::addColumn<QString>("idle");
    QTest::addColumn<QString>("max");
    QTest::addColumn<QString>("rate");
    QTest::addColumn<int>("count");        // frames the client sends (-1: unlimited)
    QTest::addColumn<qint64>("closedAt");  // seconds
    QTest::addColumn<QString>("reason");

    // No $connect route: the connection opens when the client starts, at 0 s.
    QTest::newRow("idle, no frames: 10 min") << "10m"
                                             << "2h"
                                             << "1/s" << 0 << qint64(600) << "idle";
    // Frames at 0, 1, 2 s: idle from the last one, 2 s + 600 s.
    QTest::newRow("idle after the last frame") << "10m"
                                               << "2h"
                                               << "1/s" << 3 << qint64(602) << "idle";
    QTest::newRow("custom idle timeout") << "5m"
                                         << "2h"
                                         << "1/s" << 0 << qint64(300) << "idle";
    // A frame every 4 s keeps it from idling; it ends at the maximum duration.
    QTest::newRow("maximum duration 2 h") << "10m"
                                          << "2h"
                                          << "0.25/s" << -1 << qint64(7200) << "max-duration";
    QTest::newRow("custom maximum duration") << "10m"
                                             << "30m"
                                             << "0.25/s" << -1 << qint64(1800) << "max-duration";
    // Frames every 4 min never reach the 5 min idle; 1 h max.
    QTest::newRow("frames just inside idle") << "5m"
                                             << "1h"
                                             << "15/h" << -1 << qint64(3600) << "max-duration";
}

void TestWebSocket::closesByTime()
{
    QFETCH(QString, idle);
    QFETCH(QString, max);
    QFETCH(QString, rate);
    QFETCH(int, count);
    QFETCH(qint64, closedAt);
    QFETCH(QString, reason);
    const std::string countText = count < 0 ? std::string() : R"(, "count": )" + std::to_string(count);
    auto engine = engineFor(R"({"id": "ws", "kind": "websocket-api", "config": {"idleTimeout": ")" +
                                idle.toStdString() + R"(", "maxConnectionDuration": ")" + max.toStdString() + R"("}},
                               {"id": "alice", "kind": "client", "config": {"websocket": true, "users": ["alice"],
                                "messages": [{"body": {"action": "ping"}}],
                                "rate": ")" +
                                rate.toStdString() + "\"" + countText + "}}",
                            R"({"from": "alice", "to": "ws"})");
    QVERIFY(engine);
    engine->run(sec(closedAt) - 1);
    const WebSocketConnection* c = api(*engine).connection("c1");
    QVERIFY(c);
    QVERIFY2(c->open(), "closed too early");
    engine->run(sec(closedAt));
    QVERIFY2(!c->open(), "not closed on time");
    QCOMPARE(c->openedAt, Micros(0));
    QCOMPARE(c->closedAt, sec(closedAt));
    QCOMPARE(c->closeCode, WebSocketApi::kCloseGoingAway);
    QCOMPARE(QString::fromStdString(c->closeReason), reason);
    engine->run(sec(closedAt) + sec(600));
    const Json r = engine->report();
    const char* counter = reason == QLatin1String("idle") ? "closedIdle" : "closedMaxDuration";
    QCOMPARE(r["nodes"]["ws"]["connections"][counter].get<int>(), 1);
    // Frames before the close had no route (no handlers): "no-route"; after it: "not-connected".
    const quint64 frames = r["nodes"]["alice"]["sent"].get<quint64>();
    QCOMPARE(dropped(r, "no-route") + dropped(r, "not-connected"), frames);
    QCOMPARE(c->frames, dropped(r, "no-route"));
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestWebSocket::idleCloseCallsDisconnect()
{
    // alice connects at 0 s ($connect answers at 10 ms), sends nothing: idle close at
    // 10 ms + 10 min, and $disconnect runs with status 1001. The close has no message behind
    // it: its event enters the run (entered: $connect control + $disconnect event = 2).
    auto engine = engineFor(R"({"id": "ws", "kind": "websocket-api"},)" + kHandlers, kRoutes);
    QVERIFY(engine);
    Recorder recorder;
    engine->addObserver(&recorder);
    put(*engine, "ws", Json{{"$connect", true}}, {.user = "alice"});
    engine->run(sec(700));
    const WebSocketConnection* c = api(*engine).connection("c1");
    QCOMPARE(c->closedAt, ms(10) + sec(600));
    QCOMPARE(c->closeReason, std::string("idle"));
    const Json r = engine->report();
    QCOMPARE(num(r, "ondisconnect", "invoked"), quint64(1));
    QCOMPARE(r["conservation"]["entered"].get<int>(), 2);
    int closes = 0;
    for (const EngineEvent& e : recorder.of(EventType::Response))
        if (e.value == WebSocketApi::kCloseGoingAway) ++closes;
    QCOMPARE(closes, 1);
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestWebSocket::frameTooLarge_data()
{
    QTest::addColumn<int>("bytes");  // the frame's size as JSON text
    QTest::addColumn<bool>("closes");
    QTest::newRow("200 KB") << 200 * 1024 << true;
    QTest::newRow("100 KB") << 100 * 1024 << false;
    QTest::newRow("exactly 128 KB") << 131072 << false;
    QTest::newRow("128 KB + 1") << 131073 << true;
}

void TestWebSocket::frameTooLarge()
{
    QFETCH(int, bytes);
    QFETCH(bool, closes);
    auto engine = engineFor(R"({"id": "ws", "kind": "websocket-api"},)" + kHandlers, kRoutes);
    QVERIFY(engine);
    put(*engine, "ws", Json{{"$connect", true}}, {.user = "alice"});
    engine->run(sec(1));
    // {"action":"sendMessage","data":""} is 34 characters; the data string makes up the rest.
    const Json frame{{"action", "sendMessage"}, {"data", std::string(size_t(bytes - 34), 'x')}};
    QCOMPARE(int(frame.dump().size()), bytes);
    put(*engine, "ws", frame, {.user = "alice"});
    engine->run(sec(2));
    const WebSocketConnection* c = api(*engine).connection("c1");
    const Json r = engine->report();
    QCOMPARE(c->open(), !closes);
    QCOMPARE(num(r, "chat", "invoked"), quint64(closes ? 0 : 1));
    QCOMPARE(dropped(r, "frame-too-large"), quint64(closes ? 1 : 0));
    QCOMPARE(api(*engine).tooLargeCount(), quint64(closes ? 1 : 0));
    QCOMPARE(r["nodes"]["ws"]["connections"]["closedTooLarge"].get<int>(), closes ? 1 : 0);
    if (closes) {
        QCOMPARE(c->closeCode, WebSocketApi::kCloseTooLarge);
        QCOMPARE(c->closedAt, sec(1));
        QCOMPARE(num(r, "ondisconnect", "invoked"), quint64(1));
    }
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

QTEST_GUILESS_MAIN(TestWebSocket)
