// Table streams and bucket notifications through the engine (the bucket half is in
// BucketNotifications.cpp). Streams: batches of batchSize (default 100) on Lambda's 250 ms
// polls, INSERT/MODIFY/REMOVE records with the images of each view type, no record for a write
// that changes nothing, retries with maxRetryAttempts and their waits, bisectOnError worked out
// by hand, in-order recovery, throttles that are no attempt, the 24 h record age, one reader
// per stream edge, traces that continue from the write. Conservation holds after every run.
#include "StreamsTest.h"

using namespace streamtest;

void TestStreams::batchesOfBatchSize_data()
{
    QTest::addColumn<QString>("edge");
    QTest::addColumn<int>("records");
    QTest::addColumn<QList<qint64>>("batches");
    QTest::newRow("default 100, 250 records") << "{}" << 250 << QList<qint64>{100, 100, 50};
    QTest::newRow("exactly 100") << "{}" << 100 << QList<qint64>{100};
    QTest::newRow("batchSize 40") << R"({"batchSize": 40})" << 250 << QList<qint64>{40, 40, 40, 40, 40, 40, 10};
    QTest::newRow("batchSize 1") << R"({"batchSize": 1})" << 3 << QList<qint64>{1, 1, 1};
}

void TestStreams::batchesOfBatchSize()
{
    QFETCH(QString, edge);
    QFETCH(int, records);
    QFETCH(QList<qint64>, batches);
    auto engine = streamed("NEW_AND_OLD_IMAGES", edge.toStdString());
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    writeItems(*engine, records);
    engine->run(sec(10));
    const std::vector<qint64> sizes = rec.values(EventType::InvokeStart, "trig");
    QCOMPARE(QList<qint64>(sizes.begin(), sizes.end()), batches);
    // Written at 0 s, read by the first poll at 250 ms; a full shard is read on at once.
    for (Micros t : rec.times(EventType::InvokeStart, "trig")) QCOMPARE(t, ms(250));
    const Json r = engine->report();
    QCOMPARE(r["nodes"]["orders"]["stream"][0]["batches"].get<int>(), batches.size());
    QCOMPARE(r["nodes"]["orders"]["stream"][0]["delivered"].get<int>(), records);
    QCOMPARE(r["nodes"]["orders"]["items"].get<int>(), records);
    QCOMPARE(num(r, "seen", "received"), quint64(records));
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestStreams::recordImages_data()
{
    QTest::addColumn<QString>("view");
    // For INSERT, MODIFY, REMOVE: which images the record has (N new, O old, - none).
    QTest::addColumn<QStringList>("images");
    QTest::newRow("NEW_AND_OLD_IMAGES") << "NEW_AND_OLD_IMAGES" << QStringList{"N", "NO", "O"};
    QTest::newRow("NEW_IMAGE") << "NEW_IMAGE" << QStringList{"N", "N", "-"};
    QTest::newRow("OLD_IMAGE") << "OLD_IMAGE" << QStringList{"-", "O", "O"};
    QTest::newRow("KEYS_ONLY") << "KEYS_ONLY" << QStringList{"-", "-", "-"};
}

void TestStreams::recordImages()
{
    QFETCH(QString, view);
    QFETCH(QStringList, images);
    auto engine = streamed(view.toStdString());
    QVERIFY(engine);
    engine->start();
    Table& t = *behaviourOf<Table>(*engine, "orders");
    QVERIFY(t.putItem(Json{{"id", "a"}, {"v", 1}}, kNoMessage).ok());  // INSERT
    QVERIFY(t.putItem(Json{{"id", "a"}, {"v", 2}}, kNoMessage).ok());  // MODIFY
    QVERIFY(t.putItem(Json{{"id", "a"}, {"v", 2}}, kNoMessage).ok());  // nothing changed: no record
    QVERIFY(t.removeItem("a", kNoMessage).ok());                       // REMOVE
    QVERIFY(t.removeItem("a", kNoMessage).ok());                       // nothing there: no record
    engine->run(sec(10));
    const std::vector<Json> records = queued(*engine, "seen");
    QCOMPARE(records.size(), std::size_t(3));
    const char* names[] = {"INSERT", "MODIFY", "REMOVE"};
    const Json newImages[] = {Json{{"id", "a"}, {"v", 1}}, Json{{"id", "a"}, {"v", 2}}, Json()};
    const Json oldImages[] = {Json(), Json{{"id", "a"}, {"v", 1}}, Json{{"id", "a"}, {"v", 2}}};
    for (int i = 0; i < 3; ++i) {
        const Json& r = records[size_t(i)];
        QCOMPARE(r["eventName"].get<std::string>(), std::string(names[i]));
        QCOMPARE(r["eventSource"].get<std::string>(), std::string("aws:dynamodb"));
        QCOMPARE(r["eventID"].get<std::string>(), std::to_string(i + 1));
        const Json& d = r["dynamodb"];
        QCOMPARE(d["Keys"], (Json{{"id", "a"}}));
        QCOMPARE(d["SequenceNumber"].get<std::string>(), std::to_string(i + 1));
        QCOMPARE(QString::fromStdString(d["StreamViewType"].get<std::string>()), view);
        const QString want = images[i];
        QCOMPARE(d.contains("NewImage"), want.contains(QLatin1Char('N')));
        QCOMPARE(d.contains("OldImage"), want.contains(QLatin1Char('O')));
        if (d.contains("NewImage")) QCOMPARE(d["NewImage"], newImages[i]);
        if (d.contains("OldImage")) QCOMPARE(d["OldImage"], oldImages[i]);
    }
    QVERIFY(engine->conservation().holds);
}

void TestStreams::streamOffWritesNoRecords()
{
    auto engine = streamed("off");
    QVERIFY(engine);
    writeItems(*engine, 5);
    engine->run(sec(10));
    const Json r = engine->report();
    QCOMPARE(r["nodes"]["orders"]["items"].get<int>(), 5);
    QCOMPARE(num(r, "trig", "invoked"), quint64(0));
    QCOMPARE(r["conservation"]["entered"].get<int>(), 0);
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestStreams::writesThroughCrudContinueTheTrace()
{
    auto engine = engineFor(std::string(R"({"id": "api", "kind": "api-gateway", "config": {"routes": [
                                  {"method": "POST", "path": "/orders"}, {"method": "PUT", "path": "/orders/{id}"},
                                  {"method": "DELETE", "path": "/orders/{id}"}]}},
                               {"id": "crud", "kind": "crud", "config": {)") +
                                kZero + R"(}},
                               {"id": "orders", "kind": "table", "config": {"stream": "NEW_AND_OLD_IMAGES"}},
                               {"id": "trig", "kind": "trigger", "config": {)" +
                                kZero + R"(}},
                               {"id": "seen", "kind": "queue"})",
                            R"({"from": "api", "to": "crud"}, {"from": "crud", "to": "orders"},
                               {"from": "orders", "to": "trig"}, {"from": "trig", "to": "seen"})",
                            kSeed);
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    const Json requests[] = {Json{{"method", "POST"}, {"path", "/orders"}, {"body", {{"id", "o1"}, {"total", 5}}}},
                             Json{{"method", "PUT"}, {"path", "/orders/o1"}, {"body", {{"total", 6}}}},
                             Json{{"method", "DELETE"}, {"path", "/orders/o1"}}};
    for (const Json& request : requests) {
        QVERIFY(engine->inject(QStringLiteral("api"), request).ok());
        engine->run(engine->now() + sec(5));
    }
    const std::vector<Json> records = queued(*engine, "seen");
    QCOMPARE(records.size(), std::size_t(3));
    QCOMPARE(records[0]["eventName"].get<std::string>(), std::string("INSERT"));
    QCOMPARE(records[1]["eventName"].get<std::string>(), std::string("MODIFY"));
    QCOMPARE(records[1]["dynamodb"]["NewImage"], (Json{{"id", "o1"}, {"total", 6}}));
    QCOMPARE(records[1]["dynamodb"]["OldImage"], (Json{{"id", "o1"}, {"total", 5}}));
    QCOMPARE(records[2]["eventName"].get<std::string>(), std::string("REMOVE"));
    // Each record belongs to the trace of the request that wrote it: three requests, three
    // traces, one record each.
    const int trig = engine->nodeIndex(QStringLiteral("trig"));
    std::vector<quint64> entered, recordTraces;
    for (const Recorder::Seen& seen : rec.seen) {
        const EngineEvent& e = seen.event;
        if (e.type == EventType::Entered) entered.push_back(e.trace);
        if (e.type == EventType::Sent && e.peer == trig) recordTraces.push_back(e.trace);
    }
    QCOMPARE(entered.size(), std::size_t(3));
    QCOMPARE(recordTraces, entered);
    QVERIFY(engine->conservation().holds);
}

