// crud through the engine: an API gateway → crud → table (or bucket) diagram driven by HTTP-
// like requests. POST creates 201 (409 for an existing key), GET retrieves 200 / 404, GET
// without a key lists, PUT merges 200 / 404, DELETE 200 / 404; the rows are checked with raw
// SQL on the table's database file. Also: operations from action names, custom and numeric
// keys, buckets, bad bodies, separate engines with separate databases, generated keys.
// Conservation holds after every run.
#include "../enginekit/EngineKit.h"
#include "engine/nodes/ItemOperations.h"
#include "engine/nodes/Table.h"
#include "store/SqliteDatabase.h"

#include <QSqlQuery>
#include <QTemporaryDir>

using namespace ml;
using namespace kit;

namespace {

// The items API: every route the crud-api sample has, plus a POST without an action.
std::string apiNodes(const std::string& tableConfig)
{
    return R"({"id": "api", "kind": "api-gateway", "config": {"routes": [
                  {"method": "POST", "path": "/items", "action": "create-item"},
                  {"method": "GET", "path": "/items", "action": "list-items"},
                  {"method": "GET", "path": "/items/{id}", "action": "get-item"},
                  {"method": "PUT", "path": "/items/{id}", "action": "update-item"},
                  {"method": "DELETE", "path": "/items/{id}", "action": "delete-item"},
                  {"method": "POST", "path": "/plain"}]}},
              {"id": "crud", "kind": "crud", "config": {"latency": {"dist": "fixed", "value": "0ms"}}},
              {"id": "items", "kind": "table", "config": )" +
           tableConfig + R"(},
              {"id": "results", "kind": "queue"})";
}
const char* kApiEdges =
    R"({"from": "api", "to": "crud"}, {"from": "crud", "to": "items"}, {"from": "crud", "to": "results"})";

// Sends one request through the gateway, runs until it is answered, returns the status.
int request(Engine& engine, Recorder& rec, const char* method, const std::string& path, Json body = Json())
{
    Json r{{"method", method}, {"path", path}, {"headers", {{"Authorization", "Bearer alice"}}}};
    if (!body.is_null()) r["body"] = std::move(body);
    return respond(engine, rec, r);
}

// The bodies crud sent to the results queue, oldest first.
std::vector<Json> results(const Engine& engine) { return queued(engine, "results"); }

// key → item text, in row order, read with a connection of our own.
std::vector<std::pair<QString, QString>> rows(const QString& file, const char* table = "items")
{
    std::vector<std::pair<QString, QString>> out;
    auto db = SqliteDatabase::open(file, QStringLiteral("check"));
    if (!db) return out;
    QSqlQuery q(db.value()->handle());
    if (!q.exec(QStringLiteral("SELECT key, item FROM \"%1\" ORDER BY rowid").arg(QLatin1String(table)))) return out;
    while (q.next()) out.emplace_back(q.value(0).toString(), q.value(1).toString());
    return out;
}

}  // namespace

class TestCrud : public QObject {
    Q_OBJECT

private slots:
    void restLifecycle();
    void operationFromAction_data();
    void operationFromAction();
    void readRequest_data();
    void readRequest();
    void actionMessagesWithoutGateway();
    void numericAndCustomKeys();
    void bucketObjects();
    void badBodyAndNoStore();
    void enginesDoNotShareDatabases();
};

