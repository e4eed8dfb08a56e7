// The live endpoints under hostile input, on loopback with raw sockets: a body or frame nested
// 58 000 deep (400 / close 1007, and the server goes on), the same through --inject (exit 2),
// a request trickled a byte at a time (408 from its first byte), a client that half-closes after
// its request (still answered), a missing Host (400), browser
// origins (403 / CORS headers / preflight 204 without running the diagram, websocket handshake
// 403), distinct bearer tokens that must not stay in memory, and the connection cap under a
// lowered RLIMIT_NOFILE in a child process (503 past it, accepting again once clients leave).
#include "../enginekit/EngineKit.h"
#include "../livekit/RawHttp.h"
#include "engine/nodes/WebSocketApi.h"
#include "live/FileLimit.h"
#include "live/HttpEndpoint.h"
#include "live/LiveSession.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QWebSocket>

#include <sys/socket.h>

using namespace ml;
using namespace kit;
using namespace livekit;

namespace {

constexpr int kWait = RawClient::kWait;

const char* kDiagram = R"({"format": "microlab/1", "name": "hostile", "seed": 3, "nodes": [
    {"id": "api", "kind": "api-gateway", "config": {"routes": [
        {"method": "POST", "path": "/items", "action": "create-item", "required": ["name"]},
        {"method": "POST", "path": "/notes", "action": "whoami"},
        {"method": "GET", "path": "/items/{id}", "action": "get-item"},
        {"method": "GET", "path": "/whoami", "action": "whoami"}]}},
    {"id": "router", "kind": "router", "config": {"latency": {"dist": "fixed", "value": "1ms"}}},
    {"id": "items-service", "kind": "crud", "config": {"latency": {"dist": "fixed", "value": "1ms"}}},
    {"id": "items", "kind": "table", "config": {}},
    {"id": "mirror", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "1ms"}}},
    {"id": "chat", "kind": "websocket-api", "config": {}},
    {"id": "echo", "kind": "websocket-handler", "config": {"latency": {"dist": "fixed", "value": "1ms"}}}],
  "edges": [
    {"from": "api", "to": "router"},
    {"from": "router", "to": "items-service", "config": {"actions": ["create-item", "get-item"]}},
    {"from": "router", "to": "mirror", "config": {"actions": ["whoami"], "invocation": "sync"}},
    {"from": "items-service", "to": "items"},
    {"from": "chat", "to": "echo", "config": {"route": "$default"}},
    {"from": "echo", "to": "chat"}]})";

// 58 000 nested arrays, 116 KB: the body that killed `run --serve` with SIGSEGV.
QByteArray deepJson() { return QByteArray(58'000, '[') + QByteArray(58'000, ']'); }

QString writeProject(const QTemporaryDir& dir)
{
    return livekit::writeProject(dir, QStringLiteral("hostile.mlab.json"), kDiagram);
}

// A diagram's own CORS setting (AWS HTTP API's shape); kept out of the test class for moc.
const char* kAppCors =
    "{\"cors\": {\"allowOrigins\": [\"https://app.example.com\"], \"allowMethods\": [\"GET\", "
    "\"POST\"], \"allowHeaders\": [\"content-type\", \"authorization\"], \"maxAge\": 600}}";

HttpResponse ok() { return HttpResponse{200, "fine", "text/plain", {}}; }

}  // namespace

class TestLiveHostile : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<EngineRun> m_run;
    std::unique_ptr<LiveSession> m_session;

    quint16 port(const char* kind) const { return portOf(endpointUrl(*m_session, kind)); }