void TestStreams::retriesUntilMaxRetryAttempts()
{
    // Every invocation fails; maxRetryAttempts 2: the first try at 250 ms, retries after 1 s
    // and 2 s more, then the three records are discarded.
    auto engine = streamed("NEW_IMAGE", R"({"maxRetryAttempts": 2})", R"(, "errorRate": 1)");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    writeItems(*engine, 3);
    engine->run(sec(60));
    QCOMPARE(rec.times(EventType::InvokeStart, "trig"), (std::vector<Micros>{ms(250), ms(1250), ms(3250)}));
    const Json r = engine->report();
    QCOMPARE(r["nodes"]["orders"]["stream"][0]["retried"].get<int>(), 2);
    QCOMPARE(r["nodes"]["orders"]["stream"][0]["discarded"].get<int>(), 3);
    QCOMPARE(r["nodes"]["orders"]["stream"][0]["pending"].get<int>(), 0);
    QCOMPARE(dropped(r, "stream-retries-exhausted"), quint64(3));
    QCOMPARE(num(r, "trig", "failed"), quint64(3));
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestStreams::bisectOnError_data()
{
    QTest::addColumn<bool>("bisect");
    QTest::addColumn<QList<qint64>>("batches");
    // 4 records, every invocation fails, maxRetryAttempts 3. Without bisecting: the batch of 4
    // is tried 1 + 3 times. Bisecting: [4] → [2][2]; each [2] → [1][1]; each [1] is tried until
    // its records have failed 4 times: 1 + (1 + 2 × 2) × 2 = 11 invocations.
    QTest::newRow("whole batch") << false << QList<qint64>{4, 4, 4, 4};
    QTest::newRow("bisect") << true << QList<qint64>{4, 2, 1, 1, 1, 1, 2, 1, 1, 1, 1};
}

void TestStreams::bisectOnError()
{
    QFETCH(bool, bisect);
    QFETCH(QList<qint64>, batches);
    auto engine = streamed(
        "KEYS_ONLY", std::string(R"({"maxRetryAttempts": 3, "bisectOnError": )") + (bisect ? "true" : "false") + "}",
        R"(, "errorRate": 1)");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    writeItems(*engine, 4);
    engine->run(kMicrosPerHour);
    const std::vector<qint64> sizes = rec.values(EventType::InvokeStart, "trig");
    QCOMPARE(QList<qint64>(sizes.begin(), sizes.end()), batches);
    const Json r = engine->report();
    QCOMPARE(r["nodes"]["orders"]["stream"][0]["discarded"].get<int>(), 4);
    QCOMPARE(r["nodes"]["orders"]["stream"][0].value("bisected", 0), bisect ? 3 : 0);
    QCOMPARE(dropped(r, "stream-retries-exhausted"), quint64(4));
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestStreams::recoversInOrder()
{
    // The trigger is down for the first 2 s. 6 records, batchSize 4, bisecting: [4] fails at
    // 0.25 s, its halves [2] fails at 1.25 s, [1] [1] [2] succeed at 3.25 s, then [2] (records
    // 5 and 6). The records come out in the order they were written.
    auto engine = streamed("NEW_IMAGE", R"({"batchSize": 4, "bisectOnError": true})");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    const int trig = engine->nodeIndex(QStringLiteral("trig"));
    engine->setFault(trig, Fault{std::nullopt, 0, std::nullopt, true, false});
    writeItems(*engine, 6);
    engine->run(sec(2));
    engine->setFault(trig, Fault{});
    engine->run(sec(60));
    const std::vector<qint64> sizes = rec.values(EventType::InvokeStart, "trig");
    QCOMPARE(QList<qint64>(sizes.begin(), sizes.end()), (QList<qint64>{4, 2, 1, 1, 2, 2}));
    QCOMPARE(rec.times(EventType::InvokeStart, "trig"),
             (std::vector<Micros>{ms(250), ms(1250), ms(3250), ms(3250), ms(3250), ms(3250)}));
    const std::vector<Json> records = queued(*engine, "seen");
    QCOMPARE(records.size(), std::size_t(6));
    for (int i = 0; i < 6; ++i)
        QCOMPARE(records[size_t(i)]["dynamodb"]["Keys"]["id"].get<std::string>(), "i" + std::to_string(i));
    const Json r = engine->report();
    QCOMPARE(r["nodes"]["orders"]["stream"][0]["retried"].get<int>(), 2);
    QCOMPARE(r["nodes"]["orders"]["stream"][0]["bisected"].get<int>(), 2);
    QCOMPARE(r["nodes"]["orders"]["stream"][0]["delivered"].get<int>(), 6);
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestStreams::throttlesAreNoAttempt()
{
    // Throttled to 0 concurrency for 10.1 s: the polls at 0.25 s, 1.25 s … 9.25 s are refused
    // (10 throttles) but cost no retry, so even maxRetryAttempts 0 keeps the record, and the poll
    // at 10.25 s delivers it.
    auto engine = streamed("NEW_IMAGE", R"({"maxRetryAttempts": 0})");
    QVERIFY(engine);
    const int trig = engine->nodeIndex(QStringLiteral("trig"));
    engine->setFault(trig, Fault{std::nullopt, 0, 0, false, false});
    writeItems(*engine, 1);
    engine->run(ms(10100));
    engine->setFault(trig, Fault{});
    engine->run(sec(60));
    const Json r = engine->report();
    QCOMPARE(num(r, "trig", "throttled"), quint64(10));
    QCOMPARE(num(r, "trig", "invoked"), quint64(1));
    QCOMPARE(r["nodes"]["orders"]["stream"][0]["delivered"].get<int>(), 1);
    QCOMPARE(r["nodes"]["orders"]["stream"][0].value("discarded", 0), 0);
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestStreams::recordsExpireAfter24Hours()
{
    // maxRetryAttempts −1: retried until the record is 24 h old. Attempts at 0.25 s, then after
    // 1, 2, 4, 8, 16, 32 s (63.25 s) and every 60 s: 63.25 + 60 j < 86 400 for j ≤ 1438, so
    // 7 + 1438 = 1445 attempts; the poll at 86 403.25 s finds the record expired.
    auto engine = streamed("NEW_IMAGE", "{}", R"(, "errorRate": 1)");
    QVERIFY(engine);
    writeItems(*engine, 1);
    engine->run(25 * kMicrosPerHour);
    const Json r = engine->report();
    QCOMPARE(num(r, "trig", "invoked"), quint64(1445));
    QCOMPARE(r["nodes"]["orders"]["stream"][0]["expired"].get<int>(), 1);
    QCOMPARE(r["conservation"]["expired"].get<int>(), 1);
    QCOMPARE(r["nodes"]["orders"]["stream"][0]["pending"].get<int>(), 0);
    QVERIFY(r["conservation"]["holds"].get<bool>());
    QCOMPARE(Table::retryDelay(1), sec(1));
    QCOMPARE(Table::retryDelay(6), sec(32));
    QCOMPARE(Table::retryDelay(7), sec(60));
    QCOMPARE(Table::retryDelay(1000), sec(60));
}

void TestStreams::everyStreamEdgeReadsEveryRecord()
{
    auto engine = engineFor(
        std::string(R"({"id": "orders", "kind": "table", "config": {"stream": "NEW_IMAGE"}},
                               {"id": "one", "kind": "trigger", "config": {)") +
            kZero + R"(}},
                               {"id": "two", "kind": "worker", "config": {)" +
            kZero + R"(}})",
        R"({"from": "orders", "to": "one"}, {"from": "orders", "to": "two", "config": {"batchSize": 2}})", kSeed);
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    writeItems(*engine, 5);
    engine->run(sec(10));
    QCOMPARE(rec.values(EventType::InvokeStart, "one"), (std::vector<qint64>{5}));
    QCOMPARE(rec.values(EventType::InvokeStart, "two"), (std::vector<qint64>{2, 2, 1}));
    const Json r = engine->report();
    // 5 writes, one record message per reader: 10 entered, all delivered.
    QCOMPARE(r["conservation"]["entered"].get<int>(), 10);
    QCOMPARE(r["conservation"]["delivered"].get<int>(), 10);
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

QTEST_GUILESS_MAIN(TestStreams)
