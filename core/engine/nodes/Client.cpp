// client: simulated users or producers. Sends at `rate` with a constant, Poisson, burst or
// ramp arrival pattern from `start`, `count` times in all (a constant-rate client with count N
// sends exactly N), to every api-gateway, websocket-api, queue, topic or bucket it is wired to.
// Requests and messages are picked by weight; users round-robin.
#include "engine/Behaviour.h"
#include "engine/nodes/Behaviours.h"
#include "model/Catalog.h"
#include "model/ConfigCheck.h"

namespace ml {

namespace {

constexpr Micros kRampUp = kMicrosPerMinute;  // a ramp reaches its full rate after a minute

class Client : public Behaviour {
public:
    Client(Engine& engine, int index) : Behaviour(engine, index)
    {
        const Result<double> rate = parseRate(QString::fromStdString(configString("rate")));
        m_rate = rate.ok() ? rate.value() : 1.0;
        m_arrival = configString("arrival");
        m_start = configDuration("start");
        if (config().contains("count") && config()["count"].is_number()) m_count = config()["count"].get<qint64>();
        for (const Json& u : config().value("users", Json::array()))
            if (u.is_string()) {
                // The diagram's own users: held for the whole run.
                m_users.push_back(engine.internUser(u.get<std::string>()));
                engine.retainUser(m_users.back());
            }
        if (m_users.empty()) m_users.push_back(0);
        for (int e : engine.outEdges(index))
            if (engine.edge(e).kind == EdgeKind::Traffic) m_targets.push_back(e);
        loadTemplates(config().value("requests", Json::array()), m_requests);
        loadTemplates(config().value("messages", Json::array()), m_messages);
    }

    void start() override
    {
        // websocket hook (WebSocketApi.cpp): with `websocket: true` each user opens one connection
        // to every websocket-api target when the client starts; the API reads {"$connect": true}.
        if (configBool("websocket"))
            for (int e : m_targets)
                if (targetEndpoint(e) == Endpoint::WebSocket)
                    for (qint32 user : m_users)
                        engine().send(
                            e,
                            engine().newMessage(index(), std::make_shared<const Json>(Json{{"$connect", true}}),
                                                kNoMessage, user),
                            m_start);
        if (m_targets.empty() || m_rate <= 0 || m_count == 0) return;
        after(m_start, 0);
    }

    void onTimer(const Event&) override
    {
        const int burst = m_arrival == "burst" ? std::max(1, int(m_rate)) : 1;
        for (int i = 0; i < burst && (m_count < 0 || m_sent < m_count); ++i) sendOne();
        if (m_count >= 0 && m_sent >= m_count) return;
        after(nextGap(), 0);
    }

    void writeReport(Json& out) const override
    {
        Behaviour::writeReport(out);
        out["sent"] = m_sent;
    }

private:
    // The port kind of the node a traffic edge leads to: requests go to an HTTP API, frames to a
    // WebSocket API, messages to the rest.
    Endpoint targetEndpoint(int edge) const
    {
        return Catalog::instance().kind(engine().node(engine().edge(edge).to).kind)->endpoint;
    }

    struct Template {
        Json value;
        double weight;
        std::vector<JsonPtr> perUser;  // built on first use: the body each user sends
    };

    static void loadTemplates(const Json& list, std::vector<Template>& out)
    {
        if (!list.is_array()) return;
        for (const Json& t : list) {
            if (!t.is_object()) continue;
            const double w = t.value("weight", 1.0);
            out.push_back(Template{t, w > 0 ? w : 1.0, {}});
        }
    }

