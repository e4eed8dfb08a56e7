// The Lambda handlers that make a deployed template behave like the diagram: per function
// src/<function>/index.mjs (its kind's default behaviour, AWS SDK v3 as Lambda's Node.js runtime
// ships it) and src/<function>/microlab.mjs (the wiring shared by every kind), configured by the
// environment variables the SAM template sets. The JavaScript lives in resources/handlers/.
#pragma once

#include "model/Diagram.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace ml::exporting {

struct HandlerFile {
    QString path;  // relative to the export directory, e.g. "src/resize/index.mjs"
    QByteArray bytes;
};

std::vector<HandlerFile> handlerFiles(const Diagram& diagram);

// The JavaScript source of one kind's handler ("worker.mjs"), or of the shared "microlab.mjs";
// empty when there is none.
QByteArray handlerSource(const QString& name);

}  // namespace ml::exporting
