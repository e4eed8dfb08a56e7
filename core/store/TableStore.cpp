#include "store/TableStore.h"

#include <QVariant>

namespace ml {

namespace {

QString text(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

Result<std::unique_ptr<TableStore>> TableStore::open(const QString& database, const QString& tableName,
                                                     std::string keyAttribute)
{
    Result<std::unique_ptr<SqliteDatabase>> db = SqliteDatabase::open(database, QStringLiteral("table-") + tableName);
    if (!db) return db.error();
    std::unique_ptr<TableStore> store(new TableStore);
    store->m_key = keyAttribute.empty() ? std::string("id") : std::move(keyAttribute);
    store->m_table = tableName;
    store->m_db = std::move(db).value();
    const QString t = SqliteDatabase::quoteIdentifier(tableName);
    const Status created = store->m_db->exec(
        QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (key TEXT PRIMARY KEY NOT NULL, item TEXT NOT NULL)").arg(t));
    if (!created) return created.error();

    struct Statement {
        std::unique_ptr<QSqlQuery>* into;
        QString sql;
    };
    const Statement statements[] = {
        {&store->m_insert, QStringLiteral("INSERT OR IGNORE INTO %1 (key, item) VALUES (?, ?)").arg(t)},
        {&store->m_select, QStringLiteral("SELECT item FROM %1 WHERE key = ?").arg(t)},
        {&store->m_update, QStringLiteral("UPDATE %1 SET item = ? WHERE key = ?").arg(t)},
        {&store->m_delete, QStringLiteral("DELETE FROM %1 WHERE key = ?").arg(t)},
        {&store->m_count, QStringLiteral("SELECT count(*) FROM %1").arg(t)},
    };
    for (const Statement& s : statements) {
        Result<std::unique_ptr<QSqlQuery>> q = store->m_db->prepare(s.sql);
        if (!q) return q.error();
        *s.into = std::move(q).value();
    }
    return store;
}

TableStore::~TableStore() = default;

std::optional<std::string> TableStore::keyText(const Json& value)
{
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number()) return value.dump();
    return std::nullopt;
}

std::optional<std::string> TableStore::keyOf(const Json& item) const
{
    if (!item.is_object()) return std::nullopt;
    auto it = item.find(m_key);
    return it == item.end() ? std::nullopt : keyText(*it);
}

Result<Json> TableStore::parseItem(const QString& stored, const std::string& key) const
{
    Json item = Json::parse(stored.toStdString(), nullptr, false);
    if (item.is_discarded())
        return Error::of(QStringLiteral("table %1: the stored item \"%2\" is not JSON").arg(m_table, text(key)));
    return item;
}

Result<std::optional<Json>> TableStore::fetch(const std::string& key)
{
    m_select->bindValue(0, text(key));
    if (!m_select->exec()) return SqliteDatabase::queryError(*m_select, "SELECT item");
    std::optional<Json> out;
    if (m_select->next()) {
        Result<Json> item = parseItem(m_select->value(0).toString(), key);
        m_select->finish();
        if (!item) return item.error();
        out = std::move(item).value();
        return out;
    }
    m_select->finish();
    return out;
}

Result<std::optional<Json>> TableStore::get(const std::string& key) { return fetch(key); }

Result<bool> TableStore::insert(const Json& item)
{
    const std::optional<std::string> key = keyOf(item);
    if (!key)
        return Error::of(QStringLiteral("table %1: the item has no key attribute \"%2\"").arg(m_table, text(m_key)));
    m_insert->bindValue(0, text(*key));
    m_insert->bindValue(1, text(item.dump()));
    if (!m_insert->exec()) return SqliteDatabase::queryError(*m_insert, "INSERT item");
    return m_insert->numRowsAffected() > 0;
}

Result<std::optional<Json>> TableStore::put(const Json& item)
{
    const std::optional<std::string> key = keyOf(item);
    if (!key)
        return Error::of(QStringLiteral("table %1: the item has no key attribute \"%2\"").arg(m_table, text(m_key)));
    Result<std::optional<Json>> previous = fetch(*key);
    if (!previous) return previous.error();
    // UPDATE in place rather than INSERT OR REPLACE, which would move the item to the end.
    QSqlQuery& q = previous.value() ? *m_update : *m_insert;
    const QString value = text(item.dump());
    if (previous.value()) {
        q.bindValue(0, value);
        q.bindValue(1, text(*key));
    } else {
        q.bindValue(0, text(*key));
        q.bindValue(1, value);
    }
    if (!q.exec()) return SqliteDatabase::queryError(q, "PUT item");
    return previous;
}

Result<std::optional<Json>> TableStore::update(const Json& item)
{
    const std::optional<std::string> key = keyOf(item);
    if (!key)
        return Error::of(QStringLiteral("table %1: the item has no key attribute \"%2\"").arg(m_table, text(m_key)));
    Result<std::optional<Json>> previous = fetch(*key);
    if (!previous || !previous.value()) return previous;
    m_update->bindValue(0, text(item.dump()));
    m_update->bindValue(1, text(*key));
    if (!m_update->exec()) return SqliteDatabase::queryError(*m_update, "UPDATE item");
    return previous;
}

Result<std::optional<Json>> TableStore::remove(const std::string& key)
{
    Result<std::optional<Json>> previous = fetch(key);
    if (!previous || !previous.value()) return previous;
    m_delete->bindValue(0, text(key));
    if (!m_delete->exec()) return SqliteDatabase::queryError(*m_delete, "DELETE item");
    return previous;
}

Result<std::vector<Json>> TableStore::list(qint64 limit)
{
    // A limit is rare; preparing it per call keeps the common statements fixed.
    QSqlQuery q(m_db->handle());
    q.setForwardOnly(true);
    const QString sql =
        QStringLiteral("SELECT key, item FROM %1 ORDER BY rowid LIMIT ?").arg(SqliteDatabase::quoteIdentifier(m_table));
    if (!q.prepare(sql)) return SqliteDatabase::queryError(q, "SELECT items");
    q.bindValue(0, limit < 0 ? qint64(-1) : limit);
    if (!q.exec()) return SqliteDatabase::queryError(q, "SELECT items");
    std::vector<Json> out;
    while (q.next()) {
        Result<Json> item = parseItem(q.value(1).toString(), q.value(0).toString().toStdString());
        if (!item) return item.error();
        out.push_back(std::move(item).value());
    }
    return out;
}

Result<qint64> TableStore::count()
{
    if (!m_count->exec()) return SqliteDatabase::queryError(*m_count, "COUNT items");
    qint64 n = 0;
    if (m_count->next()) n = m_count->value(0).toLongLong();
    m_count->finish();
    return n;
}

}  // namespace ml
