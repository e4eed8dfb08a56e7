// Export to SAM and CloudFormation: every sample exports; every resource type and property name an
// export emits is one CloudFormation (or the SAM translator) knows, checked against the vendored
// data/cfn-names.json always and with cfn-lint when it is on PATH (also the exports of the imported
// templates of tests/import, with what they kept unmapped written back); the templates carry what the
// diagram says (redrive, batch sizes, filter policies, routes, destinations, least-privilege policies);
// golden files pin the text of two samples in every text format.
#include "ExportKit.h"
#include "export/DiagramText.h"
#include "export/LogicalIds.h"
#include "export/SamTemplate.h"
#include "export/TemplateText.h"
#include "import/TemplateImport.h"

#include <QJsonDocument>
#include <QTemporaryDir>

using namespace ml;
using namespace ml::exporting;
using namespace exportkit;

// Compares JSON values by their text, so a failure prints both.
#define JCOMPARE(actual, expected) \
    QCOMPARE(QString::fromStdString(Json(actual).dump()), QString::fromStdString(Json(expected).dump()))

namespace {

const Json& names()
{
    static const Json n = Json::parse(readAll(QStringLiteral(MICROLAB_TEST_DATA_DIR "/cfn-names.json")).toStdString());
    return n;
}

bool isIntrinsic(const Json& v)
{
    return v.is_object() && v.size() == 1 &&
           (v.begin().key() == "Ref" || v.begin().key().rfind("Fn::", 0) == 0 || v.begin().key() == "Condition");
}

// Every key of `value` at `path` must be in the list for that path (paths without a list are free-form).
void checkNames(const Json& lists, const Json& value, const std::string& path, const std::string& where,
                QStringList& bad)
{
    if (isIntrinsic(value)) return;
    if (value.is_array()) {
        for (const Json& item : value) checkNames(lists, item, path, where, bad);
        return;
    }
    if (!value.is_object()) return;
    if (!lists.contains(path)) return;
    const Json& allowed = lists[path];
    for (auto it = value.begin(); it != value.end(); ++it) {
        if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
            bad << QString::fromStdString(where + ": " + (path.empty() ? "" : path + ".") + it.key());
        checkNames(lists, it.value(), path.empty() ? it.key() : path + "." + it.key(), where, bad);
    }
}

QStringList unknownNames(const Json& document)
{
    QStringList bad;
    const Json& types = names()["types"];
    const Json& events = names()["samEvents"];
    const Json resources = document.value("Resources", Json::object());
    for (auto it = resources.begin(); it != resources.end(); ++it) {
        const std::string type = it.value().value("Type", std::string());
        const std::string where = it.key() + " (" + type + ")";
        if (!types.contains(type)) {
            bad << QString::fromStdString(where + ": unknown type");
            continue;
        }
        const Json properties = it.value().value("Properties", Json::object());
        checkNames(types[type], properties, "", where, bad);
        if (type != "AWS::Serverless::Function" || !properties.contains("Events")) continue;
        for (auto e = properties["Events"].begin(); e != properties["Events"].end(); ++e) {
            const std::string eventType = e.value().value("Type", std::string());
            if (!events.contains(eventType)) {
                bad << QString::fromStdString(where + ": unknown event type " + eventType);
                continue;
            }
            checkNames(Json{{"", events[eventType]}}, e.value().value("Properties", Json::object()), "",
                       where + " event " + e.key(), bad);
        }
    }
    return bad;
}

Json samOf(const QString& file)
{
    const Result<ExportedTemplate> t = samTemplate(load(file));
    if (!t) qFatal("%s", qPrintable(t.error().toString()));
    return t->document;
}

Json cfnOf(const QString& file)
{
    const Result<ExportedTemplate> t = cloudFormationTemplate(load(file));
    if (!t) qFatal("%s", qPrintable(t.error().toString()));
    return t->document;
}

QString sample(const char* name)
{
    return QDir(QStringLiteral(MICROLAB_PROJECTS_DIR)).filePath(QString::fromLatin1(name));
}

}  // namespace

