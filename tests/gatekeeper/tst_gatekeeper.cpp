// gatekeeper through the engine: the policy matrix (user, role and "*" principals; exact, "*"
// and prefix actions; default deny; deny wins whatever the order), 403 {"message":"Forbidden"}
// with a critical, sensitive log line, the data operation when allowed, an audit row for every
// decision whose chain verifies, tampering found by verifyAuditTrail and by
// `microlab-cli verify-audit` (exit codes and messages), and refusal when the audit trail
// cannot be written. Conservation holds after every run.
#include "../enginekit/EngineKit.h"
#include "engine/nodes/Logs.h"
#include "store/AuditTrail.h"

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>

using namespace ml;
using namespace kit;

namespace {

// Seed 5, as the numbers below were worked out with.
const EngineOptions kSeed{.seed = 5};

// api → gk → items, gk → logs. `audit` is the auditDatabase.
std::unique_ptr<Engine> guarded(const std::string& policy, const std::string& audit = ":memory:")
{
    return engineFor(R"({"id": "api", "kind": "api-gateway", "config": {"routes": [
                            {"method": "POST", "path": "/items", "action": "items:create"},
                            {"method": "GET", "path": "/items", "action": "items:list"},
                            {"method": "GET", "path": "/items/{id}", "action": "items:get"},
                            {"method": "DELETE", "path": "/items/{id}", "action": "items:delete"}]}},
                        {"id": "gk", "kind": "gatekeeper", "config": {"latency": {"dist": "fixed", "value": "0ms"},
                            "auditDatabase": ")" +
                         audit + R"(", "policy": )" + policy + R"(}},
                        {"id": "items", "kind": "table"}, {"id": "logs", "kind": "logs"})",
                     R"({"from": "api", "to": "gk"}, {"from": "gk", "to": "items"}, {"from": "gk", "to": "logs"})",
                     kSeed);
}

// One request through the gateway as `user` ("" = no Authorization header); the status.
int request(Engine& engine, Recorder& rec, const std::string& user, const char* method, const std::string& path,
            Json body = Json())
{
    Json r{{"method", method}, {"path", path}, {"headers", Json::object()}};
    if (!user.empty()) r["headers"]["Authorization"] = "Bearer " + user;
    if (!body.is_null()) r["body"] = std::move(body);
    // Requests come 10 s apart (a run with nothing pending leaves the clock where it was).
    engine.kernel().advanceTo(engine.now() + 10 * kMicrosPerSecond);
    return respond(engine, rec, r);
}

std::vector<Json> criticalLines(Engine& engine)
{
    std::vector<Json> out;
    const auto* logs = behaviourOf<Logs>(engine, "logs");
    if (!logs) return out;
    for (const auto& [time, line] : logs->lines())
        if (line.value("urgency", std::string()) == "critical") out.push_back(line);
    return out;
}

std::vector<AuditRow> auditRows(const QString& file)
{
    auto trail = AuditTrail::open(file);
    if (!trail) return {};
    auto rows = trail.value()->rows();
    return rows ? rows.value() : std::vector<AuditRow>();
}

Ran cli(const QStringList& args) { return runProgram(QStringLiteral(MICROLAB_CLI_PATH), args); }

}  // namespace

class TestGatekeeper : public QObject {
    Q_OBJECT

private slots:
    void policy_data();
    void policy();
    void forbiddenAnswerAndLogLine();
    void auditTrailOfEveryDecision();
    void tamperedTrailAndCli();
    void cliArguments();
    void unwritableAuditRefuses();
};

