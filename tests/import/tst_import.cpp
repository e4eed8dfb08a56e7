// Importing SAM / CloudFormation templates (core/import, issue 12): realistic templates in the
// shapes Serverless Land uses import to the expected nodes, edges and settings, lint without
// errors and run ten minutes with conservation holding; unmapped resources are kept and
// reported; YAML short tags become long-form intrinsics; hostile input is a clear error.
#include "engine/Engine.h"
#include "format/Duration.h"
#include "format/ProjectFile.h"
#include "import/TemplateImport.h"
#include "import/TemplateText.h"
#include "layout/Arrange.h"
#include "model/Catalog.h"
#include "model/Lint.h"

#include <QDir>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

using namespace ml;

// Configs compare as JSON values: key order is the file's business, not the test's.
namespace QTest {
inline bool qCompare(const ml::Json& a, const ml::Json& b, const char* actual, const char* expected, const char* file,
                     int line)
{
    return qCompare(QString::fromStdString(nlohmann::json::parse(a.dump()).dump()),
                    QString::fromStdString(nlohmann::json::parse(b.dump()).dump()), actual, expected, file, line);
}
}  // namespace QTest

namespace {

QString dataFile(const char* name) { return QStringLiteral(MICROLAB_TEST_DATA_DIR "/") + QString::fromLatin1(name); }

cfn::ImportedTemplate importOk(const char* name)
{
    Result<cfn::ImportedTemplate> r = cfn::importTemplateFile(dataFile(name));
    if (!r.ok()) qWarning("%s", qPrintable(r.error().toString()));
    return r.ok() ? std::move(r).value() : cfn::ImportedTemplate{};
}

QString nodesOf(const Diagram& d)
{
    QStringList out;
    for (const Node& n : d.nodes()) out << n.id.value + QLatin1Char(':') + n.kind;
    out.sort();
    return out.join(QLatin1Char(' '));
}

QString edgesOf(const Diagram& d)
{
    QStringList out;
    for (const Edge& e : d.edges()) out << e.from.value + QStringLiteral(">") + e.to.value + QLatin1Char(':') + e.kind;
    out.sort();
    return out.join(QLatin1Char(' '));
}

const Edge* edge(const Diagram& d, const char* from, const char* to)
{
    for (const Edge& e : d.edges())
        if (e.from.value == QLatin1String(from) && e.to.value == QLatin1String(to)) return &e;
    return nullptr;
}

Json cfg(const Diagram& d, const char* node) { return d.node(NodeId(node)) ? d.node(NodeId(node))->config : Json(); }

bool mentions(const std::vector<cfn::ImportNote>& notes, const QString& path, const QString& text, bool warning)
{
    for (const cfn::ImportNote& n : notes)
        if (n.isWarning() == warning && n.path == path && n.message.contains(text)) return true;
    return false;
}

Error importError(const QByteArray& text)
{
    Result<cfn::ImportedTemplate> r = cfn::importTemplate(text, QStringLiteral("t.yaml"));
    return r.ok() ? Error{QStringLiteral("(imported)"), {}, {}, 0, 0} : r.error();
}

}  // namespace

class TestImport : public QObject {
    Q_OBJECT
private slots:
    void templates_data();
    void templates();
    void sqsLambdaDlqSettings();
    void snsFanOutFilterPolicies();
    void apiDynamoDbStream();
    void s3LambdaDestinationAndSchedule();
    void webSocketRoutes();
    void fifoPairSharingDlq();
    void unmappedKeptAndReported();
    void plainCloudFormationRestApi();
    void savedAndLoadedAgain();
    void yamlShortTags_data();
    void yamlShortTags();
    void hostileInput_data();
    void hostileInput();
    void mutatedTemplatesNeverCrash();
    void settingErrorsNameThePath_data();
    void settingErrorsNameThePath();
    void cliImport();
};

