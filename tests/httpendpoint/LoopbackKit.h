// Raw-socket clients and an echoing endpoint on 127.0.0.1 for the loopback tests of HttpEndpoint
// (EndpointTests.cpp, EndpointLifecycle.cpp): the responses as they arrive on the wire.
#pragma once

#include "live/HttpEndpoint.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

#include <vector>

namespace loopback {

using namespace ml;

constexpr int kWait = 3000;  // ms; loopback answers take microseconds, this only bounds a failure

struct WireResponse {
    int status = 0;
    QByteArray reason;
    std::vector<HttpHeader> headers;
    QByteArray body;
    QByteArray header(QByteArrayView name) const
    {
        for (const HttpHeader& h : headers)
            if (QByteArrayView(h.name).compare(name, Qt::CaseInsensitive) == 0) return h.value;
        return {};
    }
    QString message() const { return QJsonDocument::fromJson(body).object().value("message").toString(); }
};

// The whole responses in `bytes` (a trailing partial one is left out). Bodies by Content-Length.
inline std::vector<WireResponse> splitResponses(const QByteArray& bytes)
{
    std::vector<WireResponse> out;
    qsizetype at = 0;
    while (true) {
        const qsizetype end = bytes.indexOf("\r\n\r\n", at);
        if (end < 0) break;
        const QList<QByteArray> lines = bytes.mid(at, end - at).split('\n');
        WireResponse r;
        const QByteArray statusLine = lines[0].trimmed();
        r.status = statusLine.mid(9, 3).toInt();
        r.reason = statusLine.mid(13);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            r.headers.push_back({lines[i].left(colon), lines[i].mid(colon + 1).trimmed()});
        }
        const qsizetype length = r.header("Content-Length").toLongLong();
        if (end + 4 + length > bytes.size()) break;
        r.body = bytes.mid(end + 4, length);
        at = end + 4 + length;
        out.push_back(std::move(r));
    }
    return out;
}

class Client {
public:
    explicit Client(quint16 port)
    {
        QObject::connect(&socket, &QTcpSocket::readyRead, [this] { received += socket.readAll(); });
        socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    }
    bool connected() { return socket.waitForConnected(kWait); }
    void send(const QByteArray& bytes) { socket.write(bytes); }
    std::vector<WireResponse> responses() const { return splitResponses(received); }
    std::size_t count() const { return responses().size(); }
    bool closed() const { return socket.state() == QAbstractSocket::UnconnectedState; }

    QTcpSocket socket;
    QByteArray received;
};

inline QByteArray echoBody(const HttpRequest& r)
{
    return QJsonDocument(QJsonObject{{"method", QString::fromLatin1(r.method)},
                                     {"target", QString::fromLatin1(r.target)},
                                     {"body", QString::fromLatin1(r.body)}})
        .toJson(QJsonDocument::Compact);
}

inline QString echoed(const WireResponse& r, const char* field)
{
    return QJsonDocument::fromJson(r.body).object().value(field).toString();
}

// An endpoint whose handler answers at once with the echo, or (held = true) keeps the tickets
// for the test to answer later, as the engine does in virtual time.
struct Server {
    explicit Server(bool held = false, HttpLimits limits = {})
        : endpoint(
              [this, held](HttpEndpoint::Ticket t, HttpRequest r) {
                  requests.push_back(r);
                  if (held)
                      tickets.push_back(t);
                  else
                      endpoint.respond(t, HttpResponse{200, echoBody(r), "application/json", {}});
              },
              limits)
    {
        const Result<quint16> listening = endpoint.listen();
        port = listening.ok() ? listening.value() : 0;
    }
    HttpEndpoint endpoint;
    quint16 port = 0;
    std::vector<HttpEndpoint::Ticket> tickets;
    std::vector<HttpRequest> requests;
};

inline HttpResponse text(const QByteArray& body) { return HttpResponse{200, body, "text/plain", {}}; }

}  // namespace loopback