void TestGatekeeper::policy_data()
{
    QTest::addColumn<QByteArray>("policy");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QByteArray>("roles");  // JSON array put in the body, or empty
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");

    const QByteArray aliceCreates = R"([{"principal": "user:alice", "actions": ["items:create"], "effect": "allow"}])";
    const QByteArray aliceItems = R"([{"principal": "user:alice", "actions": ["items:*"], "effect": "allow"}])";
    const QByteArray everyone = R"([{"principal": "*", "actions": ["*"], "effect": "allow"}])";
    const QByteArray allButBobDeletes = R"([{"principal": "*", "actions": ["*"], "effect": "allow"},
                                            {"principal": "user:bob", "actions": ["items:delete"], "effect": "deny"}])";
    const QByteArray admins = R"([{"principal": "role:admin", "actions": ["*"], "effect": "allow"}])";

    QTest::newRow("empty policy: default deny") << QByteArray("[]") << "alice" << QByteArray() << "POST"
                                                << "/items" << 403;
    QTest::newRow("user, exact action") << aliceCreates << "alice" << QByteArray() << "POST"
                                        << "/items" << 201;
    QTest::newRow("another user: default deny") << aliceCreates << "bob" << QByteArray() << "POST"
                                                << "/items" << 403;
    QTest::newRow("action not listed") << aliceCreates << "alice" << QByteArray() << "DELETE"
                                       << "/items/x" << 403;
    // Allowed, and the item is missing: the operation's own 404.
    QTest::newRow("prefix items:*") << aliceItems << "alice" << QByteArray() << "DELETE"
                                    << "/items/x" << 404;
    QTest::newRow("prefix does not match other resources")
        << QByteArray(R"([{"principal": "user:alice", "actions": ["orders:*"], "effect": "allow"}])") << "alice"
        << QByteArray() << "POST"
        << "/items" << 403;
    QTest::newRow("anyone, any action") << everyone << "bob" << QByteArray() << "POST"
                                        << "/items" << 201;
    QTest::newRow("anonymous is a user too") << everyone << "" << QByteArray() << "GET"
                                             << "/items" << 200;
    QTest::newRow("no token: user:anonymous")
        << QByteArray(R"([{"principal": "user:anonymous", "actions": ["items:list"], "effect": "allow"}])") << ""
        << QByteArray() << "GET"
        << "/items" << 200;
    QTest::newRow("deny wins") << allButBobDeletes << "bob" << QByteArray() << "DELETE"
                               << "/items/x" << 403;
    QTest::newRow("deny is only for what it names") << allButBobDeletes << "bob" << QByteArray() << "POST"
                                                    << "/items" << 201;
    QTest::newRow("deny wins whatever the order")
        << QByteArray(R"([{"principal": "user:bob", "actions": ["items:*"], "effect": "deny"},
                          {"principal": "user:bob", "actions": ["items:create"], "effect": "allow"}])")
        << "bob" << QByteArray() << "POST"
        << "/items" << 403;
    QTest::newRow("role allowed") << admins << "carol" << QByteArray(R"(["admin"])") << "POST"
                                  << "/items" << 201;
    QTest::newRow("role among others") << admins << "carol" << QByteArray(R"(["dev", "admin"])") << "POST"
                                       << "/items" << 201;
    QTest::newRow("role missing") << admins << "carol" << QByteArray() << "POST"
                                  << "/items" << 403;
    QTest::newRow("other role") << admins << "carol" << QByteArray(R"(["dev"])") << "POST"
                                << "/items" << 403;
    QTest::newRow("role denied") << QByteArray(R"([{"principal": "*", "actions": ["*"], "effect": "allow"},
                                                   {"principal": "role:banned", "actions": ["*"], "effect": "deny"}])")
                                 << "dave" << QByteArray(R"(["banned"])") << "POST"
                                 << "/items" << 403;
    QTest::newRow("statement without effect ignored")
        << QByteArray(R"([{"principal": "*", "actions": ["*"]}])") << "alice" << QByteArray() << "POST"
        << "/items" << 403;
    QTest::newRow("one principal and action as strings")
        << QByteArray(R"([{"principal": "user:alice", "actions": "items:create", "effect": "allow"}])") << "alice"
        << QByteArray() << "POST"
        << "/items" << 201;
    QTest::newRow("principal list") << QByteArray(R"([{"principal": ["user:bob", "user:alice"], "actions": ["*"],
                                                       "effect": "allow"}])")
                                    << "alice" << QByteArray() << "POST"
                                    << "/items" << 201;
}

