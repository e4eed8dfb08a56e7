// Loading a project for a command: load errors and lint errors are printed the same way by
// every command (validate, run, export), with file, pointer and message.
#pragma once

#include "project/ProjectFile.h"

#include <QString>
#include <QTextStream>

#include <optional>

namespace ml::cli {

// The loader's problems and the linter's, each once, sorted.
Problems collectProblems(const LoadedProject& project);

// Loads and lints `path`. Prints problems to `err` (all of them when `printWarnings`, else
// errors only). Returns the project when it loaded and has no errors.
std::optional<LoadedProject> loadForRun(const QString& path, QTextStream& err, bool printWarnings = false);

}  // namespace ml::cli
