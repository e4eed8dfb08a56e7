#include "model/Catalog.h"

#include "model/CatalogData.h"

namespace ml {

QString valueTypeName(ValueType type)
{
    switch (type) {
    case ValueType::Duration: return QStringLiteral("duration");
    case ValueType::Integer: return QStringLiteral("integer");
    case ValueType::Number: return QStringLiteral("number");
    case ValueType::Boolean: return QStringLiteral("boolean");
    case ValueType::String: return QStringLiteral("string");
    case ValueType::Enum: return QStringLiteral("choice");
    case ValueType::StringList: return QStringLiteral("list of strings");
    case ValueType::NodeRef: return QStringLiteral("node id");
    case ValueType::Rate: return QStringLiteral("rate");
    case ValueType::Schedule: return QStringLiteral("schedule");
    case ValueType::FilterPolicy: return QStringLiteral("filter policy");
    case ValueType::FilterCriteria: return QStringLiteral("filter criteria");
    case ValueType::LogFilter: return QStringLiteral("filter pattern");
    case ValueType::Latency: return QStringLiteral("latency distribution");
    case ValueType::Routes: return QStringLiteral("routes");
    case ValueType::Policy: return QStringLiteral("policy rules");
    case ValueType::Requests: return QStringLiteral("requests");
    case ValueType::Messages: return QStringLiteral("messages");
    case ValueType::Cors: return QStringLiteral("CORS configuration");
    case ValueType::Json: return QStringLiteral("JSON value");
    }
    return QStringLiteral("value");
}

QString categoryName(Category category)
{
    switch (category) {
    case Category::EntryPoint: return QStringLiteral("Entry points");
    case Category::Microservice: return QStringLiteral("Microservices");
    case Category::Messaging: return QStringLiteral("Queues & messaging");
    case Category::Data: return QStringLiteral("Data");
    case Category::Observability: return QStringLiteral("Observability");
    case Category::Client: return QStringLiteral("Clients");
    }
    return QString();
}

const ConfigKey* KindInfo::key(const QString& name) const
{
    for (const ConfigKey& k : config)
        if (k.name == name) return &k;
    return nullptr;
}

const Catalog& Catalog::instance()
{
    static const Catalog catalog;
    return catalog;
}

Catalog::Catalog()
    : m_kinds(catalogdata::kinds()), m_edgeKinds(catalogdata::edgeKinds()), m_rules(catalogdata::rules(m_kinds))
{
}

const KindInfo* Catalog::kind(const QString& id) const
{
    for (const KindInfo& k : m_kinds)
        if (k.id == id) return &k;
    return nullptr;
}

QStringList Catalog::kindIds() const
{
    QStringList ids;
    for (const KindInfo& k : m_kinds) ids << k.id;
    return ids;
}

const EdgeKindInfo* Catalog::edgeKind(const QString& id) const
{
    for (const EdgeKindInfo& k : m_edgeKinds)
        if (k.id == id) return &k;
    return nullptr;
}

QStringList Catalog::edgeKindsFor(const QString& fromKind, const QString& toKind) const
{
    QStringList out;
    for (const ConnectionRule& r : m_rules) {
        if (r.fromKind != fromKind || r.toKind != toKind) continue;
        if (r.isDefault)
            out.prepend(r.edgeKind);
        else
            out.append(r.edgeKind);
    }
    return out;
}

ConnectionCheck Catalog::canConnect(const QString& fromKind, const QString& toKind, const QString& edgeKind) const
{
    const KindInfo* from = kind(fromKind);
    const KindInfo* to = kind(toKind);
    if (!from) return {false, {}, QStringLiteral("unknown kind \"%1\"").arg(fromKind)};
    if (!to) return {false, {}, QStringLiteral("unknown kind \"%1\"").arg(toKind)};
    if (!edgeKind.isEmpty() && !this->edgeKind(edgeKind))
        return {false, {}, QStringLiteral("unknown edge kind \"%1\"").arg(edgeKind)};

    const QStringList allowed = edgeKindsFor(fromKind, toKind);
    if (allowed.isEmpty()) {
        QStringList targets;
        for (const ConnectionRule& r : m_rules)
            if (r.fromKind == fromKind && !targets.contains(kind(r.toKind)->displayName))
                targets << kind(r.toKind)->displayName;
        const QString reason = targets.isEmpty()
                                   ? QStringLiteral("a %1 has no outgoing connections").arg(from->displayName)
                                   : QStringLiteral("a %1 cannot connect to a %2; it connects to: %3")
                                         .arg(from->displayName, to->displayName, targets.join(QStringLiteral(", ")));
        return {false, {}, reason};
    }
    if (edgeKind.isEmpty()) return {true, allowed.first(), {}};
    if (allowed.contains(edgeKind)) return {true, edgeKind, {}};
    return {false,
            {},
            QStringLiteral("a %1 → %2 connection is %3, not %4")
                .arg(from->displayName, to->displayName, allowed.join(QStringLiteral(" or ")), edgeKind)};
}

std::vector<ConfigKey> Catalog::edgeConfigKeys(const QString& fromKind, const QString& toKind,
                                               const QString& edgeKind) const
{
    return catalogdata::edgeConfigKeys(kind(fromKind), toKind, edgeKind);
}

static Json withDefaults(const std::vector<ConfigKey>& keys, const Json& config)
{
    Json out = Json::object();
    for (const ConfigKey& k : keys)
        if (!k.defaultValue.is_null()) out[toStd(k.name)] = k.defaultValue;
    if (config.is_object())
        for (auto it = config.begin(); it != config.end(); ++it) out[it.key()] = it.value();
    return out;
}

Json Catalog::effectiveConfig(const QString& kindId, const Json& config) const
{
    const KindInfo* k = kind(kindId);
    return withDefaults(k ? k->config : std::vector<ConfigKey>{}, config);
}

Json Catalog::effectiveEdgeConfig(const QString& fromKind, const QString& toKind, const QString& edgeKind,
                                  const Json& config) const
{
    return withDefaults(edgeConfigKeys(fromKind, toKind, edgeKind), config);
}

}  // namespace ml
