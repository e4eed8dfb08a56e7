#include "engine/nodes/WebSocketApi.h"

#include "engine/nodes/Behaviours.h"
#include "format/JsonText.h"

namespace ml {

namespace {

const char* const kSelectionPrefix = "$request.body.";

// A control message from a simulated client (Client.cpp opens its connections with
// {"$connect": true}); `key` is "$connect" or "$disconnect".
bool isControl(const Json* body, const char* key)
{
    if (!body || !body->is_object()) return false;
    auto it = body->find(key);
    return it != body->end() && it->is_boolean() && it->get<bool>();
}

std::string stringField(const Json* body, const char* key)
{
    if (!body || !body->is_object()) return {};
    auto it = body->find(key);
    return it != body->end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

WebSocketApi::WebSocketApi(Engine& engine, int index) : Behaviour(engine, index)
{
    m_idleTimeout = configDuration("idleTimeout");
    m_maxDuration = configDuration("maxConnectionDuration");
    m_maxMessageSize = qint64(configNumber("maxMessageSize"));
    // Only `$request.body.<path>` selects a key; any other expression routes every frame to $default.
    const std::string selection = configString("routeSelection");
    if (selection.rfind(kSelectionPrefix, 0) == 0) {
        std::string part;
        for (char ch : selection.substr(std::char_traits<char>::length(kSelectionPrefix))) {
            if (ch == '.') {
                m_selection.push_back(std::move(part));
                part.clear();
            } else {
                part += ch;
            }
        }
        m_selection.push_back(std::move(part));
    }
    for (int e : engine.outEdges(index)) {
        const EngineEdge& edge = engine.edge(e);
        if (edge.kind != EdgeKind::Route) continue;
        const std::string key = edgeString(edge, "route");
        int& slot = key == "$connect"      ? m_connectRoute
                    : key == "$disconnect" ? m_disconnectRoute
                    : key == "$default"    ? m_defaultRoute
                                           : m_routes.emplace(key, -1).first->second;
        if (slot < 0) slot = e;  // two edges with one key: the first wins
    }
}

void WebSocketApi::onDeliver(MessageIndex m, int edge)
{
    if (edge >= 0 && engine().edge(edge).kind == EdgeKind::Push) return push(m, edge);
    onClientMessage(m, edge);
}

void WebSocketApi::onClientMessage(MessageIndex m, int edge)
{
    ++stats().received;
    engine().place(m, index(), MessagePlace::Processing);
    const int source = edge >= 0 ? engine().edge(edge).from : -1;
    const Message& msg = engine().message(m);
    const Json* body = msg.body.get();
    if (isControl(body, "$connect")) return connect(m, source);

    int c = -1;
    if (auto it = m_bySource.find({source, msg.user}); it != m_bySource.end()) c = it->second;
    if (const std::string named = stringField(body, "connectionId"); c < 0 && source < 0 && !named.empty())
        c = findConnection(named);
    if (auto it = m_openByUser.find(msg.user); c < 0 && source < 0 && it != m_openByUser.end() && !it->second.empty())
        c = it->second.back();  // injected from outside: the user's newest connection

    if (isControl(body, "$disconnect")) {
        if (c < 0 || !m_connections[size_t(c)].open()) return drop(m, "not-connected");
        close(c, kCloseNormal, "client", m);
        engine().finish(m, Fate::Done);
        return;
    }
    if (c >= 0 && m_connections[size_t(c)].state == WebSocketConnection::State::Connecting) {
        m_connections[size_t(c)].waiting.push_back(m);  // routed once $connect accepts
        return;
    }
    if (c < 0 || !m_connections[size_t(c)].open()) return drop(m, "not-connected");
    onFrame(c, m);
}

void WebSocketApi::connect(MessageIndex control, int source)
{
    const int c = int(m_connections.size());
    WebSocketConnection conn;
    conn.id = "c" + std::to_string(c + 1);
    conn.user = engine().message(control).user;
    // A connection's record (and its user's name) stays for the report: held for the run.
    engine().retainUser(conn.user);
    conn.source = source;
    m_byId.emplace(conn.id, c);
    m_bySource[{source, conn.user}] = c;  // a newer connection of the same client and user takes its frames
    m_connections.push_back(std::move(conn));
    if (m_connectRoute < 0) {  // no $connect route: API Gateway accepts every connection
        open(c);
        engine().finish(control, Fate::Done);
        return;
    }
    const MessageIndex ev = engine().newMessage(
        index(), std::make_shared<const Json>(event(m_connections[size_t(c)], "CONNECT", "$connect", nullptr)),
        control);
    invoke(PendingCall::Kind::Connect, m_connectRoute, c, control, ev);
}

void WebSocketApi::open(int c)
{
    WebSocketConnection& conn = m_connections[size_t(c)];
    conn.state = WebSocketConnection::State::Open;
    conn.openedAt = engine().now();
    conn.lastActivity = engine().now();
    conn.idleTimer = after(m_idleTimeout, kIdle, c);
    conn.maxTimer = after(m_maxDuration, kMaxDuration, c);
    m_openByUser[conn.user].push_back(c);
    ++m_opened;
    note(EventType::Response, kNoMessage, 101, "open " + conn.id);
}

void WebSocketApi::refuse(int c, int status)
{
    WebSocketConnection& conn = m_connections[size_t(c)];
    conn.state = WebSocketConnection::State::Refused;
    conn.closedAt = engine().now();
    conn.closeCode = status;
    conn.closeReason = "refused";
    ++m_refused;
    if (auto it = m_bySource.find({conn.source, conn.user}); it != m_bySource.end() && it->second == c)
        m_bySource.erase(it);
    note(EventType::Response, kNoMessage, status, "refused " + conn.id);
    retire(c);
    if (LiveSink* sink = engine().liveSink(); sink && conn.source == kLiveSource)
        sink->webSocketClosed(index(), conn.id, status, "refused");
    std::vector<MessageIndex> waiting;
    waiting.swap(conn.waiting);
    for (MessageIndex m : waiting) drop(m, "connect-refused");
}

void WebSocketApi::close(int c, int code, const char* reason, MessageIndex cause)
{
    WebSocketConnection& conn = m_connections[size_t(c)];
    conn.state = WebSocketConnection::State::Closed;
    conn.closedAt = engine().now();
    conn.closeCode = code;
    conn.closeReason = reason;
    engine().kernel().cancel(conn.idleTimer);
    engine().kernel().cancel(conn.maxTimer);
    if (auto it = m_openByUser.find(conn.user); it != m_openByUser.end()) {
        std::erase(it->second, c);
        if (it->second.empty()) m_openByUser.erase(it);
    }
    if (auto it = m_bySource.find({conn.source, conn.user}); it != m_bySource.end() && it->second == c)
        m_bySource.erase(it);
    const std::string_view why(reason);
    ++(why == "idle"              ? m_closedIdle
       : why == "max-duration"    ? m_closedMaxDuration
       : why == "frame-too-large" ? m_closedTooLarge
       : why == "invalid-frame"   ? m_closedInvalid
                                  : m_closedByClient);
    note(EventType::Response, cause, code, "close " + conn.id + " " + reason);
    if (LiveSink* sink = engine().liveSink(); sink && conn.source == kLiveSource && why != "client")
        sink->webSocketClosed(index(), conn.id, code, reason);
    if (m_disconnectRoute < 0) return retire(c);
    Json ev = event(conn, "DISCONNECT", "$disconnect", nullptr);
    ev["requestContext"]["disconnectStatusCode"] = code;
    ev["requestContext"]["disconnectReason"] = reason;
    // A close by a timer has no message behind it: its $disconnect event enters the run.
    const MessageIndex m =
        engine().newMessage(index(), std::make_shared<const Json>(std::move(ev)), cause, m_connections[size_t(c)].user);
    retire(c);
    invoke(PendingCall::Kind::Disconnect, m_disconnectRoute, c, kNoMessage, m);
}

void WebSocketApi::retire(int c)
{
    m_ended.push_back(c);
    while (m_ended.size() > kKeptEndedConnections) {
        WebSocketConnection& old = m_connections[size_t(m_ended.front())];
        m_ended.pop_front();
        engine().releaseUser(old.user);
        old.user = 0;  // anonymous: the name may be given to another client now
        std::deque<WebSocketPush>().swap(old.pushes);
    }
}

void WebSocketApi::onFrame(int c, MessageIndex frame)
{
    const JsonPtr& body = engine().message(frame).body;
    if (body != m_lastSized) {
        m_lastSized = body;
        const std::size_t size = !body               ? 0
                                 : body->is_string() ? body->get_ref<const std::string&>().size()
                                                     : body->dump().size();
        m_lastSizedTooLarge = qint64(size) > m_maxMessageSize;
    }
    if (m_lastSizedTooLarge) {
        close(c, kCloseTooLarge, "frame-too-large", frame);
        return drop(frame, "frame-too-large");
    }
    WebSocketConnection& conn = m_connections[size_t(c)];
    conn.lastActivity = engine().now();
    ++conn.frames;
    // Real frames are text: a string body holding JSON is read as that JSON, by the one bounded
    // reader. Nesting past its limit is not a frame anyone can route: close 1007 (RFC 6455,
    // invalid frame payload data), like API Gateway closing on a payload it cannot read.
    Json parsed;
    const Json* frameJson = body.get();
    if (body && body->is_string()) {
        const std::string& text = body->get_ref<const std::string&>();
        if (const Status shape = jsontext::checkText(QByteArray::fromRawData(text.data(), qsizetype(text.size())));
            !shape) {
            close(c, kCloseInvalidPayload, "invalid-frame", frame);
            return drop(frame, "invalid-frame");
        }
        Result<Json> read = jsontext::parse(text);
        if (read) {
            parsed = std::move(read.value());
            frameJson = &parsed;
        }
    }
    std::string key = routeKey(frameJson ? *frameJson : Json());
    const int edge = routeEdge(key);
    if (edge < 0) {
        ++m_noRoute;
        return drop(frame, "no-route");
    }
    if (edge == m_defaultRoute) key = "$default";
    // The frame read here is moved into the event, not copied.
    Json ev0 = event(conn, "MESSAGE", key, frameJson == &parsed ? nullptr : frameJson);
    if (frameJson == &parsed) ev0["body"] = std::move(parsed);
    const MessageIndex ev = engine().newMessage(index(), std::make_shared<const Json>(std::move(ev0)), frame);
    invoke(PendingCall::Kind::Route, edge, c, frame, ev);
}

std::string WebSocketApi::routeKey(const Json& frame) const
{
    if (m_selection.empty()) return {};
    const Json* at = &frame;
    for (const std::string& part : m_selection) {
        if (!at->is_object()) return {};
        auto it = at->find(part);
        if (it == at->end()) return {};
        at = &*it;
    }
    return at->is_string() ? at->get<std::string>() : std::string();
}

int WebSocketApi::routeEdge(const std::string& key) const
{
    // A frame can never select $connect or $disconnect: those are the API's own events.
    if (auto it = m_routes.find(key); !key.empty() && it != m_routes.end()) return it->second;
    return m_defaultRoute;
}

Json WebSocketApi::event(const WebSocketConnection& c, const char* type, const std::string& key, const Json* body) const
{
    const Micros opened = c.openedAt >= 0 ? c.openedAt : engine().now();
    Json e = Json::object();
    e["requestContext"] = Json{{"routeKey", key},
                               {"eventType", type},
                               {"connectionId", c.id},
                               {"apiId", id()},
                               {"connectedAt", (engine().startTime() + opened) / kMicrosPerMilli},
                               {"requestTimeEpoch", engine().clock() / kMicrosPerMilli},
                               {"identity", {{"user", engine().userName(c.user)}}}};
    if (body) e["body"] = *body;
    e["isBase64Encoded"] = false;
    return e;
}

void WebSocketApi::invoke(PendingCall::Kind kind, int edge, int c, MessageIndex input, MessageIndex ev)
{
    const SlotHandle pending = m_pending.insert(PendingCall{kind, c, input, ev});
    engine().place(ev, index(), MessagePlace::Transit);
    engine().call(edge, {ev}, pending.payload());
}

void WebSocketApi::onAnswer(qint64 token, CallId, const CallResult& result)
{
    const SlotHandle pending = SlotHandle::fromPayload(token);
    const PendingCall* found = m_pending.find(pending);
    if (!found) return;
    const PendingCall p = *found;
    m_pending.erase(pending);
    // The call's message was answered; the request carries the outcome.
    engine().finish(p.event, Fate::Done);
    ++stats().responses[result.status];
    switch (p.kind) {
    case PendingCall::Kind::Connect: {
        if (m_connections[size_t(p.connection)].state == WebSocketConnection::State::Closed) {
            engine().finish(p.input, Fate::Done);  // the client left while $connect ran
            return;
        }
        if (!result.ok()) {  // a $connect answered non-2xx refuses the connection
            refuse(p.connection, result.status);
            return drop(p.input, "connect-refused");
        }
        open(p.connection);
        engine().finish(p.input, Fate::Done);
        std::vector<MessageIndex> waiting;
        waiting.swap(m_connections[size_t(p.connection)].waiting);
        for (MessageIndex m : waiting) {
            if (m_connections[size_t(p.connection)].open())
                onFrame(p.connection, m);
            else
                drop(m, "not-connected");  // an earlier waiting frame closed it (1009)
        }
        return;
    }
    case PendingCall::Kind::Route:
        if (result.ok()) {
            ++stats().succeeded;
            engine().finish(p.input, Fate::Done);
        } else {
            ++stats().failed;
            drop(p.input, "route-failed");
        }
        return;
    case PendingCall::Kind::Disconnect: return;  // API Gateway ignores the $disconnect answer
    }
}

void WebSocketApi::onTimer(const Event& event)
{
    const int c = int(event.payload);
    WebSocketConnection& conn = m_connections[size_t(c)];
    if (!conn.open()) return;
    if (event.kind == kIdle) {
        // Frames only move lastActivity; the timer re-arms itself instead of being moved each frame.
        const Micros deadline = conn.lastActivity + m_idleTimeout;
        if (engine().now() < deadline) {
            conn.idleTimer = after(deadline - engine().now(), kIdle, c);
            return;
        }
        close(c, kCloseGoingAway, "idle", kNoMessage);
    } else if (event.kind == kMaxDuration) {
        close(c, kCloseGoingAway, "max-duration", kNoMessage);
    }
}

std::string WebSocketApi::openLive(qint32 user)
{
    static const JsonPtr control = std::make_shared<const Json>(Json{{"$connect", true}});
    const MessageIndex m = engine().newMessage(index(), control, kNoMessage, user);
    ++stats().received;
    engine().place(m, index(), MessagePlace::Processing);
    connect(m, kLiveSource);
    return m_connections.back().id;
}

bool WebSocketApi::frameLive(const std::string& connectionId, std::string text)
{
    const int c = findConnection(connectionId);
    if (c < 0) return false;
    const MessageIndex m = engine().newMessage(index(), std::make_shared<const Json>(std::move(text)), kNoMessage,
                                               m_connections[size_t(c)].user);
    ++stats().received;
    engine().place(m, index(), MessagePlace::Processing);
    WebSocketConnection& conn = m_connections[size_t(c)];
    if (conn.state == WebSocketConnection::State::Connecting)
        conn.waiting.push_back(m);  // routed once $connect accepts
    else if (conn.open())
        onFrame(c, m);
    else
        drop(m, "not-connected");
    return true;
}

void WebSocketApi::closeLive(const std::string& connectionId, int code)
{
    const int c = findConnection(connectionId);
    if (c < 0) return;
    WebSocketConnection& conn = m_connections[size_t(c)];
    if (conn.state == WebSocketConnection::State::Connecting) {
        std::vector<MessageIndex> waiting;
        waiting.swap(conn.waiting);
        for (MessageIndex m : waiting) drop(m, "not-connected");
    } else if (!conn.open()) {
        return;
    }
    close(c, code, "client", kNoMessage);
}

void WebSocketApi::drop(MessageIndex m, const char* reason)
{
    ++stats().dropped;
    engine().finish(m, Fate::Dropped, reason);
}

int WebSocketApi::findConnection(const std::string& id) const
{
    auto it = m_byId.find(id);
    return it == m_byId.end() ? -1 : it->second;
}

const WebSocketConnection* WebSocketApi::connection(const std::string& id) const
{
    const int c = findConnection(id);
    return c < 0 ? nullptr : &m_connections[size_t(c)];
}

std::size_t WebSocketApi::openCount() const
{
    std::size_t n = 0;
    for (const auto& [user, list] : m_openByUser) n += list.size();
    return n;
}

void WebSocketApi::forEachHeld(const std::function<void(MessageIndex)>& visit) const
{
    m_pending.forEach([&](const PendingCall& p) {
        if (p.input != kNoMessage) visit(p.input);
        visit(p.event);
    });
    for (const WebSocketConnection& c : m_connections)
        for (MessageIndex m : c.waiting) visit(m);
}

// API Gateway list price: $1.00 per million WebSocket messages, in and out.
void WebSocketApi::addCost(BilledUsage& usage) const
{
    usage.wsMessages.usdPerMillion = 1.00;
    usage.wsMessages.units += double(stats().received + stats().pushed);
}

ML_BEHAVIOUR_FACTORY(makeWebSocketApi, "websocket-api") { return std::make_unique<WebSocketApi>(engine, node); }

}  // namespace ml
