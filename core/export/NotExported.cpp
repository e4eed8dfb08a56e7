// The Catalog's config keys that have no AWS form: they shape the simulation (how long the code
// takes, how often it fails, local ports and SQLite files) or are fixed by AWS. The export names
// every one a node sets, so no setting silently does nothing on AWS.
#include "export/SamBuild.h"
#include "export/SamTemplate.h"

namespace ml::exporting {

namespace {

struct Fixed {
    const char* key;
    const char* awsValue;  // what AWS always does; a diagram value equal to it needs no warning
};

}  // namespace

QStringList keysWithoutAwsForm(const QString& kind)
{
    const KindInfo* k = Catalog::instance().kind(kind);
    if (!k) return {};
    QStringList keys;
    if (k->isFunction)
        keys << QStringLiteral("latency") << QStringLiteral("errorRate") << QStringLiteral("coldStart")
             << QStringLiteral("keepWarm");
    if (kind == QLatin1String("gatekeeper")) keys << QStringLiteral("auditDatabase");
    if (kind == QLatin1String("table")) keys << QStringLiteral("database");
    if (kind == QLatin1String("api-gateway")) keys << QStringLiteral("port");
    if (kind == QLatin1String("websocket-api"))
        keys << QStringLiteral("idleTimeout") << QStringLiteral("maxConnectionDuration")
             << QStringLiteral("maxMessageSize") << QStringLiteral("port") << QStringLiteral("cors");
    if (kind == QLatin1String("client")) {
        for (const ConfigKey& c : k->config) keys << c.name;
    }
    return keys;
}

QStringList edgeKeysWithoutAwsForm(const QString& fromKind, const QString& toKind, const QString& edgeKind)
{
    // SNS delivers raw messages only to queues (and HTTP endpoints); the export warns when it is asked for.
    if (edgeKind == QLatin1String("subscription") && toKind != QLatin1String("queue"))
        return {QStringLiteral("rawMessageDelivery")};
    Q_UNUSED(fromKind);
    return {};
}

void warnNotExported(SamBuild& b)
{
    // WebSocket API limits AWS fixes: a diagram that sets them to AWS's own values loses nothing.
    static const Fixed fixed[] = {
        {"idleTimeout", "10m"}, {"maxConnectionDuration", "2h"}, {"maxMessageSize", "131072"}};
    for (const Node& n : b.diagram.nodes()) {
        if (awsShape(n) == AwsShape::Client) continue;  // said once for the whole node
        QStringList set;
        for (const QString& key : keysWithoutAwsForm(n.kind)) {
            const auto it = n.config.find(toStd(key));
            if (it == n.config.end() || it->is_null()) continue;
            bool same = false;
            for (const Fixed& f : fixed)
                if (key == QLatin1String(f.key) && n.kind == QLatin1String("websocket-api"))
                    same = (it->is_string() ? it->get<std::string>() : it->dump()) == f.awsValue;
            if (!same) set << key;
        }
        if (set.isEmpty()) continue;
        b.warn(n, QStringLiteral("%1 %2 no AWS form (%3); not exported")
                      .arg(set.join(QStringLiteral(", ")), set.size() == 1 ? "has" : "have",
                           awsShape(n) == AwsShape::Function
                               ? QStringLiteral("on AWS the code and the platform decide them")
                           : n.kind == QLatin1String("websocket-api")
                               ? QStringLiteral("AWS fixes 10 min idle, 2 h per connection, 128 KB frames; the port is "
                                                "the local run's")
                               : QStringLiteral("they belong to the local run")));
    }
}

}  // namespace ml::exporting
