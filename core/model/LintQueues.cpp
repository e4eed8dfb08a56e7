// Queue rules (SEMANTICS.md "queue" and "queue → function edge"): dead-letter chains and their
// types, maxReceiveCount, visibility timeout against the consumer's timeout, batch limits, and
// queues nobody reads.
#include "format/Duration.h"
#include "model/ConfigCheckDetail.h"
#include "model/LintContext.h"

namespace ml::lintrules {

namespace {

using configcheck::number;
using configcheck::quoted;

struct QueueEdges {
    std::vector<size_t> deadLetters;  // dead-letter edges out
    std::vector<size_t> consumers;    // event-source edges out
    bool isDeadLetterTarget = false;  // a dead-letter edge, a subscription's deadLetterQueue or a
                                      // function's on-failure destination leads here
};

QString queueType(const LintContext& c, int nodeIndex)
{
    const QString t = LintContext::stringOf(c.nodeConfig(nodeIndex), "type");
    return t.isEmpty() ? QStringLiteral("standard") : t;
}

std::vector<QueueEdges> collect(const LintContext& c)
{
    std::vector<QueueEdges> queues(c.diagram.nodes().size());
    const auto& edges = c.diagram.edges();
    for (size_t j = 0; j < edges.size(); ++j) {
        const Edge& e = edges[j];
        const int from = c.indexOf(e.from);
        const int to = c.indexOf(e.to);
        if (c.edgeIs(j, "dead-letter")) {
            queues[size_t(from)].deadLetters.push_back(j);
            queues[size_t(to)].isDeadLetterTarget = true;
        } else if (c.edgeIs(j, "event-source")) {
            queues[size_t(from)].consumers.push_back(j);
        } else if (c.edgeIs(j, "subscription")) {
            const int dlq = c.indexOf(NodeId(LintContext::stringOf(c.edgeConfig(j), "deadLetterQueue")));
            if (dlq >= 0) queues[size_t(dlq)].isDeadLetterTarget = true;
        } else if (c.edgeIs(j, "enqueue") &&
                   LintContext::stringOf(c.edgeConfig(j), "when") == QLatin1String("failure")) {
            queues[size_t(to)].isDeadLetterTarget = true;
        }
    }
    return queues;
}

// Every dead-letter edge that closes a loop, found by depth-first search in node order; the
// loop is named from the queue the closing edge returns to.
void checkLoops(LintContext& c, const std::vector<QueueEdges>& queues)
{
    enum Colour { White, Grey, Black };
    std::vector<Colour> colour(queues.size(), White);
    const auto& edges = c.diagram.edges();
    for (size_t root = 0; root < queues.size(); ++root) {
        if (colour[root] != White || queues[root].deadLetters.empty()) continue;
        // (node, position in its dead-letter list); an explicit stack, so a long chain can't
        // overflow the call stack.
        std::vector<std::pair<size_t, size_t>> stack{{root, 0}};
        colour[root] = Grey;
        while (!stack.empty()) {
            auto& [node, next] = stack.back();
            if (next == queues[node].deadLetters.size()) {
                colour[node] = Black;
                stack.pop_back();
                continue;
            }
            const size_t edge = queues[node].deadLetters[next++];
            const size_t target = size_t(c.indexOf(edges[edge].to));
            if (colour[target] == White) {
                colour[target] = Grey;
                stack.emplace_back(target, 0);
            } else if (colour[target] == Grey) {
                QStringList cycle;
                bool inCycle = false;
                for (const auto& frame : stack) {
                    if (frame.first == target) inCycle = true;
                    if (inCycle) cycle << c.nameOf(c.diagram.nodes()[frame.first].id);
                }
                cycle << c.nameOf(c.diagram.nodes()[target].id);
                const NodeId& id = c.diagram.nodes()[target].id;
                c.error("dead-letter-loop", id, edges[edge].id, LintContext::edgePointer(edge),
                        QStringLiteral("dead-letter chain loops: %1; a message would move between these queues forever")
                            .arg(cycle.join(QStringLiteral(" \u2192 "))));
            }
        }
    }
}

void checkDeadLetters(LintContext& c, const std::vector<QueueEdges>& queues)
{
    const auto& nodes = c.diagram.nodes();
    const auto& edges = c.diagram.edges();
    for (size_t i = 0; i < queues.size(); ++i) {
        const Node& q = nodes[i];
        if (!c.has(q, &KindInfo::isQueue)) continue;
        const QueueEdges& qe = queues[i];
        if (qe.deadLetters.size() > 1) {
            QStringList targets;
            for (size_t j : qe.deadLetters) targets << c.nameOf(edges[j].to);
            c.error(
                "multiple-dead-letter", q.id, edges[qe.deadLetters[1]].id, LintContext::edgePointer(qe.deadLetters[1]),
                QStringLiteral("queue %1 has %2 dead-letter edges (to %3); a queue has at most one dead-letter queue")
                    .arg(c.nameOf(q.id))
                    .arg(qe.deadLetters.size())
                    .arg(targets.join(QStringLiteral(", "))));
        }
        for (size_t j : qe.deadLetters) {
            const int dlq = c.indexOf(edges[j].to);
            const QString sourceType = queueType(c, int(i));
            const QString dlqType = queueType(c, dlq);
            if (sourceType != dlqType)
                c.error("dead-letter-type", q.id, edges[j].id, LintContext::edgePointer(j),
                        QStringLiteral(
                            "dead-letter queue %1 is %2 but its source queue %3 is %4; both must be of the same type")
                            .arg(c.nameOf(edges[j].to), dlqType, c.nameOf(q.id), sourceType));
        }
        const bool maxReceiveSet = LintContext::isSet(q.config, "maxReceiveCount");
        if (maxReceiveSet && qe.deadLetters.empty())
            c.warning("max-receive-count-without-dlq", q.id, {},
                      c.nodePointer(q.id, QStringLiteral("/config/maxReceiveCount")),
                      QStringLiteral("queue %1 sets maxReceiveCount but has no dead-letter edge; AWS ignores it and "
                                     "messages are received again until they expire")
                          .arg(c.nameOf(q.id)));
        if (!maxReceiveSet && !qe.deadLetters.empty())
            c.warning("dead-letter-without-max-receive-count", q.id, {},
                      c.nodePointer(q.id, QStringLiteral("/config/maxReceiveCount")),
                      QStringLiteral(
                          "queue %1 has a dead-letter queue but no maxReceiveCount; no message is ever moved to %2")
                          .arg(c.nameOf(q.id), c.nameOf(edges[qe.deadLetters.front()].to)));
    }

    // An SNS subscription's dead-letter queue has the topic's type, like a queue's.
    for (size_t j = 0; j < edges.size(); ++j) {
        if (!c.edgeIs(j, "subscription")) continue;
        const NodeId dlq(LintContext::stringOf(c.edgeConfig(j), "deadLetterQueue"));
        if (!c.has(dlq, &KindInfo::isQueue)) continue;
        const QString topicType = queueType(c, c.indexOf(edges[j].from));
        const QString dlqType = queueType(c, c.indexOf(dlq));
        if (topicType != dlqType)
            c.error("dead-letter-type", {}, edges[j].id,
                    LintContext::edgePointer(j, QStringLiteral("/config/deadLetterQueue")),
                    QStringLiteral("%1: dead-letter queue %2 is %3 but topic %4 is %5; both must be of the same type")
                        .arg(c.describeEdge(j), c.nameOf(dlq), dlqType, c.nameOf(edges[j].from), topicType));
    }
}

void checkConsumers(LintContext& c, const std::vector<QueueEdges>& queues)
{
    const auto& nodes = c.diagram.nodes();
    const auto& edges = c.diagram.edges();
    for (size_t i = 0; i < queues.size(); ++i) {
        const Node& q = nodes[i];
        if (!c.has(q, &KindInfo::isQueue)) continue;
        const QueueEdges& qe = queues[i];
        const Json& queueConfig = c.nodeConfig(int(i));
        const std::optional<Micros> visibility = LintContext::durationOf(queueConfig, "visibilityTimeout");
        const bool fifo = queueType(c, int(i)) == QLatin1String("fifo");

        // A dead-letter queue usually has no consumer: it holds failures for a person to look at.
        if (qe.consumers.empty() && !qe.isDeadLetterTarget)
            c.warning(
                "queue-no-consumer", q.id, {}, c.nodePointer(q.id),
                QStringLiteral("queue %1 has no consumer (no event source mapping to a function); its messages are "
                               "never received")
                    .arg(c.nameOf(q.id)));

        bool warnedNoDlq = false;
        for (size_t j : qe.consumers) {
            const NodeId& fn = edges[j].to;
            const Json& fnConfig = c.nodeConfig(c.indexOf(fn));
            const std::optional<Micros> timeout = LintContext::durationOf(fnConfig, "timeout");
            if (timeout && visibility && *timeout > *visibility) {
                c.error("timeout-exceeds-visibility", fn, {}, c.nodePointer(fn, QStringLiteral("/config/timeout")),
                        QStringLiteral(
                            "%1 times out after %2, longer than the %3 visibility timeout of queue %4 it consumes; "
                            "messages would come back while still being processed")
                            .arg(c.describeNode(fn), duration::format(*timeout), duration::format(*visibility),
                                 c.nameOf(q.id)));
            } else if (timeout && visibility && *visibility < 6 * *timeout) {
                c.warning(
                    "visibility-timeout-short", q.id, {},
                    c.nodePointer(q.id, QStringLiteral("/config/visibilityTimeout")),
                    QStringLiteral("queue %1 has a visibility timeout of %2, less than 6\u00d7 the %3 timeout of its "
                                   "consumer %4; AWS recommends at least %5")
                        .arg(c.nameOf(q.id), duration::format(*visibility), duration::format(*timeout),
                             c.describeNode(fn), duration::format(6 * *timeout)));
            }

            const std::optional<double> errorRate = LintContext::numberOf(fnConfig, "errorRate");
            if (!warnedNoDlq && qe.deadLetters.empty() && errorRate && *errorRate > 0) {
                warnedNoDlq = true;
                c.warning(
                    "queue-no-dlq", q.id, {}, c.nodePointer(q.id),
                    QStringLiteral("queue %1 has no dead-letter queue, but its consumer %2 fails %3% of invocations; "
                                   "failed messages come back until they expire")
                        .arg(c.nameOf(q.id), c.describeNode(fn), number(*errorRate * 100)));
            }

            const Json& mapping = c.edgeConfig(j);
            const std::optional<double> batchSize = LintContext::numberOf(mapping, "batchSize");
            const std::optional<Micros> window = LintContext::durationOf(mapping, "batchWindow");
            const QString batchPointer = LintContext::edgePointer(j, QStringLiteral("/config/batchSize"));
            if (batchSize && *batchSize > 10 && fifo) {
                c.error("fifo-batch-size", {}, edges[j].id, batchPointer,
                        QStringLiteral("%1: batchSize %2 is more than 10, the largest a FIFO queue allows")
                            .arg(c.describeEdge(j), number(*batchSize)));
            } else if (batchSize && *batchSize > 10 && window && *window == 0) {
                c.error("batch-window-required", {}, edges[j].id, batchPointer,
                        QStringLiteral(
                            "%1: batchSize %2 needs a batchWindow above 0s; AWS requires one for batches over 10")
                            .arg(c.describeEdge(j), number(*batchSize)));
            }
        }
    }
}

}  // namespace

void checkQueues(LintContext& c)
{
    const std::vector<QueueEdges> queues = collect(c);
    checkDeadLetters(c, queues);
    checkLoops(c, queues);
    checkConsumers(c, queues);
}

}  // namespace ml::lintrules
