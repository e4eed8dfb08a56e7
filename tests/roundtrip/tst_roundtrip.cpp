// Export and import together (issue 12): every sample exports to SAM and imports back to the same
// nodes, kinds, edges and exported settings, and exporting that gives the same template; the six
// realistic templates import → export → import to the same diagram; what an import kept unmapped
// is written back by the export; SQS FilterCriteria becomes the edge's filterCriteria; every
// Catalog key is either exported or named in a warning.
#include "../export/ExportKit.h"
#include "engine/Engine.h"
#include "export/SamTemplate.h"
#include "export/TemplateText.h"
#include "format/Duration.h"
#include "import/TemplateImport.h"
#include "model/Catalog.h"
#include "model/Lint.h"

#include <QtTest>

#include <algorithm>

using namespace ml;
using namespace exportkit;

namespace {

// Sorted keys, so two documents compare by content, not by the order resources were written in.
QString canonical(const Json& v) { return QString::fromStdString(nlohmann::json::parse(v.dump()).dump()); }

QString everyKind()
{
    return QDir::cleanPath(QStringLiteral(MICROLAB_TEST_DATA_DIR "/../../export/data/every-kind.mlab.json"));
}

QString importData(const char* name)
{
    return QDir::cleanPath(QStringLiteral(MICROLAB_TEST_DATA_DIR "/../../import/data/") + QString::fromLatin1(name));
}

// Durations as microseconds, so "60s" and "1m" are the same setting.
Json normalised(Json config, const std::vector<ConfigKey>& keys, const QStringList& leaveOut)
{
    for (const QString& k : leaveOut) config.erase(toStd(k));
    for (const ConfigKey& k : keys) {
        const std::string name = toStd(k.name);
        if (k.type != ValueType::Duration || !config.contains(name) || config[name].is_null()) continue;
        if (Result<Micros> m = duration::fromJson(config[name])) config[name] = *m;
    }
    return config;
}

// One line per node and edge the export writes (clients are not exported), with the settings
// both sides map: every Catalog default filled in, the keys with no AWS form left out.
QStringList exportedShape(const Diagram& d)
{
    const Catalog& catalog = Catalog::instance();
    QStringList lines;
    for (const Node& n : d.nodes()) {
        if (n.kind == QLatin1String("client")) continue;
        const Json c = normalised(catalog.effectiveConfig(n.kind, n.config), catalog.kind(n.kind)->config,
                                  exporting::keysWithoutAwsForm(n.kind));
        lines << QStringLiteral("%1:%2 %3").arg(n.id.value, n.kind, canonical(c));
    }
    for (const Edge& e : d.edges()) {
        const Node* a = d.node(e.from);
        const Node* b = d.node(e.to);
        if (a->kind == QLatin1String("client")) continue;
        const Json c = normalised(catalog.effectiveEdgeConfig(a->kind, b->kind, e.kind, e.config),
                                  catalog.edgeConfigKeys(a->kind, b->kind, e.kind),
                                  exporting::edgeKeysWithoutAwsForm(a->kind, b->kind, e.kind));
        lines << QStringLiteral("%1>%2:%3 %4").arg(e.from.value, e.to.value, e.kind, canonical(c));
    }
    lines.sort();
    return lines;
}

// The whole diagram: every node with its name and settings, every edge with its settings (a
// default written out and one left to the Catalog are the same setting).
QStringList wholeShape(const Diagram& d)
{
    const Catalog& catalog = Catalog::instance();
    QStringList lines;
    for (const Node& n : d.nodes())
        lines << QStringLiteral("%1:%2 \"%3\" %4")
                     .arg(n.id.value, n.kind, n.name,
                          canonical(
                              normalised(catalog.effectiveConfig(n.kind, n.config), catalog.kind(n.kind)->config, {})));
    for (const Edge& e : d.edges()) {
        const QString a = d.node(e.from)->kind;
        const QString b = d.node(e.to)->kind;
        lines << QStringLiteral("%1>%2:%3 %4")
                     .arg(e.from.value, e.to.value, e.kind,
                          canonical(normalised(catalog.effectiveEdgeConfig(a, b, e.kind, e.config),
                                               catalog.edgeConfigKeys(a, b, e.kind), {})));
    }
    lines.sort();
    return lines;
}

exporting::ExportedTemplate samOf(const Diagram& d)
{
    Result<exporting::ExportedTemplate> t = exporting::samTemplate(d);
    if (!t) qFatal("%s", qPrintable(t.error().toString()));
    return std::move(t).value();
}

cfn::ImportedTemplate imported(const QByteArray& text, const QString& name)
{
    Result<cfn::ImportedTemplate> r = cfn::importTemplate(text, name);
    if (!r) qFatal("%s", qPrintable(r.error().toString()));
    return std::move(r).value();
}

// The template without what names the file it came from (the diagram's name and description).
Json body(const Json& doc)
{
    Json b = doc;
    b.erase("Description");
    return b;
}

}  // namespace

