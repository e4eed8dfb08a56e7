#include "engine/NodeStats.h"

#include <bit>

namespace ml {

int LatencyHistogram::bucketOf(Micros value)
{
    if (value < kSubBuckets) return int(std::max<Micros>(value, 0));
    const int exponent = 63 - std::countl_zero(quint64(value));  // ≥ 6
    const int shift = exponent - 6;                              // keep 6 bits of mantissa
    const int sub = int((quint64(value) >> shift) & (kSubBuckets - 1));
    return std::min((exponent - 5) * kSubBuckets + sub, 64 * kSubBuckets - 1);
}

Micros LatencyHistogram::upperBound(int bucket)
{
    if (bucket < kSubBuckets) return bucket;
    const int exponent = bucket / kSubBuckets + 5;
    const int sub = bucket % kSubBuckets;
    const int shift = exponent - 6;
    return Micros(((quint64(kSubBuckets) | quint64(sub)) << shift) + ((quint64(1) << shift) - 1));
}

void LatencyHistogram::add(Micros value)
{
    ++m_buckets[size_t(bucketOf(value))];
    ++m_count;
}

Micros LatencyHistogram::quantile(double q) const
{
    if (m_count == 0) return 0;
    const quint64 rank = std::max<quint64>(1, quint64(q * double(m_count) + 0.999999));
    quint64 seen = 0;
    for (size_t i = 0; i < m_buckets.size(); ++i) {
        seen += m_buckets[i];
        if (seen >= rank) return upperBound(int(i));
    }
    return upperBound(int(m_buckets.size()) - 1);
}

QString formatLatency(Micros value)
{
    if (value < kMicrosPerMilli) return QStringLiteral("%1us").arg(value);
    if (value < 10 * kMicrosPerSecond)
        return QStringLiteral("%1ms").arg((value + kMicrosPerMilli / 2) / kMicrosPerMilli);
    if (value < 10 * kMicrosPerMinute) return QStringLiteral("%1s").arg(double(value) / kMicrosPerSecond, 0, 'f', 1);
    return QStringLiteral("%1m").arg(double(value) / kMicrosPerMinute, 0, 'f', 1);
}

}  // namespace ml
