// The importer's resource pass: queues (with redrive policies), topics, tables, buckets (with
// their Lambda notifications), log groups, APIs and functions become nodes with their settings;
// what has no setting is kept in unmapped.
#include "format/Duration.h"
#include "format/JsonText.h"
#include "import/TemplateReader.h"
#include "model/Catalog.h"
#include "model/ConfigCheck.h"

namespace ml::cfn {

using jsontext::describe;

std::optional<Error> TemplateReader::createNodes()
{
    for (auto it = m_resources.begin(); it != m_resources.end(); ++it) {
        const QString id = toQString(it.key());
        if (!it->is_object())
            return error(at(id), QStringLiteral("expected a resource {\"Type\": …}; got %1").arg(describe(*it)));
        const Json& type = member(*it, "Type");
        if (!type.is_string())
            return error(
                at(id) + QStringLiteral("/Type"),
                QStringLiteral("expected a resource type like \"AWS::SQS::Queue\"; got %1").arg(describe(type)));
        const Json& props = member(*it, "Properties");
        if (!props.is_null() && !props.is_object())
            return error(propsAt(id), QStringLiteral("expected an object; got %1").arg(describe(props)));
        const QString t = toQString(type.get<std::string>());
        const Json p = props.is_object() ? props : Json::object();
        std::optional<Error> e;
        if (t == QLatin1String("AWS::Serverless::Function") || t == QLatin1String("AWS::Lambda::Function")) {
            const auto m = m_microlab.constFind(id);
            const QString nodeId = m == m_microlab.constEnd() ? QString() : m->nodeId;
            m_functions.push_back(FunctionInfo{id, addNode(id, QStringLiteral("worker"), id, nodeId), {}, {}, {}});
            e = functionSettings(id, p, propsAt(id));
        } else if (t == QLatin1String("AWS::SQS::Queue")) {
            addNode(id, QStringLiteral("queue"), id);
            e = queueSettings(id, p, propsAt(id));
        } else if (t == QLatin1String("AWS::SNS::Topic")) {
            addNode(id, QStringLiteral("topic"), id);
            e = topicSettings(id, p, propsAt(id));
        } else if (t == QLatin1String("AWS::DynamoDB::Table") || t == QLatin1String("AWS::Serverless::SimpleTable")) {
            if (derivedByExport(id)) continue;
            addNode(id, QStringLiteral("table"), id);
            e = tableSettings(id, t, p, propsAt(id));
        } else if (t == QLatin1String("AWS::S3::Bucket")) {
            addNode(id, QStringLiteral("bucket"), id);
        } else if (t == QLatin1String("AWS::Logs::LogGroup")) {
            addNode(id, QStringLiteral("logs"), id);
            e = logGroupSettings(id, p, propsAt(id));
        } else if (t == QLatin1String("AWS::Serverless::Api") || t == QLatin1String("AWS::Serverless::HttpApi") ||
                   t == QLatin1String("AWS::ApiGateway::RestApi")) {
            const NodeId n = addNode(id, QStringLiteral("api-gateway"), id);
            for (auto p2 = p.begin(); p2 != p.end(); ++p2) {
                if (p2.key() == "CorsConfiguration" && t == QLatin1String("AWS::Serverless::HttpApi")) {
                    const Json cors = corsOf(*p2);
                    if (!cors.is_null()) {
                        node(n)->config["cors"] = cors;
                        continue;
                    }
                }
                keepProperty(id, toQString(p2.key()), p2.value());
            }
        } else if (t == QLatin1String("AWS::Serverless::WebSocketApi")) {
            // Its Routes become route edges in webSocketRoutes().
            const NodeId n = addNode(id, QStringLiteral("websocket-api"), id);
            for (auto p2 = p.begin(); p2 != p.end(); ++p2) {
                if (p2.key() == "RouteSelectionExpression" && p2->is_string())
                    node(n)->config["routeSelection"] = *p2;
                else if (p2.key() != "Routes")
                    keepProperty(id, toQString(p2.key()), p2.value());
            }
        } else if (t == QLatin1String("AWS::ApiGatewayV2::Api")) {
            const bool ws = member(p, "ProtocolType") == "WEBSOCKET";
            const NodeId n = addNode(id, ws ? QStringLiteral("websocket-api") : QStringLiteral("api-gateway"), id);
            for (auto p2 = p.begin(); p2 != p.end(); ++p2) {
                if (ws && p2.key() == "RouteSelectionExpression" && p2->is_string()) {
                    node(n)->config["routeSelection"] = *p2;
                    continue;
                }
                if (p2.key() != "ProtocolType" && p2.key() != "Name") keepProperty(id, toQString(p2.key()), p2.value());
            }
        }
        if (e) return e;
    }
    // Buckets after functions: their notifications name functions.
    for (auto it = m_resources.begin(); it != m_resources.end(); ++it)
        if (member(*it, "Type") == "AWS::S3::Bucket")
            if (auto e = bucketSettings(toQString(it.key()), member(*it, "Properties"), propsAt(toQString(it.key()))))
                return e;
    // Queues' redrive policies name other queues.
    for (auto it = m_resources.begin(); it != m_resources.end(); ++it) {
        if (member(*it, "Type") != "AWS::SQS::Queue") continue;
        const QString id = toQString(it.key());
        const Json& redrive = member(member(*it, "Properties"), "RedrivePolicy");
        if (redrive.is_null()) continue;
        const QString path = propsAt(id) + QStringLiteral("/RedrivePolicy");
        Json policy = redrive;
        if (redrive.is_string()) {
            Result<Json> parsed = jsontext::parse(QByteArray::fromStdString(redrive.get<std::string>()));
            if (!parsed)
                return error(path, QStringLiteral("expected a redrive policy; %1").arg(parsed.error().message));
            policy = parsed.value();
        }
        if (!policy.is_object()) return error(path, QStringLiteral("expected an object; got %1").arg(describe(policy)));
        const QString dlq = referencedNode(member(policy, "deadLetterTargetArn"));
        if (dlq.isEmpty()) {
            warn(path + QStringLiteral("/deadLetterTargetArn"),
                 QStringLiteral("names no queue of this template; the redrive policy is kept in unmapped"));
            keepProperty(id, QStringLiteral("RedrivePolicy"), redrive);
            continue;
        }
        std::optional<qint64> count;
        if (auto e = integer(member(policy, "maxReceiveCount"), path + QStringLiteral("/maxReceiveCount"), count))
            return e;
        if (count && (*count < 1 || *count > 1000))
            return error(path + QStringLiteral("/maxReceiveCount"),
                         QStringLiteral("expected 1 – 1000; got %1").arg(*count));
        if (count) node(nodeOf(id))->config["maxReceiveCount"] = *count;
        connect(nodeOf(id), nodeOf(dlq), Json::object(), path, QStringLiteral("dead-letter"));
    }
    return std::nullopt;
}

// HTTP API's CorsConfiguration as the gateway's cors, when the diagram can hold all of it (else null).
Json corsOf(const Json& v)
{
    if (!v.is_object()) return Json();
    Json cors = Json::object();
    for (const auto& [from, to] : {std::pair{"AllowOrigins", "allowOrigins"}, std::pair{"AllowMethods", "allowMethods"},
                                   std::pair{"AllowHeaders", "allowHeaders"}, std::pair{"MaxAge", "maxAge"}})
        if (v.contains(from)) cors[to] = v[from];
    const ConfigKey* key = Catalog::instance().kind(QStringLiteral("api-gateway"))->key(QStringLiteral("cors"));
    return cors.size() == v.size() && key && checkConfigValue(*key, cors).ok() ? cors : Json();
}

std::optional<Error> TemplateReader::queueSettings(const QString& id, const Json& props, const QString& path)
{
    Json& config = node(nodeOf(id))->config;
    for (auto it = props.begin(); it != props.end(); ++it) {
        const QString key = toQString(it.key());
        const QString p = path + QLatin1Char('/') + key;
        std::optional<qint64> v;
        std::optional<bool> b;
        if (key == QLatin1String("VisibilityTimeout") || key == QLatin1String("DelaySeconds") ||
            key == QLatin1String("MessageRetentionPeriod")) {
            if (auto e = seconds(*it, p, v)) return e;
            const char* name = key == QLatin1String("VisibilityTimeout") ? "visibilityTimeout"
                               : key == QLatin1String("DelaySeconds")    ? "delay"
                                                                         : "retention";
            if (v) {
                if (auto e = setDuration(config, QStringLiteral("queue"), name, *v, p)) return e;
            } else {
                keepProperty(id, key, *it);
            }
        } else if (key == QLatin1String("MaximumMessageSize")) {
            if (auto e = integer(*it, p, v)) return e;
            const ConfigKey* k =
                Catalog::instance().kind(QStringLiteral("queue"))->key(QStringLiteral("maxMessageSize"));
            if (v && k && k->max && double(*v) > *k->max) {
                warn(p, QStringLiteral("%1 bytes is past the diagram's limit of %2; the queue keeps the limit")
                            .arg(*v)
                            .arg(qint64(*k->max)));
                keepProperty(id, key, *it);
            } else if (v) {
                config["maxMessageSize"] = *v;
            } else {
                keepProperty(id, key, *it);
            }
        } else if (key == QLatin1String("FifoQueue") || key == QLatin1String("ContentBasedDeduplication")) {
            if (auto e = boolean(*it, p, b)) return e;
            if (key == QLatin1String("FifoQueue") && b) config["type"] = *b ? "fifo" : "standard";
            if (key == QLatin1String("ContentBasedDeduplication") && b) config["contentDeduplication"] = *b;
            if (!b) keepProperty(id, key, *it);
        } else if (key == QLatin1String("QueueName") && it->is_string()) {
            // The node is named after it, and the export writes the physical name back.
            node(nodeOf(id))->name = toQString(it->get<std::string>());
            keepProperty(id, key, *it);
        } else if (key != QLatin1String("RedrivePolicy")) {
            keepProperty(id, key, *it);
        }
    }
    return std::nullopt;
}

std::optional<Error> TemplateReader::topicSettings(const QString& id, const Json& props, const QString& path)
{
    for (auto it = props.begin(); it != props.end(); ++it) {
        const QString key = toQString(it.key());
        if (key == QLatin1String("FifoTopic")) {
            std::optional<bool> b;
            if (auto e = boolean(*it, path + QStringLiteral("/FifoTopic"), b)) return e;
            if (b && *b) node(nodeOf(id))->config["type"] = "fifo";
        } else if (key == QLatin1String("TopicName") && it->is_string()) {
            node(nodeOf(id))->name = toQString(it->get<std::string>());
            keepProperty(id, key, *it);
        } else if (key != QLatin1String("Subscription")) {  // inline subscriptions: standaloneResources()
            keepProperty(id, key, *it);
        }
    }
    return std::nullopt;
}

std::optional<Error> TemplateReader::tableSettings(const QString& id, const QString& type, const Json& props,
                                                   const QString& path)
{
    Json& config = node(nodeOf(id))->config;
    for (auto it = props.begin(); it != props.end(); ++it) {
        const QString key = toQString(it.key());
        if (key == QLatin1String("TableName") && it->is_string()) {
            node(nodeOf(id))->name = toQString(it->get<std::string>());
            keepProperty(id, key, *it);
        } else if (key == QLatin1String("KeySchema") && it->is_array()) {
            for (const Json& k : *it)
                if (member(k, "KeyType") == "HASH" && member(k, "AttributeName").is_string())
                    config["key"] = member(k, "AttributeName");
            if (it->size() > 1)
                warn(path + QStringLiteral("/KeySchema"), QStringLiteral("the sort key has no place in a diagram table "
                                                                         "(one key); kept in unmapped"));
            keepProperty(id, key, *it);
        } else if (key == QLatin1String("PrimaryKey") && type == QLatin1String("AWS::Serverless::SimpleTable")) {
            if (member(*it, "Name").is_string()) config["key"] = member(*it, "Name");
        } else if (key == QLatin1String("StreamSpecification")) {
            const Json& view = member(*it, "StreamViewType");
            static const QStringList views{QStringLiteral("NEW_AND_OLD_IMAGES"), QStringLiteral("NEW_IMAGE"),
                                           QStringLiteral("OLD_IMAGE"), QStringLiteral("KEYS_ONLY")};
            if (!view.is_string() || !views.contains(toQString(view.get<std::string>())))
                return error(
                    path + QStringLiteral("/StreamSpecification/StreamViewType"),
                    QStringLiteral("expected one of %1; got %2").arg(views.join(QStringLiteral(", ")), describe(view)));
            config["stream"] = view;
        } else if (key != QLatin1String("AttributeDefinitions") && key != QLatin1String("BillingMode")) {
            keepProperty(id, key, *it);
        } else {
            keepProperty(id, key, *it);  // kept for the export; they carry no diagram setting
        }
    }
    if (config.contains("key") && config["key"] == "id") config.erase("key");
    return std::nullopt;
}

std::optional<Error> TemplateReader::logGroupSettings(const QString& id, const Json& props, const QString& path)
{
    for (auto it = props.begin(); it != props.end(); ++it) {
        const QString key = toQString(it.key());
        if (key == QLatin1String("RetentionInDays")) {
            std::optional<qint64> days;
            if (auto e = integer(*it, path + QStringLiteral("/RetentionInDays"), days)) return e;
            if (days && *days > 0)
                node(nodeOf(id))->config["retention"] = toStd(duration::format(*days * kMicrosPerDay));
            if (!days) keepProperty(id, key, *it);
        } else {
            if (key == QLatin1String("LogGroupName") && it->is_string())
                node(nodeOf(id))->name = toQString(it->get<std::string>());
            keepProperty(id, key, *it);
        }
    }
    return std::nullopt;
}

std::optional<Error> TemplateReader::bucketSettings(const QString& id, const Json& props, const QString& path)
{
    for (auto it = props.begin(); it != props.end(); ++it) {
        const QString key = toQString(it.key());
        if (key == QLatin1String("BucketName") && it->is_string()) {
            node(nodeOf(id))->name = toQString(it->get<std::string>());
            keepProperty(id, key, *it);
            continue;
        }
        if (key != QLatin1String("NotificationConfiguration")) {
            keepProperty(id, key, *it);
            continue;
        }
        for (auto kind = it->begin(); kind != it->end(); ++kind) {
            const QString kp = path + QStringLiteral("/NotificationConfiguration/") + toQString(kind.key());
            if (kind.key() != "LambdaConfigurations" || !kind->is_array()) {
                warn(kp,
                     QStringLiteral("bucket notifications to queues, topics or EventBridge are not modelled; kept in "
                                    "unmapped"));
                m_unmapped["properties"][toStd(id)]["NotificationConfiguration"][kind.key()] = kind.value();
                continue;
            }
            for (size_t i = 0; i < kind->size(); ++i) {
                const Json& c = (*kind)[i];
                const QString cp = kp + QLatin1Char('/') + QString::number(i);
                const QString fn = referencedNode(member(c, "Function"));
                if (fn.isEmpty()) {
                    warn(cp + QStringLiteral("/Function"), QStringLiteral("names no function of this template; kept in "
                                                                          "unmapped"));
                    m_unmapped["properties"][toStd(id)]["NotificationConfiguration"]["LambdaConfigurations"].push_back(
                        c);
                    continue;
                }
                Json config = Json::object();
                if (member(c, "Event").is_string()) config["events"] = Json::array({member(c, "Event")});
                for (const Json& rule : member(member(member(c, "Filter"), "S3Key"), "Rules")) {
                    const Json& name = member(rule, "Name");
                    if ((name == "prefix" || name == "Prefix") && member(rule, "Value").is_string())
                        config["prefix"] = member(rule, "Value");
                    if ((name == "suffix" || name == "Suffix") && member(rule, "Value").is_string())
                        config["suffix"] = member(rule, "Value");
                }
                if (FunctionInfo* f = function(fn)) f->drivers << QStringLiteral("S3 (%1)").arg(nodeOf(id).value);
                connect(nodeOf(id), nodeOf(fn), config, cp);
            }
        }
    }
    return std::nullopt;
}

}  // namespace ml::cfn
