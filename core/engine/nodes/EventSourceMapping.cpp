// The queue's event source mappings (SEMANTICS "queue → function edge"): pollers that scale,
// batch windows, FIFO group order, Lambda event filtering, and what a batch's answer deletes
// (all of it, or all but the partial batch response's failures).
#include "engine/nodes/Queue.h"

#include <set>

namespace ml {

Queue::Mapping Queue::mappingOf(const EngineEdge& edge) const
{
    Mapping m;
    m.edge = edge.index;
    m.batchSize = int(edgeNumber(edge, "batchSize"));
    if (m_fifo) m.batchSize = std::min(m.batchSize, 10);  // FIFO batches hold at most 10
    m.window = edgeDuration(edge, "batchWindow");
    m.maxConcurrency = int(edgeNumber(edge, "maxConcurrency"));
    m.enabled = edgeBool(edge, "enabled");
    const Json& criteria = edgeValue(edge, "filterCriteria");
    if (criteria.is_array())
        for (const Json& pattern : criteria) {
            Result<FilterPolicy> parsed = FilterPolicy::parseEventPattern(pattern);
            if (parsed.ok())
                m.filters.push_back(std::move(parsed).value());
            else
                m.filtersBroken = true;  // the config check reports it
        }
    return m;
}

int Queue::pollerLimit() const { return m_pollers; }

void Queue::poll()
{
    // An empty queue has nothing to expire: drop the pending sweep so a finished run can end.
    if (m_sweepPending && m_visible.empty() && m_delayed.empty()) {
        engine().kernel().cancel(m_sweep);
        m_sweepPending = false;
    }
    if (engine().fault(index()).pauseConsumers || m_mappings.empty()) return;
    bool backlog = false;
    for (std::size_t k = 0; k < m_mappings.size(); ++k) {
        Mapping& mapping = m_mappings[k];
        if (!mapping.enabled) continue;
        const int limit = mapping.maxConcurrency > 0 ? std::min(mapping.maxConcurrency, pollerLimit()) : pollerLimit();
        while (!m_visible.empty()) {
            if (mapping.active >= limit) {
                backlog = true;
                break;
            }
            if (mapping.window > 0 && int(m_visible.size()) < mapping.batchSize) {
                // Gather for the batch window before invoking with a short batch.
                if (!mapping.windowOpen) {
                    mapping.windowOpen = true;
                    after(mapping.window, kWindow, qint64(k));
                }
                break;
            }
            std::vector<MessageIndex> batch;
            if (!takeBatch(mapping, batch)) break;
            if (mapping.filtersBroken || !mapping.filters.empty()) filterBatch(mapping, batch);
            if (batch.empty()) continue;
            const SlotHandle slot = m_batches.insert();
            Batch& b = *m_batches.find(slot);
            b.invisible = true;
            b.calling = true;
            b.mapping = int(k);
            for (MessageIndex m : batch) {
                b.receipts.push_back(engine().message(m).receiveCount);
                m_inFlight[m] = InFlight{slot, engine().message(m).receiveCount};
            }
            m_inFlightCount += batch.size();
            b.messages = batch;
            b.visibility = after(m_visibilityTimeout, kVisibility, slot.payload());
            ++mapping.active;
            engine().call(mapping.edge, std::move(batch), slot.payload());
        }
    }
    if (backlog && !m_scaling && m_pollers < kMaxPollers) {
        m_scaling = true;
        after(kMicrosPerMinute, kScale);
    }
}

bool Queue::takeBatch(Mapping& mapping, std::vector<MessageIndex>& out)
{
    if (!m_fifo) {
        while (!m_visible.empty() && int(out.size()) < mapping.batchSize) {
            const MessageIndex m = m_visible.front();
            m_visible.pop_front();
            if (receive(m)) out.push_back(m);
        }
        return !out.empty();
    }
    // FIFO: in order per group; a group with messages in flight delivers nothing more.
    std::set<std::string> blocked;
    for (auto it = m_visible.begin(); it != m_visible.end() && int(out.size()) < mapping.batchSize;) {
        const MessageIndex m = *it;
        const std::string& group = engine().message(m).groupId;
        if (blocked.count(group) || m_groupsInFlight.count(group)) {
            blocked.insert(group);
            ++it;
            continue;
        }
        it = m_visible.erase(it);
        if (receive(m)) out.push_back(m);
    }
    for (MessageIndex m : out) ++m_groupsInFlight[engine().message(m).groupId];
    return !out.empty();
}

bool Queue::passes(const Mapping& mapping, const Message& msg) const
{
    if (mapping.filtersBroken) return false;
    // Lambda filters the record it would pass: the body and the message's attributes.
    static const Json kNoAttributes = Json::object();
    const Json subject{{"body", msg.stamped() ? engine().body(msg) : (msg.body ? *msg.body : Json())},
                       {"attributes", msg.attributes && msg.attributes->is_object() ? *msg.attributes : kNoAttributes}};
    for (const FilterPolicy& pattern : mapping.filters)
        if (pattern.matches(subject)) return true;
    return false;
}

void Queue::filterBatch(const Mapping& mapping, std::vector<MessageIndex>& batch)
{
    std::vector<MessageIndex> kept;
    for (MessageIndex m : batch) {
        if (passes(mapping, engine().message(m))) {
            kept.push_back(m);
            continue;
        }
        ++m_filtered;
        if (m_fifo) {
            auto it = m_groupsInFlight.find(engine().message(m).groupId);
            if (it != m_groupsInFlight.end() && --it->second <= 0) m_groupsInFlight.erase(it);
        }
        engine().finish(m, Fate::Dropped, "filtered");
    }
    batch.swap(kept);
}

void Queue::onAnswer(qint64 token, CallId, const CallResult& result)
{
    const SlotHandle slot = SlotHandle::fromPayload(token);
    Batch* found = m_batches.find(slot);
    if (!found) return;  // each batch is answered once, and its entry stays until then
    Batch& b = *found;
    Mapping& mapping = m_mappings[size_t(b.mapping)];
    --mapping.active;
    b.calling = false;
    if (!b.invisible) {
        // Answered after the visibility timeout: the receipts are stale and delete nothing.
        m_batches.erase(slot);
    } else if (result.ok()) {
        bool anyLeft = false;
        // FIFO: once a message of a group is reported failed, the group's later messages in the
        // batch stay too, whatever the function said, so the group keeps its order.
        std::set<std::string> failedGroups;
        for (int i = 0; i < int(b.messages.size()); ++i) {
            const MessageIndex m = b.messages[size_t(i)];
            auto it = m_inFlight.find(m);
            // A stale receipt (the message came back and was received again) deletes nothing.
            if (it == m_inFlight.end() || it->second.batch != slot || it->second.receipt != b.receipts[size_t(i)])
                continue;
            const bool reported =
                std::find(result.failedItems.begin(), result.failedItems.end(), i) != result.failedItems.end();
            if (reported && m_fifo) failedGroups.insert(engine().message(m).groupId);
            if (reported || (m_fifo && failedGroups.count(engine().message(m).groupId))) {
                anyLeft = true;
                continue;
            }
            remove(m);
            engine().finish(m, Fate::Done);
        }
        if (!anyLeft) {
            engine().kernel().cancel(b.visibility);
            m_batches.erase(slot);
        }
    }
    // On failure the messages stay invisible until the visibility timeout returns them.
    poll();
}

// The batch window passed: invoke with what has gathered.
void Queue::batchWindowClosed(Mapping& mapping)
{
    mapping.windowOpen = false;
    const Micros window = mapping.window;
    mapping.window = 0;
    poll();
    mapping.window = window;
}

// While there is a backlog, Lambda adds pollers each minute (up to kMaxPollers).
void Queue::scaleUpPollers()
{
    m_scaling = false;
    m_pollers = std::min(kMaxPollers, m_pollers + kPollerStep);
    poll();
}

}  // namespace ml
