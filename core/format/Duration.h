// Durations in project files are strings with a unit ("250ms", "30s", "5m", "2h", "4d").
// Inside Microlab every duration and every instant is int64 microseconds (format/Time.h).
#pragma once

#include "format/Json.h"
#include "format/Result.h"
#include "format/Time.h"

#include <QString>

namespace ml {

namespace duration {

// Parses "250ms", "30s", "1.5s", "5m", "2h", "4d", "100us" (also "0").
// Units: us, ms, s, m|min, h, d. A bare number, a negative value, an unknown unit or a value
// past ~100 years is an error whose message says what was expected.
Result<Micros> parse(const QString& text);

// As parse(), for a JSON value: a bare number is an error ("expected a duration string with a
// unit, like \"30s\"; got the number 30"); the error's pointer is empty (callers add theirs).
Result<Micros> fromJson(const Json& value);

// The shortest exact text: 250000 → "250ms", 30000000 → "30s", 90 s → "90s", 3600 s → "1h".
QString format(Micros micros);

// For people, not for reading back: three significant figures at most — 2121582us → "2.12s",
// 754 s → "12m 34s", 26 h → "1d 2h". Exact values that are already short stay as format().
QString formatForPeople(Micros micros);

}  // namespace duration
}  // namespace ml
