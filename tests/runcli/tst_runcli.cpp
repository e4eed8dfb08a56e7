// `microlab-cli run` as a user runs it: every sample project runs (exit 0) and writes the
// report with DESIGN.md's names and the --events JSONL; bad arguments exit 2; a project with
// lint errors exits 1.
#include "../enginekit/EngineKit.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

using namespace ml;
using namespace kit;

namespace {

Ran cli(const QStringList& args)
{
    return runProgram(QStringLiteral(MICROLAB_CLI_PATH), args);
}

QString sample()
{
    return QDir(QStringLiteral(MICROLAB_PROJECTS_DIR)).filePath(QStringLiteral("image-pipeline.mlab.json"));
}

}  // namespace

class TestRunCli : public QObject {
    Q_OBJECT

private slots:
    void runsEverySample_data();
    void runsEverySample();
    void seedOption();
    void badArgumentsExit2_data();
    void badArgumentsExit2();
    void projectErrorsExit1_data();
    void projectErrorsExit1();
};

void TestRunCli::runsEverySample_data()
{
    QTest::addColumn<QString>("file");
    const QDir dir(QStringLiteral(MICROLAB_PROJECTS_DIR));
    const QStringList files = dir.entryList({QStringLiteral("*.mlab.json")}, QDir::Files, QDir::Name);
    QVERIFY(!files.isEmpty());
    for (const QString& f : files) QTest::newRow(qPrintable(f)) << dir.filePath(f);
}

void TestRunCli::runsEverySample()
{
    QFETCH(QString, file);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString reportPath = tmp.filePath(QStringLiteral("report.json"));
    const QString eventsPath = tmp.filePath(QStringLiteral("events.jsonl"));
    // A day of virtual time (a nightly cron fires at 02:00), at most 20 000 kernel events.
    const Ran ran = cli({QStringLiteral("run"), file, QStringLiteral("--duration"), QStringLiteral("1d"),
                         QStringLiteral("--max-events"), QStringLiteral("20000"), QStringLiteral("--report"),
                         reportPath, QStringLiteral("--events"), eventsPath});
    QVERIFY2(ran.exitCode == 0, qPrintable(ran.err));
    QVERIFY(!ran.out.isEmpty());  // the human summary

    Result<LoadedProject> project = projectfile::load(file);
    QVERIFY(project.ok());
    const Diagram& diagram = project.value().diagram;

    QFile reportFile(reportPath);
    QVERIFY(reportFile.open(QIODevice::ReadOnly));
    Json r = Json::parse(reportFile.readAll().toStdString(), nullptr, false);
    QVERIFY(r.is_object());
    QCOMPARE(as<std::string>(r["format"]), std::string("microlab-report/1"));
    QCOMPARE(QString::fromStdString(as<std::string>(r["project"])), diagram.name);
    QCOMPARE(as<quint64>(r["seed"]), diagram.seed);
    QVERIFY(r["virtualTime"].is_string());
    QVERIFY(r["events"].is_number_unsigned() && as<quint64>(r["events"]) > 0);
    QCOMPARE(r["nodes"].size(), diagram.nodes().size());
    for (const Node& n : diagram.nodes()) {
        Json& entry = r["nodes"][n.id.value.toStdString()];
        QVERIFY2(entry.is_object(), qPrintable(n.id.value));
        QCOMPARE(QString::fromStdString(as<std::string>(entry["kind"])), n.kind);
        if (n.kind == QLatin1String("queue")) {
            for (const char* key : {"visible", "inFlight", "delayed", "messages"})
                QVERIFY2(entry["queue"].contains(key), key);
        }
    }
    for (const char* key : {"debug", "info", "warning", "critical"}) QVERIFY2(r["logs"][key].is_number(), key);
    Json& c = r["conservation"];
    for (const char* key : {"entered", "delivered", "queued", "inFlight", "deadLettered", "expired"})
        QVERIFY2(c[key].is_number(), key);
    QVERIFY(c["dropped"].is_object());
    QCOMPARE(c["holds"], Json(true));
    QVERIFY(as<quint64>(c["entered"]) > 0);

    QFile events(eventsPath);
    QVERIFY(events.open(QIODevice::ReadOnly));
    int lines = 0;
    while (!events.atEnd()) {
        const QByteArray line = events.readLine();
        QVERIFY(line.endsWith('\n'));
        const Json e = Json::parse(line.toStdString(), nullptr, false);
        QVERIFY2(e.is_object() && e.contains("t") && e.contains("type"), line.constData());
        ++lines;
    }
    QVERIFY(lines > 10);
}

