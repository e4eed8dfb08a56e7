// queue (SQS): visibility timeout, receive counts, maxReceiveCount and the dead-letter move,
// delay, retention, FIFO groups and deduplication, and the event source mappings that poll it
// in batches (scaling pollers, batch windows, partial batch responses, event filtering). Also
// redrive.
#pragma once

#include "engine/Behaviour.h"
#include "engine/SharedMemo.h"
#include "engine/SlotTable.h"
#include "format/FilterPolicy.h"

#include <deque>
#include <set>
#include <unordered_map>

namespace ml {

class Queue : public Behaviour {
public:
    Queue(Engine& engine, int index);

    void start() override;
    void onDeliver(MessageIndex m, int edge) override;
    void onAnswer(qint64 token, CallId call, const CallResult& result) override;
    void onTimer(const Event& event) override;
    void forEachHeld(const std::function<void(MessageIndex)>& visit) const override;
    void addCost(BilledUsage& usage) const override;
    void writeReport(Json& out) const override;
    void onFaultChanged() override { poll(); }

    bool isFifo() const { return m_fifo; }
    bool isDeadLetterQueue() const { return m_isDlq; }
    std::size_t visibleCount() const { return m_visible.size(); }
    std::size_t inFlightCount() const { return m_inFlightCount; }
    std::size_t delayedCount() const { return m_delayedCount; }
    std::vector<MessageIndex> visibleMessages(std::size_t max) const;

    // Moves this (dead-letter) queue's messages to `target` at up to `perSecond` messages a
    // second; when -1, each message to the queue it was dead-lettered from (as the console's
    // "redrive to source queue(s)"). Returns false when there is no target.
    bool redrive(int target = -1, double perSecond = 500);
    // Moves the visible messages with these ids to `target` now, in queue order (-1: each to the
    // queue it was dead-lettered from, or the DLQ's source); how many moved. Ids not visible here
    // (in flight, gone) are skipped.
    std::size_t redriveMessages(const std::vector<quint64>& ids, int target = -1);
    // A redrive (StartMessageMoveTask) is moving messages out, one every 1/rate virtual seconds;
    // its rate in messages per virtual second (0: none running).
    double redriveRate() const
    {
        return m_redriveTarget >= 0 && m_redriveInterval > 0 ? double(kMicrosPerSecond) / double(m_redriveInterval) : 0;
    }
    // PurgeQueue: deletes the visible messages (dropped as "purged", so the ledger still
    // holds) and returns how many. Messages in flight stay with their consumer and delayed
    // ones arrive later, as a purge only deletes what it can see.
    std::size_t purge();

    // A message sent straight to this queue from outside the diagram's edges.
    void enqueue(MessageIndex m, bool fromDeadLetter);

private:
    // Lambda's SQS pollers: 5 concurrent batches at start, 300 more a minute while there is a
    // backlog, at most 1000.
    static constexpr int kInitialPollers = 5;
    static constexpr int kPollerStep = 300;
    static constexpr int kMaxPollers = 1000;

    enum Timer : qint32 { kVisible = 0, kVisibility = 1, kWindow = 2, kSweep = 3, kRedrive = 4, kScale = 5 };
    struct Mapping {
        int edge;
        int batchSize;
        Micros window;
        int maxConcurrency;  // 0: unlimited
        bool enabled;
        std::vector<FilterPolicy> filters;  // filterCriteria: a message must match one (none: all pass)
        bool filtersBroken = false;         // a pattern Lambda would refuse: nothing passes
        int active = 0;                     // batches being processed
        bool windowOpen = false;            // a batch window timer is pending
    };
    struct Batch {
        std::vector<MessageIndex> messages;
        std::vector<qint32> receipts;  // receive count at receive: a stale receipt deletes nothing
        EventHandle visibility;
        int mapping = -1;
        bool invisible = false;  // its visibility timeout is pending
        bool calling = false;    // the function has not answered yet: the entry stays
    };
    struct InFlight {
        SlotHandle batch;
        qint32 receipt;
    };

    // One handler per timer (onTimer dispatches): a delayed message becomes visible, a batch's
    // visibility timeout passes, the retention sweep, the next redriven message; and, in
    // EventSourceMapping.cpp, a mapping's batch window closes and the pollers scale up.
    // The mapping an event-source edge configures (batch size, window, concurrency, filters).
    Mapping mappingOf(const EngineEdge& edge) const;
    void delayEnded(MessageIndex m);
    void visibilityExpired(SlotHandle batch);
    void retentionSweep();
    void redriveNext();
    void batchWindowClosed(Mapping& mapping);
    void scaleUpPollers();

    void poll();
    bool takeBatch(Mapping& mapping, std::vector<MessageIndex>& out);
    // Lambda event filtering: received messages that match none of the mapping's patterns are
    // deleted without an invocation (counted as filtered); the rest stay in `batch`.
    void filterBatch(const Mapping& mapping, std::vector<MessageIndex>& batch);
    bool passes(const Mapping& mapping, const Message& msg) const;
    bool receive(MessageIndex m);  // false when moved to the DLQ or expired instead
    void makeVisible(MessageIndex m);
    void remove(MessageIndex m);
    bool accept(MessageIndex m);  // FIFO group/dedup checks; false when dropped
    int pollerLimit() const;
    void scheduleSweep();

    bool m_fifo;
    bool m_isDlq = false;
    bool m_contentDedup;
    Micros m_visibilityTimeout;
    Micros m_delay;
    Micros m_retention;
    int m_maxReceiveCount;  // 0: no redrive policy
    int m_deadLetterEdge = -1;
    int m_deadLetterSourceNode = -1;
    qint64 m_maxMessageSize;

    std::deque<MessageIndex> m_visible;
    std::unordered_map<MessageIndex, InFlight> m_inFlight;
    std::size_t m_inFlightCount = 0;
    std::set<MessageIndex> m_delayed;
    std::size_t m_delayedCount = 0;
    SlotTable<Batch> m_batches;  // the visibility timer's payload and the call's token are the handle
    std::vector<Mapping> m_mappings;
    std::unordered_map<std::string, int> m_groupsInFlight;  // FIFO: group → messages in flight
    std::unordered_map<std::string, Micros> m_dedup;        // FIFO: dedup id → when first seen
    std::deque<std::pair<Micros, std::string>> m_dedupOrder;
    quint64 m_filtered = 0;
    int m_pollers = 5;  // concurrent batches the pollers allow now (scales up)
    bool m_scaling = false;
    bool m_sweepPending = false;
    EventHandle m_sweep;
    SharedMemo<bool> m_tooLarge;
    int m_redriveTarget = -1;
    bool m_redriveToSource = false;  // each message back to its own source queue
    quint64 m_purged = 0;
    Micros m_redriveInterval = 0;
};

}  // namespace ml
