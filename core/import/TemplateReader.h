// What the importer's passes share (core/import internal): the template, the nodes made so far
// by logical id, references between resources, notes, and the unmapped section being built.
#pragma once

#include "format/Json.h"
#include "import/TemplateImport.h"

#include <QHash>
#include <QSet>
#include <QStringList>

#include <map>
#include <optional>

namespace ml::cfn {

struct FunctionInfo {
    QString logicalId;
    NodeId node;
    QStringList drivers;  // "websocket route", "API", "SQS", "S3", "DynamoDB stream", "schedule", "logs", "SNS", …
    Json schedule;        // the schedule expression when one drives it
    Json payload;         // a schedule's Input
};

// A function Microlab's export wrote (its environment names its node and wiring).
struct MicrolabFunction {
    QString kind;
    QString nodeId;
    Json edges;      // EDGES: one entry per outgoing edge {to, env, service, actions, when, …}
    Json variables;  // the whole Environment.Variables
};

class TemplateReader {
public:
    TemplateReader(Json root, QString fileName) : m_root(std::move(root)), m_file(std::move(fileName)) {}
    Result<ImportedTemplate> run();

    // --- shared by the passes ---------------------------------------------------------------
    const Json& resources() const { return m_resources; }
    QString typeOf(const QString& logicalId) const;
    // The node made for a resource (or empty).
    NodeId nodeOf(const QString& logicalId) const { return m_nodes.value(logicalId); }
    // Every resource a value names (Ref, Fn::GetAtt, ${X} and ${X.Attr} in Fn::Sub, inside Fn::Join …).
    QStringList referencedResources(const Json& value) const;
    // The one resource a value names that has a node, or empty.
    QString referencedNode(const Json& value) const;

    // Whole seconds from a number or a numeric string; an intrinsic it cannot read is a warning
    // (and the property is kept unmapped); anything else is an error naming the path.
    std::optional<Error> seconds(const Json& value, const QString& path, std::optional<qint64>& out);
    std::optional<Error> integer(const Json& value, const QString& path, std::optional<qint64>& out);
    std::optional<Error> boolean(const Json& value, const QString& path, std::optional<bool>& out);
    // A node or edge config value checked against the Catalog's range for `key`.
    std::optional<Error> setDuration(Json& config, const QString& kind, const char* key, qint64 seconds,
                                     const QString& path);

    Node* node(const NodeId& id) { return m_diagram.node(id); }
    NodeId addNode(const QString& logicalId, const QString& kind, const QString& name, const QString& nodeId = {});
    // Adds (or merges config into) an edge; a connection the Catalog refuses is a warning.
    bool connect(const NodeId& from, const NodeId& to, Json config, const QString& path, const QString& edgeKind = {});
    void note(const QString& path, const QString& message);
    void warn(const QString& path, const QString& message);
    void keepProperty(const QString& logicalId, const QString& property, const Json& value);
    void keepResource(const QString& logicalId, const QString& why);
    FunctionInfo* function(const QString& logicalId);
    FunctionInfo* functionOfNode(const NodeId& id);
    Error error(const QString& path, const QString& message) const;

private:
    std::optional<Error> sections();
    std::optional<Error> createNodes();
    std::optional<Error> queueSettings(const QString& id, const Json& props, const QString& at);
    std::optional<Error> topicSettings(const QString& id, const Json& props, const QString& at);
    std::optional<Error> tableSettings(const QString& id, const QString& type, const Json& props, const QString& at);
    std::optional<Error> bucketSettings(const QString& id, const Json& props, const QString& at);
    std::optional<Error> functionSettings(const QString& id, const Json& props, const QString& at);
    std::optional<Error> logGroupSettings(const QString& id, const Json& props, const QString& at);
    std::optional<Error> destinations(const QString& id, const Json& config, const QString& at);
    std::optional<Error> standaloneResources();
    std::optional<Error> functionEvents();
    std::optional<Error> event(FunctionInfo& f, const QString& name, const Json& ev, const QString& at);
    std::optional<Error> eventSourceMapping(const QString& id, const Json& props, const QString& at);
    // Unknown keys are listed in `unknown` for the caller to keep.
    std::optional<Error> esmSettings(Json& config, bool stream, const Json& props, const QString& at,
                                     QStringList& unknown);
    // Microlab's own exports (TemplateMicrolab.cpp).
    void findMicrolabFunctions();
    bool derivedByExport(const QString& logicalId);  // a table the export adds: consumed, not drawn
    void keepMicrolabProperty(const QString& logicalId, const QString& key, const Json& value);
    void microlabWiring(const FunctionInfo& f);
    void microlabSettings(const FunctionInfo& f);
    Json microlabRoutes(const NodeId& router) const;  // the router's ROUTES, or null
    void namesFromOutputs();                          // API names from the export's "<Api>Url" outputs

    bool subscriptionPolicy(const QString& id);  // SNS → SQS permissions the export derives: consumed
    void webSocketRoutes();
    void httpRoute(const NodeId& api, const QString& method, const QString& path, FunctionInfo& f, const QString& at);
    void functionCalls();
    void chooseKinds();
    void routeApis();
    void addTraffic();

    Json m_root;
    Json m_resources = Json::object();
    QString m_file;
    Diagram m_diagram;
    std::vector<ImportNote> m_notes;
    QHash<QString, NodeId> m_nodes;
    std::vector<FunctionInfo> m_functions;
    QSet<QString> m_consumed;  // resources folded into nodes and edges (subscriptions, mappings, …)
    Json m_unmapped = Json::object();
    Json m_globalsFunction = Json::object();
    // Routes per gateway node: {method, path, action, function node}.
    struct Route {
        QString method, path, action;
        NodeId function;
    };
    std::map<QString, std::vector<Route>> m_routes;
    NodeId m_implicitRestApi, m_implicitHttpApi;
    QHash<QString, MicrolabFunction> m_microlab;  // by logical id
    QSet<QString> m_derived;                      // tables Microlab's export adds
    QHash<QString, NodeId> m_inboxes;             // e-mail address or parameter → its inbox
};

QString kebab(const QString& logicalId);
// A filter policy or pattern written as JSON text (as CloudFormation allows) or as an object.
Json policyValue(const Json& v);
Json corsOf(const Json& v);  // HTTP API's CorsConfiguration as a gateway's cors, or null  // "ProcessOrderFunction" →
                             // "process-order-function"

// Small readers every pass uses.
inline QString at(const QString& logicalId) { return QStringLiteral("/Resources/") + logicalId; }
inline QString propsAt(const QString& logicalId) { return at(logicalId) + QStringLiteral("/Properties"); }
// A member of an object, or null (for anything that is not an object, or a missing key).
inline const Json& member(const Json& object, const char* key)
{
    static const Json null;
    if (!object.is_object()) return null;
    const auto it = object.find(key);
    return it == object.end() ? null : *it;
}
inline QString text(const Json& v) { return v.is_string() ? toQString(v.get<std::string>()) : QString(); }
// {"Ref": …} or {"Fn::…": …}: a value CloudFormation works out at deploy time.
inline bool isIntrinsic(const Json& v)
{
    return v.is_object() && v.size() == 1 &&
           (v.begin().key() == "Ref" || v.begin().key().rfind("Fn::", 0) == 0 || v.begin().key() == "Condition");
}

}  // namespace ml::cfn
