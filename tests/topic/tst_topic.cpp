// topic (SNS) and inbox through the engine: fan-out to every subscription, filter policies on
// attributes and on the body (every operator), no subscriber, functions invoked asynchronously
// (Lambda's 1 + 2 attempts), the SNS delivery policy's exact retry schedule towards an endpoint
// it cannot reach and the subscription DLQ, FIFO group ids, and the inbox's counts and kept
// bodies. Conservation holds after every run.
#include "../enginekit/EngineKit.h"
#include "engine/nodes/Inbox.h"
#include "engine/nodes/Queue.h"
#include "engine/nodes/Topic.h"

using namespace ml;
using namespace kit;

namespace {

const char* kFixedZero = R"("latency": {"dist": "fixed", "value": "0ms"})";

}  // namespace

class TestTopic : public QObject {
    Q_OBJECT

private slots:
    void fanOutToEverySubscription();
    void deliveryBodies();
    void filterPolicy_data();
    void filterPolicy();
    void noSubscriberIsDropped();
    void retrySchedule_data();
    void retrySchedule();
    void failedDeliveryWithoutDlqIsDropped();
    void recoversDuringRetries();
    void failingSubscriberRunsThreeTimes();
    void fifoKeepsGroupId();
    void inboxKeepsRecentBodies();
};

void TestTopic::fanOutToEverySubscription()
{
    // news → queue, worker, inbox; no filter policies: every message reaches all three.
    auto engine =
        engineFor(R"({"id": "news", "kind": "topic"}, {"id": "q", "kind": "queue"},
                               {"id": "fn", "kind": "worker"}, {"id": "admins", "kind": "inbox"})",
                  R"({"from": "news", "to": "q"}, {"from": "news", "to": "fn"}, {"from": "news", "to": "admins"})");
    QVERIFY(engine);
    for (int i = 0; i < 5; ++i) put(*engine, "news", Json{{"n", i}});
    engine->run(10 * kMicrosPerSecond);
    const Json r = engine->report();
    // 5 published × 3 subscriptions = 15 deliveries; none retried.
    QCOMPARE(num(r, "news", "received"), quint64(5));
    QCOMPARE(num(r, "news", "deliveries"), quint64(15));
    QCOMPARE(num(r, "news", "retried"), quint64(0));
    QCOMPARE(r["nodes"]["q"]["queue"]["visible"].get<int>(), 5);
    QCOMPARE(num(r, "fn", "invoked"), quint64(5));
    QCOMPARE(num(r, "fn", "succeeded"), quint64(5));
    QCOMPARE(num(r, "admins", "received"), quint64(5));
    const Json& c = r["conservation"];
    // 5 entered, 15 derived; the 5 published are forwarded, the 10 function and inbox
    // deliveries delivered, the 5 queue deliveries queued.
    QCOMPARE(c["entered"].get<int>(), 5);
    QCOMPARE(c["derived"].get<int>(), 15);
    QCOMPARE(c["forwarded"].get<int>(), 5);
    QCOMPARE(c["delivered"].get<int>(), 10);
    QCOMPARE(c["queued"].get<int>(), 5);
    QVERIFY(c["holds"].get<bool>());
}