class TestRoundTrip : public QObject {
    Q_OBJECT

private slots:
    void samplesComeBack_data();
    void samplesComeBack();
    void templatesRoundTrip_data();
    void templatesRoundTrip();
    void unmappedWrittenBack();
    void unmappedOfADeletedNode();
    void filterCriteriaImported();
    void everyKeyExportedOrNamed();
    void taskManagerSettingsExported();
    void corsAndIntegrationTimeout();
};

void TestRoundTrip::samplesComeBack_data()
{
    QTest::addColumn<QString>("file");
    for (const QString& f : samples() + QStringList{everyKind()})
        QTest::newRow(qPrintable(QFileInfo(f).fileName())) << f;
}

void TestRoundTrip::samplesComeBack()
{
    QFETCH(QString, file);
    Diagram original = load(file);
    // export → import: the same nodes, kinds, edges and exported settings.
    const exporting::ExportedTemplate first = samOf(original);
    const cfn::ImportedTemplate back = imported(exporting::templateYaml(first.document), QStringLiteral("first.yaml"));
    // CloudWatch keeps logs 1, 3, 5, 7, 14, … days: every-kind's 10 days is exported (and comes back) as 14.
    if (Node* logs = original.node(NodeId(QStringLiteral("logs")));
        logs && logs->config.value("retention", "") == "10d")
        logs->config["retention"] = "14d";
    const QStringList want = exportedShape(original);
    const QStringList got = exportedShape(back.diagram);
    QCOMPARE(got.join(QLatin1Char('\n')), want.join(QLatin1Char('\n')));
    // Every function came back as what it was, said in a note.
    const auto functions = std::count_if(original.nodes().begin(), original.nodes().end(),
                                         [](const Node& n) { return Catalog::instance().kind(n.kind)->isFunction; });
    const auto recognised = std::count_if(back.notes.begin(), back.notes.end(), [](const cfn::ImportNote& n) {
        return n.message.startsWith(QLatin1String("imported as a")) &&
               n.message.contains(QLatin1String("exported by Microlab"));
    });
    QCOMPARE(recognised, functions);
    // export → import → export: the same template, and no warning about what was kept.
    const exporting::ExportedTemplate second = samOf(back.diagram);
    QCOMPARE(canonical(body(second.document)), canonical(body(first.document)));
    // What the import kept (the template's frame, resources with no node) is written back as it was.
    for (const QString& w : second.warnings) QVERIFY2(!w.startsWith(QLatin1String("unmapped")), qPrintable(w));

    // The imported diagram lints without errors and runs with conservation holding.
    for (const Problem& p : lint(back.diagram)) QVERIFY2(!p.isError(), qPrintable(p.pointer + ": " + p.message));
    Result<std::unique_ptr<Engine>> engine = Engine::create(back.diagram);
    QVERIFY2(engine.ok(), qPrintable(engine.ok() ? QString() : engine.error().message));
    engine.value()->run(5 * kMicrosPerMinute);
    QVERIFY2(engine.value()->conservation().holds, engine.value()->conservation().toJson().dump().c_str());
}

