// Internal to the SAM exporter: the state shared by the files that write one template (resources,
// functions, outputs) and the small helpers for CloudFormation intrinsics.
#pragma once

#include "export/ExportOptions.h"
#include "export/LogicalIds.h"
#include "format/Duration.h"
#include "model/Catalog.h"
#include "model/Diagram.h"

#include <QHash>

#include <optional>

namespace ml::exporting {

inline Error exportError(const QString& message, const QString& pointer)
{
    Error e;
    e.message = message;
    e.pointer = pointer;
    return e;
}

inline Json ref(const QString& id) { return Json{{"Ref", toStd(id)}}; }
inline Json getAtt(const QString& id, const char* attribute)
{
    return Json{{"Fn::GetAtt", Json::array({toStd(id), attribute})}};
}
inline Json sub(const QString& text) { return Json{{"Fn::Sub", toStd(text)}}; }

// What a node becomes in AWS: the exporter is the one place that maps Microlab kinds to
// CloudFormation types (the Catalog knows behaviour, not AWS resource types).
enum class AwsShape { Function, HttpApi, WebSocketApi, Queue, Topic, Inbox, Table, Bucket, LogGroup, Client, Unknown };
AwsShape awsShape(const Node& node);

struct SamBuild {
    SamBuild(const Diagram& d, const ExportOptions& o) : diagram(d), options(o), ids(d) {}

    const Diagram& diagram;
    const ExportOptions& options;
    const Catalog& catalog = Catalog::instance();
    LogicalIds ids;

    Json parameters = Json::object();
    Json resources = Json::object();
    Json outputs = Json::object();
    QStringList warnings;
    // Queue logical id → statements letting SNS topics deliver to it (one QueuePolicy per queue).
    QHash<QString, Json> snsToQueue;
    QStringList queueOrder;

    const Node* node(const NodeId& id) const { return diagram.node(id); }
    QString id(const Node& n) const { return ids.of(n.id); }
    Json config(const Node& n) const { return catalog.effectiveConfig(n.kind, n.config); }
    Json edgeConfig(const Edge& e) const;
    void warn(const Node& n, const QString& text) { warnings << QStringLiteral("node %1: %2").arg(n.id.value, text); }

    // Duration keys in whole seconds (rounded up; CloudFormation takes integers).
    std::optional<qint64> seconds(const Json& config, const char* key) const;
    // A bucket's name: fixed from the stack, account and node id so policies can name it without
    // a Ref (a Ref from a function's policy to a bucket that notifies it is a circular dependency).
    Json bucketName(const Node& bucket) const;
    // The ARN a destination, subscription or policy points at.
    Json arnOf(const Node& target) const;
    void allowTopicToQueue(const QString& topicId, const QString& queueId);
};

void addResources(SamBuild& b);      // queues, topics, subscriptions, tables, buckets, log groups, APIs
void addFunctions(SamBuild& b);      // every function with its events, policies and environment
void addQueuePolicies(SamBuild& b);  // one AWS::SQS::QueuePolicy per queue SNS delivers to
void addOutputs(SamBuild& b);
void warnNotExported(SamBuild& b);  // every config key a node sets that has no AWS form
// The diagram's `unmapped` section (from an import) written into the finished SAM document.
void writeBackUnmapped(const Diagram& diagram, Json& doc, QStringList& warnings);

}  // namespace ml::exporting
