// websocket-api (API Gateway WebSocket API) in virtual time: connections opened through the
// $connect route and closed through $disconnect, frames routed by `routeSelection`, idle and
// maximum-duration closes, 1009 for oversized frames, and @connections pushes from functions
// (410 GoneException for a connection that is not open — counted, never silently lost).
#pragma once

#include "engine/Behaviour.h"
#include "engine/SlotTable.h"

#include <deque>
#include <map>
#include <unordered_map>

namespace ml {

// A push delivered to a connection, kept for the GUI's WebSocket tab and the report.
struct WebSocketPush {
    Micros at = 0;
    quint64 message = 0;      // id of the delivered push message
    JsonPtr body;             // as sent, before "processedBy"
    qint32 processedBy = -1;  // node stamped into the body (WebSocketApi::pushBody applies it)
    quint64 requestOf = 0;    // a proxy event's request id (stamped likewise)
};

struct WebSocketConnection {
    enum class State : quint8 { Connecting, Open, Closed, Refused };
    std::string id;   // "c1", "c2", … in the order connections were asked for
    qint32 user = 0;  // Engine::userName
    int source = -1;  // the client node that opened it; -1: injected from outside
    State state = State::Connecting;
    Micros openedAt = -1;      // when $connect accepted it
    Micros lastActivity = -1;  // the last frame from the client (pushes do not keep it alive)
    Micros closedAt = -1;
    int closeCode = 0;        // 1000 client, 1001 idle / maximum duration, 1009 frame too large;
                              // a refused connection keeps the $connect answer's status
    std::string closeReason;  // "client", "idle", "max-duration", "frame-too-large", "refused"
    quint64 frames = 0;
    quint64 pushed = 0;
    std::deque<WebSocketPush> pushes;   // the last kKeptPushes
    std::vector<MessageIndex> waiting;  // frames that came while $connect was pending (ours)
    EventHandle idleTimer;
    EventHandle maxTimer;
    bool open() const { return state == State::Open; }
};

class WebSocketApi : public Behaviour {
public:
    WebSocketApi(Engine& engine, int index);

    void onDeliver(MessageIndex m, int edge) override;
    void onAnswer(qint64 token, CallId call, const CallResult& result) override;
    void onTimer(const Event& event) override;
    void forEachHeld(const std::function<void(MessageIndex)>& visit) const override;
    void addCost(BilledUsage& usage) const override;
    void writeReport(Json& out) const override;

    // Every connection of the run, in the order they were asked for (closed ones stay).
    const std::vector<WebSocketConnection>& connections() const { return m_connections; }
    const WebSocketConnection* connection(const std::string& id) const;
    std::size_t openCount() const;
    quint64 goneCount() const { return m_gone; }                // pushes answered 410
    quint64 tooLargeCount() const { return m_closedTooLarge; }  // connections closed with 1009
    quint64 invalidCount() const { return m_closedInvalid; }    // connections closed with 1007
    Json pushBody(const WebSocketPush& push) const;

    // Live mode (core/live): a real socket. Each call is an input of the run, entering now
    // (EngineRun journals them); pushes and closes of these connections go to the LiveSink.
    std::string openLive(qint32 user);
    // A text frame; false when there is no such connection.
    bool frameLive(const std::string& connectionId, std::string text);
    // The browser closed (1000) or went away (1001).
    void closeLive(const std::string& connectionId, int code);

    static constexpr std::size_t kKeptPushes = 200;  // per connection, for the GUI
    static constexpr std::size_t kKeptEndedConnections = 256;
    static constexpr std::size_t kReportedConnections = 100;
    static constexpr std::size_t kReportedPushes = 20;  // per connection, the most recent
    static constexpr int kCloseNormal = 1000;
    static constexpr int kCloseGoingAway = 1001;
    static constexpr int kCloseTooLarge = 1009;
    static constexpr int kCloseInvalidPayload = 1007;  // a text frame nested past jsontext's limit
    static constexpr int kLiveSource = -2;             // WebSocketConnection::source of a real socket

private:
    enum Timer : qint32 { kIdle = 0, kMaxDuration = 1 };
    // A $connect, route or $disconnect invocation waiting for its handler.
    struct PendingCall {
        enum class Kind : quint8 { Connect, Route, Disconnect } kind = Kind::Route;
        int connection = -1;
        MessageIndex input = kNoMessage;  // the control message or frame (ours)
        MessageIndex event = kNoMessage;  // the event sent on the call (ours until answered)
    };

    void onClientMessage(MessageIndex m, int edge);
    void connect(MessageIndex control, int source);
    void open(int connection);
    void refuse(int connection, int status);
    void close(int connection, int code, const char* reason, MessageIndex cause);
    void onFrame(int connection, MessageIndex frame);
    void push(MessageIndex m, int edge);
    void deliverPush(WebSocketConnection& c, MessageIndex m);
    void gone(MessageIndex m, const std::string& connectionId);
    void drop(MessageIndex m, const char* reason);
    std::string routeKey(const Json& frame) const;
    int routeEdge(const std::string& key) const;
    Json event(const WebSocketConnection& c, const char* type, const std::string& routeKey, const Json* body) const;
    void invoke(PendingCall::Kind kind, int edge, int connection, MessageIndex input, MessageIndex event);
    int findConnection(const std::string& id) const;

    std::vector<std::string> m_selection;  // the body path of routeSelection; empty: always $default
    std::map<std::string, int> m_routes;   // custom route key → route edge
    int m_defaultRoute = -1;
    int m_connectRoute = -1;
    int m_disconnectRoute = -1;
    Micros m_idleTimeout;
    Micros m_maxDuration;
    qint64 m_maxMessageSize;

    std::vector<WebSocketConnection> m_connections;
    std::unordered_map<std::string, int> m_byId;       // lookups only, never iterated
    std::map<std::pair<int, qint32>, int> m_bySource;  // (client node, user) → its connection
    // Ended connections (closed or refused), oldest first. Past kKeptEndedConnections the oldest
    // lets go of what its client sent (the user name) and its pushes: a long serve with a stream
    // of distinct ?user= names keeps no name forever, while the GUI and the report still show
    // the recent ones whole.
    std::deque<int> m_ended;
    void retire(int c);
    std::map<qint32, std::vector<int>> m_openByUser;  // user → open connections, oldest first
    SlotTable<PendingCall> m_pending;                 // the call's token is the handle
    JsonPtr m_lastSized;  // bodies are shared along a trace: size each once (held, so never reused)
    bool m_lastSizedTooLarge = false;
    quint64 m_gone = 0;
    quint64 m_opened = 0;
    quint64 m_refused = 0;
    quint64 m_closedIdle = 0;
    quint64 m_closedMaxDuration = 0;
    quint64 m_closedTooLarge = 0;
    quint64 m_closedInvalid = 0;  // 1007: a frame nested too deep to read
    quint64 m_closedByClient = 0;
    quint64 m_noRoute = 0;
};

}  // namespace ml
