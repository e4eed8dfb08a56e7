// router: takes the API gateway's proxy event, reads its `action` and invokes the edge whose
// `actions` list holds it — sync invokes wait and return the target's answer; async invokes,
// queues and topics get the request body (read from the event's raw text) and the caller gets
// 202 with the message id; no matching action is 400 {"message":"Unknown action"}. Logs every
// request with user, action and outcome.
#include "engine/SharedMemo.h"
#include "engine/nodes/Behaviours.h"
#include "engine/nodes/Function.h"
#include "format/JsonText.h"

namespace ml {

namespace {

class Router : public Function {
public:
    Router(Engine& engine, int index) : Function(engine, index)
    {
        for (int e : engine.outEdges(index)) {
            const EngineEdge& edge = engine.edge(e);
            for (const Json& a : edge.config.value("actions", Json::array()))
                if (a.is_string()) m_routes.emplace_back(a.get<std::string>(), e);
        }
    }

protected:
    void work(Invocation& inv) override
    {
        const MessageIndex m = inv.messages.front();
        const Message& msg = engine().message(m);
        const Route r = m_byEvent.get(msg.body, 0, [&] { return route(msg.body); });
        if (r.edge < 0) {
            logRequest(inv, r.action, "unknown action", Urgency::Warning);
            succeed(inv, unknownAction(), 400);
            return;
        }
        const EngineEdge& e = engine().edge(r.edge);
        if (e.kind == EdgeKind::Invoke && e.sync) {
            callFrom(inv, r.edge, m);
            return;
        }
        // Queues, topics and async invokes get the request's body; the caller gets 202.
        const MessageIndex sent = sendDerived(r.edge, m, r.body ? r.body : msg.body);
        logRequest(inv, r.action, "accepted", Urgency::Info);
        succeed(inv, std::make_shared<const Json>(Json{{"messageId", messageName(engine().message(sent).id)}}), 202);
    }

    void onCallAnswered(Invocation& inv, int, const CallResult& result) override
    {
        // The router passes the target's answer through: a 404 from CRUD stays a 404.
        const MessageIndex m = inv.messages.front();
        const Json& event = *engine().message(m).body;
        const std::string action = event.value("action", std::string());
        if (!result.error.empty()) {
            logRequest(inv, action, result.error, Urgency::Warning);
            fail(inv, result.error, result.status);
            return;
        }
        logRequest(inv, action, std::to_string(result.status), Urgency::Info);
        succeed(inv, result.body, result.status);
    }

private:
    // Where an event goes, worked out once per event body (the gateway shares them).
    struct Route {
        std::string action;
        int edge = -1;
        JsonPtr body;  // the request body that queues, topics and async invokes get
    };
    Route route(const JsonPtr& event) const
    {
        Route r;
        if (!event || !event->is_object()) return r;
        r.action = event->value("action", std::string());
        for (const auto& [name, e] : m_routes)
            if (name == r.action) {
                r.edge = e;
                break;
            }
        // The proxy event's body is the raw text: what goes on is what it says, read once per
        // event by the one bounded reader (text that is not JSON goes on as the text itself).
        if (const auto b = event->find("body"); b != event->end()) {
            if (b->is_string()) {
                Result<Json> parsed = jsontext::parse(b->get_ref<const std::string&>());
                r.body = std::make_shared<const Json>(parsed ? std::move(parsed.value()) : *b);
            } else {
                r.body = std::make_shared<const Json>(*b);
            }
        }
        return r;
    }

    static JsonPtr unknownAction()
    {
        static const JsonPtr body = std::make_shared<const Json>(Json{{"message", "Unknown action"}});
        return body;
    }

    void logRequest(const Invocation& inv, const std::string& action, const std::string& outcome, Urgency urgency)
    {
        if (!engine().loggingEnabled()) {
            engine().log(index(), urgency, Sensitivity::Normal, inv.requestId, 0, std::string());
            return;
        }
        const Message& msg = engine().message(inv.messages.front());
        engine().log(index(), urgency, Sensitivity::Normal, inv.requestId, msg.user,
                     "request " + action + ": " + outcome,
                     Json{{"user", engine().userName(msg.user)}, {"action", action}, {"outcome", outcome}},
                     inv.messages.front());
    }

    std::vector<std::pair<std::string, int>> m_routes;
    SharedMemo<Route> m_byEvent;
};

}  // namespace

ML_BEHAVIOUR_FACTORY(makeRouter, "router") { return std::make_unique<Router>(engine, node); }

}  // namespace ml