    Micros nextGap()
    {
        const double mean = double(kMicrosPerSecond) / m_rate;
        if (m_arrival == "poisson") return std::max<Micros>(1, Micros(random().exponential(mean)));
        // A burst of ⌊rate⌋ every second; below 1/s, one send every 1/rate (not one a second).
        if (m_arrival == "burst") return std::max<Micros>(kMicrosPerSecond, Micros(mean));
        if (m_arrival == "ramp") {
            // Linear ramp from a tenth of the rate to the full rate over kRampUp.
            const Micros t = engine().now() - m_start;
            const double f = std::clamp(double(t) / double(kRampUp), 0.1, 1.0);
            return std::max<Micros>(1, Micros(mean / f));
        }
        return std::max<Micros>(1, Micros(mean));
    }

    Template* pick(std::vector<Template>& list)
    {
        if (list.empty()) return nullptr;
        if (list.size() == 1) return &list.front();
        double total = 0;
        for (const Template& t : list) total += t.weight;
        double x = random().uniform01() * total;
        for (Template& t : list) {
            if ((x -= t.weight) < 0) return &t;
        }
        return &list.back();
    }

    JsonPtr bodyFor(Template* t, std::size_t userSlot, bool request)
    {
        if (!t) {
            static const JsonPtr empty = std::make_shared<const Json>(Json::object());
            static const JsonPtr get = std::make_shared<const Json>(Json{{"method", "GET"}, {"path", "/"}});
            return request ? get : empty;
        }
        if (t->perUser.size() < m_users.size()) t->perUser.resize(m_users.size());
        JsonPtr& cached = t->perUser[userSlot];
        if (cached) return cached;
        if (request) {
            Json r = Json::object();
            r["method"] = t->value.value("method", std::string("GET"));
            r["path"] = t->value.value("path", std::string("/"));
            Json headers = t->value.value("headers", Json::object());
            const qint32 user = m_users[userSlot];
            if (user != 0 && !headers.contains("Authorization"))
                headers["Authorization"] = "Bearer " + engine().userName(user);
            r["headers"] = headers;
            if (t->value.contains("body")) r["body"] = t->value["body"];
            cached = std::make_shared<const Json>(std::move(r));
        } else {
            Json b = t->value.value("body", Json::object());
            if (t->value.contains("key")) b = Json{{"key", t->value["key"]}, {"body", b}};
            cached = std::make_shared<const Json>(std::move(b));
        }
        return cached;
    }

    void sendOne()
    {
        const std::size_t userSlot = std::size_t(m_sent % qint64(m_users.size()));
        ++m_sent;
        for (int e : m_targets) {
            const Endpoint target = targetEndpoint(e);
            // websocket hook: frames to a websocket-api are `messages` bodies (the frame JSON), not
            // requests; a client without `messages` only listens on its connections.
            if (target == Endpoint::WebSocket && m_messages.empty()) continue;
            const bool request = target == Endpoint::Http;
            Template* t = pick(request ? m_requests : m_messages);
            const MessageIndex m =
                engine().newMessage(index(), bodyFor(t, userSlot, request), kNoMessage, m_users[userSlot]);
            if (t && !request) {
                Message& msg = engine().message(m);
                if (t->value.contains("attributes"))
                    msg.attributes = std::make_shared<const Json>(t->value["attributes"]);
                if (t->value.contains("groupId") && t->value["groupId"].is_string())
                    msg.groupId = t->value["groupId"].get<std::string>();
                // A FIFO queue deduplicates by it for 5 minutes (SendMessage's MessageDeduplicationId).
                if (t->value.contains("deduplicationId") && t->value["deduplicationId"].is_string())
                    msg.deduplicationId = t->value["deduplicationId"].get<std::string>();
            }
            ++stats().published;
            engine().send(e, m);
        }
    }

    double m_rate = 1;
    std::string m_arrival;
    Micros m_start = 0;
    qint64 m_count = -1;
    qint64 m_sent = 0;
    std::vector<qint32> m_users;
    std::vector<int> m_targets;
    std::vector<Template> m_requests;
    std::vector<Template> m_messages;
};

}  // namespace

ML_BEHAVIOUR_FACTORY(makeClient, "client") { return std::make_unique<Client>(engine, node); }

}  // namespace ml
