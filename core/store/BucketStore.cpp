#include "store/BucketStore.h"

#include <QVariant>

namespace ml {

namespace {

QString text(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

Result<std::unique_ptr<BucketStore>> BucketStore::open(const QString& database, const QString& bucketName)
{
    Result<std::unique_ptr<SqliteDatabase>> db = SqliteDatabase::open(database, QStringLiteral("bucket-") + bucketName);
    if (!db) return db.error();
    std::unique_ptr<BucketStore> store(new BucketStore);
    store->m_table = bucketName;
    store->m_db = std::move(db).value();
    const QString t = SqliteDatabase::quoteIdentifier(bucketName);
    const Status created = store->m_db->exec(
        QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (key TEXT PRIMARY KEY NOT NULL, size INTEGER NOT NULL, "
                       "body TEXT NOT NULL)")
            .arg(t));
    if (!created) return created.error();
    struct Statement {
        std::unique_ptr<QSqlQuery>* into;
        QString sql;
    };
    const Statement statements[] = {
        {&store->m_upsert, QStringLiteral("INSERT INTO %1 (key, size, body) VALUES (?, ?, ?) "
                                          "ON CONFLICT(key) DO UPDATE SET size = excluded.size, body = excluded.body")
                               .arg(t)},
        {&store->m_select, QStringLiteral("SELECT size, body FROM %1 WHERE key = ?").arg(t)},
        {&store->m_delete, QStringLiteral("DELETE FROM %1 WHERE key = ?").arg(t)},
        {&store->m_count, QStringLiteral("SELECT count(*) FROM %1").arg(t)},
        {&store->m_bytes, QStringLiteral("SELECT coalesce(sum(size), 0) FROM %1").arg(t)},
    };
    for (const Statement& s : statements) {
        Result<std::unique_ptr<QSqlQuery>> q = store->m_db->prepare(s.sql);
        if (!q) return q.error();
        *s.into = std::move(q).value();
    }
    return store;
}

BucketStore::~BucketStore() = default;

qint64 BucketStore::sizeOf(const Json& body)
{
    if (body.is_string()) return qint64(body.get_ref<const std::string&>().size());
    return qint64(body.dump().size());
}

Result<std::optional<BucketObject>> BucketStore::get(const std::string& key)
{
    m_select->bindValue(0, text(key));
    if (!m_select->exec()) return SqliteDatabase::queryError(*m_select, "SELECT object");
    std::optional<BucketObject> out;
    if (m_select->next()) {
        BucketObject o;
        o.key = key;
        o.size = m_select->value(0).toLongLong();
        o.body = Json::parse(m_select->value(1).toString().toStdString(), nullptr, false);
        m_select->finish();
        if (o.body.is_discarded())
            return Error::of(QStringLiteral("bucket %1: the stored object \"%2\" is not JSON").arg(m_table, text(key)));
        out = std::move(o);
        return out;
    }
    m_select->finish();
    return out;
}

Result<std::optional<BucketObject>> BucketStore::put(const std::string& key, const Json& body)
{
    Result<std::optional<BucketObject>> previous = get(key);
    if (!previous) return previous;
    m_upsert->bindValue(0, text(key));
    m_upsert->bindValue(1, sizeOf(body));
    m_upsert->bindValue(2, text(body.dump()));
    if (!m_upsert->exec()) return SqliteDatabase::queryError(*m_upsert, "PUT object");
    return previous;
}

Result<std::optional<BucketObject>> BucketStore::remove(const std::string& key)
{
    Result<std::optional<BucketObject>> previous = get(key);
    if (!previous || !previous.value()) return previous;
    m_delete->bindValue(0, text(key));
    if (!m_delete->exec()) return SqliteDatabase::queryError(*m_delete, "DELETE object");
    return previous;
}

Result<std::vector<BucketObject>> BucketStore::list(qint64 limit)
{
    QSqlQuery q(m_db->handle());
    q.setForwardOnly(true);
    if (!q.prepare(QStringLiteral("SELECT key, size FROM %1 ORDER BY key LIMIT ?")
                       .arg(SqliteDatabase::quoteIdentifier(m_table))))
        return SqliteDatabase::queryError(q, "SELECT objects");
    q.bindValue(0, limit < 0 ? qint64(-1) : limit);
    if (!q.exec()) return SqliteDatabase::queryError(q, "SELECT objects");
    std::vector<BucketObject> out;
    while (q.next()) out.push_back(BucketObject{q.value(0).toString().toStdString(), q.value(1).toLongLong(), Json()});
    return out;
}

Result<qint64> BucketStore::scalar(QSqlQuery& q, const char* what)
{
    if (!q.exec()) return SqliteDatabase::queryError(q, what);
    qint64 n = 0;
    if (q.next()) n = q.value(0).toLongLong();
    q.finish();
    return n;
}

Result<qint64> BucketStore::count() { return scalar(*m_count, "COUNT objects"); }
Result<qint64> BucketStore::totalBytes() { return scalar(*m_bytes, "SUM sizes"); }

}  // namespace ml
