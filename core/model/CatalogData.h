// The tables behind the Catalog, split by what they describe: node kinds (CatalogKinds.cpp) and
// edge kinds with their connection rules (CatalogEdges.cpp).
#pragma once

#include "model/Catalog.h"

namespace ml::catalogdata {

// A config key from its schema; the edge-label fields keep their defaults (labelled() sets them).
inline ConfigKey makeKey(QString name, ValueType type, Json defaultValue, std::optional<double> min,
                         std::optional<double> max, QStringList enumValues, QString help, QString unit)
{
    ConfigKey k;
    k.name = std::move(name);
    k.type = type;
    k.defaultValue = std::move(defaultValue);
    k.min = min;
    k.max = max;
    k.enumValues = std::move(enumValues);
    k.help = std::move(help);
    k.unit = std::move(unit);
    return k;
}

std::vector<KindInfo> kinds();
std::vector<EdgeKindInfo> edgeKinds();
// Rules are expanded per concrete kind pair; `kinds` is used to expand "any function".
std::vector<ConnectionRule> rules(const std::vector<KindInfo>& kinds);
std::vector<ConfigKey> edgeConfigKeys(const KindInfo* from, const QString& toKind, const QString& edgeKind);

}  // namespace ml::catalogdata
