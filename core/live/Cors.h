// Which browser origins may drive a live endpoint: the api-gateway's (or websocket-api's) `cors`
// setting in the shape of AWS HTTP API's CORS configuration, with loopback origins allowed when
// the diagram says nothing, and the headers a preflight and an answer carry.
#pragma once

#include "format/Json.h"
#include "live/HttpRequestParser.h"

#include <QByteArray>

#include <optional>
#include <vector>

namespace ml {

struct CorsPolicy {
    // Origins as written ("https://app.example.com", "*", "http://localhost:*" with a port
    // wildcard). Empty with `configured` false: the loopback default.
    std::vector<QByteArray> allowOrigins;
    std::vector<QByteArray> allowMethods;  // "*" or method names; empty: the request's method
    std::vector<QByteArray> allowHeaders;  // "*" or header names; empty: what the preflight asked
    std::optional<int> maxAge;             // seconds a browser may cache a preflight
    bool configured = false;

    // A node's `cors` config (AWS HTTP API: allowOrigins, allowMethods, allowHeaders, maxAge);
    // without one, loopback origins only: http://localhost:*, http://127.0.0.1:*, http://[::1]:*.
    static CorsPolicy fromConfig(const Json& nodeConfig);

    bool allowsOrigin(QByteArrayView origin) const;
    bool allowsMethod(QByteArrayView method) const;
    // The headers answering a request from an allowed origin.
    std::vector<HttpHeader> answerHeaders(QByteArrayView origin) const;
    // The headers of a preflight's 204 (Access-Control-Request-Method/-Headers as asked).
    std::vector<HttpHeader> preflightHeaders(QByteArrayView origin, QByteArrayView requestHeaders) const;
};

}  // namespace ml