void TestImport::templates_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("nodes");
    QTest::addColumn<QString>("edges");
    QTest::newRow("SQS → Lambda with a DLQ")
        << "sqs-lambda-dlq.yaml"
        << "orders-dlq:queue orders-queue-client:client orders-queue:queue process-order-function:worker"
        << "orders-queue-client>orders-queue:traffic orders-queue>orders-dlq:dead-letter "
           "orders-queue>process-order-function:event-source";
    QTest::newRow("SNS fan-out")
        << "sns-fanout.yaml"
        << "admin-email:inbox audit-function:worker order-events-client:client order-events:topic "
           "payments-function:worker payments-queue:queue shipping-function:worker shipping-queue:queue"
        << "order-events-client>order-events:traffic order-events>admin-email:subscription "
           "order-events>audit-function:subscription order-events>payments-queue:subscription "
           "order-events>shipping-queue:subscription payments-queue>payments-function:event-source "
           "shipping-queue>shipping-function:event-source";
    QTest::newRow("API → Lambda → DynamoDB with a stream")
        << "api-dynamodb-stream.yaml"
        << "changes-function:trigger health-function:worker items-api-client:client items-api-router:router "
           "items-api:api-gateway items-function:crud items-table:table"
        << "items-api-client>items-api:traffic items-api-router>health-function:invoke "
           "items-api-router>items-function:invoke items-api>items-api-router:invoke "
           "items-function>items-table:data-access items-table>changes-function:stream";
    QTest::newRow("S3 → Lambda")
        << "s3-lambda.yaml"
        << "cleanup-function:cron failed-thumbnails:queue thumbnail-function:trigger uploads-bucket-client:client "
           "uploads-bucket:bucket"
        << "thumbnail-function>failed-thumbnails:enqueue uploads-bucket-client>uploads-bucket:traffic "
           "uploads-bucket>thumbnail-function:notification";
    QTest::newRow("WebSocket API")
        << "websocket-chat.yaml"
        << "chat-api-client:client chat-api:websocket-api connections-table:table "
           "on-connect-function:websocket-handler "
           "on-disconnect-function:websocket-handler send-message-function:websocket-handler"
        << "chat-api-client>chat-api:traffic chat-api>on-connect-function:route chat-api>on-disconnect-function:route "
           "chat-api>send-message-function:route on-connect-function>connections-table:data-access "
           "on-disconnect-function>connections-table:data-access send-message-function>chat-api:push "
           "send-message-function>connections-table:data-access";
    QTest::newRow("FIFO pair sharing a DLQ")
        << "fifo-shared-dlq.json"
        << "ledger-function:worker payments-queue-client:client payments-queue:queue refunds-queue-client:client "
           "refunds-queue:queue shared-dlq:queue"
        << "payments-queue-client>payments-queue:traffic payments-queue>ledger-function:event-source "
           "payments-queue>shared-dlq:dead-letter refunds-queue-client>refunds-queue:traffic "
           "refunds-queue>ledger-function:event-source refunds-queue>shared-dlq:dead-letter";
}

void TestImport::templates()
{
    QFETCH(QString, file);
    QFETCH(QString, nodes);
    QFETCH(QString, edges);
    const Result<cfn::ImportedTemplate> imported =
        cfn::importTemplateFile(QStringLiteral(MICROLAB_TEST_DATA_DIR "/") + file);
    QVERIFY2(imported.ok(), qPrintable(imported.ok() ? QString() : imported.error().toString()));
    const Diagram& d = imported->diagram;
    QCOMPARE(nodesOf(d), nodes);
    QCOMPARE(edgesOf(d), edges);

    // Every function of the template gets its kind with the reason (added routers are noted apart).
    int functions = 0, reasons = 0;
    for (const Node& n : d.nodes())
        functions += Catalog::instance().kind(n.kind)->isFunction &&
                     d.extra["unmapped"]["logicalIds"].contains(toStd(n.id.value));
    for (const cfn::ImportNote& n : imported->notes) reasons += n.message.startsWith(QLatin1String("imported as a"));
    QCOMPARE(reasons, functions);

    // Lints without errors.
    QStringList errors;
    for (const Problem& p : lint(d))
        if (p.isError()) errors << p.pointer + QStringLiteral(": ") + p.message;
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));

    // Laid out: no two cards overlap, whole pixels.
    for (size_t i = 0; i < d.nodes().size(); ++i)
        for (size_t k = i + 1; k < d.nodes().size(); ++k) {
            const QRectF a(d.nodes()[i].x, d.nodes()[i].y, layout::kCardWidth, layout::kCardHeight);
            const QRectF b(d.nodes()[k].x, d.nodes()[k].y, layout::kCardWidth, layout::kCardHeight);
            QVERIFY2(!a.intersects(b),
                     qPrintable(d.nodes()[i].id.value + QStringLiteral(" / ") + d.nodes()[k].id.value));
        }

    // Runs ten minutes of virtual time with traffic and conservation holding.
    Result<std::unique_ptr<Engine>> engine = Engine::create(d);
    QVERIFY2(engine.ok(), qPrintable(engine.ok() ? QString() : engine.error().message));
    engine.value()->run(10 * kMicrosPerMinute);
    const Conservation c = engine.value()->conservation();
    QVERIFY2(c.holds, c.toJson().dump().c_str());
    QVERIFY(c.entered > 0);
}

