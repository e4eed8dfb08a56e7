#include "store/AuditTrail.h"

#include "format/Json.h"

#include <QCryptographicHash>
#include <QSqlError>
#include <QVariant>

namespace ml {

namespace {

QString text(const std::string& s) { return QString::fromStdString(s); }
std::string stdText(const QVariant& v) { return v.toString().toStdString(); }

const QString kColumns = QStringLiteral("id, time, principal, action, resource, decision, previous, hash");

AuditRow readRow(const QSqlQuery& q)
{
    AuditRow r;
    r.id = q.value(0).toLongLong();
    r.time = stdText(q.value(1));
    r.principal = stdText(q.value(2));
    r.action = stdText(q.value(3));
    r.resource = stdText(q.value(4));
    r.decision = stdText(q.value(5));
    r.previous = stdText(q.value(6));
    r.hash = stdText(q.value(7));
    return r;
}

}  // namespace

std::string AuditTrail::canonical(const AuditRow& row)
{
    return Json::array({row.id, row.time, row.principal, row.action, row.resource, row.decision}).dump();
}

std::string AuditTrail::hashOf(const std::string& previousHash, const AuditRow& row)
{
    const QByteArray input = QByteArray::fromStdString(previousHash + canonical(row));
    return QCryptographicHash::hash(input, QCryptographicHash::Sha256).toHex().toStdString();
}

Result<std::unique_ptr<AuditTrail>> AuditTrail::open(const QString& database)
{
    Result<std::unique_ptr<SqliteDatabase>> db = SqliteDatabase::open(database, QStringLiteral("audit"));
    if (!db) return db.error();
    std::unique_ptr<AuditTrail> trail(new AuditTrail);
    trail->m_db = std::move(db).value();
    const Status created =
        trail->m_db->exec(QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (id INTEGER PRIMARY KEY, time TEXT NOT NULL, "
                                         "principal TEXT NOT NULL, action TEXT NOT NULL, resource TEXT NOT NULL, "
                                         "decision TEXT NOT NULL, previous TEXT NOT NULL, hash TEXT NOT NULL)")
                              .arg(QLatin1String(kTable)));
    if (!created) return created.error();
    Result<std::unique_ptr<QSqlQuery>> last = trail->m_db->prepare(
        QStringLiteral("SELECT id, hash FROM %1 ORDER BY id DESC LIMIT 1").arg(QLatin1String(kTable)));
    if (!last) return last.error();
    trail->m_last = std::move(last).value();
    Result<std::unique_ptr<QSqlQuery>> insert = trail->m_db->prepare(
        QStringLiteral("INSERT INTO %1 (%2) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").arg(QLatin1String(kTable), kColumns));
    if (!insert) return insert.error();
    trail->m_insert = std::move(insert).value();
    return trail;
}

AuditTrail::~AuditTrail() = default;

Status AuditTrail::append(AuditRow& row)
{
    // The tail is read from the database each time, so two gatekeepers sharing one file
    // still build one chain.
    if (!m_last->exec()) return SqliteDatabase::queryError(*m_last, "SELECT last audit row");
    row.id = 1;
    row.previous.clear();
    if (m_last->next()) {
        row.id = m_last->value(0).toLongLong() + 1;
        row.previous = stdText(m_last->value(1));
    }
    m_last->finish();
    row.hash = hashOf(row.previous, row);
    const std::string* values[] = {&row.time,     &row.principal, &row.action, &row.resource,
                                   &row.decision, &row.previous,  &row.hash};
    m_insert->bindValue(0, row.id);
    for (int i = 0; i < 7; ++i) m_insert->bindValue(i + 1, text(*values[i]));
    if (!m_insert->exec()) return SqliteDatabase::queryError(*m_insert, "INSERT audit row");
    return okStatus();
}

Result<qint64> AuditTrail::count()
{
    QSqlQuery q(m_db->handle());
    if (!q.exec(QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(kTable))))
        return SqliteDatabase::queryError(q, "COUNT audit rows");
    return q.next() ? q.value(0).toLongLong() : 0;
}

