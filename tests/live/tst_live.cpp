// Live mode end to end on loopback: real HTTP requests through api-gateway → router → crud →
// table and back with the statuses a user sees, real websocket frames routed to a handler and
// pushed back to the browser, 1009 for an oversized frame, 503 for requests a stopped run
// never answered, and `microlab-cli run --serve` printing its URLs and shutting down cleanly
// on SIGTERM with the report written.
#include "../enginekit/EngineKit.h"
#include "../livekit/RawHttp.h"
#include "engine/nodes/WebSocketApi.h"
#include "live/LiveSession.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QWebSocket>

using namespace ml;
using namespace kit;
using namespace livekit;

namespace {

const char* kDiagram = R"({"format": "microlab/1", "name": "live test", "seed": 3, "nodes": [
    {"id": "api", "kind": "api-gateway", "config": {"routes": [
        {"method": "POST", "path": "/items", "action": "create-item", "required": ["name"]},
        {"method": "GET", "path": "/items/{id}", "action": "get-item"},
        {"method": "GET", "path": "/slow", "action": "slow"},
        {"method": "GET", "path": "/whoami", "action": "whoami"}]}},
    {"id": "router", "kind": "router", "config": {"latency": {"dist": "fixed", "value": "1ms"}}},
    {"id": "items-service", "kind": "crud", "config": {"latency": {"dist": "fixed", "value": "2ms"}}},
    {"id": "items", "kind": "table", "config": {}},
    {"id": "sleeper", "kind": "worker", "config": {"timeout": "60s", "latency": {"dist": "fixed", "value": "30s"}}},
    {"id": "mirror", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "1ms"}}},
    {"id": "chat", "kind": "websocket-api", "config": {}},
    {"id": "echo", "kind": "websocket-handler", "config": {"latency": {"dist": "fixed", "value": "1ms"}}}],
  "edges": [
    {"from": "api", "to": "router"},
    {"from": "router", "to": "items-service", "config": {"actions": ["create-item", "get-item"]}},
    {"from": "router", "to": "sleeper", "config": {"actions": ["slow"], "invocation": "sync"}},
    {"from": "router", "to": "mirror", "config": {"actions": ["whoami"], "invocation": "sync"}},
    {"from": "items-service", "to": "items"},
    {"from": "chat", "to": "echo", "config": {"route": "$default"}},
    {"from": "echo", "to": "chat"}]})";

// The test diagram as a project file in `dir`, for the command line.
QString writeProject(const QTemporaryDir& dir)
{
    return livekit::writeProject(dir, QStringLiteral("live.mlab.json"), kDiagram);
}

struct Reply {
    int status = 0;
    Json body;
};

class TestLive : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<EngineRun> m_run;
    std::unique_ptr<LiveSession> m_session;
    QNetworkAccessManager m_http;

    QString url(const char* kind) const { return endpointUrl(*m_session, kind); }

    Reply send(const QByteArray& method, const QString& path, const QByteArray& body = {},
               const QByteArray& authorization = {})
    {
        QList<std::pair<QByteArray, QByteArray>> headers{{"Content-Type", "application/json"}};
        if (!authorization.isEmpty()) headers.append({"Authorization", authorization});
        const HttpReply r = request(m_http, method, QUrl(url("api-gateway") + path), body, headers);
        return Reply{r.status, r.json()};
    }

