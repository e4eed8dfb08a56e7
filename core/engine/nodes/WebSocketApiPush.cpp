// The websocket-api's @connections side: pushes from functions to one named connection or to
// every open connection of the trace's user, 410 GoneException when nothing open is there,
// and the report (connections, pushes, 410s, 1009 closes).
#include "engine/nodes/WebSocketApi.h"
#include "format/Duration.h"

namespace ml {

namespace {

// The connection a push names: the body's "connectionId", or the one inside an async
// destination record (a function's on-success edge sends the invocation record).
std::string namedConnection(const Json* body)
{
    if (!body || !body->is_object()) return {};
    for (const char* outer : {"", "responsePayload", "requestPayload"}) {
        const Json* at = body;
        if (*outer) {
            auto it = body->find(outer);
            if (it == body->end() || !it->is_object()) continue;
            at = &*it;
        }
        auto id = at->find("connectionId");
        if (id != at->end() && id->is_string() && !id->get_ref<const std::string&>().empty())
            return id->get<std::string>();
    }
    return {};
}

const char* stateName(WebSocketConnection::State s)
{
    switch (s) {
    case WebSocketConnection::State::Connecting: return "connecting";
    case WebSocketConnection::State::Open: return "open";
    case WebSocketConnection::State::Closed: return "closed";
    case WebSocketConnection::State::Refused: return "refused";
    }
    return "closed";
}

}  // namespace

void WebSocketApi::push(MessageIndex m, int edge)
{
    engine().place(m, index(), MessagePlace::Processing);
    std::string target = engine().edge(edge).config.value("connectionId", Json()).is_string()
                             ? engine().edge(edge).config["connectionId"].get<std::string>()
                             : std::string();
    if (target.empty()) target = namedConnection(engine().message(m).body.get());
    if (!target.empty()) {
        const int c = findConnection(target);
        if (c < 0 || !m_connections[size_t(c)].open()) return gone(m, target);
        deliverPush(m_connections[size_t(c)], m);
        engine().finish(m, Fate::Done);
        return;
    }
    // No connection named: every open connection of the user who made the original request.
    auto it = m_openByUser.find(engine().message(m).user);
    if (it == m_openByUser.end() || it->second.empty()) return gone(m, {});
    for (int c : it->second) deliverPush(m_connections[size_t(c)], m);
    engine().finish(m, Fate::Done);
}

void WebSocketApi::deliverPush(WebSocketConnection& c, MessageIndex m)
{
    const JsonPtr body = engine().message(m).body;
    const qint32 stamped = engine().message(m).processedBy;
    const quint64 requestOf = engine().message(m).requestOf;
    const MessageIndex child = engine().newMessage(index(), body, m);
    Message& out = engine().message(child);
    out.processedBy = stamped;
    out.requestOf = requestOf;
    out.attributes = engine().message(m).attributes;
    ++stats().pushed;
    ++c.pushed;
    c.pushes.push_back(WebSocketPush{engine().now(), out.id, body, stamped, requestOf});
    if (c.pushes.size() > kKeptPushes) c.pushes.pop_front();
    note(EventType::Push, child, 200, c.id);
    if (LiveSink* sink = engine().liveSink(); sink && c.source == kLiveSource)
        sink->webSocketPush(index(), c.id, pushBody(c.pushes.back()));
    engine().finish(child, Fate::Done);  // the client got it: delivered
}

void WebSocketApi::gone(MessageIndex m, const std::string& connectionId)
{
    // PostToConnection on a connection that is not open: 410 GoneException, counted.
    ++m_gone;
    note(EventType::Push, m, 410, connectionId);
    drop(m, "gone");
}

Json WebSocketApi::pushBody(const WebSocketPush& push) const
{
    return engine().body(push.body, push.processedBy, push.requestOf);
}

void WebSocketApi::writeReport(Json& out) const
{
    Behaviour::writeReport(out);
    out["received"] = stats().received;
    out["pushed"] = stats().pushed;
    out["gone"] = m_gone;
    out["noRoute"] = m_noRoute;
    auto time = [](Micros t) { return t < 0 ? Json() : Json(toStd(duration::format(t))); };
    Json list = Json::array();
    for (const WebSocketConnection& c : m_connections) {
        if (list.size() >= kReportedConnections) break;
        Json pushes = Json::array();
        const std::size_t from = c.pushes.size() > kReportedPushes ? c.pushes.size() - kReportedPushes : 0;
        for (std::size_t i = from; i < c.pushes.size(); ++i)
            pushes.push_back(Json{{"at", time(c.pushes[i].at)},
                                  {"id", messageName(c.pushes[i].message)},
                                  {"body", pushBody(c.pushes[i])}});
        Json j{{"id", c.id},
               {"user", engine().userName(c.user)},
               {"state", stateName(c.state)},
               {"openedAt", time(c.openedAt)},
               {"lastActivity", time(c.lastActivity)},
               {"frames", c.frames},
               {"pushed", c.pushed},
               {"pushes", std::move(pushes)}};
        if (c.closedAt >= 0) {
            j["closedAt"] = time(c.closedAt);
            j["closeCode"] = c.closeCode;
            j["closeReason"] = c.closeReason;
        }
        list.push_back(std::move(j));
    }
    out["connections"] = Json{{"open", openCount()},
                              {"opened", m_opened},
                              {"refused", m_refused},
                              {"closedByClient", m_closedByClient},
                              {"closedIdle", m_closedIdle},
                              {"closedMaxDuration", m_closedMaxDuration},
                              {"closedTooLarge", m_closedTooLarge},
                              {"list", std::move(list)}};
    // Only when it happened: reports of runs without hostile frames stay as they were.
    if (m_closedInvalid > 0) out["connections"]["closedInvalid"] = m_closedInvalid;
}

}  // namespace ml
