// inbox: an admin's e-mail/SMS stand-in. Collects what topics send it: counts every message and
// keeps the most recent bodies for the GUI and the report.
#pragma once

#include "engine/Behaviour.h"

#include <deque>

namespace ml {

class Inbox : public Behaviour {
public:
    struct Item {
        Micros at = 0;
        quint64 messageId = 0;
        quint64 traceId = 0;
        Json body;  // as delivered, "processedBy" applied
    };

    Inbox(Engine& engine, int index);

    void onDeliver(MessageIndex m, int edge) override;
    void writeReport(Json& out) const override;

    // Oldest first; at most kKept.
    const std::deque<Item>& items() const { return m_items; }
    quint64 total() const { return stats().received; }

    static constexpr std::size_t kKept = 1000;    // memory bound; older mail rolls off
    static constexpr std::size_t kReported = 20;  // the report lists the most recent ones

private:
    std::deque<Item> m_items;
};

}  // namespace ml