private slots:
    void init()
    {
        // As under --serve: nothing keeps the requests.
        const QString error = serve(kDiagram, QStringLiteral("hostile.mlab.json"), m_run, m_session, false);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void cleanup()
    {
        m_session.reset();
        m_run.reset();
    }

    void deepBodyIs400AndTheServerGoesOn_data()
    {
        QTest::addColumn<QByteArray>("path");
        // With `required` fields and without: the depth is refused before either reads it.
        QTest::newRow("route with required fields") << QByteArray("/items");
        QTest::newRow("route without") << QByteArray("/notes");
    }

    void deepBodyIs400AndTheServerGoesOn()
    {
        QFETCH(QByteArray, path);
        const QByteArray body = deepJson();
        RawClient client(port("api-gateway"));
        client.send("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
                    QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QCOMPARE(client.status(), 400);
        QVERIFY(client.received.endsWith(R"({"message":"Invalid request body"})"));
        // The process is alive: the same connection and a new one are answered.
        client.send("GET /items/none HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(client.status(1), 404);
        RawClient next(port("api-gateway"));
        const QByteArray item = R"({"id": "d1", "name": "ok"})";
        next.send("POST /items HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(item.size()) + "\r\n\r\n" +
                  item);
        QCOMPARE(next.status(), 201);
        // 256 levels is still JSON (the limit is inclusive): not a 400 for depth on /notes.
        const QByteArray fine = QByteArray(256, '[') + QByteArray(256, ']');
        RawClient edge(port("api-gateway"));
        edge.send("POST /notes HTTP/1.1\r\nHost: x\r\nContent-Length: 512\r\n\r\n" + fine);
        QCOMPARE(edge.status(), 200);
        KIT_VERIFY_HOLDS(m_run->engine());
    }

    void proxyEventBodyIsTheRawText()
    {
        // The mirror answers the proxy event it got: body is the text as sent, a string.
        RawClient client(port("api-gateway"));
        const QByteArray body = R"({"a": [1, 2],  "b": "x"})";
        client.send("POST /notes HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(body.size()) +
                    "\r\n\r\n" + body);
        QCOMPARE(client.status(), 200);
        const Json event =
            Json::parse(client.received.mid(client.received.indexOf("\r\n\r\n") + 4).toStdString(), nullptr, false);
        QCOMPARE(event["body"], Json(body.toStdString()));
        QCOMPARE(event["isBase64Encoded"], Json(false));
    }

    void deepWebSocketFrameCloses1007()
    {
        QWebSocket browser;
        browser.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/?user=alice").arg(port("websocket-api"))));
        QTRY_COMPARE_WITH_TIMEOUT(browser.state(), QAbstractSocket::ConnectedState, kWait);
        // 58 000 levels in 116 KB: under the API's 128 KB frame limit, so only the depth refuses it.
        QSignalSpy closed(&browser, &QWebSocket::disconnected);
        browser.sendTextMessage(QString::fromLatin1(deepJson()));
        QVERIFY(closed.wait(kWait) || !closed.isEmpty());
        QCOMPARE(int(browser.closeCode()), 1007);
        auto* chat = behaviourOf<WebSocketApi>(m_run->engine(), "chat");
        QVERIFY(chat);
        QCOMPARE(chat->invalidCount(), quint64(1));
        QCOMPARE(chat->tooLargeCount(), quint64(0));
        KIT_VERIFY_HOLDS(m_run->engine());
    }

    void deepInjectIsExit2()
    {
        QTemporaryDir dir;
        const QString project = writeProject(dir);
        QVERIFY(!project.isEmpty());
        QProcess cli;
        cli.start(QStringLiteral(MICROLAB_CLI_PATH),
                  {QStringLiteral("run"), project, QStringLiteral("--duration"), QStringLiteral("1s"),
                   QStringLiteral("--inject"), QStringLiteral("api=") + QString::fromLatin1(deepJson())});
        QVERIFY(cli.waitForFinished(30'000));
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QCOMPARE(cli.exitCode(), 2);
        const QString err = QString::fromUtf8(cli.readAllStandardError());
        QVERIFY2(
            err.contains(QStringLiteral("--inject api")) && err.contains(QStringLiteral("nesting deeper than 256")),
            qPrintable(err));
    }

    void tricklingRequestGets408FromItsFirstByte()
    {
        // A request sent one byte every 40 ms never pauses longer than the 300 ms timeout, so a
        // timer restarted at every byte never fires. Timed from the first byte it is 408 after
        // about 300 ms + one sweep (75 ms) ≈ 10 bytes; the 150-byte request is far from done.
        HttpLimits limits;
        limits.requestTimeoutMs = 300;
        HttpEndpoint endpoint([](HttpEndpoint::Ticket, HttpRequest) {}, limits);
        QVERIFY(endpoint.listen().ok());
        RawClient client(endpoint.port());
        const QByteArray request = "GET /slow HTTP/1.1\r\nHost: x\r\nX-Pad: " + QByteArray(110, 'p') + "\r\n\r\n";
        int sent = 0;
        for (; sent < request.size() && client.received.isEmpty() && !client.closed(); ++sent) {
            client.send(request.mid(sent, 1));
            QTest::qWait(40);
        }
        QCOMPARE(client.status(), 408);
        QVERIFY2(sent < request.size(), qPrintable(QString::number(sent)));
        QTRY_VERIFY_WITH_TIMEOUT(client.closed(), kWait);
    }

    void halfClosedClientStillGetsItsAnswer()
    {
        // The client sends a whole request, then shutdown(SHUT_WR): "no more requests", not
        // "gone". Qt closes its socket at that FIN; the answer given afterwards must still
        // arrive, followed by our FIN.
        std::vector<HttpEndpoint::Ticket> tickets;
        HttpEndpoint endpoint([&](HttpEndpoint::Ticket t, HttpRequest) { tickets.push_back(t); });
        QVERIFY(endpoint.listen().ok());
        RawClient client(endpoint.port());
        client.send("GET /later HTTP/1.1\r\nHost: x\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(tickets.size(), std::size_t(1), kWait);
        QCOMPARE(::shutdown(int(client.socket.socketDescriptor()), SHUT_WR), 0);
        QTest::qWait(200);  // the endpoint reads the FIN meanwhile (it used to drop the connection here)
        QVERIFY(endpoint.respond(tickets[0], ok()));
        QCOMPARE(client.status(), 200);
        QTRY_VERIFY_WITH_TIMEOUT(client.received.endsWith("fine"), kWait);
        QTRY_VERIFY_WITH_TIMEOUT(client.closed(), kWait);
        QCOMPARE(endpoint.connectionCount(), std::size_t(0));
    }

    void halfClosedClientOfTheDiagram()
    {
        // The audit's case: the item was created (201 counted) but the client never heard.
        RawClient client(port("api-gateway"));
        const QByteArray body = R"({"id": "h1", "name": "half"})";
        client.send("POST /items HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(body.size()) +
                    "\r\n\r\n" + body);
        QCOMPARE(::shutdown(int(client.socket.socketDescriptor()), SHUT_WR), 0);
        QCOMPARE(client.status(), 201);
        QTRY_VERIFY_WITH_TIMEOUT(client.closed(), kWait);
        QCOMPARE(m_session->httpResponses(), quint64(1));
    }

    void hostIsRequired_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("HTTP/1.1 without Host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("two Hosts") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400;
        QTest::newRow("one Host") << QByteArray("GET / HTTP/1.1\r\nhost: a\r\n\r\n") << 200;
        QTest::newRow("HTTP/1.0 needs none") << QByteArray("GET / HTTP/1.0\r\n\r\n") << 200;
    }

    void hostIsRequired()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        HttpEndpoint* self = nullptr;
        HttpEndpoint endpoint([&](HttpEndpoint::Ticket t, HttpRequest) { self->respond(t, ok()); });
        self = &endpoint;
        QVERIFY(endpoint.listen().ok());
        RawClient client(endpoint.port());
        client.send(request);
        QCOMPARE(client.status(), status);
        if (status == 400) QVERIFY(client.received.contains("Host"));
    }

    void originsAndPreflight_data()
    {
        QTest::addColumn<QByteArray>("cors");  // the api-gateway's config; empty: the default
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("handled");         // reached the handler (the diagram)
        QTest::addColumn<QByteArray>("expected");  // headers the answer must carry
        const QByteArray none;
        const QByteArray app(kAppCors);
        QTest::newRow("no Origin: not a browser page")
            << none << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << 200 << true << QByteArray();
        QTest::newRow("internet page refused")
            << none << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example\r\n\r\n") << 403 << false
            << QByteArray();
        QTest::newRow("local frontend allowed")
            << none << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nOrigin: http://localhost:5173\r\n\r\n") << 200 << true
            << QByteArray("Access-Control-Allow-Origin: http://localhost:5173\r\nVary: Origin\r\n");
        QTest::newRow("localhost lookalike refused")
            << none << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nOrigin: http://localhost.evil.example\r\n\r\n") << 403
            << false << QByteArray();
        QTest::newRow("preflight answered here")
            << none
            << QByteArray(
                   "OPTIONS /items HTTP/1.1\r\nHost: x\r\nOrigin: http://127.0.0.1:3000\r\n"
                   "Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\n\r\n")
            << 204 << false
            << QByteArray(
                   "Access-Control-Allow-Origin: http://127.0.0.1:3000\r\nVary: Origin\r\n"
                   "Access-Control-Allow-Methods: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS\r\n"
                   "Access-Control-Allow-Headers: content-type\r\n");
        QTest::newRow("configured: loopback no longer allowed")
            << app << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nOrigin: http://localhost:5173\r\n\r\n") << 403 << false
            << QByteArray();
        QTest::newRow("configured origin allowed")
            << app << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example.com\r\n\r\n") << 200 << true
            << QByteArray("Access-Control-Allow-Origin: https://app.example.com\r\n");
        // The browser client page served by the endpoint itself (/_microlab/client) posts to its own
        // origin; a name that merely resolves to loopback (DNS rebinding) is still refused.
        QTest::newRow("configured: same loopback origin allowed")
            << app << QByteArray("POST / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nOrigin: http://127.0.0.1:8080\r\n\r\n")
            << 200 << true << QByteArray();
        QTest::newRow("configured: same origin by a rebound name refused")
            << app
            << QByteArray("GET / HTTP/1.1\r\nHost: evil.example:8080\r\nOrigin: http://evil.example:8080\r\n\r\n")
            << 403 << false << QByteArray();
        QTest::newRow("configured method refused")
            << app << QByteArray("DELETE / HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example.com\r\n\r\n") << 403
            << false << QByteArray();
        QTest::newRow("configured preflight")
            << app
            << QByteArray(
                   "OPTIONS / HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example.com\r\n"
                   "Access-Control-Request-Method: POST\r\n\r\n")
            << 204 << false
            << QByteArray(
                   "Access-Control-Allow-Methods: GET, POST\r\nAccess-Control-Allow-Headers: content-type, "
                   "authorization\r\nAccess-Control-Max-Age: 600\r\n");
    }

    void originsAndPreflight()
    {
        QFETCH(QByteArray, cors);
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QFETCH(bool, handled);
        QFETCH(QByteArray, expected);
        int calls = 0;
        HttpEndpoint* self = nullptr;
        HttpEndpoint endpoint([&](HttpEndpoint::Ticket t, HttpRequest) {
            ++calls;
            self->respond(t, ok());
        });
        self = &endpoint;
        endpoint.setCors(CorsPolicy::fromConfig(cors.isEmpty() ? Json() : Json::parse(cors.toStdString())));
        QVERIFY(endpoint.listen().ok());
        RawClient client(endpoint.port());
        client.send(request);
        QCOMPARE(client.status(), status);
        QTRY_VERIFY_WITH_TIMEOUT(client.received.contains("\r\n\r\n"), kWait);
        QCOMPARE(calls, handled ? 1 : 0);
        QVERIFY2(client.received.contains(expected), client.received.constData());
        // A refused origin is answered, not cut off: the connection serves the next request.
        client.send("GET /after HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(client.status(1), 200);
    }

    void websocketHandshakeChecksOrigin_data()
    {
        QTest::addColumn<QByteArray>("origin");
        QTest::addColumn<QByteArray>("statusLine");
        QTest::newRow("internet page") << QByteArray("https://evil.example") << QByteArray("HTTP/1.1 403");
        QTest::newRow("local frontend") << QByteArray("http://localhost:8080") << QByteArray("HTTP/1.1 101");
    }

    void websocketHandshakeChecksOrigin()
    {
        QFETCH(QByteArray, origin);
        QFETCH(QByteArray, statusLine);
        RawClient client(port("websocket-api"));
        client.send(
            "GET /?user=alice HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: " +
            origin + "\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(client.received.contains("\r\n\r\n"), kWait);
        QVERIFY2(client.received.startsWith(statusLine), client.received.constData());
        auto* chat = behaviourOf<WebSocketApi>(m_run->engine(), "chat");
        QCOMPARE(chat->openCount(), std::size_t(statusLine.endsWith("101") ? 1 : 0));
    }

    void distinctTokensAreNotKept()
    {
        // 200 requests, each with its own 60 KB bearer token (12 MB of names in all). Every one
        // is answered; once answered nothing holds its name, so the user table is back to what
        // it was ("anonymous" only) instead of 200 names larger.
        const std::size_t baseline = m_run->engine().userCount();
        QCOMPARE(baseline, std::size_t(1));
        RawClient client(port("api-gateway"));
        constexpr int kRequests = 200;
        for (int i = 0; i < kRequests; ++i) {
            const QByteArray token = QByteArray::number(i) + QByteArray(60 * 1024, 't');
            client.received.clear();  // one answer at a time: the test's own memory stays flat too
            client.send("GET /whoami HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n");
            QCOMPARE(client.status(), 200);
        }
        QTRY_COMPARE_WITH_TIMEOUT(m_run->engine().userCount(), baseline, kWait);
        KIT_VERIFY_HOLDS(m_run->engine());
    }

    void connectionCapUnderALoweredFileLimit()
    {
        // A child `run --serve` under `ulimit -n 64` (soft and hard): the budget is
        // 64 − (32 + 64/8) = 24 connections for its two endpoints. 24 clients are served, the
        // 25th gets 503 and is closed; when one leaves, a new client is served again.
        QTemporaryDir dir;
        const QString project = writeProject(dir);
        QVERIFY(!project.isEmpty());
        QProcess cli;
        cli.start(QStringLiteral("/bin/sh"),
                  {QStringLiteral("-c"), QStringLiteral("ulimit -n 64 && exec \"$0\" run \"$1\" --serve"),
                   QStringLiteral(MICROLAB_CLI_PATH), project});
        QVERIFY(cli.waitForStarted());
        quint16 http = 0;
        QByteArray seen;
        for (int i = 0; i < 50 && http == 0; ++i) {
            cli.waitForReadyRead(200);
            seen += cli.readAllStandardOutput();
            for (const QByteArray& line : seen.split('\n'))
                if (line.startsWith("http://127.0.0.1:")) http = portOf(QString::fromUtf8(line.trimmed()));
        }
        QVERIFY2(http != 0, seen.constData());
        constexpr int kBudget = 64 - (32 + 64 / 8);
        std::vector<std::unique_ptr<RawClient>> clients;
        for (int i = 0; i < kBudget; ++i) {
            clients.push_back(std::make_unique<RawClient>(http));
            clients.back()->send("GET /items/none HTTP/1.1\r\nHost: x\r\n\r\n");
            QCOMPARE(clients.back()->status(), 404);  // in, and served
        }
        RawClient over(http);
        QCOMPARE(over.status(), 503);
        QTRY_VERIFY_WITH_TIMEOUT(over.closed(), kWait);
        clients.front()->socket.abort();
        clients.erase(clients.begin());
        // The server notices the departure; a new client is served within a few tries.
        int answered = 0;
        for (int attempt = 0; attempt < 20 && answered != 404; ++attempt) {
            RawClient again(http);
            again.send("GET /items/none HTTP/1.1\r\nHost: x\r\n\r\n");
            answered = again.status();
        }
        QCOMPARE(answered, 404);
        cli.terminate();
        QVERIFY(cli.waitForFinished(10'000));
        QCOMPARE(cli.exitCode(), 0);
    }

    void fileLimitBudget()
    {
        // The headroom: 32 plus an eighth. 1024 → 1024 − 160 = 864; 64 → 24.
        QCOMPARE(filelimit::headroom(1024), std::size_t(160));
        QCOMPARE(filelimit::headroom(64), std::size_t(40));
        // This process's own limit was raised to its hard limit by LiveSession::open.
        QVERIFY(filelimit::softLimit() >= 64);
    }
};

QTEST_GUILESS_MAIN(TestLiveHostile)
#include "tst_livehostile.moc"
