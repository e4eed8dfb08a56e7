#include "engine/nodes/Bucket.h"

#include "engine/nodes/Behaviours.h"

#include <QDateTime>
#include <QUrl>

#include <cstdio>

namespace ml {

namespace {

Error bucketError(const QString& message) { return Error::of(message); }

}  // namespace

Bucket::Bucket(Engine& engine, int index) : Behaviour(engine, index)
{
    // The Catalog offers a bucket no database key: its objects live in memory unless a file sets one.
    const std::string named = configString("database");
    const QString database = QString::fromStdString(named.empty() ? ":memory:" : named);
    Result<std::unique_ptr<BucketStore>> opened = BucketStore::open(database, node().id.value);
    if (opened)
        m_store = std::move(opened).value();
    else
        m_storeError = opened.error().message;
    for (int e : engine.outEdges(index)) {
        const EngineEdge& edge = engine.edge(e);
        if (edge.kind != EdgeKind::Notification) continue;
        Notification n;
        n.edge = e;
        for (const Json& ev : edgeValue(edge, "events"))
            if (ev.is_string()) n.events.push_back(ev.get<std::string>());
        n.prefix = edgeString(edge, "prefix");
        n.suffix = edgeString(edge, "suffix");
        m_notifications.push_back(std::move(n));
    }
}

Bucket::~Bucket() = default;

bool Bucket::eventMatches(const std::string& pattern, const std::string& eventName)
{
    std::string_view p(pattern);
    if (p.substr(0, 3) == "s3:") p.remove_prefix(3);
    if (!p.empty() && p.back() == '*')
        return std::string_view(eventName).substr(0, p.size() - 1) == p.substr(0, p.size() - 1);
    return p == eventName;
}

std::string Bucket::encodeKey(const std::string& key)
{
    QByteArray encoded = QUrl::toPercentEncoding(QString::fromStdString(key), "/");
    encoded.replace("%20", "+");
    return encoded.toStdString();
}

std::string Bucket::newKey()
{
    for (;;) {
        std::string key = "object-" + std::to_string(m_nextKey++);
        if (!m_store) return key;
        Result<std::optional<BucketObject>> existing = m_store->get(key);
        if (!existing || !existing.value()) return key;
    }
}

std::pair<std::string, Json> Bucket::objectFrom(Json body)
{
    if (body.is_object()) {
        auto key = body.find("key");
        if (key != body.end() && (key->is_string() || key->is_number())) {
            std::string k = key->is_string() ? key->get<std::string>() : key->dump();
            if (body.contains("body")) return {std::move(k), body["body"]};
            body.erase("key");
            return {std::move(k), std::move(body)};
        }
    }
    return {newKey(), std::move(body)};
}

Result<std::optional<BucketObject>> Bucket::putObject(const std::string& key, const Json& body, MessageIndex cause)
{
    if (!m_store) return bucketError(m_storeError);
    if (key.empty()) return bucketError(QStringLiteral("bucket %1: an object needs a key").arg(node().id.value));
    Result<std::optional<BucketObject>> previous = m_store->put(key, body);
    if (!previous) return previous;
    ++m_puts;
    notify("ObjectCreated:Put", key, BucketStore::sizeOf(body), cause);
    return previous;
}

Result<std::optional<BucketObject>> Bucket::deleteObject(const std::string& key, MessageIndex cause)
{
    if (!m_store) return bucketError(m_storeError);
    Result<std::optional<BucketObject>> removed = m_store->remove(key);
    if (!removed || !removed.value()) return removed;
    ++m_deletes;
    // S3's delete records carry no size.
    notify("ObjectRemoved:Delete", key, std::nullopt, cause);
    return removed;
}

void Bucket::notify(const char* eventName, const std::string& key, std::optional<qint64> size, MessageIndex cause)
{
    if (m_notifications.empty()) return;
    ++m_sequencer;
    char sequencer[24];
    std::snprintf(sequencer, sizeof sequencer, "%016llX", (unsigned long long)m_sequencer);
    const std::string time =
        toStd(QDateTime::fromMSecsSinceEpoch(engine().clock() / kMicrosPerMilli, Qt::UTC).toString(Qt::ISODateWithMs));
    const std::string user =
        cause == kNoMessage ? std::string("anonymous") : engine().userName(engine().message(cause).user);
    for (Notification& n : m_notifications) {
        bool wanted = false;
        for (const std::string& pattern : n.events) wanted |= eventMatches(pattern, eventName);
        if (!wanted || key.compare(0, n.prefix.size(), n.prefix) != 0) continue;
        if (key.size() < n.suffix.size() || key.compare(key.size() - n.suffix.size(), n.suffix.size(), n.suffix) != 0)
            continue;
        Json object{{"key", encodeKey(key)}};
        if (size) object["size"] = *size;
        object["sequencer"] = sequencer;
        Json record{{"eventVersion", "2.1"},
                    {"eventSource", "aws:s3"},
                    {"awsRegion", "us-east-1"},
                    {"eventTime", time},
                    {"eventName", eventName},
                    {"userIdentity", {{"principalId", user}}},
                    {"s3",
                     {{"s3SchemaVersion", "1.0"},
                      {"configurationId", toStd(engine().edge(n.edge).id.value)},
                      {"bucket", {{"name", id()}, {"arn", "arn:aws:s3:::" + id()}}},
                      {"object", std::move(object)}}}};
        auto body = std::make_shared<const Json>(Json{{"Records", Json::array({std::move(record)})}});
        // S3 invokes the function asynchronously: the event is the function's to retry.
        const MessageIndex m = engine().newMessage(index(), std::move(body), cause);
        ++n.sent;
        ++stats().published;
        engine().send(n.edge, m);
    }
}

bool Bucket::putMessage(MessageIndex m)
{
    auto [key, content] = objectFrom(engine().body(engine().message(m)));
    return putObject(key, content, m).ok();
}

void Bucket::onDeliver(MessageIndex m, int)
{
    // Client traffic or a function's output: a put. The message is done once the object is stored.
    ++stats().received;
    engine().place(m, index(), MessagePlace::Processing);
    if (putMessage(m)) {
        ++stats().succeeded;
        engine().finish(m, Fate::Done);
    } else {
        ++stats().failed;
        engine().finish(m, Fate::Dropped, "bucket-write-failed");
    }
}

void Bucket::onCall(CallId call, int)
{
    ++stats().received;
    bool ok = true;
    const std::vector<MessageIndex> messages = engine().callMessages(call);
    for (MessageIndex m : messages) ok &= putMessage(m);
    CallResult r;
    if (ok) {
        ++stats().succeeded;
        r.body = std::make_shared<const Json>(Json{{"written", messages.size()}});
    } else {
        ++stats().failed;
        r.status = 500;
        r.error = m_store ? "bucket write failed" : toStd(m_storeError);
    }
    engine().answer(call, std::move(r));
}

void Bucket::writeReport(Json& out) const
{
    Behaviour::writeReport(out);
    qint64 objects = 0, bytes = 0;
    if (m_store) {
        Result<qint64> n = m_store->count();
        Result<qint64> b = m_store->totalBytes();
        objects = n ? n.value() : 0;
        bytes = b ? b.value() : 0;
    } else {
        out["error"] = toStd(m_storeError);
    }
    out["objects"] = objects;
    out["bytes"] = bytes;
    out["puts"] = m_puts;
    out["deletes"] = m_deletes;
    if (m_notifications.empty()) return;
    Json list = Json::array();
    for (const Notification& n : m_notifications)
        list.push_back(Json{{"to", engine().nodeId(engine().edge(n.edge).to)}, {"sent", n.sent}});
    out["notifications"] = std::move(list);
}

ML_BEHAVIOUR_FACTORY(makeBucket, "bucket") { return std::make_unique<Bucket>(engine, node); }

}  // namespace ml
