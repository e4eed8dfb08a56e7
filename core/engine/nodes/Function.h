// What the nine microservice kinds share (SEMANTICS "Functions"): invocation types (sync,
// async with retries and destinations, batches from queues), reserved concurrency and
// throttling, cold starts, latency, timeouts, error rate, faults, START/END/REPORT log lines.
// A kind overrides work() to decide what an invocation does.
#pragma once

#include "engine/Behaviour.h"
#include "engine/SlotTable.h"
#include "engine/nodes/Latency.h"

#include <deque>

namespace ml {

struct Invocation {
    enum class Source : quint8 { Sync, Async, Batch };
    Source source = Source::Sync;
    SlotHandle self;  // its entry in the function's invocation table (timers and calls carry it)
    CallId call;      // Sync and Batch: the call to answer
    int inEdge = -1;
    std::vector<MessageIndex> messages;  // the inputs (one, or a batch)
    Micros start = 0;
    Micros duration = 0;    // sampled compute time
    EventHandle timer;      // end of compute, or the timeout while waiting on calls
    quint64 requestId = 0;  // async: the event's, kept across its retries (as Lambda does)
    int attempt = 1;        // async: 1 + retries so far
    int pendingCalls = 0;   // sub-calls still out
    std::vector<CallId> calls;
    std::vector<int> failedItems;  // partial batch response
    JsonPtr result;                // the response body of a successful invocation
    int status = 200;
    bool cold = false;
    bool computing = true;  // still inside the sampled latency
    Micros firstSeen = 0;   // async: when the event first arrived (event age)
    Micros backoff = 0;     // async: the last throttle backoff
};

// An async event's identity across its attempts: its request id, the attempt, when it first
// arrived (event age) and the last throttle backoff.
struct AsyncEvent {
    quint64 requestId = 0;  // 0: not assigned yet (a new event)
    int attempt = 1;
    Micros firstSeen = -1;
    Micros backoff = 0;
};

class Function : public Behaviour {
public:
    Function(Engine& engine, int index);

    void onDeliver(MessageIndex m, int edge) override;
    void onCall(CallId call, int edge) override;
    void onAnswer(qint64 token, CallId call, const CallResult& result) override;
    void onTimer(const Event& event) override;
    void forEachHeld(const std::function<void(MessageIndex)>& visit) const override;
    void addCost(BilledUsage& usage) const override;
    void writeReport(Json& out) const override;

    int active() const { return m_active; }
    std::optional<int> concurrencyLimit() const;

protected:
    // The invocation's work, at the end of its compute time. Default: send each input along
    // every "always" edge (async invokes, queues, topics, pushes) and call the sync invokes;
    // succeed when every call has answered. Kinds override this.
    virtual void work(Invocation& inv);
    // An answer to a sub-call made with callFrom(); default: fail on an error answer,
    // succeed once all have answered.
    virtual void onCallAnswered(Invocation& inv, int edge, const CallResult& result);

    // Ends the invocation: success (status 2xx, result body) or failure (error text).
    void succeed(Invocation& inv, JsonPtr result = nullptr, int status = 200);
    void fail(Invocation& inv, const std::string& error, int status = 502);
    // Makes a sync call on behalf of an invocation (answers arrive in onCallAnswered).
    void callFrom(Invocation& inv, int edge, MessageIndex message);
    // A new message caused by `input`, sent along `edge` (its body is the input's, stamped
    // "processedBy" this node, unless `body` is given).
    MessageIndex sendDerived(int edge, MessageIndex input, JsonPtr body = nullptr, Micros delay = 0);
    // Sends `input` along every matching "always" edge of kinds that carry messages.
    void sendOutputs(Invocation& inv, MessageIndex input);
    const std::vector<int>& outputs() const { return m_outputs; }

private:
    enum Timer : qint32 { kEnd = 0, kTimeout = 1, kAsyncRetry = 2, kThrottleRetry = 3, kBatchRetry = 4 };
    // Recursive loop detection: true (and counted, logged) when an input's chain of events
    // already ran this function kRecursiveLoopLimit times.
    bool stopsRecursion(const std::vector<MessageIndex>& inputs);
    bool tryStart(Invocation::Source source, CallId call, int edge, std::vector<MessageIndex> messages,
                  AsyncEvent event = {});
    // With partial batch responses: which items of the batch fail (each draws on its own; from a
    // FIFO queue the function stops at the first failure and reports it and every later item).
    void drawFailedItems(Invocation& inv);
    void endInvocation(Invocation& inv, bool ok, const std::string& error, int status);