void TestGatekeeper::policy()
{
    QFETCH(QByteArray, policy);
    QFETCH(QString, user);
    QFETCH(QByteArray, roles);
    QFETCH(QString, method);
    QFETCH(QString, path);
    QFETCH(int, status);
    auto engine = guarded(policy.toStdString());
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    Json body;
    if (method == QLatin1String("POST")) body = Json{{"id", "i1"}, {"name", "x"}};
    if (!roles.isEmpty()) {
        if (body.is_null()) body = Json::object();
        body["roles"] = Json::parse(roles.toStdString());
    }
    QCOMPARE(request(*engine, rec, user.toStdString(), qPrintable(method), path.toStdString(), body), status);

    const Json r = engine->report();
    const bool denied = status == 403;
    QCOMPARE(r["nodes"]["gk"]["denied"].get<int>(), denied ? 1 : 0);
    QCOMPARE(r["nodes"]["gk"]["allowed"].get<int>(), denied ? 0 : 1);
    QCOMPARE(r["nodes"]["gk"]["auditRows"].get<int>(), 1);
    QCOMPARE(r["logs"]["critical"].get<int>(), denied ? 1 : 0);
    // A denied create writes nothing; an allowed one writes the item without the claimed roles.
    QCOMPARE(r["nodes"]["items"]["items"].get<int>(), status == 201 ? 1 : 0);
    if (status == 201) QCOMPARE(r["nodes"]["items"]["writes"].get<int>(), 1);
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestGatekeeper::forbiddenAnswerAndLogLine()
{
    // Invoked asynchronously (anonymous), with its success destination a queue: the
    // destination record carries the answer body.
    auto engine =
        engineFor(R"({"id": "gk", "kind": "gatekeeper", "config": {"latency": {"dist": "fixed", "value": "0ms"},
                                   "policy": [{"principal": "user:alice", "actions": ["*"], "effect": "allow"}]}},
                               {"id": "items", "kind": "table"}, {"id": "logs", "kind": "logs"},
                               {"id": "answers", "kind": "queue"})",
                  R"({"from": "gk", "to": "items"}, {"from": "gk", "to": "logs"},
                               {"from": "gk", "to": "answers", "config": {"when": "success"}})",
                  kSeed);
    QVERIFY(engine);
    QVERIFY(engine->inject(QStringLiteral("gk"), Json{{"action", "items:delete"}, {"id", "secret"}}).ok());
    engine->run(kMicrosPerSecond);
    const Json r = engine->report();
    const Json record = r["nodes"]["answers"]["queue"]["messages"][0]["body"];
    QCOMPARE(record["responsePayload"], (Json{{"message", "Forbidden"}}));

    const std::vector<Json> lines = criticalLines(*engine);
    QCOMPARE(lines.size(), std::size_t(1));
    const Json& line = lines.front();
    QCOMPARE(line["function"].get<std::string>(), std::string("gk"));
    QCOMPARE(line["sensitivity"].get<std::string>(), std::string("sensitive"));
    QCOMPARE(line["user"].get<std::string>(), std::string("anonymous"));
    QVERIFY(line["message"].get<std::string>().find("Forbidden") != std::string::npos);
    QCOMPARE(line["data"]["principal"].get<std::string>(), std::string("user:anonymous"));
    QCOMPARE(line["data"]["action"].get<std::string>(), std::string("items:delete"));
    QCOMPARE(line["data"]["resource"].get<std::string>(), std::string("items/secret"));
    QCOMPARE(line["data"]["auditRow"].get<int>(), 1);
    QCOMPARE(r["logs"]["critical"].get<int>(), 1);
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

