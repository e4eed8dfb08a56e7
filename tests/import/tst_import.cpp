// Importing SAM / CloudFormation templates (core/import, issue 12): realistic templates in the
// shapes Serverless Land uses import to the expected nodes, edges and settings, lint without
// errors and run ten minutes with conservation holding; unmapped resources are kept and
// reported. Short tags and hostile input: ImportHostile.cpp.
#include "ImportTests.h"
#include "engine/Engine.h"
#include "format/Duration.h"
#include "import/TemplateImport.h"
#include "import/TemplateText.h"
#include "layout/Arrange.h"
#include "model/Catalog.h"
#include "model/Lint.h"
#include "project/ProjectFile.h"

#include <QDir>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

using namespace ml;
using namespace importkit;

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
