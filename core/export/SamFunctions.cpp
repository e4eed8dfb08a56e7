// Functions in the SAM template: AWS::Serverless::Function with its runtime settings, the
// least-privilege policy each outgoing edge implies, an event for each incoming edge, async
// destinations from `when` edges, and the environment the generated handler reads its wiring from.
#include "export/SamBuild.h"

#include <algorithm>

namespace ml::exporting {

namespace {

struct FunctionParts {
    Json policies = Json::array();
    Json events = Json::object();
    Json env = Json::object();
    Json edges = Json::array();  // the handler's wiring, as JSON in the EDGES variable
    Json onSuccess;
    Json onFailure;
};

QString targetEnv(const Node& target) { return QStringLiteral("TARGET_") + constantCase(target.id.value); }

QString eventName(SamBuild& b, const QString& function, const QString& wanted)
{
    // The translator names derived resources <Function><Event>[Permission]; claiming both keeps them unique.
    const QString claimed = b.ids.claim(function + wanted);
    b.ids.claim(claimed + QStringLiteral("Permission"));
    return claimed.mid(function.size());
}

Json destinationOf(const SamBuild& b, const Node& target)
{
    switch (awsShape(target)) {
    case AwsShape::Queue: return {{"Type", "SQS"}, {"Destination", b.arnOf(target)}};
    case AwsShape::Topic: return {{"Type", "SNS"}, {"Destination", b.arnOf(target)}};
    case AwsShape::Function: return {{"Type", "Lambda"}, {"Destination", b.arnOf(target)}};
    default: return Json();
    }
}

void addOutgoing(SamBuild& b, const Node& fn, FunctionParts& parts)
{
    // By target: the wiring (EDGES) and the policies read the same after an import, whatever
    // order the edges were drawn in.
    std::vector<const Edge*> outgoing = b.diagram.edgesFrom(fn.id);
    std::stable_sort(outgoing.begin(), outgoing.end(),
                     [](const Edge* a, const Edge* c) { return a->to.value < c->to.value; });
    for (const Edge* e : outgoing) {
        const Node* to = b.node(e->to);
        if (!to) continue;
        const Json ec = b.edgeConfig(*e);
        const QString target = b.id(*to);
        Json wiring = {{"to", toStd(to->id.value)}, {"env", toStd(targetEnv(*to))}};
        Json value;
        switch (awsShape(*to)) {
        case AwsShape::Function:
            parts.policies.push_back({{"LambdaInvokePolicy", {{"FunctionName", ref(target)}}}});
            wiring["service"] = "lambda";
            wiring["invocation"] = ec.value("invocation", std::string("async"));
            value = ref(target);
            break;
        case AwsShape::Queue:
            parts.policies.push_back({{"SQSSendMessagePolicy", {{"QueueName", getAtt(target, "QueueName")}}}});
            wiring["service"] = "sqs";
            if (b.config(*to).value("type", std::string()) == "fifo") wiring["fifo"] = true;
            if (ec.contains("groupId") && ec["groupId"].is_string()) wiring["groupId"] = ec["groupId"];
            value = ref(target);
            break;
        case AwsShape::Topic:
            parts.policies.push_back({{"SNSPublishMessagePolicy", {{"TopicName", getAtt(target, "TopicName")}}}});
            wiring["service"] = "sns";
            value = ref(target);
            break;
        case AwsShape::Table:
            parts.policies.push_back({{"DynamoDBCrudPolicy", {{"TableName", ref(target)}}}});
            wiring["service"] = "dynamodb";
            wiring["key"] = b.config(*to).value("key", std::string("id"));
            value = ref(target);
            break;
        case AwsShape::Bucket:
            parts.policies.push_back({{"S3CrudPolicy", {{"BucketName", b.bucketName(*to)}}}});
            wiring["service"] = "s3";
            value = b.bucketName(*to);
            break;
        case AwsShape::WebSocketApi: {
            if (!b.resources.contains(toStd(target))) continue;  // not exported (warned there)
            const QString connections = target + QStringLiteral("Connections");
            parts.policies.push_back(
                {{"Statement",
                  Json::array({{{"Effect", "Allow"},
                                {"Action", "execute-api:ManageConnections"},
                                {"Resource", sub(QStringLiteral("arn:${AWS::Partition}:execute-api:${AWS::Region}:"
                                                                "${AWS::AccountId}:${%1}/*")
                                                     .arg(target))}}})}});
            parts.policies.push_back({{"DynamoDBReadPolicy", {{"TableName", ref(connections)}}}});
            wiring["service"] = "push";
            wiring["connectionsEnv"] = toStd(QStringLiteral("CONNECTIONS_") + constantCase(to->id.value));
            parts.env[wiring["connectionsEnv"].get<std::string>()] = ref(connections);
            if (ec.contains("connectionId") && ec["connectionId"].is_string())
                wiring["connectionId"] = ec["connectionId"];
            value = sub(QStringLiteral("https://${%1}.execute-api.${AWS::Region}.${AWS::URLSuffix}/%2")
                            .arg(target, b.options.stageName));
            break;
        }
        case AwsShape::LogGroup: continue;  // LoggingConfig, below
        default: b.warn(fn, QStringLiteral("edge to %1 has no AWS form; left out").arg(to->id.value)); continue;
        }
        if (ec.contains("actions") && ec["actions"].is_array()) wiring["actions"] = ec["actions"];
        const std::string when =
            ec.contains("when") && ec["when"].is_string() ? ec["when"].get<std::string>() : "always";
        if (when == "success" || when == "failure") {
            wiring["when"] = when;
            Json& slot = when == "success" ? parts.onSuccess : parts.onFailure;
            const Json destination = destinationOf(b, *to);
            if (destination.is_null())
                b.warn(fn, QStringLiteral("on-%1 edge to %2: Lambda destinations are queues, topics or functions; "
                                          "the handler sends it itself")
                               .arg(toQString(when), to->id.value));
            else if (!slot.is_null())
                b.warn(fn, QStringLiteral("has more than one on-%1 edge; Lambda takes one destination, so %2 is "
                                          "sent to by the handler")
                               .arg(toQString(when), to->id.value));
            else
                slot = destination;
        } else if (!when.empty() && when != "always") {
            wiring["filter"] = when;  // a log monitor's filter pattern
        }
        parts.env[toStd(targetEnv(*to))] = value;
        parts.edges.push_back(wiring);
    }
}

void addIncoming(SamBuild& b, const Node& fn, FunctionParts& parts)
{
    const QString self = b.id(fn);
    for (const Edge* e : b.diagram.edgesTo(fn.id)) {
        const Node* from = b.node(e->from);
        if (!from) continue;
        const Json ec = b.edgeConfig(*e);
        const QString source = b.id(*from);
        const AwsShape shape = awsShape(*from);
        if (shape == AwsShape::HttpApi) {
            if (!b.resources.contains(toStd(source))) continue;
            const Json routes = b.config(*from).value("routes", Json::array());
            // The gateway integrates with its first invoke edge (as the engine does).
            const Edge* first = nullptr;
            for (const Edge* out : b.diagram.edgesFrom(from->id))
                if (out->kind == QLatin1String("invoke")) {
                    first = out;
                    break;
                }
            if (first != e) {
                b.warn(*from, QStringLiteral("invokes more than one function; every route goes to %1, the first")
                                  .arg(first ? first->to.value : QString()));
                continue;
            }
            parts.env["ROUTES"] = routes.dump();
            for (const Json& r : routes) {
                const std::string method = r.value("method", std::string("ANY"));
                const std::string path = r.value("path", std::string("/"));
                const QString name = eventName(b, self, source + pascalCase(toQString(method + " " + path)));
                parts.events[toStd(name)] = {{"Type", "HttpApi"},
                                             {"Properties",
                                              {{"ApiId", ref(source)},
                                               {"Method", method == "ANY" ? "ANY" : method},
                                               {"Path", path},
                                               {"PayloadFormatVersion", "1.0"}}}};
                // The gateway's integrationTimeout is each route's integration timeout (50 ms – 30 s).
                if (from->config.contains("integrationTimeout"))
                    if (const Result<Micros> t = duration::fromJson(from->config["integrationTimeout"]); t)
                        parts.events[toStd(name)]["Properties"]["TimeoutInMillis"] = *t / 1000;
            }
        } else if (e->kind == QLatin1String("event-source")) {
            const bool fifo = b.config(*from).value("type", std::string()) == "fifo";
            Json p = {{"Queue", getAtt(source, "Arn")}, {"BatchSize", ec.value("batchSize", 10)}};
            if (auto w = b.seconds(ec, "batchWindow"); w && *w > 0) {
                if (fifo)
                    b.warn(fn, QStringLiteral("a FIFO queue's mapping takes no batching window; left out"));
                else
                    p["MaximumBatchingWindowInSeconds"] = *w;
            }
            if (ec.value("reportBatchItemFailures", false)) {
                p["FunctionResponseTypes"] = Json::array({"ReportBatchItemFailures"});
                parts.env["REPORT_BATCH_ITEM_FAILURES"] = "true";  // the handler reports per message only then
            }
            if (ec.contains("maxConcurrency") && ec["maxConcurrency"].is_number_integer())
                p["ScalingConfig"] = {{"MaximumConcurrency", ec["maxConcurrency"]}};
            if (ec.contains("filterCriteria") && ec["filterCriteria"].is_array()) {
                Json filters = Json::array();
                for (const Json& pattern : ec["filterCriteria"])
                    filters.push_back({{"Pattern", pattern.is_string() ? pattern.get<std::string>() : pattern.dump()}});
                p["FilterCriteria"] = {{"Filters", filters}};
            }
            if (!ec.value("enabled", true)) p["Enabled"] = false;
            parts.events[toStd(eventName(b, self, source))] = {{"Type", "SQS"}, {"Properties", p}};
        } else if (e->kind == QLatin1String("subscription")) {
            if (ec.value("rawMessageDelivery", false))
                b.warn(fn, QStringLiteral("the subscription from %1 asks for raw delivery; SNS delivers raw messages "
                                          "only to queues and HTTP endpoints, so it is not exported")
                               .arg(from->id.value));
            Json p = {{"Topic", ref(source)}};
            if (ec.contains("filterPolicy") && ec["filterPolicy"].is_object()) {
                p["FilterPolicy"] = ec["filterPolicy"];
                p["FilterPolicyScope"] = ec.value("filterPolicyScope", std::string("MessageAttributes"));
            }
            if (ec.contains("deadLetterQueue") && ec["deadLetterQueue"].is_string())
                if (const Node* dlq = b.node(NodeId(toQString(ec["deadLetterQueue"].get<std::string>())))) {
                    p["RedrivePolicy"] = {{"deadLetterTargetArn", getAtt(b.id(*dlq), "Arn")}};
                    b.allowTopicToQueue(source, b.id(*dlq));
                }
            parts.events[toStd(eventName(b, self, source))] = {{"Type", "SNS"}, {"Properties", p}};
        } else if (e->kind == QLatin1String("notification")) {
            Json events = Json::array();
            for (const Json& ev : ec.value("events", Json::array({"s3:ObjectCreated:*"}))) {
                std::string name = ev.get<std::string>();
                if (name.rfind("s3:", 0) != 0) name = "s3:" + name;  // accepted without the prefix, AWS wants it
                events.push_back(name);
            }
            Json p = {{"Bucket", ref(source)}, {"Events", events}};
            Json rules = Json::array();
            if (!ec.value("prefix", std::string()).empty())
                rules.push_back({{"Name", "prefix"}, {"Value", ec["prefix"]}});
            if (!ec.value("suffix", std::string()).empty())
                rules.push_back({{"Name", "suffix"}, {"Value", ec["suffix"]}});
            if (!rules.empty()) p["Filter"] = {{"S3Key", {{"Rules", rules}}}};
            parts.events[toStd(eventName(b, self, source))] = {{"Type", "S3"}, {"Properties", p}};
        } else if (e->kind == QLatin1String("stream")) {
            Json p = {{"Stream", getAtt(source, "StreamArn")},
                      {"StartingPosition", ec.value("startingPosition", std::string("LATEST"))},
                      {"BatchSize", ec.value("batchSize", 100)},
                      {"MaximumRetryAttempts", ec.value("maxRetryAttempts", -1)},
                      {"BisectBatchOnFunctionError", ec.value("bisectOnError", false)}};
            parts.events[toStd(eventName(b, self, source))] = {{"Type", "DynamoDB"}, {"Properties", p}};
        } else if (e->kind == QLatin1String("log-subscription")) {
            Json p = {{"LogGroupName", ref(source)}, {"FilterPattern", ec.value("filterPattern", std::string())}};
            parts.events[toStd(eventName(b, self, source))] = {{"Type", "CloudWatchLogs"}, {"Properties", p}};
        } else if (e->kind == QLatin1String("route") && b.resources.contains(toStd(source))) {
            const QString connections = source + QStringLiteral("Connections");
            parts.policies.push_back({{"DynamoDBCrudPolicy", {{"TableName", ref(connections)}}}});
            parts.env["CONNECTIONS_TABLE"] = ref(connections);
        }
    }
}

// The task manager's handler bounds each attempt by taskTimeout, retries at once up to maxRetries
// and then moves the task to its queue's dead-letter queue itself, as the engine does.
void addTaskSettings(SamBuild& b, const Node& fn, FunctionParts& parts)
{
    const Json c = b.config(fn);
    const qint64 taskTimeout = b.seconds(c, "taskTimeout").value_or(30);
    const qint64 maxRetries = c.value("maxRetries", 3);
    parts.env["TASK_TIMEOUT_SECONDS"] = std::to_string(taskTimeout);
    parts.env["MAX_RETRIES"] = std::to_string(maxRetries);
    const qint64 timeout = b.seconds(c, "timeout").value_or(3);
    if ((maxRetries + 1) * taskTimeout > timeout)
        b.warn(fn, QStringLiteral("a task may take %1 attempts × taskTimeout %2 s, longer than the function's Timeout "
                                  "%3 s; on AWS the invocation stops at its Timeout and SQS hands the batch out again")
                       .arg(maxRetries + 1)
                       .arg(taskTimeout)
                       .arg(timeout));
    const Node* dlq = nullptr;
    for (const Edge* in : b.diagram.edgesTo(fn.id)) {
        if (in->kind != QLatin1String("event-source")) continue;
        for (const Edge* out : b.diagram.edgesFrom(in->from))
            if (out->kind == QLatin1String("dead-letter") && b.node(out->to)) {
                if (dlq && dlq != b.node(out->to))
                    b.warn(fn, QStringLiteral("its queues have different dead-letter queues; failed tasks go to %1")
                                   .arg(dlq->id.value));
                if (!dlq) dlq = b.node(out->to);
            }
    }
    if (!dlq) return;  // no DLQ: the handler reports the task failed and SQS hands it out again
    const QString target = b.id(*dlq);
    parts.policies.push_back({{"SQSSendMessagePolicy", {{"QueueName", getAtt(target, "QueueName")}}}});
    parts.env["TASK_DEAD_LETTER_QUEUE"] = ref(target);
    if (b.config(*dlq).value("type", std::string()) == "fifo") parts.env["TASK_DEAD_LETTER_FIFO"] = "true";
}

void addFunction(SamBuild& b, const Node& fn)
{
    const Json c = b.config(fn);
    const QString self = b.id(fn);
    FunctionParts parts;
    parts.env["NODE_ID"] = toStd(fn.id.value);
    parts.env["NODE_KIND"] = toStd(fn.kind);
    addOutgoing(b, fn, parts);
    addIncoming(b, fn, parts);

    const KindInfo* info = Catalog::instance().kind(fn.kind);
    if (info->key(QStringLiteral("schedule"))) {
        Json p = {{"Schedule", c.value("schedule", std::string("rate(5 minutes)"))},
                  {"Input", c.value("payload", Json::object()).dump()}};
        parts.events[toStd(eventName(b, self, QStringLiteral("Schedule")))] = {{"Type", "Schedule"}, {"Properties", p}};
    }
    if (info->guardsStores) {
        const QString audit = b.ids.claim(self + QStringLiteral("Audit"));
        // QLDB has reached end of support: the hash-chained trail is a DynamoDB table (trail, seq).
        b.resources[toStd(audit)] = {
            {"Type", "AWS::DynamoDB::Table"},
            {"Properties",
             {{"BillingMode", "PAY_PER_REQUEST"},
              {"AttributeDefinitions", Json::array({{{"AttributeName", "trail"}, {"AttributeType", "S"}},
                                                    {{"AttributeName", "seq"}, {"AttributeType", "N"}}})},
              {"KeySchema", Json::array({{{"AttributeName", "trail"}, {"KeyType", "HASH"}},
                                         {{"AttributeName", "seq"}, {"KeyType", "RANGE"}}})},
              {"PointInTimeRecoverySpecification", {{"PointInTimeRecoveryEnabled", true}}}}}};
        parts.policies.push_back({{"DynamoDBCrudPolicy", {{"TableName", ref(audit)}}}});
        parts.env["AUDIT_TABLE"] = ref(audit);
        parts.env["POLICY"] = c.value("policy", Json::array()).dump();
    }
    if (info->key(QStringLiteral("taskTimeout"))) addTaskSettings(b, fn, parts);
    parts.env["EDGES"] = parts.edges.dump();

    Json p = Json::object();
    p["CodeUri"] = toStd(QStringLiteral("src/%1/").arg(fn.id.value));
    p["Handler"] = "index.handler";
    p["Runtime"] = kNodeRuntime;
    p["Description"] = toStd(QStringLiteral("%1 (%2)").arg(fn.displayName(), fn.kind));
    p["Timeout"] = b.seconds(c, "timeout").value_or(3);
    p["MemorySize"] = c.value("memoryMb", 128);
    if (c.contains("concurrency") && c["concurrency"].is_number_integer())
        p["ReservedConcurrentExecutions"] = c["concurrency"];
    // Lambda stops SQS/SNS/Lambda loops it detects after ~16 rounds; a diagram loop is a design choice, so say so.
    p["RecursiveLoop"] = "Terminate";
    Json logging = {{"LogFormat", "JSON"}};
    for (const Edge* e : b.diagram.edgesFrom(fn.id))
        if (const Node* to = b.node(e->to); to && awsShape(*to) == AwsShape::LogGroup) {
            logging["LogGroup"] = ref(b.id(*to));
            break;
        }
    p["LoggingConfig"] = logging;
    p["Environment"] = {{"Variables", parts.env}};
    if (!parts.policies.empty()) p["Policies"] = parts.policies;
    Json invoke = {{"MaximumRetryAttempts", c.value("maxRetryAttempts", 2)},
                   {"MaximumEventAgeInSeconds", b.seconds(c, "maxEventAge").value_or(21600)}};
    Json destinations = Json::object();
    if (!parts.onSuccess.is_null()) destinations["OnSuccess"] = parts.onSuccess;
    if (!parts.onFailure.is_null()) destinations["OnFailure"] = parts.onFailure;
    if (!destinations.empty()) invoke["DestinationConfig"] = destinations;
    p["EventInvokeConfig"] = invoke;
    if (!parts.events.empty()) p["Events"] = parts.events;
    b.resources[toStd(self)] = {{"Type", "AWS::Serverless::Function"}, {"Properties", p}};
}

}  // namespace

void addFunctions(SamBuild& b)
{
    for (const Node& n : b.diagram.nodes())
        if (awsShape(n) == AwsShape::Function) addFunction(b, n);
}

void addOutputs(SamBuild& b)
{
    for (const Node& n : b.diagram.nodes())
        if (awsShape(n) == AwsShape::Client)
            b.warn(n, QStringLiteral("is a simulated client; it has no AWS resource and is not exported"));
}

}  // namespace ml::exporting
