// websocket-handler: the function behind a websocket API's routes. $connect records the
// connection id and its user in the connections table — the table it is wired to by a
// data-access edge (a real row {connectionId, user}), and always its own map for the report —
// $disconnect removes it, and any other route passes the frame on along its "always" edges (a
// queue, a worker, a push back) with the connectionId added, so whatever runs later can push
// the answer to the right connection; the route answers 200.
#include "engine/nodes/Behaviours.h"
#include "engine/nodes/Function.h"
#include "engine/nodes/ItemOperations.h"
#include "engine/nodes/Table.h"

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
        const Json* context =
            event && event->is_object() && event->contains("requestContext") ? &(*event)["requestContext"] : nullptr;
        // Not from a websocket API (an async invoke, a queue): an ordinary function.
        if (inv.source != Invocation::Source::Sync || !context || !context->is_object()) return Function::work(inv);
        const std::string type = context->value("eventType", std::string());
        const std::string connectionId = context->value("connectionId", std::string());
        const qint32 user = engine().message(m).user;
        if (type == "CONNECT") {
            if (Table* table = connectionsTable()) {
                Json row{{"connectionId", connectionId}, {"user", engine().userName(user)}};
                if (table->keyName() != "connectionId") row[table->keyName()] = connectionId;
                // A connection that cannot be recorded is refused, as a failing $connect handler would.
                if (!table->putItem(row, m).ok()) return fail(inv, "connections table write failed", 500);
            }
            m_connections[connectionId] = user;
            ++m_connected;
            logConnection(inv, "connected " + connectionId, user);
            return succeed(inv, nullptr, 200);
        }
        if (type == "DISCONNECT") {
            if (Table* table = connectionsTable()) (void)table->removeItem(connectionId, m);
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
                callFrom(inv, e, m);  // a sync target sees the whole route event
            } else {
                const MessageIndex sent = sendDerived(e, m, body);
                engine().message(sent).processedBy = index();
            }
        }
        if (inv.pendingCalls == 0) succeed(inv, nullptr, 200);
    }

private:
    // The first table wired by data-access; looked up on first use, once every behaviour exists.
    Table* connectionsTable()
    {
        if (!m_storesLooked) {
            m_storesLooked = true;
            for (const ItemStore& store : dataAccessStores(engine(), index()))
                if (store.table && !m_table) m_table = store.table;
        }
        return m_table;
    }

    void logConnection(const Invocation& inv, const std::string& text, qint32 user)
    {
        if (!engine().loggingEnabled()) {
            engine().log(index(), Urgency::Info, Sensitivity::Normal, inv.requestId, user, std::string());
            return;
        }
        engine().log(index(), Urgency::Info, Sensitivity::Normal, inv.requestId, user, text,
                     Json{{"user", engine().userName(user)}}, inv.messages.empty() ? kNoMessage : inv.messages.front());
    }

    std::map<std::string, qint32> m_connections;  // connectionId → user (the connections table)
    Table* m_table = nullptr;
    bool m_storesLooked = false;
    quint64 m_connected = 0;
    quint64 m_disconnected = 0;
};

}  // namespace

ML_BEHAVIOUR_FACTORY(makeWebSocketHandler, "websocket-handler")
{
    return std::make_unique<WebSocketHandler>(engine, node);
}

}  // namespace ml
