// Every workshop lab in projects/labs/ is tested like code: it loads, its lab section parses, it is
// incomplete on a fresh run (the student has not acted yet), and playing each step's solution makes
// that step's check hold — through core/lab and through `microlab-cli lab [--solve]`, whose lines and
// exit codes a teacher relies on. A lab opens without lint errors; one with a warning is about it.
// The GUI at max speed may run far past a step before the panel looks, so every check still holds
// 15 days of virtual time after its solution — past the longest retention, 14 days — (a count
// true only for a moment says so with "at").
// And every file under projects/ passes `microlab-cli validate` (exit 0: warnings at most).
#include "../enginekit/EngineKit.h"
#include "lab/LabSession.h"
#include "model/Lint.h"

#include <QDir>
#include <QDirIterator>

using namespace ml;
using namespace kit;

namespace {

QString labsDir() { return QDir(QStringLiteral(MICROLAB_PROJECTS_DIR)).filePath(QStringLiteral("labs")); }

QStringList labFiles() { return QDir(labsDir()).entryList({QStringLiteral("*.mlab.json")}, QDir::Files, QDir::Name); }

std::optional<lab::Lab> labOf(const Diagram& diagram)
{
    Result<std::optional<lab::Lab>> parsed = lab::parse(diagram);
    return parsed ? parsed.value() : std::nullopt;
}

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

        // No errors (it runs as it opens: validate exits 0); a warning only when the lab is about it,
        // so some step asks for a clean lint.
        const Problems problems = lint(loaded->diagram);
        QVERIFY2(!hasErrors(problems), qPrintable(problems.empty() ? QString() : problems.front().message));
        if (!problems.empty())
            QVERIFY2(
                std::any_of(lab.steps.begin(), lab.steps.end(),
                            [](const lab::Step& step) { return checksLint(step.check); }),
                qPrintable(QStringLiteral("lint is not clean and no step asks for it: ") + problems.front().message));

        // Before the student acts: a fresh run, and not every check holds (step 1 never does).
        lab::Session fresh(loaded->diagram, {}, lab::momentsOf(lab));
        (void)fresh.start();
        QVERIFY2(!fresh.evaluate(lab.steps.front().check).holds, "step 1 holds before the student acts");

        // Solved: each step's check holds once its solution is played.
        lab::Session solved(loaded->diagram, {}, lab::momentsOf(lab));
        for (std::size_t i = 0; i < lab.steps.size(); ++i) {
            const Status played = solved.play(lab.steps[i]);
            QVERIFY2(played, played ? "" : qPrintable(played.error().toString()));
            const lab::Outcome o = solved.evaluate(lab.steps[i].check);
            QVERIFY2(o.holds, qPrintable(QStringLiteral("step %1: %2").arg(i + 1).arg(o.why)));
        }
        QVERIFY(!hasErrors(lint(solved.diagram())));
    }

    // Step i's solutions (and those before it) played, then 15 days more: the check still holds.
    void eachStepHoldsWhenTheRunGoesOn_data() { eachLab_data(); }
    void eachStepHoldsWhenTheRunGoesOn()
    {
        QFETCH(QString, file);
        Result<LoadedProject> loaded = projectfile::load(file);
        QVERIFY(loaded);
        const std::optional<lab::Lab> lab = labOf(loaded->diagram);
        QVERIFY(lab);
        lab::Solution later;
        later.duration = 15 * 24 * minutes(60);
        for (std::size_t i = 0; i < lab->steps.size(); ++i) {
            lab::Session session(loaded->diagram, {}, lab::momentsOf(*lab));
            for (std::size_t j = 0; j <= i; ++j) QVERIFY(session.play(lab->steps[j]));
            if (!session.run()) continue;  // a design step: nothing runs on
            QVERIFY(session.play(later));
            const lab::Outcome o = session.evaluate(lab->steps[i].check);
            QVERIFY2(o.holds, qPrintable(QStringLiteral("step %1, 15 days later: %2").arg(i + 1).arg(o.why)));
        }
    }

    // Every project a newcomer or a teacher opens validates: errors would stop it running, and the
    // review hook flags a project file that does not validate.
    void everyProjectValidates_data()
    {
        QTest::addColumn<QString>("file");
        const QDir projects(QStringLiteral(MICROLAB_PROJECTS_DIR));
        QStringList files;
        QDirIterator it(projects.path(), {QStringLiteral("*.json")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) files << it.next();
        files.sort();
        QVERIFY(files.size() >= 20);
        for (const QString& f : files) QTest::newRow(qPrintable(projects.relativeFilePath(f))) << f;
    }
    void everyProjectValidates()
    {
        QFETCH(QString, file);
        const Ran validated = runProgram(QStringLiteral(MICROLAB_CLI_PATH), {QStringLiteral("validate"), file});
        QVERIFY2(validated.exitCode == 0, qPrintable(validated.out + validated.err));
    }

    // The command a teacher runs: one line per step, ✗ with the reason before, ✓ after --solve;
    // exit 1 while incomplete, 0 when every check holds.
    void commandLine()
    {
        const QString file = QDir(labsDir()).filePath(labFiles().value(0));
        const Ran before = runProgram(QStringLiteral(MICROLAB_CLI_PATH), {QStringLiteral("lab"), file});
        QCOMPARE(before.exitCode, 1);
        QVERIFY2(before.out.contains(QStringLiteral("✗ 1 ")), qPrintable(before.out));
        // Lab 1's steps read the run at 5 and 6 minutes: a fresh run has not been there.
        QVERIFY2(before.out.contains(QStringLiteral(": the run has not reached 00:05:00 yet")), qPrintable(before.out));
        QVERIFY(before.out.contains(QStringLiteral("incomplete")));
        // Lab 4's read the live run: what it is, what the step expects.
        const Ran live = runProgram(QStringLiteral(MICROLAB_CLI_PATH),
                                    {QStringLiteral("lab"), QDir(labsDir()).filePath(labFiles().value(3))});
        QCOMPARE(live.exitCode, 1);
        QVERIFY2(live.out.contains(QStringLiteral(", expected ")), qPrintable(live.out));

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
