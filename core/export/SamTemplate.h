// A diagram as a deployable AWS SAM template (Transform AWS::Serverless-2016-10-31) and as plain
// CloudFormation with every AWS::Serverless::* resource expanded the way the SAM translator does.
// Both are JSON documents; TemplateText writes them as YAML (SAM) or JSON (CloudFormation).
#pragma once

#include "export/ExportOptions.h"
#include "format/Result.h"
#include "model/Diagram.h"

namespace ml::exporting {

// Errors name the edge or node that cannot be exported (a dangling edge, an unknown kind).
Result<ExportedTemplate> samTemplate(const Diagram& diagram, const ExportOptions& options = {});

// The SAM template with AWS::Serverless::Function / HttpApi / WebSocketApi expanded into
// AWS::Lambda::*, AWS::IAM::Role, AWS::ApiGatewayV2::*, AWS::Events::Rule, AWS::Logs::SubscriptionFilter,
// AWS::SNS::Subscription and bucket notifications. Function code comes from the CodeBucket parameter.
Result<ExportedTemplate> cloudFormationTemplate(const Diagram& diagram, const ExportOptions& options = {});
Result<ExportedTemplate> expandServerless(const ExportedTemplate& sam);

// The config keys of a kind that have no AWS form (simulation settings, local ports and files,
// limits AWS fixes); the export warns about each one a node sets.
QStringList keysWithoutAwsForm(const QString& kind);
QStringList edgeKeysWithoutAwsForm(const QString& fromKind, const QString& toKind, const QString& edgeKind);

// The handler file a function of the diagram gets (src/<function>/index.mjs) and the directory name.
QString functionDirectory(const Diagram& diagram, const NodeId& function);

}  // namespace ml::exporting
