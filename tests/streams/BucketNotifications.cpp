// Bucket notifications: S3 event records filtered by events, prefix and suffix, key encoding,
// puts from messages, function outputs and clients, and asynchronous invocation with retries.
#include "StreamsTest.h"

using namespace streamtest;

void TestStreams::notificationFilters()
{
    auto engine = engineFor(
        std::string(R"({"id": "photos", "kind": "bucket"},
                               {"id": "a", "kind": "trigger", "config": {)") +
            kZero + R"(}},
                               {"id": "b", "kind": "trigger", "config": {)" +
            kZero + R"(}},
                               {"id": "c", "kind": "trigger", "config": {)" +
            kZero + R"(}},
                               {"id": "d", "kind": "trigger", "config": {)" +
            kZero + R"(}},
                               {"id": "seen", "kind": "queue"}, {"id": "removed", "kind": "queue"})",
        R"({"from": "photos", "to": "a", "config": {"events": ["s3:ObjectCreated:*"], "prefix": "images/", "suffix": ".jpg"}},
                               {"from": "photos", "to": "b", "config": {"events": ["s3:ObjectRemoved:*"]}},
                               {"from": "photos", "to": "c", "config": {"events": ["s3:ObjectCreated:Put", "ObjectRemoved:Delete"]}},
                               {"from": "photos", "to": "d", "config": {"events": ["s3:ObjectCreated:Copy"]}},
                               {"from": "a", "to": "seen"}, {"from": "b", "to": "removed"})",
        kSeed);
    QVERIFY(engine);
    for (const char* key : {"images/cat.jpg", "images/cat.png", "docs/cat.jpg", "images/dog.jpg"})
        QVERIFY(engine->inject(QStringLiteral("photos"), Json{{"key", key}, {"body", "meow"}}).ok());
    engine->run(sec(10));
    QVERIFY(behaviourOf<Bucket>(*engine, "photos")->deleteObject("images/cat.jpg", kNoMessage).ok());
    QVERIFY(behaviourOf<Bucket>(*engine, "photos")->deleteObject("no/such.jpg", kNoMessage).ok());  // nothing: no event
    engine->run(sec(20));
    const Json r = engine->report();
    // a: the two .jpg under images/; b: the delete; c: 4 puts + 1 delete; d: no copies.
    QCOMPARE(num(r, "a", "invoked"), quint64(2));
    QCOMPARE(num(r, "b", "invoked"), quint64(1));
    QCOMPARE(num(r, "c", "invoked"), quint64(5));
    QCOMPARE(num(r, "d", "invoked"), quint64(0));
    QCOMPARE(r["nodes"]["photos"]["objects"].get<int>(), 3);
    QCOMPARE(r["nodes"]["photos"]["bytes"].get<int>(), 12);

    const std::vector<Json> seen = queued(*engine, "seen");
    QCOMPARE(seen.size(), std::size_t(2));
    const Json& created = seen[0]["Records"][0];
    QCOMPARE(created["eventName"].get<std::string>(), std::string("ObjectCreated:Put"));
    QCOMPARE(created["eventSource"].get<std::string>(), std::string("aws:s3"));
    QCOMPARE(created["eventTime"].get<std::string>(), std::string("2026-01-01T00:00:00.000Z"));
    QCOMPARE(created["s3"]["bucket"]["name"].get<std::string>(), std::string("photos"));
    QCOMPARE(created["s3"]["bucket"]["arn"].get<std::string>(), std::string("arn:aws:s3:::photos"));
    QCOMPARE(created["s3"]["object"]["key"].get<std::string>(), std::string("images/cat.jpg"));
    QCOMPARE(created["s3"]["object"]["size"].get<int>(), 4);
    QCOMPARE(seen[1]["Records"][0]["s3"]["object"]["key"].get<std::string>(), std::string("images/dog.jpg"));
    const std::vector<Json> gone = queued(*engine, "removed");
    QCOMPARE(gone.size(), std::size_t(1));
    const Json& removed = gone[0]["Records"][0];
    QCOMPARE(removed["eventName"].get<std::string>(), std::string("ObjectRemoved:Delete"));
    QCOMPARE(removed["s3"]["object"]["key"].get<std::string>(), std::string("images/cat.jpg"));
    QVERIFY(!removed["s3"]["object"].contains("size"));  // S3 delete records carry no size
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestStreams::eventMatches_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("event");
    QTest::addColumn<bool>("matches");
    QTest::newRow("created wildcard") << "s3:ObjectCreated:*"
                                      << "ObjectCreated:Put" << true;
    QTest::newRow("created wildcard, no prefix") << "ObjectCreated:*"
                                                 << "ObjectCreated:Put" << true;
    QTest::newRow("created wildcard vs removed") << "s3:ObjectCreated:*"
                                                 << "ObjectRemoved:Delete" << false;
    QTest::newRow("removed wildcard") << "s3:ObjectRemoved:*"
                                      << "ObjectRemoved:Delete" << true;
    QTest::newRow("exact put") << "s3:ObjectCreated:Put"
                               << "ObjectCreated:Put" << true;
    QTest::newRow("exact copy vs put") << "s3:ObjectCreated:Copy"
                                       << "ObjectCreated:Put" << false;
    QTest::newRow("exact delete") << "ObjectRemoved:Delete"
                                  << "ObjectRemoved:Delete" << true;
}

void TestStreams::eventMatches()
{
    QFETCH(QString, pattern);
    QFETCH(QString, event);
    QFETCH(bool, matches);
    QCOMPARE(Bucket::eventMatches(pattern.toStdString(), event.toStdString()), matches);
}

void TestStreams::encodeKey_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("encoded");
    QTest::newRow("plain") << "images/cat.jpg"
                           << "images/cat.jpg";
    QTest::newRow("space is +") << "my photo.jpg"
                                << "my+photo.jpg";
    QTest::newRow("utf-8") << "caf\u00e9.txt"
                           << "caf%C3%A9.txt";
    QTest::newRow("colon") << "a:b"
                           << "a%3Ab";
}

void TestStreams::encodeKey()
{
    QFETCH(QString, key);
    QFETCH(QString, encoded);
    QCOMPARE(QString::fromStdString(Bucket::encodeKey(key.toStdString())), encoded);
}

void TestStreams::putsFromFunctionsAndClients()
{
    // A worker's output along its data-access edge is a put; so is every client message.
    auto engine = engineFor(std::string(R"({"id": "build", "kind": "worker", "config": {)") + kZero + R"(}},
                               {"id": "uploads", "kind": "client", "config": {"rate": "1/s", "count": 3,
                                   "messages": [{"key": "up/x.txt", "body": "abc"}]}},
                               {"id": "reports", "kind": "bucket"},
                               {"id": "publish", "kind": "trigger", "config": {)" +
                                kZero + R"(}})",
                            R"({"from": "build", "to": "reports"}, {"from": "uploads", "to": "reports"},
                               {"from": "reports", "to": "publish", "config": {"prefix": "reports/"}})",
                            kSeed);
    QVERIFY(engine);
    QVERIFY(
        engine->inject(QStringLiteral("build"), Json{{"key", "reports/daily.json"}, {"body", {{"total", 3}}}}).ok());
    QVERIFY(engine->inject(QStringLiteral("build"), Json{{"total", 4}}).ok());  // no key: one is made
    engine->run(sec(10));
    const Json r = engine->report();
    // reports/daily.json, object-1 and up/x.txt (put three times).
    QCOMPARE(r["nodes"]["reports"]["objects"].get<int>(), 3);
    QCOMPARE(r["nodes"]["reports"]["puts"].get<int>(), 5);
    BucketStore* store = behaviourOf<Bucket>(*engine, "reports")->store();
    QCOMPARE(store->get("reports/daily.json").value().value().body, (Json{{"total", 3}}));
    // The keyless output is kept whole, stamped by the worker like every function output.
    QCOMPARE(store->get("object-1").value().value().body, (Json{{"total", 4}, {"processedBy", "build"}}));
    QCOMPARE(store->get("up/x.txt").value().value().size, qint64(3));
    // Only reports/ notifies.
    QCOMPARE(num(r, "publish", "invoked"), quint64(1));
    QCOMPARE(num(r, "reports", "received"), quint64(5));
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestStreams::notificationsAreAsyncInvocations()
{
    // S3 invokes asynchronously: a failing function is retried after 1 and 2 more minutes,
    // then the event is dropped (no on-failure destination).
    auto engine = engineFor(std::string(R"({"id": "photos", "kind": "bucket"},
                               {"id": "a", "kind": "trigger", "config": {)") +
                                kZero + R"(, "errorRate": 1}})",
                            R"({"from": "photos", "to": "a"})", kSeed);
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    QVERIFY(engine->inject(QStringLiteral("photos"), Json{{"key", "x.jpg"}, {"body", "x"}}).ok());
    engine->run(10 * kMicrosPerMinute);
    QCOMPARE(rec.times(EventType::InvokeStart, "a"), (std::vector<Micros>{0, kMicrosPerMinute, 3 * kMicrosPerMinute}));
    const Json r = engine->report();
    QCOMPARE(dropped(r, "async-retries-exhausted"), quint64(1));
    QCOMPARE(r["nodes"]["photos"]["objects"].get<int>(), 1);
    QVERIFY(r["conservation"]["holds"].get<bool>());
}
