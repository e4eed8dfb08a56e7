#include "engine/nodes/Table.h"

#include "engine/nodes/Behaviours.h"

#include <QDateTime>

namespace ml {

namespace {

constexpr Micros kRetryDelayMax = kMicrosPerMinute;
// The ARNs in stream records need an account and a region; a simulation has neither.
const std::string kArnPrefix = "arn:aws:dynamodb:us-east-1:123456789012:table/";

Error tableError(const QString& message) { return Error::of(message); }

}  // namespace

Micros Table::retryDelay(int retry)
{
    if (retry <= 1) return kMicrosPerSecond;
    if (retry > 7) return kRetryDelayMax;
    return std::min(kRetryDelayMax, kMicrosPerSecond << (retry - 1));
}

Table::Table(Engine& engine, int index) : Behaviour(engine, index)
{
    m_keyName = configString("key");
    if (m_keyName.empty()) m_keyName = "id";
    // Each table node has its own SQL table (named by the node id) in its own connection, so
    // two tables may share a database file and two engines never share a connection.
    const QString database = QString::fromStdString(configString("database"));
    Result<std::unique_ptr<TableStore>> opened = TableStore::open(database, node().id.value, m_keyName);
    if (opened)
        m_store = std::move(opened).value();
    else
        m_storeError = opened.error().message;
    const std::string stream = configString("stream");
    if (stream != "off") m_viewType = stream;
    for (int e : engine.outEdges(index)) {
        const EngineEdge& edge = engine.edge(e);
        if (edge.kind != EdgeKind::Stream) continue;
        Consumer c;
        c.edge = e;
        c.batchSize = std::max(1, int(edgeNumber(edge, "batchSize")));
        c.maxRetries = int(edgeNumber(edge, "maxRetryAttempts"));
        c.bisect = edgeBool(edge, "bisectOnError");
        m_consumers.push_back(std::move(c));
    }
}

Table::~Table() = default;

std::string Table::newKey()
{
    for (;;) {
        // "1", "2", "3" …: predictable ids a diagram's clients can name in their paths. Keys
        // already taken (a file database keeps its items between runs) are skipped.
        std::string key = std::to_string(m_nextKey++);
        if (!m_store) return key;
        Result<std::optional<Json>> existing = m_store->get(key);
        if (!existing || !existing.value()) return key;
    }
}

Result<std::optional<Json>> Table::putItem(const Json& item, MessageIndex cause)
{
    if (!m_store) return tableError(m_storeError);
    Result<std::optional<Json>> previous = m_store->put(item);
    if (!previous) {
        ++m_writeErrors;
        return previous;
    }
    ++m_writes;
    const std::string key = *m_store->keyOf(item);
    if (!previous.value())
        record("INSERT", key, &item, nullptr, cause);
    else if (*previous.value() != item)  // DynamoDB writes no record when nothing changed
        record("MODIFY", key, &item, &*previous.value(), cause);
    return previous;
}

Result<bool> Table::createItem(const Json& item, MessageIndex cause)
{
    if (!m_store) return tableError(m_storeError);
    Result<bool> created = m_store->insert(item);
    if (!created) {
        ++m_writeErrors;
        return created;
    }
    if (created.value()) {
        ++m_writes;
        record("INSERT", *m_store->keyOf(item), &item, nullptr, cause);
    }
    return created;
}

Result<std::optional<Json>> Table::updateItem(const Json& item, MessageIndex cause)
{
    if (!m_store) return tableError(m_storeError);
    Result<std::optional<Json>> previous = m_store->update(item);
    if (!previous) {
        ++m_writeErrors;
        return previous;
    }
    if (previous.value()) {
        ++m_writes;
        if (*previous.value() != item) record("MODIFY", *m_store->keyOf(item), &item, &*previous.value(), cause);
    }
    return previous;
}

Result<std::optional<Json>> Table::removeItem(const std::string& key, MessageIndex cause)
{
    if (!m_store) return tableError(m_storeError);
    Result<std::optional<Json>> removed = m_store->remove(key);
    if (!removed) {
        ++m_writeErrors;
        return removed;
    }
    if (removed.value()) {
        ++m_writes;
        record("REMOVE", key, nullptr, &*removed.value(), cause);
    }
    return removed;
}

void Table::record(const char* eventName, const std::string& key, const Json* newImage, const Json* oldImage,
                   MessageIndex cause)
{
    if (m_viewType.empty() || m_consumers.empty()) return;
    ++m_sequence;
    const Json& image = newImage ? *newImage : *oldImage;
    Json keys = Json::object();
    auto k = image.find(m_keyName);
    keys[m_keyName] = k != image.end() ? *k : Json(key);
    Json dynamodb = Json::object();
    dynamodb["ApproximateCreationDateTime"] = engine().clock() / kMicrosPerSecond;
    dynamodb["Keys"] = std::move(keys);
    // What the record carries depends on the stream's view type, as in DynamoDB.
    const bool wantsNew = m_viewType == "NEW_IMAGE" || m_viewType == "NEW_AND_OLD_IMAGES";
    const bool wantsOld = m_viewType == "OLD_IMAGE" || m_viewType == "NEW_AND_OLD_IMAGES";
    if (wantsNew && newImage) dynamodb["NewImage"] = *newImage;
    if (wantsOld && oldImage) dynamodb["OldImage"] = *oldImage;
    dynamodb["SequenceNumber"] = std::to_string(m_sequence);
    dynamodb["SizeBytes"] = (newImage ? newImage->dump().size() : 0) + (oldImage ? oldImage->dump().size() : 0);
    dynamodb["StreamViewType"] = m_viewType;
    const std::string arn = kArnPrefix + id() + "/stream/" +
                            toStd(QDateTime::fromMSecsSinceEpoch(engine().startTime() / kMicrosPerMilli, Qt::UTC)
                                      .toString(Qt::ISODateWithMs));
    const JsonPtr body = std::make_shared<const Json>(Json{{"eventID", std::to_string(m_sequence)},
                                                           {"eventName", eventName},
                                                           {"eventVersion", "1.1"},
                                                           {"eventSource", "aws:dynamodb"},
                                                           {"awsRegion", "us-east-1"},
                                                           {"dynamodb", std::move(dynamodb)},
                                                           {"eventSourceARN", arn}});
    // Every stream edge reads the whole stream (its own iterator): one record message each.
    for (int i = 0; i < int(m_consumers.size()); ++i) {
        const MessageIndex m = engine().newMessage(index(), body, cause);
        engine().place(m, index(), MessagePlace::Visible);
        Consumer& c = m_consumers[size_t(i)];
        c.records.push_back(Record{m, engine().now()});
        // The next of Lambda's polls (four a second) picks it up, unless a batch is out.
        if (c.inFlight == 0) schedulePoll(i, (engine().now() / kPollInterval + 1) * kPollInterval - engine().now());
    }
}

void Table::schedulePoll(int consumer, Micros delay)
{
    Consumer& c = m_consumers[size_t(consumer)];
    if (c.pollPending) return;
    c.pollPending = true;
    after(delay, kPoll, consumer);
}

void Table::onTimer(const Event& event)
{
    if (event.kind != kPoll) return;
    m_consumers[size_t(event.payload)].pollPending = false;
    poll(int(event.payload));
}

void Table::poll(int consumer)
{
    Consumer& c = m_consumers[size_t(consumer)];
    if (c.inFlight > 0 || c.pollPending) return;
    // Records the stream no longer keeps leave it, retried or not.
    while (!c.records.empty() && engine().now() - c.records.front().created >= kRecordRetention) {
        dropFront(c, 1, Fate::Expired, "stream-record-expired");
        ++c.expired;
        ++stats().expired;
        if (!c.retries.empty() && --c.retries.front().size <= 0) c.retries.pop_front();
    }
    if (c.records.empty()) return;
    // A failed batch (or a half of one) goes again as it was, before any newer record.
    int size = c.batchSize;
    c.inFlightRetries = 0;
    if (!c.retries.empty()) {
        size = c.retries.front().size;
        c.inFlightRetries = c.retries.front().retries;
    }
    size = std::min(size, int(c.records.size()));
    std::vector<MessageIndex> batch;
    batch.reserve(size_t(size));
    for (int i = 0; i < size; ++i) {
        const MessageIndex m = c.records[size_t(i)].message;
        engine().place(m, index(), MessagePlace::InFlight);
        batch.push_back(m);
    }
    c.inFlight = size;
    ++c.batches;
    engine().call(c.edge, std::move(batch), consumer);
}

void Table::dropFront(Consumer& c, int n, Fate fate, const char* reason)
{
    for (int i = 0; i < n && !c.records.empty(); ++i) {
        engine().finish(c.records.front().message, fate, reason);
        c.records.pop_front();
    }
}

void Table::onAnswer(qint64 token, CallId, const CallResult& result)
{
    const int consumer = int(token);
    Consumer& c = m_consumers[size_t(consumer)];
    const int n = c.inFlight;
    c.inFlight = 0;
    for (int i = 0; i < n && i < int(c.records.size()); ++i)
        engine().place(c.records[size_t(i)].message, index(), MessagePlace::Visible);
    if (!c.retries.empty()) c.retries.pop_front();  // the batch that just ran, if it was a retry
    if (result.ok()) {
        c.delivered += quint64(n);
        dropFront(c, n, Fate::Done, nullptr);
        poll(consumer);
        return;
    }
    const MessageIndex first = c.records.empty() ? kNoMessage : c.records.front().message;
    const std::string why = result.error.empty() ? "status " + std::to_string(result.status) : result.error;
    if (result.status == 429) {
        // A throttled batch never reached the function: it is no attempt, and goes again whole.
        c.retries.push_front(Retry{n, c.inFlightRetries});
        schedulePoll(consumer, retryDelay(1));
        return;
    }
    const int retries = c.inFlightRetries + 1;
    if (c.maxRetries >= 0 && retries > c.maxRetries) {
        // Out of retries: the records are discarded and the stream moves on.
        c.discarded += quint64(n);
        stats().dropped += quint64(n);
        dropFront(c, n, Fate::Dropped, "stream-retries-exhausted");
        poll(consumer);
        return;
    }
    ++c.retried;
    ++stats().retried;
    note(EventType::Retry, first, retries, why, engine().edge(c.edge).to, c.edge);
    if (c.bisect && n > 1) {
        const int firstHalf = (n + 1) / 2;
        c.retries.push_front(Retry{n - firstHalf, retries});
        c.retries.push_front(Retry{firstHalf, retries});
        ++c.bisected;
    } else {
        c.retries.push_front(Retry{n, retries});
    }
    schedulePoll(consumer, retryDelay(retries));
}

std::string Table::storeKey(const Json& item) const
{
    const std::optional<std::string> key = m_store ? m_store->keyOf(item) : std::nullopt;
    return key ? *key : std::string();
}

Json Table::putFromMessage(MessageIndex m)
{
    // What a function sent along its data-access edge is an item (PutItem); a body that is
    // no object is kept under "value", and an item without its key gets a new one.
    Json item = engine().body(engine().message(m));
    if (!item.is_object()) item = Json{{"value", std::move(item)}};
    if (storeKey(item).empty()) item[m_keyName] = newKey();
    Result<std::optional<Json>> put = putItem(item, m);
    if (!put) return Json{{"message", toStd(put.error().message)}};
    return Json();
}

void Table::onDeliver(MessageIndex m, int)
{
    ++stats().received;
    engine().place(m, index(), MessagePlace::Processing);
    const Json error = putFromMessage(m);
    if (error.is_null()) {
        ++stats().succeeded;
        engine().finish(m, Fate::Done);
    } else {
        ++stats().failed;
        engine().finish(m, Fate::Dropped, "table-write-failed");
    }
}

void Table::onCall(CallId call, int)
{
    // A function that waits for its write (a log monitor storing lines): the caller keeps the
    // messages; the answer says whether every item was written.
    ++stats().received;
    Json error;
    const std::vector<MessageIndex> messages = engine().callMessages(call);
    for (MessageIndex m : messages) {
        Json e = putFromMessage(m);
        if (!e.is_null() && error.is_null()) error = std::move(e);
    }
    CallResult r;
    if (error.is_null()) {
        ++stats().succeeded;
        r.body = std::make_shared<const Json>(Json{{"written", messages.size()}});
    } else {
        ++stats().failed;
        r.status = 500;
        r.error = error.value("message", std::string("write failed"));
        r.body = std::make_shared<const Json>(std::move(error));
    }
    engine().answer(call, std::move(r));
}

void Table::forEachHeld(const std::function<void(MessageIndex)>& visit) const
{
    for (const Consumer& c : m_consumers)
        for (const Record& r : c.records) visit(r.message);
}

void Table::writeReport(Json& out) const
{
    Behaviour::writeReport(out);
    if (m_store) {
        Result<qint64> n = m_store->count();
        out["items"] = n ? n.value() : 0;
    } else {
        out["items"] = 0;
        out["error"] = toStd(m_storeError);
    }
    out["writes"] = m_writes;
    if (m_writeErrors) out["writeErrors"] = m_writeErrors;
    if (m_consumers.empty()) return;
    Json streams = Json::array();
    for (const Consumer& c : m_consumers) {
        Json j{{"to", engine().nodeId(engine().edge(c.edge).to)},
               {"batches", c.batches},
               {"delivered", c.delivered},
               {"pending", c.records.size()}};
        if (c.retried) j["retried"] = c.retried;
        if (c.bisected) j["bisected"] = c.bisected;
        if (c.discarded) j["discarded"] = c.discarded;
        if (c.expired) j["expired"] = c.expired;
        streams.push_back(std::move(j));
    }
    out["stream"] = std::move(streams);
}

ML_BEHAVIOUR_FACTORY(makeTable, "table") { return std::make_unique<Table>(engine, node); }

}  // namespace ml
