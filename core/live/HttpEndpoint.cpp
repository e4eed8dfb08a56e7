// HTTP/1.1 server on QTcpServer: persistent connections, pipelining with answers in request
// order, backpressure, 100-continue, and refusals (400/413/431/501/505) that close the connection.
#include "live/HttpEndpoint.h"

#include "live/FileLimit.h"
#include "live/HttpConnection.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <deque>

#if defined(Q_OS_UNIX)
#include <sys/socket.h>
#endif

namespace ml {

namespace {

// What Qt may buffer from one socket before it stops reading it; with the 64-request cap this is
// what keeps a flood (or a 20 GB upload) in the kernel's buffers instead of ours.
constexpr qint64 kReadBufferSize = 256 * 1024;
// Answers written but not yet taken by the client past which reading pauses: a client that
// pipelines without ever reading cannot make the endpoint buffer without bound.
constexpr qint64 kMaxUnsent = 4 * 1024 * 1024;
// How long a connection that is closing keeps draining what the client still sends, so the
// client reads our last answer instead of a reset (RFC 9112 §9.6).
constexpr int kLingerMs = 2000;

qint64 steadyMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

HttpEndpoint::HttpEndpoint(Handler handler, HttpLimits limits, QObject* parent)
    : QObject(parent), m_handler(std::move(handler)), m_limits(limits), m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &HttpEndpoint::acceptConnections);
    m_sweep = new QTimer(this);
    m_sweep->setInterval(std::clamp(std::min(m_limits.requestTimeoutMs, m_limits.idleTimeoutMs) / 4, 20, 5'000));
    connect(m_sweep, &QTimer::timeout, this, &HttpEndpoint::sweep);
    connect(m_server, &QTcpServer::acceptError, this, &HttpEndpoint::onAcceptError);
}

HttpEndpoint::~HttpEndpoint()
{
    m_server->close();
    // Our slots must not run while the sockets go: abort() emits disconnected().
    for (auto& [id, c] : m_connections) {
        c->gone = true;
        filelimit::giveConnection();
        releaseSpare(*c);
        QObject::disconnect(c->socket, nullptr, this, nullptr);
        c->socket->abort();
        delete c->socket;
        c->socket = nullptr;
    }
}

Result<quint16> HttpEndpoint::listen(const QHostAddress& address, quint16 port)
{
    const QString where = address.protocol() == QAbstractSocket::IPv6Protocol
                              ? QStringLiteral("[%1]:%2").arg(address.toString()).arg(port)
                              : QStringLiteral("%1:%2").arg(address.toString()).arg(port);
    if (m_server->isListening()) {
        Error error;
        error.message =
            QStringLiteral("cannot listen on %1: already listening on port %2").arg(where).arg(this->port());
        return error;
    }
    // Qt's default backlog of 50 drops the SYNs of a burst of clients (a workshop's browsers, a
    // load test), and each dropped one costs its client a full second before it retries.
    m_server->setListenBacklogSize(1024);
    if (!m_server->listen(address, port)) {
        Error error;
        error.message = QStringLiteral("cannot listen on %1: %2").arg(where, m_server->errorString());
        return error;
    }
    return m_server->serverPort();
}

quint16 HttpEndpoint::port() const { return m_server->isListening() ? m_server->serverPort() : 0; }

bool HttpEndpoint::isListening() const { return m_server->isListening(); }

void HttpEndpoint::close()
{
    m_server->close();
    std::vector<std::shared_ptr<Connection>> all;
    all.reserve(m_connections.size());
    for (auto& [id, c] : m_connections) all.push_back(c);
    // Answers already given (a stopping run's 503s) reach the kernel before the socket goes.
    for (const std::shared_ptr<Connection>& c : all) {
        c->socket->flush();
        drop(c);
    }
}

void HttpEndpoint::acceptConnections()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        // Below the file limit (FileLimit.h), so there is always a descriptor left to say 503 with.
        if (m_liveConnections >= connectionCap() || !filelimit::takeConnection()) {
            // Answered at once and closed: a client should back off, not wait in silence.
            HttpResponse busy;
            busy.status = 503;
            busy.body = R"({"message":"Service Unavailable: too many connections"})";
            socket->write(serialize(busy, 503, false, 1, true));
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            socket->disconnectFromHost();
            emit requestRefused(503, QStringLiteral("too many connections"));
            continue;
        }
        socket->setParent(this);
        // Small answers must not wait for Nagle's algorithm to meet the client's delayed ACK.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        socket->setReadBufferSize(kReadBufferSize);
        auto c = std::make_shared<Connection>();
        c->id = ++m_nextConnectionId;
        c->socket = socket;
        c->parser = HttpRequestParser(m_limits);
        c->lastActivity = steadyMs();
        m_connections.emplace(c->id, c);
        ++m_liveConnections;
        if (!m_sweep->isActive()) m_sweep->start();

        std::weak_ptr<Connection> weak = c;
        connect(socket, &QTcpSocket::readyRead, this, [this, weak] {
            std::shared_ptr<Connection> c = weak.lock();
            if (!c || c->gone) return;
            c->lastActivity = steadyMs();
            if (c->lingering)
                c->socket->readAll();  // drained and dropped: the answer is already written
            else
                readFrom(c);
        });
        connect(socket, &QTcpSocket::bytesWritten, this, [this, weak] {
            std::shared_ptr<Connection> c = weak.lock();
            if (!c || c->gone) return;
            c->lastActivity = steadyMs();
            if (c->finishing && !c->lingering && c->socket->bytesToWrite() == 0)
                finish(*c);
            else if (c->paused && c->socket->bytesToWrite() <= kMaxUnsent / 2)
                flush(c);
        });
        // The client's FIN closes Qt's socket; answers still owed go out on the spare descriptor.
        connect(socket, &QTcpSocket::disconnected, this, [this, weak] {
            if (std::shared_ptr<Connection> c = weak.lock()) socketClosed(c);
        });
        connect(socket, &QAbstractSocket::errorOccurred, this, [this, weak] {
            std::shared_ptr<Connection> c = weak.lock();
            if (c && c->socket->state() == QAbstractSocket::UnconnectedState) socketClosed(c);
        });
        if (socket->bytesAvailable() > 0) readFrom(c);
    }
}