void TestRoundTrip::templatesRoundTrip_data()
{
    QTest::addColumn<QString>("file");
    for (const char* f : {"sqs-lambda-dlq.yaml", "sns-fanout.yaml", "api-dynamodb-stream.yaml", "s3-lambda.yaml",
                          "websocket-chat.yaml", "fifo-shared-dlq.json"})
        QTest::newRow(f) << importData(f);
}

void TestRoundTrip::templatesRoundTrip()
{
    QFETCH(QString, file);
    Result<cfn::ImportedTemplate> first = cfn::importTemplateFile(file);
    QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().toString()));
    // import → export → import: the same diagram, node for node and edge for edge with every setting.
    const exporting::ExportedTemplate exported = samOf(first->diagram);
    const cfn::ImportedTemplate second =
        imported(exporting::templateYaml(exported.document), QFileInfo(file).fileName());
    QCOMPARE(wholeShape(second.diagram).join(QLatin1Char('\n')), wholeShape(first->diagram).join(QLatin1Char('\n')));
    // Every resource kept unmapped is kept again, or the export said why it left it out.
    const Json& before = first->diagram.extra["unmapped"];
    const Json& after = second.diagram.extra["unmapped"];
    const Json keptBefore = before.value("resources", Json::object());
    for (auto it = keptBefore.begin(); it != keptBefore.end(); ++it) {
        const QString id = QString::fromStdString(it.key());
        const bool keptAgain = after.contains("resources") && after["resources"].contains(it.key()) &&
                               canonical(after["resources"][it.key()]) == canonical(it.value());
        const bool named = std::any_of(exported.warnings.begin(), exported.warnings.end(), [&](const QString& w) {
            return w.startsWith(QStringLiteral("unmapped resource %1 ").arg(id));
        });
        QVERIFY2(keptAgain || named, qPrintable(id));
    }
    // … and exporting that again writes the same template.
    QCOMPARE(canonical(body(samOf(second.diagram).document)), canonical(body(exported.document)));
}

void TestRoundTrip::unmappedWrittenBack()
{
    Result<cfn::ImportedTemplate> t = cfn::importTemplateFile(importData("sqs-lambda-dlq.yaml"));
    QVERIFY(t.ok());
    const exporting::ExportedTemplate out = samOf(t->diagram);
    Json doc = out.document;  // not const: a missing key reads as null
    // The alarm has no node kind: written back verbatim, still naming the DLQ by its original id.
    QCOMPARE(canonical(doc["Resources"]["AlarmTopic"]),
             canonical(t->diagram.extra["unmapped"]["resources"]["AlarmTopic"]));
    QCOMPARE(canonical(doc["Resources"]["AlarmTopic"]["Properties"]["Dimensions"][0]["Value"]),
             canonical(Json::parse(R"({"Fn::GetAtt": ["OrdersDLQ", "QueueName"]})")));
    QVERIFY(doc["Resources"].contains("OrdersDLQ"));  // the node kept its logical id
    // Sections: the parameter, the output, SAM's Globals.
    QCOMPARE(doc["Parameters"]["Stage"]["Default"], Json("dev"));
    QCOMPARE(canonical(doc["Outputs"]["QueueUrl"]["Value"]), canonical(Json::parse(R"({"Ref": "OrdersQueue"})")));
    QCOMPARE(doc["Globals"]["Function"]["Runtime"], Json("nodejs20.x"));
    // Function properties with no setting come back where the export writes none; where it writes
    // its own (the generated handler's), its value is written and the kept one named in a warning.
    Json& fn = doc["Resources"]["ProcessOrderFunction"]["Properties"];
    QCOMPARE(fn["Handler"], Json("index.handler"));
    QVERIFY2(std::any_of(out.warnings.begin(), out.warnings.end(),
                         [](const QString& w) {
                             return w.startsWith(QLatin1String("unmapped property")) &&
                                    w.contains(QLatin1String("/Resources/ProcessOrderFunction/Properties/Handler"));
                         }),
             qPrintable(out.warnings.join(QLatin1Char('\n'))));
    // The CloudFormation export keeps the plain resource and the sections, not SAM's Globals.
    const Result<exporting::ExportedTemplate> cfn = exporting::cloudFormationTemplate(t->diagram);
    QVERIFY(cfn.ok());
    QVERIFY(cfn->document["Resources"].contains("AlarmTopic"));
    QCOMPARE(cfn->document["Parameters"]["Stage"]["Default"], Json("dev"));
    QVERIFY(!cfn->document.contains("Globals"));
    QVERIFY(std::any_of(cfn->warnings.begin(), cfn->warnings.end(),
                        [](const QString& w) { return w.startsWith(QLatin1String("/Globals")); }));
}

