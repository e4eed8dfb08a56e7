// The Catalog holds every kind of SEMANTICS.md with its schema, defaults and connection rules.
#include "format/Duration.h"
#include "model/Catalog.h"
#include "model/ConfigCheck.h"

#include <QtTest>

using namespace ml;

class TestCatalog : public QObject {
    Q_OBJECT
private slots:
    void everyKindIsThere_data();
    void everyKindIsThere();
    void functionKeysHaveAwsDefaults_data();
    void functionKeysHaveAwsDefaults();
    void resourceDefaults_data();
    void resourceDefaults();
    void everyDefaultPassesItsOwnCheck();
    void connections_data();
    void connections();
    void explicitEdgeKind();
    void forbiddenReasonNamesBothKinds();
    void edgeConfigKeys_data();
    void edgeConfigKeys();
    void everyRuleNamesKnownKinds();
    void effectiveConfigFillsDefaults();
};

void TestCatalog::everyKindIsThere_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("category");
    QTest::addColumn<bool>("isFunction");
    const QString ms = categoryName(Category::Microservice);
    for (const char* k : {"router", "crud", "worker", "task-manager", "gatekeeper", "trigger", "log-monitor", "cron",
                          "websocket-handler"})
        QTest::newRow(k) << QString::fromLatin1(k) << ms << true;
    QTest::newRow("api-gateway") << "api-gateway" << categoryName(Category::EntryPoint) << false;
    QTest::newRow("websocket-api") << "websocket-api" << categoryName(Category::EntryPoint) << false;
    QTest::newRow("queue") << "queue" << categoryName(Category::Messaging) << false;
    QTest::newRow("topic") << "topic" << categoryName(Category::Messaging) << false;
    QTest::newRow("inbox") << "inbox" << categoryName(Category::Messaging) << false;
    QTest::newRow("table") << "table" << categoryName(Category::Data) << false;
    QTest::newRow("bucket") << "bucket" << categoryName(Category::Data) << false;
    QTest::newRow("logs") << "logs" << categoryName(Category::Observability) << false;
    QTest::newRow("client") << "client" << categoryName(Category::Client) << false;
}

void TestCatalog::everyKindIsThere()
{
    QFETCH(QString, kind);
    QFETCH(QString, category);
    QFETCH(bool, isFunction);
    const KindInfo* k = Catalog::instance().kind(kind);
    QVERIFY2(k, qPrintable(kind));
    QCOMPARE(categoryName(k->category), category);
    QCOMPARE(k->isFunction, isFunction);
    QVERIFY(!k->displayName.isEmpty());
    QVERIFY(!k->help.isEmpty());
    QVERIFY(!k->help.contains(QLatin1Char('\n')));
    QCOMPARE(k->icon, kind);
    for (const ConfigKey& key : k->config) {
        QVERIFY2(!key.help.isEmpty(), qPrintable(kind + QLatin1Char('.') + key.name));
        QVERIFY(!valueTypeName(key.type).isEmpty());
    }
}

void TestCatalog::functionKeysHaveAwsDefaults_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("defaultJson");
    QTest::addColumn<double>("min");
    QTest::addColumn<double>("max");
    const double s = double(kMicrosPerSecond);
    QTest::newRow("timeout") << "timeout"
                             << "\"3s\"" << 1 * s << 900 * s;
    QTest::newRow("errorRate") << "errorRate"
                               << "0" << 0.0 << 1.0;
    QTest::newRow("concurrency unlimited") << "concurrency"
                                           << "null" << 0.0 << 10000.0;
    QTest::newRow("coldStart") << "coldStart"
                               << "\"0ms\"" << 0.0 << 60 * s;
    QTest::newRow("keepWarm") << "keepWarm"
                              << "\"10m\"" << 0.0 << 7200 * s;
    QTest::newRow("memoryMb") << "memoryMb"
                              << "128" << 128.0 << 10240.0;
    QTest::newRow("maxRetryAttempts") << "maxRetryAttempts"
                                      << "2" << 0.0 << 2.0;
    QTest::newRow("maxEventAge") << "maxEventAge"
                                 << "\"6h\"" << 60 * s << 6 * 3600 * s;
}

void TestCatalog::functionKeysHaveAwsDefaults()
{
    QFETCH(QString, key);
    QFETCH(QString, defaultJson);
    QFETCH(double, min);
    QFETCH(double, max);
    for (const KindInfo& k : Catalog::instance().kinds()) {
        if (!k.isFunction) continue;
        const ConfigKey* c = k.key(key);
        QVERIFY2(c, qPrintable(k.id + QLatin1Char('.') + key));
        QCOMPARE(QString::fromStdString(c->defaultValue.dump()), defaultJson);
        QCOMPARE(c->min.value_or(-1), min);
        QCOMPARE(c->max.value_or(-1), max);
    }
    const KindInfo* worker = Catalog::instance().kind(QStringLiteral("worker"));
    const Json latency = worker->key(QStringLiteral("latency"))->defaultValue;
    QCOMPARE(latency.at("dist").get<std::string>(), std::string("lognormal"));
    QCOMPARE(latency.at("median").get<std::string>(), std::string("20ms"));
    QCOMPARE(latency.at("p99").get<std::string>(), std::string("200ms"));
}