void TestGatekeeper::auditTrailOfEveryDecision()
{
    QTemporaryDir dir;
    const QString audit = dir.filePath(QStringLiteral("audit.db"));
    {
        auto engine = guarded(R"([{"principal": "user:alice", "actions": ["items:*"], "effect": "allow"},
                                  {"principal": "*", "actions": ["items:get"], "effect": "allow"}])",
                              audit.toStdString());
        QVERIFY(engine);
        Recorder rec;
        engine->addObserver(&rec);
        QCOMPARE(request(*engine, rec, "alice", "POST", "/items", Json{{"id", "a"}}), 201);
        QCOMPARE(request(*engine, rec, "bob", "POST", "/items", Json{{"id", "b"}}), 403);
        QCOMPARE(request(*engine, rec, "bob", "GET", "/items/a"), 200);
        QCOMPARE(request(*engine, rec, "bob", "DELETE", "/items/a"), 403);
        QCOMPARE(request(*engine, rec, "alice", "GET", "/items"), 200);
        const Json r = engine->report();
        QCOMPARE(r["nodes"]["gk"]["allowed"].get<int>(), 3);
        QCOMPARE(r["nodes"]["gk"]["denied"].get<int>(), 2);
        QCOMPARE(r["nodes"]["gk"]["auditRows"].get<int>(), 5);
        QCOMPARE(r["logs"]["critical"].get<int>(), 2);
        QCOMPARE(r["nodes"]["items"]["items"].get<int>(), 1);  // bob's delete never happened
        QVERIFY(r["conservation"]["holds"].get<bool>());
        QCOMPARE(criticalLines(*engine).size(), std::size_t(2));
    }
    const std::vector<AuditRow> rows = auditRows(audit);
    QCOMPARE(rows.size(), std::size_t(5));
    struct Expected {
        const char* principal;
        const char* action;
        const char* resource;
        const char* decision;
    };
    const Expected expected[] = {
        {"user:alice", "items:create", "items/a", "allow"}, {"user:bob", "items:create", "items/b", "deny"},
        {"user:bob", "items:get", "items/a", "allow"},      {"user:bob", "items:delete", "items/a", "deny"},
        {"user:alice", "items:list", "items", "allow"},
    };
    std::string previous;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        QCOMPARE(rows[i].id, qint64(i + 1));
        QCOMPARE(rows[i].principal, std::string(expected[i].principal));
        QCOMPARE(rows[i].action, std::string(expected[i].action));
        QCOMPARE(rows[i].resource, std::string(expected[i].resource));
        QCOMPARE(rows[i].decision, std::string(expected[i].decision));
        QCOMPARE(rows[i].previous, previous);
        QCOMPARE(rows[i].hash, AuditTrail::hashOf(previous, rows[i]));
        previous = rows[i].hash;
    }
    // Requests came at 10 s, 20 s … 50 s on the simulation's calendar (from 2026-01-01T00:00:00Z).
    QCOMPARE(QString::fromStdString(rows[0].time), QStringLiteral("2026-01-01T00:00:10.000Z"));
    QCOMPARE(QString::fromStdString(rows[4].time), QStringLiteral("2026-01-01T00:00:50.000Z"));
    Result<AuditCheck> check = verifyAuditTrail(audit);
    QVERIFY(check.ok() && check.value().intact());
    QCOMPARE(check.value().rows, qint64(5));
}

