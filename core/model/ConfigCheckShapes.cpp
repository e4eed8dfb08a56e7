// Config values with a structure: latency distributions, API routes, gatekeeper policies, a
// client's requests and messages, and event filter criteria. Errors point inside the value
// ("/0/method").
#include "format/Duration.h"
#include "format/FilterPolicy.h"
#include "model/ConfigCheckDetail.h"

#include <QRegularExpression>
#include <QSet>

#include <cmath>
#include <optional>

namespace ml::configcheck {

namespace {

QString at(size_t index, const char* field = nullptr)
{
    QString p = QLatin1Char('/') + QString::number(index);
    if (field) p += QLatin1Char('/') + QString::fromLatin1(field);
    return p;
}

const Json* field(const Json& object, const char* name)
{
    auto it = object.find(name);
    return it == object.end() ? nullptr : &*it;
}

Status checkArrayOf(const Json& value, const QString& example, Status (*item)(const Json&, size_t))
{
    if (!value.is_array()) return fail(QStringLiteral("expected a list like %1; got %2").arg(example, describe(value)));
    for (size_t i = 0; i < value.size(); ++i) {
        const Status s = item(value[i], i);
        if (!s) return s;
    }
    return okStatus();
}

Status checkChoice(const Json* value, const QStringList& allowed, const QString& pointer, const char* name)
{
    if (!value)
        return fail(QStringLiteral("missing \"%1\": one of %2").arg(QString::fromLatin1(name), quoteList(allowed)),
                    pointer);
    if (value->is_string() && allowed.contains(toQString(value->get<std::string>()))) return okStatus();
    return fail(QStringLiteral("expected one of %1; got %2").arg(quoteList(allowed), describe(*value)), pointer);
}

Status checkOptionalString(const Json& object, const char* name, const QString& pointer)
{
    const Json* v = field(object, name);
    if (!v || v->is_string()) return okStatus();
    return fail(QStringLiteral("expected a string; got %1").arg(describe(*v)), pointer);
}

Status checkWeight(const Json& object, const QString& pointer)
{
    const Json* w = field(object, "weight");
    if (!w) return okStatus();
    if (w->is_number() && std::isfinite(w->get<double>()) && w->get<double>() > 0) return okStatus();
    return fail(QStringLiteral("expected a weight above 0; got %1").arg(describe(*w)), pointer);
}

Status checkStringListAt(const Json& value, const QString& pointer, const QString& what)
{
    if (!value.is_array())
        return fail(QStringLiteral("expected a list of %1; got %2").arg(what, describe(value)), pointer);
    const Status s = checkStringList(value, {});
    if (!s) return s.error().under(pointer);
    return okStatus();
}

// ---- latency --------------------------------------------------------------------------------

struct Shape {
    const char* dist;
    std::vector<const char*> fields;
};

const std::vector<Shape>& latencyShapes()
{
    static const std::vector<Shape> shapes = {
        {"lognormal", {"median", "p99"}}, {"fixed", {"value"}},           {"uniform", {"min", "max"}},
        {"exponential", {"mean"}},        {"normal", {"mean", "stddev"}},
    };
    return shapes;
}

// ---- routes ---------------------------------------------------------------------------------

const QStringList& routeMethods()
{
    static const QStringList m{QStringLiteral("GET"),   QStringLiteral("POST"),   QStringLiteral("PUT"),
                               QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("ANY")};
    return m;
}

const QStringList& requestMethods()
{
    static const QStringList m{QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                               QStringLiteral("PATCH"), QStringLiteral("DELETE")};
    return m;
}

// A route path: "/" or "/segment/{param}/…"; a greedy {name+} only as the last segment, as in
// API Gateway. Returns the path with parameter names erased, so /a/{id} and /a/{key} compare equal.
Result<QString> routePathShape(const QString& path)
{
    if (!path.startsWith(QLatin1Char('/')))
        return fail(QStringLiteral("a path must start with \"/\"; got %1").arg(quoted(path)));
    if (path == QLatin1String("/")) return path;
    static const QRegularExpression param(QStringLiteral("^\\{([A-Za-z0-9_.-]+)(\\+?)\\}$"));
    const QStringList segments = path.mid(1).split(QLatin1Char('/'));
    QSet<QString> names;
    QString shape;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString& seg = segments[i];
        if (seg.isEmpty()) return fail(QStringLiteral("path %1 has an empty segment").arg(quoted(path)));
        if (seg.contains(QLatin1Char('{')) || seg.contains(QLatin1Char('}'))) {
            const QRegularExpressionMatch m = param.match(seg);
            if (!m.hasMatch())
                return fail(
                    QStringLiteral("path segment %1 must be plain text or a whole {parameter}").arg(quoted(seg)));
            if (!m.captured(2).isEmpty() && i != segments.size() - 1)
                return fail(
                    QStringLiteral("greedy parameter %1 must be the last segment of the path").arg(quoted(seg)));
            if (names.contains(m.captured(1)))
                return fail(
                    QStringLiteral("path %1 names the parameter %2 twice").arg(quoted(path), quoted(m.captured(1))));
            names.insert(m.captured(1));
            shape += m.captured(2).isEmpty() ? QStringLiteral("/{}") : QStringLiteral("/{+}");
        } else {
            shape += QLatin1Char('/') + seg;
        }
    }
    return shape;
}

Status checkRoute(const Json& route, size_t i)
{
    if (!route.is_object())
        return fail(
            QStringLiteral("expected a route object {method, path, action, required}; got %1").arg(describe(route)),
            at(i));
    if (Status s = checkChoice(field(route, "method"), routeMethods(), at(i, "method"), "method"); !s) return s;
    const Json* path = field(route, "path");
    if (!path) return fail(QStringLiteral("missing \"path\", like \"/items/{id}\""), at(i, "path"));
    if (!path->is_string())
        return fail(QStringLiteral("expected a path like \"/items/{id}\"; got %1").arg(describe(*path)), at(i, "path"));
    if (const Result<QString> shape = routePathShape(toQString(path->get<std::string>())); !shape)
        return shape.error().under(at(i, "path"));
    if (Status s = checkOptionalString(route, "action", at(i, "action")); !s) return s;
    if (const Json* required = field(route, "required"))
        if (Status s = checkStringListAt(*required, at(i, "required"), QStringLiteral("body field names")); !s)
            return s;
    return okStatus();
}

// ---- policy ---------------------------------------------------------------------------------

Status checkRule(const Json& rule, size_t i)
{
    if (!rule.is_object())
        return fail(QStringLiteral("expected a policy rule {principal, actions, effect}; got %1").arg(describe(rule)),
                    at(i));
    static const QRegularExpression principal(QStringLiteral("^(\\*|(user|role):\\S+)$"));
    const Json* p = field(rule, "principal");
    const QString expectedPrincipal = QStringLiteral("a principal \"user:NAME\", \"role:NAME\" or \"*\"");
    if (!p) return fail(QStringLiteral("missing \"principal\": %1").arg(expectedPrincipal), at(i, "principal"));
    if (!p->is_string() || !principal.match(toQString(p->get<std::string>())).hasMatch())
        return fail(QStringLiteral("expected %1; got %2").arg(expectedPrincipal, describe(*p)), at(i, "principal"));
    const Json* actions = field(rule, "actions");
    if (!actions) return fail(QStringLiteral("missing \"actions\": a list of action names"), at(i, "actions"));
    if (Status s = checkStringListAt(*actions, at(i, "actions"), QStringLiteral("action names")); !s) return s;
    return checkChoice(field(rule, "effect"), {QStringLiteral("allow"), QStringLiteral("deny")}, at(i, "effect"),
                       "effect");
}

// ---- client requests and messages -----------------------------------------------------------

Status checkRequest(const Json& request, size_t i)
{
    if (!request.is_object())
        return fail(QStringLiteral("expected a request object {method, path, body, headers, weight}; got %1")
                        .arg(describe(request)),
                    at(i));
    if (Status s = checkChoice(field(request, "method"), requestMethods(), at(i, "method"), "method"); !s) return s;
    const Json* path = field(request, "path");
    if (!path) return fail(QStringLiteral("missing \"path\", like \"/items/42\""), at(i, "path"));
    if (!path->is_string() || !path->get<std::string>().starts_with('/'))
        return fail(QStringLiteral("expected a path starting with \"/\"; got %1").arg(describe(*path)), at(i, "path"));
    if (const Json* headers = field(request, "headers")) {
        if (!headers->is_object())
            return fail(QStringLiteral("expected an object of header names to strings; got %1").arg(describe(*headers)),
                        at(i, "headers"));
        for (auto it = headers->begin(); it != headers->end(); ++it)
            if (!it->is_string())
                return fail(QStringLiteral("expected a header value string; got %1").arg(describe(*it)),
                            at(i, "headers") + QLatin1Char('/') + pointerToken(toQString(it.key())));
    }
    return checkWeight(request, at(i, "weight"));
}

bool isAttributeValue(const Json& v)
{
    if (v.is_string() || v.is_number()) return true;
    if (!v.is_array()) return false;
    for (const Json& item : v)
        if (!item.is_string() && !item.is_number()) return false;
    return true;
}

Status checkMessage(const Json& message, size_t i)
{
    if (!message.is_object())
        return fail(QStringLiteral("expected a message object {body, attributes, groupId, key, weight}; got %1")
                        .arg(describe(message)),
                    at(i));
    if (const Json* attributes = field(message, "attributes")) {
        if (!attributes->is_object())
            return fail(
                QStringLiteral("expected an object of attribute names to values; got %1").arg(describe(*attributes)),
                at(i, "attributes"));
        // SNS/SQS attributes are strings, numbers or string arrays.
        for (auto it = attributes->begin(); it != attributes->end(); ++it)
            if (!isAttributeValue(*it))
                return fail(QStringLiteral("expected a string, a number or a list of them; got %1").arg(describe(*it)),
                            at(i, "attributes") + QLatin1Char('/') + pointerToken(toQString(it.key())));
    }
    if (Status s = checkOptionalString(message, "groupId", at(i, "groupId")); !s) return s;
    if (const Json* dedup = field(message, "deduplicationId")) {
        // SQS: 1 to 128 characters, letters, digits and punctuation (ASCII 33–126).
        static const QRegularExpression shape(QStringLiteral("^[!-~]{1,128}$"));
        if (!dedup->is_string() || !shape.match(toQString(dedup->get<std::string>())).hasMatch())
            return fail(QStringLiteral("expected a deduplication id of 1 to 128 letters, digits or punctuation; got %1")
                            .arg(describe(*dedup)),
                        at(i, "deduplicationId"));
    }
    if (Status s = checkOptionalString(message, "key", at(i, "key")); !s) return s;
    return checkWeight(message, at(i, "weight"));
}

}  // namespace

