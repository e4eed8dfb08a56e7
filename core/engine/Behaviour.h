// The base of every node's behaviour. Behaviours talk only through the engine: they send and
// call along edges, schedule their own timers on the kernel and log; they never call each
// other. One file per kind in engine/nodes/ derives from this (or from Function).
#pragma once

#include "engine/Engine.h"
#include "engine/NodeStats.h"
#include "engine/Random.h"

#include <functional>

namespace ml {

// Units a run used that AWS bills, each with its list price; every behaviour adds its own
// (addCost) and EngineReport's cost estimate sums them. A price stays 0 while nothing of that
// service is in the diagram, and then so do its units.
struct BilledUnits {
    double units = 0;
    double usdPerMillion = 0;
    double usd() const { return units * usdPerMillion / 1e6; }
};
struct BilledUsage {
    BilledUnits lambdaRequests, sqsStandard, sqsFifo, snsPublishes, apiRequests, wsMessages;
    double gbSeconds = 0;
    double usdPerGbSecond = 0;
};

class Behaviour : public EventTarget {
public:
    Behaviour(Engine& engine, int index);
    ~Behaviour() override;

    int index() const { return m_index; }
    const Node& node() const { return m_engine.node(m_index); }
    const std::string& id() const { return m_engine.nodeId(m_index); }
    const Json& config() const { return m_config; }
    NodeStats& stats() { return m_stats; }
    const NodeStats& stats() const { return m_stats; }

    // Called once before the run starts (clients and cron schedule their first events here).
    virtual void start() {}
    // A message arrives along `edge` and is now owned by this node.
    virtual void onDeliver(MessageIndex m, int edge);
    // A synchronous call along `edge`; answer with engine().answer(call, …) now or later.
    virtual void onCall(CallId call, int edge);
    // The answer to a call this node made, with the token it passed.
    virtual void onAnswer(qint64 token, CallId call, const CallResult& result);
    // Own timers: kinds ≥ 0.
    virtual void onTimer(const Event& event);
    // The node's entry in the report (counters, queue contents, responses).
    virtual void writeReport(Json& out) const;
    // Messages this node holds, for conservation recounts and the queue panel.
    virtual void forEachHeld(const std::function<void(MessageIndex)>& visit) const;
    // The fault for this node changed.
    virtual void onFaultChanged() {}
    // What this node used that AWS bills, at its list price (nothing, for most kinds).
    virtual void addCost(BilledUsage& usage) const { (void)usage; }

    void handleEvent(const Event& event) final;

    // Event kinds the engine uses; behaviours use kinds ≥ 0 for their timers.
    static constexpr qint32 kDeliver = -1;
    static constexpr qint32 kCall = -2;
    static constexpr qint32 kAnswer = -3;

protected:
    Engine& engine() { return m_engine; }
    const Engine& engine() const { return m_engine; }
    RandomStream& random() { return m_random; }
    EventHandle after(Micros delay, qint32 kind, qint64 payload = 0, EventPriority priority = 0)
    {
        return m_engine.kernel().scheduleIn(delay, priority, this, kind, payload);
    }
    // Reads of the effective config: defaults come from the Catalog only (one source). A value
    // of the wrong type (the linter reports it) reads as the Catalog's default; a key the Catalog
    // leaves unset (unlimited, off) reads as `unset`.
    Micros configDuration(const char* key, Micros unset = 0) const;
    double configNumber(const char* key, double unset = 0) const;
    std::string configString(const char* key) const;
    bool configBool(const char* key) const;
    const Json& catalogDefault(const char* key) const;  // null: the Catalog leaves it unset
    // Convenience for observers: only builds the event when someone listens.
    void note(EventType type, MessageIndex m, qint64 value = 0, std::string detail = {}, int peer = -1, int edge = -1);

private:
    Engine& m_engine;
    int m_index;
    Json m_config;
    RandomStream m_random;
    NodeStats m_stats;
};

// Reads from an edge's effective config, like Behaviour's config reads: a malformed value reads
// as the Catalog's default for the edge, a key without one as `unset`.
Micros edgeDuration(const EngineEdge& edge, const char* key, Micros unset = 0);
double edgeNumber(const EngineEdge& edge, const char* key, double unset = 0);
std::string edgeString(const EngineEdge& edge, const char* key);
bool edgeBool(const EngineEdge& edge, const char* key);
const Json& edgeValue(const EngineEdge& edge, const char* key);  // null when unset

}  // namespace ml