void TestTopic::deliveryBodies()
{
    // A queue gets the SNS envelope unless rawMessageDelivery; a function the Records event;
    // an inbox the body as published.
    auto engine = engineFor(
        R"({"id": "news", "kind": "topic"}, {"id": "env", "kind": "queue"},
                               {"id": "raw", "kind": "queue"}, {"id": "fn", "kind": "worker"},
                               {"id": "out", "kind": "queue"}, {"id": "admins", "kind": "inbox"})",
        R"({"from": "news", "to": "env"}, {"from": "news", "to": "raw", "config": {"rawMessageDelivery": true}},
                               {"from": "news", "to": "fn"}, {"from": "fn", "to": "out"}, {"from": "news", "to": "admins"})");
    QVERIFY(engine);
    put(*engine, "news", Json{{"orderId", "o-1"}}, {.attributes = Json{{"type", "order"}, {"total", 42}}});
    engine->run(10 * kMicrosPerSecond);
    const Json r = engine->report();
    const Json env = r["nodes"]["env"]["queue"]["messages"][0]["body"];
    QCOMPARE(env["Type"].get<std::string>(), std::string("Notification"));
    QCOMPARE(env["TopicArn"].get<std::string>(), std::string("arn:aws:sns:us-east-1:123456789012:news"));
    QCOMPARE(env["Message"].get<std::string>(), std::string(R"({"orderId":"o-1"})"));
    QCOMPARE(env["MessageId"].get<std::string>(), std::string("m1"));
    QCOMPARE(env["Timestamp"].get<std::string>(), std::string("2026-01-01T00:00:00.000Z"));
    QCOMPARE(env["MessageAttributes"]["type"], (Json{{"Type", "String"}, {"Value", "order"}}));
    QCOMPARE(env["MessageAttributes"]["total"], (Json{{"Type", "Number"}, {"Value", "42"}}));
    QCOMPARE(r["nodes"]["raw"]["queue"]["messages"][0]["body"], (Json{{"orderId", "o-1"}}));
    const Json fnOut = r["nodes"]["out"]["queue"]["messages"][0]["body"];
    QCOMPARE(fnOut["Records"][0]["EventSource"].get<std::string>(), std::string("aws:sns"));
    QCOMPARE(fnOut["Records"][0]["Sns"]["Message"].get<std::string>(), std::string(R"({"orderId":"o-1"})"));
    QCOMPARE(fnOut["processedBy"].get<std::string>(), std::string("fn"));
    QCOMPARE(r["nodes"]["admins"]["messages"][0], (Json{{"orderId", "o-1"}}));
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestTopic::filterPolicy_data()
{
    QTest::addColumn<QByteArray>("scope");
    QTest::addColumn<QByteArray>("policy");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("attributes");
    QTest::addColumn<bool>("delivered");

    auto attr = [](const char* name, const char* policy, const char* attributes, bool delivered) {
        QTest::newRow(name) << QByteArray("MessageAttributes") << QByteArray(policy) << QByteArray(R"({"x": 1})")
                            << QByteArray(attributes) << delivered;
    };
    auto body = [](const char* name, const char* policy, const char* body, bool delivered) {
        QTest::newRow(name) << QByteArray("MessageBody") << QByteArray(policy) << QByteArray(body)
                            << QByteArray(R"({"type": "ignored"})") << delivered;
    };
    attr("attr exact", R"({"type": ["order"]})", R"({"type": "order"})", true);
    attr("attr exact differs", R"({"type": ["order"]})", R"({"type": "refund"})", false);
    attr("attr or within key", R"({"type": ["order", "refund"]})", R"({"type": "refund"})", true);
    attr("attr and across keys", R"({"type": ["order"], "priority": ["high"]})",
         R"({"type": "order", "priority": "high"})", true);
    attr("attr and across keys, one fails", R"({"type": ["order"], "priority": ["high"]})",
         R"({"type": "order", "priority": "low"})", false);
    attr("attr missing key", R"({"type": ["order"]})", R"({"priority": "high"})", false);
    attr("attr no attributes at all", R"({"type": ["order"]})", "null", false);
    attr("attr exact number", R"({"total": [42]})", R"({"total": 42})", true);
    attr("attr prefix", R"({"region": [{"prefix": "eu-"}]})", R"({"region": "eu-west-1"})", true);
    attr("attr prefix no", R"({"region": [{"prefix": "eu-"}]})", R"({"region": "us-east-1"})", false);
    attr("attr suffix", R"({"file": [{"suffix": ".png"}]})", R"({"file": "a.png"})", true);
    attr("attr suffix no", R"({"file": [{"suffix": ".png"}]})", R"({"file": "a.jpg"})", false);
    attr("attr anything-but", R"({"type": [{"anything-but": ["test"]}]})", R"({"type": "order"})", true);
    attr("attr anything-but no", R"({"type": [{"anything-but": ["test"]}]})", R"({"type": "test"})", false);
    attr("attr anything-but needs the key", R"({"type": [{"anything-but": ["test"]}]})", R"({"other": "x"})", false);
    attr("attr numeric range", R"({"total": [{"numeric": [">", 100, "<=", 1000]}]})", R"({"total": 900})", true);
    attr("attr numeric range edge", R"({"total": [{"numeric": [">", 100, "<=", 1000]}]})", R"({"total": 100})", false);
    attr("attr numeric equals", R"({"total": [{"numeric": ["=", 42]}]})", R"({"total": 42})", true);
    attr("attr exists", R"({"coupon": [{"exists": true}]})", R"({"coupon": "X"})", true);
    attr("attr exists no", R"({"coupon": [{"exists": true}]})", R"({"type": "order"})", false);
    attr("attr not exists", R"({"coupon": [{"exists": false}]})", R"({"type": "order"})", true);
    attr("attr not exists no", R"({"coupon": [{"exists": false}]})", R"({"coupon": "X"})", false);
    attr("attr equals-ignore-case", R"({"type": [{"equals-ignore-case": "ORDER"}]})", R"({"type": "Order"})", true);
    attr("attr equals-ignore-case no", R"({"type": [{"equals-ignore-case": "ORDER"}]})", R"({"type": "refund"})",
         false);
    // Body scope: the policy reads the JSON body (nested keys allowed); attributes do not count.
    body("body exact", R"({"type": ["order"]})", R"({"type": "order"})", true);
    body("body ignores attributes", R"({"type": ["ignored"]})", R"({"type": "order"})", false);
    body("body nested", R"({"customer": {"tier": ["gold"]}})", R"({"customer": {"tier": "gold"}})", true);
    body("body nested no", R"({"customer": {"tier": ["gold"]}})", R"({"customer": {"tier": "silver"}})", false);
    body("body prefix", R"({"sku": [{"prefix": "B-"}]})", R"({"sku": "B-12"})", true);
    body("body suffix", R"({"sku": [{"suffix": "-XL"}]})", R"({"sku": "T-XL"})", true);
    body("body anything-but prefix", R"({"sku": [{"anything-but": {"prefix": "T-"}}]})", R"({"sku": "T-XL"})", false);
    body("body numeric", R"({"total": [{"numeric": [">=", 10, "<", 20]}]})", R"({"total": 19.5})", true);
    body("body numeric no", R"({"total": [{"numeric": [">=", 10, "<", 20]}]})", R"({"total": 20})", false);
    body("body exists", R"({"refund": [{"exists": true}]})", R"({"refund": 5})", true);
    body("body equals-ignore-case", R"({"state": [{"equals-ignore-case": "paid"}]})", R"({"state": "PAID"})", true);
}

