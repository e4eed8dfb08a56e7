// CORS for the live endpoints (see Cors.h). Origins are compared as ASCII, case-insensitively,
// as browsers serialize them (scheme://host[:port], no path).
#include "live/Cors.h"

#include <algorithm>

namespace ml {

namespace {

bool sameText(QByteArrayView a, QByteArrayView b) { return a.compare(b, Qt::CaseInsensitive) == 0; }

// "http://localhost:*" matches http://localhost and http://localhost:<digits>.
bool originMatches(QByteArrayView pattern, QByteArrayView origin)
{
    if (pattern == "*") return true;
    if (pattern.endsWith(":*")) {
        const QByteArrayView base = pattern.chopped(2);
        if (sameText(origin, base)) return true;
        if (origin.size() <= base.size() + 1 || !sameText(origin.first(base.size()), base) ||
            origin[base.size()] != ':')
            return false;
        for (char c : origin.sliced(base.size() + 1))
            if (c < '0' || c > '9') return false;
        return true;
    }
    return sameText(pattern, origin);
}

std::vector<QByteArray> strings(const Json& config, const char* key)
{
    std::vector<QByteArray> out;
    if (!config.is_object()) return out;
    const auto it = config.find(key);
    if (it == config.end() || !it->is_array()) return out;
    for (const Json& v : *it)
        if (v.is_string()) out.push_back(QByteArray::fromStdString(v.get<std::string>()));
    return out;
}

QByteArray joined(const std::vector<QByteArray>& values)
{
    QByteArray out;
    for (const QByteArray& v : values) {
        if (!out.isEmpty()) out += ", ";
        out += v;
    }
    return out;
}

}  // namespace

CorsPolicy CorsPolicy::fromConfig(const Json& nodeConfig)
{
    CorsPolicy p;
    const Json* cors = nullptr;
    if (nodeConfig.is_object())
        if (const auto it = nodeConfig.find("cors"); it != nodeConfig.end() && it->is_object()) cors = &*it;
    if (!cors) {
        p.allowOrigins = {"http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"};
        return p;
    }
    p.configured = true;
    p.allowOrigins = strings(*cors, "allowOrigins");
    p.allowMethods = strings(*cors, "allowMethods");
    p.allowHeaders = strings(*cors, "allowHeaders");
    if (const auto it = cors->find("maxAge"); it != cors->end() && it->is_number_integer())
        p.maxAge = int(std::clamp<qint64>(it->get<qint64>(), 0, 86400));
    return p;
}

bool CorsPolicy::allowsOrigin(QByteArrayView origin) const
{
    for (const QByteArray& pattern : allowOrigins)
        if (originMatches(pattern, origin)) return true;
    return false;
}

bool CorsPolicy::allowsMethod(QByteArrayView method) const
{
    if (allowMethods.empty()) return true;
    for (const QByteArray& m : allowMethods)
        if (m == "*" || sameText(m, method)) return true;
    return false;
}

std::vector<HttpHeader> CorsPolicy::answerHeaders(QByteArrayView origin) const
{
    std::vector<HttpHeader> out;
    const bool any = allowOrigins.size() == 1 && allowOrigins.front() == "*";
    out.push_back({"Access-Control-Allow-Origin", any ? QByteArray("*") : origin.toByteArray()});
    // The answer depends on the Origin: caches must not hand it to another one.
    if (!any) out.push_back({"Vary", "Origin"});
    return out;
}

std::vector<HttpHeader> CorsPolicy::preflightHeaders(QByteArrayView origin, QByteArrayView requestHeaders) const
{
    std::vector<HttpHeader> out = answerHeaders(origin);
    out.push_back({"Access-Control-Allow-Methods", allowMethods.empty()
                                                       ? QByteArray("GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS")
                                                       : joined(allowMethods)});
    if (!allowHeaders.empty())
        out.push_back({"Access-Control-Allow-Headers", joined(allowHeaders)});
    else if (!configured && !requestHeaders.isEmpty())  // the loopback default: a local frontend's own
        out.push_back({"Access-Control-Allow-Headers", requestHeaders.toByteArray()});
    if (maxAge) out.push_back({"Access-Control-Max-Age", QByteArray::number(*maxAge)});
    return out;
}

}  // namespace ml
