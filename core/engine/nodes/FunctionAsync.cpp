// What happens after an async (Event) invocation, and the destinations of every function
// (SEMANTICS "Functions"): retries after 1 min and 2 min, throttle backoff until maxEventAge,
// reserved concurrency 0 (no retries), and the invocation records Lambda sends to on-success
// and on-failure destinations — which Microlab also sends for queue-driven successes. Also the
// throttled queue batch, which the event source mapping holds and invokes again.
#include "engine/nodes/Function.h"

#include <QDateTime>

namespace ml {

namespace {

// Lambda's async retry waits: 1 minute before the first retry, 2 minutes before the second.
constexpr Micros kAsyncRetryDelay[] = {kMicrosPerMinute, 2 * kMicrosPerMinute};
// Throttled async events back off from 1 s, doubling, up to 5 minutes.
constexpr Micros kThrottleBackoffMin = kMicrosPerSecond;
constexpr Micros kThrottleBackoffMax = 5 * kMicrosPerMinute;
// A throttled queue batch is invoked again after 1 s, doubling, up to 20 s: the poller keeps
// trying while the batch's visibility timeout runs.
constexpr Micros kBatchBackoffMax = 20 * kMicrosPerSecond;

const char* dropReason(std::string_view condition)
{
    if (condition == "EventAgeExceeded") return "async-event-age-exceeded";
    if (condition == "RecursiveInvocationException") return "recursive-loop";
    return "async-retries-exhausted";
}

}  // namespace

Json Function::invocationRecord(MessageIndex m, quint64 requestId, const char* condition, int invokeCount,
                                const std::string& error, const Json* response) const
{
    const std::string timestamp =
        toStd(QDateTime::fromMSecsSinceEpoch(engine().clock() / kMicrosPerMilli, Qt::UTC).toString(Qt::ISODateWithMs));
    Json responseContext{{"statusCode", 200}, {"executedVersion", "$LATEST"}};
    if (!response) responseContext["functionError"] = error;
    Json record{{"version", "1.0"},
                {"timestamp", timestamp},
                {"requestContext",
                 {{"requestId", std::to_string(requestId)},
                  {"functionArn", id()},
                  {"condition", condition},
                  {"approximateInvokeCount", invokeCount}}},
                {"requestPayload", engine().body(engine().message(m))},
                {"responseContext", std::move(responseContext)}};
    if (response) record["responsePayload"] = *response;
    return record;
}

void Function::sendSuccessRecords(const Invocation& inv)
{
    for (int i = 0; i < int(inv.messages.size()); ++i) {
        if (std::find(inv.failedItems.begin(), inv.failedItems.end(), i) != inv.failedItems.end()) continue;
        const MessageIndex m = inv.messages[size_t(i)];
        // A kind's own result wins; otherwise each input's default result (itself + processedBy).
        const Message& in = engine().message(m);
        const Json response = inv.result ? *inv.result : engine().body(in.body, index(), in.requestOf);
        // From a queue, the message's receive count is how often it was handed to a function.
        const int invokeCount = inv.source == Invocation::Source::Batch ? in.receiveCount : inv.attempt;
        for (int e : engine().outEdges(index())) {
            if (engine().edge(e).when != EdgeWhen::Success) continue;
            Json record = invocationRecord(m, inv.requestId, "Success", invokeCount, {}, &response);
            sendDerived(e, m, std::make_shared<const Json>(std::move(record)));
        }
    }
}

void Function::afterAsync(Invocation& inv, bool ok, const std::string& error)
{
    const MessageIndex m = inv.messages.front();
    if (ok) {
        sendSuccessRecords(inv);
        engine().finish(m, Fate::Done);
        return;
    }
    const AsyncEvent event{inv.requestId, inv.attempt, inv.firstSeen, 0};
    if (inv.attempt <= m_maxRetries) {
        const Micros delay = kAsyncRetryDelay[std::min(inv.attempt - 1, 1)];
        // Lambda keeps an event no longer than maxEventAge, retries included.
        if (engine().now() + delay - inv.firstSeen > m_maxEventAge) {
            asyncFailed(m, event, "EventAgeExceeded", error, inv.attempt);
            return;
        }
        ++stats().retried;
        note(EventType::Retry, m, inv.attempt, error);
        AsyncEvent next = event;
        ++next.attempt;
        retryLater(m, next, delay, kAsyncRetry);
        return;
    }
    asyncFailed(m, event, "RetriesExhausted", error, inv.attempt);
}

void Function::throttledAsync(MessageIndex m, const AsyncEvent& event)
{
    // Reserved concurrency 0 can never run the event: Lambda sends it to the on-failure
    // destination at once, without retries (SEMANTICS "Functions").
    if (concurrencyLimit() == 0) {
        asyncFailed(m, event, "RetriesExhausted", "TooManyRequestsException", 0, "reserved-concurrency-zero");
        return;
    }
    AsyncEvent next = event;
    if (next.firstSeen < 0) next.firstSeen = engine().now();
    next.backoff = std::clamp(event.backoff * 2, kThrottleBackoffMin, kThrottleBackoffMax);
    if (engine().now() + next.backoff - next.firstSeen > m_maxEventAge)
        asyncFailed(m, next, "EventAgeExceeded", "TooManyRequestsException", event.attempt);
    else
        retryLater(m, next, next.backoff, kThrottleRetry);
}

bool Function::sendFailureRecord(MessageIndex m, const AsyncEvent& event, const char* condition,
                                 const std::string& error, int invokeCount)
{
    bool sent = false;
    for (int e : engine().outEdges(index())) {
        if (engine().edge(e).when != EdgeWhen::Failure) continue;
        Json record = invocationRecord(m, event.requestId, condition, invokeCount, error, nullptr);
        sendDerived(e, m, std::make_shared<const Json>(std::move(record)));
        sent = true;
    }
    return sent;
}

void Function::asyncFailed(MessageIndex m, const AsyncEvent& event, const char* condition, const std::string& error,
                           int invokeCount, const char* reason)
{
    if (sendFailureRecord(m, event, condition, error, invokeCount))
        engine().finish(m, Fate::Done);
    else
        engine().finish(m, Fate::Dropped, reason ? reason : dropReason(condition));
}

void Function::retryLater(MessageIndex m, const AsyncEvent& event, Micros delay, Timer kind)
{
    const SlotHandle waiting = m_waiting.insert(Waiting{m, event});
    engine().place(m, index(), MessagePlace::Pending);
    after(delay, kind, waiting.payload());
}

void Function::retryDue(SlotHandle waiting, bool throttled)
{
    const Waiting* w = m_waiting.find(waiting);
    if (!w) return;
    const MessageIndex m = w->message;
    AsyncEvent next = w->event;
    m_waiting.erase(waiting);
    engine().place(m, index(), MessagePlace::Processing);
    if (!throttled) next.backoff = 0;
    tryStart(Invocation::Source::Async, CallId{}, -1, {m}, next);
}

// Lambda's rule for queues (SEMANTICS "Functions": a queue-driven invocation over the reserved
// concurrency waits and retries): the event source mapping keeps the batch and invokes again after
// a backoff. The batch stays in flight meanwhile, so a visibility timeout shorter than the wait
// returns its messages to the queue — received again with receiveCount + 1, and dead-lettered early
// past maxReceiveCount. That is why Lambda asks for a visibility timeout of 6× the function timeout.
void Function::throttledBatch(HeldBatch held)
{
    if (held.receipts.empty())
        for (MessageIndex m : held.messages)
            held.receipts.emplace_back(engine().message(m).id, engine().message(m).receiveCount);
    held.backoff = std::clamp(held.backoff * 2, kThrottleBackoffMin, kBatchBackoffMax);
    const Micros delay = held.backoff;
    after(delay, kBatchRetry, m_heldBatches.insert(std::move(held)).payload());
}

void Function::batchRetryDue(SlotHandle handle)
{
    HeldBatch* found = m_heldBatches.find(handle);
    if (!found) return;
    HeldBatch held = std::move(*found);
    m_heldBatches.erase(handle);
    // A message that came back (its visibility timeout ended) or left the queue since: the batch's
    // receipts are stale, so the poller gives it up; the queue has those messages again.
    for (std::size_t i = 0; i < held.messages.size(); ++i) {
        const bool live = engine().messages().isLive(held.messages[i]);
        const Message* msg = live ? &engine().message(held.messages[i]) : nullptr;
        if (!msg || msg->id != held.receipts[i].first || msg->receiveCount != held.receipts[i].second) {
            CallResult r;
            r.status = 429;
            r.error = "TooManyRequestsException";
            r.body = std::make_shared<const Json>(Json{{"message", "Rate Exceeded."}});
            engine().answer(held.call, std::move(r));
            return;
        }
    }
    AsyncEvent event;
    event.backoff = held.backoff;
    // Throttled again: tryStart holds it once more, the backoff doubled.
    tryStart(Invocation::Source::Batch, held.call, held.edge, std::move(held.messages), event);
}

}  // namespace ml