void TestTopic::filterPolicy()
{
    QFETCH(QByteArray, scope);
    QFETCH(QByteArray, policy);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, attributes);
    QFETCH(bool, delivered);
    // Two subscriptions: "all" without a policy (so the message is never unsubscribed) and
    // "filtered" with the row's policy.
    const std::string edges =
        R"({"from": "news", "to": "all"}, {"from": "news", "to": "filtered", "config": {"filterPolicyScope": ")" +
        scope.toStdString() + R"(", "filterPolicy": )" + policy.toStdString() + "}}";
    auto engine = engineFor(
        R"({"id": "news", "kind": "topic"}, {"id": "all", "kind": "inbox"}, {"id": "filtered", "kind": "inbox"})",
        edges);
    QVERIFY(engine);
    put(*engine, "news", Json::parse(body.toStdString()), {.attributes = Json::parse(attributes.toStdString())});
    engine->run(kMicrosPerSecond);
    const Json r = engine->report();
    QCOMPARE(num(r, "all", "received"), quint64(1));
    QCOMPARE(num(r, "filtered", "received"), quint64(delivered ? 1 : 0));
    QCOMPARE(num(r, "news", "deliveries"), quint64(delivered ? 2 : 1));
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestTopic::noSubscriberIsDropped()
{
    // "lonely" has no subscription; "picky" has one whose policy the message does not match.
    auto engine = engineFor(
        R"({"id": "lonely", "kind": "topic"}, {"id": "picky", "kind": "topic"}, {"id": "q", "kind": "queue"})",
        R"({"from": "picky", "to": "q", "config": {"filterPolicy": {"type": ["order"]}}})");
    QVERIFY(engine);
    put(*engine, "lonely", Json{{"n", 1}});
    put(*engine, "picky", Json{{"n", 2}}, {.attributes = Json{{"type", "refund"}}});
    put(*engine, "picky", Json{{"n", 3}}, {.attributes = Json{{"type", "order"}}});
    engine->run(kMicrosPerSecond);
    const Json r = engine->report();
    // 3 published: 2 dropped "no-subscriber", 1 forwarded to q.
    QCOMPARE(dropped(r, "no-subscriber"), quint64(2));
    QCOMPARE(num(r, "lonely", "noSubscriber"), quint64(1));
    QCOMPARE(num(r, "picky", "noSubscriber"), quint64(1));
    QCOMPARE(r["nodes"]["q"]["queue"]["visible"].get<int>(), 1);
    QCOMPARE(r["conservation"]["forwarded"].get<int>(), 1);
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestTopic::retrySchedule_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("paused");
    // SNS's delivery policy applies only while the endpoint cannot be reached: a function
    // marked down, an inbox paused.
    QTest::newRow("function down") << QStringLiteral("fn") << QStringLiteral("worker") << false;
    QTest::newRow("inbox paused") << QStringLiteral("admins") << QStringLiteral("inbox") << true;
}

