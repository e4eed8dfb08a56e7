// task-manager: takes {service, action, data, target} tasks from its queue and dispatches each
// to the node named by `service` — invoke edges are called and wait for the answer (or
// `taskTimeout`), enqueue edges succeed once accepted. A failed or timed-out attempt is retried
// at once, up to `maxRetries` times; then the task goes to the dead-letter queue of the queue
// it came from. A successful task's result goes to `target`: a connection id (pushed along the
// push edge), a queue or topic it is wired to, or nowhere.
//
// Why the task manager moves a failed task to the DLQ itself (engine.transfer) instead of
// failing the batch item and letting the queue's redrive do it: SEMANTICS counts retries in
// `maxRetries` of the task manager, not in the queue's maxReceiveCount, and a task may stay in
// progress for (maxRetries + 1) × taskTimeout — two minutes by default, four times the queue's
// visibility timeout, which would make the queue hand the same task out again meanwhile. So
// the batch is deleted as soon as its tasks are taken, and each task is held here.
#include "engine/nodes/Behaviours.h"
#include "engine/nodes/Function.h"
#include "format/Duration.h"

#include <limits>
#include <map>

namespace ml {

namespace {

// Tags the task manager's own calls' tokens; the invocations' tokens are handles' payloads,
// never negative (SlotHandle::payload).
constexpr qint64 kTaskToken = std::numeric_limits<qint64>::min();
constexpr qint32 kTaskTimeout = 10;  // timer kind (Function uses 0–3)

std::string field(const Json& body, const char* key)
{
    auto it = body.is_object() ? body.find(key) : body.end();
    return body.is_object() && it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

class TaskManager : public Function {
public:
    TaskManager(Engine& engine, int index) : Function(engine, index)
    {
        m_taskTimeout = configDuration("taskTimeout");
        m_maxRetries = int(configNumber("maxRetries"));
        for (int e : engine.outEdges(index)) {
            const EngineEdge& edge = engine.edge(e);
            if (edge.kind == EdgeKind::Invoke || edge.kind == EdgeKind::Enqueue)
                m_services.emplace(engine.nodeId(edge.to), e);
            if (edge.kind == EdgeKind::Push && m_pushEdge < 0) m_pushEdge = e;
        }
    }

    void onAnswer(qint64 token, CallId call, const CallResult& result) override
    {
        if (!(token & kTaskToken)) return Function::onAnswer(token, call, result);
        const SlotHandle slot = SlotHandle::fromPayload(token & ~kTaskToken);
        Task* found = m_tasks.find(slot);
        if (!found || found->call != call) return;
        Task& t = *found;
        engine().kernel().cancel(t.timeout);
        engine().finish(t.dispatched, Fate::Done);  // answered; the task carries the outcome
        t.dispatched = kNoMessage;
        if (result.ok()) return succeeded(slot, result.body ? result.body : stamped(t));
        failedAttempt(slot, result.error.empty() ? "status " + std::to_string(result.status) : result.error);
    }

    void onTimer(const Event& event) override
    {
        if (event.kind != kTaskTimeout) return Function::onTimer(event);
        const SlotHandle slot = SlotHandle::fromPayload(event.payload);
        Task* found = m_tasks.find(slot);
        if (!found || found->dispatched == kNoMessage) return;
        Task& t = *found;
        // Past taskTimeout the answer no longer counts: the engine ends the call's message when it comes.
        engine().abandon(t.call);
        t.dispatched = kNoMessage;
        ++m_timedOut;
        note(EventType::TimedOut, t.message, m_taskTimeout, "task");
        failedAttempt(slot, "task timed out after " + toStd(duration::format(m_taskTimeout)));
    }

    void forEachHeld(const std::function<void(MessageIndex)>& visit) const override
    {
        Function::forEachHeld(visit);
        m_tasks.forEach([&](const Task& t) {
            visit(t.message);
            if (t.dispatched != kNoMessage) visit(t.dispatched);
        });
    }

    void writeReport(Json& out) const override
    {
        Function::writeReport(out);
        out["deadLettered"] = stats().deadLettered;
        out["tasks"] = Json{{"received", m_received},      {"dispatched", m_dispatched},
                            {"succeeded", m_succeeded},    {"retried", stats().retried},
                            {"timedOut", m_timedOut},      {"deadLettered", stats().deadLettered},
                            {"dropped", m_dropped},        {"unknownService", m_unknownService},
                            {"inProgress", m_tasks.size()}};
    }

protected:
    void work(Invocation& inv) override
    {
        const int sourceQueue =
            inv.source == Invocation::Source::Batch && inv.inEdge >= 0 ? engine().edge(inv.inEdge).from : -1;
        for (int i = 0; i < int(inv.messages.size()); ++i)
            if (std::find(inv.failedItems.begin(), inv.failedItems.end(), i) == inv.failedItems.end())
                take(inv.messages[size_t(i)], sourceQueue, inv.requestId);
        // The tasks are ours now: the batch is deleted from the queue; a sync caller gets 202.
        succeed(inv, nullptr, inv.source == Invocation::Source::Sync ? 202 : 200);
    }

private:
    struct Task {
        MessageIndex message = kNoMessage;     // the task (ours while live)
        MessageIndex dispatched = kNoMessage;  // the invocation in progress (ours until answered)
        CallId call;
        EventHandle timeout;
        JsonPtr payload;  // what the service receives, built once
        int attempts = 0;
        int sourceQueue = -1;
        quint64 requestId = 0;
    };

    void take(MessageIndex input, int sourceQueue, quint64 requestId)
    {
        const SlotHandle slot = m_tasks.insert();
        const MessageIndex m = engine().newMessage(index(), engine().message(input).body, input);
        Message& task = engine().message(m);
        const Message& in = engine().message(input);
        task.requestOf = in.requestOf;
        // If it ends in the DLQ it keeps what SQS would keep: the original sentAt and receive count.
        task.sentAt = in.sentAt;
        task.receiveCount = in.receiveCount;
        task.firstReceivedAt = in.firstReceivedAt;
        task.groupId = in.groupId;
        task.attributes = in.attributes;
        engine().place(m, index(), MessagePlace::Pending);
        Task& t = entry(slot);
        t.message = m;
        t.sourceQueue = sourceQueue;
        t.requestId = requestId;
        ++m_received;
        dispatch(slot);
    }

    void dispatch(SlotHandle slot)
    {
        Task& t = entry(slot);
        const Json& task = bodyOf(t.message);
        const std::string service = field(task, "service");
        auto it = m_services.find(service);
        if (it == m_services.end()) {
            ++m_unknownService;
            log(t, Urgency::Warning, "unknown service \"" + service + "\": the task fails");
            return deadLetter(slot, "unknown service");
        }
        if (!t.payload) t.payload = payloadOf(task);
        ++t.attempts;
        ++m_dispatched;
        const int edge = it->second;
        if (engine().edge(edge).kind == EdgeKind::Enqueue) {
            // A queue or topic: success is being accepted.
            const MessageIndex d = sendDerived(edge, t.message, t.payload);
            const quint64 id = engine().message(d).id;
            return succeeded(slot, std::make_shared<const Json>(Json{{"messageId", messageName(id)}}));
        }
        const MessageIndex d = engine().newMessage(index(), t.payload, t.message);
        t.dispatched = d;
        engine().place(d, index(), MessagePlace::Transit);
        t.call = engine().call(edge, {d}, kTaskToken | slot.payload());
        t.timeout = after(m_taskTimeout, kTaskTimeout, slot.payload());
    }

    // The service gets the task's data with its action, as a router would want it.
    static JsonPtr payloadOf(const Json& task)
    {
        const Json data = task.is_object() ? task.value("data", Json()) : Json();
        const std::string action = field(task, "action");
        Json out = data.is_object() ? data : Json::object();
        if (!data.is_object() && !data.is_null()) out["data"] = data;
        if (!action.empty() && !out.contains("action")) out["action"] = action;
        return std::make_shared<const Json>(std::move(out));
    }

    // A function answering without a body returns its input with "processedBy" (SEMANTICS).
    JsonPtr stamped(const Task& t) const
    {
        Json out = *t.payload;
        out["processedBy"] = field(bodyOf(t.message), "service");
        return std::make_shared<const Json>(std::move(out));
    }

    void failedAttempt(SlotHandle slot, const std::string& error)
    {
        Task& t = entry(slot);
        if (t.attempts <= m_maxRetries) {
            ++stats().retried;
            note(EventType::Retry, t.message, t.attempts, error);
            log(t, Urgency::Info, "task attempt " + std::to_string(t.attempts) + " failed (" + error + "): retrying");
            return dispatch(slot);
        }
        deadLetter(slot, "retries exhausted: " + error);
    }

    void succeeded(SlotHandle slot, const JsonPtr& result)
    {
        Task& t = entry(slot);
        ++m_succeeded;
        const std::string target = field(bodyOf(t.message), "target");
        if (!target.empty()) {
            auto it = m_services.find(target);
            if (it != m_services.end() && engine().edge(it->second).kind == EdgeKind::Enqueue) {
                sendDerived(it->second, t.message, result);
            } else if (it == m_services.end() && m_pushEdge >= 0) {
                // Not a node we send to: a websocket connection id.
                Json body = result && result->is_object() ? *result : Json{{"result", result ? *result : Json()}};
                body["connectionId"] = target;
                sendDerived(m_pushEdge, t.message, std::make_shared<const Json>(std::move(body)));
            } else {
                log(t, Urgency::Warning,
                    "task target \"" + target + "\" is neither a queue it sends to nor a connection");
            }
        }
        engine().finish(t.message, Fate::Done);
        release(slot);
    }

    void deadLetter(SlotHandle slot, const std::string& why)
    {
        Task& t = entry(slot);
        int dlq = -1;
        if (t.sourceQueue >= 0)
            for (int e : engine().outEdges(t.sourceQueue))
                if (engine().edge(e).kind == EdgeKind::DeadLetter) dlq = engine().edge(e).to;
        log(t, Urgency::Warning, "task failed after " + std::to_string(t.attempts) + " attempts: " + why);
        if (dlq < 0) {
            ++m_dropped;
            engine().finish(t.message, Fate::Dropped, "task-failed");
        } else {
            ++stats().deadLettered;
            engine().message(t.message).deadLetterSource = t.sourceQueue;
            if (engine().observed())
                engine().notify(
                    EngineEvent::deadLettered(index(), dlq, -1, engine().message(t.message), t.attempts, why));
            engine().transfer(t.message, dlq);
        }
        release(slot);
    }

    // A live task (every caller holds a handle it just took or checked).
    Task& entry(SlotHandle slot) { return *m_tasks.find(slot); }
    void release(SlotHandle slot) { m_tasks.erase(slot); }

    const Json& bodyOf(MessageIndex m) const
    {
        static const Json none;
        const JsonPtr& b = engine().message(m).body;
        return b ? *b : none;
    }

    void log(const Task& t, Urgency urgency, const std::string& text)
    {
        const qint32 user = engine().message(t.message).user;
        engine().log(index(), urgency, Sensitivity::Normal, t.requestId, user,
                     engine().loggingEnabled() ? text : std::string(), Json(), t.message);
    }

    Micros m_taskTimeout = 0;
    int m_maxRetries = 3;
    std::map<std::string, int> m_services;  // node id → the invoke or enqueue edge to it
    int m_pushEdge = -1;
    SlotTable<Task> m_tasks;  // timers and calls' tokens carry the handle
    quint64 m_received = 0;
    quint64 m_dispatched = 0;
    quint64 m_succeeded = 0;
    quint64 m_timedOut = 0;
    quint64 m_dropped = 0;
    quint64 m_unknownService = 0;
};

}  // namespace

ML_BEHAVIOUR_FACTORY(makeTaskManager, "task-manager") { return std::make_unique<TaskManager>(engine, node); }

}  // namespace ml
