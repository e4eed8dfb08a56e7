// One SQLite database opened through QtSql (QSQLITE) under a connection name nobody else uses,
// so two tables, two engines or a test and the engine in one process never share a handle.
// A connection belongs to the thread that uses it first; the engine keeps it on its thread.
#pragma once

#include "format/Result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>

namespace ml {

class SqliteDatabase {
public:
    // `path` is a file or ":memory:"; `purpose` goes into the connection name (for debugging).
    // A read-only open never creates the file.
    static Result<std::unique_ptr<SqliteDatabase>> open(const QString& path, const QString& purpose,
                                                        bool readOnly = false);
    ~SqliteDatabase();
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    const QString& path() const { return m_path; }
    const QString& connectionName() const { return m_name; }
    bool inMemory() const { return m_path == QLatin1String(":memory:"); }
    QSqlDatabase& handle() { return m_db; }

    Status exec(const QString& sql);
    // A prepared statement on this database (the caller keeps it; destroy it before this).
    Result<std::unique_ptr<QSqlQuery>> prepare(const QString& sql);

    // "name" → "\"name\"" with inner quotes doubled: a node id as an SQL identifier.
    static QString quoteIdentifier(const QString& name);
    // The error of a failed statement, named: "INSERT …: disk I/O error".
    static Error queryError(const QSqlQuery& query, const char* what);

private:
    SqliteDatabase() = default;
    QString m_path;
    QString m_name;
    QSqlDatabase m_db;
};

}  // namespace ml
