// The real HTTP/1.1 ingress in front of the engine's api-gateway nodes: a small strict server on
// QTcpServer that hands each request to a handler with a ticket and writes the answer whenever
// respond() comes, possibly much later (virtual time), in request order per connection.
#pragma once

#include "format/Result.h"
#include "live/Cors.h"
#include "live/HttpRequestParser.h"

#include <QHostAddress>
#include <QObject>

#include <functional>
#include <memory>
#include <unordered_map>

class QTcpServer;
class QTimer;
class QTcpSocket;

namespace ml {

struct HttpResponse {
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";  // empty: no Content-Type header
    // Extra headers. Framing is the endpoint's: Content-Length, Transfer-Encoding and Connection
    // given here are dropped; a Content-Type given here replaces contentType.
    std::vector<HttpHeader> headers;
};

// The reason phrase for a status code ("Not Found"); "Unknown" for codes without one.
QByteArray httpReasonPhrase(int status);

// Why not QHttpServer: Qt 6.4's reads the whole body before a handler sees it (a 20 GB upload
// cannot be refused with 413 first), and its responders die with their socket, while the engine
// answers in virtual time, maybe after the client has gone.
//
// Do not delete the endpoint from inside its handler (use deleteLater()); deleting it anywhere
// else, connections open or not, is safe.
class HttpEndpoint : public QObject {
    Q_OBJECT
public:
    using Ticket = quint64;
    using Handler = std::function<void(Ticket, HttpRequest)>;

    // Requests a connection may have handed to the handler and not yet answered; past it the
    // endpoint stops reading that socket (backpressure) until answers go out.
    static constexpr std::size_t kMaxOutstanding = 64;

    explicit HttpEndpoint(Handler handler, HttpLimits limits = {}, QObject* parent = nullptr);
    ~HttpEndpoint() override;

    // 127.0.0.1 unless told otherwise; port 0 = any free port. The error names address and port.
    Result<quint16> listen(const QHostAddress& address = QHostAddress(QHostAddress::LocalHost), quint16 port = 0);
    quint16 port() const;
    bool isListening() const;
    // Stops listening and drops every connection; their outstanding tickets become dead.
    void close();
    // Who may call from a browser. A request carrying an Origin the policy refuses gets 403
    // without reaching the handler; a preflight (OPTIONS with Origin and
    // Access-Control-Request-Method) is answered 204 here; answers to allowed origins carry
    // Access-Control-Allow-Origin. The default policy allows loopback origins only.
    void setCors(CorsPolicy cors) { m_cors = std::move(cors); }

    // Answers the request; false (nothing happens) when its connection has gone or it was answered.
    // May be called from inside the handler.
    bool respond(Ticket ticket, const HttpResponse& response);

    std::size_t connectionCount() const { return m_liveConnections; }
    // The cap in force: HttpLimits::maxConnections, lowered to fit the process's file limit.
    std::size_t connectionCap() const;
    bool acceptingPaused() const { return m_acceptPaused; }
    quint64 requestCount() const { return m_requestCount; }  // requests handed to the handler
    // Tickets handed out and neither answered nor dead.
    std::size_t outstandingCount() const { return m_owners.size(); }

signals:
    // A request the endpoint answered itself (400/403/408/413/431/501/503/505; a 403 for a refused
    // Origin keeps the connection, the others close it).
    void requestRefused(int status, QString message);

private:
    struct Connection;

    void acceptConnections();
    // Every few seconds: 408 for requests begun and not finished, close idle connections.
    void sweep();
    // By value on purpose: drop() erases the map's copy while callers still use the connection.
    void readFrom(std::shared_ptr<Connection> connection);
    void refuse(std::shared_ptr<Connection> connection, int status, const QString& message);
    // Answers a complete request without the handler (CORS): false when it was handed on.
    bool answeredHere(const std::shared_ptr<Connection>& connection, const HttpRequest& request, bool close);
    void onAcceptError();
    void resumeAccepting();
    // Half-close: a spare descriptor while answers are owed; the socket closing with answers owed.
    void keepSpare(Connection& connection);
    void releaseSpare(Connection& connection);
    void socketClosed(std::shared_ptr<Connection> connection);
    void flushRaw(std::shared_ptr<Connection> connection);
    void flush(std::shared_ptr<Connection> connection);
    void finish(Connection& connection);
    void drop(std::shared_ptr<Connection> connection);
    QByteArray serialize(const HttpResponse& response, int status, bool headRequest, int versionMinor, bool closing);
    const QByteArray& dateHeader();

    Handler m_handler;
    HttpLimits m_limits;
    CorsPolicy m_cors = CorsPolicy::fromConfig(Json());
    bool m_acceptPaused = false;     // accept() failed (EMFILE): resumed when a connection goes
    QTcpServer* m_server = nullptr;  // child of this
    QTimer* m_sweep = nullptr;       // child of this
    std::unordered_map<quint64, std::shared_ptr<Connection>> m_connections;
    std::unordered_map<Ticket, std::shared_ptr<Connection>> m_owners;  // outstanding tickets only
    quint64 m_nextConnectionId = 0;
    Ticket m_nextTicket = 0;
    std::size_t m_liveConnections = 0;
    quint64 m_requestCount = 0;
    qint64 m_dateSecond = -1;
    QByteArray m_date;  // "Date: ...\r\n", rebuilt once a second rather than per response
};

}  // namespace ml
