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
        const Message& m = m_messages[i];
        if (!m.live) continue;
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
        if (m_messages[i].live && m_messages[i].place == MessagePlace::Transit && !held.count(i)) ++transit;
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

// AWS public list prices, us-east-1, as published in 2025 (free tiers ignored): Lambda $0.20
// per million requests and $0.0000166667 per GB-second (x86); SQS $0.40 per million requests
// (standard) and $0.50 (FIFO), counting send, receive and delete for each message; SNS $0.50 per
// million publishes; API Gateway REST APIs $3.50 per million requests; WebSocket APIs $1.00
// per million messages.
Json Engine::costEstimate() const
{
    double lambdaRequests = 0, gbSeconds = 0, sqsStandard = 0, sqsFifo = 0, snsPublishes = 0, apiRequests = 0,
           wsMessages = 0;
    for (const auto& b : m_behaviours) {
        const NodeStats& s = b->stats();
        const QString& kind = b->node().kind;
        if (Catalog::instance().kind(kind)->isFunction) {
            lambdaRequests += double(s.invoked);
            gbSeconds += s.gbSeconds;
        } else if (kind == QLatin1String("queue")) {
            const bool fifo = b->config().value("type", std::string("standard")) == "fifo";
            (fifo ? sqsFifo : sqsStandard) += 3.0 * double(s.received);
        } else if (kind == QLatin1String("topic")) {
            snsPublishes += double(s.received);
        } else if (kind == QLatin1String("api-gateway")) {
            apiRequests += double(s.received);
        } else if (kind == QLatin1String("websocket-api")) {
            wsMessages += double(s.received + s.pushed);
        }
    }
    const double lambda = lambdaRequests * 0.20 / 1e6 + gbSeconds * 0.0000166667;
    const double sqs = sqsStandard * 0.40 / 1e6 + sqsFifo * 0.50 / 1e6;
    const double sns = snsPublishes * 0.50 / 1e6;
    const double api = apiRequests * 3.50 / 1e6 + wsMessages * 1.00 / 1e6;
    auto usd = [](double v) { return std::round(v * 1e6) / 1e6; };
    return Json{{"currency", "USD"},
                {"prices", "AWS list prices, us-east-1, 2025, without free tiers"},
                {"lambda", {{"requests", lambdaRequests}, {"gbSeconds", usd(gbSeconds)}, {"usd", usd(lambda)}}},
                {"sqs", {{"requests", sqsStandard + sqsFifo}, {"usd", usd(sqs)}}},
                {"sns", {{"publishes", snsPublishes}, {"usd", usd(sns)}}},
                {"api", {{"requests", apiRequests + wsMessages}, {"usd", usd(api)}}},
                {"total", usd(lambda + sqs + sns + api)}};
}

}  // namespace ml
