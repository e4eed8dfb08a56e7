// client through the engine: a constant-rate client with count N sends exactly N at 1/rate
// apart from `start`; Poisson, burst and ramp arrivals; users round-robin (as Bearer users
// towards an API); templates picked by weight. Conservation holds after every run.
#include "../enginekit/EngineKit.h"
#include "engine/nodes/Queue.h"

#include <map>

using namespace ml;
using namespace kit;

namespace {

std::unique_ptr<Engine> clientToQueue(const std::string& clientConfig)
{
    return engineFor(
        R"({"id": "c", "kind": "client", "config": )" + clientConfig + R"(}, {"id": "q", "kind": "queue"})",
        R"({"from": "c", "to": "q"})");
}

std::vector<Micros> sends(const Recorder& rec) { return rec.times(EventType::Sent, "c"); }

}  // namespace

class TestClient : public QObject {
    Q_OBJECT

private slots:
    void constantSendsExactlyCount_data();
    void constantSendsExactlyCount();
    void poissonSendsExactlyCount();
    void burst_data();
    void burst();
    void rampReachesFullRateAfterAMinute();
    void usersRoundRobin();
    void templatesByWeight();
};

void TestClient::constantSendsExactlyCount_data()
{
    QTest::addColumn<QString>("rate");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("start");
    QTest::addColumn<qint64>("gap");
    QTest::addColumn<qint64>("first");
    QTest::newRow("20/s × 50") << "20/s" << 50 << "0s" << ms(50) << Micros(0);
    QTest::newRow("20/s × 50 from 10 s") << "20/s" << 50 << "10s" << ms(50) << sec(10);
    QTest::newRow("6/m × 3") << "6/m" << 3 << "0s" << sec(10) << Micros(0);
    QTest::newRow("1/s × 1") << "1/s" << 1 << "5s" << sec(1) << sec(5);
}

void TestClient::constantSendsExactlyCount()
{
    QFETCH(QString, rate);
    QFETCH(int, count);
    QFETCH(QString, start);
    QFETCH(qint64, gap);
    QFETCH(qint64, first);
    auto engine = clientToQueue(R"({"rate": ")" + rate.toStdString() + R"(", "count": )" + std::to_string(count) +
                                R"(, "start": ")" + start.toStdString() + R"(", "messages": [{"body": {"n": 1}}]})");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    engine->run(minutes(10));
    std::vector<Micros> expected;
    for (int i = 0; i < count; ++i) expected.push_back(first + i * gap);
    QCOMPARE(sends(rec), expected);
    Json r = engine->report();
    QCOMPARE(num(r, "c", "sent"), quint64(count));
    QCOMPARE(as<int>(r["nodes"]["q"]["queue"]["visible"]), count);
    QCOMPARE(cons(r, "entered"), quint64(count));
    KIT_VERIFY_HOLDS(*engine);
}

void TestClient::poissonSendsExactlyCount()
{
    // 1000 Poisson arrivals at 100/s: exactly 1000; the last near 10 s (σ ≈ √1000 × 10 ms ≈ 0.32 s).
    auto engine = clientToQueue(R"({"rate": "100/s", "arrival": "poisson", "count": 1000})");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    engine->run(minutes(10));
    const std::vector<Micros> t = sends(rec);
    QCOMPARE(t.size(), std::size_t(1000));
    QVERIFY2(t.back() > ms(8500) && t.back() < ms(11500), qPrintable(QString::number(t.back())));
    // Not evenly spaced: some gaps are far shorter than 10 ms.
    int shortGaps = 0;
    for (std::size_t i = 1; i < t.size(); ++i) shortGaps += t[i] - t[i - 1] < ms(2);
    QVERIFY(shortGaps > 100);  // P(gap < 2 ms) = 1 − e^−0.2 ≈ 18 %
    KIT_VERIFY_HOLDS(*engine);
}

