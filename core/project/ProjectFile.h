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
    // Problems found while reading that do not stop the load: only what the Diagram cannot
    // hold, i.e. duplicate node or edge ids (rule "duplicate-id"; the duplicate is kept under a
    // fresh id). Unknown kinds, missing nodes and forbidden connections stay in the Diagram as
    // written and are the linter's to report, so nothing is reported twice.
    Problems problems;
    // The file gave no node a position, so the loader laid the diagram out (layout::arrange);
    // saving writes the positions.
    bool arranged = false;
};

namespace projectfile {

constexpr const char* kFormat = "microlab/1";
constexpr qint64 kMaxFileBytes = 64 * 1024 * 1024;

// Errors name `path` as given; files over kMaxFileBytes are refused unread.
Result<LoadedProject> load(const QString& path);
// `fileName` is used in error messages only. `format` is the "format" the document must name:
// kFormat for project files, fragment::kFormat for the clipboard (core/project/Fragment.h).
Result<LoadedProject> parse(const QByteArray& bytes, const QString& fileName, const char* format = kFormat);

// Canonical text: known keys in a fixed order, unknown keys after them in file order, 2-space
// indentation, a newline at the end; an edge's kind only where loading would not infer it.
QByteArray serialize(const Diagram& diagram, const char* format = kFormat);
Status save(const Diagram& diagram, const QString& path);  // atomic (QSaveFile)

}  // namespace projectfile
}  // namespace ml
