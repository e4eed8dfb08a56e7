// What the live tests share (a diagram served on loopback, as `run --serve` and the GUI's live
// mode do): the run and its session started from project JSON, each endpoint's URL and port,
// requests through Qt's HTTP client, and a raw socket client whose bytes are exactly what goes
// on the wire. Header only; tests/livekit has no test of its own.
#pragma once

#include "engine/EngineRun.h"
#include "live/LiveSession.h"
#include "project/ProjectFile.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <utility>

namespace livekit {

using namespace ml;

// Serves the diagram in `json` (named `fileName` in errors): `run` and `session` are set and the
// session started. The error's text, or empty when it serves. Without `journaling` the run
// keeps no journal of the requests, as under --serve.
inline QString serve(const char* json, const QString& fileName, std::unique_ptr<EngineRun>& run,
                     std::unique_ptr<LiveSession>& session, bool journaling = true)
{
    Result<LoadedProject> loaded = projectfile::parse(QByteArray(json), fileName);
    if (!loaded.ok()) return loaded.error().toString();
    Result<std::unique_ptr<EngineRun>> created = EngineRun::create(loaded.value().diagram);
    if (!created.ok()) return created.error().message;
    run = std::move(created).value();
    if (!journaling) run->setJournaling(false);
    Result<std::unique_ptr<LiveSession>> opened = LiveSession::open(*run, LiveOptions{});
    if (!opened.ok()) return opened.error().message;
    session = std::move(opened).value();
    session->start();
    return {};
}

// The diagram in `json` as a project file `fileName` in `dir`, for the command line; empty when
// it cannot be written.
inline QString writeProject(const QTemporaryDir& dir, const QString& fileName, const char* json)
{
    const QString path = dir.filePath(fileName);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(json) < 0) return {};
    return path;
}

// The URL of the session's endpoint for nodes of `kind` ("api-gateway", "websocket-api"), or
// empty; and its port ("http://127.0.0.1:PORT" → PORT).
inline QString endpointUrl(const LiveSession& session, const char* kind)
{
    for (const LiveEndpoint& e : session.endpoints())
        if (e.kind == QLatin1String(kind)) return e.url;
    return {};
}
inline quint16 portOf(const QString& url) { return quint16(url.section(QLatin1Char(':'), 2).toUInt()); }

struct HttpReply {
    int status = 0;  // 0: no answer within 10 s
    QByteArray contentType;
    QByteArray body;
    // The body as JSON; null when empty, discarded when not JSON.
    Json json() const { return body.isEmpty() ? Json() : Json::parse(body.toStdString(), nullptr, false); }
};

// One request through Qt's HTTP client, waiting at most 10 s for the answer.
inline HttpReply request(QNetworkAccessManager& http, const QByteArray& method, const QUrl& url,
                         const QByteArray& body = {}, const QList<std::pair<QByteArray, QByteArray>>& headers = {})
{
    QNetworkRequest target(url);
    for (const auto& [name, value] : headers) target.setRawHeader(name, value);
    // A custom "HEAD" would wait for a body that never comes.
    QNetworkReply* reply = method == "HEAD" ? http.head(target) : http.sendCustomRequest(target, method, body);
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!done.wait(10'000)) return {};
    HttpReply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    out.body = reply->readAll();
    reply->deleteLater();
    return out;
}

// A raw client: what it sends is exactly what goes on the wire.
struct RawClient {
    static constexpr int kWait = 5000;  // ms; loopback answers take microseconds, this only bounds a failure
    QTcpSocket socket;
    QByteArray received;
    explicit RawClient(quint16 port)
    {
        QObject::connect(&socket, &QTcpSocket::readyRead, [this] { received += socket.readAll(); });
        socket.connectToHost(QHostAddress::LocalHost, port);
        socket.waitForConnected(kWait);
    }
    void send(const QByteArray& bytes)
    {
        socket.write(bytes);
        socket.flush();
    }
    // The status of the n-th response (0-based) once it has arrived; 0 when it did not in time.
    int status(int n = 0)
    {
        for (int waited = 0; received.count("HTTP/1.1 ") <= n && waited < kWait; waited += 10) QTest::qWait(10);
        qsizetype at = -1;
        for (int i = 0; i <= n; ++i) at = received.indexOf("HTTP/1.1 ", at + 1);
        return at < 0 ? 0 : received.mid(at + 9, 3).toInt();
    }
    bool closed() const { return socket.state() == QAbstractSocket::UnconnectedState; }
};

}  // namespace livekit
