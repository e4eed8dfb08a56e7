#include "engine/nodes/Logs.h"

#include "engine/nodes/Behaviours.h"

namespace ml {

Logs::Logs(Engine& engine, int index) : Behaviour(engine, index)
{
    m_retention = configDuration("retention");
    for (int e : engine.outEdges(index)) {
        const EngineEdge& edge = engine.edge(e);
        if (edge.kind != EdgeKind::LogSubscription) continue;
        Subscription s{e, std::nullopt};
        const std::string pattern = edgeString(edge, "filterPattern");
        Result<LogFilterPattern> parsed = LogFilterPattern::parse(QString::fromStdString(pattern));
        if (parsed.ok()) s.filter = std::move(parsed).value();
        m_subscriptions.push_back(std::move(s));
    }
}

void Logs::append(Json line)
{
    ++m_total;
    ++stats().received;
    const Micros now = engine().now();
    if (m_retention > 0)
        while (!m_lines.empty() && now - m_lines.front().first > m_retention) m_lines.pop_front();
    // A subscription filter delivers each matching line as its own message to the function.
    // Term patterns search the whole event as written (the JSON line), not only its message:
    // given no text, the pattern searches the serialised line.
    for (const Subscription& s : m_subscriptions) {
        if (!s.filter || !s.filter->matches(line)) continue;
        const MessageIndex m = engine().newMessage(index(), std::make_shared<const Json>(line), kNoMessage);
        ++m_forwarded;
        ++stats().published;
        engine().send(s.edge, m);
    }
    m_lines.emplace_back(now, std::move(line));
    if (m_lines.size() > kMaxKeptLines) m_lines.pop_front();
}

void Logs::writeReport(Json& out) const
{
    Behaviour::writeReport(out);
    out["lines"] = m_total;
    out["kept"] = m_lines.size();
}

}  // namespace ml

namespace ml {

ML_BEHAVIOUR_FACTORY(makeLogs, "logs") { return std::make_unique<Logs>(engine, node); }

}  // namespace ml
