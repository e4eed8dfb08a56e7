// checkConfigValue and parseRate: every ValueType accepting and refusing, with the exact message
// and the pointer inside the value.
#include "model/Catalog.h"
#include "model/ConfigCheck.h"

#include <QtTest>

using namespace ml;

namespace {

// "node:queue:delay" → the Catalog's key of a node kind; "edge:topic:queue:subscription:deadLetterQueue"
// → an edge's key; "type:Rate" → a key of that type with no default and no range.
ConfigKey keyFor(const QString& spec)
{
    const QStringList parts = spec.split(QLatin1Char(':'));
    const Catalog& catalog = Catalog::instance();
    if (parts[0] == QLatin1String("node")) {
        const KindInfo* kind = catalog.kind(parts[1]);
        if (kind)
            if (const ConfigKey* key = kind->key(parts[2])) return *key;
    } else if (parts[0] == QLatin1String("edge")) {
        for (const ConfigKey& key : catalog.edgeConfigKeys(parts[1], parts[2], parts[3]))
            if (key.name == parts[4]) return key;
    } else if (parts[0] == QLatin1String("type")) {
        static const QHash<QString, ValueType> types = {
            {QStringLiteral("Rate"), ValueType::Rate},
            {QStringLiteral("Schedule"), ValueType::Schedule},
            {QStringLiteral("FilterPolicy"), ValueType::FilterPolicy},
            {QStringLiteral("LogFilter"), ValueType::LogFilter},
            {QStringLiteral("Latency"), ValueType::Latency},
            {QStringLiteral("Routes"), ValueType::Routes},
            {QStringLiteral("Policy"), ValueType::Policy},
            {QStringLiteral("Requests"), ValueType::Requests},
            {QStringLiteral("Messages"), ValueType::Messages},
            {QStringLiteral("Json"), ValueType::Json},
            {QStringLiteral("NodeRef"), ValueType::NodeRef},
            {QStringLiteral("StringList"), ValueType::StringList},
        };
        ConfigKey key;
        key.name = parts[1];
        key.type = types.value(parts[1], ValueType::String);
        key.defaultValue = Json::array();  // not null: null values are refused like any other
        return key;
    }
    qFatal("no config key %s", qPrintable(spec));
}

}  // namespace

class TestConfigCheck : public QObject {
    Q_OBJECT

private slots:
    void check_data();
    void check();
    void nullMeansUnsetOnlyWithoutDefault();
    void parseRate_data();
    void parseRate();
    void parseRateRefuses_data();
    void parseRateRefuses();
};