void TestImport::sqsLambdaDlqSettings()
{
    const cfn::ImportedTemplate t = importOk("sqs-lambda-dlq.yaml");
    const Diagram& d = t.diagram;
    // VisibilityTimeout 60 → "1m"; retention 345600 s = 4 d; the DLQ keeps 1209600 s = 14 d.
    QCOMPARE(cfg(d, "orders-queue"),
             Json::parse(R"({"visibilityTimeout": "1m", "retention": "4d", "maxReceiveCount": 3})"));
    QCOMPARE(cfg(d, "orders-dlq"), Json::parse(R"({"retention": "14d"})"));
    // Timeout 10 (its own) wins over Globals' 5; MemorySize 256 comes from Globals.
    QCOMPARE(cfg(d, "process-order-function"), Json::parse(R"({"memoryMb": 256, "timeout": "10s", "concurrency": 5})"));
    const Edge* esm = edge(d, "orders-queue", "process-order-function");
    QVERIFY(esm);
    QCOMPARE(esm->config, Json::parse(R"({"batchSize": 5, "batchWindow": "2s", "reportBatchItemFailures": true,
                                         "maxConcurrency": 4})"));
    QVERIFY(mentions(t.notes, "/Resources/ProcessOrderFunction",
                     "imported as a decoupled worker: driven by SQS (orders-queue)", false));
}

void TestImport::snsFanOutFilterPolicies()
{
    const Diagram d = importOk("sns-fanout.yaml").diagram;
    QCOMPARE(d.node(NodeId("order-events"))->name, QStringLiteral("order-events"));
    QCOMPARE(edge(d, "order-events", "payments-queue")->config,
             Json::parse(R"({"filterPolicy": {"eventType": ["order_placed"], "amount": [{"numeric": [">", 100]}]},
                             "rawMessageDelivery": true})"));
    // A filter policy given as JSON text is read as the policy.
    QCOMPARE(edge(d, "order-events", "shipping-queue")->config,
             Json::parse(R"({"filterPolicy": {"status": ["paid"]}, "filterPolicyScope": "MessageBody"})"));
    QCOMPARE(edge(d, "order-events", "audit-function")->config,
             Json::parse(R"({"filterPolicy": {"eventType": [{"prefix": "order_"}]}})"));
    QCOMPARE(d.node(NodeId("admin-email"))->name, QStringLiteral("admin@example.com"));
}

void TestImport::apiDynamoDbStream()
{
    const cfn::ImportedTemplate t = importOk("api-dynamodb-stream.yaml");
    const Diagram& d = t.diagram;
    QCOMPARE(cfg(d, "items-api")["routes"],
             Json::parse(R"([{"method": "POST", "path": "/items", "action": "items-post"},
                             {"method": "GET", "path": "/items/{id}", "action": "items-id-get"},
                             {"method": "GET", "path": "/health", "action": "health-get"}])"));
    // The gateway hands requests to a router, which sends each function its routes' actions.
    QCOMPARE(edge(d, "items-api-router", "items-function")->config,
             Json::parse(R"({"actions": ["items-post", "items-id-get"]})"));
    QCOMPARE(edge(d, "items-api-router", "health-function")->config, Json::parse(R"({"actions": ["health-get"]})"));
    QVERIFY(mentions(t.notes, "",
                     "added router items-api-router between API items-api and items-function, "
                     "health-function",
                     false));
    QVERIFY(mentions(t.notes, "/Resources/HealthFunction",
                     "imported as a decoupled worker: driven by API (items-api); "
                     "it calls nothing",
                     false));
    QCOMPARE(cfg(d, "items-table"), Json::parse(R"({"key": "itemId", "stream": "NEW_AND_OLD_IMAGES"})"));
    QCOMPARE(edge(d, "items-table", "changes-function")->config,
             Json::parse(R"({"startingPosition": "TRIM_HORIZON", "batchSize": 50, "maxRetryAttempts": 2,
                             "bisectOnError": true})"));
    QVERIFY(mentions(t.notes, "/Resources/ItemsFunction", "imported as a basic crud", false));
    QVERIFY(mentions(t.notes, "/Resources/ChangesFunction", "imported as a trigger: driven by DynamoDB stream", false));
    // The client sends one request per route, path parameters filled in.
    QCOMPARE(cfg(d, "items-api-client")["requests"],
             Json::parse(R"([{"method": "POST", "path": "/items", "body": {}}, {"method": "GET", "path": "/items/1"},
                             {"method": "GET", "path": "/health"}])"));
}