class TestExport : public QObject {
    Q_OBJECT

private slots:
    void namesAreKnown_data();
    void namesAreKnown();
    void cfnLintAccepts();
    void queueRedriveAndMapping();
    void routerPoliciesAndRoutes();
    void fanoutSubscriptions();
    void referenceArchitecture();
    void cloudFormationExpansion();
    void everyKind();
    void logicalIdsArePascalAndUnique();
    void goldenFiles_data();
    void goldenFiles();
    void dotParses_data();
    void dotParses();
    void mermaidShape();
};

void TestExport::namesAreKnown_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("cfn");
    // The samples plus data/every-kind.mlab.json, which has one of every node kind and edge kind.
    for (const QString& f : samples() + QStringList{QStringLiteral(MICROLAB_TEST_DATA_DIR "/every-kind.mlab.json")}) {
        QTest::newRow(qPrintable(QFileInfo(f).fileName() + QStringLiteral(" sam"))) << f << false;
        QTest::newRow(qPrintable(QFileInfo(f).fileName() + QStringLiteral(" cfn"))) << f << true;
    }
}

void TestExport::namesAreKnown()
{
    QFETCH(QString, file);
    QFETCH(bool, cfn);
    const Json doc = cfn ? cfnOf(file) : samOf(file);
    QVERIFY(!doc["Resources"].empty());
    const QStringList bad = unknownNames(doc);
    QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1Char('\n'))));
    if (cfn) {
        // Nothing of the SAM transform is left in the CloudFormation export.
        QVERIFY(!doc.contains("Transform"));
        for (const auto& [id, r] : doc["Resources"].items())
            QVERIFY2(r["Type"].get<std::string>().rfind("AWS::Serverless::", 0) != 0, id.c_str());
    }
}

void TestExport::cfnLintAccepts()
{
    if (QStandardPaths::findExecutable(QStringLiteral("cfn-lint")).isEmpty())
        QSKIP("cfn-lint is not on PATH (pip install cfn-lint); the vendored name check still ran");
    // One cfn-lint run over every template (its start-up, loading every schema, is most of its time).
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QStringList paths;
    for (const QString& file :
         samples() + QStringList{QStringLiteral(MICROLAB_TEST_DATA_DIR "/every-kind.mlab.json")}) {
        const QString base = QFileInfo(file).fileName().remove(QStringLiteral(".mlab.json"));
        for (const bool cfn : {false, true}) {
            const QString path = dir.filePath(base + (cfn ? QStringLiteral(".cfn.json") : QStringLiteral(".sam.yaml")));
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(cfn ? templateJson(cfnOf(file)) : templateYaml(samOf(file)));
            paths << path;
        }
    }
    // The realistic templates of tests/import, imported and exported again with what the import kept
    // unmapped written back: still valid.
    const QDir imports(QDir::cleanPath(QStringLiteral(MICROLAB_TEST_DATA_DIR "/../../import/data")));
    for (const QString& name : imports.entryList({QStringLiteral("*.yaml"), QStringLiteral("*.json")}, QDir::Files)) {
        const Result<cfn::ImportedTemplate> imported = cfn::importTemplateFile(imports.filePath(name));
        QVERIFY2(imported.ok(), qPrintable(name));
        for (const bool cfn : {false, true}) {
            const Result<ExportedTemplate> t =
                cfn ? cloudFormationTemplate(imported->diagram) : samTemplate(imported->diagram);
            QVERIFY2(t.ok(), qPrintable(name));
            const QString path = dir.filePath(QStringLiteral("imported-") + QFileInfo(name).completeBaseName() +
                                              (cfn ? QStringLiteral(".cfn.json") : QStringLiteral(".sam.yaml")));
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(cfn ? templateJson(t->document) : templateYaml(t->document));
            paths << path;
        }
    }
    const Tool lint = runTool(QStringLiteral("cfn-lint"), paths, 540000);
    QVERIFY2(lint.exitCode >= 0, qPrintable(lint.output));
    // cfn-lint's exit code is a bit set: 2 errors, 4 warnings, 8 informational. Errors fail the export.
    QVERIFY2((lint.exitCode & 2) == 0, qPrintable(lint.output));
    if (!lint.output.trimmed().isEmpty()) qInfo().noquote() << lint.output;
}

