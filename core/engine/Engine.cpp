#include "engine/Engine.h"

#include "engine/Behaviour.h"
#include "engine/nodes/Behaviours.h"
#include "format/Duration.h"
#include "model/Catalog.h"

#include <QDateTime>

namespace ml {

namespace {

constexpr const char* kDefaultStart = "2026-01-01T00:00:00Z";

}  // namespace

EdgeKind edgeKindFromId(const QString& id)
{
    static const std::pair<const char*, EdgeKind> table[] = {
        {"invoke", EdgeKind::Invoke},
        {"enqueue", EdgeKind::Enqueue},
        {"event-source", EdgeKind::EventSource},
        {"dead-letter", EdgeKind::DeadLetter},
        {"subscription", EdgeKind::Subscription},
        {"notification", EdgeKind::Notification},
        {"stream", EdgeKind::Stream},
        {"log-subscription", EdgeKind::LogSubscription},
        {"route", EdgeKind::Route},
        {"push", EdgeKind::Push},
        {"data-access", EdgeKind::DataAccess},
        {"traffic", EdgeKind::Traffic},
        {"logging", EdgeKind::Logging},
    };
    for (const auto& [name, kind] : table)
        if (id == QLatin1String(name)) return kind;
    return EdgeKind::Unknown;
}

const char* urgencyName(Urgency u)
{
    switch (u) {
    case Urgency::Debug: return "debug";
    case Urgency::Info: return "info";
    case Urgency::Warning: return "warning";
    case Urgency::Critical: return "critical";
    }
    return "info";
}

Engine::Engine(const Diagram& diagram, EngineOptions options) : m_diagram(diagram), m_options(options)
{
    m_seed = options.seed.value_or(diagram.seed);
    const QString start = diagram.startTime.isEmpty() ? QString::fromLatin1(kDefaultStart) : diagram.startTime;
    QDateTime t = QDateTime::fromString(start, Qt::ISODateWithMs);
    if (!t.isValid()) t = QDateTime::fromString(QString::fromLatin1(kDefaultStart), Qt::ISODate);
    m_startTime = t.toMSecsSinceEpoch() * kMicrosPerMilli;
    m_users.insert(UserName{"anonymous", 0});  // number 0, never forgotten
    m_userIndex.emplace("anonymous", 0);
}

Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::create(const Diagram& diagram, EngineOptions options)
{
    std::unique_ptr<Engine> engine(new Engine(diagram, options));
    const Status s = engine->build();
    if (!s.ok()) return s.error();
    return engine;
}

Status Engine::build()
{
    const Catalog& catalog = Catalog::instance();
    const auto& nodes = m_diagram.nodes();
    m_out.assign(nodes.size(), {});
    m_in.assign(nodes.size(), {});
    m_faults.assign(nodes.size(), Fault{});
    m_logGroup.assign(nodes.size(), -1);
    for (int i = 0; i < int(nodes.size()); ++i) {
        m_nodeIndex.insert(nodes[size_t(i)].id.value, i);
        m_nodeIds.push_back(toStd(nodes[size_t(i)].id.value));
        if (!catalog.kind(nodes[size_t(i)].kind))
            return Error::at(QStringLiteral("/nodes/%1/kind").arg(i),
                             QStringLiteral("unknown kind \"%1\"").arg(nodes[size_t(i)].kind));
    }
    const auto& edges = m_diagram.edges();
    for (int i = 0; i < int(edges.size()); ++i) {
        const Edge& e = edges[size_t(i)];
        EngineEdge ee;
        ee.index = i;
        ee.id = e.id;
        ee.from = nodeIndex(e.from.value);
        ee.to = nodeIndex(e.to.value);
        if (ee.from < 0 || ee.to < 0)
            return Error::at(QStringLiteral("/edges/%1").arg(i),
                             QStringLiteral("edge %1 connects to a node that does not exist").arg(e.id.value));
        const QString& fromKind = nodes[size_t(ee.from)].kind;
        const QString& toKind = nodes[size_t(ee.to)].kind;
        const ConnectionCheck check = catalog.canConnect(fromKind, toKind, e.kind);
        if (!check.allowed) return Error::at(QStringLiteral("/edges/%1").arg(i), check.reason);
        ee.kind = edgeKindFromId(check.edgeKind);
        ee.config = catalog.effectiveEdgeConfig(fromKind, toKind, check.edgeKind, e.config);
        ee.defaults = catalog.effectiveEdgeConfig(fromKind, toKind, check.edgeKind, Json::object());
        // A log monitor's `when` is a filter pattern (a term pattern may well be "failure"), not an outcome.
        const std::string when = catalog.kind(fromKind)->edgeChoice == EdgeChoice::LogFilter
                                     ? std::string("always")
                                     : ee.config.value("when", std::string("always"));
        ee.when = when == "success" ? EdgeWhen::Success : when == "failure" ? EdgeWhen::Failure : EdgeWhen::Always;
        ee.sync = ee.config.value("invocation", std::string("async")) == "sync";
        m_out[size_t(ee.from)].push_back(i);
        m_in[size_t(ee.to)].push_back(i);
        if (ee.kind == EdgeKind::Logging && m_logGroup[size_t(ee.from)] < 0) m_logGroup[size_t(ee.from)] = ee.to;
        m_edges.push_back(std::move(ee));
    }
    // Functions not wired to a log group write to the diagram's first one (its default).
    int defaultLogs = -1;
    for (int i = 0; i < int(nodes.size()) && defaultLogs < 0; ++i)
        if (catalog.kind(nodes[size_t(i)].kind)->isLogGroup) defaultLogs = i;
    m_isFunction.assign(nodes.size(), false);
    for (int i = 0; i < int(nodes.size()); ++i) {
        const KindInfo* k = catalog.kind(nodes[size_t(i)].kind);
        m_isFunction[size_t(i)] = k->isFunction;
        // A function fed by a log subscription never writes to a group by default: its own
        // lines would feed it again, forever (the recursion AWS warns about).
        bool subscribed = false;
        for (int e : m_in[size_t(i)]) subscribed |= m_edges[size_t(e)].kind == EdgeKind::LogSubscription;
        if (k->isFunction && m_logGroup[size_t(i)] < 0 && !subscribed) m_logGroup[size_t(i)] = defaultLogs;
    }
    for (int i = 0; i < int(nodes.size()); ++i) {
        std::unique_ptr<Behaviour> b = makeBehaviour(*this, i);
        if (!b)
            return Error::at(QStringLiteral("/nodes/%1/kind").arg(i),
                             QStringLiteral("no behaviour for kind \"%1\"").arg(nodes[size_t(i)].kind));
        m_behaviours.push_back(std::move(b));
    }
    return okStatus();
}

MessageIndex Engine::newMessage(int node, JsonPtr body, MessageIndex parent, qint32 user)
{
    const MessageIndex index = m_messages.create();
    if (m_childCount.size() <= index) m_childCount.resize(size_t(index) + 1024, 0);
    m_childCount[index] = 0;
    Message& m = m_messages[index];
    m.id = m_nextMessageId++;
    m.body = std::move(body);
    m.location = node;
    m.sentAt = now();
    if (parent == kNoMessage) {
        m.traceId = m.id;
        m.user = user;
        retainUser(user);
        ++m_entered;
        if (observed()) notify(EngineEvent::entered(node, m));
    } else {
        const Message& p = m_messages[parent];
        m.traceId = p.traceId;
        m.parentId = p.id;
        m.user = p.user;
        retainUser(m.user);
        m.lineageFunctions = p.lineageFunctions;
        m.lineageRuns = p.lineageRuns;
        if (m_isFunction[size_t(node)]) m.countRun(node);
        ++m_childCount[parent];
        ++m_derived;
    }
    return index;
}

void Engine::finish(MessageIndex index, Fate fate, const char* reason)
{
    if (!m_messages.isLive(index)) return;
    Message& m = m_messages[index];
    EventType type = EventType::Dropped;
    switch (fate) {
    case Fate::Done:
        if (m_childCount[index] > 0) {
            ++m_forwarded;
            type = EventType::Forwarded;
        } else {
            ++m_delivered;
            type = EventType::Delivered;
        }
        break;
    case Fate::Expired:
        ++m_expired;
        type = EventType::Expired;
        break;
    case Fate::Dropped: ++m_dropped[reason ? reason : "unknown"]; break;
    }
    if (observed()) notify(EngineEvent::ended(type, m, reason ? std::string(reason) : std::string()));
    const qint32 user = m.user;
    m_messages.release(index);
    releaseUser(user);
}

void Engine::place(MessageIndex index, int node, MessagePlace where)
{
    Message& m = m_messages[index];
    m.location = node;
    m.place = where;
}

Json Engine::body(const Message& m) const { return body(m.body, m.processedBy, m.requestOf); }

Json Engine::body(const JsonPtr& shared, qint32 processedBy, quint64 requestOf) const
{
    Json out = shared ? *shared : Json::object();
    if (!out.is_object()) return out;
    if (requestOf != 0) out["requestContext"]["requestId"] = messageName(requestOf);
    if (processedBy >= 0) out["processedBy"] = m_nodeIds[size_t(processedBy)];
    return out;
}

void Engine::send(int edgeIndex, MessageIndex index, Micros delay)
{
    const EngineEdge& e = m_edges[size_t(edgeIndex)];
    Message& m = m_messages[index];
    m.place = MessagePlace::Transit;
    m.location = e.to;
    if (observed()) notify(EngineEvent::sent(e.from, e.to, edgeIndex, m));
    m_kernel.scheduleIn(delay, 0, m_behaviours[size_t(e.to)].get(), Behaviour::kDeliver,
                        qint64((quint64(quint32(edgeIndex)) << 32) | quint64(index)));
}

void Engine::transfer(MessageIndex index, int node, Micros delay)
{
    Message& m = m_messages[index];
    const int from = m.location;
    m.place = MessagePlace::Transit;
    m.location = node;
    if (observed()) notify(EngineEvent::sent(from, node, -1, m, 0, "transfer"));
    m_kernel.scheduleIn(delay, 0, m_behaviours[size_t(node)].get(), Behaviour::kDeliver,
                        qint64((quint64(0xffffffffu) << 32) | quint64(index)));
}

CallId Engine::call(int edgeIndex, std::vector<MessageIndex> messages, qint64 token)
{
    const CallId id = m_calls.insert();
    CallRecord& r = m_calls[id.slot];
    r.edge = edgeIndex;
    r.token = token;
    r.messages = std::move(messages);
    r.open = true;
    const EngineEdge& e = m_edges[size_t(edgeIndex)];
    if (observed())
        for (MessageIndex m : r.messages) {
            const Message& msg = m_messages[m];
            notify(EngineEvent::sent(e.from, e.to, edgeIndex, msg, 1, "call"));
        }
    m_kernel.scheduleIn(0, 0, m_behaviours[size_t(e.to)].get(), Behaviour::kCall, id.payload());
    return id;
}

void Engine::answer(CallId id, CallResult result)
{
    CallRecord* r = m_calls.find(id);
    if (!r || !r->open) return;
    if (r->abandoned) return endAbandonedCall(id);  // nobody listens
    r->result = std::move(result);
    const EngineEdge& e = m_edges[size_t(r->edge)];
    m_kernel.scheduleIn(0, 0, m_behaviours[size_t(e.from)].get(), Behaviour::kAnswer, id.payload());
}

void Engine::answerArrived(CallId id, Behaviour& caller)
{
    CallRecord* r = m_calls.find(id);
    if (!r) return;
    // Abandoned after the callee answered but before the answer arrived: nobody listens.
    if (r->abandoned) return endAbandonedCall(id);
    const CallResult result = std::move(r->result);
    const qint64 token = r->token;
    r->open = false;
    caller.onAnswer(token, id, result);  // may make calls: the table may grow, r is not used again
    m_calls.erase(id);                   // after onAnswer: the calls it makes take fresh slots
}

void Engine::endAbandonedCall(CallId id)
{
    CallRecord& r = *m_calls.find(id);
    r.open = false;
    for (MessageIndex m : r.messages) finish(m, Fate::Dropped, "caller-gave-up");
    m_calls.erase(id);
}

void Engine::abandon(CallId id)
{
    if (CallRecord* r = m_calls.find(id); r && r->open) r->abandoned = true;
}

bool Engine::isOpen(CallId id) const
{
    const CallRecord* r = m_calls.find(id);
    return r && r->open && !r->abandoned;
}

const std::vector<MessageIndex>& Engine::callMessages(CallId id) const
{
    static const std::vector<MessageIndex> kNone;
    const CallRecord* r = m_calls.find(id);
    return r ? r->messages : kNone;
}

int Engine::callEdge(CallId id) const
{
    const CallRecord* r = m_calls.find(id);
    return r ? r->edge : -1;
}

qint32 Engine::internUser(const std::string& name)
{
    if (name == m_users[0].name) return 0;  // "anonymous" is never forgotten
    auto it = m_userIndex.find(name);
    if (it != m_userIndex.end()) return it->second;
    // The slot last freed, else a new one: deterministic, as every run frees in the same order.
    const auto index = qint32(m_users.insert().slot);
    m_users[quint32(index)].name = name;
    m_userIndex.emplace(name, index);
    return index;
}

void Engine::retainUser(qint32 user)
{
    if (user > 0) ++m_users[quint32(user)].holders;
}

void Engine::releaseUser(qint32 user)
{
    if (user <= 0) return;
    UserName& u = m_users[quint32(user)];
    if (u.holders == 0 || --u.holders > 0) return;
    m_userIndex.erase(u.name);
    m_users.erase(m_users.current(quint32(user)));  // the name's memory goes back with it
}

void Engine::setUser(MessageIndex m, qint32 user)
{
    Message& msg = m_messages[m];
    if (msg.user == user) return;
    retainUser(user);
    const qint32 old = msg.user;
    msg.user = user;
    releaseUser(old);
}

int Engine::logGroupOf(int node) const { return m_logGroup[size_t(node)]; }

void Engine::addObserver(EngineObserver* observer) { m_observers.push_back(observer); }

void Engine::removeObserver(EngineObserver* observer)
{
    m_observers.erase(std::remove(m_observers.begin(), m_observers.end(), observer), m_observers.end());
}

void Engine::notify(EngineEvent event)
{
    if (m_express || !(m_observedTypes >> int(event.type) & 1u)) return;
    event.time = now();
    event.seq = kernel().eventCount();
    for (EngineObserver* o : m_observers) o->onEvent(*this, event);
}

void Engine::setFault(int node, Fault fault)
{
    if (node < 0 || node >= nodeCount() || m_faults[size_t(node)] == fault) return;
    m_faults[size_t(node)] = fault;
    if (observed()) {
        Json d = Json::object();
        if (fault.errorRate) d["errorRate"] = *fault.errorRate;
        if (fault.addedLatency) d["addedLatency"] = toStd(duration::format(fault.addedLatency));
        if (fault.throttle) d["throttle"] = *fault.throttle;
        if (fault.down) d["down"] = true;
        if (fault.pauseConsumers) d["pauseConsumers"] = true;
        notify(EngineEvent::fault(node, d.dump()));
    }
    m_behaviours[size_t(node)]->onFaultChanged();
}

void Engine::start()
{
    if (m_started) return;
    m_started = true;
    for (auto& b : m_behaviours) b->start();
}

RunResult Engine::run(Micros until, quint64 maxEvents)
{
    start();
    return m_kernel.runUntil(until, maxEvents);
}

Result<quint64> Engine::inject(const QString& nodeId, const Json& body, qint32 user)
{
    const int node = nodeIndex(nodeId);
    if (node < 0) return Error::of(QStringLiteral("no node \"%1\" in the diagram").arg(nodeId));
    start();
    const MessageIndex m = newMessage(node, std::make_shared<const Json>(body), kNoMessage, user);
    const quint64 id = m_messages[m].id;
    transfer(m, node);
    return id;
}

}  // namespace ml