void TestConfigCheck::check_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");    // JSON text
    QTest::addColumn<QString>("message");  // empty: accepted; "~text": the message contains text
    QTest::addColumn<QString>("pointer");

    const QString ok;
    auto row = [](const char* name, const char* key, const char* value, const QString& message,
                  const char* pointer = "") {
        QTest::newRow(name) << QString::fromLatin1(key) << QString::fromUtf8(value) << message
                            << QString::fromLatin1(pointer);
    };
    auto msg = [](const char* text) { return QString::fromUtf8(text); };

    // Duration: a string with a unit, inside the key's range.
    row("duration ok", "node:worker:timeout", R"("30s")", ok);
    row("duration lowest", "node:worker:timeout", R"("1s")", ok);
    row("duration highest", "node:worker:timeout", R"("900s")", ok);
    row("duration too long", "node:worker:timeout", R"("20m")",
        msg(R"(expected a duration between 1s and 15m; got "20m")"));
    row("duration too short", "node:worker:timeout", R"("999ms")",
        msg(R"(expected a duration between 1s and 15m; got "999ms")"));
    row("duration zero allowed", "node:queue:delay", R"("0s")", ok);
    row("duration delay over", "node:queue:delay", R"("16m")",
        msg(R"(expected a duration between 0s and 15m; got "16m")"));
    row("duration bare number", "node:worker:timeout", "30",
        msg(R"(expected a duration string with a unit, like "30s"; got the number 30)"));
    row("duration unknown unit", "node:worker:timeout", R"("30x")", msg("~unknown duration unit \"x\""));
    row("duration null refused", "node:worker:timeout", "null", msg("~got null"));
    row("duration null unset", "node:logs:retention", "null", ok);

    // Integer: integral, in range; 3.0 counts as an integer.
    row("integer ok", "node:queue:maxReceiveCount", "3", ok);
    row("integer written as float", "node:queue:maxReceiveCount", "3.0", ok);
    row("integer highest", "node:queue:maxReceiveCount", "1000", ok);
    row("integer zero", "node:queue:maxReceiveCount", "0", msg("expected an integer between 1 and 1000; got 0"));
    row("integer over", "node:queue:maxReceiveCount", "1001", msg("expected an integer between 1 and 1000; got 1001"));
    row("integer fraction", "node:queue:maxReceiveCount", "2.5",
        msg("expected an integer between 1 and 1000; got 2.5"));
    row("integer string", "node:queue:maxReceiveCount", R"("3")",
        msg(R"(expected an integer between 1 and 1000; got "3")"));
    row("integer unset", "node:queue:maxReceiveCount", "null", ok);
    row("integer huge range", "node:client:count", "-1",
        msg("expected an integer between 0 and 1000000000000; got -1"));

    // Number.
    row("number ok", "node:worker:errorRate", "0.1", ok);
    row("number edge", "node:worker:errorRate", "1", ok);
    row("number over", "node:worker:errorRate", "1.5", msg("expected a number between 0 and 1; got 1.5"));
    row("number bool", "node:worker:errorRate", "true", msg("expected a number between 0 and 1; got true"));

    // Boolean, String, Enum.
    row("boolean ok", "node:queue:contentDeduplication", "true", ok);
    row("boolean string", "node:queue:contentDeduplication", R"("yes")", msg(R"(expected true or false; got "yes")"));
    row("string ok", "node:table:key", R"("sku")", ok);
    row("string number", "node:table:key", "5", msg("expected a string; got 5"));
    row("enum ok", "node:queue:type", R"("fifo")", ok);
    row("enum other", "node:queue:type", R"("lifo")", msg(R"(expected one of "standard", "fifo"; got "lifo")"));
    row("enum case matters", "node:queue:type", R"("FIFO")", msg(R"(expected one of "standard", "fifo"; got "FIFO")"));

    // StringList: any strings, or only the allowed ones.
    row("list ok", "node:client:users", R"(["alice", "bob"])", ok);
    row("list empty", "node:client:users", "[]", ok);
    row("list not array", "node:client:users", R"("alice")", msg(R"(expected a list of strings; got "alice")"));
    row("list item", "node:client:users", R"(["alice", 1])", msg("expected a string; got 1"), "/1");
    row("list allowed", "edge:bucket:trigger:notification:events", R"(["s3:ObjectRemoved:*"])", ok);
    row("list not allowed", "edge:bucket:trigger:notification:events", R"(["s3:ObjectCreated:*", "s3:Foo"])",
        msg(R"(~"s3:ObjectRemoved:DeleteMarkerCreated", "ObjectCreated:*", )"
            R"("ObjectCreated:Put", "ObjectCreated:Post", "ObjectCreated:Copy", "ObjectCreated:CompleteMultipartUpload", )"
            R"("ObjectRemoved:*", "ObjectRemoved:Delete", "ObjectRemoved:DeleteMarkerCreated"; got "s3:Foo")"),
        "/1");
    // S3 takes event names with or without the "s3:" prefix.
    row("events without prefix", "edge:bucket:trigger:notification:events",
        R"(["ObjectCreated:*", "ObjectRemoved:Delete"])", ok);
    row("events mixed", "edge:bucket:trigger:notification:events", R"(["s3:ObjectCreated:Put", "ObjectCreated:Copy"])",
        ok);

    // Queue maxMessageSize: 1 KiB – 1 MiB.
    row("message size lowest", "node:queue:maxMessageSize", "1024", ok);
    row("message size highest", "node:queue:maxMessageSize", "1048576", ok);
    row("message size under", "node:queue:maxMessageSize", "1023",
        msg("expected an integer between 1024 and 1048576; got 1023"));
    row("message size over", "node:queue:maxMessageSize", "1048577",
        msg("expected an integer between 1024 and 1048576; got 1048577"));

    // filterCriteria: up to 5 EventBridge patterns over body and attributes.
    row("filter ok", "edge:queue:worker:event-source:filterCriteria",
        R"([{"body": {"type": ["order"]}}, {"attributes": {"region": [{"prefix": "eu-"}]}}])", ok);
    row("filter wildcard", "edge:queue:worker:event-source:filterCriteria",
        R"([{"body": {"file": [{"wildcard": "*.png"}]}}])", ok);
    row("filter not list", "edge:queue:worker:event-source:filterCriteria", R"({"body": {}})",
        msg(R"(expected a list of event patterns like [{"body": {"type": ["order"]}}]; got an object)"));
    row("filter six", "edge:queue:worker:event-source:filterCriteria",
        R"([{"body": {"a": [1]}}, {"body": {"a": [2]}}, {"body": {"a": [3]}}, {"body": {"a": [4]}},
            {"body": {"a": [5]}}, {"body": {"a": [6]}}])",
        msg("expected at most 5 patterns; got 6"), "/5");
    row("filter not object", "edge:queue:worker:event-source:filterCriteria", R"([[1]])",
        msg(R"(expected an event pattern like {"body": {"type": ["order"]}}; got an array)"), "/0");
    row("filter other key", "edge:queue:worker:event-source:filterCriteria",
        R"([{"body": {"a": [1]}}, {"messageAttributes": {"a": [1]}}])",
        msg(R"(a pattern looks at "body" and "attributes"; "messageAttributes" is in no message)"),
        "/1/messageAttributes");
    row("filter bad operator", "edge:queue:worker:event-source:filterCriteria",
        R"([{"body": {"type": [{"wild": "x"}]}}])", msg("~unknown operator \"wild\""), "/0/body/type/0/wild");
    row("filter double wildcard", "edge:queue:worker:event-source:filterCriteria",
        R"([{"body": {"f": [{"wildcard": "a**b"}]}}])", msg("~consecutive wildcard"), "/0/body/f/0/wildcard");

    // wildcard is EventBridge's, not SNS's: a subscription filter policy refuses it.
    row("sns policy wildcard", "type:FilterPolicy", R"({"f": [{"wildcard": "*.png"}]})",
        msg("~unknown operator \"wildcard\""), "/f/0/wildcard");

    // Client message deduplicationId: 1 – 128 letters, digits or punctuation.
    row("message dedup ok", "node:client:messages", R"([{"body": {}, "deduplicationId": "order-7"}])", ok);
    row("message dedup number", "node:client:messages", R"([{"deduplicationId": 7}])",
        msg("expected a deduplication id of 1 to 128 letters, digits or punctuation; got 7"), "/0/deduplicationId");
    row("message dedup space", "node:client:messages", R"([{"deduplicationId": "a b"}])",
        msg(R"(expected a deduplication id of 1 to 128 letters, digits or punctuation; got "a b")"),
        "/0/deduplicationId");

    // NodeRef: a non-empty string (existence is checked by the linter).
    row("noderef ok", "edge:topic:queue:subscription:deadLetterQueue", R"("dlq")", ok);
    row("noderef unset", "edge:topic:queue:subscription:deadLetterQueue", "null", ok);
    row("noderef number", "edge:topic:queue:subscription:deadLetterQueue", "5", msg("expected a node id; got 5"));
    row("noderef empty", "edge:topic:queue:subscription:deadLetterQueue", R"("")",
        msg(R"(expected a node id; got "")"));

    // Rate.
    row("rate per second", "node:client:rate", R"("20/s")", ok);
    row("rate per minute", "node:client:rate", R"("5/m")", ok);
    row("rate per hour", "node:client:rate", R"("100/h")", ok);
    row("rate decimal", "node:client:rate", R"("0.5/s")", ok);
    row("rate no unit", "node:client:rate", R"("20")",
        msg(R"(expected a rate like "20/s", "5/m" or "100/h"; got "20")"));
    row("rate day", "node:client:rate", R"("20/d")",
        msg(R"(expected a rate like "20/s", "5/m" or "100/h"; got "20/d")"));
    row("rate zero", "node:client:rate", R"("0/s")", msg(R"(a rate must be above zero; got "0/s")"));
    row("rate number", "node:client:rate", "20", msg(R"(expected a rate like "20/s", "5/m" or "100/h"; got 20)"));

    // Schedule: the parser's message, which quotes the field.
    row("schedule rate", "node:cron:schedule", "\"rate(5 minutes)\"", ok);
    row("schedule cron", "node:cron:schedule", "\"cron(0 12 * * ? *)\"", ok);
    row("schedule both days", "node:cron:schedule", "\"cron(0 12 * * * *)\"", msg("~day-of-month field \"*\""));
    row("schedule bad minute", "node:cron:schedule", "\"cron(61 12 * * ? *)\"", msg("~\"61\""));
    row("schedule number", "node:cron:schedule", "5",
        msg("expected a schedule like \"rate(5 minutes)\" or \"cron(0 12 * * ? *)\"; got 5"));

    // FilterPolicy: an object; the parser's pointer is kept.
    row("filter ok", "edge:topic:queue:subscription:filterPolicy", R"({"type": ["order"]})", ok);
    row("filter numeric", "edge:topic:queue:subscription:filterPolicy", R"({"price": [{"numeric": [">", 100]}]})", ok);
    row("filter unset", "edge:topic:queue:subscription:filterPolicy", "null", ok);
    row("filter array", "edge:topic:queue:subscription:filterPolicy", R"([1])",
        msg(R"(expected a filter policy object like {"type": ["order"]}; got an array)"));
    row("filter bad bound", "edge:topic:queue:subscription:filterPolicy", R"({"price": [{"numeric": [">", "x"]}]})",
        msg("~number"), "/price/0/numeric/1");

    // LogFilter: the column of the mistake is in the message.
    row("pattern empty", "edge:logs:log-monitor:log-subscription:filterPattern", R"("")", ok);
    row("pattern json", "edge:logs:log-monitor:log-subscription:filterPattern", R"("{ $.urgency = \"critical\" }")",
        ok);
    row("pattern terms", "edge:logs:log-monitor:log-subscription:filterPattern", R"("ERROR -debug")", ok);
    row("pattern bad", "edge:logs:log-monitor:log-subscription:filterPattern", R"("{ $.urgency = }")", msg("~column"));
    row("pattern quotes it", "edge:logs:log-monitor:log-subscription:filterPattern", R"("{ $.urgency = }")",
        msg("~filter pattern \"{ $.urgency = }\": "));
    row("pattern number", "edge:logs:log-monitor:log-subscription:filterPattern", "5",
        msg(R"(expected a filter pattern string like { $.urgency = "critical" }; got 5)"));

    // Latency: each distribution's fields are durations; p99 ≥ median, max ≥ min.
    row("latency lognormal", "node:worker:latency", R"({"dist": "lognormal", "median": "20ms", "p99": "200ms"})", ok);
    row("latency fixed", "node:worker:latency", R"({"dist": "fixed", "value": "5ms"})", ok);
    row("latency uniform", "node:worker:latency", R"({"dist": "uniform", "min": "1ms", "max": "1ms"})", ok);
    row("latency exponential", "node:worker:latency", R"({"dist": "exponential", "mean": "50ms"})", ok);
    row("latency normal", "node:worker:latency", R"({"dist": "normal", "mean": "50ms", "stddev": "0s"})", ok);
    row("latency not object", "node:worker:latency", R"("20ms")",
        msg(R"(expected a latency like {"dist": "lognormal", "median": "20ms", "p99": "200ms"}; got "20ms")"));
    row("latency no dist", "node:worker:latency", R"({"median": "20ms"})",
        msg(R"(missing "dist": one of "lognormal", "fixed", "uniform", "exponential", "normal")"), "/dist");
    row("latency unknown dist", "node:worker:latency", R"({"dist": "gamma"})",
        msg(R"(expected one of "lognormal", "fixed", "uniform", "exponential", "normal"; got "gamma")"), "/dist");
    row("latency missing field", "node:worker:latency", R"({"dist": "normal", "mean": "50ms"})",
        msg(R"(a normal latency needs "stddev", a duration like "20ms")"), "/stddev");
    row("latency bare number", "node:worker:latency", R"({"dist": "fixed", "value": 5})",
        msg(R"(expected a duration string with a unit, like "30s"; got the number 5)"), "/value");
    row("latency p99 below median", "node:worker:latency",
        R"({"dist": "lognormal", "median": "200ms", "p99": "100ms"})",
        msg("p99 (100ms) must be at least the median (200ms)"), "/p99");
    row("latency zero median", "node:worker:latency", R"({"dist": "lognormal", "median": "0s", "p99": "1s"})",
        msg("the median of a lognormal latency must be above 0s"), "/median");
    row("latency max below min", "node:worker:latency", R"({"dist": "uniform", "min": "2s", "max": "1s"})",
        msg("max (1s) must be at least min (2s)"), "/max");

    // Routes.
    row("routes ok", "node:api-gateway:routes",
        R"([{"method": "POST", "path": "/images", "action": "process", "required": ["url"]},
            {"method": "GET", "path": "/items/{id}"}, {"method": "ANY", "path": "/{proxy+}"}, {"method": "GET", "path": "/"}])",
        ok);
    row("routes not array", "node:api-gateway:routes", "{}",
        msg(R"(expected a list like [{"method": "POST", "path": "/items", "action": "create"}]; got an object)"));
    row("route not object", "node:api-gateway:routes", R"(["GET /"])",
        msg(R"(expected a route object {method, path, action, required}; got "GET /")"), "/0");
    row("route method", "node:api-gateway:routes", R"([{"method": "FETCH", "path": "/"}])",
        msg(R"(expected one of "GET", "POST", "PUT", "PATCH", "DELETE", "ANY"; got "FETCH")"), "/0/method");
    row("route no method", "node:api-gateway:routes", R"([{"path": "/"}])",
        msg(R"(missing "method": one of "GET", "POST", "PUT", "PATCH", "DELETE", "ANY")"), "/0/method");
    row("route no path", "node:api-gateway:routes", R"([{"method": "GET"}])",
        msg(R"(missing "path", like "/items/{id}")"), "/0/path");
    row("route relative path", "node:api-gateway:routes", R"([{"method": "GET", "path": "items"}])",
        msg(R"(a path must start with "/"; got "items")"), "/0/path");
    row("route empty segment", "node:api-gateway:routes", R"([{"method": "GET", "path": "/a//b"}])",
        msg(R"(path "/a//b" has an empty segment)"), "/0/path");
    row("route broken param", "node:api-gateway:routes", R"([{"method": "GET", "path": "/items/{id"}])",
        msg(R"(path segment "{id" must be plain text or a whole {parameter})"), "/0/path");
    row("route param twice", "node:api-gateway:routes", R"([{"method": "GET", "path": "/a/{id}/b/{id}"}])",
        msg(R"(path "/a/{id}/b/{id}" names the parameter "id" twice)"), "/0/path");
    row("route greedy not last", "node:api-gateway:routes", R"([{"method": "GET", "path": "/{proxy+}/x"}])",
        msg(R"(greedy parameter "{proxy+}" must be the last segment of the path)"), "/0/path");
    row("route action number", "node:api-gateway:routes", R"([{"method": "GET", "path": "/", "action": 5}])",
        msg("expected a string; got 5"), "/0/action");
    row("route required item", "node:api-gateway:routes", R"([{"method": "GET", "path": "/", "required": ["a", 1]}])",
        msg("expected a string; got 1"), "/0/required/1");
    row("route required not list", "node:api-gateway:routes", R"([{"method": "GET", "path": "/", "required": "a"}])",
        msg(R"(expected a list of body field names; got "a")"), "/0/required");
    row("route twice", "node:api-gateway:routes",
        R"([{"method": "GET", "path": "/items/{id}"}, {"method": "POST", "path": "/items/{id}"},
            {"method": "GET", "path": "/items/{key}"}])",
        msg("route GET /items/{key} is defined twice (also at /0)"), "/2");

    // Policy.
    row("policy ok", "node:gatekeeper:policy",
        R"([{"principal": "role:admin", "actions": ["*"], "effect": "allow"},
            {"principal": "user:bob", "actions": [], "effect": "deny"}, {"principal": "*", "actions": ["read"], "effect": "allow"}])",
        ok);
    row("policy principal", "node:gatekeeper:policy", R"([{"principal": "admin", "actions": [], "effect": "allow"}])",
        msg(R"(expected a principal "user:NAME", "role:NAME" or "*"; got "admin")"), "/0/principal");
    row("policy empty name", "node:gatekeeper:policy", R"([{"principal": "user:", "actions": [], "effect": "allow"}])",
        msg(R"(expected a principal "user:NAME", "role:NAME" or "*"; got "user:")"), "/0/principal");
    row("policy no actions", "node:gatekeeper:policy", R"([{"principal": "*", "effect": "allow"}])",
        msg(R"(missing "actions": a list of action names)"), "/0/actions");
    row("policy action item", "node:gatekeeper:policy",
        R"([{"principal": "*", "actions": ["read", 2], "effect": "allow"}])", msg("expected a string; got 2"),
        "/0/actions/1");
    row("policy effect", "node:gatekeeper:policy", R"([{"principal": "*", "actions": [], "effect": "permit"}])",
        msg(R"(expected one of "allow", "deny"; got "permit")"), "/0/effect");
    row("policy no effect", "node:gatekeeper:policy", R"([{"principal": "*", "actions": []}])",
        msg(R"(missing "effect": one of "allow", "deny")"), "/0/effect");

    // Requests.
    row("requests ok", "node:client:requests",
        R"([{"method": "POST", "path": "/images?x=1", "body": {"url": "u"}, "headers": {"Authorization": "Bearer alice"},
             "weight": 3}, {"method": "GET", "path": "/items/1", "weight": 0.5}])",
        ok);
    row("request ANY", "node:client:requests", R"([{"method": "ANY", "path": "/"}])",
        msg(R"(expected one of "GET", "POST", "PUT", "PATCH", "DELETE"; got "ANY")"), "/0/method");
    row("request path", "node:client:requests", R"([{"method": "GET", "path": "items"}])",
        msg(R"(expected a path starting with "/"; got "items")"), "/0/path");
    row("request header", "node:client:requests", R"([{"method": "GET", "path": "/", "headers": {"X-N": 1}}])",
        msg("expected a header value string; got 1"), "/0/headers/X-N");
    row("request weight zero", "node:client:requests", R"([{"method": "GET", "path": "/", "weight": 0}])",
        msg("expected a weight above 0; got 0"), "/0/weight");
    row("request second item", "node:client:requests", R"([{"method": "GET", "path": "/"}, {"method": "GET"}])",
        msg(R"(missing "path", like "/items/42")"), "/1/path");

    // Messages.
    row("messages ok", "node:client:messages",
        R"([{"body": {"id": 1}, "attributes": {"type": "order", "n": 2, "tags": ["a", "b"]}, "groupId": "g", "key": "k",
             "weight": 1}, {}])",
        ok);
    row("message not object", "node:client:messages", R"([1])",
        msg("expected a message object {body, attributes, groupId, key, weight}; got 1"), "/0");
    row("message attributes", "node:client:messages", R"([{"attributes": ["a"]}])",
        msg("expected an object of attribute names to values; got an array"), "/0/attributes");
    row("message attribute value", "node:client:messages", R"([{"attributes": {"a/b": {}}}])",
        msg("expected a string, a number or a list of them; got an object"), "/0/attributes/a~1b");
    row("message groupId", "node:client:messages", R"([{"groupId": 5}])", msg("expected a string; got 5"),
        "/0/groupId");
    row("message key", "node:client:messages", R"([{"key": true}])", msg("expected a string; got true"), "/0/key");
    row("message weight", "node:client:messages", R"([{"weight": -1}])", msg("expected a weight above 0; got -1"),
        "/0/weight");

    // CORS (api-gateway, websocket-api): AWS HTTP API's shape; unset means loopback origins only.
    row("cors unset", "node:api-gateway:cors", "null", ok);
    row("cors full", "node:api-gateway:cors",
        R"({"allowOrigins": ["https://app.example.com", "http://localhost:*"], "allowMethods": ["GET", "POST"],
            "allowHeaders": ["content-type"], "maxAge": 600})",
        ok);
    row("cors any origin", "node:websocket-api:cors", R"({"allowOrigins": ["*"]})", ok);
    row("cors not an object", "node:api-gateway:cors", R"(["*"])", msg("~got an array"));
    row("cors without origins", "node:api-gateway:cors", R"({"allowMethods": ["GET"]})",
        msg(R"(missing "allowOrigins": the origins browsers may call from)"));
    row("cors origin with a path", "node:api-gateway:cors", R"({"allowOrigins": ["https://a.example/app"]})",
        msg("~scheme and host, no path"), "/allowOrigins/0");
    row("cors bad method", "node:api-gateway:cors", R"({"allowOrigins": ["*"], "allowMethods": ["FETCH"]})",
        msg("~FETCH"), "/allowMethods/0");
    row("cors max age over a day", "node:api-gateway:cors", R"({"allowOrigins": ["*"], "maxAge": 86401})",
        msg("expected seconds from 0 to 86400; got 86401"), "/maxAge");
    row("cors unknown setting", "node:api-gateway:cors", R"({"allowOrigins": ["*"], "allowCredentials": true})",
        msg("~unknown CORS setting \"allowCredentials\""), "/allowCredentials");

    // Json: anything goes.
    row("json object", "node:cron:payload", R"({"a": [1, null]})", ok);
    row("json null", "node:cron:payload", "null", ok);
}

