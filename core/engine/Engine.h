// The engine: builds one behaviour per node from a Diagram (through the Catalog), moves
// messages between them through the kernel, keeps the conservation ledger, the logs, the
// faults and the report. Deterministic: same diagram, seed and inputs ⇒ the same event log.
#pragma once

#include "engine/EngineEvent.h"
#include "engine/Kernel.h"
#include "engine/LiveSink.h"
#include "engine/Message.h"
#include "engine/NodeStats.h"
#include "engine/SlotTable.h"
#include "format/Result.h"
#include "format/Schedule.h"
#include "model/Diagram.h"

#include <QHash>

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ml {

class Behaviour;

enum class EdgeKind : quint8 {
    Invoke,
    Enqueue,
    EventSource,
    DeadLetter,
    Subscription,
    Notification,
    Stream,
    LogSubscription,
    Route,
    Push,
    DataAccess,
    Traffic,
    Logging,
    Unknown
};
EdgeKind edgeKindFromId(const QString& id);

// When a function sends along an edge (SEMANTICS: on-success / on-failure destinations).
enum class EdgeWhen : quint8 { Always, Success, Failure };

struct EngineEdge {
    qint32 index = -1;
    qint32 from = -1;
    qint32 to = -1;
    EdgeKind kind = EdgeKind::Unknown;
    EdgeWhen when = EdgeWhen::Always;
    bool sync = false;  // invoke edges: RequestResponse
    EdgeId id;
    Json config;    // effective config (defaults filled in)
    Json defaults;  // the Catalog's defaults for this edge, what a malformed value reads as
};

// A synchronous call names its record in the engine's call table; once the call has ended its
// id finds nothing (a late answer, a stale token), whatever call took the slot since.
using CallId = SlotHandle;

// The answer to a synchronous call (a sync invoke, a batch from a queue, a delivery from a topic).
struct CallResult {
    int status = 200;              // HTTP-like: 200/202 success, 4xx refused, 429 throttled, 5xx error
    JsonPtr body;                  // response body (may be null)
    std::string error;             // "Task timed out", "Unhandled", …
    std::vector<int> failedItems;  // partial batch response: positions in the batch that failed
    bool ok() const { return status >= 200 && status < 300; }
};

// Faults a user injects while running (GUI buttons, --inject is for messages).
struct Fault {
    std::optional<double> errorRate;  // overrides the function's errorRate
    Micros addedLatency = 0;
    std::optional<int> throttle;  // concurrency limit
    bool down = false;            // every invocation fails
    bool pauseConsumers = false;  // queues: event source mappings stop polling
    bool operator==(const Fault&) const = default;
};

// How a finished message ends (its final fate in the conservation ledger).
enum class Fate : quint8 {
    Done,  // Delivered when it caused nothing, Forwarded when it caused other messages
    Expired,
    Dropped,  // with a reason
};

enum class Urgency : quint8 { Debug, Info, Warning, Critical };
enum class Sensitivity : quint8 { Normal, Sensitive };
const char* urgencyName(Urgency u);

struct EngineOptions {
    std::optional<quint64> seed;  // overrides the diagram's seed
    bool logging = true;          // build structured log lines (off: only count them)
};

struct Conservation {
    quint64 entered = 0;  // external inputs
    quint64 derived = 0;  // messages caused by other messages
    quint64 delivered = 0;
    quint64 forwarded = 0;
    quint64 queued = 0;        // visible + delayed in queues (recounted from the store)
    quint64 inFlight = 0;      // received, processing, in transit, pending retry (recounted)
    quint64 deadLettered = 0;  // held in dead-letter queues (recounted)
    quint64 expired = 0;
    std::map<std::string, quint64> dropped;
    bool holds = false;
    Json toJson() const;
};

class Engine {
public:
    static Result<std::unique_ptr<Engine>> create(const Diagram& diagram, EngineOptions options = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    const Diagram& diagram() const { return m_diagram; }
    Kernel& kernel() { return m_kernel; }
    const Kernel& kernel() const { return m_kernel; }
    Micros now() const { return m_kernel.now(); }
    EpochMicros startTime() const { return m_startTime; }
    EpochMicros clock() const { return m_startTime + m_kernel.now(); }  // calendar time, UTC
    quint64 seed() const { return m_seed; }
    bool loggingEnabled() const { return m_options.logging; }

    int nodeCount() const { return int(m_behaviours.size()); }
    int nodeIndex(const QString& id) const { return m_nodeIndex.value(id, -1); }
    const Node& node(int index) const { return m_diagram.nodes()[size_t(index)]; }
    const std::string& nodeId(int index) const { return m_nodeIds[size_t(index)]; }
    Behaviour& behaviour(int index) { return *m_behaviours[size_t(index)]; }
    const Behaviour& behaviour(int index) const { return *m_behaviours[size_t(index)]; }
    const std::vector<EngineEdge>& edges() const { return m_edges; }
    const EngineEdge& edge(int index) const { return m_edges[size_t(index)]; }
    const std::vector<int>& outEdges(int node) const { return m_out[size_t(node)]; }
    const std::vector<int>& inEdges(int node) const { return m_in[size_t(node)]; }

    // --- messages -------------------------------------------------------------------------
    MessageStore& messages() { return m_messages; }
    const MessageStore& messages() const { return m_messages; }
    Message& message(MessageIndex m) { return m_messages[m]; }
    const Message& message(MessageIndex m) const { return m_messages[m]; }
    // A new message at `node`: caused by `parent`, or entering the run when parent is kNoMessage.
    MessageIndex newMessage(int node, JsonPtr body, MessageIndex parent, qint32 user = 0);
    // The message leaves the run (see Fate); its index is freed.
    void finish(MessageIndex m, Fate fate, const char* reason = nullptr);
    void place(MessageIndex m, int node, MessagePlace where);
    // The body as JSON, with the lazy stamps ("processedBy", a proxy event's requestId) applied.
    Json body(const Message& m) const;
    Json body(const JsonPtr& body, qint32 processedBy, quint64 requestOf) const;
    quint32 children(MessageIndex m) const { return m_childCount[m]; }

    // --- moving messages --------------------------------------------------------------------
    // Hands the message to the edge's target (ownership moves); it arrives after `delay`.
    void send(int edge, MessageIndex m, Micros delay = 0);
    // Hands the message to `node` directly, as if sent along no edge (redrive, injection).
    void transfer(MessageIndex m, int node, Micros delay = 0);
    // Synchronous call: the target's onCall() sees the messages (the caller keeps ownership);
    // the answer comes back to the caller's onAnswer(token, result).
    CallId call(int edge, std::vector<MessageIndex> messages, qint64 token);
    void answer(CallId call, CallResult result);
    // The answer of `call` reached its caller (the kAnswer event): hands the token and result to
    // the caller's onAnswer and frees the call; an abandoned call ends its messages instead.
    void answerArrived(CallId call, Behaviour& caller);
    // The caller gives up (its own timeout): a later answer is dropped silently.
    void abandon(CallId call);
    bool isOpen(CallId call) const;
    const std::vector<MessageIndex>& callMessages(CallId call) const;
    int callEdge(CallId call) const;

    // --- logs ---------------------------------------------------------------------------------
    // User names are held while something holds them: every live message of the user's trace, a
    // websocket connection, a client's configured users (pinned). A name nothing holds any more
    // is forgotten and its number reused, so a stream of distinct bearer tokens cannot grow the
    // table without bound (DESIGN.md, Reliability). A new name starts unheld: hold it (a message
    // made with it, setUser, retainUser) before anything else can finish.
    qint32 internUser(const std::string& name);
    const std::string& userName(qint32 user) const { return m_users[quint32(user)].name; }
    void retainUser(qint32 user);
    void releaseUser(qint32 user);
    // The message now belongs to `user`'s trace (a gateway read the bearer token).
    void setUser(MessageIndex m, qint32 user);
    // Names held now, "anonymous" included.
    std::size_t userCount() const { return m_userIndex.size(); }
    // A structured log line of `node` (SEMANTICS "Functions"); it goes to the node's log group.
    // `about`: the message being handled, so observers (the GUI's Logs tab) can tie the line to
    // its message and trace.
    void log(int node, Urgency urgency, Sensitivity sensitivity, quint64 requestId, qint32 user,
             const std::string& text, Json data = Json(), MessageIndex about = kNoMessage);
    const std::array<quint64, 4>& logCounts() const { return m_logCounts; }
    int logGroupOf(int node) const;  // the logs node it writes to, or -1

    // --- observers and faults -------------------------------------------------------------------
    void addObserver(EngineObserver* observer);
    void removeObserver(EngineObserver* observer);
    // Express: observers get no per-event calls (the run is faster; counters still count).
    void setExpress(bool express) { m_express = express; }
    bool observed() const { return !m_express && !m_observers.empty(); }
    // Which event types observers get (bit 1 << type; all by default). The GUI leaves out log
    // lines while no tab shows them: they are the costliest events to build (their JSON text).
    void setObservedTypes(quint32 mask) { m_observedTypes = mask; }
    quint32 observedTypes() const { return m_observedTypes; }
    bool observes(EventType type) const { return observed() && (m_observedTypes >> int(type) & 1u); }
    void notify(EngineEvent event);
    void setFault(int node, Fault fault);
    const Fault& fault(int node) const { return m_faults[size_t(node)]; }

    // --- running -------------------------------------------------------------------------------
    void start();  // behaviours schedule their first events (clients, cron); run() calls it
    RunResult run(Micros until, quint64 maxEvents = std::numeric_limits<quint64>::max());
    // A message from outside (--inject NODE=JSON, the GUI's inject button, a live HTTP request)
    // at the current time, from `user`; its message id.
    Result<quint64> inject(const QString& nodeId, const Json& body, qint32 user = 0);

    // --- live mode -------------------------------------------------------------------------------
    void setLiveSink(LiveSink* sink) { m_liveSink = sink; }
    LiveSink* liveSink() const { return m_liveSink; }

    Conservation conservation() const;
    Json report() const;
    // What the run would cost on AWS (the report's "cost").
    Json costEstimate() const;

private:
    Engine(const Diagram& diagram, EngineOptions options);
    Status build();

    struct CallRecord {
        qint32 edge = -1;
        qint64 token = 0;
        std::vector<MessageIndex> messages;
        CallResult result;
        bool open = false;       // until the answer reaches the caller
        bool abandoned = false;  // the caller gave up: nobody listens to the answer
    };
    // A call nobody listens to any more: its messages end "caller-gave-up" and its slot is freed.
    void endAbandonedCall(CallId id);

    Diagram m_diagram;
    EngineOptions m_options;
    quint64 m_seed = 42;
    EpochMicros m_startTime = 0;
    Kernel m_kernel;
    MessageStore m_messages;
    std::vector<quint32> m_childCount;
    std::vector<std::unique_ptr<Behaviour>> m_behaviours;
    std::vector<std::string> m_nodeIds;
    QHash<QString, int> m_nodeIndex;
    std::vector<EngineEdge> m_edges;
    std::vector<std::vector<int>> m_out;
    std::vector<std::vector<int>> m_in;
    std::vector<int> m_logGroup;
    std::vector<bool> m_isFunction;  // a message made by a function counts a run in its lineage
    std::vector<Fault> m_faults;
    SlotTable<CallRecord> m_calls;
    std::vector<EngineObserver*> m_observers;
    struct UserName {
        std::string name;
        quint32 holders = 0;
    };
    SlotTable<UserName> m_users;                          // a user's number is its slot
    std::unordered_map<std::string, qint32> m_userIndex;  // every name held, "anonymous" (0) too
    std::array<quint64, 4> m_logCounts{};
    quint64 m_nextMessageId = 1;
    quint64 m_entered = 0;
    quint64 m_derived = 0;
    quint64 m_delivered = 0;
    quint64 m_forwarded = 0;
    quint64 m_expired = 0;
    std::map<std::string, quint64> m_dropped;
    LiveSink* m_liveSink = nullptr;
    bool m_started = false;
    bool m_express = false;
    quint32 m_observedTypes = ~quint32(0);
};

}  // namespace ml
