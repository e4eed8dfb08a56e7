// Seeded random numbers for the engine: one stream per node, so adding a node does not change
// another node's draws, and the same seed gives the same draws on every platform and compiler.
#pragma once

#include <QString>
#include <QtGlobal>

#include <array>
#include <string_view>

namespace ml {

// A xoshiro256** stream seeded from (diagram seed, stream id) — the id is the node id.
// Distributions are implemented here rather than with std:: distributions (whose output is
// implementation-defined), on top of log/exp written out below, so every draw is a fixed
// sequence of IEEE-754 double operations.
class RandomStream {
public:
    RandomStream(quint64 seed, std::string_view streamId);
    RandomStream(quint64 seed, QStringView streamId);  // hashed as UTF-8
    explicit RandomStream(quint64 seed = 0) : RandomStream(seed, std::string_view()) {}

    quint64 next();
    // [0, 1), 53 random bits.
    double uniform01();
    double uniform(double low, double high) { return low + (high - low) * uniform01(); }
    // [0, n) without modulo bias; 0 when n is 0.
    quint64 uniformInt(quint64 n);
    // True with probability p; always uses one draw, so outcomes do not shift later draws.
    bool bernoulli(double p);
    double exponential(double mean);
    // By the inverse normal CDF (Wichura's AS241), one draw per value, no cached pair.
    double normal(double mean, double sd);
    // The lognormal with this median and 99th percentile: sigma = ln(p99 / median) / z(0.99).
    // A p99 not above the median gives the median itself (sigma 0).
    double lognormal(double median, double p99);

    // FNV-1a, 64 bit: how a stream id becomes part of the seed.
    static quint64 hashId(std::string_view id);

private:
    double uniformOpen01();  // (0, 1), for the inverse CDF
    std::array<quint64, 4> m_state;
};

// z(0.99), the standard normal's 99th percentile.
constexpr double kNormalP99 = 2.3263478740408408;

// Natural log and exponential with results that depend only on IEEE-754 double arithmetic
// (std::log/std::exp differ in the last bit between C libraries). Within 2 ulp of the exact
// value. portableLog: NaN below 0, -inf at 0. portableExp: 0 below -745, inf above 709.78.
double portableLog(double x);
double portableExp(double x);
// The standard normal quantile (AS241): p in (0, 1); ±inf at 0 and 1, NaN outside.
double normalQuantile(double p);

}  // namespace ml
