// The kinds of the Catalog: every node kind of SEMANTICS.md with its config schema.
#include "format/Duration.h"
#include "model/CatalogData.h"

namespace ml::catalogdata {

namespace {

constexpr double s(double seconds) { return seconds * double(kMicrosPerSecond); }

ConfigKey duration(const char* name, const char* def, double minSeconds, double maxSeconds, const char* help)
{
    ConfigKey k = makeKey(QString::fromLatin1(name), ValueType::Duration, def ? Json(def) : Json(), s(minSeconds),
                          s(maxSeconds), {}, QString::fromUtf8(help), {});
    return k;
}

ConfigKey integer(const char* name, Json def, std::optional<double> min, std::optional<double> max, const char* help,
                  const char* unit = "")
{
    return makeKey(QString::fromLatin1(name), ValueType::Integer, std::move(def), min, max, {}, QString::fromUtf8(help),
                   QString::fromUtf8(unit));
}

ConfigKey number(const char* name, Json def, double min, double max, const char* help)
{
    return makeKey(QString::fromLatin1(name), ValueType::Number, std::move(def), min, max, {}, QString::fromUtf8(help),
                   {});
}

ConfigKey boolean(const char* name, bool def, const char* help)
{
    return makeKey(QString::fromLatin1(name), ValueType::Boolean, Json(def), {}, {}, {}, QString::fromUtf8(help), {});
}

ConfigKey text(const char* name, Json def, const char* help)
{
    return makeKey(QString::fromLatin1(name), ValueType::String, std::move(def), {}, {}, {}, QString::fromUtf8(help),
                   {});
}

ConfigKey choice(const char* name, const char* def, QStringList values, const char* help)
{
    return makeKey(QString::fromLatin1(name), ValueType::Enum, Json(def), {}, {}, std::move(values),
                   QString::fromUtf8(help), {});
}

ConfigKey typed(const char* name, ValueType type, Json def, const char* help)
{
    return makeKey(QString::fromLatin1(name), type, std::move(def), {}, {}, {}, QString::fromUtf8(help), {});
}

// A key of the local run only (no AWS form); with `aws`, the value AWS fixes.
ConfigKey localOnly(ConfigKey k, const char* aws = nullptr)
{
    k.localOnly = true;
    if (aws) k.awsFixed = QString::fromLatin1(aws);
    return k;
}

// Keys every one of the nine microservice kinds shares (SEMANTICS.md "Functions").
std::vector<ConfigKey> functionKeys()
{
    return {
        duration("timeout", "3s", 1, 900,
                 "An invocation that runs longer fails with \"Task timed out\" (1 s – 900 s)."),
        localOnly(typed("latency", ValueType::Latency,
                        Json{{"dist", "lognormal"}, {"median", "20ms"}, {"p99", "200ms"}},
                        "How long an invocation takes: lognormal {median, p99}, fixed {value}, uniform {min, max}, "
                        "exponential {mean}, normal {mean, stddev}.")),
        localOnly(number("errorRate", 0, 0, 1, "Probability that an invocation fails (0 – 1).")),
        integer("concurrency", Json(), 0, 10000,
                "Reserved concurrency. Over it a sync invoke gets 429; async and queue-driven invokes wait and retry. "
                "Unset: unlimited.",
                "instances"),
        localOnly(duration("coldStart", "0ms", 0, 60, "Extra latency for an invocation that needs a new instance.")),
        localOnly(duration("keepWarm", "10m", 0, 7200, "Instances idle longer than this are reclaimed.")),
        integer("memoryMb", 128, 128, 10240, "Memory size, for the cost estimate and the export.", "MB"),
        integer("maxRetryAttempts", 2, 0, 2, "Retries of a failed async invocation (after 1 min, then 2 min)."),
        duration("maxEventAge", "6h", 60, 6 * 3600,
                 "How long an async event may wait (throttled) before it is dropped."),
    };
}

KindInfo function(const char* id, const char* display, const char* help, std::vector<ConfigKey> own = {})
{
    KindInfo k;
    k.id = QString::fromLatin1(id);
    k.displayName = QString::fromUtf8(display);
    k.category = Category::Microservice;
    k.help = QString::fromUtf8(help);
    k.icon = k.id;
    k.isFunction = true;
    k.config = functionKeys();
    for (ConfigKey& c : own) k.config.push_back(std::move(c));
    return k;
}

KindInfo resource(const char* id, const char* display, Category category, const char* help,
                  std::vector<ConfigKey> config = {})
{
    KindInfo k;
    k.id = QString::fromLatin1(id);
    k.displayName = QString::fromUtf8(display);
    k.category = category;
    k.help = QString::fromUtf8(help);
    k.icon = k.id;
    k.config = std::move(config);
    return k;
}

}  // namespace

std::vector<KindInfo> kinds()
{
    const QStringList queueTypes{QStringLiteral("standard"), QStringLiteral("fifo")};
    std::vector<KindInfo> list;

    // Microservices.
    list.push_back(function("router", "Router",
                            "Takes requests from an API gateway and invokes the edge whose actions list holds the "
                            "request's action; unknown actions get 400."));
    list.back().edgeChoice = EdgeChoice::Action;
    list.push_back(function("crud", "Basic CRUD",
                            "Create, retrieve, update, delete and list items in the table or bucket it is wired to."));
    list.push_back(function("worker", "Decoupled worker",
                            "Processes messages from a queue (event source mapping) or async invokes; results go "
                            "to its success edges."));
    list.push_back(
        function("task-manager", "Task manager",
                 "Dispatches {service, action, data, target} tasks from its queue, retrying failed or "
                 "timed-out tasks.",
                 {duration("taskTimeout", "30s", 1, 43200, "How long a dispatched task may stay in progress."),
                  integer("maxRetries", 3, 0, 100, "Retries of a task whose target fails or times out.")}));
    list.push_back(function("gatekeeper", "Gatekeeper",
                            "The only service allowed to touch the stores it guards; checks every request against "
                            "its policy and keeps a hash-chained audit trail.",
                            {typed("policy", ValueType::Policy, Json::array(),
                                   "Rules {principal, actions, effect}; default deny, deny wins."),
                             localOnly(text("auditDatabase", ":memory:",
                                            "SQLite file of the audit trail (\":memory:\" keeps it in memory)."))}));
    list.back().guardsStores = true;
    list.push_back(function("trigger", "Trigger",
                            "Invoked by the bucket (object events) or table (stream records) it is wired from."));
    list.push_back(function("log-monitor", "Log monitor",
                            "Subscribes to a log group with a filter pattern and forwards matching lines by their "
                            "urgency and sensitivity."));
    list.back().edgeChoice = EdgeChoice::LogFilter;
    list.push_back(function("cron", "CRON",
                            "Fires on a schedule: rate(5 minutes) or cron(Min Hour DoM Month DoW Year), UTC.",
                            {typed("schedule", ValueType::Schedule, "rate(5 minutes)",
                                   "rate(N unit) or cron(Min Hour DoM Month DoW Year) in UTC."),
                             typed("payload", ValueType::Json, Json::object(), "The event body sent on each fire.")}));
    list.back().startsTraffic = true;
    list.push_back(function("websocket-handler", "WebSocket handler",
                            "Handles $connect, $disconnect and custom routes of a WebSocket API and keeps the "
                            "connections table."));

    // Entry points.
    list.push_back(
        resource("api-gateway", "API gateway", Category::EntryPoint,
                 "HTTP routes that validate requests and invoke a function; 400/404/429/502/504 like "
                 "API Gateway.",
                 {typed("routes", ValueType::Routes, Json::array(),
                        "Routes {method, path, action, required}; /items/{id} fills pathParameters."),
                  duration("integrationTimeout", "29s", 0.05, 29, "Longer than this the caller gets 504."),
                  localOnly(integer("port", 0, 0, 65535, "Live mode HTTP port on 127.0.0.1 (0: any free port).")),
                  typed("cors", ValueType::Cors, Json(),
                        "Browser origins allowed in live mode {allowOrigins, allowMethods, allowHeaders, "
                        "maxAge}; unset: loopback origins only.")}));
    list.back().inject = InjectForm::HttpRequest;
    list.back().startsTraffic = true;
    list.back().endpoint = Endpoint::Http;
    list.push_back(resource(
        "websocket-api", "WebSocket API", Category::EntryPoint,
        "Real WebSocket connections routed to handlers by route key; functions push back "
        "through @connections.",
        {text("routeSelection", "$request.body.action", "Where the route key is read from."),
         localOnly(duration("idleTimeout", "10m", 1, 7200, "Idle connections are closed after this."), "10m"),
         localOnly(duration("maxConnectionDuration", "2h", 1, 7200, "Connections are closed after this."), "2h"),
         localOnly(
             integer("maxMessageSize", 131072, 1, 131072, "Larger frames close the connection with 1009.", "bytes"),
             "131072"),
         localOnly(integer("port", 0, 0, 65535, "Live mode WebSocket port on 127.0.0.1 (0: any free port).")),
         localOnly(typed("cors", ValueType::Cors, Json(),
                         "Browser origins whose handshakes are accepted in live mode {allowOrigins}; unset: "
                         "loopback origins only."))}));
    list.back().inject = InjectForm::WebSocketFrame;
    list.back().startsTraffic = true;
    list.back().endpoint = Endpoint::WebSocket;

    // Queues & messaging.
    list.push_back(
        resource("queue", "Queue", Category::Messaging,
                 "SQS queue: visibility timeout, receive counts, dead-letter queue after "
                 "maxReceiveCount, FIFO groups.",
                 {choice("type", "standard", queueTypes, "Standard or FIFO."),
                  duration("visibilityTimeout", "30s", 0, 12 * 3600,
                           "A received message stays invisible this long before it comes back."),
                  duration("delay", "0s", 0, 15 * 60, "Delivery delay of new messages."),
                  duration("retention", "4d", 60, 14 * 86400, "Older messages are deleted (expired)."),
                  integer("maxReceiveCount", Json(), 1, 1000,
                          "Receives before a message moves to the dead-letter queue (needs a dead-letter edge)."),
                  integer("maxMessageSize", 1048576, 1024, 1048576,
                          "Largest message body (1 KiB – 1 MiB; larger sends are refused).", "bytes"),
                  boolean("contentDeduplication", false,
                          "FIFO: deduplicate by the SHA-256 of the body when no deduplicationId is given.")}));
    list.back().inject = InjectForm::Message;
    list.back().isQueue = true;
    list.push_back(resource("topic", "Topic", Category::Messaging,
                            "SNS topic: fans out to every subscription whose filter policy matches.",
                            {choice("type", "standard", queueTypes, "Standard or FIFO.")}));
    list.back().inject = InjectForm::Message;
    list.back().fansOut = true;
    list.push_back(resource("inbox", "Inbox", Category::Messaging,
                            "An admin's e-mail/SMS stand-in: collects what topics send it."));

    // Data.
    list.push_back(
        resource("table", "Table", Category::Data,
                 "DynamoDB-style table backed by a real SQLite database; optional change stream.",
                 {text("key", "id", "The key attribute."),
                  choice("stream", "off",
                         {QStringLiteral("off"), QStringLiteral("NEW_AND_OLD_IMAGES"), QStringLiteral("NEW_IMAGE"),
                          QStringLiteral("OLD_IMAGE"), QStringLiteral("KEYS_ONLY")},
                         "Change stream for triggers."),
                  localOnly(text("database", ":memory:", "SQLite file (\":memory:\" keeps it in memory)."))}));
    list.back().hasStream = true;
    list.push_back(resource("bucket", "Bucket", Category::Data,
                            "S3-style bucket: objects by key; creates and deletes notify triggers."));
    list.back().inject = InjectForm::Object;

    // Observability.
    list.push_back(resource("logs", "Log group", Category::Observability,
                            "CloudWatch log group: collects the structured lines of the functions wired to it.",
                            {duration("retention", nullptr, 86400, 3653.0 * 86400,
                                      "Lines older than this are deleted. Unset: kept forever.")}));
    list.back().isLogGroup = true;

    // Clients.
    list.push_back(resource("client", "Simulated client", Category::Client,
                            "Simulated users or producers sending requests or messages at a rate.",
                            {typed("rate", ValueType::Rate, "1/s", "How many sends per unit of time, like \"20/s\"."),
                             choice("arrival", "constant",
                                    {QStringLiteral("constant"), QStringLiteral("poisson"), QStringLiteral("burst"),
                                     QStringLiteral("ramp")},
                                    "How sends are spaced in time."),
                             integer("count", Json(), 0, 1e12, "Total to send. Unset: unlimited.", "messages"),
                             duration("start", "0s", 0, 365.0 * 86400, "Virtual time of the first send."),
                             typed("users", ValueType::StringList, Json::array({"anonymous"}), "The users sending."),
                             typed("requests", ValueType::Requests, Json::array(),
                                   "Towards an API: {method, path, body, headers, weight}."),
                             typed("messages", ValueType::Messages, Json::array(),
                                   "Towards a queue, topic or bucket: {body, attributes, groupId, key, weight}."),
                             boolean("websocket", false, "Open a WebSocket connection per user to receive pushes.")}));
    list.back().startsTraffic = true;
    // The AWS services each kind stands for, so the palette finds "sqs", "lambda" or "dynamodb".
    static const std::pair<const char*, const char*> services[] = {
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
    for (KindInfo& k : list) {
        if (k.isFunction) k.awsServices = QStringLiteral("Lambda function");
        for (const auto& [id, words] : services)
            if (k.id == QLatin1String(id))
                k.awsServices +=
                    (k.awsServices.isEmpty() ? QString() : QStringLiteral(" ")) + QString::fromLatin1(words);
    }
    return list;
}

}  // namespace ml::catalogdata
