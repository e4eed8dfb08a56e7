// Time inside Microlab: every duration and every instant is int64 microseconds. The kernel
// needs only this; reading and writing "30s" is format/Duration.h.
#pragma once

#include <QtGlobal>

#include <limits>

namespace ml {

using Micros = qint64;

constexpr Micros kMicrosPerMilli = 1000;
constexpr Micros kMicrosPerSecond = 1000 * kMicrosPerMilli;
constexpr Micros kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr Micros kMicrosPerHour = 60 * kMicrosPerMinute;
constexpr Micros kMicrosPerDay = 24 * kMicrosPerHour;

// The largest representable instant; "no limit" for Kernel::runUntil and "nothing pending"
// for nextTime().
constexpr Micros kTimeMax = std::numeric_limits<Micros>::max();

}  // namespace ml
