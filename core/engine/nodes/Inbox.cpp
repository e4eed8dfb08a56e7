#include "engine/nodes/Inbox.h"

#include "engine/nodes/Behaviours.h"

namespace ml {

Inbox::Inbox(Engine& engine, int index) : Behaviour(engine, index) {}

void Inbox::onDeliver(MessageIndex m, int)
{
    ++stats().received;
    const Message& msg = engine().message(m);
    m_items.push_back(Item{engine().now(), msg.id, msg.traceId, engine().body(msg)});
    if (m_items.size() > kKept) m_items.pop_front();
    // Read by a person: the message ends here, delivered.
    engine().finish(m, Fate::Done);
}

void Inbox::writeReport(Json& out) const
{
    Behaviour::writeReport(out);
    out["received"] = stats().received;
    Json messages = Json::array();
    const std::size_t first = m_items.size() > kReported ? m_items.size() - kReported : 0;
    for (std::size_t i = first; i < m_items.size(); ++i) messages.push_back(m_items[i].body);
    out["messages"] = std::move(messages);
}

ML_BEHAVIOUR_FACTORY(makeInbox, "inbox") { return std::make_unique<Inbox>(engine, node); }

}  // namespace ml