void TestConfigCheck::check()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, message);
    QFETCH(QString, pointer);

    const Status status = checkConfigValue(keyFor(key), Json::parse(value.toStdString()));
    if (message.isEmpty()) {
        QVERIFY2(status.ok(), qPrintable(status.ok() ? QString() : status.error().message));
        return;
    }
    QVERIFY2(!status.ok(), "the value was accepted");
    if (message.startsWith(QLatin1Char('~')))
        QVERIFY2(status.error().message.contains(message.mid(1)), qPrintable(status.error().message));
    else
        QCOMPARE(status.error().message, message);
    QCOMPARE(status.error().pointer, pointer);
}

void TestConfigCheck::nullMeansUnsetOnlyWithoutDefault()
{
    // concurrency has no default (unlimited): null is fine. memoryMb defaults to 128: null is not.
    const KindInfo* worker = Catalog::instance().kind(QStringLiteral("worker"));
    QVERIFY(checkConfigValue(*worker->key(QStringLiteral("concurrency")), Json()).ok());
    const Status s = checkConfigValue(*worker->key(QStringLiteral("memoryMb")), Json());
    QVERIFY(!s.ok());
    QCOMPARE(s.error().message, QStringLiteral("expected an integer between 128 and 10240; got null"));
}

void TestConfigCheck::parseRate_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("perSecond");
    QTest::newRow("per second") << "20/s" << 20.0;
    QTest::newRow("per minute") << "6/m" << 0.1;
    QTest::newRow("per hour") << "7200/h" << 2.0;
    QTest::newRow("decimal") << "0.5/s" << 0.5;
    QTest::newRow("spaces") << " 3 / s " << 3.0;
}

void TestConfigCheck::parseRate()
{
    QFETCH(QString, text);
    QFETCH(double, perSecond);
    const Result<double> rate = ml::parseRate(text);
    QVERIFY(rate.ok());
    QCOMPARE(*rate, perSecond);
}

void TestConfigCheck::parseRateRefuses_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << "";
    QTest::newRow("no unit") << "20";
    QTest::newRow("word unit") << "20/second";
    QTest::newRow("negative") << "-1/s";
    QTest::newRow("zero") << "0.0/m";
    QTest::newRow("leading dot") << ".5/s";
}

void TestConfigCheck::parseRateRefuses()
{
    QFETCH(QString, text);
    QVERIFY(!ml::parseRate(text).ok());
}

QTEST_GUILESS_MAIN(TestConfigCheck)
#include "tst_configcheck.moc"
