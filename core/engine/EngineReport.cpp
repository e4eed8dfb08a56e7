// The report of a run (DESIGN.md "microlab-report/1") and the conservation check behind it.
#include "engine/Behaviour.h"
#include "engine/Engine.h"
#include "format/Duration.h"
#include "model/Catalog.h"

#include <cmath>
#include <unordered_set>

namespace ml {

Json Conservation::toJson() const
{
    Json d = Json::object();
    quint64 droppedTotal = 0;
    for (const auto& [reason, count] : dropped) {
        d[reason] = count;
        droppedTotal += count;
    }
    Json j = Json::object();
    j["entered"] = entered;
    j["derived"] = derived;
    j["delivered"] = delivered;
    j["forwarded"] = forwarded;
    j["queued"] = queued;
    j["inFlight"] = inFlight;
    j["deadLettered"] = deadLettered;
    j["expired"] = expired;
    j["dropped"] = d;
    j["holds"] = holds;
    return j;
}

Conservation Engine::conservation() const
{
    Conservation c;
    c.entered = m_entered;
    c.derived = m_derived;
    c.delivered = m_delivered;
    c.forwarded = m_forwarded;
    c.expired = m_expired;
    c.dropped = m_dropped;
    quint64 droppedTotal = 0;
    for (const auto& [reason, count] : m_dropped) droppedTotal += count;

    // Recount live messages from where they are, independently of the counters above.
    quint64 live = 0;
    for (MessageIndex i = 0; i < m_messages.capacity(); ++i) {
        if (!m_messages.isLive(i)) continue;
        const Message& m = m_messages[i];
        ++live;
        switch (m.place) {
        case MessagePlace::Visible:
        case MessagePlace::Delayed: ++c.queued; break;
        case MessagePlace::DeadLettered: ++c.deadLettered; break;
        default: ++c.inFlight; break;
        }
    }
    // Every live message must be held by exactly one node, or be travelling on the kernel.
    // A message nobody holds and nothing will deliver is lost: the ledger does not hold.
    std::unordered_set<MessageIndex> held;
    bool twice = false;
    for (const auto& b : m_behaviours) b->forEachHeld([&](MessageIndex m) { twice |= !held.insert(m).second; });
    quint64 transit = 0;
    for (MessageIndex i = 0; i < m_messages.capacity(); ++i)
        if (m_messages.isLive(i) && m_messages[i].place == MessagePlace::Transit && !held.count(i)) ++transit;
    const bool allAccounted = held.size() + transit == live && !twice;
    const bool quiet = m_kernel.empty();
    const bool nothingStuck = !quiet || transit == 0;
    c.holds = m_entered + m_derived == m_delivered + m_forwarded + m_expired + droppedTotal + live &&
              live == c.queued + c.inFlight + c.deadLettered && allAccounted && nothingStuck;
    return c;
}

Json Engine::report() const
{
    Json r = Json::object();
    r["format"] = "microlab-report/1";
    r["project"] = toStd(m_diagram.name);
    r["seed"] = m_seed;
    // When activity ended (the last event or input), not the cap the run was given: a run that
    // went quiet at 2m of a 10m cap reports 2m. Whoever drives the run adds its cap as "until".
    r["virtualTime"] = toStd(duration::format(m_kernel.lastActivity()));
    r["events"] = m_kernel.eventCount();
    Json nodes = Json::object();
    for (const auto& b : m_behaviours) {
        Json n = Json::object();
        b->writeReport(n);
        nodes[b->id()] = n;
    }
    r["nodes"] = nodes;
    r["logs"] = Json{
        {"debug", m_logCounts[0]}, {"info", m_logCounts[1]}, {"warning", m_logCounts[2]}, {"critical", m_logCounts[3]}};
    r["conservation"] = conservation().toJson();
    r["cost"] = costEstimate();
    return r;
}

// AWS public list prices, us-east-1, as published in 2025 (free tiers ignored); each behaviour
// adds its units at its price (addCost), this groups them by service.
Json Engine::costEstimate() const
{
    BilledUsage u;
    for (const auto& b : m_behaviours) b->addCost(u);
    const double lambda = u.lambdaRequests.usd() + u.gbSeconds * u.usdPerGbSecond;
    const double sqs = u.sqsStandard.usd() + u.sqsFifo.usd();
    const double sns = u.snsPublishes.usd();
    const double api = u.apiRequests.usd() + u.wsMessages.usd();
    auto usd = [](double v) { return std::round(v * 1e6) / 1e6; };
    return Json{
        {"currency", "USD"},
        {"prices", "AWS list prices, us-east-1, 2025, without free tiers"},
        {"lambda", {{"requests", u.lambdaRequests.units}, {"gbSeconds", usd(u.gbSeconds)}, {"usd", usd(lambda)}}},
        {"sqs", {{"requests", u.sqsStandard.units + u.sqsFifo.units}, {"usd", usd(sqs)}}},
        {"sns", {{"publishes", u.snsPublishes.units}, {"usd", usd(sns)}}},
        {"api", {{"requests", u.apiRequests.units + u.wsMessages.units}, {"usd", usd(api)}}},
        {"total", usd(lambda + sqs + sns + api)}};
}

}  // namespace ml
