// Every workshop lab in projects/labs/ is tested like code: it loads, its lab section parses, it is
// incomplete on a fresh run (the student has not acted yet), and playing each step's solution makes
// that step's check hold — through core/lab and through `microlab-cli lab [--solve]`, whose lines and
// exit codes a teacher relies on. A lab whose design does not lint clean must say so in step 1.
#include "../enginekit/EngineKit.h"
#include "lab/LabSession.h"
#include "model/Lint.h"

#include <QDir>

using namespace ml;
using namespace kit;

namespace {

QString labsDir() { return QDir(QStringLiteral(MICROLAB_PROJECTS_DIR)).filePath(QStringLiteral("labs")); }

QStringList labFiles() { return QDir(labsDir()).entryList({QStringLiteral("*.mlab.json")}, QDir::Files, QDir::Name); }

bool checksLint(const lab::Check& c)
{
    if (c.kind == lab::Check::Kind::LintClean) return true;
    for (const lab::Check& child : c.children)
        if (checksLint(child)) return true;
    return false;
}

}  // namespace

class TestLabs : public QObject {
    Q_OBJECT
private slots:
    void atLeastSixLabs() { QVERIFY2(labFiles().size() >= 6, qPrintable(labFiles().join(QLatin1Char(' ')))); }

    void eachLab_data()
    {
        QTest::addColumn<QString>("file");
        for (const QString& f : labFiles()) QTest::newRow(qPrintable(f)) << QDir(labsDir()).filePath(f);
    }
    void eachLab()
    {
        QFETCH(QString, file);
        Result<LoadedProject> loaded = projectfile::load(file);
        QVERIFY2(loaded, loaded ? "" : qPrintable(loaded.error().toString()));
        QVERIFY(loaded->problems.empty());
        Result<std::optional<lab::Lab>> parsed = lab::parse(loaded->diagram);
        QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error().toString()));
        QVERIFY2(parsed.value(), "no lab section");
        const lab::Lab& lab = *parsed.value();
        QVERIFY(!lab.steps.empty());

        // Lint clean, unless fixing the design is the lab's first step.
        const Problems problems = lint(loaded->diagram);
        if (!problems.empty())
            QVERIFY2(checksLint(lab.steps.front().check),
                     qPrintable(QStringLiteral("lint is not clean and step 1 does not ask for it: ") +
                                problems.front().message));

        // Before the student acts: a fresh run, and not every check holds (step 1 never does).
        lab::Session fresh(loaded->diagram);
        (void)fresh.start();
        QVERIFY2(!fresh.evaluate(lab.steps.front().check).holds, "step 1 holds before the student acts");

        // Solved: each step's check holds once its solution is played.
        lab::Session solved(loaded->diagram);
        for (std::size_t i = 0; i < lab.steps.size(); ++i) {
            const Status played = solved.play(lab.steps[i]);
            QVERIFY2(played, played ? "" : qPrintable(played.error().toString()));
            const lab::Outcome o = solved.evaluate(lab.steps[i].check);
            QVERIFY2(o.holds, qPrintable(QStringLiteral("step %1: %2").arg(i + 1).arg(o.why)));
        }
        QVERIFY(!hasErrors(lint(solved.diagram())));
    }

    // The command a teacher runs: one line per step, ✗ with the reason before, ✓ after --solve;
    // exit 1 while incomplete, 0 when every check holds.
    void commandLine()
    {
        const QString file = QDir(labsDir()).filePath(labFiles().value(0));
        const Ran before = runProgram(QStringLiteral(MICROLAB_CLI_PATH), {QStringLiteral("lab"), file});
        QCOMPARE(before.exitCode, 1);
        QVERIFY2(before.out.contains(QStringLiteral("✗ 1 ")), qPrintable(before.out));
        QVERIFY2(before.out.contains(QStringLiteral(", expected ")), qPrintable(before.out));
        QVERIFY(before.out.contains(QStringLiteral("incomplete")));

        const Ran after =
            runProgram(QStringLiteral(MICROLAB_CLI_PATH), {QStringLiteral("lab"), file, QStringLiteral("--solve")});
        QCOMPARE(after.exitCode, 0);
        QVERIFY2(!after.out.contains(QStringLiteral("✗")), qPrintable(after.out));
        QVERIFY(after.out.contains(QStringLiteral("✓ 1 ")));
        QVERIFY(after.out.contains(QStringLiteral("complete")));

        const Ran none = runProgram(
            QStringLiteral(MICROLAB_CLI_PATH),
            {QStringLiteral("lab"),
             QDir(QStringLiteral(MICROLAB_PROJECTS_DIR)).filePath(QStringLiteral("image-pipeline.mlab.json"))});
        QCOMPARE(none.exitCode, 1);
        QVERIFY(none.err.contains(QStringLiteral("no \"lab\" section")));

        const Ran bad =
            runProgram(QStringLiteral(MICROLAB_CLI_PATH), {QStringLiteral("lab"), file, QStringLiteral("--fast")});
        QCOMPARE(bad.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestLabs)
#include "tst_labs.moc"
