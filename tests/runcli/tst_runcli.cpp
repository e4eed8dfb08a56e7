// `microlab-cli run` as a user runs it: every sample project runs (exit 0) and writes the
// report with DESIGN.md's names and the --events JSONL; bad arguments exit 2; a project with
// lint errors exits 1. --at actions drive a run (and the same ones give the same event log);
// the report's virtualTime is when activity ended and "until" the cap; bench --messages is the
// total, split among the clients.
#include "../enginekit/EngineKit.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

using namespace ml;
using namespace kit;

namespace {

Ran cli(const QStringList& args) { return runProgram(QStringLiteral(MICROLAB_CLI_PATH), args); }

QString atActions() { return QStringLiteral(MICROLAB_TEST_DATA_DIR "/at-actions.mlab.json"); }

// The story of tests/runaction, as --at arguments.
QStringList story()
{
    return {"--at", "30s", R"(inject:jobs={"n":1})",   "--at", "90s",  R"(inject:jobs={"n":2})",
            "--at", "2m",  "fault:resize=errorRate:1", "--at", "150s", R"(inject:jobs={"n":3})",
            "--at", "4m",  "clear-fault:resize",       "--at", "5m",   "redrive:jobs-dlq",
            "--at", "6m",  R"(inject:parked={"n":4})", "--at", "6m",   R"(inject:parked={"n":5})",
            "--at", "6m",  R"(inject:parked={"n":6})", "--at", "7m",   "purge:parked"};
}

Json readJson(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return Json();
    return Json::parse(f.readAll().toStdString(), nullptr, false);
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
    void atActionsDriveTheRun();
    void virtualTimeIsWhenActivityEnded();
    void benchSplitsMessages();
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
    const QString at = atActions();
    QTest::newRow("--at without action") << QStringList{"run", at, "--at", "1m"};
    QTest::newRow("--at bad time") << QStringList{"run", at, "--at", "soon", "purge:parked"};
    QTest::newRow("--at unknown action") << QStringList{"run", at, "--at", "1m", "explode:parked"};
    QTest::newRow("--at bad fault") << QStringList{"run", at, "--at", "1m", "fault:resize=errorRate:7"};
    QTest::newRow("--at bad JSON") << QStringList{"run", at, "--at", "1m", "inject:jobs={oops"};
    QTest::newRow("--at unknown node") << QStringList{"run", at, "--at", "1m", "purge:ghost"};
    QTest::newRow("--at purge a worker") << QStringList{"run", at, "--at", "1m", "purge:resize"};
    QTest::newRow("--at redrive no DLQ") << QStringList{"run", at, "--at", "1m", "redrive:parked"};
    QTest::newRow("--at after --duration") << QStringList{"run", at, "--duration", "1m", "--at", "2m", "purge:parked"};
    QTest::newRow("--at with --serve") << QStringList{"run", at, "--serve", "--at", "1m", "purge:parked"};
}

void TestRunCli::badArgumentsExit2()
{
    QFETCH(QStringList, args);
    const Ran ran = cli(args);
    QCOMPARE(ran.exitCode, 2);
    QVERIFY(!ran.err.isEmpty());
    // A bad --at names the argument as given.
    const qsizetype at = args.indexOf(QStringLiteral("--at"));
    if (at >= 0 && at + 2 < args.size())
        QVERIFY2(ran.err.contains(QStringLiteral("--at %1 %2").arg(args[at + 1], args[at + 2])), qPrintable(ran.err));
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

void TestRunCli::atActionsDriveTheRun()
{
    // The numbers are tests/runaction's eachActionAtItsTime, through the command line: resize
    // succeeds 3 times (30.1 s, 90.1 s, and n=3 after the 5m redrive) and fails twice under the
    // fault; the DLQ ends empty; parked is purged of its 3 messages; the ledger holds.
    QTemporaryDir tmp;
    QByteArray logs[2];
    Json report;
    for (int i = 0; i < 2; ++i) {
        const QString reportPath = tmp.filePath(QStringLiteral("r%1.json").arg(i));
        const QString eventsPath = tmp.filePath(QStringLiteral("e%1.jsonl").arg(i));
        const Ran ran = cli(QStringList{QStringLiteral("run"), atActions(), QStringLiteral("--report"), reportPath,
                                        QStringLiteral("--events"), eventsPath} +
                            story());
        QVERIFY2(ran.exitCode == 0, qPrintable(ran.err));
        QFile events(eventsPath);
        QVERIFY(events.open(QIODevice::ReadOnly));
        logs[i] = events.readAll();
        report = readJson(reportPath);
    }
    QVERIFY(logs[0].count('\n') > 20);
    QCOMPARE(logs[0], logs[1]);  // same --at, same event log
    QCOMPARE(num(report, "resize", "succeeded"), quint64(3));
    QCOMPARE(num(report, "resize", "failed"), quint64(2));
    QCOMPARE(visible(report, "jobs-dlq"), 0);
    QCOMPARE(num(report, "parked", "purged"), quint64(3));
    QCOMPARE(dropped(report, "purged"), quint64(3));
    QCOMPARE(cons(report, "entered"), quint64(6));
    QCOMPARE(report["conservation"]["holds"], Json(true));
}

void TestRunCli::virtualTimeIsWhenActivityEnded()
{
    // The story's last activity is the purge at 7m (the last event before it is the arrival of
    // n=4..6 in parked at 6m; the queues' retention sweeps are days away, past the cap). With the
    // 10m default cap: virtualTime "7m", until "10m".
    QTemporaryDir tmp;
    const QString reportPath = tmp.filePath(QStringLiteral("r.json"));
    const Ran ran =
        cli(QStringList{QStringLiteral("run"), atActions(), QStringLiteral("--report"), reportPath} + story());
    QVERIFY2(ran.exitCode == 0, qPrintable(ran.err));
    const Json report = readJson(reportPath);
    QCOMPARE(as<std::string>(report["virtualTime"]), std::string("7m"));
    QCOMPARE(as<std::string>(report["until"]), std::string("10m"));
    QVERIFY2(ran.out.contains(QStringLiteral("7m of virtual time (cap 10m)")), qPrintable(ran.out));
}

void TestRunCli::benchSplitsMessages()
{
    // --messages 10 over three clients a, b, c: 10 / 3 = 3 each, the first 10 mod 3 = 1 one more:
    // a 4, b 3, c 3 — 10 messages enter in all (each client used to get all 10: 30).
    const Ran ran = cli({QStringLiteral("bench"), QStringLiteral(MICROLAB_TEST_DATA_DIR "/three-clients.mlab.json"),
                         QStringLiteral("--messages"), QStringLiteral("10"), QStringLiteral("--json")});
    QVERIFY2(ran.exitCode == 0, qPrintable(ran.err));
    const Json j = Json::parse(ran.out.toStdString(), nullptr, false);
    QVERIFY2(j.is_object(), qPrintable(ran.out));
    QCOMPARE(as<quint64>(j["messages"]), quint64(10));
    QCOMPARE(j["clients"].dump(), std::string(R"({"a":4,"b":3,"c":3})"));
    QCOMPARE(as<quint64>(j["entered"]), quint64(10));
    QCOMPARE(j["conservationHolds"], Json(true));

    const Ran human = cli({QStringLiteral("bench"), QStringLiteral(MICROLAB_TEST_DATA_DIR "/three-clients.mlab.json"),
                           QStringLiteral("--messages"), QStringLiteral("10")});
    QCOMPARE(human.exitCode, 0);
    QVERIFY2(human.out.contains(QStringLiteral("split among 3 clients: a 4, b 3, c 3")), qPrintable(human.out));
}

QTEST_GUILESS_MAIN(TestRunCli)
#include "tst_runcli.moc"
