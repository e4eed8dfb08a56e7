// `microlab-cli validate FILE`: loads a project, lints it and prints one aligned line per problem
// (severity, node or edge, JSON pointer, message) and a summary. Exit 1 when there are errors.
#include "Commands.h"
#include "model/Lint.h"
#include "project/ProjectFile.h"

#include <QSet>
#include <QTextStream>

#include <cstdio>

namespace ml::cli {

namespace {

QString validateUsage()
{
    return QStringLiteral(
        "usage: microlab-cli validate FILE\n"
        "\n"
        "Loads the project file and checks it against every lint rule. Prints one line per problem:\n"
        "severity, node (or edge) id, JSON pointer into the file, and what is wrong; then a summary.\n"
        "Exit status: 0 no errors (warnings allowed), 1 the project has errors or cannot be loaded,\n"
        "2 bad arguments.\n");
}

QString plural(qsizetype n, const char* word)
{
    return QStringLiteral("%1 %2%3").arg(n).arg(QString::fromLatin1(word)).arg(n == 1 ? "" : "s");
}

QString subject(const Problem& p)
{
    if (!p.node.isEmpty()) return p.node.value;
    if (!p.edge.isEmpty()) return p.edge.value;
    return QStringLiteral("-");
}

}  // namespace

int validateCommand(const QStringList& args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList files;
    for (const QString& a : args) {
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            out << validateUsage();
            return kExitOk;
        }
        // A lone "-" would be stdin elsewhere; here every option but --help is unknown.
        if (a.startsWith(QLatin1Char('-')) && a != QLatin1String("-")) {
            err << "microlab-cli validate: unknown option '" << a << "'\n\n" << validateUsage();
            return kExitBadArguments;
        }
        files << a;
    }
    if (files.size() != 1) {
        err << (files.isEmpty() ? "microlab-cli validate: missing FILE\n\n"
                                : "microlab-cli validate: expected one FILE\n\n")
            << validateUsage();
        return kExitBadArguments;
    }

    const Result<LoadedProject> loaded = projectfile::load(files.first());
    if (!loaded) {
        out << "error: " << loaded.error().toString() << '\n';
        return kExitProjectErrors;
    }

    Problems problems = loaded->problems;
    QSet<QString> seen;
    for (const Problem& p : problems) seen.insert(p.rule + QLatin1Char('\n') + p.pointer);
    for (Problem& p : lint(loaded->diagram)) {
        // The loader and the linter may both see a problem; print it once.
        if (seen.contains(p.rule + QLatin1Char('\n') + p.pointer)) continue;
        problems.push_back(std::move(p));
    }
    sortProblems(problems, loaded->diagram);

    qsizetype subjectWidth = 0, pointerWidth = 0, errors = 0;
    for (const Problem& p : problems) {
        subjectWidth = std::max(subjectWidth, subject(p).size());
        pointerWidth = std::max(pointerWidth, (p.pointer.isEmpty() ? QStringLiteral("-") : p.pointer).size());
        if (p.isError()) ++errors;
    }
    for (const Problem& p : problems) {
        const QString severity = p.isError() ? QStringLiteral("error") : QStringLiteral("warning");
        const QString pointer = p.pointer.isEmpty() ? QStringLiteral("-") : p.pointer;
        out << severity.leftJustified(8) << subject(p).leftJustified(subjectWidth + 2)
            << pointer.leftJustified(pointerWidth + 2) << p.message << '\n';
    }
    const qsizetype warnings = qsizetype(problems.size()) - errors;
    if (problems.empty())
        out << "no problems\n";
    else
        out << plural(errors, "error") << ", " << plural(warnings, "warning") << '\n';
    return errors > 0 ? kExitProjectErrors : kExitOk;
}

}  // namespace ml::cli