Status checkLatency(const Json& value)
{
    if (!value.is_object())
        return fail(QStringLiteral("expected a latency like {\"dist\": \"lognormal\", \"median\": \"20ms\", \"p99\": "
                                   "\"200ms\"}; got %1")
                        .arg(describe(value)));
    QStringList dists;
    for (const Shape& s : latencyShapes()) dists << QString::fromLatin1(s.dist);
    if (Status s = checkChoice(field(value, "dist"), dists, QStringLiteral("/dist"), "dist"); !s) return s;

    const QString dist = toQString(value["dist"].get<std::string>());
    const Shape* shape = nullptr;
    for (const Shape& s : latencyShapes())
        if (dist == QLatin1String(s.dist)) shape = &s;

    std::vector<Micros> values;
    for (const char* name : shape->fields) {
        const QString pointer = QLatin1Char('/') + QString::fromLatin1(name);
        const Json* v = field(value, name);
        if (!v)
            return fail(QStringLiteral("a %1 latency needs \"%2\", a duration like \"20ms\"")
                            .arg(dist, QString::fromLatin1(name)),
                        pointer);
        const Result<Micros> d = duration::fromJson(*v);
        if (!d) return fail(d.error().message, pointer);
        values.push_back(*d);
    }
    if (dist == QLatin1String("lognormal")) {
        // The engine draws exp(N(ln median, σ)); a zero median has no logarithm.
        if (values[0] <= 0)
            return fail(QStringLiteral("the median of a lognormal latency must be above 0s"),
                        QStringLiteral("/median"));
        if (values[1] < values[0])
            return fail(QStringLiteral("p99 (%1) must be at least the median (%2)")
                            .arg(duration::format(values[1]), duration::format(values[0])),
                        QStringLiteral("/p99"));
    }
    if (dist == QLatin1String("uniform") && values[1] < values[0])
        return fail(QStringLiteral("max (%1) must be at least min (%2)")
                        .arg(duration::format(values[1]), duration::format(values[0])),
                    QStringLiteral("/max"));
    return okStatus();
}