void TestExport::queueRedriveAndMapping()
{
    const Json doc = samOf(sample("image-pipeline.mlab.json"));
    const Json& r = doc["Resources"];
    JCOMPARE(doc["Transform"], Json("AWS::Serverless-2016-10-31"));
    // jobs: maxReceiveCount 3 with a dead-letter edge to jobs-dlq; visibilityTimeout "30s" → 30.
    JCOMPARE(r["Jobs"]["Properties"]["RedrivePolicy"]["maxReceiveCount"], Json(3));
    JCOMPARE(r["Jobs"]["Properties"]["RedrivePolicy"]["deadLetterTargetArn"],
             Json::parse(R"({"Fn::GetAtt":["JobsDlq","Arn"]})"));
    JCOMPARE(r["Jobs"]["Properties"]["VisibilityTimeout"], Json(30));
    // resize: timeout "5s", the mapping's batchSize 1, the runtime, the default async settings (2 retries, 6 h).
    const Json& resize = r["Resize"]["Properties"];
    JCOMPARE(resize["Runtime"], Json("nodejs24.x"));
    JCOMPARE(resize["Timeout"], Json(5));
    JCOMPARE(resize["Events"]["Jobs"]["Type"], Json("SQS"));
    JCOMPARE(resize["Events"]["Jobs"]["Properties"]["BatchSize"], Json(1));
    JCOMPARE(resize["EventInvokeConfig"]["MaximumRetryAttempts"], Json(2));
    JCOMPARE(resize["EventInvokeConfig"]["MaximumEventAgeInSeconds"], Json(21600));
    JCOMPARE(resize["RecursiveLoop"], Json("Terminate"));
    JCOMPARE(resize["LoggingConfig"]["LogFormat"], Json("JSON"));
}

void TestExport::routerPoliciesAndRoutes()
{
    const Json doc = samOf(sample("image-pipeline.mlab.json"));
    const Json& router = doc["Resources"]["Router"]["Properties"];
    // One edge router → jobs: exactly one policy, the send to that queue.
    QCOMPARE(router["Policies"].size(), std::size_t(1));
    JCOMPARE(router["Policies"][0],
             Json::parse(R"({"SQSSendMessagePolicy":{"QueueName":{"Fn::GetAtt":["Jobs","QueueName"]}}})"));
    // The API's one route POST /images becomes one HttpApi event with the 1.0 (REST-like) payload.
    QCOMPARE(router["Events"].size(), std::size_t(1));
    const Json& event = router["Events"].begin().value();
    JCOMPARE(event["Type"], Json("HttpApi"));
    JCOMPARE(event["Properties"]["Method"], Json("POST"));
    JCOMPARE(event["Properties"]["Path"], Json("/images"));
    JCOMPARE(event["Properties"]["PayloadFormatVersion"], Json("1.0"));
    JCOMPARE(doc["Resources"]["Api"]["Type"], Json("AWS::Serverless::HttpApi"));
    QVERIFY(doc["Outputs"].contains("ApiUrl"));
    const Json edges = Json::parse(router["Environment"]["Variables"]["EDGES"].get<std::string>());
    JCOMPARE(edges[0]["service"], Json("sqs"));
    JCOMPARE(edges[0]["actions"], Json::array({"process-image"}));
}

