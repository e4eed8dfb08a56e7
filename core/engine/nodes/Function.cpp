#include "engine/nodes/Function.h"

#include "engine/nodes/Logs.h"
#include "format/Duration.h"
#include "model/Catalog.h"

#include <cstdio>

namespace ml {

namespace {

bool carriesMessages(EdgeKind k) { return k == EdgeKind::Invoke || k == EdgeKind::Enqueue || k == EdgeKind::Push; }

}  // namespace

Function::Function(Engine& engine, int index) : Behaviour(engine, index)
{
    m_latency = LatencyModel::fromJson(config().value("latency", Json::object()));
    m_timeout = configDuration("timeout");
    m_coldStart = configDuration("coldStart");
    m_keepWarm = configDuration("keepWarm");
    m_maxEventAge = configDuration("maxEventAge");
    m_maxRetries = int(configNumber("maxRetryAttempts"));
    m_memoryGb = configNumber("memoryMb") / 1024.0;
    m_errorRate = configNumber("errorRate");
    if (config().contains("concurrency") && config()["concurrency"].is_number())
        m_concurrency = config()["concurrency"].get<int>();
    auto isFifoQueue = [&](int node) {
        const Node& n = engine.node(node);
        return Catalog::instance().kind(n.kind)->isQueue &&
               Catalog::instance().effectiveConfig(n.kind, n.config).value("type", std::string()) == "fifo";
    };
    for (int e : engine.outEdges(index)) {
        const EngineEdge& edge = engine.edge(e);
        if (carriesMessages(edge.kind) && edge.when == EdgeWhen::Always) m_outputs.push_back(e);
        m_hasSuccessEdges |= edge.when == EdgeWhen::Success;
        if (edge.kind == EdgeKind::Enqueue && isFifoQueue(edge.to)) m_fifoEdges.push_back(e);
    }
    for (int e : engine.inEdges(index))
        if (engine.edge(e).kind == EdgeKind::EventSource && isFifoQueue(engine.edge(e).from))
            m_fifoSources.push_back(e);
}

std::optional<int> Function::concurrencyLimit() const
{
    const Fault& f = engine().fault(index());
    if (f.throttle) return f.throttle;
    return m_concurrency;
}

double Function::errorRate() const
{
    const Fault& f = engine().fault(index());
    return f.errorRate ? *f.errorRate : m_errorRate;
}

void Function::onDeliver(MessageIndex m, int edge)
{
    // An async (Event) invocation: the message is ours until it succeeds or is given up.
    engine().place(m, index(), MessagePlace::Processing);
    ++stats().received;
    AsyncEvent event;
    event.requestId = m_nextRequest++;
    event.firstSeen = engine().now();
    if (stopsRecursion({m})) {
        // Lambda sends the stopped event to the on-failure destination (or drops it).
        asyncFailed(m, event, "RecursiveInvocationException", "RecursiveInvocationException", 1);
        return;
    }
    tryStart(Invocation::Source::Async, CallId{}, edge, {m}, event);
}

void Function::onCall(CallId call, int edge)
{
    ++stats().received;
    const std::vector<MessageIndex>& ms = engine().callMessages(call);
    if (stopsRecursion(ms)) {
        // A queue keeps the batch (it returns after the visibility timeout and reaches the DLQ
        // at maxReceiveCount); a synchronous caller gets the exception. (Topics invoke
        // asynchronously: their deliveries arrive in onDeliver.)
        CallResult r;
        r.status = 400;
        r.error = "RecursiveInvocationException";
        static const JsonPtr body = std::make_shared<const Json>(Json{{"message", "Recursive loop detected"}});
        r.body = body;
        engine().answer(call, std::move(r));
        return;
    }
    const EngineEdge& e = engine().edge(edge);
    const auto source = e.kind == EdgeKind::EventSource ? Invocation::Source::Batch : Invocation::Source::Sync;
    tryStart(source, call, edge, ms);
}

bool Function::stopsRecursion(const std::vector<MessageIndex>& inputs)
{
    for (MessageIndex m : inputs) {
        const Message& msg = engine().message(m);
        if (msg.runsOf(index()) < kRecursiveLoopLimit) continue;
        ++stats().recursiveLoops;
        note(EventType::RecursionStopped, m, kRecursiveLoopLimit);
        engine().log(index(), Urgency::Warning, Sensitivity::Normal, 0, msg.user,
                     engine().loggingEnabled()
                         ? "Recursive loop detected: invocation stopped after " + std::to_string(kRecursiveLoopLimit) +
                               " by the same chain of events"
                         : std::string(),
                     engine().loggingEnabled() ? Json{{"traceId", messageName(msg.traceId)}} : Json());
        return true;
    }
    return false;
}

bool Function::tryStart(Invocation::Source source, CallId call, int edge, std::vector<MessageIndex> messages,
                        AsyncEvent event)
{
    const std::optional<int> limit = concurrencyLimit();
    if (limit && m_active >= *limit) {
        ++stats().throttled;
        note(EventType::Throttled, messages.empty() ? kNoMessage : messages.front(), m_active);
        if (source == Invocation::Source::Async) {
            throttledAsync(messages.front(), event);
        } else if (source == Invocation::Source::Batch && *limit > 0 &&
                   Catalog::instance().kind(engine().node(engine().edge(edge).from).kind)->isQueue) {
            throttledBatch(HeldBatch{call, edge, std::move(messages), {}, event.backoff});
        } else {
            CallResult r;
            r.status = 429;
            r.error = "TooManyRequestsException";
            r.body = std::make_shared<const Json>(Json{{"message", "Rate Exceeded."}});
            engine().answer(call, std::move(r));
        }
        return false;
    }

    const SlotHandle self = m_invocations.insert();
    Invocation& inv = *m_invocations.find(self);
    inv.self = self;
    inv.source = source;
    inv.call = call;
    inv.inEdge = edge;
    inv.messages = std::move(messages);
    inv.start = engine().now();
    inv.requestId = event.requestId != 0 ? event.requestId : m_nextRequest++;
    inv.attempt = event.attempt;
    inv.firstSeen = event.firstSeen < 0 ? engine().now() : event.firstSeen;
    inv.backoff = event.backoff;
    ++m_active;
    ++stats().invoked;

    // A warm instance if one idled less than keepWarm ago; otherwise a cold start.
    while (!m_idle.empty() && engine().now() - m_idle.front() > m_keepWarm) m_idle.pop_front();
    if (!m_idle.empty()) {
        m_idle.pop_back();
    } else {
        inv.cold = true;
        ++stats().coldStarts;
    }
    inv.duration = m_latency.sample(random()) + engine().fault(index()).addedLatency + (inv.cold ? m_coldStart : 0);
    note(EventType::InvokeStart, inv.messages.empty() ? kNoMessage : inv.messages.front(), qint64(inv.messages.size()));
    if (engine().loggingEnabled()) logLine(Urgency::Debug, inv, "START RequestId: " + std::to_string(inv.requestId));
    inv.timer = after(std::min(inv.duration, m_timeout), kEnd, self.payload());
    return true;
}

void Function::onTimer(const Event& event)
{
    switch (event.kind) {
    case kEnd:
        if (Invocation* inv = m_invocations.find(SlotHandle::fromPayload(event.payload))) computeEnded(*inv);
        return;
    case kTimeout:
        if (Invocation* inv = m_invocations.find(SlotHandle::fromPayload(event.payload))) invocationTimedOut(*inv);
        return;
    case kAsyncRetry: retryDue(SlotHandle::fromPayload(event.payload), false); return;
    case kThrottleRetry: retryDue(SlotHandle::fromPayload(event.payload), true); return;
    case kBatchRetry: batchRetryDue(SlotHandle::fromPayload(event.payload)); return;
    default: return;
    }
}

void Function::computeEnded(Invocation& inv)
{
    inv.computing = false;
    if (inv.duration > m_timeout) {
        ++stats().timedOut;
        note(EventType::TimedOut, inv.messages.empty() ? kNoMessage : inv.messages.front(), m_timeout);
        fail(inv, "Task timed out after " + duration::format(m_timeout).toStdString(), 504);
        return;
    }
    const Fault& f = engine().fault(index());
    if (f.down) {
        fail(inv, "Service unavailable (fault: down)", 502);
        return;
    }
    // One draw per invocation, whatever the outcome, so faults don't shift later draws.
    const bool error = random().bernoulli(errorRate());
    const bool partial =
        inv.source == Invocation::Source::Batch && edgeBool(engine().edge(inv.inEdge), "reportBatchItemFailures");
    if (error && !partial) {
        fail(inv, "Unhandled error", 502);
        return;
    }
    if (partial) drawFailedItems(inv);
    work(inv);
}

void Function::invocationTimedOut(Invocation& inv)
{
    ++stats().timedOut;
    note(EventType::TimedOut, inv.messages.empty() ? kNoMessage : inv.messages.front(), m_timeout);
    abandonCalls(inv);
    fail(inv, "Task timed out after " + duration::format(m_timeout).toStdString(), 504);
}

void Function::drawFailedItems(Invocation& inv)
{
    const bool fifo = std::find(m_fifoSources.begin(), m_fifoSources.end(), inv.inEdge) != m_fifoSources.end();
    for (int i = 0; i < int(inv.messages.size()); ++i) {
        if (!random().bernoulli(errorRate())) continue;
        if (!fifo) {
            inv.failedItems.push_back(i);
            continue;
        }
        // FIFO: processing stops here; this item and every later one come back, so no group
        // gets a later message deleted before an earlier one (AWS's documented handler shape).
        for (int j = i; j < int(inv.messages.size()); ++j) inv.failedItems.push_back(j);
        return;
    }
}

void Function::work(Invocation& inv)
{
    for (int i = 0; i < int(inv.messages.size()); ++i)
        if (std::find(inv.failedItems.begin(), inv.failedItems.end(), i) == inv.failedItems.end())
            sendOutputs(inv, inv.messages[size_t(i)]);
    if (inv.pendingCalls == 0) succeed(inv);
}

void Function::abandonCalls(Invocation& inv)
{
    // The engine drops the call's message when the callee answers; it is no longer ours.
    for (CallId c : inv.calls) {
        for (MessageIndex m : engine().callMessages(c))
            m_heldByCalls.erase(std::remove(m_heldByCalls.begin(), m_heldByCalls.end(), m), m_heldByCalls.end());
        engine().abandon(c);
    }
    inv.calls.clear();
}

void Function::sendOutputs(Invocation& inv, MessageIndex input)
{
    for (int e : m_outputs) {
        const EngineEdge& edge = engine().edge(e);
        if (edge.kind == EdgeKind::Invoke && edge.sync)
            callFrom(inv, e, input);
        else
            sendDerived(e, input);
    }
    // The default output is also written to the tables and buckets the function is wired to
    // (a put). Not in outputs(): kinds that use their stores themselves (crud, gatekeeper, the
    // websocket handler's connections table) must not store their outputs there.
    for (int e : engine().outEdges(index()))
        if (engine().edge(e).kind == EdgeKind::DataAccess) sendDerived(e, input);
}

MessageIndex Function::sendDerived(int edge, MessageIndex input, JsonPtr body, Micros delay)
{
    const bool given = body != nullptr;
    JsonPtr b = given ? std::move(body) : engine().message(input).body;
    const MessageIndex m = engine().newMessage(index(), std::move(b), input);
    // newMessage may move the store: read the input only afterwards.
    const Message& in = engine().message(input);
    Message& out = engine().message(m);
    if (!given) {
        out.processedBy = index();
        out.requestOf = in.requestOf;
    }
    out.attributes = in.attributes;
    out.groupId = in.groupId;
    if (!m_fifoEdges.empty() && std::find(m_fifoEdges.begin(), m_fifoEdges.end(), edge) != m_fifoEdges.end()) {
        // A FIFO queue refuses messages without a group: the edge's groupId, else the input's,
        // else the trace's user (the Catalog's default for the enqueue edge).
        const Json& group = engine().edge(edge).config.value("groupId", Json());
        if (group.is_string() && !group.get<std::string>().empty())
            out.groupId = group.get<std::string>();
        else if (out.groupId.empty())
            out.groupId = engine().userName(out.user);
    }
    if (engine().edge(edge).kind == EdgeKind::Enqueue) ++stats().published;
    engine().send(edge, m, delay);
    return m;
}

void Function::callFrom(Invocation& inv, int edge, MessageIndex message)
{
    const MessageIndex m = engine().newMessage(index(), engine().message(message).body, message);
    engine().message(m).processedBy = index();
    engine().message(m).requestOf = engine().message(message).requestOf;
    engine().place(m, index(), MessagePlace::Transit);
    ++inv.pendingCalls;
    const CallId c = engine().call(edge, {m}, inv.self.payload());
    inv.calls.push_back(c);
    // While waiting on calls the invocation's own timeout still runs.
    if (!inv.timer.isNull() && !engine().kernel().isPending(inv.timer))
        inv.timer = after(inv.start + m_timeout - engine().now(), kTimeout, inv.self.payload());
    m_heldByCalls.push_back(m);
}

void Function::onAnswer(qint64 token, CallId call, const CallResult& result)
{
    Invocation* inv = m_invocations.find(SlotHandle::fromPayload(token));
    // The message we sent for the call ends here: the callee answered it.
    const std::vector<MessageIndex>& ms = engine().callMessages(call);
    for (MessageIndex m : ms) {
        m_heldByCalls.erase(std::remove(m_heldByCalls.begin(), m_heldByCalls.end(), m), m_heldByCalls.end());
        // Answered, whatever the status: the invocation's own message carries the outcome.
        engine().finish(m, Fate::Done);
    }
    if (!inv) return;  // ended since (its calls were abandoned, so this is not expected)
    inv->calls.erase(std::remove(inv->calls.begin(), inv->calls.end(), call), inv->calls.end());
    --inv->pendingCalls;
    onCallAnswered(*inv, engine().callEdge(call), result);
}

void Function::onCallAnswered(Invocation& inv, int, const CallResult& result)
{
    if (!result.ok()) {
        fail(inv, result.error.empty() ? "downstream error " + std::to_string(result.status) : result.error, 502);
        return;
    }
    if (inv.pendingCalls == 0) succeed(inv, result.body);
}

void Function::succeed(Invocation& inv, JsonPtr result, int status)
{
    inv.result = std::move(result);
    endInvocation(inv, true, {}, status);
}

void Function::fail(Invocation& inv, const std::string& error, int status) { endInvocation(inv, false, error, status); }

void Function::endInvocation(Invocation& inv, bool ok, const std::string& error, int status)
{
    // An invocation ends once: through a reference held across its end, `inv` reads as a null
    // entry, which finds nothing.
    const SlotHandle self = inv.self;
    if (!m_invocations.find(self)) return;
    engine().kernel().cancel(inv.timer);
    abandonCalls(inv);
    const Micros took = engine().now() - inv.start;
    stats().latency.add(took);
    // Lambda bills in 1 ms steps.
    const double billedSeconds = double((took + kMicrosPerMilli - 1) / kMicrosPerMilli) / 1000.0;
    stats().gbSeconds += billedSeconds * m_memoryGb;
    --m_active;
    m_idle.push_back(engine().now());
    if (ok)
        ++stats().succeeded;
    else
        ++stats().failed;
    note(EventType::InvokeEnd, inv.messages.empty() ? kNoMessage : inv.messages.front(), took, ok ? "success" : error);
    if (engine().loggingEnabled()) {
        if (!ok) logLine(Urgency::Warning, inv, error);
        logLine(Urgency::Debug, inv, "END RequestId: " + std::to_string(inv.requestId));
        // Lambda's REPORT line: duration to 2 decimals, billed duration in whole ms.
        char duration[32];
        std::snprintf(duration, sizeof duration, "%.2f", double(took) / 1000.0);
        logLine(Urgency::Debug, inv,
                "REPORT RequestId: " + std::to_string(inv.requestId) + " Duration: " + duration +
                    " ms Billed Duration: " + std::to_string((took + kMicrosPerMilli - 1) / kMicrosPerMilli) +
                    " ms Memory Size: " + std::to_string(qint64(m_memoryGb * 1024)) + " MB");
    }

    switch (inv.source) {
    case Invocation::Source::Sync:
    case Invocation::Source::Batch: {
        // Queue-driven success goes to the success edges too (SEMANTICS "worker"), before the
        // queue deletes the batch: the records are the batch messages' children.
        if (ok && inv.source == Invocation::Source::Batch && m_hasSuccessEdges) sendSuccessRecords(inv);
        CallResult r;
        r.status = ok ? status : (status >= 400 ? status : 502);
        r.body = ok && !inv.result && inv.source == Invocation::Source::Sync ? defaultResult(inv) : inv.result;
        r.error = error;
        r.failedItems = std::move(inv.failedItems);
        engine().answer(inv.call, std::move(r));
        break;
    }
    case Invocation::Source::Async: afterAsync(inv, ok, error); break;
    }
    m_invocations.erase(self);
}

void Function::forEachHeld(const std::function<void(MessageIndex)>& visit) const
{
    m_invocations.forEach([&](const Invocation& inv) {
        if (inv.source == Invocation::Source::Async)
            for (MessageIndex m : inv.messages) visit(m);
    });
    m_waiting.forEach([&](const Waiting& w) { visit(w.message); });
    for (MessageIndex m : m_heldByCalls) visit(m);
}

void Function::writeReport(Json& out) const
{
    Behaviour::writeReport(out);
    out["gbSeconds"] = stats().gbSeconds;
}

JsonPtr Function::defaultResult(const Invocation& inv) const
{
    if (inv.messages.empty()) return std::make_shared<const Json>(Json::object());
    const Message& in = engine().message(inv.messages.front());
    return std::make_shared<const Json>(engine().body(in.body, index(), in.requestOf));
}

void Function::logLine(Urgency urgency, const Invocation& inv, const std::string& text, Json data)
{
    const qint32 user = inv.messages.empty() ? 0 : engine().message(inv.messages.front()).user;
    engine().log(index(), urgency, Sensitivity::Normal, inv.requestId, user, text, std::move(data),
                 inv.messages.empty() ? kNoMessage : inv.messages.front());
}

// Lambda list price (x86): $0.20 per million requests and $0.0000166667 per GB-second.
void Function::addCost(BilledUsage& usage) const
{
    usage.lambdaRequests.usdPerMillion = 0.20;
    usage.lambdaRequests.units += double(stats().invoked);
    usage.usdPerGbSecond = 0.0000166667;
    usage.gbSeconds += stats().gbSeconds;
}

}  // namespace ml
