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
        const CallId call = CallId::fromPayload(event.payload);
        onCall(call, m_engine.callEdge(call));
        return;
    }
    case kAnswer: m_engine.answerArrived(CallId::fromPayload(event.payload), *this); return;
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

namespace {

const Json& nullJson()
{
    static const Json null;
    return null;
}

const Json& valueIn(const Json& config, const char* key)
{
    auto it = config.find(key);
    return it == config.end() ? nullJson() : *it;
}

// The typed reads behind configX and edgeX: `value` when it has the type, else the Catalog's
// `fallback` when that has it, else `unset`.
std::optional<Micros> durationOf(const Json& value)
{
    if (!value.is_string()) return std::nullopt;
    const Result<Micros> r = duration::fromJson(value);
    return r.ok() ? std::optional<Micros>(r.value()) : std::nullopt;
}

Micros readDuration(const Json& value, const Json& fallback, Micros unset)
{
    if (auto d = durationOf(value)) return *d;
    if (auto d = durationOf(fallback)) return *d;
    return unset;
}

double readNumber(const Json& value, const Json& fallback, double unset)
{
    if (value.is_number()) return value.get<double>();
    return fallback.is_number() ? fallback.get<double>() : unset;
}

std::string readString(const Json& value, const Json& fallback)
{
    if (value.is_string()) return value.get<std::string>();
    return fallback.is_string() ? fallback.get<std::string>() : std::string();
}

bool readBool(const Json& value, const Json& fallback)
{
    if (value.is_boolean()) return value.get<bool>();
    return fallback.is_boolean() && fallback.get<bool>();
}

}  // namespace

const Json& Behaviour::catalogDefault(const char* key) const
{
    const KindInfo* k = Catalog::instance().kind(node().kind);
    const ConfigKey* c = k ? k->key(QString::fromLatin1(key)) : nullptr;
    return c ? c->defaultValue : nullJson();
}

Micros Behaviour::configDuration(const char* key, Micros unset) const
{
    return readDuration(valueIn(m_config, key), catalogDefault(key), unset);
}

double Behaviour::configNumber(const char* key, double unset) const
{
    return readNumber(valueIn(m_config, key), catalogDefault(key), unset);
}

std::string Behaviour::configString(const char* key) const
{
    return readString(valueIn(m_config, key), catalogDefault(key));
}

bool Behaviour::configBool(const char* key) const { return readBool(valueIn(m_config, key), catalogDefault(key)); }

void Behaviour::note(EventType type, MessageIndex m, qint64 value, std::string detail, int peer, int edge)
{
    if (!m_engine.observed()) return;
    EngineEvent e = EngineEvent::at(type, m_index, peer, edge, value, std::move(detail));
    m_engine.notify(m == kNoMessage ? std::move(e) : std::move(e).about(m_engine.message(m)));
}

Micros edgeDuration(const EngineEdge& edge, const char* key, Micros unset)
{
    return readDuration(valueIn(edge.config, key), valueIn(edge.defaults, key), unset);
}

double edgeNumber(const EngineEdge& edge, const char* key, double unset)
{
    return readNumber(valueIn(edge.config, key), valueIn(edge.defaults, key), unset);
}

std::string edgeString(const EngineEdge& edge, const char* key)
{
    return readString(valueIn(edge.config, key), valueIn(edge.defaults, key));
}

bool edgeBool(const EngineEdge& edge, const char* key)
{
    return readBool(valueIn(edge.config, key), valueIn(edge.defaults, key));
}

const Json& edgeValue(const EngineEdge& edge, const char* key)
{
    const Json& v = valueIn(edge.config, key);
    return v.is_null() ? valueIn(edge.defaults, key) : v;
}

}  // namespace ml