void TestExport::fanoutSubscriptions()
{
    const Json doc = samOf(sample("fanout-notifications.mlab.json"));
    const Json& r = doc["Resources"];
    // events → orders, events → refunds (queues) and events → admins (an e-mail inbox): three subscriptions.
    int subscriptions = 0;
    for (const auto& [id, res] : r.items()) subscriptions += res["Type"] == "AWS::SNS::Subscription";
    QCOMPARE(subscriptions, 3);
    JCOMPARE(r["EventsToOrders"]["Properties"]["FilterPolicy"], Json::parse(R"({"type":["order"]})"));
    JCOMPARE(r["EventsToOrders"]["Properties"]["FilterPolicyScope"], Json("MessageAttributes"));
    JCOMPARE(r["EventsToAdmins"]["Properties"]["Protocol"], Json("email"));
    QVERIFY(doc["Parameters"].contains("AdminsEmail"));
    // SNS may deliver to each subscribed queue: one QueuePolicy per queue.
    JCOMPARE(r["OrdersTopicPolicy"]["Type"], Json("AWS::SQS::QueuePolicy"));
    JCOMPARE(r["RefundsTopicPolicy"]["Type"], Json("AWS::SQS::QueuePolicy"));
    JCOMPARE(r["Refund"]["Properties"]["Events"]["Refunds"]["Properties"]["BatchSize"], Json(5));
    // orders: maxReceiveCount 3; refunds: 5.
    JCOMPARE(r["Orders"]["Properties"]["RedrivePolicy"]["maxReceiveCount"], Json(3));
    JCOMPARE(r["Refunds"]["Properties"]["RedrivePolicy"]["maxReceiveCount"], Json(5));
}

void TestExport::referenceArchitecture()
{
    const Json doc = samOf(sample("reference-architecture.mlab.json"));
    const Json& r = doc["Resources"];
    JCOMPARE(r["Notify"]["Type"], Json("AWS::Serverless::WebSocketApi"));
    QVERIFY(r["Notify"]["Properties"]["Routes"].contains("$connect"));
    JCOMPARE(r["NotifyConnections"]["Type"], Json("AWS::DynamoDB::Table"));
    QVERIFY(doc["Outputs"].contains("NotifyUrl"));
    // The orders table feeds a stream edge: its stream is on and order-events reads it.
    QVERIFY(r["OrdersTable"]["Properties"].contains("StreamSpecification"));
    JCOMPARE(r["OrderEvents"]["Properties"]["Events"]["OrdersTable"]["Type"], Json("DynamoDB"));
    // nightly fires on its schedule; monitor subscribes to the log group with the edge's pattern.
    JCOMPARE(r["Nightly"]["Properties"]["Events"]["Schedule"]["Type"], Json("Schedule"));
    const Json& logs = r["Monitor"]["Properties"]["Events"]["Logs"];
    JCOMPARE(logs["Type"], Json("CloudWatchLogs"));
    JCOMPARE(logs["Properties"]["FilterPattern"], Json(R"({ $.urgency = "warning" || $.urgency = "critical" })"));
    // resize pushes to the websocket API: ManageConnections on that API and read access to its connections.
    const std::string policies = r["Resize"]["Properties"]["Policies"].dump();
    QVERIFY(policies.find("execute-api:ManageConnections") != std::string::npos);
    QVERIFY(policies.find("NotifyConnections") != std::string::npos);
    JCOMPARE(r["Resize"]["Properties"]["LoggingConfig"]["LogGroup"], Json::parse(R"({"Ref":"Logs"})"));
    // crud on the orders table: DynamoDBCrudPolicy on it and nothing else.
    JCOMPARE(r["Orders"]["Properties"]["Policies"],
             Json::parse(R"([{"DynamoDBCrudPolicy":{"TableName":{"Ref":"OrdersTable"}}}])"));
}

