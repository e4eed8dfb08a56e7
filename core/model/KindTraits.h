// Kind traits the designer's lint rules and editors ask, each answered from the Catalog's KindInfo
// and config schema (no kind names here).
#pragma once

#include "model/Catalog.h"

namespace ml::traits {

inline bool hasKeyOfType(const QString& kind, ValueType type)
{
    const KindInfo* k = Catalog::instance().kind(kind);
    if (!k) return false;
    for (const ConfigKey& key : k->config)
        if (key.type == type) return true;
    return false;
}

// Starts work by itself in a run (a simulated client, a schedule); everything else waits for input.
inline bool sendsTraffic(const QString& kind)
{
    return hasKeyOfType(kind, ValueType::Requests) || hasKeyOfType(kind, ValueType::Messages) ||
           hasKeyOfType(kind, ValueType::Schedule);
}

// Matches HTTP requests against a `routes` table (an API gateway).
inline bool servesRoutes(const QString& kind) { return hasKeyOfType(kind, ValueType::Routes); }

// Sends HTTP requests from a `requests` list (a client wired to an API).
inline bool sendsRequests(const QString& kind) { return hasKeyOfType(kind, ValueType::Requests); }

// Picks the outgoing edge whose `actions` list holds the request's action (a router).
inline bool dispatchesByAction(const QString& kind)
{
    const KindInfo* k = Catalog::instance().kind(kind);
    return k && k->edgeChoice == EdgeChoice::Action;
}

}  // namespace ml::traits

namespace ml::traits {

// The AWS service names a user searches the palette with ("lambda", "sqs", "dynamodb").
inline QStringList awsServiceWords(const QString& kind)
{
    const KindInfo* k = Catalog::instance().kind(kind);
    return k && !k->awsServices.isEmpty() ? QStringList{k->awsServices} : QStringList{};
}

}  // namespace ml::traits
