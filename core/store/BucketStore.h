// The objects of one bucket node in SQLite: key, size in bytes and body (JSON text). Listing
// is in key order, as S3 lists keys (UTF-8 binary order).
#pragma once

#include "format/Json.h"
#include "store/SqliteDatabase.h"

#include <optional>
#include <string>
#include <vector>

namespace ml {

struct BucketObject {
    std::string key;
    qint64 size = 0;
    Json body;  // null in listings
};

class BucketStore {
public:
    static Result<std::unique_ptr<BucketStore>> open(const QString& database, const QString& bucketName);
    ~BucketStore();

    const QString& bucketName() const { return m_table; }
    SqliteDatabase& database() { return *m_db; }

    // An object's size: the UTF-8 bytes of a string body, else of its compact JSON text.
    static qint64 sizeOf(const Json& body);

    // Creates or overwrites; returns the object it replaced, if any.
    Result<std::optional<BucketObject>> put(const std::string& key, const Json& body);
    Result<std::optional<BucketObject>> get(const std::string& key);
    // Returns the removed object, or nullopt when there was none.
    Result<std::optional<BucketObject>> remove(const std::string& key);
    // Keys and sizes in key order (bodies left null); limit < 0: all.
    Result<std::vector<BucketObject>> list(qint64 limit = -1);
    Result<qint64> count();
    Result<qint64> totalBytes();

private:
    BucketStore() = default;
    Result<qint64> scalar(QSqlQuery& q, const char* what);

    QString m_table;
    std::unique_ptr<SqliteDatabase> m_db;  // declared before the statements: destroyed after them
    std::unique_ptr<QSqlQuery> m_upsert;
    std::unique_ptr<QSqlQuery> m_select;
    std::unique_ptr<QSqlQuery> m_delete;
    std::unique_ptr<QSqlQuery> m_count;
    std::unique_ptr<QSqlQuery> m_bytes;
};

}  // namespace ml
