// `microlab-cli export` as a user runs it: text formats to stdout or a file, --with-handlers writes
// template.yaml and src/<function>/{index,microlab}.mjs for every function, each of which passes
// `node --check`; bad arguments exit 2; a project that cannot be loaded exits 1.
#include "../enginekit/EngineKit.h"
#include "../export/ExportKit.h"
#include "export/Handlers.h"
#include "export/SamTemplate.h"
#include "model/Catalog.h"

#include <QDirIterator>
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

}  // namespace

class TestExportCli : public QObject {
    Q_OBJECT

private slots:
    void handlersForEverySample_data();
    void handlersForEverySample();
    void everyKindHasAHandler();
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

void TestExportCli::handlersBehave_data()
{
    QTest::addColumn<QString>("project");
    QTest::addColumn<QString>("function");
    QTest::addColumn<QString>("events");
    QTest::addColumn<QStringList>("expected");  // a fragment of each answer line, then of the SDK call list
    // CRUD on the items table: create 201, the same key again 409, a missing key 404, the created one 200.
    QTest::newRow("crud")
        << "crud-api"
        << "items-service"
        << R"([{"httpMethod":"POST","resource":"/items","body":"{\"id\":\"a\"}","action":"create-item"},
                                 {"httpMethod":"POST","resource":"/items","body":"{\"id\":\"a\"}","action":"create-item"},
                                 {"httpMethod":"GET","resource":"/items/{id}","pathParameters":{"id":"b"},"action":"get-item"},
                                 {"httpMethod":"GET","resource":"/items/{id}","pathParameters":{"id":"a"},"action":"get-item"}])"
        << QStringList{"\"statusCode\":201", "\"statusCode\":409", "\"statusCode\":404", "\"statusCode\":200",
                       R"(["PutCommand","PutCommand","GetCommand","GetCommand"])"};
    // The router: a route it has no edge for is 400 Unknown action; POST /images with its required url
    // goes to the jobs queue (202 and one SendMessage); without the url it is 400 before anything is sent.
    QTest::newRow("router") << "image-pipeline"
                            << "router"
                            << R"([{"httpMethod":"DELETE","path":"/x","routeKey":"DELETE /x","body":"{}"},
                                   {"httpMethod":"POST","path":"/images","routeKey":"POST /images","body":"{\"url\":\"u\"}"},
                                   {"httpMethod":"POST","path":"/images","routeKey":"POST /images","body":"{}"}])"
                            << QStringList{"Unknown action", "\"statusCode\":202", "Invalid request body",
                                           R"(["SendMessageCommand"])"};
    // The worker: a queue batch of one succeeds (no failed items); a direct invoke returns processedBy.
    QTest::newRow("worker")
        << "image-pipeline"
        << "resize"
        << R"([{"Records":[{"eventSource":"aws:sqs","messageId":"m1","body":"{\"a\":1}"}]},{"a":1}])"
        << QStringList{"\"batchItemFailures\":[]", "\"processedBy\":\"resize\"", "\"calls\":[]"};
}

void TestExportCli::handlersBehave()
{
    QFETCH(QString, project);
    QFETCH(QString, function);
    QFETCH(QString, events);
    QFETCH(QStringList, expected);
    if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty()) QSKIP("node is not installed");
    const QString file = QDir(QStringLiteral(MICROLAB_PROJECTS_DIR)).filePath(project + QStringLiteral(".mlab.json"));
    QTemporaryDir dir;
    const kit::Ran ran = cli({QStringLiteral("export"), file, QStringLiteral("--format"), QStringLiteral("sam"),
                              QStringLiteral("--with-handlers"), QStringLiteral("-o"), dir.path()});
    QVERIFY2(ran.exitCode == 0, qPrintable(ran.err));
    // The handler runs with exactly the environment the template gives it (references become stand-in names).
    const Diagram d = load(file);
    const Json sam = exporting::samTemplate(d)->document;
    QString logical;
    for (const auto& [id, r] : sam["Resources"].items())
        if (r["Properties"].value("CodeUri", std::string()) == "src/" + function.toStdString() + "/")
            logical = QString::fromStdString(id);
    QVERIFY(!logical.isEmpty());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const auto& [name, value] :
         sam["Resources"][logical.toStdString()]["Properties"]["Environment"]["Variables"].items())
        env.insert(QString::fromStdString(name), value.is_string()
                                                     ? QString::fromStdString(value.get<std::string>())
                                                     : QStringLiteral("stub-") + QString::fromStdString(name));
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
    QCOMPARE(lines.size(), expected.size());
    for (int i = 0; i < lines.size(); ++i)
        QVERIFY2(lines[i].contains(expected[i]), qPrintable(lines[i] + QLatin1Char('\n') + errors));
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
