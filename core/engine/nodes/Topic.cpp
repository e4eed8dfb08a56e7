#include "engine/nodes/Topic.h"

#include "engine/nodes/Behaviours.h"
#include "model/Catalog.h"

#include <QDateTime>

namespace ml {

namespace {

// The ARNs in SNS envelopes need an account and a region; a simulation has neither.
const std::string kArnPrefix = "arn:aws:sns:us-east-1:123456789012:";

// The backoff phase: 10 waits growing geometrically from 1 s to 20 s, 1 s · 20^(k/9) for
// k = 0…9, rounded to the millisecond. AWS adds jitter; the simulation stays deterministic.
constexpr Micros kBackoffMillis[Topic::kBackoffRetries] = {1000, 1395, 1946,  2714,  3786,
                                                           5282, 7368, 10278, 14337, 20000};
constexpr Micros kPostBackoffDelay = 20 * kMicrosPerSecond;

std::string isoTime(EpochMicros t)
{
    return toStd(QDateTime::fromMSecsSinceEpoch(t / kMicrosPerMilli, Qt::UTC).toString(Qt::ISODateWithMs));
}

// SNS's typed form of message attributes: {"name": {"Type": "String", "Value": "x"}}.
Json typedAttributes(const Json& attributes)
{
    Json out = Json::object();
    for (auto it = attributes.begin(); it != attributes.end(); ++it) {
        const Json& v = it.value();
        if (v.is_string())
            out[it.key()] = Json{{"Type", "String"}, {"Value", v}};
        else if (v.is_number())
            out[it.key()] = Json{{"Type", "Number"}, {"Value", v.dump()}};
        else
            out[it.key()] = Json{{"Type", "String.Array"}, {"Value", v.dump()}};
    }
    return out;
}

}  // namespace

std::optional<Micros> Topic::retryDelay(int retry)
{
    if (retry < 1 || retry > kMaxRetries) return std::nullopt;
    if (retry <= kImmediateRetries) return 0;
    retry -= kImmediateRetries;
    if (retry <= kPreBackoffRetries) return kMicrosPerSecond;
    retry -= kPreBackoffRetries;
    if (retry <= kBackoffRetries) return kBackoffMillis[retry - 1] * kMicrosPerMilli;
    return kPostBackoffDelay;
}

Topic::Topic(Engine& engine, int index) : Behaviour(engine, index)
{
    m_fifo = configString("type") == "fifo";
    for (int e : engine.outEdges(index)) {
        const EngineEdge& edge = engine.edge(e);
        if (edge.kind != EdgeKind::Subscription) continue;
        Subscription s;
        s.edge = e;
        const KindInfo* target = Catalog::instance().kind(engine.node(edge.to).kind);
        s.target = target->isQueue ? Target::Queue : target->isFunction ? Target::Function : Target::Inbox;
        s.scope = edgeString(edge, "filterPolicyScope") == "MessageBody" ? FilterPolicyScope::MessageBody
                                                                         : FilterPolicyScope::MessageAttributes;
        s.raw = edgeBool(edge, "rawMessageDelivery");
        auto policy = edge.config.find("filterPolicy");
        if (policy != edge.config.end() && !policy->is_null()) {
            Result<FilterPolicy> parsed = FilterPolicy::parse(*policy, s.scope);
            if (parsed.ok())
                s.policy = std::move(parsed).value();
            else
                s.policyBroken = true;  // the linter reports it; SNS would refuse the subscription
        }
        auto dlq = edge.config.find("deadLetterQueue");
        if (dlq != edge.config.end() && dlq->is_string()) {
            const int n = engine.nodeIndex(QString::fromStdString(dlq->get<std::string>()));
            if (n >= 0 && Catalog::instance().kind(engine.node(n).kind)->isQueue) s.deadLetterQueue = n;
        }
        m_subscriptions.push_back(std::move(s));
    }
}

bool Topic::matches(const Subscription& s, const Message& published) const
{
    if (s.policyBroken) return false;
    if (!s.policy) return true;
    if (s.scope == FilterPolicyScope::MessageBody) {
        // The body as the subscriber would see it, "processedBy" included.
        if (published.stamped()) return s.policy->matches(engine().body(published));
        return s.policy->matches(published.body ? *published.body : Json());
    }
    static const Json kNoAttributes = Json::object();
    return s.policy->matches(published.attributes ? *published.attributes : kNoAttributes);
}

Json Topic::envelope(const Message& published) const
{
    Json e = Json::object();
    e["Type"] = "Notification";
    e["MessageId"] = messageName(published.id);
    e["TopicArn"] = kArnPrefix + id();
    const Json body = engine().body(published);
    e["Message"] = body.is_string() ? body.get<std::string>() : body.dump();
    e["Timestamp"] = isoTime(engine().clock());
    if (published.attributes && published.attributes->is_object() && !published.attributes->empty())
        e["MessageAttributes"] = typedAttributes(*published.attributes);
    return e;
}

void Topic::onDeliver(MessageIndex m, int)
{
    ++stats().received;
    engine().place(m, index(), MessagePlace::Processing);
    // SNS FIFO needs a message group; like the enqueue edge's default, the trace's user is it.
    if (m_fifo && engine().message(m).groupId.empty())
        engine().message(m).groupId = engine().userName(engine().message(m).user);

    // Every queue subscription without raw delivery shares one envelope (the same MessageId).
    JsonPtr queueEnvelope;
    bool delivered = false;
    for (int i = 0; i < int(m_subscriptions.size()); ++i) {
        Subscription& s = m_subscriptions[size_t(i)];
        if (!matches(s, engine().message(m))) continue;
        delivered = true;
        ++s.matched;
        ++m_deliveries;
        JsonPtr body;
        if (s.target == Target::Queue && !s.raw) {
            if (!queueEnvelope) queueEnvelope = std::make_shared<const Json>(envelope(engine().message(m)));
            body = queueEnvelope;
        } else if (s.target == Target::Function) {
            // Lambda always gets the SNS event record (raw delivery is for queues and HTTP).
            Json record{{"EventSource", "aws:sns"},
                        {"EventVersion", "1.0"},
                        {"EventSubscriptionArn", kArnPrefix + id() + ":" + toStd(engine().edge(s.edge).id.value)},
                        {"Sns", envelope(engine().message(m))}};
            body = std::make_shared<const Json>(Json{{"Records", Json::array({std::move(record)})}});
        }
        // newMessage may move the store: read the published message again afterwards.
        const MessageIndex d = engine().newMessage(index(), body, m);
        const Message& in = engine().message(m);
        Message& out = engine().message(d);
        if (!body) {  // inboxes and raw queue deliveries get the body and attributes as published
            out.body = in.body;
            out.processedBy = in.processedBy;
            out.requestOf = in.requestOf;
            out.attributes = in.attributes;
        }
        out.groupId = in.groupId;
        out.deduplicationId = in.deduplicationId;
        deliver(d, i, 0, SlotHandle{});
    }
    if (delivered) {
        engine().finish(m, Fate::Done);
    } else {
        ++m_noSubscriber;
        ++stats().dropped;
        engine().finish(m, Fate::Dropped, "no-subscriber");
    }
}

bool Topic::reachable(const Subscription& s) const
{
    const Fault& f = engine().fault(engine().edge(s.edge).to);
    return !f.down && !(s.target == Target::Inbox && f.pauseConsumers);
}

void Topic::deliver(MessageIndex d, int subscription, int retries, SlotHandle held)
{
    const Subscription& s = m_subscriptions[size_t(subscription)];
    if (reachable(s)) {
        // A function gets an async invoke: from here its own retries and destinations apply,
        // so a failing function runs 1 + 2 times, not SNS's 100 015.
        engine().send(s.edge, d);
        if (!held.isNull()) m_deliveriesHeld.erase(held);
        return;
    }
    if (held.isNull()) held = m_deliveriesHeld.insert(Delivery{d, subscription, 0});
    m_deliveriesHeld.find(held)->retries = retries;
    const std::optional<Micros> wait = retryDelay(retries + 1);
    if (!wait) {
        exhausted(held);
        return;
    }
    engine().place(d, index(), MessagePlace::Pending);
    after(*wait, kRetry, held.payload());
}

void Topic::onTimer(const Event& event)
{
    if (event.kind != kRetry) return;
    const SlotHandle held = SlotHandle::fromPayload(event.payload);
    Delivery* d = m_deliveriesHeld.find(held);
    if (!d) return;
    ++d->retries;
    ++stats().retried;
    const Subscription& s = m_subscriptions[size_t(d->subscription)];
    note(EventType::Retry, d->message, d->retries, "endpoint unreachable", engine().edge(s.edge).to, s.edge);
    deliver(d->message, d->subscription, d->retries, held);
}

void Topic::exhausted(SlotHandle held)
{
    Delivery& d = *m_deliveriesHeld.find(held);
    Subscription& s = m_subscriptions[size_t(d.subscription)];
    ++stats().failed;
    ++s.failed;
    if (s.deadLetterQueue >= 0) {
        ++stats().deadLettered;
        // SQS gets a new message now: its retention counts from here, not from the first try.
        engine().message(d.message).sentAt = engine().now();
        engine().message(d.message).deadLetterSource = index();
        if (engine().observed())
            engine().notify(EngineEvent::deadLettered(index(), s.deadLetterQueue, s.edge, engine().message(d.message),
                                                      d.retries, "endpoint unreachable"));
        engine().transfer(d.message, s.deadLetterQueue);
    } else {
        ++stats().dropped;
        engine().finish(d.message, Fate::Dropped, "sns-delivery-failed");
    }
    m_deliveriesHeld.erase(held);
}

void Topic::forEachHeld(const std::function<void(MessageIndex)>& visit) const
{
    m_deliveriesHeld.forEach([&](const Delivery& d) { visit(d.message); });
}

void Topic::writeReport(Json& out) const
{
    Behaviour::writeReport(out);
    out["received"] = stats().received;  // published to the topic
    out["deliveries"] = m_deliveries;
    out["noSubscriber"] = m_noSubscriber;
    Json subs = Json::array();
    for (const Subscription& s : m_subscriptions) {
        Json j{{"to", engine().nodeId(engine().edge(s.edge).to)}, {"matched", s.matched}};
        if (s.failed) j["failed"] = s.failed;
        if (s.policyBroken) j["filterPolicy"] = "invalid";
        subs.push_back(std::move(j));
    }
    out["subscriptions"] = std::move(subs);
}

// SNS list price: $0.50 per million publishes.
void Topic::addCost(BilledUsage& usage) const
{
    usage.snsPublishes.usdPerMillion = 0.50;
    usage.snsPublishes.units += double(stats().received);
}

ML_BEHAVIOUR_FACTORY(makeTopic, "topic") { return std::make_unique<Topic>(engine, node); }

}  // namespace ml
