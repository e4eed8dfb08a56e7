// `microlab-cli export` as a user runs it: text formats to stdout or a file, --with-handlers writes
// template.yaml and src/<function>/{index,microlab}.mjs for every function, each of which passes
// `node --check` and behaves as the diagram against a fake AWS SDK (data/sdk-stub); bad arguments
// exit 2; a project that cannot be loaded exits 1.
#include "../enginekit/EngineKit.h"
#include "../export/ExportKit.h"
#include "export/Handlers.h"
#include "export/SamTemplate.h"
#include "model/Catalog.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>

using namespace ml;
using namespace exportkit;

namespace {

kit::Ran cli(const QStringList& args) { return kit::runProgram(QStringLiteral(MICROLAB_CLI_PATH), args); }

int functionCount(const Diagram& d)
{
    int n = 0;
    for (const Node& node : d.nodes()) {
        const KindInfo* k = Catalog::instance().kind(node.kind);
        n += k && k->isFunction;
    }
    return n;
}

// The gatekeeper's audit rows (in the detail line's tables): seq 1, 2, … with the given effects,
// each holding the previous row's hash and its own SHA-256 over that hash and the row without it.
void checkAuditChain(const QString& detail, const QStringList& effects)
{
    const Json tables = Json::parse(detail.toStdString())["tables"];
    QVERIFY2(tables.contains("stub-AUDIT_TABLE"), tables.dump().c_str());
    const Json& audit = tables["stub-AUDIT_TABLE"];
    QCOMPARE(int(audit.size()), int(effects.size()));
    std::string previous(64, '0');
    int seq = 1;
    for (const auto& [key, row] : audit.items()) {
        QCOMPARE(row["seq"].get<int>(), seq);
        QCOMPARE(QString::fromStdString(row["effect"].get<std::string>()), effects[seq - 1]);
        QCOMPARE(row["prevHash"].get<std::string>(), previous);
        Json unsigned_ = row;
        unsigned_.erase("hash");
        const QByteArray hash =
            QCryptographicHash::hash(QByteArray::fromStdString(previous + unsigned_.dump()), QCryptographicHash::Sha256)
                .toHex();
        QCOMPARE(QString::fromStdString(row["hash"].get<std::string>()), QString::fromLatin1(hash));
        previous = row["hash"].get<std::string>();
        ++seq;
    }
}

}  // namespace

class TestExportCli : public QObject {
    Q_OBJECT

private slots:
    void handlersForEverySample_data();
    void handlersForEverySample();
    void everyKindHasAHandler();
    void handlersAreSelfContained();
    void handlersBehave_data();
    void handlersBehave();
    void logMonitorPatterns();
    void textFormatsToStdout_data();
    void textFormatsToStdout();
    void badArgumentsExit2_data();
    void badArgumentsExit2();
    void missingProjectExits1();
};

void TestExportCli::handlersForEverySample_data()
{
    QTest::addColumn<QString>("file");
    for (const QString& f : samples()) QTest::newRow(qPrintable(QFileInfo(f).fileName())) << f;
}

void TestExportCli::handlersForEverySample()
{
    QFETCH(QString, file);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const kit::Ran ran = cli({QStringLiteral("export"), file, QStringLiteral("--format"), QStringLiteral("sam"),
                              QStringLiteral("--with-handlers"), QStringLiteral("-o"), dir.path()});
    QVERIFY2(ran.exitCode == 0, qPrintable(ran.err));
    QVERIFY(readAll(dir.filePath(QStringLiteral("template.yaml"))).startsWith("AWSTemplateFormatVersion"));
    const Diagram d = load(file);
    QStringList scripts;
    QDirIterator it(dir.filePath(QStringLiteral("src")), {QStringLiteral("*.mjs")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) scripts << it.next();
    // Two files per function: index.mjs (its kind) and microlab.mjs (the shared wiring).
    QCOMPARE(scripts.size(), 2 * functionCount(d));
    for (const Node& n : d.nodes()) {
        const KindInfo* k = Catalog::instance().kind(n.kind);
        if (!k || !k->isFunction) continue;
        QVERIFY2(QFile::exists(dir.filePath(QStringLiteral("src/%1/index.mjs").arg(n.id.value))),
                 qPrintable(n.id.value));
    }
    if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty())
        QSKIP("node is not installed; the handlers were written but not syntax-checked");
    for (const QString& s : scripts) {
        const Tool check = runTool(QStringLiteral("node"), {QStringLiteral("--check"), s});
        QVERIFY2(check.exitCode == 0, qPrintable(s + QLatin1Char('\n') + check.output));
    }
}

