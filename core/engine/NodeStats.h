// Per-node counters of a run (the report's "nodes" section) and a latency histogram that is
// exact enough for p50/p95/p99 in constant memory, whatever the number of samples.
#pragma once

#include "format/Json.h"
#include "format/Time.h"

#include <array>
#include <map>

namespace ml {

class LatencyHistogram {
public:
    void add(Micros value);
    quint64 count() const { return m_count; }
    // The smallest recorded bucket bound with at least q of the samples at or below it
    // (relative error under 1/64); 0 when empty.
    Micros quantile(double q) const;

private:
    static constexpr int kSubBuckets = 64;
    static int bucketOf(Micros value);
    static Micros upperBound(int bucket);
    std::array<quint64, 64 * kSubBuckets> m_buckets{};
    quint64 m_count = 0;
};

struct NodeStats {
    quint64 received = 0;
    quint64 invoked = 0;
    quint64 succeeded = 0;
    quint64 failed = 0;
    quint64 timedOut = 0;
    quint64 throttled = 0;
    quint64 retried = 0;
    quint64 deadLettered = 0;
    quint64 published = 0;
    quint64 pushed = 0;
    quint64 coldStarts = 0;
    quint64 expired = 0;
    quint64 dropped = 0;
    quint64 recursiveLoops = 0;  // invocations stopped by recursive loop detection
    double gbSeconds = 0;        // billed duration × memory, for the cost estimate
    LatencyHistogram latency;
    std::map<int, quint64> responses;
};

// "12ms", "850us", "1.2s": a latency for people (the report's p50/p95/p99).
QString formatLatency(Micros value);

}  // namespace ml
