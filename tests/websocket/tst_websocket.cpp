// websocket-api and websocket-handler through the engine: $connect / $disconnect / custom /
// $default routing and routeSelection, refused connections, idle and maximum-duration closes at
// their exact virtual times, 1009 for oversized frames, pushes to a user's connections and to a
// named one, 410 for a closed or unknown connection (counted, never lost), the connections
// table, and simulated clients opening connections. Conservation holds after every run.
#include "engine/Engine.h"
#include "engine/nodes/WebSocketApi.h"
#include "format/ProjectFile.h"

#include <QtTest>

using namespace ml;

namespace {

std::unique_ptr<Engine> engineFor(const std::string& nodes, const std::string& edges)
{
    const std::string text = R"({"format": "microlab/1", "name": "websocket test", "seed": 7, "nodes": [)" + nodes +
                             R"(], "edges": [)" + edges + "]}";
    Result<LoadedProject> loaded = projectfile::parse(QByteArray::fromStdString(text), QStringLiteral("ws.mlab.json"));
    if (!loaded.ok()) {
        qWarning("%s", qPrintable(loaded.error().message));
        return nullptr;
    }
    Result<std::unique_ptr<Engine>> engine = Engine::create(loaded.value().diagram);
    if (!engine.ok()) {
        qWarning("%s", qPrintable(engine.error().message));
        return nullptr;
    }
    return std::move(engine).value();
}

// A message from `user` handed to `node` now, as a browser (or a producer) outside the diagram.
void send(Engine& engine, const char* node, const char* user, Json body)
{
    engine.start();
    const int n = engine.nodeIndex(QString::fromLatin1(node));
    QVERIFY(n >= 0);
    const MessageIndex m =
        engine.newMessage(n, std::make_shared<const Json>(std::move(body)), kNoMessage, engine.internUser(user));
    engine.transfer(m, n);
}

const WebSocketApi& api(const Engine& engine, const char* node = "ws")
{
    return dynamic_cast<const WebSocketApi&>(engine.behaviour(engine.nodeIndex(QString::fromLatin1(node))));
}

struct Recorder : EngineObserver {
    std::vector<EngineEvent> events;
    void onEvent(const Engine&, const EngineEvent& e) override { events.push_back(e); }
    std::vector<EngineEvent> of(EventType type) const
    {
        std::vector<EngineEvent> out;
        for (const EngineEvent& e : events)
            if (e.type == type) out.push_back(e);
        return out;
    }
};

quint64 num(const Json& report, const char* node, const char* key)
{
    const Json& n = report["nodes"][node];
    return n.contains(key) ? n[key].get<quint64>() : 0;
}

quint64 dropped(const Json& report, const char* reason)
{
    const Json& d = report["conservation"]["dropped"];
    return d.contains(reason) ? d[reason].get<quint64>() : 0;
}

bool holds(const Engine& engine)
{
    return engine.conservation().holds;
}

constexpr Micros ms(qint64 v)
{
    return v * kMicrosPerMilli;
}
constexpr Micros s(qint64 v)
{
    return v * kMicrosPerSecond;
}

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

class TestWebSocket : public QObject {
    Q_OBJECT

private slots:
    void connectAndDisconnect();
    void routing_data();
    void routing();
    void refusedConnection_data();
    void refusedConnection();
    void closesByTime_data();
    void closesByTime();
    void idleCloseCallsDisconnect();
    void frameTooLarge_data();
    void frameTooLarge();
    void pushToUserConnections();
    void pushToClosedConnectionIsGone();
    void pushEdgeNamesConnection();
    void clientsOpenConnectionsAndGetEchoes();
    void connectionsTable();
    void listeningClientGetsPushesFromApi();
    void sameSeedSameEvents();
};

void TestWebSocket::connectAndDisconnect()
{
    auto engine = engineFor(R"({"id": "ws", "kind": "websocket-api"},)" + kHandlers, kRoutes);
    QVERIFY(engine);
    send(*engine, "ws", "alice", Json{{"$connect", true}});
    engine->run(ms(5));
    // Until $connect answers (10 ms) the connection is only being opened.
    QCOMPARE(int(api(*engine).connection("c1")->state), int(WebSocketConnection::State::Connecting));
    engine->run(s(1));
    const WebSocketConnection* c = api(*engine).connection("c1");
    QVERIFY(c);
    QCOMPARE(int(c->state), int(WebSocketConnection::State::Open));
    QCOMPARE(c->openedAt, ms(10));
    QCOMPARE(engine->userName(c->user), std::string("alice"));
    QCOMPARE(api(*engine).openCount(), std::size_t(1));

    send(*engine, "ws", "alice", Json{{"$disconnect", true}});
    engine->run(s(2));
    QCOMPARE(int(c->state), int(WebSocketConnection::State::Closed));
    QCOMPARE(c->closedAt, s(1));
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
    send(*engine, "ws", "alice", Json{{"$connect", true}});
    engine->run(s(1));
    send(*engine, "ws", "alice", Json::parse(frame.toStdString()));
    engine->run(s(2));
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
    QCOMPARE(api(*engine).connection("c1")->lastActivity, s(1));
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
    engine->run(s(5));
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
    engine->run(s(closedAt) - 1);
    const WebSocketConnection* c = api(*engine).connection("c1");
    QVERIFY(c);
    QVERIFY2(c->open(), "closed too early");
    engine->run(s(closedAt));
    QVERIFY2(!c->open(), "not closed on time");
    QCOMPARE(c->openedAt, Micros(0));
    QCOMPARE(c->closedAt, s(closedAt));
    QCOMPARE(c->closeCode, WebSocketApi::kCloseGoingAway);
    QCOMPARE(QString::fromStdString(c->closeReason), reason);
    engine->run(s(closedAt) + s(600));
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
    send(*engine, "ws", "alice", Json{{"$connect", true}});
    engine->run(s(700));
    const WebSocketConnection* c = api(*engine).connection("c1");
    QCOMPARE(c->closedAt, ms(10) + s(600));
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
    send(*engine, "ws", "alice", Json{{"$connect", true}});
    engine->run(s(1));
    // {"action":"sendMessage","data":""} is 34 characters; the data string makes up the rest.
    const Json frame{{"action", "sendMessage"}, {"data", std::string(size_t(bytes - 34), 'x')}};
    QCOMPARE(int(frame.dump().size()), bytes);
    send(*engine, "ws", "alice", frame);
    engine->run(s(2));
    const WebSocketConnection* c = api(*engine).connection("c1");
    const Json r = engine->report();
    QCOMPARE(c->open(), !closes);
    QCOMPARE(num(r, "chat", "invoked"), quint64(closes ? 0 : 1));
    QCOMPARE(dropped(r, "frame-too-large"), quint64(closes ? 1 : 0));
    QCOMPARE(api(*engine).tooLargeCount(), quint64(closes ? 1 : 0));
    QCOMPARE(r["nodes"]["ws"]["connections"]["closedTooLarge"].get<int>(), closes ? 1 : 0);
    if (closes) {
        QCOMPARE(c->closeCode, WebSocketApi::kCloseTooLarge);
        QCOMPARE(c->closedAt, s(1));
        QCOMPARE(num(r, "ondisconnect", "invoked"), quint64(1));
    }
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestWebSocket::pushToUserConnections()
{
    // alice has two connections (c1, c2), bob one (c3). A function pushes with no connection
    // named: to every open connection of the trace's user.
    auto engine = engineFor(R"({"id": "ws", "kind": "websocket-api"},
                               {"id": "notify", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "0ms"}}})",
                            R"({"from": "notify", "to": "ws"})");
    QVERIFY(engine);
    send(*engine, "ws", "alice", Json{{"$connect", true}});
    send(*engine, "ws", "alice", Json{{"$connect", true}});
    send(*engine, "ws", "bob", Json{{"$connect", true}});
    engine->run(s(1));
    QCOMPARE(api(*engine).openCount(), std::size_t(3));
    send(*engine, "notify", "alice", Json{{"text", "for alice"}});
    send(*engine, "notify", "bob", Json{{"text", "for bob"}});
    send(*engine, "notify", "bob", Json{{"text", "for bob again"}});
    send(*engine, "notify", "carol", Json{{"text", "nobody listens"}});
    engine->run(s(2));
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
    send(*engine, "ws", "alice", Json{{"$connect", true}});
    send(*engine, "ws", "bob", Json{{"$connect", true}});
    engine->run(s(1));
    send(*engine, "ws", "alice", Json{{"$disconnect", true}});
    engine->run(s(2));
    QCOMPARE(int(api(*engine).connection("c1")->state), int(WebSocketConnection::State::Closed));
    send(*engine, "notify", "alice", Json{{"connectionId", "c1"}, {"text", "too late"}});
    send(*engine, "notify", "alice", Json{{"connectionId", "c9"}, {"text", "never was"}});
    send(*engine, "notify", "alice", Json{{"connectionId", "c2"}, {"text", "bob's"}});
    send(*engine, "notify", "alice", Json{{"text", "alice has no open connection"}});
    engine->run(s(3));
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
    send(*engine, "ws", "alice", Json{{"$connect", true}});
    send(*engine, "ws", "bob", Json{{"$connect", true}});
    engine->run(s(1));
    send(*engine, "notify", "alice", Json{{"text", "to c2"}});
    engine->run(s(2));
    QCOMPARE(api(*engine).connection("c1")->pushed, quint64(0));
    QCOMPARE(api(*engine).connection("c2")->pushed, quint64(1));
    QVERIFY(holds(*engine));
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
    engine->run(s(10));
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
    QCOMPARE(ws.connection("c1")->lastActivity, s(2));
    QCOMPARE(ws.connection("c2")->lastActivity, s(3));
    QVERIFY(holds(*engine));
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
    send(*engine, "ws", "alice", Json{{"$connect", true}});
    send(*engine, "ws", "bob", Json{{"$connect", true}});
    engine->run(s(1));
    Json r = engine->report();
    QCOMPARE(r["nodes"]["conns"]["connections"]["open"].get<int>(), 2);
    QCOMPARE(r["nodes"]["conns"]["connections"]["table"][0], (Json{{"connectionId", "c1"}, {"user", "alice"}}));
    const quint64 writes = r["nodes"]["connections"].value("writes", quint64(0));
    send(*engine, "ws", "alice", Json{{"$disconnect", true}});
    engine->run(s(2));
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
    engine->run(s(10));
    const WebSocketApi& ws = api(*engine);
    QCOMPARE(ws.connections().size(), std::size_t(1));
    QCOMPARE(ws.connection("c1")->frames, quint64(0));
    QCOMPARE(ws.connection("c1")->pushed, quint64(3));
    QCOMPARE(ws.pushBody(ws.connection("c1")->pushes.back())["body"]["item"].get<std::string>(), std::string("book"));
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
        const std::string text = R"({"format": "microlab/1", "name": "d", "seed": 7, "nodes": [)" + nodes +
                                 R"(], "edges": [)" + edges + "]}";
        Result<LoadedProject> loaded =
            projectfile::parse(QByteArray::fromStdString(text), QStringLiteral("d.mlab.json"));
        EngineOptions options;
        options.seed = seed;
        auto engine = std::move(Engine::create(loaded.value().diagram, options)).value();
        Recorder recorder;
        engine->addObserver(&recorder);
        engine->run(s(120));
        std::string log;
        for (const EngineEvent& e : recorder.events)
            log += std::to_string(e.time) + " " + eventTypeName(e.type) + " " + std::to_string(e.message) + " " +
                   std::to_string(e.value) + " " + e.detail + "\n";
        return std::make_pair(log, engine->conservation().holds);
    };
    const auto [first, holds1] = run(1);
    const auto [second, holds2] = run(1);
    const auto [other, holds3] = run(2);
    QVERIFY(holds1 && holds2 && holds3);
    QVERIFY(first == second);
    QVERIFY(first != other);
}

QTEST_GUILESS_MAIN(TestWebSocket)
#include "tst_websocket.moc"