void TestImport::s3LambdaDestinationAndSchedule()
{
    const Diagram d = importOk("s3-lambda.yaml").diagram;
    QCOMPARE(edge(d, "uploads-bucket", "thumbnail-function")->config,
             Json::parse(R"({"events": ["s3:ObjectCreated:*"], "prefix": "uploads/", "suffix": ".jpg"})"));
    QCOMPARE(edge(d, "thumbnail-function", "failed-thumbnails")->config, Json::parse(R"({"when": "failure"})"));
    // MaximumEventAgeInSeconds 3600 → "1h"; Timeout 60 → "1m".
    QCOMPARE(cfg(d, "thumbnail-function"),
             Json::parse(R"({"memoryMb": 1024, "timeout": "1m", "maxRetryAttempts": 1, "maxEventAge": "1h"})"));
    QCOMPARE(cfg(d, "cleanup-function"),
             Json::parse(R"j({"schedule": "cron(0 3 * * ? *)", "payload": {"older": "30d"}})j"));
    // The client's object key passes the notification's prefix and suffix.
    QCOMPARE(cfg(d, "uploads-bucket-client")["messages"][0]["key"], Json("uploads/example.jpg"));
}

void TestImport::webSocketRoutes()
{
    const cfn::ImportedTemplate t = importOk("websocket-chat.yaml");
    const Diagram& d = t.diagram;
    QCOMPARE(edge(d, "chat-api", "on-connect-function")->config, Json::parse(R"({"route": "$connect"})"));
    QCOMPARE(edge(d, "chat-api", "on-disconnect-function")->config, Json::parse(R"({"route": "$disconnect"})"));
    QCOMPARE(edge(d, "chat-api", "send-message-function")->config, Json::parse(R"({"route": "sendmessage"})"));
    QCOMPARE(cfg(d, "chat-api"), Json::parse(R"({"routeSelection": "$request.body.action"})"));
    QCOMPARE(cfg(d, "chat-api-client"),
             Json::parse(R"({"rate": "1/s", "websocket": true, "messages": [{"body": {"action": "sendmessage"}}]})"));
    // Deployment, stage and permission have no node: kept and reported.
    for (const char* id : {"Deployment", "Stage", "ConnectPermission"}) {
        QVERIFY(d.extra["unmapped"]["resources"].contains(id));
        QVERIFY(mentions(t.notes, QStringLiteral("/Resources/") + id, "kept verbatim in unmapped", true));
    }
    // Routes and integrations became edges: not unmapped.
    QVERIFY(!d.extra["unmapped"]["resources"].contains("SendRoute"));
    QVERIFY(!d.extra["unmapped"]["resources"].contains("SendIntegration"));
}

void TestImport::fifoPairSharingDlq()
{
    const Diagram d = importOk("fifo-shared-dlq.json").diagram;
    // One DLQ node for both queues.
    int dlqs = 0;
    for (const Node& n : d.nodes()) dlqs += n.id.value.contains(QLatin1String("dlq"));
    QCOMPARE(dlqs, 1);
    QCOMPARE(cfg(d, "payments-queue"),
             Json::parse(
                 R"({"type": "fifo", "contentDeduplication": true, "visibilityTimeout": "2m", "maxReceiveCount": 5})"));
    QCOMPARE(cfg(d, "refunds-queue"),
             Json::parse(R"({"type": "fifo", "contentDeduplication": true, "maxReceiveCount": 2})"));
    QCOMPARE(cfg(d, "shared-dlq"), Json::parse(R"({"type": "fifo", "retention": "14d"})"));
    QCOMPARE(edge(d, "refunds-queue", "ledger-function")->config, Json::parse(R"({"batchSize": 1, "enabled": false})"));
    QCOMPARE(cfg(d, "payments-queue-client")["messages"][0]["groupId"], Json("group-1"));
    // The DLQ sits right below its queues' column.
    QCOMPARE(d.node(NodeId("shared-dlq"))->x, d.node(NodeId("payments-queue"))->x);
}

