// Where the engine's answers to real clients go in live mode (core/live): the API gateway's
// HTTP responses, websocket pushes and closes. Only inputs that came from real sockets are
// answered here; simulated clients never reach it. No sink (the default): nothing is sent.
#pragma once

#include "engine/Message.h"

#include <string>

namespace ml {

class LiveSink {
public:
    virtual ~LiveSink() = default;
    // The api-gateway `node` answered the request message `request` (an injected one).
    virtual void httpResponse(int node, quint64 request, int status, const JsonPtr& body) = 0;
    // A push reached the live connection `connection` of websocket-api `node`.
    virtual void webSocketPush(int node, const std::string& connection, const Json& body) = 0;
    // The engine closed (or refused) a live connection: idle, max duration, 1009, $connect refused.
    virtual void webSocketClosed(int node, const std::string& connection, int code, const std::string& reason) = 0;
};

}  // namespace ml
