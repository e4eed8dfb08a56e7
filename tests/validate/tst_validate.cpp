// `microlab-cli validate`, run as a real process: exit codes, the problem lines, load errors with
// file:line:column, bad arguments — and every sample project under projects/ must stay clean.
#include "../enginekit/EngineKit.h"

#include <QDir>

using namespace kit;

namespace {

Ran validate(const QStringList& args)
{
    return runProgram(QStringLiteral(MICROLAB_CLI_PATH), QStringList{QStringLiteral("validate")} + args);
}

QString data(const char* name) { return QStringLiteral(MICROLAB_TEST_DATA_DIR "/") + QString::fromLatin1(name); }

}  // namespace

class TestValidate : public QObject {
    Q_OBJECT

private slots:
    void cleanProjectExitsZero();
    void errorsExitOneWithNodeAndPointer();
    void warningsAloneExitZero();
    void loaderProblemsAreListed();
    void truncatedFileGivesLineAndColumn();
    void missingFileIsALoadError();
    void badArguments_data();
    void badArguments();
    void help();
    void sampleProjects_data();
    void sampleProjects();
};

void TestValidate::cleanProjectExitsZero()
{
    const Ran run = validate({data("clean.mlab.json")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QStringLiteral("no problems\n"));
}

void TestValidate::errorsExitOneWithNodeAndPointer()
{
    const Ran run = validate({data("errors.mlab.json")});
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.out, QStringLiteral("error   router  /nodes/1/config/timeout  router \"router\": timeout: expected a "
                                     "duration between 1s and 15m; got \"20m\"\n"
                                     "1 error, 0 warnings\n"));
}

void TestValidate::warningsAloneExitZero()
{
    const Ran run = validate({data("warnings.mlab.json")});
    QCOMPARE(run.exitCode, 0);
    const QStringList lines = run.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines[0].startsWith(QStringLiteral("warning spare  /nodes/2  table \"spare\" is not reachable")),
             qPrintable(lines[0]));
    QCOMPARE(lines[1], QStringLiteral("0 errors, 1 warning"));
}

void TestValidate::loaderProblemsAreListed()
{
    // The loader keeps the second "router" as "router-2" and reports it; the linter adds that
    // nothing reaches it. Columns are aligned to the longest id and pointer.
    const Ran run = validate({data("duplicate.mlab.json")});
    QCOMPARE(run.exitCode, 1);
    const QStringList lines = run.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QVERIFY2(lines[0].startsWith(QStringLiteral("error   router-2  /nodes/2/id  duplicate node id \"router\"")),
             qPrintable(lines[0]));
    QVERIFY2(lines[1].startsWith(QStringLiteral("warning router-2  /nodes/2     router \"router-2\" is not reachable")),
             qPrintable(lines[1]));
    QCOMPARE(lines[2], QStringLiteral("1 error, 1 warning"));
}

void TestValidate::truncatedFileGivesLineAndColumn()
{
    const QString file = data("truncated.mlab.json");
    const Ran run = validate({file});
    QCOMPARE(run.exitCode, 1);
    // The file ends on line 4 after 34 characters.
    QVERIFY2(run.out.startsWith(QStringLiteral("error: ") + file + QStringLiteral(":4:35: ")), qPrintable(run.out));
    QCOMPARE(run.out.count(QLatin1Char('\n')), 1);
}

void TestValidate::missingFileIsALoadError()
{
    const QString file = data("no-such-file.mlab.json");
    const Ran run = validate({file});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.out.startsWith(QStringLiteral("error: ") + file + QStringLiteral(": cannot open")),
             qPrintable(run.out));
}

void TestValidate::badArguments_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("no file") << QStringList{};
    QTest::newRow("two files") << QStringList{data("clean.mlab.json"), data("errors.mlab.json")};
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--strict"), data("clean.mlab.json")};
}

void TestValidate::badArguments()
{
    QFETCH(QStringList, args);
    const Ran run = validate(args);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QStringLiteral("usage: microlab-cli validate FILE")), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
}

void TestValidate::help()
{
    const Ran run = validate({QStringLiteral("--help")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith(QStringLiteral("usage: microlab-cli validate FILE\n")), qPrintable(run.out));
}

void TestValidate::sampleProjects_data()
{
    QTest::addColumn<QString>("file");
    const QDir dir(QStringLiteral(MICROLAB_PROJECTS_DIR));
    const QStringList samples = dir.entryList({QStringLiteral("*.mlab.json")}, QDir::Files, QDir::Name);
    for (const QString& name : samples) QTest::newRow(qPrintable(name)) << dir.filePath(name);
    if (samples.isEmpty()) QTest::newRow("none") << QString();
}

void TestValidate::sampleProjects()
{
    QFETCH(QString, file);
    if (file.isEmpty()) QSKIP("no sample projects under projects/");
    const Ran run = validate({file});
    // Warnings are allowed in samples (some show what the linter warns about); errors are not.
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    for (const QString& line : run.out.split(QLatin1Char('\n')))
        QVERIFY2(!line.startsWith(QStringLiteral("error")), qPrintable(line));
}

QTEST_GUILESS_MAIN(TestValidate)
#include "tst_validate.moc"
