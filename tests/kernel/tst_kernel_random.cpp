// Per-node random streams: pinned first values, independence by node id, distribution
// sanity on 100 000 draws, and the portable log/exp/normal quantile.
#include "KernelTests.h"
#include "engine/Random.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <string_view>

using namespace ml;
using namespace ml::test;
void tst_Kernel::randomKnownFirstValues_data()
{
    // Worked out with an independent Python implementation of SplitMix64 / FNV-1a /
    // xoshiro256**; a change in seeding or the generator changes these.
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<QString>("id");
    QTest::addColumn<quint64>("first");
    QTest::addColumn<quint64>("second");
    QTest::addColumn<quint64>("third");
    QTest::newRow("42 api") << quint64(42) << QString("api") << 0x64caaee4ea9a04b7ull << 0x5e2124cf826e2f84ull
                            << 0xb63904d58dfe4faaull;
    QTest::newRow("42 router") << quint64(42) << QString("router") << 0x9a5ecdd6f9bb3f54ull << 0xf28319dfbeabb645ull
                               << 0x633436ce0e8fcf94ull;
    QTest::newRow("0 empty id") << quint64(0) << QString() << 0x1e28178eedbf0f30ull << 0x32dadb1a9e4a4d08ull
                                << 0x4ef49088479a6d5cull;
    QTest::newRow("7 non-ASCII id") << quint64(7) << QString::fromUtf8("zé-node") << 0xa7932526c780d11bull
                                    << 0x89745a6728254d38ull << 0xd068a6c0808602ddull;
}

void tst_Kernel::randomKnownFirstValues()
{
    QFETCH(quint64, seed);
    QFETCH(QString, id);
    QFETCH(quint64, first);
    QFETCH(quint64, second);
    QFETCH(quint64, third);
    RandomStream stream(seed, id);
    QCOMPARE(stream.next(), first);
    QCOMPARE(stream.next(), second);
    QCOMPARE(stream.next(), third);
    const QByteArray utf8 = id.toUtf8();
    RandomStream fromBytes(seed, std::string_view(utf8.constData(), std::size_t(utf8.size())));
    QCOMPARE(fromBytes.next(), first);
}

void tst_Kernel::randomDistributionKnownValues()
{
    // Python with libm's log/exp and statistics.NormalDist gives, for (42, "worker"):
    // 0.94240847988171039, 0.075336224560618198, 1.5652248537245121, 1.1860663443248198.
    // Ours must match those to ~1e-15 and, being portable, its own exact bits forever.
    RandomStream stream(42, "worker");
    const double u = stream.uniform01();
    const double e = stream.exponential(2.0);
    const double n = stream.normal(10.0, 3.0);
    const double l = stream.lognormal(0.8, 3.0);
    QCOMPARE(u, 0.94240847988171039);
    QVERIFY(std::fabs(e - 0.075336224560618198) < 1e-15);
    QVERIFY(std::fabs(n - 1.5652248537245121) < 1e-13);
    QVERIFY(std::fabs(l - 1.1860663443248198) < 1e-14);
    QCOMPARE(bitsOf(e), 0x3fb3493c1cb124c2ull);
    QCOMPARE(bitsOf(n), 0x3ff90b29375a2170ull);
    QCOMPARE(bitsOf(l), 0x3ff2fa20b3fc2e99ull);
}

void tst_Kernel::randomIndependentByNodeId()
{
    RandomStream a(42, "api");
    std::vector<quint64> first;
    for (int i = 0; i < 5; ++i) first.push_back(a.next());
    // Another node's stream (or many) existing and drawing does not change "api"'s draws.
    RandomStream b(42, "api-2");
    RandomStream c(42, "queue");
    for (int i = 0; i < 100; ++i) {
        b.next();
        c.next();
    }
    RandomStream again(42, "api");
    for (int i = 0; i < 5; ++i) QCOMPARE(again.next(), first[std::size_t(i)]);
    // Different ids and different seeds give different streams.
    QVERIFY(RandomStream(42, "api-2").next() != first[0]);
    QVERIFY(RandomStream(43, "api").next() != first[0]);
    QCOMPARE(RandomStream::hashId("api"), 16667751959619087879ull);
    QCOMPARE(RandomStream::hashId(""), 0xcbf29ce484222325ull);
}

