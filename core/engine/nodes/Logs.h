// logs (CloudWatch log group): collects the structured lines of the functions wired to it,
// keeps them for `retention`, and feeds its subscription filters (at most two) — each a
// filter pattern in front of a function, usually a log monitor.
#pragma once

#include "engine/Behaviour.h"
#include "format/LogFilterPattern.h"

#include <deque>

namespace ml {

class Logs : public Behaviour {
public:
    Logs(Engine& engine, int index);
    void append(Json line);
    const std::deque<std::pair<Micros, Json>>& lines() const { return m_lines; }
    void writeReport(Json& out) const override;

    static constexpr std::size_t kMaxKeptLines = 100000;  // memory bound; older lines roll off

private:
    struct Subscription {
        int edge;
        std::optional<LogFilterPattern> filter;
    };
    std::vector<Subscription> m_subscriptions;
    std::deque<std::pair<Micros, Json>> m_lines;
    Micros m_retention = 0;  // 0: forever
    quint64 m_total = 0;
    quint64 m_forwarded = 0;
};

}  // namespace ml
