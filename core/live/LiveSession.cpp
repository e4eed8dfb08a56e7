#include "live/LiveSession.h"

#include "live/FileLimit.h"
#include "live/WebClient.h"
#include "model/Catalog.h"

namespace ml {

namespace {

// Bytes from the network as JSON text: invalid UTF-8 becomes U+FFFD instead of a JSON string
// nlohmann cannot write.
std::string text(const QByteArray& bytes) { return QString::fromUtf8(bytes).toStdString(); }

QByteArray statusBody(const char* message) { return QByteArray::fromStdString(Json{{"message", message}}.dump()); }

}  // namespace

LiveSession::LiveSession(EngineRun& run, const LiveOptions& options)
    // Small slices: sockets are served between them even when the engine is behind.
    : m_run(run), m_options(options), m_scheduler(options.scale, {}, 10'000)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&m_timer, &QTimer::timeout, this, &LiveSession::pump);
}

LiveSession::~LiveSession() { stop(); }

Result<std::unique_ptr<LiveSession>> LiveSession::open(EngineRun& run, const LiveOptions& options)
{
    // Every connection costs a descriptor: take what the system allows before opening endpoints,
    // whose caps then stay below it (FileLimit.h).
    filelimit::raiseToHard();
    std::unique_ptr<LiveSession> session(new LiveSession(run, options));
    if (const Status s = session->openEndpoints(); !s) return s.error();
    run.setLiveSink(session.get());
    return session;
}

Status LiveSession::openEndpoints()
{
    Engine& engine = m_run.engine();
    const QString host = m_options.address.toString();
    quint16 httpPort = m_options.httpPort;
    quint16 wsPort = m_options.wsPort;
    for (int node = 0; node < engine.nodeCount(); ++node) {
        const Node& n = engine.node(node);
        const Endpoint kind = Catalog::instance().kind(n.kind)->endpoint;
        if (kind == Endpoint::Http) {
            auto endpoint = std::make_unique<HttpEndpoint>(
                [this, node](HttpEndpoint::Ticket t, HttpRequest r) { onHttpRequest(node, m_http[node].get(), t, r); },
                m_options.httpLimits);
            endpoint->setCors(CorsPolicy::fromConfig(n.config));
            const Result<quint16> port = endpoint->listen(m_options.address, httpPort);
            if (!port) return Error::of(QStringLiteral("%1 (%2): %3").arg(n.id.value, n.kind, port.error().message));
            m_endpoints.push_back({n.id.value, n.kind, QStringLiteral("http://%1:%2").arg(host).arg(port.value())});
            m_http[node] = std::move(endpoint);
            if (httpPort != 0) ++httpPort;
        } else if (kind == Endpoint::WebSocket) {
            WebSocketEndpoint::Handlers h;
            h.opened = [this, node](const std::string& user) {
                pump();
                const Result<std::string> id = m_run.openWebSocket(node, user);
                pumpSoon();
                return id ? id.value() : std::string();
            };
            h.text = [this, node](const std::string& connection, const QString& frame) {
                pump();
                m_run.webSocketFrame(node, connection, frame.toStdString());
                pumpSoon();
            };
            h.closed = [this, node](const std::string& connection, int code) {
                pump();
                m_run.closeWebSocket(node, connection, code);
                pumpSoon();
            };
            auto endpoint = std::make_unique<WebSocketEndpoint>(n.id.value, std::move(h));
            endpoint->setCors(CorsPolicy::fromConfig(n.config));
            const Result<quint16> port = endpoint->listen(m_options.address, wsPort);
            if (!port) return Error::of(QStringLiteral("%1 (%2): %3").arg(n.id.value, n.kind, port.error().message));
            m_endpoints.push_back({n.id.value, n.kind, QStringLiteral("ws://%1:%2").arg(host).arg(port.value())});
            m_webSockets[node] = std::move(endpoint);
            if (wsPort != 0) ++wsPort;
        }
    }
    return okStatus();
}

void LiveSession::start()
{
    if (m_running) return;
    m_running = true;
    m_scheduler.restart();
    pump();
}

void LiveSession::stop()
{
    if (!m_running && m_http.empty() && m_webSockets.empty()) return;
    m_running = false;
    m_timer.stop();
    // Requests the engine has not answered get 503: the service is going away.
    for (auto& [key, w] : m_waiting)
        w.endpoint->respond(
            w.ticket, HttpResponse{503, statusBody("Service Unavailable (the run stopped)"), "application/json", {}});
    m_waiting.clear();
    for (auto& [node, endpoint] : m_http) endpoint->close();
    for (auto& [node, endpoint] : m_webSockets) endpoint->close();
    m_http.clear();
    m_webSockets.clear();
    m_run.setLiveSink(nullptr);
}

void LiveSession::pump()
{
    if (!m_running || m_pumping) return;
    m_pumping = true;  // a handler answering a socket must not re-enter the kernel
    const Advance a = m_scheduler.advance(m_run.engine().kernel(), m_options.until);
    m_pumping = false;
    if (a.finished && m_run.engine().now() >= m_options.until) {
        m_timer.stop();
        emit finished();
        return;
    }
    // Wake for the next event, but at least every 100 ms so the clock shown keeps moving.
    const Micros wait = a.behind ? 0 : std::min<Micros>(a.wallWait, 100'000);
    m_timer.start(int(wait / 1000));
}

void LiveSession::pumpSoon()
{
    if (m_running && !m_pumping) m_timer.start(0);
}

void LiveSession::onHttpRequest(int node, HttpEndpoint* endpoint, HttpEndpoint::Ticket ticket,
                                const HttpRequest& request)
{
    ++m_httpRequests;
    // The browser client is the endpoint's own page, not a request to the diagram.
    const Engine& engine = m_run.engine();
    if (auto page = webclient::answer(request, engine.diagram(), engine.node(node).id, m_endpoints)) {
        endpoint->respond(ticket, *page);
        return;
    }
    if (!m_running) {
        endpoint->respond(
            ticket,
            HttpResponse{503, statusBody("Service Unavailable (the run is not running)"), "application/json", {}});
        return;
    }
    Json headers = Json::object();
    for (const HttpHeader& h : request.headers) {
        const std::string name = text(h.name);
        const std::string value = text(h.value);
        auto it = headers.find(name);
        if (it == headers.end())
            headers[name] = value;
        else
            *it = it->get<std::string>() + "," + value;  // repeated headers join as HTTP says
    }
    Json r{{"method", text(request.method)}, {"path", text(request.target)}, {"headers", std::move(headers)}};
    if (!request.body.isEmpty()) r["body"] = text(request.body);
    pump();  // the clock now reads the request's arrival
    const Result<quint64> id = m_run.inject(m_run.engine().node(node).id.value, r);
    if (!id) {
        endpoint->respond(ticket, HttpResponse{500, statusBody("Internal server error"), "application/json", {}});
        return;
    }
    m_waiting[{node, id.value()}] = Waiting{endpoint, ticket};
    pumpSoon();
}

void LiveSession::httpResponse(int node, quint64 request, int status, const JsonPtr& body)
{
    auto it = m_waiting.find({node, request});
    if (it == m_waiting.end()) return;  // a simulated client's request, or one replayed by a step back
    ++m_httpResponses;
    it->second.endpoint->respond(
        it->second.ticket,
        HttpResponse{status, body ? QByteArray::fromStdString(body->dump()) : QByteArray(), "application/json", {}});
    m_waiting.erase(it);
}

void LiveSession::webSocketPush(int node, const std::string& connection, const Json& body)
{
    auto it = m_webSockets.find(node);
    if (it == m_webSockets.end()) return;
    // A string body is sent as it is; anything else as its JSON text.
    it->second->push(connection, QString::fromStdString(body.is_string() ? body.get<std::string>() : body.dump()));
}

void LiveSession::webSocketClosed(int node, const std::string& connection, int code, const std::string& reason)
{
    auto it = m_webSockets.find(node);
    if (it != m_webSockets.end()) it->second->closeConnection(connection, code, QString::fromStdString(reason));
}

}  // namespace ml
