// HttpEndpoint's guards against what clients do: browser origins (CORS, preflight), running out
// of descriptors (accept paused, then resumed), and a client that half-closes after its request
// (its answers still go out, on a spare descriptor, RFC 9112 §9.6).
#include "live/FileLimit.h"
#include "live/HttpConnection.h"

#include <QTcpServer>
#include <QTimer>

#include <algorithm>
#include <cerrno>

#if defined(Q_OS_UNIX)
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace ml {

namespace {

// A page served by this endpoint calling back to it: Origin is http://<Host> and Host is a loopback
// literal. A rebound DNS name (Host: evil.example) is not loopback here, so it still meets CORS.
bool isSameLoopbackOrigin(const QByteArray& origin, const QByteArray& host)
{
    if (host.isEmpty() || origin != "http://" + host) return false;
    for (const char* loopback : {"127.0.0.1:", "localhost:", "[::1]:"})
        if (host.startsWith(loopback)) return true;
    return false;
}

}  // namespace

std::size_t HttpEndpoint::connectionCap() const
{
    return std::min(m_limits.maxConnections, filelimit::connectionBudget(m_limits.maxConnections));
}

// accept() failed: out of descriptors (EMFILE/ENFILE) or memory. Qt has paused accepting (the
// pending connection would wake it again at once: a 100% CPU spin); resume when a connection
// goes, or after a short wait in case the descriptors went elsewhere.
void HttpEndpoint::onAcceptError()
{
    m_server->pauseAccepting();
    if (m_acceptPaused) return;
    m_acceptPaused = true;
    QTimer::singleShot(250, this, &HttpEndpoint::resumeAccepting);
}

void HttpEndpoint::resumeAccepting()
{
    if (!m_acceptPaused) return;
    m_acceptPaused = false;
    if (m_server->isListening()) m_server->resumeAccepting();
}

bool HttpEndpoint::answeredHere(const std::shared_ptr<Connection>& c, const HttpRequest& request, bool close)
{
    const QByteArray origin = request.header("Origin");
    if (origin.isEmpty()) return false;  // not a browser's cross-origin call: nothing to check
    if (isSameLoopbackOrigin(origin, request.header("Host"))) return false;  // e.g. the browser client page
    HttpResponse answer;
    if (!m_cors.allowsOrigin(origin)) {
        // Any web page in the user's browser could otherwise drive the running diagram.
        answer.status = 403;
        answer.body = R"({"message":"Forbidden: origin not allowed"})";
        emit requestRefused(403, QStringLiteral("origin %1 is not allowed").arg(QString::fromUtf8(origin.left(200))));
    } else if (request.method == "OPTIONS" && !request.header("Access-Control-Request-Method").isEmpty()) {
        // A preflight is the endpoint's to answer (AWS HTTP API does the same): no route runs.
        answer.status = 204;
        answer.contentType.clear();
        answer.headers = m_cors.preflightHeaders(origin, request.header("Access-Control-Request-Headers"));
    } else if (!m_cors.allowsMethod(request.method)) {
        answer.status = 403;
        answer.body = R"({"message":"Forbidden: method not allowed for this origin"})";
        emit requestRefused(403, QStringLiteral("method %1 is not allowed").arg(QString::fromUtf8(request.method)));
    } else {
        return false;
    }
    Connection::Slot slot;
    slot.ready = true;
    slot.close = close;
    slot.bytes = serialize(answer, answer.status, request.method == "HEAD", request.versionMinor, close);
    if (close) c->stopped = true;
    c->pending.push_back(std::move(slot));
    flush(c);
    return true;
}

void HttpEndpoint::keepSpare(Connection& c)
{
#if defined(Q_OS_UNIX)
    // One duplicate per connection while it is owed answers, counted in the descriptor budget;
    // with none left the connection simply has no half-close grace.
    if (c.spare >= 0 || c.halfClosed || !filelimit::takeConnection()) return;
    c.spare = ::dup(static_cast<int>(c.socket->socketDescriptor()));
    if (c.spare < 0) filelimit::giveConnection();
#else
    Q_UNUSED(c);
#endif
}

void HttpEndpoint::releaseSpare(Connection& c)
{
#if defined(Q_OS_UNIX)
    if (c.spare < 0) return;
    c.rawWrite.reset();
    ::close(c.spare);
    c.spare = -1;
    filelimit::giveConnection();
#else
    Q_UNUSED(c);
#endif
}

void HttpEndpoint::socketClosed(std::shared_ptr<Connection> c)
{
    if (c->gone || c->halfClosed) return;
    bool owed = false;
    for (const Connection::Slot& slot : c->pending) owed |= slot.ticket != 0 || slot.ready;
    if (!owed || c->spare < 0) return drop(c);
    // The client sent its requests and its FIN, and waits for the answers: it gets them.
    c->halfClosed = true;
    c->stopped = true;
    c->input.clear();
    QObject::disconnect(c->socket, nullptr, this, nullptr);
    flushRaw(c);
}

void HttpEndpoint::flushRaw(std::shared_ptr<Connection> c)
{
#if defined(Q_OS_UNIX)
    bool last = false;
    while (!c->pending.empty() && c->pending.front().ready) {
        c->rawOut += c->pending.front().bytes;
        last = c->pending.front().close;
        c->pending.pop_front();
        if (last) break;
    }
    while (!c->rawOut.isEmpty()) {
        const ssize_t n =
            ::send(c->spare, c->rawOut.constData(), size_t(c->rawOut.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!c->rawWrite) {
                c->rawWrite = std::make_unique<QSocketNotifier>(c->spare, QSocketNotifier::Write);
                std::weak_ptr<Connection> weak = c;
                connect(c->rawWrite.get(), &QSocketNotifier::activated, this, [this, weak] {
                    if (std::shared_ptr<Connection> c = weak.lock(); c && !c->gone) flushRaw(c);
                });
            }
            c->rawWrite->setEnabled(true);
            return;
        }
        if (n < 0) return drop(c);  // the client is really gone now (reset)
        c->rawOut.remove(0, n);
    }
    if (c->rawWrite) c->rawWrite->setEnabled(false);
    // Everything owed is written: our FIN follows the client's.
    if (last || c->pending.empty()) {
        ::shutdown(c->spare, SHUT_WR);
        drop(c);
    }
#else
    drop(c);
#endif
}

}  // namespace ml
