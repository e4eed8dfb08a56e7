// The tables behind the Catalog, split by what they describe: node kinds (CatalogKinds.cpp) and
// edge kinds with their connection rules (CatalogEdges.cpp).
#pragma once

#include "model/Catalog.h"

namespace ml::catalogdata {

std::vector<KindInfo> kinds();
std::vector<EdgeKindInfo> edgeKinds();
// Rules are expanded per concrete kind pair; `kinds` is used to expand "any function".
std::vector<ConnectionRule> rules(const std::vector<KindInfo>& kinds);
std::vector<ConfigKey> edgeConfigKeys(const KindInfo* from, const QString& toKind, const QString& edgeKind);

}  // namespace ml::catalogdata