Status checkRoutes(const Json& value)
{
    const Status items = checkArrayOf(
        value, QStringLiteral("[{\"method\": \"POST\", \"path\": \"/items\", \"action\": \"create\"}]"), checkRoute);
    if (!items) return items;
    // Two routes with the same method and path (parameter names aside) would be ambiguous.
    QHash<QString, size_t> seen;
    for (size_t i = 0; i < value.size(); ++i) {
        const QString method = toQString(value[i]["method"].get<std::string>());
        const QString path = toQString(value[i]["path"].get<std::string>());
        const QString routeKey = method + QLatin1Char(' ') + *routePathShape(path);
        if (seen.contains(routeKey))
            return fail(QStringLiteral("route %1 %2 is defined twice (also at /%3)")
                            .arg(method, path)
                            .arg(seen.value(routeKey)),
                        at(i));
        seen.insert(routeKey, i);
    }
    return okStatus();
}

Status checkPolicy(const Json& value)
{
    return checkArrayOf(
        value, QStringLiteral("[{\"principal\": \"role:admin\", \"actions\": [\"*\"], \"effect\": \"allow\"}]"),
        checkRule);
}

Status checkRequests(const Json& value)
{
    return checkArrayOf(value, QStringLiteral("[{\"method\": \"GET\", \"path\": \"/items\"}]"), checkRequest);
}

