// The audit trail's anchored end: a run's report records nodes.<gatekeeper>.audit = {rows, head},
// and verifyAuditTrail / `microlab-cli verify-audit DATABASE --head HASH --rows N` catch what the
// chain alone lets pass — the last rows deleted, the table emptied, a suffix rewritten and
// re-hashed — while an intact trail (or one a later run appended to) passes.
#include "../enginekit/EngineKit.h"
#include "store/AuditTrail.h"

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>

using namespace ml;
using namespace kit;

namespace {

// api → gk (allows alice everything, denies everyone else) → items.
std::unique_ptr<Engine> guarded(const std::string& audit)
{
    return engineFor(R"({"id": "api", "kind": "api-gateway", "config": {"routes": [
                            {"method": "POST", "path": "/items", "action": "items:create"},
                            {"method": "GET", "path": "/items/{id}", "action": "items:get"}]}},
                        {"id": "gk", "kind": "gatekeeper", "config": {"latency": {"dist": "fixed", "value": "0ms"},
                            "auditDatabase": ")" +
                         audit + R"(", "policy": [{"principal": "user:alice", "actions": ["*"], "effect": "allow"}]}},
                        {"id": "items", "kind": "table"})",
                     R"({"from": "api", "to": "gk"}, {"from": "gk", "to": "items"})", {.seed = 5});
}

int request(Engine& engine, Recorder& rec, const std::string& user, const char* method, const std::string& path,
            Json body = Json())
{
    Json r{{"method", method}, {"path", path}, {"headers", {{"Authorization", "Bearer " + user}}}};
    if (!body.is_null()) r["body"] = std::move(body);
    engine.kernel().advanceTo(engine.now() + 10 * kMicrosPerSecond);
    return respond(engine, rec, r);
}

// Four decisions into `audit`; the report's anchor.
Json fourDecisions(const QString& audit)
{
    auto engine = guarded(audit.toStdString());
    if (!engine) return Json();
    Recorder rec;
    engine->addObserver(&rec);
    request(*engine, rec, "alice", "POST", "/items", Json{{"id", "1"}});
    request(*engine, rec, "mallory", "GET", "/items/1");
    request(*engine, rec, "alice", "GET", "/items/1");
    request(*engine, rec, "mallory", "POST", "/items", Json{{"id", "2"}});
    return engine->report()["nodes"]["gk"]["audit"];
}

void exec(const QString& audit, const QString& sql)
{
    auto db = SqliteDatabase::open(audit, QStringLiteral("tamper")).value();
    QSqlQuery q(db->handle());
    if (!q.exec(sql)) qFatal("%s", qPrintable(sql));
}

Ran cli(const QStringList& args) { return runProgram(QStringLiteral(MICROLAB_CLI_PATH), args); }

}  // namespace

class TestAuditAnchor : public QObject {
    Q_OBJECT

private slots:
    void reportAnchorsTheEnd();
    void tampering_data();
    void tampering();
    void appendedAfterTheAnchorPasses();
    void cliArguments_data();
    void cliArguments();
};

void TestAuditAnchor::reportAnchorsTheEnd()
{
    QTemporaryDir dir;
    const QString audit = dir.filePath(QStringLiteral("audit.db"));
    const Json anchor = fourDecisions(audit);
    // Four requests, four decisions (allow, deny, allow, deny): 4 rows; the head is row 4's hash.
    QCOMPARE(as<qint64>(anchor["rows"]), qint64(4));
    auto trail = AuditTrail::open(audit).value();
    const std::vector<AuditRow> rows = trail->rows().value();
    QCOMPARE(rows.size(), std::size_t(4));
    QCOMPARE(as<std::string>(anchor["head"]), rows[3].hash);
    QCOMPARE(as<std::string>(anchor["head"]).size(), std::size_t(64));
}

void TestAuditAnchor::tampering_data()
{
    QTest::addColumn<QString>("tamper");    // what is done to the 4-row trail
    QTest::addColumn<qint64>("brokenRow");  // -1: intact
    QTest::addColumn<QString>("why");       // part of the message

    QTest::newRow("intact") << "" << qint64(-1) << "";
    // Rows 3 and 4 deleted: rows 1–2 still chain; the anchor wants 4 → broken at the first missing, 3.
    QTest::newRow("last rows deleted") << "DELETE FROM audit_trail WHERE id > 2" << qint64(3)
                                       << "rows 3 to 4 were deleted";
    QTest::newRow("table emptied") << "DELETE FROM audit_trail" << qint64(1) << "it was emptied";
    // Row 4 (mallory's denied POST) rewritten to allow and re-hashed: the chain fits, but row 4's
    // hash is no longer the anchored head.
    QTest::newRow("suffix re-hashed") << "rehash" << qint64(4) << "rewritten and re-hashed";
}