void TestImport::unmappedKeptAndReported()
{
    const cfn::ImportedTemplate t = importOk("sqs-lambda-dlq.yaml");
    const Json& u = t.diagram.extra["unmapped"];
    // The alarm has no node kind: kept verbatim and reported.
    QCOMPARE(u["resources"]["AlarmTopic"]["Type"], Json("AWS::CloudWatch::Alarm"));
    QCOMPARE(u["resources"]["AlarmTopic"]["Properties"]["Dimensions"][0]["Value"],
             Json::parse(R"({"Fn::GetAtt": ["OrdersDLQ", "QueueName"]})"));
    QVERIFY(
        mentions(t.notes, "/Resources/AlarmTopic", "has no node kind in Microlab; kept verbatim in unmapped", true));
    // Sections and function properties with no setting.
    QCOMPARE(u["sections"]["Parameters"]["Stage"]["Default"], Json("dev"));
    QCOMPARE(u["sections"]["Outputs"]["QueueUrl"]["Value"], Json::parse(R"({"Ref": "OrdersQueue"})"));
    QCOMPARE(u["sections"]["Globals"]["Function"]["Runtime"], Json("nodejs20.x"));
    QVERIFY(mentions(t.notes, "/Parameters", "kept verbatim in unmapped", true));
    QCOMPARE(u["properties"]["ProcessOrderFunction"]["Handler"], Json("app.handler"));
    QCOMPARE(u["properties"]["ProcessOrderFunction"]["CodeUri"], Json("src/"));
    QVERIFY(mentions(t.notes, "/Resources/ProcessOrderFunction/Properties", "CodeUri, Handler have no diagram setting",
                     true));
    QCOMPARE(u["logicalIds"]["process-order-function"], Json("ProcessOrderFunction"));
    QCOMPARE(u["template"], Json("sqs-lambda-dlq.yaml"));

    // Every resource is either a node, folded into an edge, or kept.
    const cfn::ImportedTemplate ws = importOk("websocket-chat.yaml");
    QVERIFY(mentions(ws.notes, "/Resources/ConnectPermission", "grants access", true));
}

void TestImport::plainCloudFormationRestApi()
{
    // A REST API written as plain CloudFormation (Resource path parts, Method, proxy integration),
    // and an SQS event with event filtering.
    const QByteArray yaml = R"y(
Resources:
  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: shop}}
  Orders: {Type: AWS::ApiGateway::Resource, Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: orders}}
  OrderId: {Type: AWS::ApiGateway::Resource, Properties: {RestApiId: !Ref Api, ParentId: !Ref Orders, PathPart: '{id}'}}
  GetOrder:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref OrderId
      HttpMethod: GET
      Integration:
        Type: AWS_PROXY
        Uri: !Sub 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${OrderFn.Arn}/invocations'
  OrderFn: {Type: AWS::Lambda::Function, Properties: {Handler: i.h, Runtime: nodejs20.x, Code: {ZipFile: x}}}
  Queue: {Type: AWS::SQS::Queue}
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Q: {Type: SQS, Properties: {Queue: !GetAtt Queue.Arn, FilterCriteria: {Filters: [{Pattern: '{"body": {"a": [1]}}'}]}}}
)y";
    Result<cfn::ImportedTemplate> r = cfn::importTemplate(yaml, QStringLiteral("rest.yaml"));
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
    const Diagram& d = r->diagram;
    QCOMPARE(cfg(d, "api")["routes"],
             Json::parse(R"([{"method": "GET", "path": "/orders/{id}", "action": "orders-id-get"}])"));
    QVERIFY(edge(d, "api", "api-router"));
    QCOMPARE(edge(d, "api-router", "order-fn")->config, Json::parse(R"({"actions": ["orders-id-get"]})"));
    const Json& u = d.extra["unmapped"];
    for (const char* folded : {"Orders", "OrderId", "GetOrder"}) QVERIFY(!u["resources"].contains(folded));
    // The filtered SQS event is drawn with its filter: the engine runs Lambda event filtering.
    QCOMPARE(edge(d, "queue", "worker")->config, Json::parse(R"({"filterCriteria": [{"body": {"a": [1]}}]})"));
    QVERIFY(!u.contains("properties") || !u["properties"].contains("Worker"));
}

void TestImport::savedAndLoadedAgain()
{
    // The saved project keeps `unmapped` (an unknown top-level key survives load → save) and its
    // positions; loading it again gives the same diagram.
    for (const char* file : {"sqs-lambda-dlq.yaml", "websocket-chat.yaml", "fifo-shared-dlq.json"}) {
        const cfn::ImportedTemplate t = importOk(file);
        const QByteArray saved = projectfile::serialize(t.diagram);
        const Result<LoadedProject> loaded = projectfile::parse(saved, QStringLiteral("x.mlab.json"));
        QVERIFY(loaded.ok());
        QVERIFY(!loaded->arranged);
        QVERIFY(loaded->problems.empty());
        QCOMPARE(loaded->diagram.extra["unmapped"], t.diagram.extra["unmapped"]);
        QCOMPARE(projectfile::serialize(loaded->diagram), saved);
    }
}

