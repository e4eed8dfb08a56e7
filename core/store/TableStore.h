// The items of one table node in SQLite: one row per item, its key attribute in a key column
// and the whole item as JSON text. Prepared statements; list order is insertion order.
#pragma once

#include "format/Json.h"
#include "store/SqliteDatabase.h"

#include <optional>
#include <string>
#include <vector>

namespace ml {

class TableStore {
public:
    // Opens (or creates) SQL table `tableName` in `database` (a file or ":memory:").
    static Result<std::unique_ptr<TableStore>> open(const QString& database, const QString& tableName,
                                                    std::string keyAttribute = "id");
    ~TableStore();

    const std::string& keyAttribute() const { return m_key; }
    const QString& tableName() const { return m_table; }
    SqliteDatabase& database() { return *m_db; }

    // The key of a value as stored: a string as it is, a number as JSON writes it (so the path
    // parameter "1" finds the item whose id is 1). Other types have no key: nullopt.
    static std::optional<std::string> keyText(const Json& value);
    // The key of an item (its key attribute); nullopt when it has none or the item is no object.
    std::optional<std::string> keyOf(const Json& item) const;

    // Insert or replace (PutItem). Returns the item it replaced, if any.
    Result<std::optional<Json>> put(const Json& item);
    // Insert only: false when an item with that key exists (nothing is written).
    Result<bool> insert(const Json& item);
    Result<std::optional<Json>> get(const std::string& key);
    // Replaces an existing item; returns the old one, or nullopt (nothing written) when missing.
    Result<std::optional<Json>> update(const Json& item);
    // Returns the removed item, or nullopt when there was none.
    Result<std::optional<Json>> remove(const std::string& key);
    // Items in insertion order; limit < 0: all.
    Result<std::vector<Json>> list(qint64 limit = -1);
    Result<qint64> count();

private:
    TableStore() = default;
    Result<Json> parseItem(const QString& text, const std::string& key) const;
    Result<std::optional<Json>> fetch(const std::string& key);

    std::string m_key;
    QString m_table;
    std::unique_ptr<SqliteDatabase> m_db;  // declared before the statements: destroyed after them
    std::unique_ptr<QSqlQuery> m_insert;
    std::unique_ptr<QSqlQuery> m_select;
    std::unique_ptr<QSqlQuery> m_update;
    std::unique_ptr<QSqlQuery> m_delete;
    std::unique_ptr<QSqlQuery> m_count;
};

}  // namespace ml