void TestAuditAnchor::tampering()
{
    QFETCH(QString, tamper);
    QFETCH(qint64, brokenRow);
    QFETCH(QString, why);
    QTemporaryDir dir;
    const QString audit = dir.filePath(QStringLiteral("audit.db"));
    const Json anchorJson = fourDecisions(audit);
    const AuditAnchor anchor{as<qint64>(anchorJson["rows"]), as<std::string>(anchorJson["head"])};
    QCOMPARE(anchor.rows, qint64(4));

    if (tamper == QLatin1String("rehash")) {
        auto trail = AuditTrail::open(audit).value();
        std::vector<AuditRow> rows = trail->rows().value();
        QCOMPARE(rows[3].decision, std::string("deny"));
        rows[3].decision = "allow";
        const std::string hash = AuditTrail::hashOf(rows[2].hash, rows[3]);
        trail.reset();
        exec(audit, QStringLiteral("UPDATE audit_trail SET decision = 'allow', hash = '%1' WHERE id = 4")
                        .arg(QString::fromStdString(hash)));
    } else if (!tamper.isEmpty()) {
        exec(audit, tamper);
    }

    // Without the anchor every one of these passes: that is the hole the anchor closes.
    const Result<AuditCheck> bare = verifyAuditTrail(audit);
    QVERIFY(bare.ok());
    QVERIFY(bare->intact());

    const Result<AuditCheck> anchored = verifyAuditTrail(audit, anchor);
    QVERIFY(anchored.ok());
    QCOMPARE(anchored->brokenRow, brokenRow);
    QVERIFY2(anchored->why.contains(why), qPrintable(anchored->why));

    const Ran ran = cli({QStringLiteral("verify-audit"), audit, QStringLiteral("--head"),
                         QString::fromStdString(anchor.head), QStringLiteral("--rows"), QStringLiteral("4")});
    if (brokenRow < 0) {
        QCOMPARE(ran.exitCode, 0);
        QCOMPARE(ran.out, QStringLiteral("ok: 4 rows, chain intact, ends at the anchored head (row 4)\n"));
    } else {
        QCOMPARE(ran.exitCode, 1);
        QVERIFY2(ran.out.startsWith(QStringLiteral("broken at row %1: ").arg(brokenRow)), qPrintable(ran.out));
        QVERIFY2(ran.out.contains(why), qPrintable(ran.out));
    }
}

void TestAuditAnchor::appendedAfterTheAnchorPasses()
{
    // A second run on the same file continues the chain: rows 5–8 after the first run's anchor.
    QTemporaryDir dir;
    const QString audit = dir.filePath(QStringLiteral("audit.db"));
    const Json first = fourDecisions(audit);
    const Json second = fourDecisions(audit);
    QCOMPARE(as<qint64>(second["rows"]), qint64(8));
    const Result<AuditCheck> check =
        verifyAuditTrail(audit, AuditAnchor{as<qint64>(first["rows"]), as<std::string>(first["head"])});
    QVERIFY(check.ok());
    QVERIFY(check->intact());
    QCOMPARE(check->afterAnchor, qint64(4));
    const Ran ran =
        cli({QStringLiteral("verify-audit"), audit, QStringLiteral("--head"),
             QString::fromStdString(as<std::string>(first["head"])), QStringLiteral("--rows"), QStringLiteral("4")});
    QCOMPARE(ran.exitCode, 0);
    QVERIFY2(ran.out.contains(QStringLiteral("4 rows were appended after it")), qPrintable(ran.out));
}

void TestAuditAnchor::cliArguments_data()
{
    QTest::addColumn<QStringList>("args");
    const QString hash(64, QLatin1Char('a'));
    QTest::newRow("--head without --rows") << QStringList{"--head", hash};
    QTest::newRow("--rows without --head") << QStringList{"--rows", "4"};
    QTest::newRow("--head not hex") << QStringList{"--head", "xyz", "--rows", "4"};
    QTest::newRow("--head too short") << QStringList{"--head", hash.left(63), "--rows", "4"};
    QTest::newRow("--rows negative") << QStringList{"--head", hash, "--rows", "-1"};
    QTest::newRow("--rows missing value") << QStringList{"--head", hash, "--rows"};
}

void TestAuditAnchor::cliArguments()
{
    QFETCH(QStringList, args);
    QTemporaryDir dir;
    const QString audit = dir.filePath(QStringLiteral("audit.db"));
    fourDecisions(audit);
    const Ran ran = cli(QStringList{QStringLiteral("verify-audit"), audit} + args);
    QCOMPARE(ran.exitCode, 2);
    QVERIFY2(ran.err.contains(QStringLiteral("--head")) || ran.err.contains(QStringLiteral("--rows")),
             qPrintable(ran.err));
}

QTEST_GUILESS_MAIN(TestAuditAnchor)
#include "tst_auditanchor.moc"
