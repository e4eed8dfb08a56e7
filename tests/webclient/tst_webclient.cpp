// The browser client (resources/web/client.html) as a served diagram offers it: an api-gateway's
// port answers GET /_microlab/client with the page and /_microlab/client.json with the gateway's
// routes, the WebSocket APIs' ports and the users, without either reaching the diagram. Then the
// client's flow end to end — connect as alice, submit a job, see the worker's push arrive — in
// headless Chromium when MICROLAB_BROWSER_TESTS=1, and with the page's own logic under Node as
// the fallback when Node is there.
#include "../enginekit/EngineKit.h"
#include "../livekit/RawHttp.h"
#include "live/LiveSession.h"
#include "live/WebClient.h"

#include <QDir>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QWebSocket>

using namespace ml;
using namespace kit;
using namespace livekit;

namespace {

// alice's and bob's browsers (the simulated client sends nothing: count 0) and a job API whose
// runner pushes each result to the user who submitted it, 200 ms after the job is queued.
const char* kDiagram = R"({"format": "microlab/1", "name": "client test", "seed": 4, "nodes": [
    {"id": "browsers", "kind": "client", "config": {"count": 0, "users": ["alice", "bob"],
        "requests": [{"method": "POST", "path": "/jobs", "body": {"report": "sales"}},
                     {"method": "GET", "path": "/jobs/j-7"}]}},
    {"id": "api", "kind": "api-gateway", "name": "Jobs API", "config": {"routes": [
        {"method": "POST", "path": "/jobs", "action": "submit-job", "required": ["report"]},
        {"method": "GET", "path": "/jobs/{id}", "action": "get-job"}]}},
    {"id": "router", "kind": "router", "config": {"latency": {"dist": "fixed", "value": "1ms"}}},
    {"id": "jobs", "kind": "queue"},
    {"id": "runner", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "200ms"}}},
    {"id": "lookup", "kind": "worker", "config": {"latency": {"dist": "fixed", "value": "1ms"}}},
    {"id": "notify", "kind": "websocket-api", "name": "Notify"},
    {"id": "ws-handler", "kind": "websocket-handler", "config": {"latency": {"dist": "fixed", "value": "1ms"}}}],
  "edges": [
    {"from": "browsers", "to": "api"}, {"from": "api", "to": "router"},
    {"from": "router", "to": "jobs", "config": {"actions": ["submit-job"]}},
    {"from": "router", "to": "lookup", "config": {"actions": ["get-job"], "invocation": "sync"}},
    {"from": "jobs", "to": "runner", "config": {"batchSize": 1}},
    {"from": "runner", "to": "notify"},
    {"from": "notify", "to": "ws-handler", "config": {"route": "$connect"}}]})";