void TestCrud::restLifecycle()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("items.db"));
    auto engine = engineFor(apiNodes(R"({"database": ")" + file.toStdString() + R"("})"), kApiEdges);
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);

    // POST without an id: 201, and the item gets the table's first free key, "1".
    QCOMPARE(request(*engine, rec, "POST", "/items", Json{{"name", "widget"}, {"price", 5}}), 201);
    const std::string generated = results(*engine).at(0)["id"].get<std::string>();
    QCOMPARE(generated, std::string("1"));
    // POST with an id: 201; the same id again: 409, and the first item stays.
    QCOMPARE(request(*engine, rec, "POST", "/items", Json{{"id", "a1"}, {"name", "bolt"}}), 201);
    QCOMPARE(request(*engine, rec, "POST", "/items", Json{{"id", "a1"}, {"name", "dup"}}), 409);
    // GET: 200 with the item; a missing key: 404.
    QCOMPARE(request(*engine, rec, "GET", "/items/a1"), 200);
    QCOMPARE(results(*engine).back(), (Json{{"id", "a1"}, {"name", "bolt"}}));
    QCOMPARE(request(*engine, rec, "GET", "/items/nope"), 404);
    // PUT merges the fields into the item; a missing item is 404 and nothing is created.
    QCOMPARE(request(*engine, rec, "PUT", "/items/a1", Json{{"price", 7}}), 200);
    QCOMPARE(request(*engine, rec, "PUT", "/items/nope", Json{{"price", 1}}), 404);
    // The rows so far, as SQLite has them.
    auto r = rows(file);
    QCOMPARE(r.size(), std::size_t(2));
    QCOMPARE(r[0].first, QString::fromStdString(generated));
    QCOMPARE(r[1].first, QStringLiteral("a1"));
    QCOMPARE(r[1].second, QStringLiteral(R"({"id":"a1","name":"bolt","price":7})"));
    // GET without a key lists every item.
    QCOMPARE(request(*engine, rec, "GET", "/items"), 200);
    const Json list = results(*engine).back();
    QCOMPARE(list["count"].get<int>(), 2);
    QCOMPARE(list["items"][1]["price"].get<int>(), 7);
    // DELETE: 200 with the removed item, then 404.
    QCOMPARE(request(*engine, rec, "DELETE", "/items/a1"), 200);
    QCOMPARE(results(*engine).back()["name"].get<std::string>(), std::string("bolt"));
    QCOMPARE(request(*engine, rec, "DELETE", "/items/a1"), 404);
    r = rows(file);
    QCOMPARE(r.size(), std::size_t(1));
    QCOMPARE(r[0].first, QString::fromStdString(generated));

    const Json report = engine->report();
    // 2 × 201, 4 × 200 (GET a1, PUT a1, list, DELETE a1), 3 × 404, 1 × 409.
    QCOMPARE(report["nodes"]["api"]["responses"], (Json{{"200", 4}, {"201", 2}, {"404", 3}, {"409", 1}}));
    QCOMPARE(report["nodes"]["items"]["items"].get<int>(), 1);
    QCOMPARE(report["nodes"]["crud"]["invoked"].get<int>(), 10);
    QCOMPARE(report["nodes"]["crud"]["succeeded"].get<int>(), 10);  // a 404 is a handled answer, not an error
    // The 4xx answers end their requests as dropped with the status as the reason.
    QCOMPARE(report["conservation"]["dropped"]["http-404"].get<int>(), 3);
    QCOMPARE(report["conservation"]["dropped"]["http-409"].get<int>(), 1);
    // The 6 successful results wait in the results queue.
    QCOMPARE(report["conservation"]["queued"].get<int>(), 6);
    KIT_VERIFY_HOLDS(*engine);
}

void TestCrud::operationFromAction_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<int>("op");
    auto row = [](const char* action, ItemOp op) { QTest::newRow(action) << QString::fromLatin1(action) << int(op); };
    row("create", ItemOp::Create);
    row("create-item", ItemOp::Create);
    row("items:create", ItemOp::Create);
    row("addItem", ItemOp::Create);
    row("get", ItemOp::Retrieve);
    row("getItem", ItemOp::Retrieve);
    row("get-item", ItemOp::Retrieve);
    row("Delete", ItemOp::Delete);
    row("remove_item", ItemOp::Delete);
    row("update-item", ItemOp::Update);
    row("list-items", ItemOp::List);
    row("orders:list", ItemOp::List);
    row("address", ItemOp::Unknown);  // "add" must be a whole word
    row("newsletter", ItemOp::Unknown);
    row("put-item", ItemOp::Unknown);  // create or update? the HTTP method decides
    row("process-image", ItemOp::Unknown);
    row("", ItemOp::Unknown);
}

void TestCrud::operationFromAction()
{
    QFETCH(QString, action);
    QFETCH(int, op);
    QCOMPARE(int(itemOpFromAction(action.toStdString())), op);
}

