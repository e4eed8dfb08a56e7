// The SQLite stores on their own: TableStore (put/insert/get/update/remove/list, key text,
// insertion order, files that persist, separate in-memory databases), BucketStore (sizes, key
// order) and AuditTrail (the hash chain worked out by hand, tamper detection with raw SQL:
// a changed row, a re-hashed row, a removed row, and verifyAuditTrail's errors).
#include "store/AuditTrail.h"
#include "store/BucketStore.h"
#include "store/TableStore.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace ml;

namespace {

std::string sha256(const std::string& text)
{
    return QCryptographicHash::hash(QByteArray::fromStdString(text), QCryptographicHash::Sha256).toHex().toStdString();
}

AuditRow decision(const char* principal, const char* action, const char* resource, const char* decision)
{
    AuditRow r;
    r.time = "2026-01-01T00:00:00.000Z";
    r.principal = principal;
    r.action = action;
    r.resource = resource;
    r.decision = decision;
    return r;
}

bool rawSql(SqliteDatabase& db, const QString& sql)
{
    QSqlQuery q(db.handle());
    return q.exec(sql);
}

}  // namespace

class TestStore : public QObject {
    Q_OBJECT

private slots:
    void tablePutGetUpdateRemove();
    void tableInsertRefusesExistingKey();
    void tableKeyText_data();
    void tableKeyText();
    void tableListKeepsInsertionOrder();
    void tableCustomKeyAttribute();
    void tableFilePersistsAndMemoryDoesNot();
    void tableRejectsItemsWithoutKey();
    void tableCorruptItemIsAnError();
    void bucketObjects();
    void bucketSizes_data();
    void bucketSizes();
    void auditChainByHand();
    void auditTamper_data();
    void auditTamper();
    void auditFileContinuesChain();
    void verifyAuditErrors();
};

void TestStore::tablePutGetUpdateRemove()
{
    Result<std::unique_ptr<TableStore>> opened = TableStore::open(QStringLiteral(":memory:"), QStringLiteral("items"));
    QVERIFY2(opened.ok(), qPrintable(opened ? QString() : opened.error().message));
    TableStore& t = *opened.value();
    QCOMPARE(t.keyAttribute(), std::string("id"));

    // put: first an insert (no previous item), then a replace that returns the old item.
    Result<std::optional<Json>> first = t.put(Json{{"id", "a"}, {"n", 1}});
    QVERIFY(first.ok() && !first.value());
    Result<std::optional<Json>> second = t.put(Json{{"id", "a"}, {"n", 2}});
    QVERIFY(second.ok() && second.value());
    QCOMPARE((*second.value())["n"].get<int>(), 1);
    QCOMPARE(t.get("a").value().value()["n"].get<int>(), 2);

    // update replaces only existing items.
    QVERIFY(!t.update(Json{{"id", "zzz"}, {"n", 9}}).value());
    QVERIFY(!t.get("zzz").value());
    Result<std::optional<Json>> updated = t.update(Json{{"id", "a"}, {"n", 3}});
    QVERIFY(updated.ok() && updated.value());
    QCOMPARE((*updated.value())["n"].get<int>(), 2);
    QCOMPARE(t.get("a").value().value()["n"].get<int>(), 3);
    QCOMPARE(t.count().value(), qint64(1));

    // remove returns the removed item; a second remove finds nothing.
    Result<std::optional<Json>> removed = t.remove("a");
    QVERIFY(removed.ok() && removed.value());
    QCOMPARE((*removed.value())["n"].get<int>(), 3);
    QVERIFY(!t.remove("a").value());
    QCOMPARE(t.count().value(), qint64(0));
}

void TestStore::tableInsertRefusesExistingKey()
{
    auto t = TableStore::open(QStringLiteral(":memory:"), QStringLiteral("t")).value();
    QCOMPARE(t->insert(Json{{"id", "k"}, {"v", "first"}}).value(), true);
    QCOMPARE(t->insert(Json{{"id", "k"}, {"v", "second"}}).value(), false);
    QCOMPARE(t->get("k").value().value()["v"].get<std::string>(), std::string("first"));
}

void TestStore::tableKeyText_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("expected");  // "<none>" when the value cannot be a key
    QTest::newRow("string") << "\"abc\""
                            << "abc";
    QTest::newRow("integer") << "1"
                             << "1";
    QTest::newRow("negative") << "-42"
                              << "-42";
    QTest::newRow("float") << "2.5"
                           << "2.5";
    QTest::newRow("object") << "{}"
                            << "<none>";
    QTest::newRow("bool") << "true"
                          << "<none>";
    QTest::newRow("null") << "null"
                          << "<none>";
}

