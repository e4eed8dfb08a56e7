// `microlab-cli lab FILE [--solve]`: a workshop lab checked like code. Without --solve the checks
// are evaluated against a fresh run (nothing has happened: a lab must not be complete before the
// student acts); with --solve each step's solution is played, then its check evaluated. One line
// per step; exit 0 only when every check holds.
#include "Commands.h"
#include "lab/LabSession.h"
#include "project/ProjectFile.h"

#include <QTextStream>

namespace ml::cli {

namespace {

QString labUsage()
{
    return QStringLiteral(
        "usage: microlab-cli lab FILE [--solve] [--seed N]\n"
        "\n"
        "Evaluates the lab's checks against a fresh run of FILE (nothing has happened yet), or with\n"
        "--solve plays each step's solution (design edits, actions, virtual time) and then evaluates\n"
        "that step's check. Prints one line per step: \"✓ N text\" or \"✗ N text: why\".\n"
        "Exit status: 0 every check holds, 1 a check fails or the project or its lab has errors,\n"
        "2 bad arguments.\n");
}

int badArgument(const QString& message)
{
    QTextStream(stderr) << "microlab-cli lab: " << message << "\n\n" << labUsage();
    return kExitBadArguments;
}

// The step's first sentence, short enough for one line.
QString headline(const QString& text)
{
    QString line = text.simplified();
    const qsizetype stop = line.indexOf(QStringLiteral(". "));
    if (stop > 0) line = line.left(stop);  // without its full stop: a reason may follow after ": "
    constexpr int kMax = 72;
    if (line.size() > kMax) line = line.left(kMax - 1).trimmed() + QStringLiteral("…");
    return line;
}

}  // namespace

int labCommand(const QStringList& args)
{
    QString file;
    bool solve = false;
    EngineOptions options;
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            QTextStream(stdout) << labUsage();
            return kExitOk;
        } else if (a == QLatin1String("--solve")) {
            solve = true;
        } else if (a == QLatin1String("--seed")) {
            bool ok = false;
            if (i + 1 >= args.size() || (options.seed = args[++i].toULongLong(&ok), !ok))
                return badArgument(QStringLiteral("--seed needs a number"));
        } else if (a.startsWith(QLatin1Char('-'))) {
            return badArgument(QStringLiteral("unknown option '%1'").arg(a));
        } else if (file.isEmpty()) {
            file = a;
        } else {
            return badArgument(QStringLiteral("expected one FILE"));
        }
    }
    if (file.isEmpty()) return badArgument(QStringLiteral("missing FILE"));

    QTextStream out(stdout);
    QTextStream err(stderr);
    // Not loadForRun: a lab may begin with a design error for the student to fix (a step checks
    // {"lint": "clean"}); the session refuses to run it until then, as the GUI does.
    Result<LoadedProject> project = projectfile::load(file);
    if (!project) {
        err << "error: " << project.error().toString() << '\n';
        return kExitProjectErrors;
    }
    Result<std::optional<lab::Lab>> parsed = lab::parse(project->diagram);
    if (!parsed) {
        err << "error: " << parsed.error().inFile(file).toString() << '\n';
        return kExitProjectErrors;
    }
    if (!parsed.value()) {
        err << "error: " << file << " has no \"lab\" section (DESIGN.md \"Labs\")\n";
        return kExitProjectErrors;
    }
    const lab::Lab& exercise = *parsed.value();
    out << exercise.title << (solve ? " (solved)" : "") << '\n';

    // The moments the lab's "at" checks read are recorded on the way, however far a solution runs.
    lab::Session session(project->diagram, options, lab::momentsOf(exercise));
    // A fresh run when the design can run; otherwise path checks say nothing has run yet.
    if (!solve) (void)session.start();
    int held = 0;
    for (std::size_t i = 0; i < exercise.steps.size(); ++i) {
        const lab::Step& step = exercise.steps[i];
        lab::Outcome outcome;
        if (solve) {
            if (Status s = session.play(step); !s)
                outcome = {false, QStringLiteral("the solution failed: ") + s.error().inFile(file).toString()};
            else
                outcome = session.evaluate(step.check);
        } else {
            outcome = session.evaluate(step.check);
        }
        held += outcome.holds ? 1 : 0;
        out << (outcome.holds ? "✓ " : "✗ ") << (i + 1) << ' ' << headline(step.text);
        if (!outcome.holds) out << ": " << outcome.why;
        out << '\n';
    }
    const bool complete = held == int(exercise.steps.size());
    out << (complete ? "complete" : "incomplete") << ": " << held << " of " << exercise.steps.size()
        << " checks hold\n";
    return complete ? kExitOk : kExitProjectErrors;
}

}  // namespace ml::cli