void TestCatalog::resourceDefaults_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("defaultJson");
    QTest::newRow("queue type") << "queue"
                                << "type"
                                << "\"standard\"";
    QTest::newRow("queue visibility") << "queue"
                                      << "visibilityTimeout"
                                      << "\"30s\"";
    QTest::newRow("queue delay") << "queue"
                                 << "delay"
                                 << "\"0s\"";
    QTest::newRow("queue retention") << "queue"
                                     << "retention"
                                     << "\"4d\"";
    QTest::newRow("queue maxReceiveCount") << "queue"
                                           << "maxReceiveCount"
                                           << "null";
    // 1 MiB since AWS raised the limit in 2025 (SEMANTICS "queue").
    QTest::newRow("queue maxMessageSize") << "queue"
                                          << "maxMessageSize"
                                          << "1048576";
    QTest::newRow("table key") << "table"
                               << "key"
                               << "\"id\"";
    QTest::newRow("table stream") << "table"
                                  << "stream"
                                  << "\"off\"";
    QTest::newRow("table database") << "table"
                                    << "database"
                                    << "\":memory:\"";
    QTest::newRow("ws routeSelection") << "websocket-api"
                                       << "routeSelection"
                                       << "\"$request.body.action\"";
    QTest::newRow("ws idle") << "websocket-api"
                             << "idleTimeout"
                             << "\"10m\"";
    QTest::newRow("ws max connection") << "websocket-api"
                                       << "maxConnectionDuration"
                                       << "\"2h\"";
    QTest::newRow("ws frame") << "websocket-api"
                              << "maxMessageSize"
                              << "131072";
    QTest::newRow("api timeout") << "api-gateway"
                                 << "integrationTimeout"
                                 << "\"29s\"";
    QTest::newRow("task timeout") << "task-manager"
                                  << "taskTimeout"
                                  << "\"30s\"";
    QTest::newRow("task retries") << "task-manager"
                                  << "maxRetries"
                                  << "3";
    QTest::newRow("client start") << "client"
                                  << "start"
                                  << "\"0s\"";
    QTest::newRow("client arrival") << "client"
                                    << "arrival"
                                    << "\"constant\"";
    QTest::newRow("client count") << "client"
                                  << "count"
                                  << "null";
    QTest::newRow("gatekeeper policy") << "gatekeeper"
                                       << "policy"
                                       << "[]";
}

void TestCatalog::resourceDefaults()
{
    QFETCH(QString, kind);
    QFETCH(QString, key);
    QFETCH(QString, defaultJson);
    const KindInfo* k = Catalog::instance().kind(kind);
    QVERIFY(k);
    const ConfigKey* c = k->key(key);
    QVERIFY2(c, qPrintable(kind + QLatin1Char('.') + key));
    QCOMPARE(QString::fromStdString(c->defaultValue.dump()), defaultJson);
}

void TestCatalog::everyDefaultPassesItsOwnCheck()
{
    const Catalog& catalog = Catalog::instance();
    for (const KindInfo& k : catalog.kinds())
        for (const ConfigKey& c : k.config) {
            if (c.defaultValue.is_null()) continue;
            const Status s = checkConfigValue(c, c.defaultValue);
            QVERIFY2(s.ok(), qPrintable(k.id + QLatin1Char('.') + c.name + QStringLiteral(": ") +
                                        (s.ok() ? QString() : s.error().message)));
        }
    for (const ConnectionRule& r : catalog.rules())
        for (const ConfigKey& c : catalog.edgeConfigKeys(r.fromKind, r.toKind, r.edgeKind)) {
            if (c.defaultValue.is_null()) continue;
            const Status s = checkConfigValue(c, c.defaultValue);
            QVERIFY2(s.ok(), qPrintable(r.edgeKind + QLatin1Char('.') + c.name));
        }
}

