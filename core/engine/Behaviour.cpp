#include "engine/Behaviour.h"

#include "format/Duration.h"
#include "model/Catalog.h"

namespace ml {

Behaviour::Behaviour(Engine& engine, int index)
    : m_engine(engine),
      m_index(index),
      m_config(Catalog::instance().effectiveConfig(engine.node(index).kind, engine.node(index).config)),
      m_random(engine.seed(), QStringView(engine.node(index).id.value))
{
}

Behaviour::~Behaviour() = default;

void Behaviour::onDeliver(MessageIndex m, int) { m_engine.finish(m, Fate::Dropped, "not-accepted"); }

void Behaviour::onCall(CallId call, int)
{
    CallResult r;
    r.status = 500;
    r.error = "not-callable";
    m_engine.answer(call, std::move(r));
}

void Behaviour::onAnswer(qint64, CallId, const CallResult&) {}
void Behaviour::onTimer(const Event&) {}
void Behaviour::forEachHeld(const std::function<void(MessageIndex)>&) const {}

void Behaviour::handleEvent(const Event& event)
{
    switch (event.kind) {
    case kDeliver: {
        const auto m = MessageIndex(quint64(event.payload) & 0xffffffffu);
        const int edge = int(quint64(event.payload) >> 32);
        onDeliver(m, edge);
        return;
    }
    case kCall: {
        const auto call = CallId(event.payload);
        onCall(call, m_engine.callEdge(call));
        return;
    }
    case kAnswer: {
        const auto call = CallId(event.payload);
        Engine::CallRecord& record = m_engine.callRecord(call);
        if (record.token == -1) {
            // Abandoned after the callee answered but before the answer arrived: nobody listens,
            // so the call's messages end here.
            for (MessageIndex m : record.messages) m_engine.finish(m, Fate::Dropped, "caller-gave-up");
            record.messages.clear();
            record.open = false;
            m_engine.m_freeCalls.push_back(call);
            return;
        }
        const CallResult result = std::move(record.result);
        const qint64 token = record.token;
        record.open = false;
        onAnswer(token, call, result);
        m_engine.m_freeCalls.push_back(call);
        return;
    }
    default: onTimer(event);
    }
}

static void addStats(Json& out, const NodeStats& s)
{
    auto put = [&](const char* key, quint64 v) {
        if (v) out[key] = v;
    };
    put("received", s.received);
    put("invoked", s.invoked);
    put("succeeded", s.succeeded);
    put("failed", s.failed);
    put("timedOut", s.timedOut);
    put("throttled", s.throttled);
    put("retried", s.retried);
    put("deadLettered", s.deadLettered);
    put("published", s.published);
    put("pushed", s.pushed);
    put("expired", s.expired);
    put("dropped", s.dropped);
    put("recursiveLoops", s.recursiveLoops);
    if (s.coldStarts) out["coldStarts"] = s.coldStarts;
    if (s.latency.count() > 0) {
        out["latency"] = Json{{"p50", toStd(formatLatency(s.latency.quantile(0.50)))},
                              {"p95", toStd(formatLatency(s.latency.quantile(0.95)))},
                              {"p99", toStd(formatLatency(s.latency.quantile(0.99)))}};
    }
    if (!s.responses.empty()) {
        Json r = Json::object();
        for (const auto& [status, count] : s.responses) r[std::to_string(status)] = count;
        out["responses"] = r;
    }
}

void Behaviour::writeReport(Json& out) const
{
    out["kind"] = toStd(node().kind);
    const NodeStats& s = m_stats;
    // Functions always show their main counters, even at zero, so a table of nodes lines up.
    if (Catalog::instance().kind(node().kind) && Catalog::instance().kind(node().kind)->isFunction) {
        for (const char* key : {"received", "invoked", "succeeded", "failed", "timedOut", "throttled", "retried"})
            out[key] = 0;
    }
    addStats(out, s);
}

Micros Behaviour::configDuration(const char* key, Micros fallback) const
{
    auto it = m_config.find(key);
    if (it == m_config.end() || !it->is_string()) return fallback;
    const Result<Micros> r = duration::fromJson(*it);
    return r.ok() ? r.value() : fallback;
}

double Behaviour::configNumber(const char* key, double fallback) const
{
    auto it = m_config.find(key);
    return it != m_config.end() && it->is_number() ? it->get<double>() : fallback;
}

std::string Behaviour::configString(const char* key, const std::string& fallback) const
{
    auto it = m_config.find(key);
    return it != m_config.end() && it->is_string() ? it->get<std::string>() : fallback;
}

bool Behaviour::configBool(const char* key, bool fallback) const
{
    auto it = m_config.find(key);
    return it != m_config.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

void Behaviour::note(EventType type, MessageIndex m, qint64 value, std::string detail, int peer, int edge)
{
    if (!m_engine.observed()) return;
    EngineEvent e;
    e.type = type;
    e.node = m_index;
    e.peer = peer;
    e.edge = edge;
    e.value = value;
    e.detail = std::move(detail);
    if (m != kNoMessage) {
        const Message& msg = m_engine.message(m);
        e.message = msg.id;
        e.trace = msg.traceId;
        e.parent = msg.parentId;
    }
    m_engine.notify(std::move(e));
}

Micros edgeDuration(const EngineEdge& edge, const char* key, Micros fallback)
{
    auto it = edge.config.find(key);
    if (it == edge.config.end()) return fallback;
    const Result<Micros> r = duration::fromJson(*it);
    return r.ok() ? r.value() : fallback;
}

double edgeNumber(const EngineEdge& edge, const char* key, double fallback)
{
    auto it = edge.config.find(key);
    return it != edge.config.end() && it->is_number() ? it->get<double>() : fallback;
}

}  // namespace ml
