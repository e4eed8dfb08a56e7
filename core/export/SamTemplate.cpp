// The SAM template: the document's frame, the helpers of SamBuild, and the plain resources every
// non-function node becomes (queues, topics and their subscriptions, tables, buckets, log groups, APIs).
#include "export/SamTemplate.h"

#include "export/CfnExpand.h"
#include "export/SamBuild.h"
#include "format/Duration.h"

#include <QRegularExpression>

#include <cmath>

namespace ml::exporting {

AwsShape awsShape(const Node& node)
{
    const KindInfo* kind = Catalog::instance().kind(node.kind);
    if (!kind) return AwsShape::Unknown;
    if (kind->isFunction) return AwsShape::Function;
    static const QHash<QString, AwsShape> shapes = {
        {QStringLiteral("api-gateway"), AwsShape::HttpApi}, {QStringLiteral("websocket-api"), AwsShape::WebSocketApi},
        {QStringLiteral("queue"), AwsShape::Queue},         {QStringLiteral("topic"), AwsShape::Topic},
        {QStringLiteral("inbox"), AwsShape::Inbox},         {QStringLiteral("table"), AwsShape::Table},
        {QStringLiteral("bucket"), AwsShape::Bucket},       {QStringLiteral("logs"), AwsShape::LogGroup},
        {QStringLiteral("client"), AwsShape::Client},
    };
    return shapes.value(node.kind, AwsShape::Unknown);
}

Json SamBuild::edgeConfig(const Edge& e) const
{
    const Node* a = node(e.from);
    const Node* b = node(e.to);
    if (!a || !b) return e.config;
    return catalog.effectiveEdgeConfig(a->kind, b->kind, e.kind, e.config);
}

std::optional<qint64> SamBuild::seconds(const Json& config, const char* key) const
{
    if (!config.contains(key) || config[key].is_null()) return std::nullopt;
    const Result<Micros> micros = duration::fromJson(config[key]);
    if (!micros) return std::nullopt;
    return qint64(std::ceil(double(*micros) / double(kMicrosPerSecond)));
}

Json SamBuild::bucketName(const Node& bucket) const
{
    // <node id>-<the stack's UUID>: lowercase, unique per stack, at most 63 characters.
    const std::string prefix = toStd(bucket.id.value.left(26)) + "-";
    const Json uuid =
        Json{{"Fn::Select", Json::array({2, Json{{"Fn::Split", Json::array({"/", Json{{"Ref", "AWS::StackId"}}})}}})}};
    return Json{{"Fn::Join", Json::array({"", Json::array({prefix, uuid})})}};
}

Json SamBuild::arnOf(const Node& target) const
{
    switch (awsShape(target)) {
    case AwsShape::Topic: return ref(id(target));  // a topic's Ref is its ARN
    case AwsShape::Bucket:
        return Json{{"Fn::Join", Json::array({"", Json::array({"arn:", ref(QStringLiteral("AWS::Partition")),
                                                               ":s3:::", bucketName(target)})})}};
    default: return getAtt(id(target), "Arn");
    }
}

void SamBuild::allowTopicToQueue(const QString& topicId, const QString& queueId)
{
    if (!snsToQueue.contains(queueId)) {
        snsToQueue.insert(queueId, Json::array());
        queueOrder << queueId;
    }
    snsToQueue[queueId].push_back(Json{{"Sid", toStd(QStringLiteral("Allow%1").arg(topicId))},
                                       {"Effect", "Allow"},
                                       {"Principal", {{"Service", "sns.amazonaws.com"}}},
                                       {"Action", "sqs:SendMessage"},
                                       {"Resource", getAtt(queueId, "Arn")},
                                       {"Condition", {{"ArnEquals", {{"aws:SourceArn", ref(topicId)}}}}}});
}

namespace {

const Edge* deadLetterEdge(const SamBuild& b, const Node& queue)
{
    for (const Edge* e : b.diagram.edgesFrom(queue.id))
        if (e->kind == QLatin1String("dead-letter")) return e;
    return nullptr;
}

void addQueue(SamBuild& b, const Node& n)
{
    const Json c = b.config(n);
    Json p = Json::object();
    const bool fifo = c.value("type", std::string()) == "fifo";
    if (fifo) p["FifoQueue"] = true;
    if (fifo && c.value("contentDeduplication", false)) p["ContentBasedDeduplication"] = true;
    if (auto v = b.seconds(c, "visibilityTimeout")) p["VisibilityTimeout"] = *v;
    if (n.config.contains("delay"))
        if (auto v = b.seconds(c, "delay")) p["DelaySeconds"] = *v;
    if (n.config.contains("retention"))
        if (auto v = b.seconds(c, "retention")) p["MessageRetentionPeriod"] = *v;
    if (n.config.contains("maxMessageSize") && c["maxMessageSize"].is_number_integer())
        p["MaximumMessageSize"] = c["maxMessageSize"];
    if (const Edge* dlq = deadLetterEdge(b, n); dlq && b.node(dlq->to)) {
        Json count = c.value("maxReceiveCount", Json());
        if (!count.is_number_integer()) {
            b.warn(n, QStringLiteral("has a dead-letter queue but no maxReceiveCount; exported with SQS's "
                                     "console default of 10"));
            count = 10;
        }
        p["RedrivePolicy"] = {{"deadLetterTargetArn", getAtt(b.id(*b.node(dlq->to)), "Arn")},
                              {"maxReceiveCount", count}};
    }
    Json r = {{"Type", "AWS::SQS::Queue"}};
    if (!p.empty()) r["Properties"] = p;
    b.resources[toStd(b.id(n))] = r;
}

void addTopic(SamBuild& b, const Node& n)
{
    const Json c = b.config(n);
    Json r = {{"Type", "AWS::SNS::Topic"}};
    if (c.value("type", std::string()) == "fifo") r["Properties"] = {{"FifoTopic", true}};
    b.resources[toStd(b.id(n))] = r;

    // Subscriptions of queues and inboxes; function subscriptions are the functions' SNS events.
    for (const Edge* e : b.diagram.edgesFrom(n.id)) {
        const Node* to = b.node(e->to);
        if (!to || e->kind != QLatin1String("subscription")) continue;
        const AwsShape shape = awsShape(*to);
        if (shape != AwsShape::Queue && shape != AwsShape::Inbox) continue;
        const Json ec = b.edgeConfig(*e);
        Json p = {{"TopicArn", ref(b.id(n))}};
        if (shape == AwsShape::Queue) {
            p["Protocol"] = "sqs";
            p["Endpoint"] = getAtt(b.id(*to), "Arn");
            b.allowTopicToQueue(b.id(n), b.id(*to));
            if (ec.value("rawMessageDelivery", false)) p["RawMessageDelivery"] = true;
        } else {
            p["Protocol"] = "email";
            p["Endpoint"] = ref(b.id(*to) + QStringLiteral("Email"));
            if (ec.value("rawMessageDelivery", false))
                b.warn(n, QStringLiteral("the subscription of inbox %1 asks for raw delivery; SNS delivers raw "
                                         "messages only to queues and HTTP endpoints, so it is not exported")
                              .arg(to->id.value));
        }
        if (ec.contains("filterPolicy") && ec["filterPolicy"].is_object()) {
            p["FilterPolicy"] = ec["filterPolicy"];
            p["FilterPolicyScope"] = ec.value("filterPolicyScope", std::string("MessageAttributes"));
        }
        if (ec.contains("deadLetterQueue") && ec["deadLetterQueue"].is_string()) {
            if (const Node* dlq = b.node(NodeId(toQString(ec["deadLetterQueue"].get<std::string>())))) {
                p["RedrivePolicy"] = {{"deadLetterTargetArn", getAtt(b.id(*dlq), "Arn")}};
                b.allowTopicToQueue(b.id(n), b.id(*dlq));
            }
        }
        b.resources[toStd(b.ids.claim(b.id(n) + QStringLiteral("To") + b.id(*to)))] = {
            {"Type", "AWS::SNS::Subscription"}, {"Properties", p}};
    }
}

void addInbox(SamBuild& b, const Node& n)
{
    // An inbox is a person: its address is asked for at deploy time.
    b.parameters[toStd(b.ids.claim(b.id(n) + QStringLiteral("Email")))] = {
        {"Type", "String"},
        {"Description",
         toStd(QStringLiteral("E-mail address that receives what the %1 inbox collects").arg(n.displayName()))}};
}

bool hasStreamReader(const SamBuild& b, const Node& table)
{
    for (const Edge* e : b.diagram.edgesFrom(table.id))
        if (e->kind == QLatin1String("stream")) return true;
    return false;
}

Json keyTable(const std::string& key)
{
    return {{"BillingMode", "PAY_PER_REQUEST"},
            {"AttributeDefinitions", Json::array({{{"AttributeName", key}, {"AttributeType", "S"}}})},
            {"KeySchema", Json::array({{{"AttributeName", key}, {"KeyType", "HASH"}}})}};
}

void addTable(SamBuild& b, const Node& n)
{
    const Json c = b.config(n);
    Json p = keyTable(c.value("key", std::string("id")));
    std::string stream = c.value("stream", std::string("off"));
    if (stream == "off" && hasStreamReader(b, n)) {
        b.warn(n, QStringLiteral("feeds a stream edge but its stream is off; exported with NEW_AND_OLD_IMAGES"));
        stream = "NEW_AND_OLD_IMAGES";
    }
    if (stream != "off") p["StreamSpecification"] = {{"StreamViewType", stream}};
    b.resources[toStd(b.id(n))] = {{"Type", "AWS::DynamoDB::Table"}, {"Properties", p}};
}

void addLogGroup(SamBuild& b, const Node& n)
{
    Json r = {{"Type", "AWS::Logs::LogGroup"}};
    if (auto secs = b.seconds(b.config(n), "retention")) {
        // CloudWatch accepts only these retentions; round up so nothing is deleted earlier than asked.
        static const int days[] = {1,   3,   5,   7,   14,   30,   60,   90,   120,  150,  180,
                                   365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653};
        const qint64 wanted = (*secs + 86399) / 86400;
        int chosen = 3653;
        for (int d : days)
            if (d >= wanted) {
                chosen = d;
                break;
            }
        if (qint64(chosen) * 86400 != *secs)
            b.warn(n, QStringLiteral("CloudWatch keeps logs for set numbers of days; retention %1 is exported as %2 "
                                     "days")
                          .arg(toQString(b.config(n)["retention"].dump()))
                          .arg(chosen));
        r["Properties"] = {{"RetentionInDays", chosen}};
    }
    b.resources[toStd(b.id(n))] = r;
}

void addHttpApi(SamBuild& b, const Node& n)
{
    bool integrated = false;
    for (const Edge* e : b.diagram.edgesFrom(n.id)) integrated = integrated || e->kind == QLatin1String("invoke");
    if (!integrated || b.config(n).value("routes", Json::array()).empty()) {
        b.warn(n,
               QStringLiteral("has no routes or no function to invoke; an HTTP API needs both, so it is not exported"));
        return;
    }
    Json p = {{"Description", toStd(n.displayName())}};
    // The diagram's CORS settings are HTTP API's CorsConfiguration, key for key.
    if (const Json& cors = n.config.value("cors", Json()); cors.is_object()) {
        Json c = Json::object();
        for (const auto& [from, to] :
             {std::pair{"allowOrigins", "AllowOrigins"}, std::pair{"allowMethods", "AllowMethods"},
              std::pair{"allowHeaders", "AllowHeaders"}, std::pair{"maxAge", "MaxAge"}})
            if (cors.contains(from)) c[to] = cors[from];
        p["CorsConfiguration"] = c;
    }
    b.resources[toStd(b.id(n))] = {{"Type", "AWS::Serverless::HttpApi"}, {"Properties", p}};
    b.outputs[toStd(b.id(n) + QStringLiteral("Url"))] = {
        {"Description", toStd(QStringLiteral("Base URL of %1").arg(n.displayName()))},
        {"Value", sub(QStringLiteral("https://${%1}.execute-api.${AWS::Region}.${AWS::URLSuffix}/").arg(b.id(n)))}};
}

void addWebSocketApi(SamBuild& b, const Node& n)
{
    const Json c = b.config(n);
    Json routes = Json::object();
    for (const Edge* e : b.diagram.edgesFrom(n.id)) {
        const Node* to = b.node(e->to);
        if (!to || e->kind != QLatin1String("route")) continue;
        const std::string key = b.edgeConfig(*e).value("route", std::string("$default"));
        if (routes.contains(key)) {
            b.warn(n, QStringLiteral("route %1 is wired to more than one handler; the first is exported")
                          .arg(toQString(key)));
            continue;
        }
        routes[key] = {{"FunctionArn", getAtt(b.id(*to), "Arn")}};
    }
    if (routes.empty()) {
        b.warn(n, QStringLiteral("has no routes; a WebSocket API needs one, so it is not exported"));
        return;
    }
    const Json api = {{"Type", "AWS::Serverless::WebSocketApi"},
                      {"Properties",
                       {{"RouteSelectionExpression", c.value("routeSelection", std::string("$request.body.action"))},
                        {"StageName", toStd(b.options.stageName)},
                        {"Routes", routes}}}};
    // The SAM translator takes only alphanumeric custom route keys ("sendmessage", not "send-message");
    // API Gateway takes any, so such an API is written as the plain resources the translator would make.
    bool samAccepts = true;
    static const QRegularExpression alphanumeric(QStringLiteral("^[A-Za-z0-9]+$"));
    for (auto it = routes.begin(); it != routes.end(); ++it) {
        const QString key = toQString(it.key());
        samAccepts = samAccepts && (key == QLatin1String("$connect") || key == QLatin1String("$disconnect") ||
                                    key == QLatin1String("$default") || alphanumeric.match(key).hasMatch());
    }
    if (samAccepts) {
        b.resources[toStd(b.id(n))] = api;
    } else {
        cfn::Expansion x(api);
        cfn::expandWebSocketApi(x, toStd(b.id(n)), api);
        for (auto it = x.resources.begin(); it != x.resources.end(); ++it) b.resources[it.key()] = it.value();
    }
    // Where the handlers keep open connections and pushers look them up.
    Json connections = keyTable("connectionId");
    b.resources[toStd(b.ids.claim(b.id(n) + QStringLiteral("Connections")))] = {{"Type", "AWS::DynamoDB::Table"},
                                                                                {"Properties", connections}};
    b.outputs[toStd(b.id(n) + QStringLiteral("Url"))] = {
        {"Description", toStd(QStringLiteral("WebSocket URL of %1").arg(n.displayName()))},
        {"Value", sub(QStringLiteral("wss://${%1}.execute-api.${AWS::Region}.${AWS::URLSuffix}/%2")
                          .arg(b.id(n), b.options.stageName))}};
}

}  // namespace

void addResources(SamBuild& b)
{
    for (const Node& n : b.diagram.nodes()) {
        switch (awsShape(n)) {
        case AwsShape::Queue: addQueue(b, n); break;
        case AwsShape::Topic: addTopic(b, n); break;
        case AwsShape::Inbox: addInbox(b, n); break;
        case AwsShape::Table: addTable(b, n); break;
        case AwsShape::Bucket:
            b.resources[toStd(b.id(n))] = {{"Type", "AWS::S3::Bucket"},
                                           {"Properties", {{"BucketName", b.bucketName(n)}}}};
            break;
        case AwsShape::LogGroup: addLogGroup(b, n); break;
        case AwsShape::HttpApi: addHttpApi(b, n); break;
        case AwsShape::WebSocketApi: addWebSocketApi(b, n); break;
        case AwsShape::Function:
        case AwsShape::Client:
        case AwsShape::Unknown: break;
        }
    }
}

void addQueuePolicies(SamBuild& b)
{
    for (const QString& queue : b.queueOrder) {
        b.resources[toStd(b.ids.claim(queue + QStringLiteral("TopicPolicy")))] = {
            {"Type", "AWS::SQS::QueuePolicy"},
            {"Properties",
             {{"Queues", Json::array({ref(queue)})},
              {"PolicyDocument", {{"Version", "2012-10-17"}, {"Statement", b.snsToQueue.value(queue)}}}}}};
    }
}

Result<ExportedTemplate> samTemplate(const Diagram& diagram, const ExportOptions& options)
{
    for (std::size_t i = 0; i < diagram.edges().size(); ++i) {
        const Edge& e = diagram.edges()[i];
        if (!diagram.node(e.from) || !diagram.node(e.to) || e.kind.isEmpty())
            return exportError(
                QStringLiteral("edge %1 (%2 → %3) does not connect two nodes the Catalog allows; fix the "
                               "diagram (microlab-cli validate) before exporting")
                    .arg(e.id.value, e.from.value, e.to.value),
                QStringLiteral("/edges/%1").arg(i));
    }
    for (std::size_t i = 0; i < diagram.nodes().size(); ++i)
        if (awsShape(diagram.nodes()[i]) == AwsShape::Unknown)
            return exportError(QStringLiteral("unknown node kind \"%1\"").arg(diagram.nodes()[i].kind),
                               QStringLiteral("/nodes/%1/kind").arg(i));

    SamBuild b(diagram, options);
    addResources(b);
    addFunctions(b);
    addQueuePolicies(b);  // after the functions: their SNS events' dead-letter queues need SNS's permission too
    addOutputs(b);
    warnNotExported(b);

    ExportedTemplate t;
    Json& doc = t.document;
    doc["AWSTemplateFormatVersion"] = "2010-09-09";
    doc["Transform"] = "AWS::Serverless-2016-10-31";
    QString description = diagram.name.isEmpty() ? QStringLiteral("Microlab diagram") : diagram.name;
    if (!diagram.description.isEmpty()) description += QStringLiteral(" — ") + diagram.description;
    doc["Description"] = toStd(description);
    if (!b.parameters.empty()) doc["Parameters"] = b.parameters;
    doc["Resources"] = b.resources;
    if (!b.outputs.empty()) doc["Outputs"] = b.outputs;
    writeBackUnmapped(diagram, doc, b.warnings);
    t.warnings = b.warnings;
    return t;
}

QString functionDirectory(const Diagram&, const NodeId& function) { return function.value; }

}  // namespace ml::exporting
