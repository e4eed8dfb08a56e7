// Loading and saving *.mlab.json project files (DESIGN.md "The project file"): every error
// names the file, the JSON pointer and what was expected; unknown keys survive load → save;
// saving is atomic and load → save → load is byte-stable.
#pragma once

#include "format/Result.h"
#include "model/Diagram.h"
#include "model/Problem.h"

#include <QByteArray>
#include <QString>

namespace ml {

struct LoadedProject {
    Diagram diagram;
    // Problems found while reading that do not stop the load (duplicate ids, unknown kinds,
    // illegal connections); the linter reports them again, with every other rule.
    Problems problems;
};

namespace projectfile {

constexpr const char* kFormat = "microlab/1";
constexpr qint64 kMaxFileBytes = 64 * 1024 * 1024;

Result<LoadedProject> load(const QString& path);
// `fileName` is used in error messages only.
Result<LoadedProject> parse(const QByteArray& bytes, const QString& fileName);

QByteArray serialize(const Diagram& diagram);
Status save(const Diagram& diagram, const QString& path);   // atomic (QSaveFile)

}  // namespace projectfile
}  // namespace ml
