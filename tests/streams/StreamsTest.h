// Shared by the streams test files: the test class, diagram builders and readers of the run.
#pragma once

#include "engine/Engine.h"
#include "engine/nodes/Bucket.h"
#include "engine/nodes/Table.h"
#include "format/ProjectFile.h"

#include <QtTest>

using namespace ml;

namespace streamtest {

constexpr Micros ms(qint64 v)
{
    return v * kMicrosPerMilli;
}
constexpr Micros s(qint64 v)
{
    return v * kMicrosPerSecond;
}

inline std::unique_ptr<Engine> engineFor(const std::string& nodes, const std::string& edges)
{
    const std::string text = R"({"format": "microlab/1", "name": "streams test", "seed": 11, "nodes": [)" + nodes +
                             R"(], "edges": [)" + edges + "]}";
    Result<LoadedProject> loaded =
        projectfile::parse(QByteArray::fromStdString(text), QStringLiteral("streams.mlab.json"));
    if (!loaded.ok()) {
        qWarning("%s", qPrintable(loaded.error().message));
        return nullptr;
    }
    Result<std::unique_ptr<Engine>> engine = Engine::create(loaded.value().diagram);
    if (!engine.ok()) {
        qWarning("%s", qPrintable(engine.error().message));
        return nullptr;
    }
    return std::move(engine).value();
}

struct Recorder : EngineObserver {
    std::vector<EngineEvent> events;
    void onEvent(const Engine&, const EngineEvent& e) override { events.push_back(e); }
    std::vector<EngineEvent> of(EventType type, int node) const
    {
        std::vector<EngineEvent> out;
        for (const EngineEvent& e : events)
            if (e.type == type && e.node == node) out.push_back(e);
        return out;
    }
};

inline const char* kZero = R"("latency": {"dist": "fixed", "value": "0ms"})";

// orders (table, stream `view`) → trig (trigger) → seen (queue), with `streamEdge` config.
inline std::unique_ptr<Engine> streamed(const std::string& view, const std::string& streamEdge = "{}",
                                        const std::string& trigConfig = "")
{
    return engineFor(
        R"({"id": "orders", "kind": "table", "config": {"stream": ")" + view + R"("}},
                        {"id": "trig", "kind": "trigger", "config": {)" +
            std::string(kZero) + trigConfig + R"(}},
                        {"id": "seen", "kind": "queue"})",
        R"({"from": "orders", "to": "trig", "config": )" + streamEdge + R"(}, {"from": "trig", "to": "seen"})");
}

inline Table& tableOf(Engine& engine, const char* id)
{
    return dynamic_cast<Table&>(engine.behaviour(engine.nodeIndex(QString::fromLatin1(id))));
}
inline Bucket& bucketOf(Engine& engine, const char* id)
{
    return dynamic_cast<Bucket&>(engine.behaviour(engine.nodeIndex(QString::fromLatin1(id))));
}

// Writes `n` new items {"id": "i<k>"} at the current time, as a function would.
inline void writeItems(Engine& engine, int n, int first = 0)
{
    engine.start();
    Table& t = tableOf(engine, "orders");
    for (int i = first; i < first + n; ++i) QVERIFY(t.putItem(Json{{"id", "i" + std::to_string(i)}}, kNoMessage).ok());
}

// The bodies waiting in a queue, oldest first.
inline std::vector<Json> queued(const Engine& engine, const char* queue)
{
    std::vector<Json> out;
    const Json report = engine.report();
    for (const Json& m : report["nodes"][queue]["queue"]["messages"]) out.push_back(m["body"]);
    return out;
}

inline std::vector<qint64> batchSizes(const Recorder& rec, const Engine& engine, const char* fn = "trig")
{
    std::vector<qint64> out;
    for (const EngineEvent& e : rec.of(EventType::InvokeStart, engine.nodeIndex(QString::fromLatin1(fn))))
        out.push_back(e.value);
    return out;
}

inline std::vector<Micros> invokeTimes(const Recorder& rec, const Engine& engine, const char* fn = "trig")
{
    std::vector<Micros> out;
    for (const EngineEvent& e : rec.of(EventType::InvokeStart, engine.nodeIndex(QString::fromLatin1(fn))))
        out.push_back(e.time);
    return out;
}

inline int num(const Json& report, const char* node, const char* key)
{
    const Json& n = report["nodes"][node];
    return n.contains(key) ? n[key].get<int>() : 0;
}

inline int dropped(const Json& report, const char* reason)
{
    const Json& d = report["conservation"]["dropped"];
    return d.contains(reason) ? d[reason].get<int>() : 0;
}

}  // namespace streamtest

class TestStreams : public QObject {
    Q_OBJECT

private slots:
    void batchesOfBatchSize_data();
    void batchesOfBatchSize();
    void recordImages_data();
    void recordImages();
    void streamOffWritesNoRecords();
    void writesThroughCrudContinueTheTrace();
    void retriesUntilMaxRetryAttempts();
    void bisectOnError_data();
    void bisectOnError();
    void recoversInOrder();
    void throttlesAreNoAttempt();
    void recordsExpireAfter24Hours();
    void everyStreamEdgeReadsEveryRecord();
    void notificationFilters();
    void eventMatches_data();
    void eventMatches();
    void encodeKey_data();
    void encodeKey();
    void putsFromFunctionsAndClients();
    void notificationsAreAsyncInvocations();
};
