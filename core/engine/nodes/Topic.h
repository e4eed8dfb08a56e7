// topic (SNS): fans each published message out to every subscription whose filter policy
// matches (queues, inboxes, functions). Functions are invoked asynchronously (Lambda's own
// retries and destinations apply); SNS's delivery policy retries only endpoints it cannot reach
// (a node marked down, a paused inbox), and then the delivery goes to the subscription's DLQ.
#pragma once

#include "engine/Behaviour.h"
#include "engine/SlotTable.h"
#include "format/FilterPolicy.h"

#include <optional>

namespace ml {

class Topic : public Behaviour {
public:
    Topic(Engine& engine, int index);

    void onDeliver(MessageIndex m, int edge) override;
    void onTimer(const Event& event) override;
    void forEachHeld(const std::function<void(MessageIndex)>& visit) const override;
    void addCost(BilledUsage& usage) const override;
    void writeReport(Json& out) const override;

    bool isFifo() const { return m_fifo; }
    quint64 deliveries() const { return m_deliveries; }

    // SNS's delivery policy for Lambda and SQS endpoints (used while the endpoint cannot be
    // reached): 3 immediate retries, 2 one second
    // apart, 10 backing off from 1 s to 20 s, then 100 000 every 20 s — AWS's "100,015 attempts
    // over 23 days". The wait before retry number `retry` (1-based); nullopt once exhausted.
    static std::optional<Micros> retryDelay(int retry);
    static constexpr int kImmediateRetries = 3;
    static constexpr int kPreBackoffRetries = 2;
    static constexpr int kBackoffRetries = 10;
    static constexpr int kPostBackoffRetries = 100000;
    static constexpr int kMaxRetries = kImmediateRetries + kPreBackoffRetries + kBackoffRetries + kPostBackoffRetries;

private:
    enum Timer : qint32 { kRetry = 0 };
    enum class Target : quint8 { Queue, Inbox, Function };
    struct Subscription {
        int edge = -1;
        Target target = Target::Queue;
        std::optional<FilterPolicy> policy;  // unset: every message
        bool policyBroken = false;           // a policy SNS would refuse: the subscription gets nothing
        FilterPolicyScope scope = FilterPolicyScope::MessageAttributes;
        bool raw = false;          // rawMessageDelivery
        int deadLetterQueue = -1;  // node index of the subscription's DLQ
        quint64 matched = 0;
        quint64 failed = 0;
    };
    // A delivery whose endpoint could not be reached, held here until it can or the policy ends.
    struct Delivery {
        MessageIndex message = kNoMessage;
        int subscription = -1;
        int retries = 0;
    };

    bool matches(const Subscription& s, const Message& published) const;
    MessageIndex deliveryFor(const Subscription& s, MessageIndex published, const Json*& envelope);
    Json envelope(const Message& published) const;
    // The endpoint takes deliveries: not marked down, and (an inbox) not paused.
    bool reachable(const Subscription& s) const;
    // Hands `d` to the subscription's endpoint, or holds it for SNS's next retry.
    // `held`: the delivery's entry when it is a retry (null the first time).
    void deliver(MessageIndex d, int subscription, int retries, SlotHandle held);
    void exhausted(SlotHandle held);

    bool m_fifo = false;
    std::vector<Subscription> m_subscriptions;
    SlotTable<Delivery> m_deliveriesHeld;  // the retry timer's payload is the handle
    quint64 m_deliveries = 0;
    quint64 m_noSubscriber = 0;
};

}  // namespace ml
