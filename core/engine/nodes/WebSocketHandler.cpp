// websocket-handler: the function behind a websocket API's routes. $connect records the
// connection id and its user, $disconnect forgets it, and any other route passes the frame on
// along its "always" edges (a queue, a worker, a push back) with the connectionId added, so
// whatever runs later can push the answer to the right connection; the route answers 200.
//
// The connections live in this node's own map for now: the table behaviour (nodes/Table.*) is
// being written, and writes through a data-access edge will replace the map once it exists.
#include "engine/nodes/Behaviours.h"
#include "engine/nodes/Function.h"

#include <map>

namespace ml {

namespace {

class WebSocketHandler : public Function {
public:
    WebSocketHandler(Engine& engine, int index) : Function(engine, index) {}

    void writeReport(Json& out) const override
    {
        Function::writeReport(out);
        Json table = Json::array();
        for (const auto& [id, user] : m_connections)
            table.push_back(Json{{"connectionId", id}, {"user", engine().userName(user)}});
        out["connections"] = Json{{"open", m_connections.size()},
                                  {"connected", m_connected},
                                  {"disconnected", m_disconnected},
                                  {"table", std::move(table)}};
    }

protected:
    void work(Invocation& inv) override
    {
        const MessageIndex m = inv.messages.front();
        const Json* event = engine().message(m).body.get();
        const Json* context = event && event->is_object() && event->contains("requestContext")
                                  ? &(*event)["requestContext"] : nullptr;
        // Not from a websocket API (an async invoke, a queue): an ordinary function.
        if (inv.source != Invocation::Source::Sync || !context || !context->is_object())
            return Function::work(inv);
        const std::string type = context->value("eventType", std::string());
        const std::string connectionId = context->value("connectionId", std::string());
        const qint32 user = engine().message(m).user;
        if (type == "CONNECT") {
            m_connections[connectionId] = user;
            ++m_connected;
            logConnection(inv, "connected " + connectionId, user);
            return succeed(inv, nullptr, 200);
        }
        if (type == "DISCONNECT") {
            m_connections.erase(connectionId);
            ++m_disconnected;
            logConnection(inv, "disconnected " + connectionId, user);
            return succeed(inv, nullptr, 200);
        }
        // A frame: what flows on is the frame itself, naming the connection it came from.
        const Json frame = event->value("body", Json());
        Json out = frame.is_object() ? frame : Json{{"body", frame}};
        if (!out.contains("connectionId")) out["connectionId"] = connectionId;
        const JsonPtr body = std::make_shared<const Json>(std::move(out));
        for (int e : outputs()) {
            const EngineEdge& edge = engine().edge(e);
            if (edge.kind == EdgeKind::Invoke && edge.sync) {
                callFrom(inv, e, m);   // a sync target sees the whole route event
            } else {
                const MessageIndex sent = sendDerived(e, m, body);
                engine().message(sent).processedBy = index();
            }
        }
        if (inv.pendingCalls == 0) succeed(inv, nullptr, 200);
    }

private:
    void logConnection(const Invocation& inv, const std::string& text, qint32 user)
    {
        if (!engine().loggingEnabled()) {
            engine().log(index(), Urgency::Info, Sensitivity::Normal, inv.requestId, user, std::string());
            return;
        }
        engine().log(index(), Urgency::Info, Sensitivity::Normal, inv.requestId, user, text,
                     Json{{"user", engine().userName(user)}});
    }

    std::map<std::string, qint32> m_connections;   // connectionId → user (the connections table)
    quint64 m_connected = 0;
    quint64 m_disconnected = 0;
};

}  // namespace

ML_BEHAVIOUR_FACTORY(makeWebSocketHandler) { return std::make_unique<WebSocketHandler>(engine, node); }

}  // namespace ml