void TestCrud::readRequest_data()
{
    QTest::addColumn<QByteArray>("event");
    QTest::addColumn<QString>("keyName");
    QTest::addColumn<QString>("op");
    QTest::addColumn<QString>("key");  // the key as JSON; "-" none
    QTest::addColumn<bool>("badBody");
    QTest::newRow("POST creates") << QByteArray(R"({"httpMethod": "POST", "body": {"name": "x"}})") << "id"
                                  << "create"
                                  << "-" << false;
    QTest::newRow("POST body key") << QByteArray(R"({"httpMethod": "POST", "body": "{\"id\": \"s\"}"})") << "id"
                                   << "create"
                                   << "\"s\"" << false;
    QTest::newRow("GET with id") << QByteArray(R"({"httpMethod": "GET", "pathParameters": {"id": "5"}})") << "id"
                                 << "get"
                                 << "\"5\"" << false;
    QTest::newRow("GET without key lists") << QByteArray(R"({"httpMethod": "GET", "pathParameters": null})") << "id"
                                           << "list"
                                           << "-" << false;
    QTest::newRow("GET key in query") << QByteArray(R"({"httpMethod": "GET", "queryStringParameters": {"id": "q"}})")
                                      << "id"
                                      << "get"
                                      << "\"q\"" << false;
    QTest::newRow("PATCH updates") << QByteArray(R"({"httpMethod": "PATCH", "pathParameters": {"id": "5"}})") << "id"
                                   << "update"
                                   << "\"5\"" << false;
    QTest::newRow("PUT updates") << QByteArray(R"({"httpMethod": "PUT", "pathParameters": {"id": "5"}})") << "id"
                                 << "update"
                                 << "\"5\"" << false;
    QTest::newRow("DELETE deletes") << QByteArray(R"({"httpMethod": "DELETE", "pathParameters": {"id": "5"}})") << "id"
                                    << "delete"
                                    << "\"5\"" << false;
    QTest::newRow("action wins over method")
        << QByteArray(R"({"httpMethod": "GET", "action": "list-items", "pathParameters": {"id": "5"}})") << "id"
        << "list"
        << "\"5\"" << false;
    QTest::newRow("key attribute parameter first")
        << QByteArray(R"({"httpMethod": "GET", "pathParameters": {"sku": "q", "id": "z"}})") << "sku"
        << "get"
        << "\"q\"" << false;
    QTest::newRow("the only parameter") << QByteArray(R"({"httpMethod": "GET", "pathParameters": {"itemId": "w"}})")
                                        << "id"
                                        << "get"
                                        << "\"w\"" << false;
    QTest::newRow("body not JSON") << QByteArray(R"({"httpMethod": "POST", "body": "not json"})") << "id"
                                   << "create"
                                   << "-" << true;
    QTest::newRow("body an array") << QByteArray(R"({"httpMethod": "POST", "body": [1, 2]})") << "id"
                                   << "create"
                                   << "-" << true;
    QTest::newRow("plain delete") << QByteArray(R"({"action": "delete", "id": 7})") << "id"
                                  << "delete"
                                  << "7" << false;
    QTest::newRow("plain item") << QByteArray(R"({"action": "create", "item": {"id": "x"}})") << "id"
                                << "create"
                                << "\"x\"" << false;
    QTest::newRow("plain without action") << QByteArray(R"({"id": "x"})") << "id"
                                          << "unknown"
                                          << "\"x\"" << false;
}

void TestCrud::readRequest()
{
    QFETCH(QByteArray, event);
    QFETCH(QString, keyName);
    QFETCH(QString, op);
    QFETCH(QString, key);
    QFETCH(bool, badBody);
    const ItemRequest r = readItemRequest(Json::parse(event.toStdString()), keyName.toStdString());
    QCOMPARE(QString::fromLatin1(itemOpName(r.op)), op);
    QCOMPARE(r.key ? QString::fromStdString(r.key->dump()) : QStringLiteral("-"), key);
    QCOMPARE(r.badBody, badBody);
}

