// The linter unit's test class and the diagram helpers its two files share: rules firing and not
// firing (tst_lint.cpp), the problems' messages, pointers and order (LintMessages.cpp).
#pragma once

#include "model/Lint.h"

#include <QtTest>

#include <functional>

Q_DECLARE_METATYPE(ml::Diagram)

namespace lintkit {

using namespace ml;

inline Node node(const char* id, const char* kind, Json config = Json::object())
{
    Node n;
    n.id = NodeId(QString::fromLatin1(id));
    n.kind = QString::fromLatin1(kind);
    n.config = std::move(config);
    return n;
}

inline Edge edge(const char* from, const char* to, Json config = Json::object(), const char* kind = "")
{
    Edge e;
    e.from = NodeId(QString::fromLatin1(from));
    e.to = NodeId(QString::fromLatin1(to));
    e.kind = QString::fromLatin1(kind);
    e.kindWritten = !e.kind.isEmpty();
    e.config = std::move(config);
    return e;
}

// client → api → router → jobs → resize, with jobs → jobs-dlq: the DESIGN.md sample, clean.
// Node indexes: client 0, api 1, router 2, jobs 3, jobs-dlq 4, resize 5.
// Edge indexes: e1 client→api 0, e2 api→router 1, e3 router→jobs 2, e4 jobs→resize 3, e5 jobs→dlq 4.
inline Diagram pipeline()
{
    Diagram d;
    d.addNode(node("client", "client",
                   {{"rate", "5/s"}, {"requests", Json::parse(R"([{"method": "POST", "path": "/images"}])")}}));
    d.addNode(node("api", "api-gateway",
                   {{"routes", Json::parse(R"([{"method": "POST", "path": "/images", "action": "process-image"}])")}}));
    d.addNode(node("router", "router"));
    d.addNode(node("jobs", "queue", {{"visibilityTimeout", "30s"}, {"maxReceiveCount", 3}}));
    d.addNode(node("jobs-dlq", "queue"));
    d.addNode(node("resize", "worker", {{"timeout", "5s"}, {"errorRate", 0.1}}));
    d.addEdge(edge("client", "api"));
    d.addEdge(edge("api", "router"));
    d.addEdge(edge("router", "jobs", {{"actions", {"process-image"}}}));
    d.addEdge(edge("jobs", "resize", {{"batchSize", 1}}));
    d.addEdge(edge("jobs", "jobs-dlq", Json::object(), "dead-letter"));
    return d;
}

inline Diagram with(const std::function<void(Diagram&)>& change)
{
    Diagram d = pipeline();
    change(d);
    return d;
}

inline void setConfig(Diagram& d, const char* id, const char* key, Json value)
{
    d.node(NodeId(QString::fromLatin1(id)))->config[key] = std::move(value);
}

inline void setEdgeConfig(Diagram& d, const char* id, const char* key, Json value)
{
    d.edge(EdgeId(QString::fromLatin1(id)))->config[key] = std::move(value);
}

inline Problems withRule(const Problems& all, const QString& rule)
{
    Problems out;
    for (const Problem& p : all)
        if (p.rule == rule) out.push_back(p);
    return out;
}

inline QString dump(const Problems& problems)
{
    QStringList lines;
    for (const Problem& p : problems)
        lines << QStringLiteral("%1 %2 %3 %4").arg(p.isError() ? "error" : "warning", p.rule, p.pointer, p.message);
    return lines.join(QLatin1Char('\n'));
}

}  // namespace lintkit

class TestLint : public QObject {
    Q_OBJECT

private slots:
    void cleanPipeline();
    void rule_data();
    void rule();
    void messagesNameTheNodes();
    void namedNodesInEveryRule_data();
    void namedNodesInEveryRule();
    void deadLetterLoopNamesTheCycle();
    void unknownKeyPointerIsEscaped();
    void neverThrowsOnOddConfigs();
    void order();
};
