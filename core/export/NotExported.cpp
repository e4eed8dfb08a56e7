// The Catalog's config keys that have no AWS form: they shape the simulation (how long the code
// takes, how often it fails, local ports and SQLite files) or are fixed by AWS. The export names
// every one a node sets, so no setting silently does nothing on AWS.
#include "export/SamBuild.h"
#include "export/SamTemplate.h"

namespace ml::exporting {

QStringList keysWithoutAwsForm(const QString& kind)
{
    const KindInfo* k = Catalog::instance().kind(kind);
    if (!k) return {};
    QStringList keys;
    for (const ConfigKey& c : k->config)
        if (c.localOnly || k->category == Category::Client) keys << c.name;
    return keys;
}

QStringList edgeKeysWithoutAwsForm(const QString& fromKind, const QString& toKind, const QString& edgeKind)
{
    // SNS delivers raw messages only to queues (and HTTP endpoints); the export warns when it is asked for.
    const KindInfo* to = Catalog::instance().kind(toKind);
    if (edgeKind == QLatin1String("subscription") && !(to && to->isQueue))
        return {QStringLiteral("rawMessageDelivery")};
    Q_UNUSED(fromKind);
    return {};
}

void warnNotExported(SamBuild& b)
{
    for (const Node& n : b.diagram.nodes()) {
        if (awsShape(n) == AwsShape::Client) continue;  // said once for the whole node
        const KindInfo* k = Catalog::instance().kind(n.kind);
        QStringList set;
        QStringList fixed;  // "10m idle" — what AWS fixes, for the message
        for (const QString& key : keysWithoutAwsForm(n.kind)) {
            const auto it = n.config.find(toStd(key));
            if (it == n.config.end() || it->is_null()) continue;
            const ConfigKey* c = k->key(key);
            // A limit AWS fixes, set to AWS's own value, loses nothing.
            if (!c->awsFixed.isEmpty() &&
                (it->is_string() ? toQString(it->get<std::string>()) : toQString(it->dump())) == c->awsFixed)
                continue;
            set << key;
            if (!c->awsFixed.isEmpty()) fixed << QStringLiteral("%1 %2").arg(key, c->awsFixed);
        }
        if (set.isEmpty()) continue;
        b.warn(n, QStringLiteral("%1 %2 no AWS form (%3); not exported")
                      .arg(set.join(QStringLiteral(", ")), set.size() == 1 ? "has" : "have",
                           awsShape(n) == AwsShape::Function
                               ? QStringLiteral("on AWS the code and the platform decide them")
                           : !fixed.isEmpty() ? QStringLiteral("AWS fixes %1; the rest belongs to the local run")
                                                    .arg(fixed.join(QStringLiteral(", ")))
                                              : QStringLiteral("they belong to the local run")));
    }
}

}  // namespace ml::exporting