void TestStore::tableKeyText()
{
    QFETCH(QString, json);
    QFETCH(QString, expected);
    const std::optional<std::string> key = TableStore::keyText(Json::parse(json.toStdString()));
    QCOMPARE(key ? QString::fromStdString(*key) : QStringLiteral("<none>"), expected);
}

void TestStore::tableListKeepsInsertionOrder()
{
    auto t = TableStore::open(QStringLiteral(":memory:"), QStringLiteral("t")).value();
    for (const char* k : {"c", "a", "b"}) QVERIFY(t->put(Json{{"id", k}}).ok());
    // Replacing "c" keeps it first (UPDATE in place, not delete + insert).
    QVERIFY(t->put(Json{{"id", "c"}, {"v", 1}}).ok());
    std::vector<Json> items = t->list().value();
    QCOMPARE(items.size(), std::size_t(3));
    QCOMPARE(items[0]["id"].get<std::string>(), std::string("c"));
    QCOMPARE(items[1]["id"].get<std::string>(), std::string("a"));
    QCOMPARE(items[2]["id"].get<std::string>(), std::string("b"));
    QCOMPARE(t->list(2).value().size(), std::size_t(2));
    QCOMPARE(t->list(0).value().size(), std::size_t(0));
}

void TestStore::tableCustomKeyAttribute()
{
    auto t = TableStore::open(QStringLiteral(":memory:"), QStringLiteral("products"), "sku").value();
    QVERIFY(t->put(Json{{"sku", 17}, {"name", "bolt"}}).ok());
    // The number 17 is stored under the key text "17", so a path parameter finds it.
    QVERIFY(t->get("17").value());
    QCOMPARE(t->keyOf(Json{{"sku", "x"}}).value(), std::string("x"));
    QVERIFY(!t->keyOf(Json{{"id", "x"}}));
}

void TestStore::tableFilePersistsAndMemoryDoesNot()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("items.db"));
    {
        auto t = TableStore::open(file, QStringLiteral("items")).value();
        QVERIFY(t->put(Json{{"id", "kept"}, {"v", 1}}).ok());
        // A second table in the same file is a second SQL table.
        auto other = TableStore::open(file, QStringLiteral("other")).value();
        QVERIFY(other->put(Json{{"id", "x"}}).ok());
        QCOMPARE(t->count().value(), qint64(1));
    }
    {
        auto t = TableStore::open(file, QStringLiteral("items")).value();
        QCOMPARE(t->count().value(), qint64(1));
        QCOMPARE(t->get("kept").value().value()["v"].get<int>(), 1);
        // The row is real SQL: another connection reads it as key + JSON text.
        auto raw = SqliteDatabase::open(file, QStringLiteral("raw")).value();
        QSqlQuery q(raw->handle());
        QVERIFY(q.exec(QStringLiteral("SELECT key, item FROM \"items\"")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("kept"));
        QCOMPARE(q.value(1).toString(), QStringLiteral("{\"id\":\"kept\",\"v\":1}"));
    }
    // Two in-memory stores with the same table name are two databases.
    auto a = TableStore::open(QStringLiteral(":memory:"), QStringLiteral("same")).value();
    auto b = TableStore::open(QStringLiteral(":memory:"), QStringLiteral("same")).value();
    QVERIFY(a->put(Json{{"id", "only-in-a"}}).ok());
    QCOMPARE(a->count().value(), qint64(1));
    QCOMPARE(b->count().value(), qint64(0));
    QVERIFY(a->database().connectionName() != b->database().connectionName());
}

void TestStore::tableRejectsItemsWithoutKey()
{
    auto t = TableStore::open(QStringLiteral(":memory:"), QStringLiteral("t")).value();
    QVERIFY(!t->put(Json{{"name", "no id"}}).ok());
    QVERIFY(!t->insert(Json{{"id", Json::object()}}).ok());
    QVERIFY(!t->put(Json::array()).ok());
    QCOMPARE(t->count().value(), qint64(0));
}

void TestStore::tableCorruptItemIsAnError()
{
    auto t = TableStore::open(QStringLiteral(":memory:"), QStringLiteral("t")).value();
    QVERIFY(t->put(Json{{"id", "a"}}).ok());
    QVERIFY(rawSql(t->database(), QStringLiteral("UPDATE \"t\" SET item = 'not json' WHERE key = 'a'")));
    QVERIFY(!t->get("a").ok());
    QVERIFY(!t->list().ok());
    QVERIFY(t->get("a").error().message.contains(QStringLiteral("not JSON")));
}

