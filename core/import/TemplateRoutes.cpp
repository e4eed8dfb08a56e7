// The importer's API routes: SAM Api/HttpApi events and plain CloudFormation REST methods become
// the gateway's routes (each with an action its router sends on); WebSocket routes (SAM's
// WebSocketApi Routes or API Gateway v2 Route → Integration) become route edges to their handlers.
#include "import/TemplateReader.h"
#include "model/Catalog.h"

namespace ml::cfn {

namespace {

// "POST", "/orders/{id}" → "orders-id-post": a name that names no CRUD verb, so a CRUD function
// reads the operation from the HTTP method as API Gateway sends it.
QString actionName(const QString& method, const QString& path)
{
    QString words;
    for (const QString& part : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        QString w;
        for (QChar c : part)
            if (c.isLetterOrNumber() && c.unicode() < 128) w += c.toLower();
        if (!w.isEmpty()) words += w + QLatin1Char('-');
    }
    if (words.isEmpty()) words = QStringLiteral("root-");
    return words + (method == QLatin1String("ANY") ? QStringLiteral("any") : method.toLower());
}

}  // namespace

void TemplateReader::httpRoute(const NodeId& api, const QString& method, const QString& path, FunctionInfo& f,
                               const QString&)
{
    m_routes[api.value].push_back(Route{method, path, actionName(method, path), f.node});
    const QString driver = QStringLiteral("API (%1)").arg(api.value);
    if (!f.drivers.contains(driver)) f.drivers << driver;
}

void TemplateReader::webSocketRoutes()
{
    // REST APIs written out in plain CloudFormation: a Method on a Resource path, integrated with a function.
    for (auto it = m_resources.begin(); it != m_resources.end(); ++it) {
        const QString id = toQString(it.key());
        if (typeOf(id) != QLatin1String("AWS::ApiGateway::Method")) continue;
        const Json& props = member(*it, "Properties");
        const QString api = referencedNode(member(props, "RestApiId"));
        FunctionInfo* f = function(referencedNode(member(member(props, "Integration"), "Uri")));
        if (api.isEmpty() || !f || Catalog::instance().kind(node(nodeOf(api))->kind)->endpoint != Endpoint::Http)
            continue;
        QStringList parts;
        QStringList resources;
        Json resource = member(props, "ResourceId");
        for (int depth = 0; depth < 64; ++depth) {  // a loop of ParentIds ends here
            const QStringList named = referencedResources(resource);
            if (named.isEmpty() || typeOf(named.first()) != QLatin1String("AWS::ApiGateway::Resource")) break;
            const Json& r = member(m_resources[toStd(named.first())], "Properties");
            parts.prepend(text(member(r, "PathPart")));
            resources << named.first();
            resource = member(r, "ParentId");
        }
        const QString method = text(member(props, "HttpMethod")).toUpper();
        httpRoute(nodeOf(api), method.isEmpty() ? QStringLiteral("ANY") : method,
                  QLatin1Char('/') + parts.join(QLatin1Char('/')), *f, at(id));
        m_consumed.insert(id);
        for (const QString& r : resources) m_consumed.insert(r);
    }

    // SAM's WebSocket API lists its routes: {"$connect": {"FunctionArn": !GetAtt F.Arn}, …}.
    for (auto it = m_resources.begin(); it != m_resources.end(); ++it) {
        const QString id = toQString(it.key());
        if (typeOf(id) != QLatin1String("AWS::Serverless::WebSocketApi") || !m_nodes.contains(id)) continue;
        const Json& routes = member(member(*it, "Properties"), "Routes");
        if (!routes.is_object()) continue;
        for (auto r = routes.begin(); r != routes.end(); ++r) {
            const QString path = propsAt(id) + QStringLiteral("/Routes/") + toQString(r.key());
            FunctionInfo* f = function(referencedNode(member(*r, "FunctionArn")));
            if (!f) {
                warn(path, QStringLiteral("the route's function is not in this template; kept in unmapped"));
                m_unmapped["properties"][toStd(id)]["Routes"][r.key()] = r.value();
                continue;
            }
            if (connect(nodeOf(id), f->node, Json{{"route", r.key()}}, path))
                f->drivers << QStringLiteral("websocket route %1 (%2)").arg(toQString(r.key()), nodeOf(id).value);
            if (r->is_object())
                for (auto k = r->begin(); k != r->end(); ++k)
                    if (k.key() != "FunctionArn")
                        m_unmapped["properties"][toStd(id)]["Routes"][r.key()][k.key()] = k.value();
        }
    }

    for (auto it = m_resources.begin(); it != m_resources.end(); ++it) {
        const QString id = toQString(it.key());
        if (typeOf(id) != QLatin1String("AWS::ApiGatewayV2::Route")) continue;
        const Json& props = member(*it, "Properties");
        const QString api = referencedNode(member(props, "ApiId"));
        const QString key = text(member(props, "RouteKey"));
        // Target: integrations/{IntegrationId}; the integration's URI names the function.
        QString fn;
        for (const QString& r : referencedResources(member(props, "Target"))) {
            if (typeOf(r) != QLatin1String("AWS::ApiGatewayV2::Integration")) continue;
            fn = referencedNode(member(member(m_resources[toStd(r)], "Properties"), "IntegrationUri"));
            if (function(fn)) m_consumed.insert(r);
        }
        FunctionInfo* f = function(fn);
        if (api.isEmpty() || !f || key.isEmpty()) continue;
        const Node* a = node(nodeOf(api));
        const QString path = at(id);
        if (Catalog::instance().kind(a->kind)->endpoint == Endpoint::WebSocket) {
            if (connect(a->id, f->node, Json{{"route", toStd(key)}}, path)) {
                f->drivers << QStringLiteral("websocket route %1 (%2)").arg(key, a->id.value);
                m_consumed.insert(id);
            }
        } else {
            const QStringList parts = key.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            httpRoute(a->id, parts.size() == 2 ? parts[0].toUpper() : QStringLiteral("ANY"),
                      parts.size() == 2 ? parts[1] : QStringLiteral("/{proxy+}"), *f, path);
            m_consumed.insert(id);
        }
    }
}

}  // namespace ml::cfn