private slots:
    void init()
    {
        const QString error = serve(kDiagram, QStringLiteral("live.mlab.json"), m_run, m_session);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void cleanup()
    {
        m_session.reset();
        m_run.reset();
    }

    void endpointsListenOnLoopback()
    {
        QCOMPARE(m_session->endpoints().size(), std::size_t(2));
        QVERIFY(url("api-gateway").startsWith(QLatin1String("http://127.0.0.1:")));
        QVERIFY(url("websocket-api").startsWith(QLatin1String("ws://127.0.0.1:")));
    }

    void httpRequestsGetTheEnginesAnswers()
    {
        Reply created = send("POST", QStringLiteral("/items"), R"({"id": "a1", "name": "widget", "price": 5})");
        QCOMPARE(created.status, 201);
        Reply got = send("GET", QStringLiteral("/items/a1"));
        QCOMPARE(got.status, 200);
        QCOMPARE(as<std::string>(got.body["name"]), std::string("widget"));
        QCOMPARE(send("GET", QStringLiteral("/items/nope")).status, 404);
        Reply noRoute = send("GET", QStringLiteral("/nowhere"));
        QCOMPARE(noRoute.status, 404);
        QCOMPARE(noRoute.body, (Json{{"message", "Not Found"}}));
        Reply invalid = send("POST", QStringLiteral("/items"), R"({"price": 1})");
        QCOMPARE(invalid.status, 400);
        QCOMPARE(invalid.body, (Json{{"message", "Invalid request body"}}));
        QCOMPARE(send("POST", QStringLiteral("/items"), "name=widget").status, 400);  // not JSON
        QCOMPARE(m_session->httpRequests(), quint64(6));
        QCOMPARE(m_session->httpResponses(), quint64(6));
        QCOMPARE(m_session->waitingRequests(), std::size_t(0));
        const Json report = m_run->engine().report();
        QCOMPARE(response(report, "api", 201), quint64(1));
        QCOMPARE(response(report, "api", 404), quint64(2));
        KIT_VERIFY_HOLDS(m_run->engine());
    }

    void bearerTokenIsTheUser()
    {
        // The mirror has no handler: it answers the proxy event it got, which shows the caller.
        const Reply alice = send("GET", QStringLiteral("/whoami?x=1"), {}, "Bearer alice");
        QCOMPARE(alice.status, 200);
        QCOMPARE(as<std::string>(alice.body["requestContext"]["identity"]["user"]), std::string("alice"));
        QCOMPARE(alice.body["queryStringParameters"], (Json{{"x", "1"}}));
        const Reply anonymous = send("GET", QStringLiteral("/whoami"));
        QCOMPARE(as<std::string>(anonymous.body["requestContext"]["identity"]["user"]), std::string("anonymous"));
        // Each request has its own id, as API Gateway gives.
        QVERIFY(as<std::string>(alice.body["requestContext"]["requestId"]) !=
                as<std::string>(anonymous.body["requestContext"]["requestId"]));
    }

    void invalidUtf8BodyIsAnErrorNotACrash()
    {
        const QByteArray bad("{\"id\": \"u1\", \"name\": \"\xff\xfe\"}");
        const Reply r = send("POST", QStringLiteral("/items"), bad);
        QCOMPARE(r.status, 201);  // the bad bytes became U+FFFD
        QVERIFY(send("GET", QStringLiteral("/items/u1")).status == 200);
    }

    void stoppingAnswersWaitingRequestsWith503()
    {
        QNetworkReply* reply = m_http.get(QNetworkRequest(QUrl(url("api-gateway") + QStringLiteral("/slow"))));
        QTRY_COMPARE_WITH_TIMEOUT(m_session->waitingRequests(), std::size_t(1), 5000);
        m_session->stop();
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(reply->isFinished() || done.wait(5000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 503);
        reply->deleteLater();
    }

    void websocketFramesArePushedBack()
    {
        QWebSocket browser;
        QSignalSpy received(&browser, &QWebSocket::textMessageReceived);
        browser.open(QUrl(url("websocket-api") + QStringLiteral("/?user=alice")));
        QTRY_COMPARE_WITH_TIMEOUT(browser.state(), QAbstractSocket::ConnectedState, 5000);
        browser.sendTextMessage(QStringLiteral(R"({"action": "hello", "n": 7})"));
        QVERIFY(received.wait(5000) || !received.isEmpty());
        const Json push = Json::parse(received.first().first().toString().toStdString(), nullptr, false);
        QCOMPARE(as<int>(push["n"]), 7);
        QCOMPARE(as<std::string>(push["connectionId"]), std::string("c1"));
        auto* chat = behaviourOf<WebSocketApi>(m_run->engine(), "chat");
        QVERIFY(chat);
        QCOMPARE(chat->connection("c1")->pushed, quint64(1));
        QCOMPARE(m_run->engine().userName(chat->connection("c1")->user), std::string("alice"));

        // A frame over the API's 128 KB: the engine closes the connection with 1009.
        QSignalSpy closed(&browser, &QWebSocket::disconnected);
        browser.sendTextMessage(QString(200 * 1024, QLatin1Char('x')));
        QVERIFY(closed.wait(5000) || !closed.isEmpty());
        QCOMPARE(int(browser.closeCode()), 1009);
        QCOMPARE(chat->tooLargeCount(), quint64(1));
    }

    void browserLeavingClosesTheConnection()
    {
        auto* browser = new QWebSocket;
        browser->open(QUrl(url("websocket-api") + QStringLiteral("/?user=bob")));
        QTRY_COMPARE_WITH_TIMEOUT(browser->state(), QAbstractSocket::ConnectedState, 5000);
        auto* chat = behaviourOf<WebSocketApi>(m_run->engine(), "chat");
        QTRY_COMPARE_WITH_TIMEOUT(chat->openCount(), std::size_t(1), 5000);
        browser->close();
        QTRY_COMPARE_WITH_TIMEOUT(chat->openCount(), std::size_t(0), 5000);
        QCOMPARE(chat->connection("c1")->closeReason, std::string("client"));
        delete browser;
        KIT_VERIFY_HOLDS(m_run->engine());
    }

    void stepBackReplaysLiveRequestsWithoutAnsweringAgain()
    {
        QCOMPARE(send("POST", QStringLiteral("/items"), R"({"id": "s1", "name": "one"})").status, 201);
        QCOMPARE(send("POST", QStringLiteral("/items"), R"({"id": "s2", "name": "two"})").status, 201);
        const quint64 events = m_run->eventCount();
        const Json before = m_run->engine().report()["nodes"]["api"];
        // Back over the second answer and forward again: the journal re-applies both requests
        // at the instants they arrived, and the replayed answers go to nobody.
        QVERIFY(m_run->stepBack(3).ok());
        QCOMPARE(m_run->eventCount(), events - 3);
        m_run->run(kTimeMax, 3);
        QCOMPARE(m_run->eventCount(), events);
        QCOMPARE(m_run->engine().report()["nodes"]["api"], before);
        QCOMPARE(m_session->httpResponses(), quint64(2));  // nobody was answered twice
    }

    void withoutJournalStepBackIsRefused()
    {
        // A headless server keeps no journal (memory stays flat); going back would not replay
        // the requests, so it is refused with a reason instead of silently differing.
        m_run->setJournaling(false);
        QCOMPARE(send("POST", QStringLiteral("/items"), R"({"id": "j1", "name": "one"})").status, 201);
        const Status back = m_run->stepBack(1);
        QVERIFY(!back.ok());
        QVERIFY(back.error().message.contains(QStringLiteral("journal")));
    }

    void serveCommandPrintsUrlsAndStopsOnSigterm()
    {
        QTemporaryDir dir;
        const QString project = writeProject(dir);
        QVERIFY(!project.isEmpty());
        const QString report = dir.filePath(QStringLiteral("report.json"));
        QProcess cli;
        cli.start(QStringLiteral(MICROLAB_CLI_PATH),
                  {QStringLiteral("run"), project, QStringLiteral("--serve"), QStringLiteral("--http-port"),
                   QStringLiteral("0"), QStringLiteral("--report"), report});
        QVERIFY(cli.waitForStarted());
        QString http;
        QString ws;
        QElapsedTimer t;
        t.start();
        QByteArray seen;
        while ((http.isEmpty() || ws.isEmpty()) && t.elapsed() < 10'000) {
            cli.waitForReadyRead(200);
            seen += cli.readAllStandardOutput();
            for (const QByteArray& line : seen.split('\n')) {
                if (line.startsWith("http://127.0.0.1:")) http = QString::fromUtf8(line.trimmed());
                if (line.startsWith("ws://127.0.0.1:")) ws = QString::fromUtf8(line.trimmed());
            }
        }
        QVERIFY2(!http.isEmpty() && !ws.isEmpty(), seen.constData());
        QNetworkReply* reply = m_http.post(QNetworkRequest(QUrl(http + QStringLiteral("/items"))),
                                           QByteArray(R"({"id": "c1", "name": "from the cli test"})"));
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(10'000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
        reply->deleteLater();
        cli.terminate();  // SIGTERM
        QVERIFY(cli.waitForFinished(10'000));
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QCOMPARE(cli.exitCode(), 0);
        QFile written(report);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const Json r = Json::parse(written.readAll().toStdString(), nullptr, false);
        QCOMPARE(response(r, "api", 201), quint64(1));
        QVERIFY(as<bool>(r["conservation"]["holds"]));
    }

    void servePortInUseIsAClearError()
    {
        // The session's own port is taken: the CLI names the node and the port, exit 2.
        const QString taken = url("api-gateway").section(QLatin1Char(':'), 2);
        QTemporaryDir dir;
        const QString project = writeProject(dir);
        QVERIFY(!project.isEmpty());
        QProcess cli;
        cli.start(QStringLiteral(MICROLAB_CLI_PATH),
                  {QStringLiteral("run"), project, QStringLiteral("--serve"), QStringLiteral("--http-port"), taken});
        QVERIFY(cli.waitForFinished(10'000));
        QCOMPARE(cli.exitCode(), 2);
        const QString err = QString::fromUtf8(cli.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("api")) && err.contains(taken), qPrintable(err));
    }
};

}  // namespace

QTEST_GUILESS_MAIN(TestLive)
#include "tst_live.moc"
