// Pieces shared by the config value checks: how a wrong value is described ("got …"), errors
// relative to the value, and the checks of the structured shapes (latency, routes, policy, …).
#pragma once

#include "format/Json.h"
#include "format/Result.h"

#include <QString>
#include <QStringList>

namespace ml::configcheck {

// "\"20m\"", "30", "true", "null", "an array", "an object" — the text after "got".
QString describe(const Json& value);
// 3 → "3", 0.25 → "0.25", 1e12 → "1000000000000".
QString number(double value);
// "\"a\", \"b\", \"c\""
QString quoteList(const QStringList& values);
QString quoted(const QString& text);
// The JSON pointer token of an object key ("a/b" → "a~1b").
QString pointerToken(const QString& key);

Error fail(const QString& message, const QString& pointer = QString());

// A list of strings; when `allowed` is not empty every item must be one of them.
Status checkStringList(const Json& value, const QStringList& allowed);

// The structured shapes, in ConfigCheckShapes.cpp.
Status checkLatency(const Json& value);
Status checkRoutes(const Json& value);
Status checkPolicy(const Json& value);
Status checkRequests(const Json& value);
Status checkMessages(const Json& value);
Status checkFilterCriteria(const Json& value);
Status checkCors(const Json& value);

}  // namespace ml::configcheck