// Runs `program` while this thread's event loop serves the diagram; its stdout, or "" when it
// failed or ran past `timeoutMs`.
QByteArray runAlongside(const QString& program, const QStringList& args, int timeoutMs)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForStarted(10'000)) return {};
    QSignalSpy finished(&p, &QProcess::finished);
    if (!finished.wait(timeoutMs)) {
        p.kill();
        p.waitForFinished(5'000);
        qWarning("%s ran past %d ms; stderr: %s", qPrintable(program), timeoutMs, p.readAllStandardError().constData());
        return {};
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        qWarning("%s failed: %s", qPrintable(program), p.readAllStandardError().constData());
    return p.readAllStandardOutput();
}

}  // namespace

class TestWebClient : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<EngineRun> m_run;
    std::unique_ptr<LiveSession> m_session;
    QNetworkAccessManager m_http;

    QString url(const char* kind) const { return endpointUrl(*m_session, kind); }

    HttpReply request(const QByteArray& method, const QString& path)
    {
        return livekit::request(m_http, method, QUrl(url("api-gateway") + path));
    }

    // Requests the diagram's gateway received (the report leaves out counters still at zero).
    quint64 apiReceived()
    {
        const Json api = m_run->engine().report()["nodes"]["api"];
        return api.contains("received") ? as<quint64>(api["received"]) : 0;
    }

    // The WebSocket port the description must name.
    int webSocketPort() const { return QUrl(url("websocket-api")).port(); }

private slots:
    void init()
    {
        const QString error = serve(kDiagram, QStringLiteral("client.mlab.json"), m_run, m_session);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void cleanup()
    {
        m_session.reset();
        m_run.reset();
    }

    void servesThePage_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("plain") << QStringLiteral("/_microlab/client");
        QTest::newRow("with a query") << QStringLiteral("/_microlab/client?user=alice&connect=1");
    }

    void servesThePage()
    {
        QFETCH(QString, path);
        const HttpReply page = request("GET", path);
        QCOMPARE(page.status, 200);
        QCOMPARE(page.contentType, QByteArray("text/html; charset=utf-8"));
        QCOMPARE(page.body, webclient::page());
        QVERIFY(page.body.startsWith("<!doctype html>"));
        QVERIFY(page.body.contains("<title>Microlab client</title>"));
        QVERIFY(page.body.contains("// <microlab-client-logic>"));
        // Nothing from anywhere else: no scheme-qualified or protocol-relative URL, no src/href.
        for (const char* outside : {"http://", "https://", "src=", "href=", "<link", "@import", "url("})
            QVERIFY2(!page.body.contains(outside), outside);
        // The page is the endpoint's, not a request to the diagram.
        QCOMPARE(apiReceived(), quint64(0));
    }

    void describesTheGateway()
    {
        const HttpReply reply = request("GET", QStringLiteral("/_microlab/client.json"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.contentType, QByteArray("application/json"));
        const Json d = Json::parse(reply.body.toStdString(), nullptr, false);
        QCOMPARE(as<std::string>(d["project"]), std::string("client test"));
        QCOMPARE(as<std::string>(d["gateway"]), std::string("api"));
        QCOMPARE(as<std::string>(d["name"]), std::string("Jobs API"));
        QCOMPARE(d["routes"].size(), std::size_t(2));
        QCOMPARE(d["routes"][0], (Json{{"method", "POST"},
                                       {"path", "/jobs"},
                                       {"action", "submit-job"},
                                       {"required", Json::array({"report"})}}));
        QCOMPARE(d["webSockets"].size(), std::size_t(1));
        QCOMPARE(as<std::string>(d["webSockets"][0]["node"]), std::string("notify"));
        QCOMPARE(as<std::string>(d["webSockets"][0]["name"]), std::string("Notify"));
        QCOMPARE(as<int>(d["webSockets"][0]["port"]), webSocketPort());
        QCOMPARE(d["users"], Json::array({"alice", "bob"}));
        QCOMPARE(d["examples"],
                 (Json::array({Json{{"method", "POST"}, {"path", "/jobs"}, {"body", {{"report", "sales"}}}},
                               Json{{"method", "GET"}, {"path", "/jobs/j-7"}}})));
        QCOMPARE(apiReceived(), quint64(0));
    }

    void otherRequestsReachTheDiagram()
    {
        // Only GET and HEAD of the two paths are the client's; a POST there is the diagram's
        // (no such route: 404), and so is every other path.
        QCOMPARE(request("HEAD", QStringLiteral("/_microlab/client")).status, 200);
        QCOMPARE(apiReceived(), quint64(0));
        QCOMPARE(request("POST", QStringLiteral("/_microlab/client")).status, 404);
        QCOMPARE(request("GET", QStringLiteral("/_microlab/other")).status, 404);
        QCOMPARE(apiReceived(), quint64(2));
    }

    // The page's own JavaScript, run by Node, does what a person does in the page: one job
    // submitted as alice (202 from the queue edge), its result pushed to alice's connection.
    void nodeDrivesTheClientLogic()
    {
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        if (node.isEmpty()) QSKIP("node is not installed: the client's logic is not driven outside a browser");
        QProcess version;
        version.start(node, {QStringLiteral("--version")});
        version.waitForFinished(10'000);
        const QByteArray v = version.readAllStandardOutput().trimmed();  // "v20.20.2"
        if (v.mid(1, v.indexOf('.') - 1).toInt() < 20) QSKIP("node is older than 20: no WebSocket in Node");
        const QStringList args{QStringLiteral("--experimental-websocket"),
                               QStringLiteral("--no-warnings"),
                               QStringLiteral(MICROLAB_TEST_DATA_DIR "/drive.mjs"),
                               url("api-gateway"),
                               QStringLiteral("alice"),
                               QStringLiteral("POST /jobs")};
        const QByteArray out = runAlongside(node, args, 60'000);
        const Json r = Json::parse(out.toStdString(), nullptr, false);
        QVERIFY2(r.is_object(), out.constData());
        QCOMPARE(as<int>(r["status"]), 202);
        QCOMPARE(r["pushes"].size(), std::size_t(1));
        const Json push = Json::parse(as<std::string>(r["pushes"][0]), nullptr, false);
        QVERIFY2(push.is_object(), as<std::string>(r["pushes"][0]).c_str());
        QCOMPARE(as<std::string>(push["processedBy"]), std::string("runner"));
        const Json report = m_run->engine().report();
        QCOMPARE(as<quint64>(report["nodes"]["notify"]["pushed"]), quint64(1));
    }

    // Headless Chromium opens the page as alice with connect=1&send=POST /jobs, and the worker's
    // push appears in the page's list (read over the DevTools protocol).
    void chromiumShowsThePush()
    {
        if (qEnvironmentVariable("MICROLAB_BROWSER_TESTS") != QLatin1String("1"))
            QSKIP("headless browser test off: MICROLAB_BROWSER_TESTS=1 scripts/test installs chromium and runs it");
        QString chromium = QStandardPaths::findExecutable(QStringLiteral("chromium"));
        if (chromium.isEmpty()) chromium = QStandardPaths::findExecutable(QStringLiteral("chromium-browser"));
        if (chromium.isEmpty())
            QSKIP("MICROLAB_BROWSER_TESTS=1 but chromium is not installed (scripts/deps installs it)");

        QTemporaryDir profile;
        QVERIFY(profile.isValid());
        const QString page =
            url("api-gateway") + QStringLiteral("/_microlab/client?user=alice&connect=1&send=POST%20/jobs");
        QProcess browser;
        browser.start(chromium,
                      {QStringLiteral("--headless"), QStringLiteral("--no-sandbox"), QStringLiteral("--disable-gpu"),
                       QStringLiteral("--disable-dev-shm-usage"), QStringLiteral("--no-first-run"),
                       QStringLiteral("--remote-debugging-port=0"), QStringLiteral("--remote-allow-origins=*"),
                       QStringLiteral("--user-data-dir=") + profile.path(), page});
        QVERIFY(browser.waitForStarted(10'000));
        const auto stop = qScopeGuard([&] {
            browser.kill();
            browser.waitForFinished(10'000);
        });
        // Chromium writes its DevTools port to the profile once it listens.
        QFile active(profile.filePath(QStringLiteral("DevToolsActivePort")));
        QTRY_VERIFY_WITH_TIMEOUT(active.exists() && active.size() > 0, 30'000);
        QVERIFY(active.open(QIODevice::ReadOnly));
        const int port = active.readLine().trimmed().toInt();
        QVERIFY(port > 0);

        // The page's target, then its DevTools socket.
        QString debuggerUrl;
        for (int attempt = 0; attempt < 100 && debuggerUrl.isEmpty(); ++attempt) {
            QNetworkReply* list =
                m_http.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/json/list").arg(port))));
            QSignalSpy done(list, &QNetworkReply::finished);
            QVERIFY(done.wait(10'000));
            const Json targets = Json::parse(list->readAll().toStdString(), nullptr, false);
            list->deleteLater();
            if (targets.is_array())
                for (const Json& t : targets)
                    if (t.value("type", std::string()) == "page" &&
                        t.value("url", std::string()).find("/_microlab/client") != std::string::npos)
                        debuggerUrl = QString::fromStdString(t.value("webSocketDebuggerUrl", std::string()));
            if (debuggerUrl.isEmpty()) QTest::qWait(100);
        }
        QVERIFY2(!debuggerUrl.isEmpty(), "no page target for the client in chromium");
        QWebSocket devtools;
        QSignalSpy connected(&devtools, &QWebSocket::connected);
        devtools.open(QUrl(debuggerUrl));
        QVERIFY(connected.wait(10'000));
        int nextId = 0;
        QString pushes;
        QObject::connect(&devtools, &QWebSocket::textMessageReceived, this, [&](const QString& text) {
            const Json m = Json::parse(text.toStdString(), nullptr, false);
            if (m.is_object() && m.contains("result"))
                pushes = QString::fromStdString(m["result"]["result"].value("value", std::string()));
        });
        const auto readPushes = [&] {
            const Json call{
                {"id", ++nextId},
                {"method", "Runtime.evaluate"},
                {"params", {{"expression", "document.getElementById('pushes').textContent"}, {"returnByValue", true}}}};
            devtools.sendTextMessage(QString::fromStdString(call.dump()));
        };
        QTRY_VERIFY_WITH_TIMEOUT((readPushes(), pushes.contains(QLatin1String("\"processedBy\": \"runner\""))), 30'000);
        QVERIFY2(pushes.contains(QLatin1String("to alice from Notify")), qPrintable(pushes));
        const Json report = m_run->engine().report();
        QCOMPARE(as<quint64>(report["nodes"]["notify"]["pushed"]), quint64(1));
    }
};

QTEST_GUILESS_MAIN(TestWebClient)
#include "tst_webclient.moc"