void TestExport::cloudFormationExpansion()
{
    const Json doc = cfnOf(sample("reference-architecture.mlab.json"));
    const Json& r = doc["Resources"];
    JCOMPARE(r["Resize"]["Type"], Json("AWS::Lambda::Function"));
    JCOMPARE(r["ResizeRole"]["Type"], Json("AWS::IAM::Role"));
    JCOMPARE(r["ResizeJobs"]["Type"], Json("AWS::Lambda::EventSourceMapping"));
    JCOMPARE(r["ResizeJobs"]["Properties"]["BatchSize"], Json(1));
    JCOMPARE(r["ResizeEventInvokeConfig"]["Type"], Json("AWS::Lambda::EventInvokeConfig"));
    JCOMPARE(r["NightlySchedule"]["Type"], Json("AWS::Events::Rule"));
    JCOMPARE(r["MonitorLogs"]["Type"], Json("AWS::Logs::SubscriptionFilter"));
    JCOMPARE(r["Api"]["Type"], Json("AWS::ApiGatewayV2::Api"));
    JCOMPARE(r["Notify"]["Properties"]["ProtocolType"], Json("WEBSOCKET"));
    JCOMPARE(r["NotifyConnectRoute"]["Properties"]["RouteKey"], Json("$connect"));
    QVERIFY(doc["Parameters"].contains("CodeBucket"));
    // The SQS poller's managed policy comes with the mapping, as the translator adds it.
    QVERIFY(r["ResizeRole"]["Properties"]["ManagedPolicyArns"].dump().find("AWSLambdaSQSQueueExecutionRole") !=
            std::string::npos);
}

void TestExport::everyKind()
{
    const QString file = QStringLiteral(MICROLAB_TEST_DATA_DIR "/every-kind.mlab.json");
    const Result<ExportedTemplate> t = samTemplate(load(file));
    QVERIFY(t.ok());
    const Json& r = t->document["Resources"];
    // worker: on success → done (SQS), on failure → failed (SNS); maxRetryAttempts 1, maxEventAge 1h = 3600 s.
    const Json& invoke = r["Worker"]["Properties"]["EventInvokeConfig"];
    JCOMPARE(invoke["DestinationConfig"]["OnSuccess"]["Type"], Json("SQS"));
    JCOMPARE(invoke["DestinationConfig"]["OnFailure"]["Type"], Json("SNS"));
    JCOMPARE(invoke["MaximumRetryAttempts"], Json(1));
    JCOMPARE(invoke["MaximumEventAgeInSeconds"], Json(3600));
    // work → worker: batch 100 needs the 20 s window; concurrency 10; item failures; one filter.
    const Json& sqs = r["Worker"]["Properties"]["Events"]["Work"]["Properties"];
    JCOMPARE(sqs["MaximumBatchingWindowInSeconds"], Json(20));
    JCOMPARE(sqs["ScalingConfig"]["MaximumConcurrency"], Json(10));
    JCOMPARE(sqs["FunctionResponseTypes"], Json::array({"ReportBatchItemFailures"}));
    JCOMPARE(sqs["FilterCriteria"]["Filters"][0]["Pattern"], Json(R"({"body":{"kind":["resize"]}})"));
    // work: delay 5s, retention 2d = 172800 s, 64 KiB messages.
    JCOMPARE(r["Work"]["Properties"]["DelaySeconds"], Json(5));
    JCOMPARE(r["Work"]["Properties"]["MessageRetentionPeriod"], Json(172800));
    JCOMPARE(r["Work"]["Properties"]["MaximumMessageSize"], Json(65536));
    // A FIFO pair with content-based deduplication; its mapping has no batching window.
    JCOMPARE(r["Tasks"]["Properties"]["FifoQueue"], Json(true));
    JCOMPARE(r["Tasks"]["Properties"]["ContentBasedDeduplication"], Json(true));
    JCOMPARE(r["Tasks"]["Properties"]["RedrivePolicy"]["maxReceiveCount"], Json(4));
    // files → on-file: both events with the s3: prefix, prefix and suffix rules.
    const Json& s3 = r["OnFile"]["Properties"]["Events"]["Files"]["Properties"];
    JCOMPARE(s3["Events"], Json::array({"s3:ObjectCreated:Put", "s3:ObjectRemoved:*"}));
    JCOMPARE(s3["Filter"]["S3Key"]["Rules"][1], Json::parse(R"({"Name":"suffix","Value":".json"})"));
    JCOMPARE(r["OnFile"]["Properties"]["ReservedConcurrentExecutions"], Json(5));
    JCOMPARE(r["OnFile"]["Properties"]["MemorySize"], Json(512));
    // docs stream (NEW_IMAGE) → on-doc with the edge's settings.
    JCOMPARE(r["Docs"]["Properties"]["StreamSpecification"]["StreamViewType"], Json("NEW_IMAGE"));
    const Json& stream = r["OnDoc"]["Properties"]["Events"]["Docs"]["Properties"];
    JCOMPARE(stream["StartingPosition"], Json("TRIM_HORIZON"));
    JCOMPARE(stream["MaximumRetryAttempts"], Json(3));
    JCOMPARE(stream["BisectBatchOnFunctionError"], Json(true));
    // news → listener: body-scoped filter policy and the subscription's DLQ (which SNS may write to).
    const Json& sns = r["Listener"]["Properties"]["Events"]["News"]["Properties"];
    JCOMPARE(sns["FilterPolicyScope"], Json("MessageBody"));
    JCOMPARE(sns["RedrivePolicy"]["deadLetterTargetArn"], Json::parse(R"({"Fn::GetAtt":["NewsDlq","Arn"]})"));
    QVERIFY(r.contains("NewsDlqTopicPolicy"));
    // The gatekeeper keeps its audit trail in its own table and reads its policy from the environment.
    JCOMPARE(r["GuardAudit"]["Type"], Json("AWS::DynamoDB::Table"));
    QVERIFY(r["Guard"]["Properties"]["Environment"]["Variables"]["POLICY"].get<std::string>().find("role:admin") !=
            std::string::npos);
    // Log retention 10 days is not a CloudWatch value: rounded up to 14.
    JCOMPARE(r["Logs"]["Properties"]["RetentionInDays"], Json(14));
    // The custom route "send-message" is not a key the SAM translator takes: plain ApiGatewayV2 resources.
    JCOMPARE(r["Ws"]["Type"], Json("AWS::ApiGatewayV2::Api"));
    JCOMPARE(r["WsSendMessageRoute"]["Properties"]["RouteKey"], Json("send-message"));

    const Json cfn = cloudFormationTemplate(load(file))->document["Resources"];
    // The bucket notifies on-file after the permission exists (as the translator orders it).
    JCOMPARE(cfn["Files"]["Properties"]["NotificationConfiguration"]["LambdaConfigurations"].size(), Json(2));
    JCOMPARE(cfn["Files"]["DependsOn"], Json::array({"OnFileFilesPermission"}));
    JCOMPARE(cfn["ListenerNews"]["Type"], Json("AWS::SNS::Subscription"));
    JCOMPARE(cfn["TickSchedule"]["Properties"]["ScheduleExpression"], Json("cron(0 2 * * ? *)"));
}