void HttpEndpoint::sweep()
{
    const qint64 now = steadyMs();
    std::vector<std::shared_ptr<Connection>> all;
    all.reserve(m_connections.size());
    for (auto& [id, c] : m_connections) all.push_back(c);
    for (const std::shared_ptr<Connection>& c : all) {
        // Waiting for the engine's answers is not the client's fault; a closing one is on its way.
        if (c->gone || !c->pending.empty() || c->stopped || c->lingering) continue;
        const qint64 quiet = now - c->lastActivity;
        if (c->parser.inRequest() || !c->input.isEmpty()) {
            // From the request's first byte, not its last: a client trickling a byte at a time
            // must not hold the connection for ever (slowloris).
            const qint64 started = c->requestStart >= 0 ? c->requestStart : c->lastActivity;
            if (now - started > m_limits.requestTimeoutMs)
                refuse(c, 408,
                       QStringLiteral("the request was not completed within %1 s")
                           .arg(m_limits.requestTimeoutMs / 1000.0));
        } else if (quiet > m_limits.idleTimeoutMs) {
            drop(c);
        }
    }
    if (m_connections.empty()) m_sweep->stop();
}

void HttpEndpoint::readFrom(std::shared_ptr<Connection> c)
{
    if (c->gone || c->reading) return;
    c->reading = true;
    while (!c->gone && !c->stopped) {
        if (c->pending.size() >= kMaxOutstanding || c->socket->bytesToWrite() > kMaxUnsent) {
            c->paused = true;  // backpressure, not an error: answers going out resume reading
            break;
        }
        if (c->input.isEmpty()) {
            if (c->socket->bytesAvailable() <= 0) break;
            c->input = c->socket->readAll();
        }
        if (c->requestStart < 0) c->requestStart = steadyMs();
        const HttpRequestParser::State state = c->parser.feed(c->input);
        if (state == HttpRequestParser::State::NeedMore) {
            if (!c->parser.inRequest()) c->requestStart = -1;  // only blank lines so far
            // The client waits for a go-ahead before the body; it goes out only after the answers
            // owed before it, or it would be read as the start of one of them.
            if (c->pending.empty() && !c->continueSent && c->parser.expectsContinue()) {
                c->socket->write("HTTP/1.1 100 Continue\r\n\r\n");
                c->continueSent = true;
            }
            continue;
        }
        if (state == HttpRequestParser::State::Error) {
            refuse(c, c->parser.errorStatus(), c->parser.errorMessage());
            break;
        }
        HttpRequest request = c->parser.take();
        c->requestStart = -1;
        c->continueSent = false;
        // HTTP/1.1 requires exactly one Host (RFC 9112 §3.2); a proxy-less client always sends it.
        if (request.versionMinor >= 1) {
            int hosts = 0;
            for (const HttpHeader& h : request.headers)
                if (QByteArrayView(h.name).compare("Host", Qt::CaseInsensitive) == 0) ++hosts;
            if (hosts != 1) {
                refuse(c, 400,
                       hosts == 0 ? QStringLiteral("no Host header") : QStringLiteral("more than one Host header"));
                break;
            }
        }
        if (answeredHere(c, request, !request.keepAlive())) continue;
        Connection::Slot slot;
        slot.ticket = ++m_nextTicket;
        slot.close = !request.keepAlive();
        slot.head = request.method == "HEAD";
        slot.versionMinor = request.versionMinor;
        slot.origin = request.header("Origin");
        if (slot.close) c->stopped = true;
        c->pending.push_back(std::move(slot));
        m_owners.emplace(m_nextTicket, c);
        keepSpare(*c);  // before the handler: it may answer at once
        ++m_requestCount;
        m_handler(m_nextTicket, std::move(request));
    }
    c->reading = false;
}