void TestStore::bucketObjects()
{
    auto b = BucketStore::open(QStringLiteral(":memory:"), QStringLiteral("photos")).value();
    QVERIFY(!b->put("b/2.txt", Json("hello")).value());
    QVERIFY(!b->put("a/1.json", Json{{"x", 1}}).value());
    QVERIFY(!b->put("b/10.txt", Json("hi")).value());
    // Overwriting returns the old object.
    Result<std::optional<BucketObject>> old = b->put("b/2.txt", Json("hello!"));
    QVERIFY(old.ok() && old.value());
    QCOMPARE(old.value()->size, qint64(5));
    BucketObject o = b->get("b/2.txt").value().value();
    QCOMPARE(o.size, qint64(6));
    QCOMPARE(o.body.get<std::string>(), std::string("hello!"));
    // Listing is in key order (binary): "a/1.json" < "b/10.txt" < "b/2.txt".
    std::vector<BucketObject> list = b->list().value();
    QCOMPARE(list.size(), std::size_t(3));
    QCOMPARE(list[0].key, std::string("a/1.json"));
    QCOMPARE(list[1].key, std::string("b/10.txt"));
    QCOMPARE(list[2].key, std::string("b/2.txt"));
    QVERIFY(list[0].body.is_null());
    // {"x":1} is 7 bytes, "hi" 2, "hello!" 6.
    QCOMPARE(b->totalBytes().value(), qint64(15));
    QCOMPARE(b->count().value(), qint64(3));
    QCOMPARE(b->remove("a/1.json").value()->size, qint64(7));
    QVERIFY(!b->remove("a/1.json").value());
    QVERIFY(!b->get("a/1.json").value());
    QCOMPARE(b->count().value(), qint64(2));
}

void TestStore::bucketSizes_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<qint64>("size");
    QTest::newRow("ascii string") << "\"hello\"" << qint64(5);
    QTest::newRow("utf-8 string") << "\"h\\u00e9llo\"" << qint64(6);  // é is two bytes
    QTest::newRow("empty string") << "\"\"" << qint64(0);
    QTest::newRow("object") << "{\"a\": 1}" << qint64(7);  // {"a":1}
    QTest::newRow("number") << "123" << qint64(3);
}

void TestStore::bucketSizes()
{
    QFETCH(QString, json);
    QFETCH(qint64, size);
    QCOMPARE(BucketStore::sizeOf(Json::parse(json.toStdString())), size);
}

void TestStore::auditChainByHand()
{
    auto trail = AuditTrail::open(QStringLiteral(":memory:")).value();
    AuditRow a = decision("user:alice", "items:create", "items/1", "allow");
    AuditRow b = decision("user:bob", "items:delete", "items/1", "deny");
    QVERIFY(trail->append(a).ok());
    QVERIFY(trail->append(b).ok());
    QCOMPARE(a.id, qint64(1));
    QCOMPARE(b.id, qint64(2));
    // Worked out independently: SHA-256 of previous hash + the canonical JSON array.
    const std::string canonicalA = R"([1,"2026-01-01T00:00:00.000Z","user:alice","items:create","items/1","allow"])";
    QCOMPARE(AuditTrail::canonical(a), canonicalA);
    QCOMPARE(a.previous, std::string());
    QCOMPARE(a.hash, sha256(canonicalA));
    QCOMPARE(b.previous, a.hash);
    QCOMPARE(b.hash, sha256(a.hash + R"([2,"2026-01-01T00:00:00.000Z","user:bob","items:delete","items/1","deny"])"));
    QCOMPARE(a.hash.size(), std::size_t(64));

    std::vector<AuditRow> rows = trail->rows().value();
    QCOMPARE(rows.size(), std::size_t(2));
    QCOMPARE(rows[1].hash, b.hash);
    const AuditCheck check = trail->verify();
    QVERIFY(check.intact());
    QCOMPARE(check.rows, qint64(2));
}