void TestCrud::actionMessagesWithoutGateway()
{
    // Messages injected straight into crud (async invokes) name their operation in `action`.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("items.db"));
    auto engine = engineFor(R"({"id": "crud", "kind": "crud", "config": {"latency": {"dist": "fixed", "value": "0ms"}}},
                               {"id": "items", "kind": "table", "config": {"database": ")" +
                                file.toStdString() + R"("}})",
                            R"({"from": "crud", "to": "items"})");
    QVERIFY(engine);
    QVERIFY(engine->inject(QStringLiteral("crud"), Json{{"action", "create-item"}, {"id", "m1"}, {"name", "x"}}).ok());
    QVERIFY(engine->inject(QStringLiteral("crud"), Json{{"action", "create-item"}, {"id", "m2"}, {"name", "y"}}).ok());
    engine->run(kMicrosPerSecond);
    auto r = rows(file);
    QCOMPARE(r.size(), std::size_t(2));
    // The action is the request's, not a field of the item.
    QCOMPARE(r[0].second, QStringLiteral(R"({"id":"m1","name":"x"})"));
    QVERIFY(engine->inject(QStringLiteral("crud"), Json{{"action", "items:delete"}, {"id", "m1"}}).ok());
    QVERIFY(engine->inject(QStringLiteral("crud"), Json{{"action", "update"}, {"id", "m2"}, {"name", "z"}}).ok());
    engine->run(2 * kMicrosPerSecond);
    r = rows(file);
    QCOMPARE(r.size(), std::size_t(1));
    QCOMPARE(r[0].second, QStringLiteral(R"({"id":"m2","name":"z"})"));
    const Json report = engine->report();
    QCOMPARE(report["nodes"]["crud"]["succeeded"].get<int>(), 4);
    // Nothing was caused: the four async events were delivered.
    QCOMPARE(report["conservation"]["delivered"].get<int>(), 4);
    KIT_VERIFY_HOLDS(*engine);
}

void TestCrud::numericAndCustomKeys()
{
    auto engine = engineFor(apiNodes(R"({"key": "sku"})"), kApiEdges);
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    // The key attribute is "sku"; 12 is a number, and the path parameter "12" finds it.
    QCOMPARE(request(*engine, rec, "POST", "/items", Json{{"sku", 12}, {"name", "n"}}), 201);
    QCOMPARE(request(*engine, rec, "GET", "/items/12"), 200);
    QCOMPARE(results(*engine).back(), (Json{{"sku", 12}, {"name", "n"}}));
    QCOMPARE(request(*engine, rec, "POST", "/items", Json{{"sku", "12"}}), 409);
    // Without a sku the table makes one.
    QCOMPARE(request(*engine, rec, "POST", "/items", Json{{"name", "m"}}), 201);
    QVERIFY(results(*engine).back()["sku"].is_string());
    // A key that is no string or number cannot be one.
    QCOMPARE(request(*engine, rec, "POST", "/items", Json{{"sku", Json::array({1})}}), 400);
    // The store, read through the table's own connection.
    auto* table = behaviourOf<Table>(*engine, "items");
    QVERIFY(table && table->store());
    QCOMPARE(table->store()->count().value(), qint64(2));
    QCOMPARE(engine->report()["nodes"]["items"]["items"].get<int>(), 2);
    KIT_VERIFY_HOLDS(*engine);
}

void TestCrud::bucketObjects()
{
    auto engine = engineFor(
        R"({"id": "api", "kind": "api-gateway", "config": {"routes": [
                                  {"method": "POST", "path": "/files"}, {"method": "GET", "path": "/files"},
                                  {"method": "GET", "path": "/files/{key}"}, {"method": "PUT", "path": "/files/{key}"},
                                  {"method": "DELETE", "path": "/files/{key}"}]}},
                               {"id": "crud", "kind": "crud", "config": {"latency": {"dist": "fixed", "value": "0ms"}}},
                               {"id": "files", "kind": "bucket"}, {"id": "results", "kind": "queue"})",
        R"({"from": "api", "to": "crud"}, {"from": "crud", "to": "files"}, {"from": "crud", "to": "results"})");
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    QCOMPARE(request(*engine, rec, "POST", "/files", Json{{"key", "a.txt"}, {"body", "hello"}}), 201);
    QCOMPARE(results(*engine).back(), (Json{{"key", "a.txt"}, {"size", 5}}));
    QCOMPARE(request(*engine, rec, "POST", "/files", Json{{"key", "a.txt"}, {"body", "again"}}), 409);
    QCOMPARE(request(*engine, rec, "GET", "/files/a.txt"), 200);
    QCOMPARE(results(*engine).back()["body"].get<std::string>(), std::string("hello"));
    QCOMPARE(request(*engine, rec, "PUT", "/files/a.txt", Json{{"body", "hello world"}}), 200);
    QCOMPARE(request(*engine, rec, "PUT", "/files/b.txt", Json{{"body", "x"}}), 404);
    QCOMPARE(request(*engine, rec, "POST", "/files", Json{{"key", "0.txt"}, {"body", "z"}}), 201);
    QCOMPARE(request(*engine, rec, "GET", "/files"), 200);
    // Listed in key order with sizes.
    QCOMPARE(
        results(*engine).back(),
        (Json{{"objects", Json::array({Json{{"key", "0.txt"}, {"size", 1}}, Json{{"key", "a.txt"}, {"size", 11}}})},
              {"count", 2}}));
    QCOMPARE(request(*engine, rec, "DELETE", "/files/a.txt"), 200);
    QCOMPARE(request(*engine, rec, "GET", "/files/a.txt"), 404);
    const Json report = engine->report();
    QCOMPARE(report["nodes"]["files"]["objects"].get<int>(), 1);
    QCOMPARE(report["nodes"]["files"]["bytes"].get<int>(), 1);
    KIT_VERIFY_HOLDS(*engine);
}

