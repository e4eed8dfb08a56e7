// bucket (S3): objects by key with size and body in SQLite (BucketStore). A message delivered
// to it is a put; creates and deletes send S3 event records to the bucket → function
// "notification" edges whose events, prefix and suffix match (asynchronous invocations).
#pragma once

#include "engine/Behaviour.h"
#include "store/BucketStore.h"

namespace ml {

class Bucket : public Behaviour {
public:
    Bucket(Engine& engine, int index);
    ~Bucket() override;

    // Null when the database could not be opened (storeError() says why).
    BucketStore* store() { return m_store.get(); }
    const QString& storeError() const { return m_storeError; }
    // "object-N": the first such key not taken, for puts that name none.
    std::string newKey();

    // A put and a delete that notify; `cause` is the message whose processing did it (the
    // event records continue its trace).
    Result<std::optional<BucketObject>> putObject(const std::string& key, const Json& body, MessageIndex cause);
    Result<std::optional<BucketObject>> deleteObject(const std::string& key, MessageIndex cause);

    // The key and content a message body stands for: {key, body} (the client's form), or any
    // body — without a "key" it gets a new one and is the content itself.
    std::pair<std::string, Json> objectFrom(Json body);

    void onDeliver(MessageIndex m, int edge) override;
    void onCall(CallId call, int edge) override;
    void writeReport(Json& out) const override;

    // "s3:ObjectCreated:*" matches "ObjectCreated:Put"; the "s3:" prefix is optional.
    static bool eventMatches(const std::string& pattern, const std::string& eventName);
    // Keys in event records are URL-encoded as S3 does (a space becomes "+").
    static std::string encodeKey(const std::string& key);

private:
    struct Notification {
        int edge = -1;
        std::vector<std::string> events;
        std::string prefix;
        std::string suffix;
        quint64 sent = 0;
    };
    void notify(const char* eventName, const std::string& key, std::optional<qint64> size, MessageIndex cause);
    bool putMessage(MessageIndex m);

    std::unique_ptr<BucketStore> m_store;
    QString m_storeError;
    std::vector<Notification> m_notifications;
    quint64 m_nextKey = 1;
    quint64 m_sequencer = 0;
    quint64 m_puts = 0;
    quint64 m_deletes = 0;
};

}  // namespace ml