void TestExport::logicalIdsArePascalAndUnique()
{
    QCOMPARE(pascalCase(QStringLiteral("jobs-dlq")), QStringLiteral("JobsDlq"));
    QCOMPARE(pascalCase(QStringLiteral("ws-handler")), QStringLiteral("WsHandler"));
    QCOMPARE(pascalCase(QStringLiteral("2fa")), QStringLiteral("N2fa"));
    Diagram d;
    QVERIFY(d.addNode(
        Node{NodeId(QStringLiteral("a-b")), QStringLiteral("queue"), {}, 0, 0, Json::object(), Json::object()}));
    QVERIFY(d.addNode(
        Node{NodeId(QStringLiteral("ab")), QStringLiteral("queue"), {}, 0, 0, Json::object(), Json::object()}));
    QVERIFY(d.addNode(
        Node{NodeId(QStringLiteral("a-b-")), QStringLiteral("queue"), {}, 0, 0, Json::object(), Json::object()}));
    LogicalIds ids(d);
    // "a-b" → AB, "ab" → Ab, "a-b-" → AB again, so it gets AB2.
    QCOMPARE(ids.of(NodeId(QStringLiteral("a-b"))), QStringLiteral("AB"));
    QCOMPARE(ids.of(NodeId(QStringLiteral("ab"))), QStringLiteral("Ab"));
    QCOMPARE(ids.of(NodeId(QStringLiteral("a-b-"))), QStringLiteral("AB2"));
}

