// What an export writes and what it found on the way: the options every exporter takes and the
// document it returns with the warnings a user must see (nothing is dropped silently).
#pragma once

#include "format/Json.h"

#include <QString>
#include <QStringList>

namespace ml::exporting {

// Lambda's newest Node.js runtime; the installed cfn-lint (1.51) knows it.
inline constexpr const char* kNodeRuntime = "nodejs24.x";

struct ExportOptions {
    // SAM: functions point at src/<function>/ (the handlers written by --with-handlers). CloudFormation:
    // code comes from the CodeBucket parameter, one <function>.zip per function, as `sam package`
    // would have uploaded it.
    bool withHandlers = false;
    QString stageName = QStringLiteral("live");  // the WebSocket API's stage
};

struct ExportedTemplate {
    Json document = Json::object();
    QStringList warnings;  // "node jobs: ..." — what could not be expressed exactly
};

}  // namespace ml::exporting