void HttpEndpoint::refuse(std::shared_ptr<Connection> c, int status, const QString& message)
{
    HttpResponse response;
    response.status = status;
    response.body = QJsonDocument(QJsonObject{{QStringLiteral("message"), message}}).toJson(QJsonDocument::Compact);
    Connection::Slot slot;
    slot.ready = true;
    slot.close = true;
    slot.bytes = serialize(response, status, false, 1, true);
    c->pending.push_back(std::move(slot));
    c->stopped = true;
    flush(c);
    emit requestRefused(status, message);
}

bool HttpEndpoint::respond(Ticket ticket, const HttpResponse& response)
{
    auto owner = m_owners.find(ticket);
    if (owner == m_owners.end()) return false;
    std::shared_ptr<Connection> c = std::move(owner->second);
    m_owners.erase(owner);
    for (Connection::Slot& slot : c->pending) {
        if (slot.ticket != ticket) continue;
        if (slot.ready) return false;
        if (!slot.origin.isEmpty()) {
            HttpResponse withCors = response;
            for (HttpHeader& h : m_cors.answerHeaders(slot.origin)) withCors.headers.push_back(std::move(h));
            slot.bytes = serialize(withCors, response.status, slot.head, slot.versionMinor, slot.close);
        } else {
            slot.bytes = serialize(response, response.status, slot.head, slot.versionMinor, slot.close);
        }
        slot.ready = true;
        flush(c);
        return true;
    }
    return false;
}

void HttpEndpoint::flush(std::shared_ptr<Connection> c)
{
    if (c->gone) return;
    if (c->halfClosed) return flushRaw(c);
    if (c->finishing) return;
    while (!c->pending.empty() && c->pending.front().ready) {
        Connection::Slot slot = std::move(c->pending.front());
        c->pending.pop_front();
        c->socket->write(slot.bytes);
        if (slot.close) {
            finish(*c);
            return;
        }
    }
    if (c->pending.empty() && !c->stopped && !c->continueSent && c->parser.expectsContinue()) {
        c->socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        c->continueSent = true;
    }
    if (c->pending.empty()) releaseSpare(*c);
    if (c->paused && c->pending.size() < kMaxOutstanding && c->socket->bytesToWrite() <= kMaxUnsent) {
        c->paused = false;
        readFrom(c);
    }
}

// The last answer is queued. Once the socket has handed it to the kernel, close only our sending
// side and drain what the client still sends: closing outright with unread bytes (the rest of a
// refused upload) makes the kernel send a reset, and the client may lose the answer.
void HttpEndpoint::finish(Connection& c)
{
    c.finishing = true;
    c.stopped = true;
    if (c.socket->bytesToWrite() > 0) return;  // bytesWritten() calls back
#if defined(Q_OS_UNIX)
    ::shutdown(static_cast<int>(c.socket->socketDescriptor()), SHUT_WR);
    c.lingering = true;
    c.input.clear();
    c.socket->readAll();
    QTimer::singleShot(kLingerMs, c.socket, [this, id = c.id] {
        auto found = m_connections.find(id);
        if (found == m_connections.end()) return;
        std::shared_ptr<Connection> c = found->second;
        c->socket->abort();
        drop(c);
    });
#else
    c.socket->disconnectFromHost();
#endif
}

void HttpEndpoint::drop(std::shared_ptr<Connection> c)
{
    if (c->gone) return;
    c->gone = true;
    --m_liveConnections;
    filelimit::giveConnection();
    if (m_acceptPaused) QTimer::singleShot(0, this, &HttpEndpoint::resumeAccepting);
    // Their tickets are dead now: respond() finds no owner and returns false.
    for (const Connection::Slot& slot : c->pending)
        if (slot.ticket != 0) m_owners.erase(slot.ticket);
    c->pending.clear();
    c->input.clear();
    c->rawWrite.reset();
    releaseSpare(*c);
    QObject::disconnect(c->socket, nullptr, this, nullptr);
    c->socket->abort();
    c->socket->deleteLater();  // we may be inside one of its signals
    m_connections.erase(c->id);
}

}  // namespace ml