void TestImport::yamlShortTags_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("!Ref") << QByteArray("a: !Ref Queue") << QByteArray(R"({"a": {"Ref": "Queue"}})");
    QTest::newRow("!GetAtt scalar") << QByteArray("a: !GetAtt Queue.Arn")
                                    << QByteArray(R"({"a": {"Fn::GetAtt": ["Queue", "Arn"]}})");
    QTest::newRow("!GetAtt dotted attribute") << QByteArray("a: !GetAtt Db.Endpoint.Address")
                                              << QByteArray(R"({"a": {"Fn::GetAtt": ["Db", "Endpoint.Address"]}})");
    QTest::newRow("!GetAtt list") << QByteArray("a: !GetAtt [Queue, Arn]")
                                  << QByteArray(R"({"a": {"Fn::GetAtt": ["Queue", "Arn"]}})");
    QTest::newRow("!Sub") << QByteArray("a: !Sub 'arn:${AWS::Region}:${Fn.Arn}'")
                          << QByteArray(R"({"a": {"Fn::Sub": "arn:${AWS::Region}:${Fn.Arn}"}})");
    QTest::newRow("!Sub with map") << QByteArray("a: !Sub\n  - '${X}'\n  - X: !Ref Y")
                                   << QByteArray(R"({"a": {"Fn::Sub": ["${X}", {"X": {"Ref": "Y"}}]}})");
    QTest::newRow("!Join nested") << QByteArray("a: !Join ['/', [integrations, !Ref I]]")
                                  << QByteArray(R"({"a": {"Fn::Join": ["/", ["integrations", {"Ref": "I"}]]}})");
    QTest::newRow("!If !Equals !Not !And !Or")
        << QByteArray("a: !If [C, !Not [!Equals [!Ref E, prod]], !And [!Or [true, false], x]]")
        << QByteArray(R"({"a": {"Fn::If": ["C", {"Fn::Not": [{"Fn::Equals": [{"Ref": "E"}, "prod"]}]},
                         {"Fn::And": [{"Fn::Or": [true, false]}, "x"]}]}})");
    QTest::newRow("!Select !Split !GetAZs !Cidr")
        << QByteArray("a: !Select [0, !Split [',', !Base64 x]]\nb: !GetAZs ''\nc: !Cidr [10.0.0.0/16, 4, 8]")
        << QByteArray(R"({"a": {"Fn::Select": [0, {"Fn::Split": [",", {"Fn::Base64": "x"}]}]}, "b": {"Fn::GetAZs": ""},
                         "c": {"Fn::Cidr": ["10.0.0.0/16", 4, 8]}})");
    QTest::newRow("!FindInMap !ImportValue")
        << QByteArray("a: !FindInMap [M, !Ref R, k]\nb: !ImportValue shared-queue")
        << QByteArray(
               R"({"a": {"Fn::FindInMap": ["M", {"Ref": "R"}, "k"]}, "b": {"Fn::ImportValue": "shared-queue"}})");
    QTest::newRow("scalars") << QByteArray("n: 30\nf: 1.5\nt: true\nz: ~\ns: '30'\np: 2010-09-09")
                             << QByteArray(
                                    R"({"n": 30, "f": 1.5, "t": true, "z": null, "s": "30", "p": "2010-09-09"})");
}

void TestImport::yamlShortTags()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QByteArray, json);
    const Result<Json> parsed = cfn::parseTemplateText(yaml);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
    QCOMPARE(QString::fromStdString(parsed->dump()), QString::fromStdString(Json::parse(json.toStdString()).dump()));
}