Status checkMessages(const Json& value)
{
    return checkArrayOf(value, QStringLiteral("[{\"body\": {\"id\": 1}}]"), checkMessage);
}

Status checkFilterCriteria(const Json& value)
{
    constexpr size_t kMostPatterns = 5;  // Lambda's default quota of filters per event source mapping
    if (!value.is_array())
        return fail(
            QStringLiteral("expected a list of event patterns like [{\"body\": {\"type\": [\"order\"]}}]; got %1")
                .arg(describe(value)));
    if (value.size() > kMostPatterns)
        return fail(QStringLiteral("expected at most %1 patterns; got %2").arg(kMostPatterns).arg(value.size()),
                    at(kMostPatterns));
    for (size_t i = 0; i < value.size(); ++i) {
        const Json& pattern = value[i];
        if (!pattern.is_object())
            return fail(QStringLiteral("expected an event pattern like {\"body\": {\"type\": [\"order\"]}}; got %1")
                            .arg(describe(pattern)),
                        at(i));
        // The filtered record has a body and attributes; a pattern on anything else never matches.
        for (auto it = pattern.begin(); it != pattern.end(); ++it)
            if (it.key() != "body" && it.key() != "attributes" && it.key() != "$or")
                return fail(QStringLiteral("a pattern looks at \"body\" and \"attributes\"; \"%1\" is in no message")
                                .arg(toQString(it.key())),
                            at(i) + QLatin1Char('/') + pointerToken(toQString(it.key())));
        const Result<FilterPolicy> parsed = FilterPolicy::parseEventPattern(pattern);
        if (!parsed) return parsed.error().under(at(i));
    }
    return okStatus();
}

// AWS HTTP API's CORS shape. Origins are "*" or scheme://host[:port] (the port may be "*", as
// in the loopback default "http://localhost:*"); browsers send nothing else to compare with.
Status checkCors(const Json& value)
{
    if (!value.is_object())
        return fail(QStringLiteral("expected {\"allowOrigins\": [\"http://localhost:*\"], \"allowMethods\": [...], "
                                   "\"allowHeaders\": [...], \"maxAge\": 600}; got %1")
                        .arg(describe(value)));
    static const QStringList known{QStringLiteral("allowOrigins"), QStringLiteral("allowMethods"),
                                   QStringLiteral("allowHeaders"), QStringLiteral("maxAge")};
    for (auto it = value.begin(); it != value.end(); ++it)
        if (!known.contains(toQString(it.key())))
            return fail(QStringLiteral("unknown CORS setting %1; expected one of %2")
                            .arg(quoted(toQString(it.key())), quoteList(known)),
                        QLatin1Char('/') + pointerToken(toQString(it.key())));
    const Json* origins = field(value, "allowOrigins");
    if (!origins) return fail(QStringLiteral("missing \"allowOrigins\": the origins browsers may call from"));
    if (const Status s = checkStringListAt(*origins, QStringLiteral("/allowOrigins"), QStringLiteral("origins")); !s)
        return s;
    static const QRegularExpression origin(QStringLiteral("^https?://[^/?#\\s]+$"));
    for (size_t i = 0; i < origins->size(); ++i) {
        const QString o = toQString((*origins)[i].get<std::string>());
        if (o != QLatin1String("*") && !origin.match(o).hasMatch())
            return fail(QStringLiteral("expected an origin like \"https://app.example.com\" (scheme and host, no path) "
                                       "or \"*\"; got %1")
                            .arg(quoted(o)),
                        QStringLiteral("/allowOrigins/%1").arg(i));
    }
    if (const Json* m = field(value, "allowMethods")) {
        static const QStringList methods{QStringLiteral("*"),    QStringLiteral("GET"),    QStringLiteral("POST"),
                                         QStringLiteral("PUT"),  QStringLiteral("PATCH"),  QStringLiteral("DELETE"),
                                         QStringLiteral("HEAD"), QStringLiteral("OPTIONS")};
        if (const Status s = checkStringList(*m, methods); !s) return s.error().under(QStringLiteral("/allowMethods"));
    }
    if (const Json* h = field(value, "allowHeaders"))
        if (const Status s = checkStringListAt(*h, QStringLiteral("/allowHeaders"), QStringLiteral("header names")); !s)
            return s;
    if (const Json* age = field(value, "maxAge");
        age && !(age->is_number_integer() && age->get<qint64>() >= 0 && age->get<qint64>() <= 86400))
        return fail(QStringLiteral("expected seconds from 0 to 86400; got %1").arg(describe(*age)),
                    QStringLiteral("/maxAge"));
    return okStatus();
}

}  // namespace ml::configcheck
