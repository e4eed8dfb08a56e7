#include "engine/nodes/Latency.h"

#include "format/Duration.h"

#include <cmath>

namespace ml {

namespace {

double micros(const Json& j, const char* key, double fallback)
{
    auto it = j.find(key);
    if (it == j.end()) return fallback;
    const Result<Micros> r = duration::fromJson(*it);
    return r.ok() ? double(r.value()) : fallback;
}

}  // namespace

LatencyModel LatencyModel::fromJson(const Json& config)
{
    LatencyModel m;
    if (!config.is_object()) return m;
    const std::string dist = config.value("dist", std::string("lognormal"));
    if (dist == "fixed") {
        m.dist = Dist::Fixed;
        m.a = micros(config, "value", 20000);
    } else if (dist == "uniform") {
        m.dist = Dist::Uniform;
        m.a = micros(config, "min", 0);
        m.b = micros(config, "max", 40000);
    } else if (dist == "exponential") {
        m.dist = Dist::Exponential;
        m.a = micros(config, "mean", 20000);
    } else if (dist == "normal") {
        m.dist = Dist::Normal;
        m.a = micros(config, "mean", 20000);
        m.b = micros(config, "stddev", 5000);
    } else {
        m.dist = Dist::Lognormal;
        m.a = micros(config, "median", 20000);
        m.b = micros(config, "p99", 200000);
    }
    return m;
}

Micros LatencyModel::sample(RandomStream& random) const
{
    double v = a;
    switch (dist) {
    case Dist::Fixed: break;
    case Dist::Uniform: v = random.uniform(a, b); break;
    case Dist::Exponential: v = random.exponential(a); break;
    case Dist::Normal: v = random.normal(a, b); break;
    case Dist::Lognormal: v = random.lognormal(a, b); break;
    }
    if (!(v > 0)) return 0;
    if (v > 1e15) return Micros(1e15);
    return Micros(std::llround(v));
}

}  // namespace ml
