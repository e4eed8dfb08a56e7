#include "store/SqliteDatabase.h"

#include <QFileInfo>
#include <QSqlError>

#include <atomic>

namespace ml {

namespace {

// Connection names only need to be unique in the process; they never reach any output.
std::atomic<quint64> g_nextConnection{1};

Error storeError(const QString& message) { return Error::of(message); }

}  // namespace

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(const QString& path, const QString& purpose, bool readOnly)
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return storeError(QStringLiteral("the Qt SQLite driver (QSQLITE) is not installed"));
    if (path.isEmpty()) return storeError(QStringLiteral("no database file named"));
    const bool memory = path == QLatin1String(":memory:");
    if (readOnly && !memory && !QFileInfo::exists(path))
        return storeError(QStringLiteral("%1: no such file").arg(path));
    if (readOnly && !memory && !QFileInfo(path).isFile()) return storeError(QStringLiteral("%1: not a file").arg(path));

    std::unique_ptr<SqliteDatabase> db(new SqliteDatabase);
    db->m_path = path;
    db->m_name = QStringLiteral("microlab-%1-%2").arg(g_nextConnection.fetch_add(1)).arg(purpose);
    db->m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), db->m_name);
    db->m_db.setDatabaseName(path);
    if (readOnly) db->m_db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
    if (!db->m_db.open())
        return storeError(QStringLiteral("%1: cannot open: %2").arg(path, db->m_db.lastError().text()));
    // SQLite opens lazily: a file that is not a database only fails at the first statement.
    QSqlQuery probe(db->m_db);
    if (!probe.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")))
        return storeError(QStringLiteral("%1: not an SQLite database (%2)").arg(path, probe.lastError().text()));
    probe.finish();
    if (!memory && !readOnly) {
        // A simulated table takes thousands of writes a second: WAL without an fsync per
        // statement keeps a file database from becoming the bottleneck, and a crash still
        // leaves a consistent file.
        QSqlQuery pragma(db->m_db);
        pragma.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
        pragma.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    }
    return db;
}

SqliteDatabase::~SqliteDatabase()
{
    // removeDatabase() wants every handle gone first, or it warns that the connection is in use.
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

Status SqliteDatabase::exec(const QString& sql)
{
    QSqlQuery q(m_db);
    if (!q.exec(sql)) return queryError(q, qPrintable(sql.left(40)));
    return okStatus();
}

Result<std::unique_ptr<QSqlQuery>> SqliteDatabase::prepare(const QString& sql)
{
    auto q = std::make_unique<QSqlQuery>(m_db);
    q->setForwardOnly(true);
    if (!q->prepare(sql)) return queryError(*q, qPrintable(sql.left(40)));
    return q;
}

QString SqliteDatabase::quoteIdentifier(const QString& name)
{
    QString inner = name;
    inner.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + inner + QLatin1Char('"');
}

Error SqliteDatabase::queryError(const QSqlQuery& query, const char* what)
{
    return storeError(QStringLiteral("%1: %2").arg(QString::fromUtf8(what), query.lastError().text()));
}

}  // namespace ml