void TestClient::burst_data()
{
    QTest::addColumn<QString>("rate");
    QTest::addColumn<int>("count");
    QTest::addColumn<QList<qint64>>("expected");
    // ⌊rate⌋ at once every second; the last burst is cut at count.
    QTest::newRow("5/s × 12") << "5/s" << 12
                              << QList<qint64>{0, 0, 0, 0, 0, sec(1), sec(1), sec(1), sec(1), sec(1), sec(2), sec(2)};
    // Below 1/s a burst is one send every 1/rate.
    QTest::newRow("30/m × 3") << "30/m" << 3 << QList<qint64>{0, sec(2), sec(4)};
}

void TestClient::burst()
{
    QFETCH(QString, rate);
    QFETCH(int, count);
    QFETCH(QList<qint64>, expected);
    auto engine = clientToQueue(R"({"rate": ")" + rate.toStdString() + R"(", "arrival": "burst", "count": )" +
                                std::to_string(count) + "}");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    engine->run(minutes(1));
    QCOMPARE(sends(rec), std::vector<Micros>(expected.begin(), expected.end()));
    KIT_VERIFY_HOLDS(*engine);
}

void TestClient::rampReachesFullRateAfterAMinute()
{
    // 10/s ramped: a tenth of the rate (1/s) for 6 s, then rate × t/60 s until 60 s, so the
    // first minute sends about 6 + 10 × (60² − 6²) / (2 × 60) ≈ 303; the second minute 600.
    auto engine = clientToQueue(R"({"rate": "10/s", "arrival": "ramp"})");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    engine->run(minutes(2) - 1);
    int firstMinute = 0;
    int secondMinute = 0;
    for (Micros t : sends(rec)) (t < minutes(1) ? firstMinute : secondMinute) += 1;
    QVERIFY2(firstMinute > 270 && firstMinute < 340, qPrintable(QString::number(firstMinute)));
    QVERIFY2(secondMinute >= 599 && secondMinute <= 601, qPrintable(QString::number(secondMinute)));
    KIT_VERIFY_HOLDS(*engine);
}

void TestClient::usersRoundRobin()
{
    // Three users take turns; towards an API each request carries "Authorization: Bearer <user>".
    auto engine = engineFor(R"({"id": "c", "kind": "client", "config": {"rate": "1/s", "count": 6,
                                   "users": ["alice", "bob", "carol"], "requests": [{"method": "GET", "path": "/x"}]}},
                               {"id": "api", "kind": "api-gateway", "config": {"routes": [{"method": "GET", "path": "/x", "action": "x"}]}},
                               {"id": "fn", "kind": "worker"})",
                            R"({"from": "c", "to": "api"}, {"from": "api", "to": "fn"})");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    engine->run(minutes(1));
    QStringList users;
    for (const EngineEvent& e : rec.of(EventType::Response, "api"))
        users << QString::fromStdString(as<std::string>(parsed(e.detail)["requestContext"]["identity"]["user"]));
    QCOMPARE(users, (QStringList{"alice", "bob", "carol", "alice", "bob", "carol"}));
    KIT_VERIFY_HOLDS(*engine);
}

void TestClient::templatesByWeight()
{
    // Weights 1 and 3 over 4000 sends: about 1000 and 3000 (σ ≈ 27, so ±100 is over 3σ).
    auto engine = clientToQueue(R"({"rate": "100/s", "count": 4000,
                                    "messages": [{"body": {"kind": "rare"}, "weight": 1}, {"body": {"kind": "common"}, "weight": 3}]})");
    QVERIFY(engine);
    engine->run(minutes(2));
    auto* q = behaviourOf<Queue>(*engine, "q");
    QVERIFY(q);
    std::map<std::string, int> kinds;
    for (MessageIndex m : q->visibleMessages(4000)) ++kinds[engine->message(m).body->value("kind", std::string())];
    QCOMPARE(kinds["rare"] + kinds["common"], 4000);
    QVERIFY2(kinds["rare"] > 900 && kinds["rare"] < 1100, qPrintable(QString::number(kinds["rare"])));
    KIT_VERIFY_HOLDS(*engine);
}

QTEST_GUILESS_MAIN(TestClient)
#include "tst_client.moc"
