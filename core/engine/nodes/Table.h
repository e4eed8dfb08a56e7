// table (DynamoDB): items in a real SQLite database (TableStore), written by the functions
// wired to it, and its change stream — INSERT/MODIFY/REMOVE records that table → function
// "stream" edges deliver in order, in batches, retried until success, maxRetryAttempts or
// 24 h of record age, optionally bisecting a failed batch.
#pragma once

#include "engine/Behaviour.h"
#include "store/TableStore.h"

#include <deque>

namespace ml {

class Table : public Behaviour {
public:
    Table(Engine& engine, int index);
    ~Table() override;

    // Null when the database could not be opened (storeError() says why).
    TableStore* store() { return m_store.get(); }
    const QString& storeError() const { return m_storeError; }
    const std::string& keyName() const { return m_keyName; }
    // A key no item has yet: the next of "1", "2", "3" … not taken.
    std::string newKey();

    // Writes that feed the stream. `cause` is the message whose processing wrote (the stream
    // records continue its trace); kNoMessage makes the records new inputs.
    Result<std::optional<Json>> putItem(const Json& item, MessageIndex cause);     // the replaced item
    Result<bool> createItem(const Json& item, MessageIndex cause);                 // false: key exists
    Result<std::optional<Json>> updateItem(const Json& item, MessageIndex cause);  // the old item; nullopt: missing
    Result<std::optional<Json>> removeItem(const std::string& key, MessageIndex cause);

    void onDeliver(MessageIndex m, int edge) override;
    void onCall(CallId call, int edge) override;
    void onAnswer(qint64 token, CallId call, const CallResult& result) override;
    void onTimer(const Event& event) override;
    void forEachHeld(const std::function<void(MessageIndex)>& visit) const override;
    void writeReport(Json& out) const override;

    // Records older than this leave the stream (DynamoDB Streams keep 24 hours).
    static constexpr Micros kRecordRetention = 24 * kMicrosPerHour;
    // Lambda polls a DynamoDB stream's shards four times a second.
    static constexpr Micros kPollInterval = 250 * kMicrosPerMilli;
    // Waits before retrying a failed batch: 1 s, doubling, at most 1 min (AWS backs off
    // without documenting the steps; these are the simulation's).
    static Micros retryDelay(int retry);

private:
    enum Timer : qint32 { kPoll = 0 };
    struct Record {
        MessageIndex message;
        Micros created;
    };
    // A failed batch (or half of one) waiting to be retried as it is, before newer records.
    struct Retry {
        int size;
        int retries;
    };
    // One stream edge's reader: its own position in the stream.
    struct Consumer {
        int edge = -1;
        int batchSize = 100;
        int maxRetries = -1;  // -1: until the records expire
        bool bisect = false;
        std::deque<Record> records;  // in stream order; the first `inFlight` are out on a call
        std::deque<Retry> retries;
        int inFlight = 0;
        int inFlightRetries = 0;
        bool pollPending = false;
        quint64 batches = 0;
        quint64 delivered = 0;
        quint64 retried = 0;
        quint64 bisected = 0;
        quint64 discarded = 0;
        quint64 expired = 0;
    };

    std::string storeKey(const Json& item) const;
    Json putFromMessage(MessageIndex m);
    void record(const char* eventName, const std::string& key, const Json* newImage, const Json* oldImage,
                MessageIndex cause);
    void schedulePoll(int consumer, Micros delay);
    void poll(int consumer);
    void dropFront(Consumer& c, int n, Fate fate, const char* reason);

    std::unique_ptr<TableStore> m_store;
    QString m_storeError;
    std::string m_keyName;
    std::string m_viewType;  // "" when the stream is off
    quint64 m_sequence = 0;
    quint64 m_nextKey = 1;
    quint64 m_writes = 0;
    quint64 m_writeErrors = 0;
    std::vector<Consumer> m_consumers;
};

}  // namespace ml
