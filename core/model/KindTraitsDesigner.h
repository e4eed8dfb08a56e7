// Kind traits the designer's lint rules and editors need that the Catalog does not state yet.
// Each answers from the Catalog where it can; the one name comparison left is for the integrator
// to fold into KindInfo.
#pragma once

#include "model/Catalog.h"

namespace ml::traits {

inline bool hasKeyOfType(const QString& kind, ValueType type)
{
    const KindInfo* k = Catalog::instance().kind(kind);
    if (!k) return false;
    for (const ConfigKey& key : k->config)
        if (key.type == type) return true;
    return false;
}

// Starts work by itself in a run (a simulated client, a schedule); everything else waits for input.
inline bool sendsTraffic(const QString& kind)
{
    return hasKeyOfType(kind, ValueType::Requests) || hasKeyOfType(kind, ValueType::Messages) ||
           hasKeyOfType(kind, ValueType::Schedule);
}

// Matches HTTP requests against a `routes` table (an API gateway).
inline bool servesRoutes(const QString& kind) { return hasKeyOfType(kind, ValueType::Routes); }

// Sends HTTP requests from a `requests` list (a client wired to an API).
inline bool sendsRequests(const QString& kind) { return hasKeyOfType(kind, ValueType::Requests); }

// Picks the outgoing edge whose `actions` list holds the request's action (a router). The Catalog
// attaches `actions` to such a kind's edges but has no flag on the kind itself.
inline bool dispatchesByAction(const QString& kind) { return kind == QLatin1String("router"); }

}  // namespace ml::traits

namespace ml::traits {

// The AWS service names a user searches the palette with ("lambda", "sqs", "dynamodb"), for the
// kind that stands for each service. Functions are all Lambda.
inline QStringList awsServiceWords(const QString& kind)
{
    const KindInfo* k = Catalog::instance().kind(kind);
    QStringList words;
    if (k && k->isFunction) words << QStringLiteral("Lambda function");
    static const std::pair<const char*, const char*> table[] = {
        {"api-gateway", "API Gateway HTTP API REST apigateway"},
        {"websocket-api", "API Gateway WebSocket apigateway"},
        {"queue", "SQS Simple Queue Service dead-letter DLQ"},
        {"topic", "SNS Simple Notification Service EventBridge event bus pub/sub"},
        {"table", "DynamoDB NoSQL"},
        {"bucket", "S3 Simple Storage Service object storage"},
        {"logs", "CloudWatch Logs log group"},
        {"log-monitor", "CloudWatch Logs subscription filter alarm"},
        {"cron", "EventBridge Scheduler CloudWatch Events rate schedule"},
        {"inbox", "SNS email SMS notification"},
        {"client", "load generator traffic users requests"},
        {"gatekeeper", "IAM authorizer policy audit"},
        {"trigger", "S3 DynamoDB Streams event"},
        {"task-manager", "Step Functions orchestration"},
    };
    for (const auto& [id, text] : table)
        if (kind == QLatin1String(id)) words << QString::fromLatin1(text);
    return words;
}

}  // namespace ml::traits
