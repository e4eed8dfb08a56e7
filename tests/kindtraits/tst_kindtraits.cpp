// The traits each kind carries in the Catalog (STYLE.md 11): what the engine, the linter, live
// mode and the canvas ask instead of comparing kind ids. A new kind must get a row here.
#include "model/Catalog.h"

#include <QtTest>

using namespace ml;

Q_DECLARE_METATYPE(ml::Endpoint)
Q_DECLARE_METATYPE(ml::EdgeChoice)

class TestKindTraits : public QObject {
    Q_OBJECT
private slots:
    void traits_data();
    void traits();
    void everyKindHasARow();
    void edgeLabelKeys_data();
    void edgeLabelKeys();
    void edgeKindLabels();
};

namespace {

// The rows of traits(), by kind id; everyKindHasARow() checks the Catalog has no other kind.
const QStringList& kindsWithRows()
{
    static const QStringList ids{"router",       "crud",          "worker",
                                 "task-manager", "gatekeeper",    "trigger",
                                 "log-monitor",  "cron",          "websocket-handler",
                                 "api-gateway",  "websocket-api", "queue",
                                 "topic",        "inbox",         "table",
                                 "bucket",       "logs",          "client"};
    return ids;
}

}  // namespace

void TestKindTraits::traits_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("startsTraffic");
    QTest::addColumn<Endpoint>("endpoint");
    QTest::addColumn<bool>("isLogGroup");
    QTest::addColumn<bool>("isQueue");
    QTest::addColumn<bool>("fansOut");
    QTest::addColumn<bool>("guardsStores");
    QTest::addColumn<bool>("hasStream");
    QTest::addColumn<EdgeChoice>("edgeChoice");

    auto row = [](const char* kind, bool starts, Endpoint endpoint, bool logGroup, bool queue, bool fansOut,
                  bool guards, bool stream, EdgeChoice choice) {
        QTest::newRow(kind) << QString::fromLatin1(kind) << starts << endpoint << logGroup << queue << fansOut << guards
                            << stream << choice;
    };
    const Endpoint none = Endpoint::None;
    const EdgeChoice outcome = EdgeChoice::Outcome;
    //   kind                 starts  endpoint              logs   queue  fansOut guards stream choice
    row("router", false, none, false, false, false, false, false, EdgeChoice::Action);
    row("crud", false, none, false, false, false, false, false, outcome);
    row("worker", false, none, false, false, false, false, false, outcome);
    row("task-manager", false, none, false, false, false, false, false, outcome);
    row("gatekeeper", false, none, false, false, false, true, false, outcome);
    row("trigger", false, none, false, false, false, false, false, outcome);
    row("log-monitor", false, none, false, false, false, false, false, EdgeChoice::LogFilter);
    row("cron", true, none, false, false, false, false, false, outcome);
    row("websocket-handler", false, none, false, false, false, false, false, outcome);
    row("api-gateway", true, Endpoint::Http, false, false, false, false, false, outcome);
    row("websocket-api", true, Endpoint::WebSocket, false, false, false, false, false, outcome);
    row("queue", false, none, false, true, false, false, false, outcome);
    row("topic", false, none, false, false, true, false, false, outcome);
    row("inbox", false, none, false, false, false, false, false, outcome);
    row("table", false, none, false, false, false, false, true, outcome);
    row("bucket", false, none, false, false, false, false, false, outcome);
    row("logs", false, none, true, false, false, false, false, outcome);
    row("client", true, none, false, false, false, false, false, outcome);
}

void TestKindTraits::traits()
{
    QFETCH(QString, kind);
    QFETCH(bool, startsTraffic);
    QFETCH(Endpoint, endpoint);
    QFETCH(bool, isLogGroup);
    QFETCH(bool, isQueue);
    QFETCH(bool, fansOut);
    QFETCH(bool, guardsStores);
    QFETCH(bool, hasStream);
    QFETCH(EdgeChoice, edgeChoice);
    const KindInfo* k = Catalog::instance().kind(kind);
    QVERIFY2(k, qPrintable(kind));
    QCOMPARE(k->startsTraffic, startsTraffic);
    QCOMPARE(int(k->endpoint), int(endpoint));
    QCOMPARE(k->isLogGroup, isLogGroup);
    QCOMPARE(k->isQueue, isQueue);
    QCOMPARE(k->fansOut, fansOut);
    QCOMPARE(k->guardsStores, guardsStores);
    QCOMPARE(k->hasStream, hasStream);
    QCOMPARE(int(k->edgeChoice), int(edgeChoice));
}

void TestKindTraits::everyKindHasARow()
{
    // 9 microservices + 2 entry points + 3 messaging + 2 data + 1 log group + 1 client = 18 kinds.
    QCOMPARE(Catalog::instance().kinds().size(), size_t(18));
    for (const KindInfo& k : Catalog::instance().kinds())
        QVERIFY2(kindsWithRows().contains(k.id), qPrintable(k.id + QStringLiteral(" has no traits row")));
}

void TestKindTraits::edgeLabelKeys_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("edge");
    QTest::addColumn<QStringList>("labelled");  // the keys on the label, in order
    QTest::addColumn<QStringList>("formats");
    QTest::newRow("router invoke") << "router"
                                   << "worker"
                                   << "invoke" << QStringList{"actions", "when"} << QStringList{"%1", "on %1"};
    QTest::newRow("log monitor enqueue") << "log-monitor"
                                         << "queue"
                                         << "enqueue" << QStringList{"when"} << QStringList{"%1"};
    QTest::newRow("worker data access") << "worker"
                                        << "table"
                                        << "data-access" << QStringList{} << QStringList{};
    QTest::newRow("event source") << "queue"
                                  << "worker"
                                  << "event-source" << QStringList{"batchSize"} << QStringList{"batch %1"};
    QTest::newRow("subscription") << "topic"
                                  << "queue"
                                  << "subscription" << QStringList{"filterPolicy"} << QStringList{"filter"};
    QTest::newRow("notification") << "bucket"
                                  << "trigger"
                                  << "notification" << QStringList{"events"} << QStringList{"%1"};
    QTest::newRow("log subscription") << "logs"
                                      << "log-monitor"
                                      << "log-subscription" << QStringList{"filterPattern"} << QStringList{"%1"};
    QTest::newRow("route") << "websocket-api"
                           << "websocket-handler"
                           << "route" << QStringList{"route"} << QStringList{"%1"};
    QTest::newRow("stream") << "table"
                            << "trigger"
                            << "stream" << QStringList{} << QStringList{};
}

void TestKindTraits::edgeLabelKeys()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, edge);
    QFETCH(QStringList, labelled);
    QFETCH(QStringList, formats);
    QStringList keys, got;
    for (const ConfigKey& k : Catalog::instance().edgeConfigKeys(from, to, edge))
        if (k.onEdgeLabel) {
            keys << k.name;
            got << k.labelFormat;
        }
    QCOMPARE(keys, labelled);
    QCOMPARE(got, formats);
}

void TestKindTraits::edgeKindLabels()
{
    // Two edge kinds say what they are on the canvas: a dead-letter edge "DLQ", a stream "stream".
    QStringList withLabel;
    for (const EdgeKindInfo& e : Catalog::instance().edgeKinds())
        if (!e.label.isEmpty()) withLabel << e.id + QLatin1Char('=') + e.label;
    QCOMPARE(withLabel, (QStringList{"dead-letter=DLQ", "stream=stream"}));
}

QTEST_GUILESS_MAIN(TestKindTraits)
#include "tst_kindtraits.moc"
