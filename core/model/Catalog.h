// The Catalog is the one place that knows every kind of node and edge: display names,
// categories, help, icons, config schemas with defaults and ranges, and the connection rules.
// The inspector, the linter, the exporters and the engine read it; nothing else hard-codes kinds.
#pragma once

#include "format/Json.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace ml {

enum class Category { EntryPoint, Microservice, Messaging, Data, Observability, Client };

enum class ValueType {
    Duration,  // "30s"; min/max in microseconds
    Integer,   // min/max inclusive
    Number,    // double; min/max inclusive
    Boolean,
    String,
    Enum,            // one of enumValues
    StringList,      // array of strings; enumValues, when set, restricts the items
    NodeRef,         // the id of another node in the diagram (renames follow it)
    Rate,            // "20/s", "5/m", "100/h"
    Schedule,        // rate(...) / cron(...)
    FilterPolicy,    // SNS/EventBridge filter policy object
    FilterCriteria,  // Lambda event filtering: a list of up to 5 EventBridge patterns over body/attributes
    LogFilter,       // CloudWatch filter pattern string
    Latency,         // {"dist": "lognormal", "median": "20ms", "p99": "200ms"} and the other shapes
    Routes,          // api-gateway routes [{method, path, action, required}]
    Policy,          // gatekeeper rules [{principal, actions, effect}]
    Requests,        // client requests [{method, path, body, headers, weight}]
    Messages,        // client messages [{body, attributes, groupId, key, weight}]
    Cors,            // AWS HTTP API CORS {allowOrigins, allowMethods, allowHeaders, maxAge}
    Json,            // any JSON value
};

QString valueTypeName(ValueType type);
QString categoryName(Category category);

struct ConfigKey {
    QString name;
    ValueType type = ValueType::String;
    ml::Json defaultValue;      // null: no default (unset / unlimited)
    std::optional<double> min;  // Integer/Number: value; Duration: microseconds
    std::optional<double> max;
    QStringList enumValues;  // Enum, and the allowed items of a StringList
    QString help;
    QString unit;  // shown by the inspector ("MB", "messages")
    // Edge keys only: the canvas shows the value in the edge's label (when it is set and, for a
    // choice, not the default), through `labelFormat` ("batch %1"; no %1: a fixed word when set)
    // with `labelOmit` cut from each item ("s3:").
    bool onEdgeLabel = false;
    QString labelFormat = QStringLiteral("%1");
    QString labelOmit;
    // The export: a key that shapes only the local run (latency, error rate, ports, SQLite files)
    // has no AWS form and is named in a warning when set; `awsFixed` holds the value AWS always uses
    // (a diagram value equal to it loses nothing).
    bool localOnly = false;
    QString awsFixed;
};

// What "Send test message" offers for a kind (the GUI's inject form); None: nothing can be injected.
enum class InjectForm {
    None,
    HttpRequest,     // method, path from the routes, JSON body, user
    Message,         // a message body (queues, topics)
    Object,          // an object: key and body (buckets)
    WebSocketFrame,  // a text frame on a connection opened as a user
};

// The port live mode opens for an entry point.
enum class Endpoint { None, Http, WebSocket };

// How a function picks the outgoing edges an invocation's work goes along.
enum class EdgeChoice {
    Outcome,    // every edge, or the success / failure destinations (`when`)
    Action,     // the edges whose `actions` hold the request's action (a router)
    LogFilter,  // the edges whose `when` filter pattern the log line matches (a log monitor)
};

struct KindInfo {
    QString id;           // "worker"
    QString displayName;  // "Decoupled worker"
    Category category = Category::Microservice;
    QString help;                          // one line, used as tooltip
    QString icon;                          // resource name under :/icons/, e.g. "worker"
    bool isFunction = false;               // the nine microservice kinds
    InjectForm inject = InjectForm::None;  // entry points and message stores take test messages
    std::vector<ConfigKey> config;         // shared function keys first, then the kind's own

    // Traits the engine, the linter, live mode and the UI ask instead of comparing kind ids.
    bool startsTraffic = false;          // work begins here with nothing upstream (clients, cron, APIs)
    Endpoint endpoint = Endpoint::None;  // live mode serves it on a real port
    bool isLogGroup = false;             // collects log lines; unwired functions log to the first one
    bool isQueue = false;                // SQS: receive counts, dead-letter queue, standard / FIFO
    bool fansOut = false;                // SNS: passes each publish on to every matching subscription
    bool guardsStores = false;           // the only function allowed to touch the stores it is wired to
    bool hasStream = false;              // its changes can drive functions (a table's stream)
    EdgeChoice edgeChoice = EdgeChoice::Outcome;
    QString awsServices;  // the AWS names a user searches the palette with ("SQS Simple Queue Service")

    const ConfigKey* key(const QString& name) const;
};

struct EdgeKindInfo {
    QString id;           // "event-source"
    QString displayName;  // "Event source mapping"
    QString help;
    QString label;  // a fixed word the canvas shows on every such edge ("DLQ"), before its keys' values
};

// One allowed connection: from a kind to a kind gives an edge kind with its config keys.
struct ConnectionRule {
    QString fromKind;
    QString toKind;
    QString edgeKind;
    bool isDefault = true;  // the inferred kind when the file does not name one
};

struct ConnectionCheck {
    bool allowed = false;
    QString edgeKind;  // the resulting kind when allowed
    QString reason;    // why not, in words a user understands, when refused
};

class Catalog {
public:
    static const Catalog& instance();

    const std::vector<KindInfo>& kinds() const { return m_kinds; }
    const KindInfo* kind(const QString& id) const;
    QStringList kindIds() const;

    const std::vector<EdgeKindInfo>& edgeKinds() const { return m_edgeKinds; }
    const EdgeKindInfo* edgeKind(const QString& id) const;

    const std::vector<ConnectionRule>& rules() const { return m_rules; }

    // Can a node of `fromKind` connect to one of `toKind`? With an empty `edgeKind` the default
    // rule decides; with one, that kind must be among the allowed ones for the pair.
    ConnectionCheck canConnect(const QString& fromKind, const QString& toKind,
                               const QString& edgeKind = QString()) const;
    // All edge kinds allowed for the pair (first is the default); empty when forbidden.
    QStringList edgeKindsFor(const QString& fromKind, const QString& toKind) const;

    // The config keys of an edge of `edgeKind` from `fromKind` to `toKind` (some keys depend on
    // the source, e.g. `actions` only on router edges and a filter-pattern `when` on
    // log-monitor edges).
    std::vector<ConfigKey> edgeConfigKeys(const QString& fromKind, const QString& toKind,
                                          const QString& edgeKind) const;

    // A node's config with every default filled in; explicit values win.
    ml::Json effectiveConfig(const QString& kind, const ml::Json& config) const;
    ml::Json effectiveEdgeConfig(const QString& fromKind, const QString& toKind, const QString& edgeKind,
                                 const ml::Json& config) const;

private:
    Catalog();
    std::vector<KindInfo> m_kinds;
    std::vector<EdgeKindInfo> m_edgeKinds;
    std::vector<ConnectionRule> m_rules;
};

}  // namespace ml
