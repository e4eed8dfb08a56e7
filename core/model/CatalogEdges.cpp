// The edge kinds of the Catalog and the rules saying which kinds may connect to which.
#include "format/Duration.h"
#include "model/CatalogData.h"

namespace ml::catalogdata {

std::vector<EdgeKindInfo> edgeKinds()
{
    auto k = [](const char* id, const char* name, const char* help, const char* label = "") {
        return EdgeKindInfo{QString::fromLatin1(id), QString::fromUtf8(name), QString::fromUtf8(help),
                            QString::fromUtf8(label)};
    };
    return {
        k("invoke", "Invoke", "Calls a function, synchronously (RequestResponse) or asynchronously (Event)."),
        k("enqueue", "Send / publish", "Sends a message to a queue or publishes it to a topic."),
        k("event-source", "Event source mapping", "Polls the queue in batches and invokes the function."),
        k("dead-letter", "Dead-letter queue", "Messages received more than maxReceiveCount times move here.", "DLQ"),
        k("subscription", "Subscription", "Delivers the topic's messages that match the filter policy."),
        k("notification", "Event notification", "Object created/removed events of a bucket invoke the function."),
        k("stream", "Stream", "Change records of a table's stream invoke the function in batches.", "stream"),
        k("log-subscription", "Subscription filter", "Log lines matching the filter pattern go to the function."),
        k("route", "Route", "Frames whose route key matches are handled by the function."),
        k("push", "Push (@connections)", "Sends a message to open WebSocket connections."),
        k("data-access", "Data access", "Reads and writes items or objects."),
        k("traffic", "Traffic", "Simulated requests or messages from clients."),
        k("logging", "Logs to", "The function writes its structured log lines to this log group."),
    };
}

std::vector<ConnectionRule> rules(const std::vector<KindInfo>& kinds)
{
    std::vector<ConnectionRule> list;
    QStringList functions;
    for (const KindInfo& k : kinds)
        if (k.isFunction) functions << k.id;

    auto add = [&](const QString& from, const QString& to, const char* edge, bool isDefault = true) {
        list.push_back(ConnectionRule{from, to, QString::fromLatin1(edge), isDefault});
    };
    auto s = [](const char* id) { return QString::fromLatin1(id); };

    for (const QString& f : functions) {
        for (const QString& g : functions) add(f, g, "invoke");
        add(f, s("queue"), "enqueue");
        add(f, s("topic"), "enqueue");
        add(f, s("table"), "data-access");
        add(f, s("bucket"), "data-access");
        add(f, s("websocket-api"), "push");
        add(f, s("logs"), "logging");
        add(s("api-gateway"), f, "invoke");
        add(s("queue"), f, "event-source");
        add(s("topic"), f, "subscription");
        add(s("table"), f, "stream");
        add(s("bucket"), f, "notification");
        add(s("logs"), f, "log-subscription");
        add(s("websocket-api"), f, "route");
    }
    add(s("queue"), s("queue"), "dead-letter");
    add(s("topic"), s("queue"), "subscription");
    add(s("topic"), s("inbox"), "subscription");
    for (const char* target : {"api-gateway", "websocket-api", "queue", "topic", "bucket"})
        add(s("client"), s(target), "traffic");
    return list;
}

namespace {

ConfigKey key(const char* name, ValueType type, Json def, const char* help, QStringList values = {},
              std::optional<double> min = {}, std::optional<double> max = {})
{
    return makeKey(QString::fromLatin1(name), type, std::move(def), min, max, std::move(values),
                   QString::fromUtf8(help), {});
}

constexpr double sec(double v) { return v * double(kMicrosPerSecond); }

// Marks a key for the edge's label on the canvas.
ConfigKey labelled(ConfigKey k, const char* format = "%1", const char* omit = "")
{
    k.onEdgeLabel = true;
    k.labelFormat = QString::fromUtf8(format);
    k.labelOmit = QString::fromLatin1(omit);
    return k;
}

}  // namespace

std::vector<ConfigKey> edgeConfigKeys(const KindInfo* from, const QString& toKind, const QString& edgeKind)
{
    std::vector<ConfigKey> keys;
    const QString e = edgeKind;
    const bool fromIsFunction = from && from->isFunction;
    const EdgeChoice choice = from ? from->edgeChoice : EdgeChoice::Outcome;
    // Edges a function sends along: which of its outcomes use them.
    if (fromIsFunction && (e == QLatin1String("invoke") || e == QLatin1String("enqueue") ||
                           e == QLatin1String("push") || e == QLatin1String("data-access"))) {
        if (choice == EdgeChoice::Action)
            keys.push_back(labelled(
                key("actions", ValueType::StringList, Json::array(), "The request actions routed along this edge.")));
        if (choice == EdgeChoice::LogFilter)
            keys.push_back(labelled(key("when", ValueType::LogFilter, "",
                                        "Filter pattern a log line must match to go this way (empty: every line).")));
        else if (e != QLatin1String("data-access"))
            keys.push_back(
                labelled(key("when", ValueType::Enum, "always",
                             "always: part of every invocation's work; success / failure: async "
                             "destination for the invocation record.",
                             {QStringLiteral("always"), QStringLiteral("success"), QStringLiteral("failure")}),
                         "on %1"));
    }
    if (e == QLatin1String("invoke")) {
        // Whoever answers a caller waiting on the other side (an API, a router) invokes synchronously.
        const bool fromApi = from && from->endpoint == Endpoint::Http;
        keys.push_back(key("invocation", ValueType::Enum, fromApi || choice == EdgeChoice::Action ? "sync" : "async",
                           "sync (RequestResponse): the caller waits; async (Event): the caller gets 202 and "
                           "failures are retried.",
                           fromApi ? QStringList{QStringLiteral("sync")}
                                   : QStringList{QStringLiteral("sync"), QStringLiteral("async")}));
    } else if (e == QLatin1String("enqueue")) {
        if (toKind == QLatin1String("queue"))
            keys.push_back(
                key("groupId", ValueType::String, Json(), "FIFO: the message group id (default: the trace's user)."));
    } else if (e == QLatin1String("event-source")) {
        keys.push_back(labelled(
            key("batchSize", ValueType::Integer, 10, "Messages per invocation (1 – 10 000; FIFO ≤ 10).", {}, 1, 10000),
            "batch %1"));
        keys.push_back(key("batchWindow", ValueType::Duration, "0s",
                           "How long to gather a batch (≤ 300 s; required for batches over 10).", {}, 0, sec(300)));
        keys.push_back(key("maxConcurrency", ValueType::Integer, Json(),
                           "Most concurrent batches (2 – 1000). Unset: unlimited.", {}, 2, 1000));
        keys.push_back(key("reportBatchItemFailures", ValueType::Boolean, false,
                           "Only the messages the function reports as failed come back."));
        keys.push_back(key("enabled", ValueType::Boolean, true, "A disabled mapping does not poll."));
        keys.push_back(key("filterCriteria", ValueType::FilterCriteria, Json(),
                           "Lambda event filtering: up to 5 EventBridge patterns over \"body\" and \"attributes\", "
                           "e.g. [{\"body\": {\"type\": [\"order\"]}}]; a message matching none is deleted "
                           "without an invocation. Unset: every message."));
    } else if (e == QLatin1String("subscription")) {
        keys.push_back(
            labelled(key("filterPolicy", ValueType::FilterPolicy, Json(), "SNS filter policy; unset: every message."),
                     "filter"));
        keys.push_back(key("filterPolicyScope", ValueType::Enum, "MessageAttributes",
                           "What the filter policy looks at.",
                           {QStringLiteral("MessageAttributes"), QStringLiteral("MessageBody")}));
        keys.push_back(
            key("rawMessageDelivery", ValueType::Boolean, false, "Deliver the body without the SNS envelope."));
        keys.push_back(
            key("deadLetterQueue", ValueType::NodeRef, Json(), "Queue for deliveries that failed every retry."));
    } else if (e == QLatin1String("notification")) {
        // S3 accepts the event names with or without the "s3:" prefix; the file keeps what it was given.
        // The prefixed forms first: they are what the inspector's checked list offers at the top.
        QStringList events;
        for (const char* name : {"ObjectCreated:*", "ObjectCreated:Put", "ObjectCreated:Post", "ObjectCreated:Copy",
                                 "ObjectCreated:CompleteMultipartUpload", "ObjectRemoved:*", "ObjectRemoved:Delete",
                                 "ObjectRemoved:DeleteMarkerCreated"})
            events << QStringLiteral("s3:") + QString::fromLatin1(name);
        for (qsizetype i = 0, n = events.size(); i < n; ++i) events << events[i].mid(3);
        keys.push_back(labelled(key("events", ValueType::StringList, Json::array({"s3:ObjectCreated:*"}),
                                    "The object events that notify (with or without the \"s3:\" prefix).", events),
                                "%1", "s3:"));
        keys.push_back(key("prefix", ValueType::String, "", "Only keys starting with this."));
        keys.push_back(key("suffix", ValueType::String, "", "Only keys ending with this."));
    } else if (e == QLatin1String("stream")) {
        keys.push_back(key("batchSize", ValueType::Integer, 100, "Records per invocation (1 – 10 000).", {}, 1, 10000));
        keys.push_back(key("maxRetryAttempts", ValueType::Integer, -1,
                           "Retries of a failed batch (−1: until the record is 24 h old).", {}, -1, 10000));
        keys.push_back(
            key("bisectOnError", ValueType::Boolean, false, "Split a failed batch in two and retry each half."));
        keys.push_back(key("startingPosition", ValueType::Enum, "LATEST", "Where reading starts.",
                           {QStringLiteral("LATEST"), QStringLiteral("TRIM_HORIZON")}));
    } else if (e == QLatin1String("log-subscription")) {
        keys.push_back(
            labelled(key("filterPattern", ValueType::LogFilter, "", "CloudWatch filter pattern (empty: every line).")));
    } else if (e == QLatin1String("route")) {
        keys.push_back(labelled(key("route", ValueType::String, "$default",
                                    "Route key: $connect, $disconnect, $default or a custom key.")));
    } else if (e == QLatin1String("push")) {
        keys.push_back(key("connectionId", ValueType::String, Json(),
                           "Push to this connection; unset: every open connection of the request's user."));
    }
    return keys;
}

}  // namespace ml::catalogdata