void TestCatalog::connections_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("edgeKind");  // empty: forbidden
    QTest::newRow("api → router") << "api-gateway"
                                  << "router"
                                  << "invoke";
    QTest::newRow("router → worker") << "router"
                                     << "worker"
                                     << "invoke";
    QTest::newRow("router → queue") << "router"
                                    << "queue"
                                    << "enqueue";
    QTest::newRow("worker → topic") << "worker"
                                    << "topic"
                                    << "enqueue";
    QTest::newRow("queue → worker") << "queue"
                                    << "worker"
                                    << "event-source";
    QTest::newRow("queue → queue") << "queue"
                                   << "queue"
                                   << "dead-letter";
    QTest::newRow("topic → queue") << "topic"
                                   << "queue"
                                   << "subscription";
    QTest::newRow("topic → worker") << "topic"
                                    << "worker"
                                    << "subscription";
    QTest::newRow("topic → inbox") << "topic"
                                   << "inbox"
                                   << "subscription";
    QTest::newRow("table → trigger") << "table"
                                     << "trigger"
                                     << "stream";
    QTest::newRow("bucket → trigger") << "bucket"
                                      << "trigger"
                                      << "notification";
    QTest::newRow("logs → log-monitor") << "logs"
                                        << "log-monitor"
                                        << "log-subscription";
    QTest::newRow("ws api → handler") << "websocket-api"
                                      << "websocket-handler"
                                      << "route";
    QTest::newRow("worker → ws api") << "worker"
                                     << "websocket-api"
                                     << "push";
    QTest::newRow("crud → table") << "crud"
                                  << "table"
                                  << "data-access";
    QTest::newRow("gatekeeper → bucket") << "gatekeeper"
                                         << "bucket"
                                         << "data-access";
    QTest::newRow("worker → logs") << "worker"
                                   << "logs"
                                   << "logging";
    QTest::newRow("client → api") << "client"
                                  << "api-gateway"
                                  << "traffic";
    QTest::newRow("client → ws api") << "client"
                                     << "websocket-api"
                                     << "traffic";
    QTest::newRow("client → queue") << "client"
                                    << "queue"
                                    << "traffic";
    QTest::newRow("client → topic") << "client"
                                    << "topic"
                                    << "traffic";
    QTest::newRow("client → bucket") << "client"
                                     << "bucket"
                                     << "traffic";
    QTest::newRow("cron → worker") << "cron"
                                   << "worker"
                                   << "invoke";
    QTest::newRow("task-manager → queue") << "task-manager"
                                          << "queue"
                                          << "enqueue";
    QTest::newRow("client → worker") << "client"
                                     << "worker"
                                     << "";
    QTest::newRow("client → table") << "client"
                                    << "table"
                                    << "";
    QTest::newRow("api → queue") << "api-gateway"
                                 << "queue"
                                 << "";
    QTest::newRow("queue → topic") << "queue"
                                   << "topic"
                                   << "";
    QTest::newRow("table → queue") << "table"
                                   << "queue"
                                   << "";
    QTest::newRow("inbox → worker") << "inbox"
                                    << "worker"
                                    << "";
    QTest::newRow("worker → client") << "worker"
                                     << "client"
                                     << "";
    QTest::newRow("worker → inbox") << "worker"
                                    << "inbox"
                                    << "";
    QTest::newRow("topic → topic") << "topic"
                                   << "topic"
                                   << "";
    QTest::newRow("api → api") << "api-gateway"
                               << "api-gateway"
                               << "";
}

void TestCatalog::connections()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, edgeKind);
    const ConnectionCheck check = Catalog::instance().canConnect(from, to);
    QCOMPARE(check.allowed, !edgeKind.isEmpty());
    QCOMPARE(check.edgeKind, edgeKind);
    QCOMPARE(check.reason.isEmpty(), check.allowed);
}

void TestCatalog::explicitEdgeKind()
{
    const Catalog& c = Catalog::instance();
    QVERIFY(c.canConnect(QStringLiteral("queue"), QStringLiteral("queue"), QStringLiteral("dead-letter")).allowed);
    const ConnectionCheck wrong =
        c.canConnect(QStringLiteral("queue"), QStringLiteral("worker"), QStringLiteral("invoke"));
    QVERIFY(!wrong.allowed);
    QVERIFY2(wrong.reason.contains(QLatin1String("event-source")), qPrintable(wrong.reason));
    QVERIFY(!c.canConnect(QStringLiteral("queue"), QStringLiteral("worker"), QStringLiteral("teleport")).allowed);
    QVERIFY(!c.canConnect(QStringLiteral("warp-drive"), QStringLiteral("worker")).allowed);
}

void TestCatalog::forbiddenReasonNamesBothKinds()
{
    const ConnectionCheck check = Catalog::instance().canConnect(QStringLiteral("client"), QStringLiteral("table"));
    QVERIFY(check.reason.contains(QLatin1String("Simulated client")));
    QVERIFY(check.reason.contains(QLatin1String("Table")));
    QVERIFY2(check.reason.contains(QLatin1String("API gateway")), qPrintable(check.reason));
}

