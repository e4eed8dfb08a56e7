// Settings the engine will ignore, and sends it will refuse, each a warning that names the place
// and the fix (STYLE "Nothing silently does nothing"): destinations of a function no invocation
// type uses, async settings of a function never invoked asynchronously, FIFO queues that refuse
// every send for want of a deduplication id, FIFO settings on standard queues, raw delivery to
// endpoints that ignore it, and bucket events the simulated bucket never emits.
#include "model/ConfigCheckDetail.h"
#include "model/LintContext.h"

namespace ml::lintrules {

namespace {

using configcheck::quoted;

// How a function is invoked in this diagram, from its incoming edges.
struct Invoked {
    bool any = false;
    bool async = false;  // Event: async invokes, topics, buckets, log subscriptions (destinations apply)
    bool queue = false;  // event source mappings (success destinations apply: a Microlab rule)
};

Invoked invokedBy(const LintContext& c, const NodeId& function)
{
    Invoked how;
    const auto& edges = c.diagram.edges();
    for (size_t j = 0; j < edges.size(); ++j) {
        if (edges[j].to != function || c.edgeKind(j).isEmpty()) continue;
        if (c.edgeIs(j, "logging") || c.edgeIs(j, "data-access") || c.edgeIs(j, "push")) continue;
        how.any = true;
        if (c.edgeIs(j, "event-source")) how.queue = true;
        if (c.edgeIs(j, "subscription") || c.edgeIs(j, "notification") || c.edgeIs(j, "log-subscription") ||
            (c.edgeIs(j, "invoke") && LintContext::stringOf(c.edgeConfig(j), "invocation") == QLatin1String("async")))
            how.async = true;
    }
    return how;
}

void checkDestinations(LintContext& c)
{
    const auto& nodes = c.diagram.nodes();
    const auto& edges = c.diagram.edges();
    for (size_t i = 0; i < nodes.size(); ++i) {
        const Node& f = nodes[i];
        // A log monitor's `when` is a filter pattern, not an outcome.
        if (!c.isFunction(f.id) || c.catalog.kind(f.kind)->edgeChoice == EdgeChoice::LogFilter) continue;
        const Invoked how = invokedBy(c, f.id);
        if (!how.any) continue;  // nothing reaches it: the reachability rule says so
        for (size_t j = 0; j < edges.size(); ++j) {
            if (edges[j].from != f.id || c.edgeKind(j).isEmpty()) continue;
            const QString when = LintContext::stringOf(c.edgeConfig(j), "when");
            if (when == QLatin1String("success") && !how.async && !how.queue)
                c.warning("destination-unused", f.id, edges[j].id,
                          LintContext::edgePointer(j, QStringLiteral("/config/when")),
                          QStringLiteral("%1 is an on-success destination, but %2 is only invoked synchronously, so it "
                                         "never carries anything; make it \"always\", or invoke %2 asynchronously or "
                                         "from a queue")
                              .arg(c.describeEdge(j), c.describeNode(f.id)));
            if (when == QLatin1String("failure") && !how.async)
                c.warning("destination-unused", f.id, edges[j].id,
                          LintContext::edgePointer(j, QStringLiteral("/config/when")),
                          QStringLiteral("%1 is an on-failure destination, but %2 is never invoked asynchronously, so "
                                         "it never carries anything (%3); invoke %2 asynchronously, or remove the edge")
                              .arg(c.describeEdge(j), c.describeNode(f.id),
                                   how.queue ? QStringLiteral("failed messages go back to the queue and on to its "
                                                              "dead-letter queue")
                                             : QStringLiteral("errors go back to the caller")));
        }
        if (how.async) continue;
        for (const char* key : {"maxRetryAttempts", "maxEventAge"}) {
            if (!LintContext::isSet(f.config, key)) continue;
            c.warning("async-setting-unused", f.id, {},
                      c.nodePointer(f.id, QStringLiteral("/config/") + QLatin1String(key)),
                      QStringLiteral("%1 sets %2, which only applies to asynchronous invocations, and nothing invokes "
                                     "it asynchronously; remove the setting or invoke it asynchronously")
                          .arg(c.describeNode(f.id), QString::fromLatin1(key)));
        }
    }
}

// Whether `sender` may send a message without a deduplication id: a function's sends never
// carry one; a client's message templates may; a topic passes on what it was published with.
bool sendsWithoutDeduplicationId(const LintContext& c, const NodeId& sender, int depth = 0)
{
    const Node* n = c.node(sender);
    if (!n || depth > 1) return false;
    if (c.isFunction(sender)) return true;
    if (c.kindOf(sender) && c.kindOf(sender)->category == Category::Client) {
        const Json& messages = c.nodeConfig(c.indexOf(sender)).value("messages", Json::array());
        if (!messages.is_array() || messages.empty()) return true;
        for (const Json& m : messages)
            if (!m.is_object() || !m.contains("deduplicationId")) return true;
        return false;
    }
    if (c.has(sender, &KindInfo::fansOut)) {
        const auto& edges = c.diagram.edges();
        for (size_t j = 0; j < edges.size(); ++j)
            if (edges[j].to == sender && (c.edgeIs(j, "enqueue") || c.edgeIs(j, "traffic")) &&
                sendsWithoutDeduplicationId(c, edges[j].from, depth + 1))
                return true;
    }
    return false;
}

void checkFifoSettings(LintContext& c)
{
    const auto& nodes = c.diagram.nodes();
    const auto& edges = c.diagram.edges();
    for (size_t i = 0; i < nodes.size(); ++i) {
        const Node& q = nodes[i];
        if (!c.has(q, &KindInfo::isQueue)) continue;
        const Json& config = c.nodeConfig(int(i));
        const bool fifo = LintContext::stringOf(config, "type") == QLatin1String("fifo");
        const bool contentDedup = config.value("contentDeduplication", false) == true;
        if (!fifo && contentDedup)
            c.warning("fifo-setting-on-standard", q.id, {},
                      c.nodePointer(q.id, QStringLiteral("/config/contentDeduplication")),
                      QStringLiteral("queue %1 is standard; contentDeduplication only applies to FIFO queues (set "
                                     "\"type\": \"fifo\" or remove it)")
                          .arg(c.nameOf(q.id)));
        for (size_t j = 0; j < edges.size(); ++j) {
            if (edges[j].to != q.id) continue;
            if (!fifo && c.edgeIs(j, "enqueue") && LintContext::isSet(edges[j].config, "groupId"))
                c.warning("fifo-setting-on-standard", {}, edges[j].id,
                          LintContext::edgePointer(j, QStringLiteral("/config/groupId")),
                          QStringLiteral("%1 sets groupId, but queue %2 is standard and has no message groups")
                              .arg(c.describeEdge(j), c.nameOf(q.id)));
            if (!fifo || contentDedup) continue;
            if (!(c.edgeIs(j, "enqueue") || c.edgeIs(j, "traffic") || c.edgeIs(j, "subscription"))) continue;
            if (!sendsWithoutDeduplicationId(c, edges[j].from)) continue;
            c.warning("fifo-without-deduplication", q.id, edges[j].id,
                      c.nodePointer(q.id, QStringLiteral("/config/contentDeduplication")),
                      QStringLiteral("FIFO queue %1 has no contentDeduplication and %2 sends it messages without a "
                                     "deduplication id: SQS refuses them (dropped \"missing-deduplication-id\"); set "
                                     "contentDeduplication: true%3")
                          .arg(c.nameOf(q.id), c.describeNode(edges[j].from),
                               c.kindOf(edges[j].from)->category == Category::Client
                                   ? QStringLiteral(" or give every message a deduplicationId")
                                   : QString()));
        }
    }
}

void checkSubscriptions(LintContext& c)
{
    const auto& edges = c.diagram.edges();
    for (size_t j = 0; j < edges.size(); ++j) {
        if (!c.edgeIs(j, "subscription") || c.has(edges[j].to, &KindInfo::isQueue)) continue;
        if (c.edgeConfig(j).value("rawMessageDelivery", false) != true) continue;
        c.warning("raw-delivery-ignored", {}, edges[j].id,
                  LintContext::edgePointer(j, QStringLiteral("/config/rawMessageDelivery")),
                  QStringLiteral("%1 sets rawMessageDelivery, which only changes deliveries to queues: %2 gets %3 "
                                 "either way")
                      .arg(c.describeEdge(j), c.describeNode(edges[j].to),
                           c.isFunction(edges[j].to) ? QStringLiteral("the SNS event record")
                                                     : QStringLiteral("the body as published")));
    }
}

// The simulated bucket creates objects with Put and removes them with Delete; other S3 event
// names are accepted (with or without "s3:") but never fire.
void checkBucketEvents(LintContext& c)
{
    const auto& edges = c.diagram.edges();
    for (size_t j = 0; j < edges.size(); ++j) {
        if (!c.edgeIs(j, "notification")) continue;
        const Json& events = c.edgeConfig(j).value("events", Json::array());
        if (!events.is_array()) continue;
        for (size_t k = 0; k < events.size(); ++k) {
            if (!events[k].is_string()) continue;
            QString name = toQString(events[k].get<std::string>());
            if (name.startsWith(QLatin1String("s3:"))) name = name.mid(3);
            static const QStringList emitted{QStringLiteral("ObjectCreated:*"), QStringLiteral("ObjectCreated:Put"),
                                             QStringLiteral("ObjectRemoved:*"), QStringLiteral("ObjectRemoved:Delete")};
            if (emitted.contains(name)) continue;
            c.warning("bucket-event-never-emitted", {}, edges[j].id,
                      LintContext::edgePointer(j, QStringLiteral("/config/events/%1").arg(k)),
                      QStringLiteral("%1 listens for %2, which the simulated bucket never emits (it creates objects "
                                     "with Put and removes them with Delete); use ObjectCreated:* or ObjectRemoved:*")
                          .arg(c.describeEdge(j), quoted(toQString(events[k].get<std::string>()))));
        }
    }
}

}  // namespace

void checkIgnoredSettings(LintContext& c)
{
    checkDestinations(c);
    checkFifoSettings(c);
    checkSubscriptions(c);
    checkBucketEvents(c);
}

}  // namespace ml::lintrules