void TestExport::goldenFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("format");
    for (const char* s : {"image-pipeline", "reference-architecture"})
        for (const char* f : {"sam.yaml", "cfn.json", "mmd", "dot"})
            QTest::newRow(qPrintable(QStringLiteral("%1.%2").arg(QLatin1String(s), QLatin1String(f))))
                << sample((std::string(s) + ".mlab.json").c_str()) << QString::fromLatin1(f);
}

void TestExport::goldenFiles()
{
    QFETCH(QString, file);
    QFETCH(QString, format);
    const Diagram d = load(file);
    QByteArray bytes;
    if (format == QLatin1String("sam.yaml"))
        bytes = templateYaml(samTemplate(d)->document);
    else if (format == QLatin1String("cfn.json"))
        bytes = templateJson(cloudFormationTemplate(d)->document);
    else if (format == QLatin1String("mmd"))
        bytes = mermaidFlowchart(d);
    else
        bytes = graphvizDot(d);
    const QString golden = QStringLiteral(MICROLAB_TEST_DATA_DIR "/golden/%1.%2")
                               .arg(QFileInfo(file).fileName().remove(QStringLiteral(".mlab.json")), format);
    // MICROLAB_UPDATE_GOLDEN=1 rewrites the files after a deliberate change; review the diff.
    if (qEnvironmentVariableIsSet("MICROLAB_UPDATE_GOLDEN")) {
        QDir().mkpath(QFileInfo(golden).absolutePath());
        QFile out(golden);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(bytes);
    }
    const QByteArray expected = readAll(golden);
    QVERIFY2(!expected.isEmpty(), qPrintable(golden + QStringLiteral(" is missing")));
    QCOMPARE(bytes, expected);
}

void TestExport::dotParses_data()
{
    QTest::addColumn<QString>("file");
    for (const QString& f : samples()) QTest::newRow(qPrintable(QFileInfo(f).fileName())) << f;
}

void TestExport::dotParses()
{
    QFETCH(QString, file);
    if (QStandardPaths::findExecutable(QStringLiteral("dot")).isEmpty()) QSKIP("Graphviz (dot) is not installed");
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("diagram.dot"));
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(graphvizDot(load(file)));
    out.close();
    const Tool dot = runTool(QStringLiteral("dot"), {QStringLiteral("-Tsvg"), path, QStringLiteral("-o"),
                                                     dir.filePath(QStringLiteral("d.svg"))});
    QVERIFY2(dot.exitCode == 0, qPrintable(dot.output));
    QVERIFY(readAll(dir.filePath(QStringLiteral("d.svg"))).contains("<svg"));
}

void TestExport::mermaidShape()
{
    // No Mermaid parser on the machine: check the grammar this writer relies on — one declaration per
    // node, every edge between declared ids, shapes by category.
    const Diagram d = load(sample("reference-architecture.mlab.json"));
    const QStringList lines = QString::fromUtf8(mermaidFlowchart(d)).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(lines.contains(QStringLiteral("flowchart LR")));
    QSet<QString> declared;
    int edges = 0;
    static const QRegularExpression nodeLine(
        QStringLiteral("^    (n_[a-z0-9_]+)(\\(\\[|\\(\\(|\\[\\(|\\{\\{|>|\\()\""));
    static const QRegularExpression edgeLine(
        QStringLiteral("^    (n_[a-z0-9_]+) (-->|-\\.->)\\|\"[^\"]*\"\\| (n_[a-z0-9_]+)$"));
    for (const QString& l : lines) {
        if (auto m = nodeLine.match(l); m.hasMatch()) declared.insert(m.captured(1));
        if (auto m = edgeLine.match(l); m.hasMatch()) {
            QVERIFY2(declared.contains(m.captured(1)) && declared.contains(m.captured(3)), qPrintable(l));
            ++edges;
        }
    }
    QCOMPARE(declared.size(), int(d.nodes().size()));
    QCOMPARE(edges, int(d.edges().size()));
    QVERIFY(lines.contains(QStringLiteral("    n_orders_table[(\"orders-table<br/><small>Table</small>\")]")) ||
            QString::fromUtf8(mermaidFlowchart(d)).contains(QStringLiteral("n_orders_table[(")));
}

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
