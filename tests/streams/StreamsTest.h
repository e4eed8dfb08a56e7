// Shared by the streams test files: the test class, diagram builders and readers of the run.
#pragma once

#include "../enginekit/EngineKit.h"
#include "engine/nodes/Bucket.h"
#include "engine/nodes/Table.h"

using namespace ml;
using namespace kit;

namespace streamtest {

// Seed 11, as the numbers in these tests were worked out with.
inline const EngineOptions kSeed{.seed = 11};

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
        R"({"from": "orders", "to": "trig", "config": )" + streamEdge + R"(}, {"from": "trig", "to": "seen"})", kSeed);
}

// Writes `n` new items {"id": "i<k>"} at the current time, as a function would.
inline void writeItems(Engine& engine, int n, int first = 0)
{
    engine.start();
    Table& t = *behaviourOf<Table>(engine, "orders");
    for (int i = first; i < first + n; ++i) QVERIFY(t.putItem(Json{{"id", "i" + std::to_string(i)}}, kNoMessage).ok());
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