void TestTopic::retrySchedule()
{
    QFETCH(QString, endpoint);
    QFETCH(QString, kind);
    QFETCH(bool, paused);
    const std::string id = endpoint.toStdString();
    auto engine = engineFor(R"({"id": "news", "kind": "topic"}, {"id": "dlq", "kind": "queue"},
                               {"id": ")" +
                                id + R"(", "kind": ")" + kind.toStdString() + R"("})",
                            R"({"from": "news", "to": ")" + id + R"(", "config": {"deadLetterQueue": "dlq"}})");
    QVERIFY(engine);
    Fault unreachable;
    (paused ? unreachable.pauseConsumers : unreachable.down) = true;
    setFault(*engine, id.c_str(), unreachable);
    Recorder recorder;
    engine->addObserver(&recorder);
    put(*engine, "news", Json{{"n", 1}});
    engine->run(200 * kMicrosPerSecond);
    engine->removeObserver(&recorder);

    // Retry k waits: 3 immediate (0, 0, 0), 2 at 1 s (1, 2), then the backoff waits 1, 1.395,
    // 1.946, 2.714, 3.786, 5.282, 7.368, 10.278, 14.337, 20 s (cumulative 3, 4.395, 6.341,
    // 9.055, 12.841, 18.123, 25.491, 35.769, 50.106, 70.106), then every 20 s (90.106, …).
    const std::vector<Micros> waitsMs = {0,     0,     0,     1000,  2000,  3000,  4395,  6341,  9055,
                                         12841, 18123, 25491, 35769, 50106, 70106, 90106, 110106};
    const std::vector<EngineEvent> retries = recorder.of(EventType::Retry);
    // By 200 s: retries up to 50.106 + 20·k ≤ 200 (k = 7, 190.106 s) → 14 + 7 = 21 of them.
    QCOMPARE(int(retries.size()), 21);
    for (int k = 1; k <= int(waitsMs.size()); ++k) {
        QCOMPARE(retries[size_t(k - 1)].time, waitsMs[size_t(k - 1)] * kMicrosPerMilli);
        QCOMPARE(retries[size_t(k - 1)].value, qint64(k));
    }
    QCOMPARE(retries[20].time, 190106 * kMicrosPerMilli);

    // The whole policy: 3 + 2 + 10 + 100 000 retries, the last at 50.106 s + 100 001 · 20 s.
    // Then the delivery goes to the subscription's DLQ; the endpoint never got it.
    engine->setExpress(true);
    const Micros last = 50106 * kMicrosPerMilli + Micros(100001) * 20 * kMicrosPerSecond;
    engine->run(last - kMicrosPerSecond);
    Json r = engine->report();
    QCOMPARE(num(r, "news", "retried"), quint64(100014));
    QCOMPARE(r["nodes"]["dlq"]["queue"]["visible"].get<int>(), 0);
    engine->run(last + kMicrosPerSecond);
    r = engine->report();
    QCOMPARE(num(r, "news", "retried"), quint64(Topic::kMaxRetries));
    QCOMPARE(num(r, "news", "failed"), quint64(1));
    QCOMPARE(num(r, "news", "deadLettered"), quint64(1));
    QCOMPARE(num(r, id.c_str(), "invoked"), quint64(0));
    QCOMPARE(num(r, id.c_str(), "received"), quint64(0));
    QCOMPARE(r["nodes"]["dlq"]["queue"]["visible"].get<int>(), 1);
    QCOMPARE(r["nodes"]["dlq"]["queue"]["messages"][0].value("deadLetterSourceQueue", std::string()),
             std::string("news"));
    // The DLQ holds it as dead-lettered: 1 entered, 1 derived, 1 forwarded, 1 dead-lettered.
    QCOMPARE(r["conservation"]["deadLettered"].get<int>(), 1);
    QCOMPARE(r["conservation"]["queued"].get<int>(), 0);
    QCOMPARE(r["conservation"]["forwarded"].get<int>(), 1);
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestTopic::failedDeliveryWithoutDlqIsDropped()
{
    auto engine = engineFor(std::string(R"({"id": "news", "kind": "topic"},
                               {"id": "fn", "kind": "worker", "config": {)") +
                                kFixedZero + "}}",
                            R"({"from": "news", "to": "fn"})");
    QVERIFY(engine);
    Fault down;
    down.down = true;
    setFault(*engine, "fn", down);
    engine->setExpress(true);
    put(*engine, "news", Json{{"n", 1}});
    put(*engine, "news", Json{{"n", 2}});
    engine->run(24 * kMicrosPerDay);  // the policy lasts 50.106 s + 100 001 · 20 s ≈ 23.15 days
    const Json r = engine->report();
    QCOMPARE(num(r, "news", "retried"), quint64(2 * Topic::kMaxRetries));
    QCOMPARE(num(r, "news", "failed"), quint64(2));
    QCOMPARE(dropped(r, "sns-delivery-failed"), quint64(2));
    QCOMPARE(r["conservation"]["inFlight"].get<int>(), 0);
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestTopic::recoversDuringRetries()
{
    // The function is down for the first 10 s: retries at 0, 0, 0, 1, 2, 3, 4.395, 6.341 and
    // 9.055 s find it unreachable; retry 10 at 12.841 s reaches it: one async invoke, which
    // succeeds, and the delivery ends delivered.
    auto engine =
        engineFor(std::string(R"({"id": "news", "kind": "topic"}, {"id": "fn", "kind": "worker", "config": {)") +
                      kFixedZero + "}}",
                  R"({"from": "news", "to": "fn"})");
    QVERIFY(engine);
    Fault down;
    down.down = true;
    setFault(*engine, "fn", down);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "news", Json{{"n", 1}});
    engine->run(10 * kMicrosPerSecond);
    setFault(*engine, "fn", Fault{});
    engine->run(60 * kMicrosPerSecond);
    const Json r = engine->report();
    QCOMPARE(num(r, "news", "retried"), quint64(10));
    QCOMPARE(num(r, "news", "failed"), quint64(0));
    QCOMPARE(num(r, "fn", "invoked"), quint64(1));
    QCOMPARE(num(r, "fn", "succeeded"), quint64(1));
    QCOMPARE(rec.times(EventType::InvokeStart, "fn"), std::vector<Micros>{12841 * kMicrosPerMilli});
    QCOMPARE(r["conservation"]["delivered"].get<int>(), 1);
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestTopic::failingSubscriberRunsThreeTimes()
{
    // SNS invokes Lambda asynchronously: an always-failing subscriber (100 ms per attempt) runs
    // at 0, then 1 min after its failure (60.1 s), then 2 min after that (180.2 s) — 3 runs in
    // 10 min, not SNS's schedule — and its record goes to the function's on-failure edge.
    auto engine =
        engineFor(R"({"id": "news", "kind": "topic"}, {"id": "failed", "kind": "queue"},
                               {"id": "fn", "kind": "worker", "config": {"errorRate": 1,
                                "latency": {"dist": "fixed", "value": "100ms"}}})",
                  R"({"from": "news", "to": "fn"}, {"from": "fn", "to": "failed", "config": {"when": "failure"}})");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    put(*engine, "news", Json{{"n", 1}});
    engine->run(minutes(10));
    const Json r = engine->report();
    QCOMPARE(rec.times(EventType::InvokeStart, "fn"),
             (std::vector<Micros>{0, 60100 * kMicrosPerMilli, 180200 * kMicrosPerMilli}));
    QCOMPARE(num(r, "fn", "invoked"), quint64(3));
    QCOMPARE(num(r, "news", "retried"), quint64(0));
    QCOMPARE(num(r, "news", "failed"), quint64(0));
    const std::vector<Json> records = queued(*engine, "failed");
    QCOMPARE(int(records.size()), 1);
    QCOMPARE(as<std::string>(records[0]["requestContext"]["condition"]), std::string("RetriesExhausted"));
    QCOMPARE(as<int>(records[0]["requestContext"]["approximateInvokeCount"]), 3);
    QCOMPARE(as<std::string>(records[0]["requestPayload"]["Records"][0]["EventSource"]), std::string("aws:sns"));
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestTopic::fifoKeepsGroupId()
{
    auto engine = engineFor(R"({"id": "orders", "kind": "topic", "config": {"type": "fifo"}},
                               {"id": "q", "kind": "queue", "config": {"type": "fifo", "contentDeduplication": true}})",
                            R"({"from": "orders", "to": "q", "config": {"rawMessageDelivery": true}})");
    QVERIFY(engine);
    put(*engine, "orders", Json{{"n", 1}}, {.groupId = "customer-7"});
    put(*engine, "orders", Json{{"n", 2}});  // no group: the trace's user ("anonymous")
    engine->run(kMicrosPerSecond);
    auto* q = behaviourOf<Queue>(*engine, "q");
    QVERIFY(q);
    const std::vector<MessageIndex> held = q->visibleMessages(10);
    QCOMPARE(int(held.size()), 2);
    QCOMPARE(engine->message(held[0]).groupId, std::string("customer-7"));
    QCOMPARE(engine->message(held[1]).groupId, std::string("anonymous"));
    QVERIFY(engine->conservation().holds);
}

void TestTopic::inboxKeepsRecentBodies()
{
    auto engine = engineFor(R"({"id": "alerts", "kind": "topic"}, {"id": "admins", "kind": "inbox"})",
                            R"({"from": "alerts", "to": "admins"})");
    QVERIFY(engine);
    for (int i = 0; i < 1005; ++i) put(*engine, "alerts", Json{{"n", i}});
    engine->run(kMicrosPerSecond);
    const Json r = engine->report();
    // All 1005 counted and delivered; the inbox keeps the newest 1000 (n = 5 … 1004) and the
    // report lists the newest 20 (n = 985 … 1004).
    QCOMPARE(num(r, "admins", "received"), quint64(1005));
    auto* inbox = behaviourOf<Inbox>(*engine, "admins");
    QVERIFY(inbox);
    QCOMPARE(int(inbox->items().size()), 1000);
    QCOMPARE(inbox->items().front().body["n"].get<int>(), 5);
    const Json& messages = r["nodes"]["admins"]["messages"];
    QCOMPARE(int(messages.size()), 20);
    QCOMPARE(messages[0]["n"].get<int>(), 985);
    QCOMPARE(messages[19]["n"].get<int>(), 1004);
    QCOMPARE(r["conservation"]["delivered"].get<int>(), 1005);
    QCOMPARE(r["conservation"]["forwarded"].get<int>(), 1005);
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

QTEST_GUILESS_MAIN(TestTopic)
#include "tst_topic.moc"
