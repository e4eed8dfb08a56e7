#include "Project.h"

#include "model/Lint.h"

#include <QSet>

namespace ml::cli {

Problems collectProblems(const LoadedProject& project)
{
    Problems problems = project.problems;
    QSet<QString> seen;
    for (const Problem& p : problems) seen.insert(p.rule + QLatin1Char('\n') + p.pointer);
    for (Problem& p : lint(project.diagram)) {
        // The loader and the linter may both see a problem; keep it once.
        if (seen.contains(p.rule + QLatin1Char('\n') + p.pointer)) continue;
        problems.push_back(std::move(p));
    }
    sortProblems(problems, project.diagram);
    return problems;
}

std::optional<LoadedProject> loadForRun(const QString& path, QTextStream& err, bool printWarnings)
{
    Result<LoadedProject> loaded = projectfile::load(path);
    if (!loaded) {
        err << "error: " << loaded.error().toString() << '\n';
        return std::nullopt;
    }
    bool errors = false;
    for (const Problem& p : collectProblems(loaded.value())) {
        errors |= p.isError();
        if (!p.isError() && !printWarnings) continue;
        err << (p.isError() ? "error: " : "warning: ") << path << ':'
            << (p.pointer.isEmpty() ? QStringLiteral("-") : p.pointer) << ": " << p.message << '\n';
    }
    if (errors) {
        err << "the project has errors; fix them (microlab-cli validate " << path << ") and run again\n";
        return std::nullopt;
    }
    return std::move(loaded).value();
}

}  // namespace ml::cli
