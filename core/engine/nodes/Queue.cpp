// queue (SQS): messages in (size limit, FIFO group and deduplication checks, delay), receives
// (visibility timeout, receive counts, the dead-letter move), retention sweeps and redrive.
// The event source mappings that poll it are in EventSourceMapping.cpp.
#include "engine/nodes/Queue.h"

#include "format/Duration.h"

#include <QCryptographicHash>

namespace ml {

namespace {

constexpr Micros kDedupWindow = 5 * kMicrosPerMinute;  // FIFO deduplication interval
constexpr std::size_t kReportedMessages = 100;

}  // namespace

Queue::Queue(Engine& engine, int index) : Behaviour(engine, index)
{
    m_fifo = configString("type") == "fifo";
    m_contentDedup = configBool("contentDeduplication");
    m_visibilityTimeout = configDuration("visibilityTimeout");
    m_delay = configDuration("delay");
    m_retention = configDuration("retention");
    m_maxReceiveCount = int(configNumber("maxReceiveCount"));
    m_maxMessageSize = qint64(configNumber("maxMessageSize"));
    for (int e : engine.outEdges(index)) {
        const EngineEdge& edge = engine.edge(e);
        if (edge.kind == EdgeKind::DeadLetter && m_deadLetterEdge < 0) m_deadLetterEdge = e;
        if (edge.kind == EdgeKind::EventSource) m_mappings.push_back(mappingOf(edge));
    }
    for (int e : engine.inEdges(index))
        if (engine.edge(e).kind == EdgeKind::DeadLetter) {
            m_isDlq = true;
            m_deadLetterSourceNode = engine.edge(e).from;
        }
    // An SNS subscription's deadLetterQueue is a DLQ too (the topic transfers failed deliveries).
    for (const EngineEdge& edge : engine.edges()) {
        if (edge.kind != EdgeKind::Subscription) continue;
        auto dlq = edge.config.find("deadLetterQueue");
        if (dlq != edge.config.end() && dlq->is_string() && dlq->get<std::string>() == id()) m_isDlq = true;
    }
    m_pollers = kInitialPollers;
}

void Queue::start() {}

void Queue::onDeliver(MessageIndex m, int edge)
{
    // Transfers (no edge) of a dead-lettered message come from a topic's subscription DLQ.
    const bool fromDeadLetter = edge >= 0 ? engine().edge(edge).kind == EdgeKind::DeadLetter
                                          : m_isDlq && engine().message(m).deadLetterSource >= 0;
    enqueue(m, fromDeadLetter);
}

void Queue::enqueue(MessageIndex m, bool fromDeadLetter)
{
    Message& msg = engine().message(m);
    ++stats().received;
    // Bodies are shared along a trace: measure each distinct body once.
    const bool tooLarge =
        m_tooLarge.get(msg.body, 0, [&] { return msg.body && qint64(msg.body->dump().size()) > m_maxMessageSize; });
    if (tooLarge) {
        ++stats().dropped;
        engine().finish(m, Fate::Dropped, "message-too-large");
        return;
    }
    if (fromDeadLetter) {
        // A FIFO dead-letter queue starts the message's retention again; a standard one keeps
        // the original enqueue time (SEMANTICS "queue").
        if (m_fifo) msg.sentAt = engine().now();
        msg.location = index();
        makeVisible(m);
        scheduleSweep();
        poll();
        return;
    }
    if (!accept(m)) return;
    msg.sentAt = engine().now();
    msg.receiveCount = 0;
    msg.firstReceivedAt = -1;
    msg.deadLetterSource = -1;
    if (m_delay > 0) {
        engine().place(m, index(), MessagePlace::Delayed);
        m_delayed.insert(m);
        ++m_delayedCount;
        after(m_delay, kVisible, qint64(m));
    } else {
        makeVisible(m);
    }
    scheduleSweep();
    poll();
}

bool Queue::accept(MessageIndex m)
{
    if (!m_fifo) return true;
    Message& msg = engine().message(m);
    if (msg.groupId.empty()) {
        ++stats().dropped;
        engine().finish(m, Fate::Dropped, "fifo-missing-group-id");
        return false;
    }
    std::string dedup = msg.deduplicationId;
    if (dedup.empty() && m_contentDedup) {
        const QByteArray body = QByteArray::fromStdString(msg.body ? msg.body->dump() : std::string("null"));
        dedup = QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex().toStdString();
    }
    if (dedup.empty()) {
        // SendMessage to a FIFO queue needs a deduplication id unless content-based dedup is on.
        ++stats().dropped;
        note(EventType::Dropped, m, 0, "missing deduplication id");
        engine().finish(m, Fate::Dropped, "missing-deduplication-id");
        return false;
    }
    const Micros now = engine().now();
    while (!m_dedupOrder.empty() && now - m_dedupOrder.front().first >= kDedupWindow) {
        auto it = m_dedup.find(m_dedupOrder.front().second);
        if (it != m_dedup.end() && it->second == m_dedupOrder.front().first) m_dedup.erase(it);
        m_dedupOrder.pop_front();
    }
    if (m_dedup.count(dedup)) {
        // Accepted by SQS but not delivered again: the sender sees success.
        note(EventType::Dropped, m, 0, "duplicate");
        engine().finish(m, Fate::Dropped, "fifo-duplicate");
        return false;
    }
    m_dedup.emplace(dedup, now);
    m_dedupOrder.emplace_back(now, dedup);
    return true;
}

void Queue::makeVisible(MessageIndex m)
{
    const Message& msg = engine().message(m);
    const bool dead = m_isDlq && msg.deadLetterSource >= 0;
    engine().place(m, index(), dead ? MessagePlace::DeadLettered : MessagePlace::Visible);
    m_visible.push_back(m);
}

bool Queue::receive(MessageIndex m)
{
    Message& msg = engine().message(m);
    if (engine().now() - msg.sentAt >= m_retention) {
        ++stats().expired;
        engine().finish(m, Fate::Expired, "retention");
        return false;
    }
    if (m_maxReceiveCount > 0 && m_deadLetterEdge >= 0 && msg.receiveCount + 1 > m_maxReceiveCount) {
        // SQS moves the message on the receive that would exceed maxReceiveCount.
        ++stats().deadLettered;
        msg.deadLetterSource = index();
        if (engine().observed())
            engine().notify(EngineEvent::deadLettered(index(), engine().edge(m_deadLetterEdge).to, m_deadLetterEdge,
                                                      msg, msg.receiveCount));
        engine().send(m_deadLetterEdge, m);
        return false;
    }
    ++msg.receiveCount;
    if (msg.firstReceivedAt < 0) msg.firstReceivedAt = engine().now();
    engine().place(m, index(), MessagePlace::InFlight);
    note(EventType::Received, m, msg.receiveCount);
    return true;
}

void Queue::remove(MessageIndex m)
{
    if (m_inFlight.erase(m)) --m_inFlightCount;
    if (m_fifo) {
        auto it = m_groupsInFlight.find(engine().message(m).groupId);
        if (it != m_groupsInFlight.end() && --it->second <= 0) m_groupsInFlight.erase(it);
    }
}

void Queue::onTimer(const Event& event)
{
    switch (event.kind) {
    case kVisible: delayEnded(MessageIndex(event.payload)); return;
    case kVisibility: visibilityExpired(SlotHandle::fromPayload(event.payload)); return;
    case kWindow: batchWindowClosed(m_mappings[size_t(event.payload)]); return;
    case kScale: scaleUpPollers(); return;
    case kSweep: retentionSweep(); return;
    case kRedrive: redriveNext(); return;
    default: return;
    }
}

void Queue::delayEnded(MessageIndex m)
{
    if (m_delayed.erase(m)) {
        --m_delayedCount;
        makeVisible(m);
        scheduleSweep();
        poll();
    }
}

void Queue::visibilityExpired(SlotHandle slot)
{
    Batch* found = m_batches.find(slot);
    if (!found || !found->invisible) return;
    Batch& b = *found;
    std::vector<MessageIndex> back;
    for (int i = 0; i < int(b.messages.size()); ++i) {
        const MessageIndex m = b.messages[size_t(i)];
        auto it = m_inFlight.find(m);
        if (it == m_inFlight.end() || it->second.batch != slot || it->second.receipt != b.receipts[size_t(i)]) continue;
        remove(m);
        note(EventType::VisibilityExpired, m, engine().message(m).receiveCount);
        back.push_back(m);
    }
    b.invisible = false;
    if (!b.calling) m_batches.erase(slot);  // else when the late answer arrives
    if (m_fifo) {
        // Back at the front, in order, so each group keeps its order.
        for (auto it = back.rbegin(); it != back.rend(); ++it) {
            makeVisible(*it);
            m_visible.pop_back();
            m_visible.push_front(*it);
        }
    } else {
        for (MessageIndex m : back) makeVisible(m);
    }
    scheduleSweep();
    poll();
}

void Queue::retentionSweep()
{
    m_sweepPending = false;
    const Micros now = engine().now();
    std::deque<MessageIndex> kept;
    for (MessageIndex m : m_visible) {
        if (now - engine().message(m).sentAt >= m_retention) {
            ++stats().expired;
            engine().finish(m, Fate::Expired, "retention");
        } else {
            kept.push_back(m);
        }
    }
    m_visible.swap(kept);
    scheduleSweep();
}

void Queue::redriveNext()
{
    if (m_visible.empty() || m_redriveTarget < 0) {
        m_redriveTarget = -1;
        return;
    }
    const MessageIndex m = m_visible.front();
    m_visible.pop_front();
    Message& msg = engine().message(m);
    const int to = m_redriveToSource && msg.deadLetterSource >= 0 ? msg.deadLetterSource : m_redriveTarget;
    msg.deadLetterSource = -1;
    engine().transfer(m, to);
    after(m_redriveInterval, kRedrive);
}

void Queue::scheduleSweep()
{
    if (m_sweepPending || m_visible.empty()) return;
    Micros oldest = std::numeric_limits<Micros>::max();
    for (MessageIndex m : m_visible) oldest = std::min(oldest, engine().message(m).sentAt);
    m_sweepPending = true;
    m_sweep = after(std::max<Micros>(0, oldest + m_retention - engine().now()), kSweep);
}

bool Queue::redrive(int target, double perSecond)
{
    m_redriveToSource = target < 0;
    if (target < 0) target = m_deadLetterSourceNode;  // for messages that name no source
    if (target < 0 || perSecond <= 0) return false;
    m_redriveTarget = target;
    m_redriveInterval = std::max<Micros>(1, Micros(double(kMicrosPerSecond) / perSecond));
    after(0, kRedrive);
    return true;
}

std::size_t Queue::redriveMessages(const std::vector<quint64>& ids, int target)
{
    const std::set<quint64> chosen(ids.begin(), ids.end());
    std::deque<MessageIndex> kept;
    std::size_t moved = 0;
    for (MessageIndex m : m_visible) {
        Message& msg = engine().message(m);
        const int to = target >= 0 ? target : msg.deadLetterSource >= 0 ? msg.deadLetterSource : m_deadLetterSourceNode;
        if (!chosen.count(msg.id) || to < 0) {
            kept.push_back(m);
            continue;
        }
        msg.deadLetterSource = -1;
        engine().transfer(m, to);
        ++moved;
    }
    m_visible.swap(kept);
    return moved;
}

std::size_t Queue::purge()
{
    const std::size_t purged = m_visible.size();
    for (MessageIndex m : m_visible) engine().finish(m, Fate::Dropped, "purged");
    m_visible.clear();
    m_purged += purged;
    return purged;
}

std::vector<MessageIndex> Queue::visibleMessages(std::size_t max) const
{
    std::vector<MessageIndex> out;
    for (MessageIndex m : m_visible) {
        if (out.size() >= max) break;
        out.push_back(m);
    }
    return out;
}

void Queue::forEachHeld(const std::function<void(MessageIndex)>& visit) const
{
    for (MessageIndex m : m_visible) visit(m);
    for (const auto& [m, f] : m_inFlight) visit(m);
    for (MessageIndex m : m_delayed) visit(m);
}

void Queue::writeReport(Json& out) const
{
    Behaviour::writeReport(out);
    out["received"] = stats().received;
    out["deadLettered"] = stats().deadLettered;
    if (!m_mappings.empty()) out["filtered"] = m_filtered;
    if (m_purged) out["purged"] = m_purged;
    Json messages = Json::array();
    for (MessageIndex m : visibleMessages(kReportedMessages)) {
        const Message& msg = engine().message(m);
        Json j{{"id", messageName(msg.id)},
               {"body", engine().body(msg)},
               {"receiveCount", msg.receiveCount},
               {"sentAt", toStd(duration::format(msg.sentAt))}};
        if (msg.deadLetterSource >= 0) j["deadLetterSourceQueue"] = engine().nodeId(msg.deadLetterSource);
        messages.push_back(std::move(j));
    }
    out["queue"] = Json{{"visible", m_visible.size()},
                        {"inFlight", m_inFlightCount},
                        {"delayed", m_delayedCount},
                        {"messages", std::move(messages)}};
}

}  // namespace ml
#include "engine/nodes/Behaviours.h"
#include "engine/nodes/Queue.h"

namespace ml {

// SQS list price: $0.40 per million requests (standard), $0.50 (FIFO); each message costs a
// send, a receive and a delete.
void Queue::addCost(BilledUsage& usage) const
{
    BilledUnits& line = m_fifo ? usage.sqsFifo : usage.sqsStandard;
    line.usdPerMillion = m_fifo ? 0.50 : 0.40;
    line.units += 3.0 * double(stats().received);
}

ML_BEHAVIOUR_FACTORY(makeQueue, "queue") { return std::make_unique<Queue>(engine, node); }

}  // namespace ml