void TestRoundTrip::unmappedOfADeletedNode()
{
    // Properties kept for a resource the diagram no longer has are named, not written to nowhere.
    Result<cfn::ImportedTemplate> t = cfn::importTemplateFile(importData("sqs-lambda-dlq.yaml"));
    QVERIFY(t.ok());
    Diagram d = t->diagram;
    d.removeNode(NodeId(QStringLiteral("process-order-function")));
    QVERIFY(!d.node(NodeId(QStringLiteral("process-order-function"))));
    const exporting::ExportedTemplate out = samOf(d);
    QVERIFY(!out.document["Resources"].contains("ProcessOrderFunction"));
    QVERIFY2(std::any_of(out.warnings.begin(), out.warnings.end(),
                         [](const QString& w) {
                             return w.startsWith(QLatin1String("unmapped properties of ProcessOrderFunction")) &&
                                    w.contains(QLatin1String("CodeUri"));
                         }),
             qPrintable(out.warnings.join(QLatin1Char('\n'))));
}

void TestRoundTrip::filterCriteriaImported()
{
    // A SAM SQS event and a plain mapping with event filters; a pattern on "data" (no such field of
    // an SQS record in the diagram) cannot run and stays unmapped, named.
    QFile file(QStringLiteral(MICROLAB_TEST_DATA_DIR "/filters.yaml"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray yaml = file.readAll();
    Result<cfn::ImportedTemplate> r = cfn::importTemplate(yaml, QStringLiteral("filters.yaml"));
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
    const Diagram& d = r->diagram;
    auto edgeConfig = [&](const char* from, const char* to) {
        for (const Edge& e : d.edges())
            if (e.from.value == QLatin1String(from) && e.to.value == QLatin1String(to)) return e.config;
        return Json();
    };
    QCOMPARE(canonical(edgeConfig("orders", "worker")["filterCriteria"]),
             canonical(Json::parse(R"([{"body": {"type": ["order"], "amount": [{"numeric": [">", 100]}]}},
                                       {"attributes": {"priority": ["high"]}}])")));
    QCOMPARE(canonical(edgeConfig("refunds", "refunder")["filterCriteria"]),
             canonical(Json::parse(R"([{"body": {"kind": [{"prefix": "refund"}]}}])")));
    QVERIFY(!edgeConfig("audit", "auditor").contains("filterCriteria"));
    Json u = d.extra.value("unmapped", Json::object()).value("properties", Json::object());
    QVERIFY(!u.contains("Worker") && !u.contains("RefundsMapping"));
    QVERIFY(u["Auditor"]["Events"]["A"]["Properties"].contains("FilterCriteria"));
    QVERIFY(std::any_of(r->notes.begin(), r->notes.end(), [](const cfn::ImportNote& n) {
        return n.isWarning() &&
               n.path == QLatin1String("/Resources/Auditor/Properties/Events/A/Properties/FilterCriteria") &&
               n.message.contains(QLatin1String("\"data\""));
    }));
    for (const Problem& p : lint(d)) QVERIFY2(!p.isError(), qPrintable(p.pointer + ": " + p.message));
    // Exported again: the same filters (as JSON text, one per pattern), and the unrunnable one as it was,
    // on the event the export writes for the same queue (named after the queue, not "A").
    Json doc = samOf(d).document;  // not const: a missing key reads as null
    const Json& filters = doc["Resources"]["Worker"]["Properties"]["Events"]["Orders"]["Properties"]["FilterCriteria"];
    QCOMPARE(filters["Filters"].size(), std::size_t(2));
    QCOMPARE(canonical(Json::parse(filters["Filters"][1]["Pattern"].get<std::string>())),
             canonical(Json::parse(R"({"attributes": {"priority": ["high"]}})")));
    const Json unrunnable = {{"Filters", Json::array({{{"Pattern", "{\"data\": {\"x\": [1]}}"}}})}};
    QCOMPARE(canonical(doc["Resources"]["Auditor"]["Properties"]["Events"]["Audit"]["Properties"]["FilterCriteria"]),
             canonical(unrunnable));
}

void TestRoundTrip::everyKeyExportedOrNamed()
{
    // Every config key of every kind is written to the template (the list below, checked by the
    // other tests) or has no AWS form and is named in a warning when a node sets it.
    static const QHash<QString, QStringList> exported = {
        {QStringLiteral("*function"),
         {"timeout", "concurrency", "memoryMb", "maxRetryAttempts", "maxEventAge"}},  // + the kind's own below
        {QStringLiteral("task-manager"), {"taskTimeout", "maxRetries"}},  // TASK_TIMEOUT_SECONDS, MAX_RETRIES
        {QStringLiteral("gatekeeper"), {"policy"}},                       // POLICY
        {QStringLiteral("cron"), {"schedule", "payload"}},                // Schedule event, Input
        {QStringLiteral("api-gateway"),
         {"routes", "integrationTimeout", "cors"}},  // events, TimeoutInMillis, CorsConfiguration
        {QStringLiteral("websocket-api"), {"routeSelection"}},
        {QStringLiteral("queue"),
         {"type", "visibilityTimeout", "delay", "retention", "maxReceiveCount", "maxMessageSize",
          "contentDeduplication"}},
        {QStringLiteral("topic"), {"type"}},
        {QStringLiteral("table"), {"key", "stream"}},
        {QStringLiteral("logs"), {"retention"}},
    };
    for (const KindInfo& k : Catalog::instance().kinds()) {
        const QStringList none = exporting::keysWithoutAwsForm(k.id);
        QStringList written = exported.value(k.id);
        if (k.isFunction) written += exported.value(QStringLiteral("*function"));
        for (const ConfigKey& key : k.config)
            QVERIFY2(written.contains(key.name) != none.contains(key.name),
                     qPrintable(k.id + QLatin1Char('.') + key.name));
    }
    // A node that sets them hears about each one.
    Diagram d;
    QVERIFY(d.addNode(Node{NodeId(QStringLiteral("w")),
                           QStringLiteral("worker"),
                           {},
                           0,
                           0,
                           Json::parse(R"({"errorRate": 0.1, "coldStart": "1s"})"),
                           Json::object()}));
    QVERIFY(d.addNode(Node{NodeId(QStringLiteral("t")),
                           QStringLiteral("table"),
                           {},
                           0,
                           0,
                           Json::parse(R"({"database": "t.db"})"),
                           Json::object()}));
    QVERIFY(d.addNode(Node{NodeId(QStringLiteral("ws")),
                           QStringLiteral("websocket-api"),
                           {},
                           0,
                           0,
                           Json::parse(R"({"idleTimeout": "10m", "maxMessageSize": 1000})"),
                           Json::object()}));
    const QStringList warnings = samOf(d).warnings;
    QVERIFY2(warnings.contains(QStringLiteral("node w: errorRate, coldStart have no AWS form (on AWS the code and the "
                                              "platform decide them); not exported")),
             qPrintable(warnings.join(QLatin1Char('\n'))));
    QVERIFY(std::any_of(warnings.begin(), warnings.end(), [](const QString& w) {
        return w.startsWith(QLatin1String("node t: database has no AWS form"));
    }));
    // idleTimeout 10m is AWS's own: only maxMessageSize is named.
    QVERIFY(std::any_of(warnings.begin(), warnings.end(), [](const QString& w) {
        return w.startsWith(QLatin1String("node ws: maxMessageSize has no AWS form"));
    }));
}

void TestRoundTrip::taskManagerSettingsExported()
{
    // every-kind's task manager: taskTimeout 30 s and maxRetries 3 (the defaults) go to its handler;
    // its queue "tasks" has the dead-letter queue "tasks-dlq", where it moves a task after 4 attempts.
    const Diagram d = load(everyKind());
    const exporting::ExportedTemplate t = samOf(d);
    Json doc = t.document;
    Json& fn = doc["Resources"]["TaskManager"]["Properties"];
    QCOMPARE(fn["Environment"]["Variables"]["TASK_TIMEOUT_SECONDS"], Json("30"));
    QCOMPARE(fn["Environment"]["Variables"]["MAX_RETRIES"], Json("3"));
    QVERIFY(fn["Environment"]["Variables"].contains("TASK_DEAD_LETTER_QUEUE"));
    QVERIFY(fn["Policies"].dump().find("SQSSendMessagePolicy") != std::string::npos);
    // 4 attempts × 30 s is longer than its Timeout of 20 s: said.
    QVERIFY(std::any_of(t.warnings.begin(), t.warnings.end(), [](const QString& w) {
        return w.startsWith(QStringLiteral("node task-manager: a task may take 4 attempts × taskTimeout 30 s"));
    }));
}

void TestRoundTrip::corsAndIntegrationTimeout()
{
    // A gateway's cors is HTTP API's CorsConfiguration; its integrationTimeout 10 s is each route's
    // TimeoutInMillis 10000. Both come back on import.
    Diagram d = load(QDir(QStringLiteral(MICROLAB_PROJECTS_DIR)).filePath(QStringLiteral("image-pipeline.mlab.json")));
    Node* api = nullptr;
    for (const Node& n : d.nodes())
        if (n.kind == QLatin1String("api-gateway")) api = d.node(n.id);
    QVERIFY(api);
    api->config["cors"] =
        Json::parse(R"({"allowOrigins": ["https://app.example.com"], "allowMethods": ["POST"], "maxAge": 600})");
    api->config["integrationTimeout"] = "10s";
    Json doc = samOf(d).document;
    // (Outside the macro: moc reads "//" in a raw string as a comment.)
    const Json corsConfiguration =
        Json::parse(R"({"AllowOrigins": ["https://app.example.com"], "AllowMethods": ["POST"], "MaxAge": 600})");
    QCOMPARE(canonical(doc["Resources"]["Api"]["Properties"]["CorsConfiguration"]), canonical(corsConfiguration));
    QCOMPARE(doc["Resources"]["Router"]["Properties"]["Events"].begin().value()["Properties"]["TimeoutInMillis"],
             Json(10000));
    const Result<exporting::ExportedTemplate> plain = exporting::cloudFormationTemplate(d);
    QVERIFY(plain.ok());
    Json resources = plain->document["Resources"];
    QVERIFY(resources["Api"]["Properties"].contains("CorsConfiguration"));
    QCOMPARE(resources["ApiRouterIntegration"]["Properties"]["TimeoutInMillis"], Json(10000));
    const cfn::ImportedTemplate back = imported(exporting::templateYaml(doc), QStringLiteral("cors.yaml"));
    const Node* again = back.diagram.node(api->id);
    QVERIFY(again);
    QCOMPARE(canonical(again->config.value("cors", Json())), canonical(api->config["cors"]));
    QCOMPARE(again->config.value("integrationTimeout", Json()), Json("10s"));
}

QTEST_GUILESS_MAIN(TestRoundTrip)
#include "tst_roundtrip.moc"
