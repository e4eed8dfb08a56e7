// Internal to the CloudFormation exporter: the expansion of one AWS::Serverless::* resource of the
// SAM template into the plain resources the SAM translator makes of it (same logical-id scheme:
// <Function>Role, <Function><Event>, <Function><Event>Permission, <Function>EventInvokeConfig).
#pragma once

#include "export/ExportOptions.h"
#include "format/Json.h"

#include <QString>
#include <QStringList>

namespace ml::exporting::cfn {

struct Expansion {
    const Json& sam;                  // the whole SAM document (read-only)
    Json resources = Json::object();  // the CloudFormation resources, in order
    QStringList warnings;
    // HTTP API logical id → its routes, collected from the functions' HttpApi events.
    Json httpRoutes = Json::object();

    explicit Expansion(const Json& document) : sam(document) {}
};

// One IAM statement list for a SAM policy-template entry ({"SQSSendMessagePolicy": {...}} or {"Statement": [...]}).
Json policyStatements(const Json& entry, QStringList& warnings);

void expandFunction(Expansion& x, const std::string& id, const Json& function);
void expandHttpApi(Expansion& x, const std::string& id, const Json& api);
void expandWebSocketApi(Expansion& x, const std::string& id, const Json& api);

}  // namespace ml::exporting::cfn