void tst_Kernel::randomUniformIntRange()
{
    RandomStream stream(1, "int");
    const quint64 huge = (quint64(1) << 63) + 1;  // rejects almost half the raw draws
    for (int i = 0; i < 1000; ++i) {
        QVERIFY(stream.uniformInt(huge) < huge);
        QVERIFY(stream.uniformInt(1) == 0);
    }
    QCOMPARE(stream.uniformInt(0), quint64(0));
    // n = 3 * 2^62: a plain `next() % n` would put half the results below 2^62, not a third.
    const quint64 threeQuarters = quint64(3) << 62;
    int low = 0;
    for (int i = 0; i < 3000; ++i) low += stream.uniformInt(threeQuarters) < (quint64(1) << 62) ? 1 : 0;
    QVERIFY2(std::abs(low - 1000) < 120, qPrintable(QString::number(low)));
    std::vector<int> counts(6);
    for (int i = 0; i < 60000; ++i) ++counts[std::size_t(stream.uniformInt(6))];
    for (int count : counts) QVERIFY2(std::abs(count - 10000) < 400, qPrintable(QString::number(count)));
}

void tst_Kernel::randomDistributionSanity()
{
    constexpr int n = 100'000;
    RandomStream stream(2024, "sanity");

    double sum = 0;
    for (int i = 0; i < n; ++i) sum += stream.exponential(5.0);
    QVERIFY2(std::fabs(sum / n - 5.0) < 0.075, qPrintable(QString::number(sum / n)));

    double s1 = 0;
    double s2 = 0;
    for (int i = 0; i < n; ++i) {
        const double x = stream.normal(10.0, 3.0);
        s1 += x;
        s2 += x * x;
    }
    const double mean = s1 / n;
    const double sd = std::sqrt(s2 / n - mean * mean);
    QVERIFY2(std::fabs(mean - 10.0) < 0.05, qPrintable(QString::number(mean)));
    QVERIFY2(std::fabs(sd - 3.0) < 0.05, qPrintable(QString::number(sd)));

    // The worker's latency from the example project: median 800 ms, p99 3 s.
    std::vector<double> samples(n);
    for (double& x : samples) x = stream.lognormal(800.0, 3000.0);
    std::sort(samples.begin(), samples.end());
    const double median = samples[n / 2];
    const double p99 = samples[std::size_t(n * 0.99)];
    QVERIFY2(std::fabs(median / 800.0 - 1) < 0.02, qPrintable(QString::number(median)));
    QVERIFY2(std::fabs(p99 / 3000.0 - 1) < 0.03, qPrintable(QString::number(p99)));
    QCOMPARE(stream.lognormal(800.0, 800.0), 800.0);  // degenerate: no spread
    QCOMPARE(stream.lognormal(800.0, 100.0), 800.0);  // p99 below median: no spread

    int hits = 0;
    for (int i = 0; i < n; ++i) hits += stream.bernoulli(0.1) ? 1 : 0;
    QVERIFY2(std::abs(hits - 10000) < 400, qPrintable(QString::number(hits)));
    QVERIFY(!stream.bernoulli(0.0));
    QVERIFY(stream.bernoulli(1.0));

    double lowest = 1;
    double highest = 0;
    for (int i = 0; i < n; ++i) {
        const double u = stream.uniform01();
        lowest = std::min(lowest, u);
        highest = std::max(highest, u);
    }
    QVERIFY(lowest >= 0 && lowest < 0.001);
    QVERIFY(highest < 1 && highest > 0.999);
}

void tst_Kernel::portableMathMatchesLibm()
{
    RandomStream stream(5, "math");
    quint64 worstLog = 0;
    quint64 worstExp = 0;
    for (int i = 0; i < 200'000; ++i) {
        // Spread over many binades, the region the distributions use most.
        const double x = stream.uniform01() * portableExp(stream.uniform(-40, 40));
        if (x > 0 && std::fabs(std::log(x)) > 1e-300)
            worstLog = std::max(worstLog, ulpDistance(portableLog(x), std::log(x)));
        const double y = stream.uniform(-700, 700);
        worstExp = std::max(worstExp, ulpDistance(portableExp(y), std::exp(y)));
    }
    QVERIFY2(worstLog <= 2, qPrintable(QString::number(worstLog)));
    QVERIFY2(worstExp <= 2, qPrintable(QString::number(worstExp)));
    QCOMPARE(portableLog(1.0), 0.0);
    QCOMPARE(portableExp(0.0), 1.0);
    QVERIFY(std::isinf(portableLog(0.0)) && portableLog(0.0) < 0);
    QVERIFY(std::isnan(portableLog(-1.0)));
    QCOMPARE(portableExp(-1000.0), 0.0);
    QVERIFY(std::isinf(portableExp(1000.0)));
    QCOMPARE(normalQuantile(0.5), 0.0);
    QVERIFY(std::fabs(normalQuantile(0.99) - kNormalP99) < 1e-15);
    QVERIFY(std::fabs(normalQuantile(0.01) + kNormalP99) < 1e-14);
    QVERIFY(std::fabs(normalQuantile(0.975) - 1.9599639845400536) < 1e-14);
    QVERIFY(std::fabs(normalQuantile(1e-10) + 6.3613409024040557) < 1e-12);
    QVERIFY(std::isnan(normalQuantile(1.5)));
}