void TestExportCli::everyKindHasAHandler()
{
    // Adding a function kind to the Catalog needs a resources/handlers/<kind>.mjs.
    for (const KindInfo& k : Catalog::instance().kinds())
        if (k.isFunction)
            QVERIFY2(!exporting::handlerSource(k.id + QStringLiteral(".mjs")).isEmpty(), qPrintable(k.id));
    QVERIFY(!exporting::handlerSource(QStringLiteral("microlab.mjs")).isEmpty());
}

void TestExportCli::handlersAreSelfContained()
{
    // Without node: every handler exports `handler`, imports only what Lambda's Node.js runtime has
    // (node:*, the AWS SDK v3) and the shared ./microlab.mjs, and reads only environment variables
    // the SAM export sets (for some function of every-kind, which has every kind and edge kind).
    const Diagram d =
        load(QDir::cleanPath(QStringLiteral(MICROLAB_TEST_DATA_DIR "/../../export/data/every-kind.mlab.json")));
    QSet<QString> written;
    const Json sam = exporting::samTemplate(d)->document;
    for (const auto& [id, r] : sam["Resources"].items())
        if (r["Type"] == "AWS::Serverless::Function")
            for (const auto& [name, value] : r["Properties"]["Environment"]["Variables"].items())
                written.insert(QString::fromStdString(name));
    static const QRegularExpression imports(QStringLiteral("\\bfrom '([^']+)';"));
    static const QRegularExpression variables(QStringLiteral("process\\.env\\.([A-Z_]+)"));
    QStringList files{QStringLiteral("microlab.mjs")};
    for (const KindInfo& k : Catalog::instance().kinds())
        if (k.isFunction) files << k.id + QStringLiteral(".mjs");
    for (const QString& f : files) {
        const QString source = QString::fromUtf8(exporting::handlerSource(f));
        if (f != QLatin1String("microlab.mjs"))
            QVERIFY2(source.contains(QLatin1String("export const handler = async (event, context)")), qPrintable(f));
        for (auto m = imports.globalMatch(source); m.hasNext();) {
            const QString from = m.next().captured(1);
            QVERIFY2(from == QLatin1String("./microlab.mjs") || from.startsWith(QLatin1String("node:")) ||
                         from.startsWith(QLatin1String("@aws-sdk/")),
                     qPrintable(f + QStringLiteral(" imports ") + from));
        }
        for (auto m = variables.globalMatch(source); m.hasNext();) {
            const QString name = m.next().captured(1);
            QVERIFY2(written.contains(name), qPrintable(f + QStringLiteral(" reads ") + name));
        }
    }
}

