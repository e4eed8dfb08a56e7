// Checks one config value against its Catalog key (type, range, syntax). The linter reports
// what it returns; the inspector refuses a value it rejects, with the same message.
#pragma once

#include "format/Result.h"
#include "model/Catalog.h"

namespace ml {

// The error's pointer is relative to the value ("" for the value itself, "/0/method" inside a
// route list); its message says what was expected, e.g. "expected a duration between 1s and 15m; got \"20m\"".
Status checkConfigValue(const ConfigKey& key, const Json& value);

// "20/s", "5/m", "100/h", "0.5/s" → events per second. Errors say what was expected.
Result<double> parseRate(const QString& text);

}  // namespace ml
