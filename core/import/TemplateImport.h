// Importing a SAM or CloudFormation template (YAML or JSON) as a diagram: functions and their
// Events, event source mappings, queues with redrive policies, topics and subscriptions, tables
// with streams, buckets with notifications, schedules, REST/HTTP/WebSocket APIs, destinations.
// Nothing is dropped silently: what has no place in a diagram is kept verbatim in the project
// file's top-level `unmapped` section and reported as a warning.
#pragma once

#include "format/Result.h"
#include "model/Diagram.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace ml::cfn {

struct ImportNote {
    enum class Level { Note, Warning };
    Level level = Level::Note;
    QString path;  // template path, like "/Resources/Jobs/Properties/VisibilityTimeout"
    QString message;

    bool isWarning() const { return level == Level::Warning; }
    QString toString() const;  // "warning: /Resources/Jobs/Properties/RedriveAllowPolicy: …"
};

struct ImportedTemplate {
    Diagram diagram;                // laid out (layout::arrange); `unmapped` in diagram.extra
    std::vector<ImportNote> notes;  // in template order: why each function got its kind, what was
                                    // added (clients, routers), what was kept unmapped
};

// The `unmapped` section (Diagram::extra["unmapped"]), for the exporter to write back:
//   "template":   the file name it came from
//   "sections":   top-level template sections other than Resources, verbatim (Parameters,
//                 Globals, Outputs, Conditions, Mappings, Transform, AWSTemplateFormatVersion, …)
//   "resources":  {LogicalId: {"Type": …, "Properties": …, …}} resources with no node, verbatim
//   "properties": {LogicalId: {Property: value}} properties of mapped resources with no setting
//                 (Handler, Runtime, CodeUri, Policies, Environment, …), verbatim
//   "logicalIds": {node id: LogicalId} the resource each imported node came from
constexpr const char* kUnmappedKey = "unmapped";

// `fileName` names the template in errors and becomes the diagram's name. Errors name the
// template path (/Resources/Jobs/Properties/VisibilityTimeout) and, for syntax, line and column.
Result<ImportedTemplate> importTemplate(const QByteArray& bytes, const QString& fileName);
Result<ImportedTemplate> importTemplateFile(const QString& path);

}  // namespace ml::cfn