void TestStore::auditTamper_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<qint64>("brokenRow");
    QTest::addColumn<QString>("why");  // a word the reason must contain
    // Five rows; each tampering below must be found at the row named.
    QTest::newRow("row 3 decision flipped")
        << "UPDATE audit_trail SET decision = 'allow' WHERE id = 3" << qint64(3) << "content";
    QTest::newRow("row 1 principal changed")
        << "UPDATE audit_trail SET principal = 'user:mallory' WHERE id = 1" << qint64(1) << "content";
    // Re-hashing the changed row itself moves the break to the next row, whose previous no longer fits.
    QTest::newRow("row 2 changed and re-hashed")
        << "UPDATE audit_trail SET decision = 'allow', hash = 'x' WHERE id = 2" << qint64(3) << "previous";
    QTest::newRow("row 4 removed") << "DELETE FROM audit_trail WHERE id = 4" << qint64(5) << "missing";
    QTest::newRow("row 1 removed") << "DELETE FROM audit_trail WHERE id = 1" << qint64(2) << "missing";
    QTest::newRow("row 5 previous changed")
        << "UPDATE audit_trail SET previous = '00' WHERE id = 5" << qint64(5) << "previous";
    QTest::newRow("row 2 hash replaced") << "UPDATE audit_trail SET hash = 'deadbeef' WHERE id = 2" << qint64(2)
                                         << "content";
}

void TestStore::auditTamper()
{
    QFETCH(QString, sql);
    QFETCH(qint64, brokenRow);
    QFETCH(QString, why);
    auto trail = AuditTrail::open(QStringLiteral(":memory:")).value();
    const char* decisions[] = {"allow", "deny", "deny", "allow", "allow"};
    for (const char* d : decisions) {
        AuditRow r = decision("user:alice", "items:get", "items", d);
        QVERIFY(trail->append(r).ok());
    }
    QVERIFY(trail->verify().intact());
    QVERIFY(rawSql(trail->database(), sql));
    if (sql.contains(QStringLiteral("hash = 'x'"))) {
        // Give row 2 the hash its changed content would have: only the chain gives it away.
        std::vector<AuditRow> rows = trail->rows().value();
        const std::string h = AuditTrail::hashOf(rows[0].hash, rows[1]);
        QVERIFY(
            rawSql(trail->database(),
                   QStringLiteral("UPDATE audit_trail SET hash = '%1' WHERE id = 2").arg(QString::fromStdString(h))));
        QVERIFY(rows[1].decision == "allow");
    }
    const AuditCheck check = trail->verify();
    QVERIFY(!check.intact());
    QCOMPARE(check.brokenRow, brokenRow);
    QVERIFY2(check.why.contains(why), qPrintable(check.why));
}

void TestStore::auditFileContinuesChain()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("audit.db"));
    std::string lastHash;
    {
        auto trail = AuditTrail::open(file).value();
        AuditRow r = decision("user:a", "x", "t", "allow");
        QVERIFY(trail->append(r).ok());
        lastHash = r.hash;
    }
    {
        // Reopened: the next row continues the chain.
        auto trail = AuditTrail::open(file).value();
        AuditRow r = decision("user:b", "y", "t", "deny");
        QVERIFY(trail->append(r).ok());
        QCOMPARE(r.id, qint64(2));
        QCOMPARE(r.previous, lastHash);
        // Two trails on one file build one chain.
        auto second = AuditTrail::open(file).value();
        AuditRow s = decision("user:c", "z", "t", "allow");
        QVERIFY(second->append(s).ok());
        QCOMPARE(s.previous, r.hash);
    }
    Result<AuditCheck> check = verifyAuditTrail(file);
    QVERIFY(check.ok());
    QVERIFY(check.value().intact());
    QCOMPARE(check.value().rows, qint64(3));

    auto raw = SqliteDatabase::open(file, QStringLiteral("tamper")).value();
    QVERIFY(rawSql(*raw, QStringLiteral("UPDATE audit_trail SET action = 'w' WHERE id = 2")));
    check = verifyAuditTrail(file);
    QVERIFY(check.ok());
    QCOMPARE(check.value().brokenRow, qint64(2));
}

void TestStore::verifyAuditErrors()
{
    QTemporaryDir dir;
    // Missing: an error, and no file is created by looking.
    const QString missing = dir.filePath(QStringLiteral("missing.db"));
    Result<AuditCheck> r = verifyAuditTrail(missing);
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.contains(QStringLiteral("no such file")));
    QVERIFY(!QFile::exists(missing));
    // Not a database.
    const QString text = dir.filePath(QStringLiteral("notes.txt"));
    {
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(200, 'x'));
    }
    r = verifyAuditTrail(text);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.contains(QStringLiteral("not an SQLite database")), qPrintable(r.error().message));
    // A database without a trail.
    const QString empty = dir.filePath(QStringLiteral("empty.db"));
    {
        auto t = TableStore::open(empty, QStringLiteral("items")).value();
    }
    r = verifyAuditTrail(empty);
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.contains(QStringLiteral("no audit trail")));
    // A directory.
    QVERIFY(!verifyAuditTrail(dir.path()).ok());
}

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