void TestImport::hostileInput_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("message");
    QTest::newRow("a list") << QByteArray("- a\n- b\n") << ""
                            << "expected a template object";
    QTest::newRow("a JSON list") << QByteArray("[1, 2]") << ""
                                 << "expected a template object";
    QTest::newRow("a scalar") << QByteArray("hello") << ""
                              << "expected a template object";
    QTest::newRow("empty") << QByteArray("  \n") << ""
                           << "the template is empty";
    QTest::newRow("bad YAML") << QByteArray("Resources:\n  Q: {Type: [\n") << ""
                              << "";
    QTest::newRow("bad YAML indentation") << QByteArray("Resources:\n  Q:\n    Type: x\n   bad: - [") << ""
                                          << "";
    QTest::newRow("bad JSON") << QByteArray("{\"Resources\": {") << ""
                              << "";
    QTest::newRow("deep flow nesting") << QByteArray(100000, '[') << ""
                                       << "nest";
    QTest::newRow("deep YAML flow nesting") << QByteArray("a: ") + QByteArray(5000, '[') << ""
                                            << "nested deeper";
    QTest::newRow("deep YAML block nesting") << QByteArray("a:\n") + QByteArray(20000, '-').replace("-", "- ") << ""
                                             << "";
    QByteArray indented = "Resources:\n";
    for (int i = 1; i < 400; ++i) indented += QByteArray(i, ' ') + "k" + QByteArray::number(i) + ":\n";
    QTest::newRow("deep YAML indentation") << indented << "*"
                                           << "nested deeper";
    QTest::newRow("billion laughs")
        << QByteArray(
               "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
               "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
               "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
               "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n")
        << "*"
        << "more than";
    QTest::newRow("unknown tag") << QByteArray("Resources:\n  Q:\n    Type: !Bogus x\n") << "/Resources/Q/Type"
                                 << "unknown tag !Bogus";
    QTest::newRow("bad !GetAtt") << QByteArray("Resources:\n  Q:\n    Type: !GetAtt NoDot\n") << "/Resources/Q/Type"
                                 << "Resource.Attribute";
    QTest::newRow("invalid UTF-8") << QByteArray("Resources:\n  Q: \xff\xfe\n") << ""
                                   << "UTF-8";
    QTest::newRow("no Resources") << QByteArray("Description: x\n") << "/Resources"
                                  << "missing";
    QTest::newRow("Resources a list") << QByteArray("Resources: [a]\n") << "/Resources"
                                      << "expected an object";
    QTest::newRow("resource a string") << QByteArray("Resources:\n  Q: queue\n") << "/Resources/Q"
                                       << "expected a resource";
    QTest::newRow("no Type") << QByteArray("Resources:\n  Q: {}\n") << "/Resources/Q/Type"
                             << "expected a resource type";
    QTest::newRow("Properties a list") << QByteArray("Resources:\n  Q: {Type: AWS::SQS::Queue, Properties: [1]}\n")
                                       << "/Resources/Q/Properties"
                                       << "expected an object";
    QTest::newRow("Events a list")
        << QByteArray("Resources:\n  F: {Type: AWS::Serverless::Function, Properties: {Events: [1]}}\n")
        << "/Resources/F/Properties/Events"
        << "expected an object of events";
}

void TestImport::hostileInput()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, pointer);
    QFETCH(QString, message);
    const Error e = importError(text);
    QVERIFY2(e.message != QLatin1String("(imported)"), "imported without an error");
    QCOMPARE(e.file, QStringLiteral("t.yaml"));
    if (pointer != QLatin1String("*")) QCOMPARE(e.pointer, pointer);  // "*": somewhere deep inside
    QVERIFY2(e.message.contains(message), qPrintable(e.toString()));
    QVERIFY(!e.message.isEmpty());
}

void TestImport::mutatedTemplatesNeverCrash()
{
    // Every template of data/, with bytes overwritten, cut short or repeated (fixed seed): each
    // gives a diagram or an error, never a crash or a hang.
    QRandomGenerator random(12);
    int errors = 0, imported = 0;
    for (const QString& name : QDir(QStringLiteral(MICROLAB_TEST_DATA_DIR)).entryList(QDir::Files, QDir::Name)) {
        QFile f(QStringLiteral(MICROLAB_TEST_DATA_DIR "/") + name);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray original = f.readAll();
        static const char pieces[] = "{}[]:-!&*|>'\" \n\t#%@`,?";
        for (int round = 0; round < 150; ++round) {
            QByteArray text = original;
            const int edits = 1 + int(random.bounded(4));
            for (int k = 0; k < edits; ++k) {
                const int at = int(random.bounded(text.size()));
                switch (random.bounded(3)) {
                case 0: text[at] = pieces[random.bounded(int(sizeof pieces) - 1)]; break;
                case 1: text.truncate(at); break;
                default: text.insert(at, text.mid(at, int(random.bounded(40)))); break;
                }
                if (text.isEmpty()) break;
            }
            const Result<cfn::ImportedTemplate> r = cfn::importTemplate(text, name);
            if (r.ok())
                ++imported;
            else {
                ++errors;
                QVERIFY(!r.error().message.isEmpty());
            }
        }
    }
    QVERIFY(errors > 0);
    QVERIFY(imported > 0);
}