void TestCatalog::edgeConfigKeys_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("defaultJson");  // "absent": the key must not exist
    QTest::newRow("esm batch") << "queue"
                               << "worker"
                               << "batchSize"
                               << "10";
    QTest::newRow("esm window") << "queue"
                                << "worker"
                                << "batchWindow"
                                << "\"0s\"";
    QTest::newRow("esm concurrency") << "queue"
                                     << "worker"
                                     << "maxConcurrency"
                                     << "null";
    QTest::newRow("esm partial") << "queue"
                                 << "worker"
                                 << "reportBatchItemFailures"
                                 << "false";
    QTest::newRow("router actions") << "router"
                                    << "worker"
                                    << "actions"
                                    << "[]";
    QTest::newRow("router invokes sync") << "router"
                                         << "worker"
                                         << "invocation"
                                         << "\"sync\"";
    QTest::newRow("worker invokes async") << "worker"
                                          << "crud"
                                          << "invocation"
                                          << "\"async\"";
    QTest::newRow("no actions off routers") << "worker"
                                            << "crud"
                                            << "actions"
                                            << "absent";
    QTest::newRow("worker when") << "worker"
                                 << "queue"
                                 << "when"
                                 << "\"always\"";
    QTest::newRow("log-monitor when is a pattern") << "log-monitor"
                                                   << "topic"
                                                   << "when"
                                                   << "\"\"";
    QTest::newRow("stream batch") << "table"
                                  << "trigger"
                                  << "batchSize"
                                  << "100";
    QTest::newRow("stream retries") << "table"
                                    << "trigger"
                                    << "maxRetryAttempts"
                                    << "-1";
    QTest::newRow("stream bisect") << "table"
                                   << "trigger"
                                   << "bisectOnError"
                                   << "false";
    QTest::newRow("s3 events") << "bucket"
                               << "trigger"
                               << "events"
                               << "[\"s3:ObjectCreated:*\"]";
    QTest::newRow("filter policy") << "topic"
                                   << "queue"
                                   << "filterPolicy"
                                   << "null";
    QTest::newRow("filter scope") << "topic"
                                  << "queue"
                                  << "filterPolicyScope"
                                  << "\"MessageAttributes\"";
    QTest::newRow("ws route") << "websocket-api"
                              << "websocket-handler"
                              << "route"
                              << "\"$default\"";
    QTest::newRow("log filter") << "logs"
                                << "log-monitor"
                                << "filterPattern"
                                << "\"\"";
}

void TestCatalog::edgeConfigKeys()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, key);
    QFETCH(QString, defaultJson);
    const Catalog& c = Catalog::instance();
    const QString edgeKind = c.canConnect(from, to).edgeKind;
    QVERIFY(!edgeKind.isEmpty());
    const std::vector<ConfigKey> keys = c.edgeConfigKeys(from, to, edgeKind);
    const auto it = std::find_if(keys.begin(), keys.end(), [&](const ConfigKey& k) { return k.name == key; });
    if (defaultJson == QLatin1String("absent")) {
        QVERIFY(it == keys.end());
        return;
    }
    QVERIFY2(it != keys.end(), qPrintable(key));
    QCOMPARE(QString::fromStdString(it->defaultValue.dump()), defaultJson);
}

void TestCatalog::everyRuleNamesKnownKinds()
{
    const Catalog& c = Catalog::instance();
    QSet<QString> usedEdgeKinds;
    for (const ConnectionRule& r : c.rules()) {
        QVERIFY(c.kind(r.fromKind));
        QVERIFY(c.kind(r.toKind));
        QVERIFY2(c.edgeKind(r.edgeKind), qPrintable(r.edgeKind));
        usedEdgeKinds.insert(r.edgeKind);
    }
    for (const EdgeKindInfo& k : c.edgeKinds()) {
        QVERIFY2(usedEdgeKinds.contains(k.id), qPrintable(k.id + QStringLiteral(" is never the result of a rule")));
        QVERIFY(!k.help.isEmpty());
    }
    for (const char* k : {"invoke", "enqueue", "event-source", "dead-letter", "subscription", "notification", "stream",
                          "log-subscription", "route", "push", "data-access", "traffic"})
        QVERIFY2(c.edgeKind(QString::fromLatin1(k)), k);
}

void TestCatalog::effectiveConfigFillsDefaults()
{
    const Json config =
        Catalog::instance().effectiveConfig(QStringLiteral("queue"), Json{{"visibilityTimeout", "2m"}, {"x", 1}});
    QCOMPARE(config.at("visibilityTimeout").get<std::string>(), std::string("2m"));
    QCOMPARE(config.at("retention").get<std::string>(), std::string("4d"));
    QCOMPARE(config.at("x").get<int>(), 1);        // unknown keys kept
    QVERIFY(!config.contains("maxReceiveCount"));  // no default: unset
}

QTEST_GUILESS_MAIN(TestCatalog)
#include "tst_catalog.moc"