void TestExportCli::handlersBehave_data()
{
    QTest::addColumn<QString>("project");
    QTest::addColumn<QString>("function");
    QTest::addColumn<QString>("events");
    // A fragment of each answer line, of the SDK call list, then of the detail line (every call's
    // input and the tables' items, see sdk-stub/drive.mjs).
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QStringList>("absent");  // fragments the detail line must not have
    // CRUD on the items table: create 201, the same key again 409, a missing key 404, the created one 200.
    QTest::newRow("crud")
        << "crud-api"
        << "items-service"
        << R"([{"httpMethod":"POST","resource":"/items","body":"{\"id\":\"a\"}","action":"create-item"},
                                 {"httpMethod":"POST","resource":"/items","body":"{\"id\":\"a\"}","action":"create-item"},
                                 {"httpMethod":"GET","resource":"/items/{id}","pathParameters":{"id":"b"},"action":"get-item"},
                                 {"httpMethod":"GET","resource":"/items/{id}","pathParameters":{"id":"a"},"action":"get-item"}])"
        << QStringList{"\"statusCode\":201",
                       "\"statusCode\":409",
                       "\"statusCode\":404",
                       "\"statusCode\":200",
                       R"(["PutCommand","PutCommand","GetCommand","GetCommand"])",
                       "\"detail\""}
        << QStringList{};
    // The router: a route it has no edge for is 400 Unknown action; POST /images with its required url
    // goes to the jobs queue (202 and one SendMessage); without the url it is 400 before anything is sent.
    QTest::newRow("router") << "image-pipeline"
                            << "router"
                            << R"([{"httpMethod":"DELETE","path":"/x","routeKey":"DELETE /x","body":"{}"},
                                   {"httpMethod":"POST","path":"/images","routeKey":"POST /images","body":"{\"url\":\"u\"}"},
                                   {"httpMethod":"POST","path":"/images","routeKey":"POST /images","body":"{}"}])"
                            << QStringList{"Unknown action", "\"statusCode\":202", "Invalid request body",
                                           R"(["SendMessageCommand"])", "\"detail\""}
                            << QStringList{};
    // The worker: a queue batch of one succeeds (no failed items); a direct invoke returns processedBy.
    QTest::newRow("worker")
        << "image-pipeline"
        << "resize"
        << R"([{"Records":[{"eventSource":"aws:sqs","messageId":"m1","body":"{\"a\":1}"}]},{"a":1}])"
        << QStringList{"\"batchItemFailures\":[]", "\"processedBy\":\"resize\"", "\"calls\":[]", "\"detail\""}
        << QStringList{};
    // every-kind's gatekeeper guards the docs table with [role:admin allow *, user:mallory deny *]:
    // alice as admin creates (201) and reads (200) d1; mallory, even as admin, is denied (deny wins),
    // bob has no rule (default deny). Each request first appends its row to the audit trail (Query
    // for the newest row, then a conditional Put); the chain of the four rows is checked below.
    QTest::newRow("gatekeeper")
        << "every-kind"
        << "guard"
        << R"([{"httpMethod":"POST","action":"create-doc","headers":{"Authorization":"Bearer alice"},"roles":["admin"],"body":"{\"docId\":\"d1\",\"title\":\"t\"}"},
               {"httpMethod":"POST","action":"create-doc","headers":{"Authorization":"Bearer mallory"},"roles":["admin"],"body":"{\"docId\":\"d2\"}"},
               {"httpMethod":"GET","action":"get-doc","headers":{"Authorization":"Bearer bob"},"pathParameters":{"docId":"d1"}},
               {"httpMethod":"GET","action":"get-doc","headers":{"Authorization":"Bearer alice"},"roles":["admin"],"pathParameters":{"docId":"d1"}}])"
        << QStringList{"\"statusCode\":201",
                       "\"statusCode\":403",
                       "\"statusCode\":403",
                       R"(\"title\":\"t\")",
                       R"(["QueryCommand","PutCommand","PutCommand","QueryCommand","PutCommand","QueryCommand","PutCommand","QueryCommand","PutCommand","GetCommand"])",
                       R"("stub-TARGET_DOCS":{"d1":{"docId":"d1","title":"t"}})"}
        << QStringList{"\"d2\""};
    // every-kind's $connect handler keeps the connections table: c1 (alice) and c2 (bob) connect,
    // c1 disconnects; c2 is left.
    QTest::newRow("websocket handler")
        << "every-kind"
        << "ws-handler"
        << R"([{"requestContext":{"routeKey":"$connect","connectionId":"c1"},"queryStringParameters":{"user":"alice"}},
               {"requestContext":{"routeKey":"$connect","connectionId":"c2"},"queryStringParameters":{"user":"bob"}},
               {"requestContext":{"routeKey":"$disconnect","connectionId":"c1"}}])"
        << QStringList{"\"statusCode\":200", "\"statusCode\":200", "\"statusCode\":200",
                       R"(["PutCommand","PutCommand","DeleteCommand"])",
                       R"("stub-CONNECTIONS_TABLE":{"c2":{"connectionId":"c2","user":"bob",)"}
        << QStringList{"\"c1\":{"};
    // every-kind's task manager (maxRetries 3; its queue's DLQ is FIFO tasks-dlq): task 1 goes to
    // "work" and its result is pushed to connection conn-1; task 2's target fails twice and the third
    // attempt succeeds (3 sends); task 3's fails every attempt: 4 sends, then the task itself goes to
    // the dead-letter queue with its group. No item is reported failed.
    QTest::newRow("task manager")
        << "every-kind"
        << "task-manager"
        << R"([{"Records":[{"messageId":"m1","body":"{\"service\":\"work\",\"action\":\"resize\",\"data\":{\"a\":1},\"target\":\"conn-1\",\"user\":\"alice\"}"}]},
               {"Records":[{"messageId":"m2","body":"{\"service\":\"work\",\"action\":\"resize\",\"data\":{\"failTimes\":2}}"}]},
               {"Records":[{"messageId":"m3","attributes":{"MessageGroupId":"g"},"body":"{\"service\":\"work\",\"action\":\"resize\",\"data\":{\"failTimes\":9}}"}]}])"
        << QStringList{"\"batchItemFailures\":[]", "\"batchItemFailures\":[]", "\"batchItemFailures\":[]",
                       R"(["SendMessageCommand","PostToConnectionCommand","SendMessageCommand","SendMessageCommand","SendMessageCommand","SendMessageCommand","SendMessageCommand","SendMessageCommand","SendMessageCommand","SendMessageCommand"])",
                       R"({"QueueUrl":"stub-TASK_DEAD_LETTER_QUEUE","MessageBody":"{\"service\":\"work\",\"action\":\"resize\",\"data\":{\"failTimes\":9}}","MessageGroupId":"g")"}
        << QStringList{};
    // nightly-report's trigger: the report object created under reports/ is one record processed by it.
    QTest::newRow("trigger S3")
        << "nightly-report"
        << "publish"
        << R"([{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"reports"},"object":{"key":"reports/daily-sales.json","size":12}}}]}])"
        << QStringList{R"({"processed":1,"processedBy":"publish"})", "\"calls\":[]", "\"detail\":[]"} << QStringList{};
    // reference-architecture's order-events reads the orders table's stream and publishes each record
    // to the alerts topic.
    QTest::newRow("trigger stream")
        << "reference-architecture"
        << "order-events"
        << R"([{"Records":[{"eventSource":"aws:dynamodb","eventName":"INSERT","dynamodb":{"Keys":{"id":{"S":"o1"}},"NewImage":{"id":{"S":"o1"}}}}]}])"
        << QStringList{R"({"processed":1,"processedBy":"order-events"})", R"(["PublishCommand"])",
                       R"("TopicArn":"stub-TARGET_ALERTS","Message":"{\"eventName\":\"INSERT\",\"keys\":{\"id\":{\"S\":\"o1\"}})"}
        << QStringList{};
    // nightly-report's cron fires with its payload and invokes build-report asynchronously with it.
    QTest::newRow("cron")
        << "nightly-report"
        << "nightly"
        << R"([{"key":"reports/daily-sales.json","body":{"report":"daily-sales"}}])"
        << QStringList{R"("body":{"report":"daily-sales"},"processedBy":"nightly","firedAt":)", R"(["InvokeCommand"])",
                       R"({"FunctionName":"stub-TARGET_BUILD_REPORT","InvocationType":"Event","Payload":"{\"key\":\"reports/daily-sales.json\",\"body\":{\"report\":\"daily-sales\"},\"processedBy\":\"nightly\")"}
        << QStringList{};
}

void TestExportCli::handlersBehave()
{
    QFETCH(QString, project);
    QFETCH(QString, function);
    QFETCH(QString, events);
    QFETCH(QStringList, expected);
    QFETCH(QStringList, absent);
    if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty())
        QSKIP(
            "node is not installed: the generated handlers were not run (handlersForEverySample still checked "
            "that every one is written)");
    const QString file =
        project == QLatin1String("every-kind")
            ? QDir::cleanPath(QStringLiteral(MICROLAB_TEST_DATA_DIR "/../../export/data/every-kind.mlab.json"))
            : QDir(QStringLiteral(MICROLAB_PROJECTS_DIR)).filePath(project + QStringLiteral(".mlab.json"));
    QTemporaryDir dir;
    const kit::Ran ran = cli({QStringLiteral("export"), file, QStringLiteral("--format"), QStringLiteral("sam"),
                              QStringLiteral("--with-handlers"), QStringLiteral("-o"), dir.path()});
    QVERIFY2(ran.exitCode == 0, qPrintable(ran.err));
    // The handler runs with exactly the environment the template gives it (references become stand-in names).
    const Diagram d = load(file);
    const Json sam = exporting::samTemplate(d)->document;
    QString logical;
    for (const auto& [id, r] : sam["Resources"].items())
        if (r.value("Properties", Json::object()).value("CodeUri", std::string()) ==
            "src/" + function.toStdString() + "/")
            logical = QString::fromStdString(id);
    QVERIFY(!logical.isEmpty());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const auto& [name, value] :
         sam["Resources"][logical.toStdString()]["Properties"]["Environment"]["Variables"].items())
        env.insert(QString::fromStdString(name), value.is_string()
                                                     ? QString::fromStdString(value.get<std::string>())
                                                     : QStringLiteral("stub-") + QString::fromStdString(name));
    env.insert(QStringLiteral("DRIVE_DETAIL"), QStringLiteral("1"));
    QFile eventsFile(dir.filePath(QStringLiteral("events.json")));
    QVERIFY(eventsFile.open(QIODevice::WriteOnly));
    eventsFile.write(events.toUtf8());
    eventsFile.close();
    const QString stub = QStringLiteral(MICROLAB_TEST_DATA_DIR "/sdk-stub/");
    QProcess node;
    node.setProcessEnvironment(env);
    node.setWorkingDirectory(dir.filePath(QStringLiteral("src/") + function));
    node.start(QStringLiteral("node"),
               {QStringLiteral("--import"), stub + QStringLiteral("register.mjs"), stub + QStringLiteral("drive.mjs"),
                QStringLiteral("index.mjs"), eventsFile.fileName()});
    QVERIFY(node.waitForFinished(60000));
    const QStringList lines =
        QString::fromUtf8(node.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const QString errors = QString::fromUtf8(node.readAllStandardError());
    // One answer per event, the call list, the detail line.
    QCOMPARE(lines.size(), int(Json::parse(events.toStdString()).size()) + 2);
    for (int i = 0; i < expected.size(); ++i)
        QVERIFY2(lines[i].contains(expected[i]),
                 qPrintable(QStringLiteral("line %1: %2\nwanted: %3\n%4").arg(i).arg(lines[i], expected[i], errors)));
    const QString detail = lines.value(lines.size() - 1);
    for (const QString& a : absent) QVERIFY2(!detail.contains(a), qPrintable(a + QStringLiteral(" in ") + detail));
    if (function == QLatin1String("guard")) checkAuditChain(detail, {"allow", "deny", "deny", "allow"});
}

void TestExportCli::logMonitorPatterns()
{
    if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty()) QSKIP("node is not installed");
    QTemporaryDir dir;
    for (const char* name : {"log-monitor.mjs", "microlab.mjs"}) {
        QFile f(dir.filePath(QString::fromLatin1(name) == QLatin1String("log-monitor.mjs")
                                 ? QStringLiteral("index.mjs")
                                 : QStringLiteral("microlab.mjs")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(exporting::handlerSource(QString::fromLatin1(name)));
    }
    const QString data = QStringLiteral(MICROLAB_TEST_DATA_DIR "/");
    const Tool run =
        runTool(QStringLiteral("node"), {QStringLiteral("--import"), data + QStringLiteral("sdk-stub/register.mjs"),
                                         data + QStringLiteral("log-patterns.mjs"), dir.path()});
    QVERIFY2(run.exitCode == 0, qPrintable(run.output));
    // The seven cases of log-patterns.mjs, in order (see the comments there).
    QCOMPARE(run.output.trimmed(), QStringLiteral("true false true true false true true"));
}

void TestExportCli::textFormatsToStdout_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("starts");
    QTest::newRow("sam") << "sam"
                         << "AWSTemplateFormatVersion: \"2010-09-09\"";
    QTest::newRow("cfn") << "cfn"
                         << "{";
    QTest::newRow("mermaid") << "mermaid"
                             << "---";
    QTest::newRow("dot") << "dot"
                         << "digraph";
}

void TestExportCli::textFormatsToStdout()
{
    QFETCH(QString, format);
    QFETCH(QString, starts);
    const QString file =
        QDir(QStringLiteral(MICROLAB_PROJECTS_DIR)).filePath(QStringLiteral("image-pipeline.mlab.json"));
    const kit::Ran ran = cli({QStringLiteral("export"), file, QStringLiteral("--format"), format});
    QVERIFY2(ran.exitCode == 0, qPrintable(ran.err));
    QVERIFY2(ran.out.startsWith(starts), qPrintable(ran.out.left(200)));
    // The client "users" has no AWS resource: said on stderr, never silently dropped.
    if (format == QLatin1String("sam") || format == QLatin1String("cfn"))
        QVERIFY(ran.err.contains(QStringLiteral("node users")));
}

void TestExportCli::badArgumentsExit2_data()
{
    QTest::addColumn<QStringList>("args");
    const QString file =
        QDir(QStringLiteral(MICROLAB_PROJECTS_DIR)).filePath(QStringLiteral("image-pipeline.mlab.json"));
    QTest::newRow("no file") << QStringList{QStringLiteral("--format"), QStringLiteral("sam")};
    QTest::newRow("no format") << QStringList{file};
    QTest::newRow("bad format") << QStringList{file, QStringLiteral("--format"), QStringLiteral("pdf")};
    QTest::newRow("handlers without dir")
        << QStringList{file, QStringLiteral("--format"), QStringLiteral("sam"), QStringLiteral("--with-handlers")};
    QTest::newRow("handlers for cfn") << QStringList{file,
                                                     QStringLiteral("--format"),
                                                     QStringLiteral("cfn"),
                                                     QStringLiteral("--with-handlers"),
                                                     QStringLiteral("-o"),
                                                     QStringLiteral("x")};
    QTest::newRow("png without -o") << QStringList{file, QStringLiteral("--format"), QStringLiteral("png")};
    QTest::newRow("unknown option") << QStringList{file, QStringLiteral("--format"), QStringLiteral("sam"),
                                                   QStringLiteral("--zip")};
}

void TestExportCli::badArgumentsExit2()
{
    QFETCH(QStringList, args);
    const kit::Ran ran = cli(QStringList{QStringLiteral("export")} + args);
    QCOMPARE(ran.exitCode, 2);
    QVERIFY(ran.err.contains(QStringLiteral("usage: microlab-cli export")));
}

void TestExportCli::missingProjectExits1()
{
    const kit::Ran ran = cli({QStringLiteral("export"), QStringLiteral("/nonexistent/x.mlab.json"),
                              QStringLiteral("--format"), QStringLiteral("sam")});
    QCOMPARE(ran.exitCode, 1);
    QVERIFY(ran.err.contains(QStringLiteral("x.mlab.json")));
}

QTEST_GUILESS_MAIN(TestExportCli)
#include "tst_exportcli.moc"