void TestImport::settingErrorsNameThePath_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("pointer");
    QTest::newRow("VisibilityTimeout not a number")
        << QByteArray(
               "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: soon\n")
        << "/Resources/Queue/Properties/VisibilityTimeout";
    QTest::newRow("VisibilityTimeout past 12 h")
        << QByteArray(
               "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 50000\n")
        << "/Resources/Queue/Properties/VisibilityTimeout";
    QTest::newRow("maxReceiveCount 0")
        << QByteArray(
               "Resources:\n  D: {Type: AWS::SQS::Queue}\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n"
               "      RedrivePolicy: {deadLetterTargetArn: !GetAtt D.Arn, maxReceiveCount: 0}\n")
        << "/Resources/Q/Properties/RedrivePolicy/maxReceiveCount";
    QTest::newRow("Timeout past 900 s")
        << QByteArray("Resources:\n  F: {Type: AWS::Serverless::Function, Properties: {Timeout: 901}}\n")
        << "/Resources/F/Properties/Timeout";
    QTest::newRow("BatchSize 0")
        << QByteArray(
               "Resources:\n  Q: {Type: AWS::SQS::Queue}\n  F:\n    Type: AWS::Serverless::Function\n"
               "    Properties:\n      Events:\n        E: {Type: SQS, Properties: {Queue: !GetAtt Q.Arn, BatchSize: "
               "0}}\n")
        << "/Resources/F/Properties/Events/E/Properties/BatchSize";
    QTest::newRow("StreamViewType unknown") << QByteArray(
                                                   "Resources:\n  T: {Type: AWS::DynamoDB::Table, Properties: "
                                                   "{StreamSpecification: {StreamViewType: ALL}}}\n")
                                            << "/Resources/T/Properties/StreamSpecification/StreamViewType";
}

void TestImport::settingErrorsNameThePath()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, pointer);
    const Error e = importError(text);
    QCOMPARE(e.pointer, pointer);
    QVERIFY(e.toString().startsWith(QStringLiteral("t.yaml:") + pointer));
}

void TestImport::cliImport()
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("chat.mlab.json"));
    QProcess cli;
    cli.start(QStringLiteral(MICROLAB_CLI_PATH),
              {QStringLiteral("import"), dataFile("websocket-chat.yaml"), QStringLiteral("-o"), out});
    QVERIFY(cli.waitForFinished(60000));
    const QString stdoutText = QString::fromUtf8(cli.readAllStandardOutput());
    const QString stderrText = QString::fromUtf8(cli.readAllStandardError());
    QCOMPARE(cli.exitCode(), 0);
    QVERIFY2(stdoutText.contains(QLatin1String("imported as a websocket handler")), qPrintable(stdoutText));
    QVERIFY2(stderrText.contains(QLatin1String("warning: /Resources/Deployment:")), qPrintable(stderrText));
    QVERIFY(stdoutText.contains(QLatin1String("saved ") + out));
    const Result<LoadedProject> saved = projectfile::load(out);
    QVERIFY(saved.ok());
    QVERIFY(saved->diagram.extra.contains("unmapped"));

    // The saved file validates and runs.
    cli.start(QStringLiteral(MICROLAB_CLI_PATH),
              {QStringLiteral("run"), out, QStringLiteral("--duration"), QStringLiteral("2m")});
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 0);

    auto exitOf = [&](const QStringList& args) {
        cli.start(QStringLiteral(MICROLAB_CLI_PATH), QStringList{QStringLiteral("import")} + args);
        cli.waitForFinished(60000);
        return cli.exitCode();
    };
    QCOMPARE(exitOf({}), 2);
    QCOMPARE(exitOf({dataFile("s3-lambda.yaml")}), 2);  // no -o
    QCOMPARE(exitOf({dataFile("s3-lambda.yaml"), QStringLiteral("-o")}), 2);
    QCOMPARE(exitOf({QStringLiteral("--nope")}), 2);
    QCOMPARE(exitOf({dir.filePath(QStringLiteral("missing.yaml")), QStringLiteral("-o"), out}), 1);
    QFile bad(dir.filePath(QStringLiteral("bad.yaml")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("- a list\n");
    bad.close();
    QCOMPARE(exitOf({bad.fileName(), QStringLiteral("-o"), out}), 1);
    QVERIFY(QString::fromUtf8(cli.readAllStandardError()).contains(QLatin1String("expected a template object")));
}

QTEST_GUILESS_MAIN(TestImport)
#include "tst_import.moc"
