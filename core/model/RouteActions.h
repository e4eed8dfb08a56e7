// What a router can be asked to do: the actions of the routes of the API gateways that invoke it,
// and the near-miss a mistyped name probably meant. Shared by the lint rules and the inspector's
// completions.
#pragma once

#include "model/Diagram.h"

#include <QStringList>

namespace ml::routes {

// The gateway's integration: its first invoke edge in diagram order (ApiGateway takes that one).
const Edge* integrationOf(const Diagram& diagram, const NodeId& gateway);

// The gateways whose integration is `target`, in diagram order.
std::vector<const Node*> gatewaysInvoking(const Diagram& diagram, const NodeId& target);

// Every distinct action the routes of those gateways set, in route order.
QStringList actionsSentTo(const Diagram& diagram, const NodeId& target);

// The candidate closest to `word` by edit distance when it is close enough to be a typo (at most
// one edit per four characters, at least one); empty when none is, or when `word` is itself one.
QString nearMiss(const QString& word, const QStringList& candidates);

// Does a route path ("/items/{id}") match a request path ("/items/7")? Segments in braces match
// any one segment; the query string is ignored.
bool pathMatches(const QString& routePath, const QString& requestPath);

}  // namespace ml::routes