Result<std::vector<AuditRow>> AuditTrail::rows()
{
    QSqlQuery q(m_db->handle());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT %1 FROM %2 ORDER BY id").arg(kColumns, QLatin1String(kTable))))
        return SqliteDatabase::queryError(q, "SELECT audit rows");
    std::vector<AuditRow> out;
    while (q.next()) out.push_back(readRow(q));
    return out;
}

AuditCheck AuditTrail::verify()
{
    Result<AuditCheck> r = verify(*m_db);
    if (r) return r.value();
    AuditCheck broken;
    broken.brokenRow = 0;
    broken.why = r.error().message;
    return broken;
}

Result<AuditAnchor> AuditTrail::head()
{
    if (!m_last->exec()) return SqliteDatabase::queryError(*m_last, "SELECT last audit row");
    AuditAnchor anchor;
    if (m_last->next()) {
        // Ids count 1, 2, 3 … without gaps in an intact chain, so the last id is the row count.
        anchor.rows = m_last->value(0).toLongLong();
        anchor.head = stdText(m_last->value(1));
    }
    m_last->finish();
    return anchor;
}

Result<AuditCheck> AuditTrail::verify(SqliteDatabase& db, const std::optional<AuditAnchor>& anchor)
{
    QSqlQuery q(db.handle());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT %1 FROM %2 ORDER BY id").arg(kColumns, QLatin1String(kTable))))
        return Error::of(QStringLiteral("%1: no audit trail (%2)").arg(db.path(), q.lastError().text()));
    AuditCheck check;
    std::string previousHash;
    qint64 expectedId = 1;
    while (q.next()) {
        const AuditRow row = readRow(q);
        ++check.rows;
        auto broken = [&](const QString& why) {
            check.brokenRow = row.id;
            check.why = why;
        };
        // Ids count from 1 without gaps: a removed row shows as a gap (or as a first row > 1).
        if (row.id != expectedId)
            broken(QStringLiteral("expected row %1 here; rows are missing").arg(expectedId));
        else if (row.previous != previousHash)
            broken(QStringLiteral(
                       "its previous hash does not match row %1's hash (a row before it was changed or removed)")
                       .arg(row.id - 1));
        else if (hashOf(previousHash, row) != row.hash)
            broken(QStringLiteral("its hash does not match its content (the row was changed)"));
        if (!check.intact()) return check;
        if (anchor && row.id == anchor->rows && row.hash != anchor->head) {
            broken(QStringLiteral("row %1's hash is %2, not the anchored head %3: rows up to it were rewritten "
                                  "and re-hashed")
                       .arg(row.id)
                       .arg(text(row.hash), text(anchor->head)));
            return check;
        }
        previousHash = row.hash;
        ++expectedId;
    }
    if (anchor && check.rows < anchor->rows) {
        check.brokenRow = check.rows + 1;
        if (check.rows == 0)
            check.why =
                QStringLiteral("the trail is empty, but the run anchored %1 rows: it was emptied").arg(anchor->rows);
        else
            check.why =
                QStringLiteral("the trail ends at row %1, but the run anchored %2 rows: rows %3 to %2 were deleted")
                    .arg(check.rows)
                    .arg(anchor->rows)
                    .arg(check.rows + 1);
    } else if (anchor && anchor->rows == 0 && !anchor->head.empty()) {
        check.brokenRow = 0;
        check.why = QStringLiteral("the anchor names head %1 but 0 rows").arg(text(anchor->head));
    } else if (anchor) {
        check.afterAnchor = check.rows - anchor->rows;
    }
    return check;
}

Result<AuditCheck> verifyAuditTrail(const QString& path, const std::optional<AuditAnchor>& anchor)
{
    Result<std::unique_ptr<SqliteDatabase>> db = SqliteDatabase::open(path, QStringLiteral("verify-audit"), true);
    if (!db) return db.error();
    return AuditTrail::verify(*db.value(), anchor);
}

}  // namespace ml
