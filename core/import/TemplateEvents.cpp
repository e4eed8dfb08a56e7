// The importer's wiring pass: function settings, destinations, subscriptions, log subscriptions
// (event source mappings are TemplateMappings.cpp, API routes TemplateRoutes.cpp), schedules, the Events of SAM
// functions, and WebSocket/HTTP routes of API Gateway v2 — each becomes an edge (or a function's schedule) with its
// settings.
#include "format/Duration.h"
#include "format/JsonText.h"
#include "import/TemplateReader.h"
#include "model/Catalog.h"

#include <QRegularExpression>

namespace ml::cfn {

using jsontext::describe;

Json policyValue(const Json& v)
{
    if (!v.is_string()) return v;
    Result<Json> parsed = jsontext::parse(QByteArray::fromStdString(v.get<std::string>()));
    return parsed ? parsed.value() : v;
}

std::optional<Error> TemplateReader::functionSettings(const QString& id, const Json& ownProps, const QString& path)
{
    Json props = ownProps;
    // SAM's Globals.Function apply to every AWS::Serverless::Function unless it sets its own.
    if (typeOf(id) == QLatin1String("AWS::Serverless::Function"))
        for (const char* key : {"Timeout", "MemorySize", "ReservedConcurrentExecutions", "EventInvokeConfig"})
            if (!props.contains(key) && m_globalsFunction.contains(key)) props[key] = m_globalsFunction[key];
    Json& config = node(nodeOf(id))->config;
    for (auto it = props.begin(); it != props.end(); ++it) {
        const QString key = toQString(it.key());
        const QString p = path + QLatin1Char('/') + key;
        std::optional<qint64> v;
        if (key == QLatin1String("Timeout")) {
            if (auto e = seconds(*it, p, v)) return e;
            if (v) {
                if (auto e = setDuration(config, QStringLiteral("worker"), "timeout", *v, p)) return e;
                continue;
            }
        } else if (key == QLatin1String("MemorySize") || key == QLatin1String("ReservedConcurrentExecutions")) {
            if (auto e = integer(*it, p, v)) return e;
            const bool memory = key == QLatin1String("MemorySize");
            if (v && memory && (*v < 128 || *v > 10240))
                return error(p, QStringLiteral("expected 128 – 10240 MB; got %1").arg(*v));
            if (v && !memory && (*v < 0 || *v > 10000))
                return error(p, QStringLiteral("expected 0 – 10000; got %1").arg(*v));
            if (v) {
                config[memory ? "memoryMb" : "concurrency"] = *v;
                continue;
            }
        } else if (key == QLatin1String("Events") || key == QLatin1String("EventInvokeConfig")) {
            continue;  // functionEvents(), standaloneResources()
        } else if (key == QLatin1String("FunctionName") && it->is_string()) {
            node(nodeOf(id))->name = toQString(it->get<std::string>());
        } else if (key == QLatin1String("Description") && it->is_string() && m_microlab.contains(id)) {
            // "<name> (<kind>)", as the export writes it.
            const QString d = toQString(it->get<std::string>());
            const QString suffix = QStringLiteral(" (%1)").arg(m_microlab[id].kind);
            if (d.endsWith(suffix)) node(nodeOf(id))->name = d.chopped(suffix.size());
        }
        if (ownProps.contains(it.key())) keepMicrolabProperty(id, key, *it);
    }
    return std::nullopt;
}

std::optional<Error> TemplateReader::destinations(const QString& id, const Json& config, const QString& path)
{
    if (!config.is_object()) return error(path, QStringLiteral("expected an object; got %1").arg(describe(config)));
    Json& fn = node(nodeOf(id))->config;
    std::optional<qint64> v;
    if (auto e = integer(member(config, "MaximumRetryAttempts"), path + QStringLiteral("/MaximumRetryAttempts"), v))
        return e;
    if (v && (*v < 0 || *v > 2))
        return error(path + QStringLiteral("/MaximumRetryAttempts"), QStringLiteral("expected 0 – 2; got %1").arg(*v));
    // Lambda's defaults (2 retries, 6 h) are the diagram's: set only what differs, so a function
    // nothing invokes asynchronously does not get settings the lint calls useless.
    if (v && *v != 2) fn["maxRetryAttempts"] = *v;
    if (auto e =
            seconds(member(config, "MaximumEventAgeInSeconds"), path + QStringLiteral("/MaximumEventAgeInSeconds"), v))
        return e;
    if (v && *v != 6 * 3600)
        if (auto e = setDuration(fn, QStringLiteral("worker"), "maxEventAge", *v,
                                 path + QStringLiteral("/MaximumEventAgeInSeconds")))
            return e;
    const Json& destinations = member(config, "DestinationConfig");
    for (const char* when : {"OnSuccess", "OnFailure"}) {
        const Json& d = member(destinations, when);
        if (d.is_null()) continue;
        const QString dp = path + QStringLiteral("/DestinationConfig/") + QString::fromLatin1(when);
        const QString target = referencedNode(member(d, "Destination"));
        if (target.isEmpty()) {
            warn(dp, QStringLiteral("the destination is no queue, topic or function of this template (%1); kept in "
                                    "unmapped")
                         .arg(text(member(d, "Type"))));
            keepProperty(id, QStringLiteral("EventInvokeConfig"), config);
            continue;
        }
        const Json edge{{"when", std::string(when) == "OnSuccess" ? "success" : "failure"}};
        connect(nodeOf(id), nodeOf(target), edge, dp);
    }
    for (auto it = config.begin(); it != config.end(); ++it)
        if (it.key() != "MaximumRetryAttempts" && it.key() != "MaximumEventAgeInSeconds" &&
            it.key() != "DestinationConfig") {
            warn(path + QLatin1Char('/') + toQString(it.key()),
                 QStringLiteral("has no diagram setting; kept in unmapped"));
            keepProperty(id, QStringLiteral("EventInvokeConfig"), config);
        }
    return std::nullopt;
}

std::optional<Error> TemplateReader::standaloneResources()
{
    auto subscribe = [&](const QString& topic, const Json& sub, const QString& path, const QString& resourceId) {
        const QString protocol = text(member(sub, "Protocol")).toLower();
        Json config = Json::object();
        if (sub.contains("FilterPolicy")) config["filterPolicy"] = policyValue(sub["FilterPolicy"]);
        if (sub.contains("FilterPolicyScope")) config["filterPolicyScope"] = sub["FilterPolicyScope"];
        if (member(sub, "RawMessageDelivery") == true || member(sub, "RawMessageDelivery") == "true")
            config["rawMessageDelivery"] = true;
        const QString dlq = referencedNode(member(policyValue(member(sub, "RedrivePolicy")), "deadLetterTargetArn"));
        if (!dlq.isEmpty()) config["deadLetterQueue"] = toStd(nodeOf(dlq).value);
        NodeId target;
        if (protocol == QLatin1String("sqs") || protocol == QLatin1String("lambda")) {
            const QString t = referencedNode(member(sub, "Endpoint"));
            if (!t.isEmpty()) target = nodeOf(t);
            if (protocol == QLatin1String("lambda") && function(t))
                function(t)->drivers << QStringLiteral("SNS (%1)").arg(nodeOf(topic).value);
        } else if (protocol == QLatin1String("email") || protocol == QLatin1String("email-json") ||
                   protocol == QLatin1String("sms")) {
            const QString endpoint = text(member(sub, "Endpoint"));
            // An address asked for at deploy time (as Microlab's export does: Parameters <Inbox>Email)
            // names the inbox after its parameter.
            QString parameter = text(member(member(sub, "Endpoint"), "Ref"));
            QString name = endpoint.isEmpty() ? protocol : endpoint;
            if (const Json& param = member(member(m_root, "Parameters"), toStd(parameter).c_str()); param.is_object()) {
                if (parameter.endsWith(QLatin1String("Email")) && parameter.size() > 5) parameter.chop(5);
                static const QRegularExpression described(
                    QStringLiteral("^E-mail address that receives what the (.+) inbox collects$"));
                if (const auto m = described.match(text(member(param, "Description"))); m.hasMatch())
                    name = m.captured(1);
            } else {
                parameter.clear();
            }
            // One inbox per address: the same parameter or address subscribed to several topics.
            const QString address = parameter.isEmpty() ? endpoint : QStringLiteral("parameter ") + parameter;
            if (!address.isEmpty() && m_inboxes.contains(address)) {
                target = m_inboxes.value(address);
            } else {
                target = addNode(!parameter.isEmpty()   ? parameter
                                 : resourceId.isEmpty() ? topic + QStringLiteral("Inbox")
                                                        : resourceId,
                                 QStringLiteral("inbox"), name);
                if (!address.isEmpty()) m_inboxes.insert(address, target);
            }
            note(path, QStringLiteral("the %1 subscription is drawn as inbox %2").arg(protocol, target.value));
        }
        if (target.isEmpty()) {
            warn(path, QStringLiteral("a %1 subscription to something outside this template is not drawn; kept in "
                                      "unmapped")
                           .arg(protocol.isEmpty() ? QStringLiteral("(no protocol)") : protocol));
            return false;
        }
        return connect(nodeOf(topic), target, config, path);
    };

    for (FunctionInfo& f : m_functions) {
        const Json& props = member(m_resources[toStd(f.logicalId)], "Properties");
        Json invoke = member(props, "EventInvokeConfig");
        if (invoke.is_null() && typeOf(f.logicalId) == QLatin1String("AWS::Serverless::Function"))
            invoke = member(m_globalsFunction, "EventInvokeConfig");
        if (!invoke.is_null())
            if (auto e = destinations(f.logicalId, invoke,
                                      at(f.logicalId) + QStringLiteral("/Properties/EventInvokeConfig")))
                return e;
        const QString logs = referencedNode(member(member(props, "LoggingConfig"), "LogGroup"));
        if (!logs.isEmpty())
            connect(f.node, nodeOf(logs), Json::object(),
                    at(f.logicalId) + QStringLiteral("/Properties/LoggingConfig"));
    }

    for (auto it = m_resources.begin(); it != m_resources.end(); ++it) {
        const QString id = toQString(it.key());
        const QString type = typeOf(id);
        const Json& props = member(*it, "Properties");
        const QString path = at(id) + QStringLiteral("/Properties");
        if (type == QLatin1String("AWS::SNS::Topic")) {
            const Json& inline_ = member(props, "Subscription");
            for (size_t i = 0; inline_.is_array() && i < inline_.size(); ++i)
                if (!subscribe(id, inline_[i], path + QStringLiteral("/Subscription/%1").arg(i), {}))
                    m_unmapped["properties"][toStd(id)]["Subscription"].push_back(inline_[i]);
        } else if (type == QLatin1String("AWS::SNS::Subscription")) {
            const QString topic = referencedNode(member(props, "TopicArn"));
            if (!topic.isEmpty() && Catalog::instance().kind(node(nodeOf(topic))->kind)->fansOut &&
                subscribe(topic, props, path, id))
                m_consumed.insert(id);
        } else if (type == QLatin1String("AWS::Lambda::EventSourceMapping")) {
            if (auto e = eventSourceMapping(id, props, path)) return e;
        } else if (type == QLatin1String("AWS::Lambda::EventInvokeConfig")) {
            const QString fn = referencedNode(member(props, "FunctionName"));
            if (!fn.isEmpty() && function(fn)) {
                if (auto e = destinations(fn, props, path)) return e;
                m_consumed.insert(id);
            }
        } else if (type == QLatin1String("AWS::Logs::SubscriptionFilter")) {
            const QString logs = referencedNode(member(props, "LogGroupName"));
            const QString fn = referencedNode(member(props, "DestinationArn"));
            Json config = Json::object();
            if (member(props, "FilterPattern").is_string()) config["filterPattern"] = props["FilterPattern"];
            if (!logs.isEmpty() && function(fn) && connect(nodeOf(logs), nodeOf(fn), config, path)) {
                function(fn)->drivers << QStringLiteral("logs (%1)").arg(nodeOf(logs).value);
                m_consumed.insert(id);
            }
        } else if (type == QLatin1String("AWS::Events::Rule") || type == QLatin1String("AWS::Scheduler::Schedule")) {
            const Json& schedule = member(props, "ScheduleExpression");
            const Json& targets = type == QLatin1String("AWS::Scheduler::Schedule")
                                      ? Json::array({member(props, "Target")})
                                      : member(props, "Targets");
            if (!schedule.is_string() || !targets.is_array() || targets.size() != 1) continue;
            FunctionInfo* f = function(referencedNode(member(targets[0], "Arn")));
            if (!f) continue;
            f->drivers << QStringLiteral("schedule (%1)").arg(id);
            f->schedule = schedule;
            if (member(targets[0], "Input").is_string()) f->payload = policyValue(targets[0]["Input"]);
            m_consumed.insert(id);
        }
    }
    return std::nullopt;
}

bool TemplateReader::subscriptionPolicy(const QString& id)
{
    // A queue policy letting this template's topics send to this template's queues is what the
    // diagram's subscriptions imply: the export writes it again from them.
    if (typeOf(id) != QLatin1String("AWS::SQS::QueuePolicy")) return false;
    const Json& props = member(m_resources[toStd(id)], "Properties");
    const Json& queues = member(props, "Queues");
    const Json& statements = member(member(props, "PolicyDocument"), "Statement");
    if (!queues.is_array() || queues.empty() || !statements.is_array() || statements.empty()) return false;
    for (const Json& q : queues) {
        const QString queue = referencedNode(q);
        if (queue.isEmpty() || !Catalog::instance().kind(node(nodeOf(queue))->kind)->isQueue) return false;
    }
    for (const Json& st : statements) {
        const QString topic = referencedNode(member(member(member(st, "Condition"), "ArnEquals"), "aws:SourceArn"));
        if (member(st, "Effect") != "Allow" || member(member(st, "Principal"), "Service") != "sns.amazonaws.com" ||
            member(st, "Action") != "sqs:SendMessage" || topic.isEmpty() ||
            !Catalog::instance().kind(node(nodeOf(topic))->kind)->fansOut)
            return false;
    }
    m_consumed.insert(id);
    note(at(id),
         QStringLiteral("SNS's permission to deliver to the queue; the export writes it from the subscriptions"));
    return true;
}

std::optional<Error> TemplateReader::event(FunctionInfo& f, const QString& name, const Json& ev, const QString& path)
{
    if (!ev.is_object())
        return error(path, QStringLiteral("expected an event {\"Type\": …}; got %1").arg(describe(ev)));
    const QString type = text(member(ev, "Type"));
    const Json props = member(ev, "Properties").is_object() ? ev["Properties"] : Json::object();
    const QString pp = path + QStringLiteral("/Properties");
    // Keys an otherwise mapped event carries with no diagram setting: the edge is drawn, the keys
    // are kept (under the event's name) and listed.
    auto keepKeys = [&](const QStringList& keys) {
        Json& kept = m_unmapped["properties"][toStd(f.logicalId)]["Events"][toStd(name)]["Properties"];
        for (const QString& key : keys) kept[toStd(key)] = props[toStd(key)];
        // With its source, so the export finds the event it writes for the same edge under its own name.
        for (const char* source : {"Queue", "Stream", "Topic", "Bucket", "LogGroupName", "ApiId", "RestApiId"})
            if (props.contains(source)) kept[source] = props[source];
        warn(pp, QStringLiteral("%1 %2 no setting in a diagram; kept in unmapped")
                     .arg(keys.join(QStringLiteral(", ")), keys.size() == 1 ? "has" : "have"));
    };
    auto unmapped = [&](const QString& why) {
        warn(path, why + QStringLiteral("; the event is kept in unmapped"));
        m_unmapped["properties"][toStd(f.logicalId)]["Events"][toStd(name)] = ev;
        return std::nullopt;
    };
    // The properties each event type maps; any other makes the event unmapped as a whole (it is
    // kept verbatim, so the export can write it back).
    static const QHash<QString, QStringList> known{
        {QStringLiteral("SNS"),
         {QStringLiteral("Topic"), QStringLiteral("FilterPolicy"), QStringLiteral("FilterPolicyScope"),
          QStringLiteral("RedrivePolicy")}},
        {QStringLiteral("S3"), {QStringLiteral("Bucket"), QStringLiteral("Events"), QStringLiteral("Filter")}},
        {QStringLiteral("Schedule"), {QStringLiteral("Schedule"), QStringLiteral("Input")}},
        {QStringLiteral("ScheduleV2"), {QStringLiteral("ScheduleExpression"), QStringLiteral("Input")}},
        {QStringLiteral("CloudWatchLogs"), {QStringLiteral("LogGroupName"), QStringLiteral("FilterPattern")}},
        {QStringLiteral("Api"), {QStringLiteral("RestApiId"), QStringLiteral("Path"), QStringLiteral("Method")}},
        // The generated router reads both payload formats, so PayloadFormatVersion changes nothing.
        {QStringLiteral("HttpApi"),
         {QStringLiteral("ApiId"), QStringLiteral("Path"), QStringLiteral("Method"),
          QStringLiteral("PayloadFormatVersion"), QStringLiteral("TimeoutInMillis")}},
    };
    if (const auto k = known.constFind(type); k != known.constEnd()) {
        QStringList unknown;
        for (auto it = props.begin(); it != props.end(); ++it)
            if (!k->contains(toQString(it.key()))) unknown << toQString(it.key());
        if (!unknown.isEmpty()) keepKeys(unknown);
    }
    if (type == QLatin1String("SQS") || type == QLatin1String("DynamoDB")) {
        const bool stream = type == QLatin1String("DynamoDB");
        const QString source = referencedNode(member(props, stream ? "Stream" : "Queue"));
        if (source.isEmpty())
            return unmapped(QStringLiteral("its %1 is not in this template").arg(stream ? "stream" : "queue"));
        Json config = Json::object();
        QStringList unknown;
        if (auto e = esmSettings(config, stream, props, pp, unknown)) return e;
        if (!unknown.isEmpty()) keepKeys(unknown);
        if (connect(nodeOf(source), f.node, config, path))
            f.drivers << (stream ? QStringLiteral("DynamoDB stream (%1)") : QStringLiteral("SQS (%1)"))
                             .arg(nodeOf(source).value);
    } else if (type == QLatin1String("SNS")) {
        const QString topic = referencedNode(member(props, "Topic"));
        if (topic.isEmpty()) return unmapped(QStringLiteral("its topic is not in this template"));
        Json config = Json::object();
        if (props.contains("FilterPolicy")) config["filterPolicy"] = policyValue(props["FilterPolicy"]);
        if (props.contains("FilterPolicyScope")) config["filterPolicyScope"] = props["FilterPolicyScope"];
        if (props.contains("RedrivePolicy")) {
            const QString dlq = referencedNode(member(policyValue(props["RedrivePolicy"]), "deadLetterTargetArn"));
            if (!dlq.isEmpty() && Catalog::instance().kind(node(nodeOf(dlq))->kind)->isQueue)
                config["deadLetterQueue"] = toStd(nodeOf(dlq).value);
            else
                keepKeys({QStringLiteral("RedrivePolicy")});
        }
        if (connect(nodeOf(topic), f.node, config, path))
            f.drivers << QStringLiteral("SNS (%1)").arg(nodeOf(topic).value);
    } else if (type == QLatin1String("S3")) {
        const QString bucket = referencedNode(member(props, "Bucket"));
        if (bucket.isEmpty()) return unmapped(QStringLiteral("its bucket is not in this template"));
        Json config = Json::object();
        const Json& events = member(props, "Events");
        if (events.is_string())
            config["events"] = Json::array({events});
        else if (events.is_array())
            config["events"] = events;
        for (const Json& rule : member(member(member(props, "Filter"), "S3Key"), "Rules")) {
            const QString n = text(member(rule, "Name")).toLower();
            if ((n == QLatin1String("prefix") || n == QLatin1String("suffix")) && member(rule, "Value").is_string())
                config[toStd(n)] = rule["Value"];
        }
        if (connect(nodeOf(bucket), f.node, config, path))
            f.drivers << QStringLiteral("S3 (%1)").arg(nodeOf(bucket).value);
    } else if (type == QLatin1String("Schedule") || type == QLatin1String("ScheduleV2")) {
        const Json& schedule = member(props, type == QLatin1String("Schedule") ? "Schedule" : "ScheduleExpression");
        if (!schedule.is_string()) return unmapped(QStringLiteral("its schedule is worked out at deploy time"));
        f.schedule = schedule;
        if (member(props, "Input").is_string()) f.payload = policyValue(props["Input"]);
        f.drivers << QStringLiteral("schedule");
    } else if (type == QLatin1String("CloudWatchLogs")) {
        const QString logs = referencedNode(member(props, "LogGroupName"));
        if (logs.isEmpty()) return unmapped(QStringLiteral("its log group is not in this template"));
        Json config = Json::object();
        if (member(props, "FilterPattern").is_string()) config["filterPattern"] = props["FilterPattern"];
        if (connect(nodeOf(logs), f.node, config, path))
            f.drivers << QStringLiteral("logs (%1)").arg(nodeOf(logs).value);
    } else if (type == QLatin1String("Api") || type == QLatin1String("HttpApi")) {
        const bool http = type == QLatin1String("HttpApi");
        const QString named = referencedNode(member(props, http ? "ApiId" : "RestApiId"));
        NodeId api;
        if (!named.isEmpty()) {
            api = nodeOf(named);
        } else {
            NodeId& implicit = http ? m_implicitHttpApi : m_implicitRestApi;
            if (implicit.isEmpty()) {
                const QString logical =
                    http ? QStringLiteral("ServerlessHttpApi") : QStringLiteral("ServerlessRestApi");
                implicit = addNode(logical, QStringLiteral("api-gateway"), logical);
                note(path, QStringLiteral("SAM's implicit %1 is drawn as %2").arg(logical, implicit.value));
            }
            api = implicit;
        }
        // A route's integration timeout is the gateway's (the diagram has one per gateway).
        std::optional<qint64> ms;
        if (auto e = integer(member(props, "TimeoutInMillis"), pp + QStringLiteral("/TimeoutInMillis"), ms)) return e;
        if (ms && (*ms < 50 || *ms > 29000))
            warn(pp + QStringLiteral("/TimeoutInMillis"),
                 QStringLiteral("%1 ms is past the diagram's 50 ms – 29 s; the gateway keeps its default").arg(*ms));
        else if (ms)
            node(api)->config["integrationTimeout"] = toStd(duration::format(*ms * 1000));
        QString method = text(member(props, "Method")).toUpper();
        if (method.isEmpty()) method = QStringLiteral("ANY");
        QString route = text(member(props, "Path"));
        if (route.isEmpty()) route = QStringLiteral("/{proxy+}");
        httpRoute(api, method, route, f, path);
    } else {
        return unmapped(
            QStringLiteral("%1 events are not modelled").arg(type.isEmpty() ? QStringLiteral("untyped") : type));
    }
    return std::nullopt;
}

std::optional<Error> TemplateReader::functionEvents()
{
    for (FunctionInfo& f : m_functions) {
        const Json& events = member(member(m_resources[toStd(f.logicalId)], "Properties"), "Events");
        if (events.is_null()) continue;
        const QString path = at(f.logicalId) + QStringLiteral("/Properties/Events");
        if (!events.is_object())
            return error(path, QStringLiteral("expected an object of events; got %1").arg(describe(events)));
        for (auto it = events.begin(); it != events.end(); ++it)
            if (auto e = event(f, toQString(it.key()), it.value(), path + QLatin1Char('/') + toQString(it.key())))
                return e;
    }
    return std::nullopt;
}

}  // namespace ml::cfn
