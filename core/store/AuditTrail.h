// The gatekeeper's audit trail: every decision as a row in its own SQLite database, each row
// chained to the one before by a SHA-256 hash, so changing or removing a row is detectable.
// hash(row) = SHA-256 hex of (previous row's hash + the row's canonical content); the first
// row's previous hash is "". Canonical content: the JSON array
// [id, time, principal, action, resource, decision] in compact form (UTF-8).
#pragma once

#include "store/SqliteDatabase.h"

#include <optional>
#include <string>

namespace ml {

struct AuditRow {
    qint64 id = 0;          // 1, 2, 3 … in order; set by append()
    std::string time;       // ISO 8601 UTC of the simulation clock
    std::string principal;  // "user:alice"
    std::string action;     // "items:create"
    std::string resource;   // the store (and key) the request is about
    std::string decision;   // "allow" | "deny"
    std::string previous;   // the previous row's hash ("" for the first)
    std::string hash;
};

// The chain's end as a run's report records it (nodes.<gatekeeper>.audit): a chain alone cannot
// show that rows were cut off its end, that it was emptied, or that a suffix was rewritten and
// re-hashed; checked against this anchor it can.
struct AuditAnchor {
    qint64 rows = 0;
    std::string head;  // the last row's hash; "" when there are no rows
};

// The outcome of checking a chain: intact, or the first row that does not fit.
struct AuditCheck {
    qint64 rows = 0;
    qint64 brokenRow = -1;  // -1: intact
    QString why;
    qint64 afterAnchor = 0;  // rows appended after the anchored end (a later run on the same file)
    bool intact() const { return brokenRow < 0; }
};

class AuditTrail {
public:
    static constexpr const char* kTable = "audit_trail";

    // Opens (or creates) the trail in `database` (a file or ":memory:"); an existing chain in a
    // file is continued.
    static Result<std::unique_ptr<AuditTrail>> open(const QString& database);
    ~AuditTrail();

    // Appends a decision: fills in id, previous and hash (returned in `row`).
    Status append(AuditRow& row);
    Result<qint64> count();
    Result<std::vector<AuditRow>> rows();
    AuditCheck verify();
    // The chain's end now: how many rows and the last one's hash.
    Result<AuditAnchor> head();
    SqliteDatabase& database() { return *m_db; }

    static std::string canonical(const AuditRow& row);
    static std::string hashOf(const std::string& previousHash, const AuditRow& row);
    // Checks the chain of an open database (the trail's table must exist) and, given an anchor,
    // that the chain still reaches it: row `anchor.rows` exists and its hash is `anchor.head`.
    static Result<AuditCheck> verify(SqliteDatabase& db, const std::optional<AuditAnchor>& anchor = std::nullopt);

private:
    AuditTrail() = default;
    std::unique_ptr<SqliteDatabase> m_db;  // declared before the statements: destroyed after them
    std::unique_ptr<QSqlQuery> m_last;
    std::unique_ptr<QSqlQuery> m_insert;
};

// `microlab-cli verify-audit`: opens the file read-only and checks its chain. An error when the
// file is missing, not an SQLite database, or has no audit trail.
Result<AuditCheck> verifyAuditTrail(const QString& path, const std::optional<AuditAnchor>& anchor = std::nullopt);

}  // namespace ml
