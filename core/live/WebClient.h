// The browser client an api-gateway's port serves in live mode: GET /_microlab/client is the page
// (resources/web/client.html, compiled in) and /_microlab/client.json tells it this gateway's
// routes, the diagram's WebSocket APIs and its users, so a person can be one of them.
#pragma once

#include "live/HttpEndpoint.h"
#include "live/LiveSession.h"
#include "model/Diagram.h"

#include <optional>

namespace ml::webclient {

inline constexpr char kPagePath[] = "/_microlab/client";
inline constexpr char kDescriptionPath[] = "/_microlab/client.json";

// The page's bytes (UTF-8 HTML, no external URLs).
QByteArray page();

// What the page needs to know: {project, gateway, name, routes, webSockets: [{node, name, port,
// url}], users, examples: [{method, path, body}]} — examples are the requests the diagram's own
// clients send to this gateway.
Json describe(const Diagram& diagram, const NodeId& gateway, const std::vector<LiveEndpoint>& endpoints);

// The answer when `request` asks for the page or its description (GET or HEAD, any query);
// nothing when it is for the diagram.
std::optional<HttpResponse> answer(const HttpRequest& request, const Diagram& diagram, const NodeId& gateway,
                                   const std::vector<LiveEndpoint>& endpoints);

}  // namespace ml::webclient