void TestRunCli::seedOption()
{
    // --seed overrides the project's seed, in the report and in what happens.
    QTemporaryDir tmp;
    const QString a = tmp.filePath(QStringLiteral("a.json"));
    const QString b = tmp.filePath(QStringLiteral("b.json"));
    QCOMPARE(cli({QStringLiteral("run"), sample(), QStringLiteral("--duration"), QStringLiteral("1m"),
                  QStringLiteral("--seed"), QStringLiteral("5"), QStringLiteral("--report"), a})
                 .exitCode,
             0);
    QCOMPARE(cli({QStringLiteral("run"), sample(), QStringLiteral("--duration"), QStringLiteral("1m"),
                  QStringLiteral("--report"), b})
                 .exitCode,
             0);
    QFile fa(a), fb(b);
    QVERIFY(fa.open(QIODevice::ReadOnly) && fb.open(QIODevice::ReadOnly));
    Json ra = Json::parse(fa.readAll().toStdString());
    Json rb = Json::parse(fb.readAll().toStdString());
    QCOMPARE(as<quint64>(ra["seed"]), quint64(5));
    QVERIFY(as<quint64>(rb["seed"]) != 5);
    QVERIFY(ra["nodes"] != rb["nodes"]);
}

void TestRunCli::badArgumentsExit2_data()
{
    QTest::addColumn<QStringList>("args");
    const QString f = sample();
    QTest::newRow("nothing") << QStringList{};
    QTest::newRow("unknown command") << QStringList{"fly"};
    QTest::newRow("run without a file") << QStringList{"run"};
    QTest::newRow("two files") << QStringList{"run", f, f};
    QTest::newRow("--duration without a value") << QStringList{"run", f, "--duration"};
    QTest::newRow("--duration without a unit") << QStringList{"run", f, "--duration", "10"};
    QTest::newRow("--seed not a number") << QStringList{"run", f, "--seed", "x"};
    QTest::newRow("--max-events 0") << QStringList{"run", f, "--max-events", "0"};
    QTest::newRow("unknown option") << QStringList{"run", f, "--bogus"};
    QTest::newRow("--inject without =") << QStringList{"run", f, "--inject", "jobs"};
    QTest::newRow("--inject bad JSON") << QStringList{"run", f, "--inject", "jobs={oops"};
    QTest::newRow("--inject unknown node") << QStringList{"run", f, "--inject", "ghost={}"};
}

void TestRunCli::badArgumentsExit2()
{
    QFETCH(QStringList, args);
    const Ran ran = cli(args);
    QCOMPARE(ran.exitCode, 2);
    QVERIFY(!ran.err.isEmpty());
}

void TestRunCli::projectErrorsExit1_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("lint errors") << QStringLiteral(MICROLAB_TEST_DATA_DIR "/lint-errors.mlab.json");
    QTest::newRow("missing file") << QStringLiteral(MICROLAB_TEST_DATA_DIR "/no-such.mlab.json");
}

void TestRunCli::projectErrorsExit1()
{
    QFETCH(QString, file);
    const Ran ran = cli({QStringLiteral("run"), file});
    QCOMPARE(ran.exitCode, 1);
    QVERIFY(ran.err.contains("error"));
}

QTEST_GUILESS_MAIN(TestRunCli)
#include "tst_runcli.moc"
