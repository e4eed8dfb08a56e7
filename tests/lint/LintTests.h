// The linter unit's test class and the sample its two files share: rules firing and not firing
// (tst_lint.cpp), the problems' messages, pointers and order (LintMessages.cpp). The diagram
// helpers are in LintKit.h, which tests/linttraffic uses too.
#pragma once

#include "LintKit.h"

#include <QtTest>

#include <functional>

namespace lintkit {

using namespace ml;

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
