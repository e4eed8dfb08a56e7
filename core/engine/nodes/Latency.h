// A function's latency distribution (SEMANTICS "Functions": lognormal, fixed, uniform,
// exponential, normal), parsed once from config and sampled from the node's own stream.
#pragma once

#include "engine/Random.h"
#include "format/Json.h"
#include "format/Time.h"

namespace ml {

struct LatencyModel {
    enum class Dist { Fixed, Lognormal, Uniform, Exponential, Normal } dist = Dist::Lognormal;
    double a = 20000;   // µs: median / value / min / mean
    double b = 200000;  // µs: p99 / max / stddev

    static LatencyModel fromJson(const Json& config);
    Micros sample(RandomStream& random) const;
};

}  // namespace ml