void TestGatekeeper::tamperedTrailAndCli()
{
    QTemporaryDir dir;
    const QString audit = dir.filePath(QStringLiteral("audit.db"));
    const QString pristine = dir.filePath(QStringLiteral("pristine.db"));
    {
        auto engine =
            guarded(R"([{"principal": "user:alice", "actions": ["*"], "effect": "allow"}])", audit.toStdString());
        QVERIFY(engine);
        Recorder rec;
        engine->addObserver(&rec);
        QCOMPARE(request(*engine, rec, "alice", "POST", "/items", Json{{"id", "1"}}), 201);
        QCOMPARE(request(*engine, rec, "mallory", "DELETE", "/items/1"), 403);
        QCOMPARE(request(*engine, rec, "mallory", "GET", "/items/1"), 403);
        QCOMPARE(request(*engine, rec, "alice", "GET", "/items/1"), 200);
        QVERIFY(engine->conservation().holds);
    }
    QVERIFY(QFile::copy(audit, pristine));
    Ran ok = cli({QStringLiteral("verify-audit"), pristine});
    QCOMPARE(ok.exitCode, 0);
    QCOMPARE(ok.out, QStringLiteral("ok: 4 rows, chain intact\n"));

    // Mallory makes her denied delete look allowed, with raw SQL on the file.
    {
        auto db = SqliteDatabase::open(audit, QStringLiteral("tamper")).value();
        QSqlQuery q(db->handle());
        QVERIFY(q.exec(QStringLiteral("UPDATE audit_trail SET decision = 'allow' WHERE id = 2")));
    }
    Result<AuditCheck> check = verifyAuditTrail(audit);
    QVERIFY(check.ok());
    QCOMPARE(check.value().brokenRow, qint64(2));
    Ran broken = cli({QStringLiteral("verify-audit"), audit});
    QCOMPARE(broken.exitCode, 1);
    QVERIFY2(broken.out.startsWith(QStringLiteral("broken at row 2: ")), qPrintable(broken.out));

    // She re-hashes row 2 as well: now row 3 no longer fits the chain.
    {
        auto db = SqliteDatabase::open(audit, QStringLiteral("tamper")).value();
        auto trail = AuditTrail::open(audit).value();
        std::vector<AuditRow> rows = trail->rows().value();
        QSqlQuery q(db->handle());
        QVERIFY(q.exec(QStringLiteral("UPDATE audit_trail SET hash = '%1' WHERE id = 2")
                           .arg(QString::fromStdString(AuditTrail::hashOf(rows[0].hash, rows[1])))));
    }
    broken = cli({QStringLiteral("verify-audit"), audit});
    QCOMPARE(broken.exitCode, 1);
    QVERIFY2(broken.out.startsWith(QStringLiteral("broken at row 3: ")), qPrintable(broken.out));
}

void TestGatekeeper::cliArguments()
{
    QTemporaryDir dir;
    const Ran missing = cli({QStringLiteral("verify-audit"), dir.filePath(QStringLiteral("nope.db"))});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains(QStringLiteral("no such file")), qPrintable(missing.err));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("nope.db"))));

    const QString text = dir.filePath(QStringLiteral("notes.txt"));
    {
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("these are not the rows you are looking for, not at all, really not\n");
    }
    const Ran notDb = cli({QStringLiteral("verify-audit"), text});
    QCOMPARE(notDb.exitCode, 1);
    QVERIFY2(notDb.err.contains(QStringLiteral("not an SQLite database")), qPrintable(notDb.err));

    QCOMPARE(cli({QStringLiteral("verify-audit")}).exitCode, 2);
    QCOMPARE(cli({QStringLiteral("verify-audit"), text, text}).exitCode, 2);
    QCOMPARE(cli({QStringLiteral("verify-audit"), QStringLiteral("--strict"), text}).exitCode, 2);
    const Ran help = cli({QStringLiteral("verify-audit"), QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains(QStringLiteral("usage: microlab-cli verify-audit DATABASE")));
}

void TestGatekeeper::unwritableAuditRefuses()
{
    // An audit trail that cannot be opened: no decision can be recorded, so none is granted.
    QTemporaryDir dir;
    const std::string audit = dir.filePath(QStringLiteral("no/such/dir/audit.db")).toStdString();
    auto engine = guarded(R"([{"principal": "*", "actions": ["*"], "effect": "allow"}])", audit);
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    QCOMPARE(request(*engine, rec, "alice", "POST", "/items", Json{{"id", "a"}}), 500);
    const Json r = engine->report();
    QCOMPARE(r["nodes"]["items"]["items"].get<int>(), 0);
    QVERIFY(r["nodes"]["gk"].contains("auditError"));
    QCOMPARE(r["logs"]["critical"].get<int>(), 1);
    QVERIFY(r["conservation"]["holds"].get<bool>());
}

QTEST_GUILESS_MAIN(TestGatekeeper)
#include "tst_gatekeeper.moc"