    // One handler per timer: the compute time is over, the invocation's own timeout passed.
    void computeEnded(Invocation& inv);
    void invocationTimedOut(Invocation& inv);

    // FunctionAsync.cpp: async retries, throttle backoff, event age, on-success / on-failure
    // destinations and their invocation records.
    // A waiting async event's retry or backoff is due (the kAsyncRetry / kThrottleRetry timer).
    void retryDue(SlotHandle waiting, bool throttled);
    void afterAsync(Invocation& inv, bool ok, const std::string& error);
    void throttledAsync(MessageIndex m, const AsyncEvent& event);
    // The event is given up: its record to the on-failure destinations, or dropped and counted
    // (`reason`, else one named after the condition).
    void asyncFailed(MessageIndex m, const AsyncEvent& event, const char* condition, const std::string& error,
                     int invokeCount, const char* reason = nullptr);
    // The invocation record to every on-failure destination; false when there is none.
    bool sendFailureRecord(MessageIndex m, const AsyncEvent& event, const char* condition, const std::string& error,
                           int invokeCount);
    // The success record of each input that did not fail, to every on-success destination
    // (async invocations, and queue-driven ones: a Microlab rule, SEMANTICS "worker").
    void sendSuccessRecords(const Invocation& inv);
    // Lambda's destination record: version, timestamp, requestContext, requestPayload,
    // responseContext and (on success) responsePayload.
    Json invocationRecord(MessageIndex m, quint64 requestId, const char* condition, int invokeCount,
                          const std::string& error, const Json* response) const;
    void retryLater(MessageIndex m, const AsyncEvent& event, Micros delay, Timer kind);
    // A queue's batch over the reserved concurrency: the event source mapping holds it and
    // invokes again after a backoff, while its visibility timeout runs (FunctionAsync.cpp).
    struct HeldBatch {
        CallId call{};
        int edge = -1;
        std::vector<MessageIndex> messages;
        std::vector<std::pair<quint64, qint32>> receipts;  // each message's id and receive count
        Micros backoff = 0;
    };
    void throttledBatch(HeldBatch held);
    void batchRetryDue(SlotHandle handle);
    double errorRate() const;
    void abandonCalls(Invocation& inv);
    void logLine(Urgency urgency, const Invocation& inv, const std::string& text, Json data = Json());
    // Without a handler the result is the input body with "processedBy" this node (SEMANTICS).
    JsonPtr defaultResult(const Invocation& inv) const;

    LatencyModel m_latency;
    Micros m_timeout;
    Micros m_coldStart;
    Micros m_keepWarm;
    Micros m_maxEventAge;
    int m_maxRetries;
    double m_memoryGb;
    double m_errorRate;
    std::optional<int> m_concurrency;
    std::vector<int> m_outputs;      // "always" edges that carry messages
    std::vector<int> m_fifoEdges;    // enqueue edges to FIFO queues: messages need a group id
    std::vector<int> m_fifoSources;  // event source mappings of FIFO queues (ordered partial failures)
    bool m_hasSuccessEdges = false;
    SlotTable<Invocation> m_invocations;  // the running ones; timers' payloads and calls' tokens are handles
    std::deque<Micros> m_idle;            // warm instances: when each became idle (most recent at the back)
    int m_active = 0;
    quint64 m_nextRequest = 1;
    // Async events waiting for a retry or a throttle backoff; the timer's payload is the handle.
    struct Waiting {
        MessageIndex message = kNoMessage;
        AsyncEvent event;
    };
    SlotTable<Waiting> m_waiting;
    SlotTable<HeldBatch> m_heldBatches;
    std::vector<MessageIndex> m_heldByCalls;  // messages out on sub-calls, ours until answered
};

}  // namespace ml