void TestCrud::badBodyAndNoStore()
{
    auto engine = engineFor(apiNodes("{}"), kApiEdges);
    QVERIFY(engine);
    Recorder rec;
    engine->addObserver(&rec);
    // The /plain route requires nothing, so the gateway passes a body that is no JSON object on.
    QCOMPARE(request(*engine, rec, "POST", "/plain", Json::array({1, 2})), 400);
    QCOMPARE(engine->report()["nodes"]["items"]["items"].get<int>(), 0);
    KIT_VERIFY_HOLDS(*engine);

    // A crud wired to no store fails: the gateway answers 502.
    auto lonely =
        engineFor(R"({"id": "api", "kind": "api-gateway", "config": {"routes": [{"method": "POST", "path": "/items"}]}},
                               {"id": "crud", "kind": "crud", "config": {"latency": {"dist": "fixed", "value": "0ms"}}})",
                  R"({"from": "api", "to": "crud"})");
    QVERIFY(lonely);
    Recorder rec2;
    lonely->addObserver(&rec2);
    QCOMPARE(request(*lonely, rec2, "POST", "/items", Json{{"name", "x"}}), 502);
    QCOMPARE(lonely->report()["nodes"]["crud"]["failed"].get<int>(), 1);
    KIT_VERIFY_HOLDS(*lonely);
}

void TestCrud::enginesDoNotShareDatabases()
{
    // Two engines of one diagram in one process: each table has its own in-memory database.
    auto a = engineFor(apiNodes("{}"), kApiEdges);
    auto b = engineFor(apiNodes("{}"), kApiEdges);
    QVERIFY(a && b);
    Recorder ra, rb;
    a->addObserver(&ra);
    b->addObserver(&rb);
    QCOMPARE(request(*a, ra, "POST", "/items", Json{{"id", "x"}}), 201);
    QCOMPARE(request(*b, rb, "GET", "/items/x"), 404);
    QCOMPARE(request(*b, rb, "POST", "/items", Json{{"id", "x"}}), 201);  // no 409: b never saw a's item
    // Each table counts its own generated keys: "1", "2" in both, skipping a key that is taken.
    QCOMPARE(request(*a, ra, "POST", "/items", Json{{"id", "2"}}), 201);
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(request(*a, ra, "POST", "/items", Json{{"n", i}}), 201);
        QCOMPARE(request(*b, rb, "POST", "/items", Json{{"n", i}}), 201);
    }
    const std::vector<Json> ka = results(*a), kb = results(*b);
    QCOMPARE(ka[ka.size() - 2]["id"].get<std::string>(), std::string("1"));
    QCOMPARE(ka.back()["id"].get<std::string>(), std::string("3"));
    QCOMPARE(kb[kb.size() - 2]["id"].get<std::string>(), std::string("1"));
    QCOMPARE(kb.back()["id"].get<std::string>(), std::string("2"));
    KIT_VERIFY_HOLDS(*a);
    KIT_VERIFY_HOLDS(*b);
}

QTEST_GUILESS_MAIN(TestCrud)
#include "tst_crud.moc"
