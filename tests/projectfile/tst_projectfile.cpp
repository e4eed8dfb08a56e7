// Project files (DESIGN.md "The project file"): every bad file gives an error naming the file,
// the pointer and what was expected; unknown keys survive; saving is canonical, atomic and
// byte-stable; edge kinds are inferred on load and written only when needed.
#include "ProjectFileTests.h"

void TestProjectFile::badFiles_data() { addBadFileRows(); }

void TestProjectFile::badFiles()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, pointer);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);

    const Result<LoadedProject> r = projectfile::parse(bytes, kFile);
    QVERIFY(!r);
    const Error& e = r.error();
    QCOMPARE(e.file, kFile);
    QCOMPARE(e.pointer, pointer);
    QCOMPARE(e.line, line);
    QCOMPARE(e.column, column);
    QVERIFY2(e.message.contains(message), qPrintable(e.message));
    QVERIFY2(e.toString().startsWith(kFile + QLatin1Char(':')), qPrintable(e.toString()));
}

void TestProjectFile::oversizedFile()
{
    QByteArray bytes = withHeader("\"name\": \"x\"");
    bytes.append(QByteArray(projectfile::kMaxFileBytes, ' '));
    const Result<LoadedProject> r = projectfile::parse(bytes, kFile);
    QVERIFY(!r);
    QCOMPARE(r.error().file, kFile);
    QVERIFY2(r.error().message.contains(QStringLiteral("at most 64 MB")), qPrintable(r.error().message));
}

void TestProjectFile::acceptedVariants_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("nodes");

    QTest::newRow("minimal") << QByteArray("{\"format\": \"microlab/1\"}") << "" << 0;
    QTest::newRow("UTF-8 BOM") << QByteArray("\xEF\xBB\xBF{\"format\": \"microlab/1\", \"name\": \"Caf\xC3\xA9\"}")
                               << QStringLiteral("Café") << 0;
    QTest::newRow("CRLF line ends") << QByteArray(
                                           "{\r\n\"format\": \"microlab/1\",\r\n\"nodes\": [{\"id\": \"a\", \"kind\": "
                                           "\"worker\"}]\r\n}\r\n")
                                    << "" << 1;
    QTest::newRow("escaped non-ASCII") << QByteArray(
                                              "{\"format\": \"microlab/1\", \"name\": \"\\u2192 \\ud83d\\ude80\"}")
                                       << QStringLiteral("\u2192 \U0001F680") << 0;
    QTest::newRow("nesting at the limit")
        << QByteArray("{\"format\":\"microlab/1\",\"extra\":") + QByteArray(255, '[') + QByteArray(255, ']') + '}' << ""
        << 0;
    QTest::newRow("unknown node kind is kept")
        << QByteArray("{\"format\": \"microlab/1\", \"nodes\": [{\"id\": \"a\", \"kind\": \"mainframe\"}]}") << "" << 1;
}

void TestProjectFile::acceptedVariants()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, name);
    QFETCH(int, nodes);
    const Result<LoadedProject> r = projectfile::parse(bytes, kFile);
    QVERIFY2(r, r ? "" : qPrintable(r.error().toString()));
    QCOMPARE(r->diagram.name, name);
    QCOMPARE(int(r->diagram.nodes().size()), nodes);
    QVERIFY(r->problems.empty());
}

void TestProjectFile::duplicateIdsAreKeptAndReported()
{
    const LoadedProject p = parseOk(withHeader(R"("nodes": [
        {"id": "w", "kind": "worker"}, {"id": "w", "kind": "queue"}, {"id": "w-2", "kind": "topic"}],
      "edges": [{"id": "x", "from": "w", "to": "w-2"}, {"id": "x", "from": "w-2", "to": "w"}])"));
    const Diagram& d = p.diagram;
    QCOMPARE(int(d.nodes().size()), 3);
    // "w-2" is taken further down the file, so the second "w" becomes "w-3".
    QCOMPARE(d.nodes()[1].id.value, QStringLiteral("w-3"));
    QCOMPARE(d.nodes()[1].kind, QStringLiteral("queue"));
    QCOMPARE(d.nodes()[2].id.value, QStringLiteral("w-2"));
    QCOMPARE(d.edges()[0].to.value, QStringLiteral("w-2"));
    QCOMPARE(d.edges()[1].id.value, QStringLiteral("x-2"));

    QCOMPARE(int(p.problems.size()), 2);
    const Problem& node = p.problems[0];
    QCOMPARE(node.rule, QStringLiteral("duplicate-id"));
    QVERIFY(node.isError());
    QCOMPARE(node.pointer, QStringLiteral("/nodes/1/id"));
    QCOMPARE(node.node.value, QStringLiteral("w-3"));
    QVERIFY2(node.message.contains(QStringLiteral("\"w\"")) && node.message.contains(QStringLiteral("\"w-3\"")),
             qPrintable(node.message));
    const Problem& edge = p.problems[1];
    QCOMPARE(edge.rule, QStringLiteral("duplicate-id"));
    QCOMPARE(edge.pointer, QStringLiteral("/edges/1/id"));
    QCOMPARE(edge.edge.value, QStringLiteral("x-2"));

    // Saved, the fresh ids are written, so the next load has nothing to report.
    const LoadedProject again = parseOk(projectfile::serialize(d));
    QVERIFY(again.problems.empty());
    QVERIFY(again.diagram == d);
}

void TestProjectFile::generatedEdgeIdsSkipWrittenOnes()
{
    const LoadedProject p =
        parseOk(withHeader(R"("nodes": [{"id": "a", "kind": "worker"}, {"id": "b", "kind": "worker"}],
      "edges": [{"from": "a", "to": "b"}, {"id": "e1", "from": "b", "to": "a"}, {"from": "a", "to": "a"}])"));
    const auto& edges = p.diagram.edges();
    QCOMPARE(edges[0].id.value, QStringLiteral("e2"));
    QCOMPARE(edges[1].id.value, QStringLiteral("e1"));
    QCOMPARE(edges[2].id.value, QStringLiteral("e3"));
    QVERIFY(!edges[0].idWritten);
    QVERIFY(edges[1].idWritten);
    QVERIFY(p.problems.empty());
    const QByteArray saved = projectfile::serialize(p.diagram);
    QCOMPARE(saved.count("\"id\": \"e"), 1);
}

void TestProjectFile::unknownKeysSurvive()
{
    const QByteArray file = R"({"future": {"a": [1, 2.5, null]}, "format": "microlab/1", "zeta": true,
      "nodes": [{"id": "a", "kind": "worker", "color": "red", "config": {"timeout": "5s", "someFutureKey": {"x": [1]}}},
                {"id": "b", "kind": "queue"}],
      "edges": [{"from": "a", "to": "b", "label": "hot", "config": {"futureEdgeKey": 1}}], "alpha": "last"})";
    const LoadedProject p = parseOk(file);
    const Diagram& d = p.diagram;
    QCOMPARE(d.extra, Json::parse(R"({"future": {"a": [1, 2.5, null]}, "zeta": true, "alpha": "last"})"));
    QCOMPARE(d.nodes()[0].extra, Json::parse(R"({"color": "red"})"));
    QCOMPARE(d.nodes()[0].config["someFutureKey"], Json::parse(R"({"x": [1]})"));
    QCOMPARE(d.edges()[0].extra, Json::parse(R"({"label": "hot"})"));

    const QByteArray saved = projectfile::serialize(d);
    const Json json = Json::parse(saved.toStdString());
    // Unknown top-level keys come after the known ones, in file order.
    QStringList keys;
    for (auto it = json.begin(); it != json.end(); ++it) keys << toQString(it.key());
    QCOMPARE(keys, QStringList({"format", "nodes", "edges", "future", "zeta", "alpha"}));
    QCOMPARE(json["nodes"][0]["color"], Json("red"));
    QCOMPARE(json["nodes"][0]["config"]["someFutureKey"]["x"][0], Json(1));
    QCOMPARE(json["edges"][0]["label"], Json("hot"));
    QCOMPARE(json["edges"][0]["config"]["futureEdgeKey"], Json(1));
    QCOMPARE(json["future"]["a"][1], Json(2.5));

    const LoadedProject again = parseOk(saved);
    QVERIFY(again.diagram == d);
    QCOMPARE(projectfile::serialize(again.diagram), saved);
}

void TestProjectFile::bucketEventsWrittenAsGiven()
{
    // S3 takes event names with or without "s3:": both load, lint clean of bad values, and
    // are saved exactly as written, in their order.
    const QByteArray file = R"({"format": "microlab/1", "nodes": [{"id": "photos", "kind": "bucket"},
      {"id": "t", "kind": "trigger"}], "edges": [{"from": "photos", "to": "t",
      "config": {"events": ["ObjectCreated:*", "s3:ObjectRemoved:Delete"]}}]})";
    const LoadedProject p = parseOk(file);
    for (const Problem& problem : lint(p.diagram))
        QVERIFY2(problem.rule != QLatin1String("bad-value"), qPrintable(problem.message));
    const Json json = Json::parse(projectfile::serialize(p.diagram).toStdString());
    QCOMPARE(json["edges"][0]["config"]["events"], Json::parse(R"(["ObjectCreated:*", "s3:ObjectRemoved:Delete"])"));
}

void TestProjectFile::canonicalText()
{
    // Keys in any order, compact, with a non-integral x: the saved text is the canonical form.
    const QByteArray file =
        "{\"nodes\": [{\"config\": {\"timeout\": \"5s\"}, \"y\": 20.0, \"x\": 1.5, \"kind\": \"worker\", "
        "\"tag\": 1, \"name\": \"Résumé → PDF\", \"id\": \"w\"}, {\"kind\": \"queue\", \"id\": \"q\"}],"
        "\"edges\": [{\"config\": {}, \"to\": \"q\", \"from\": \"w\", \"id\": \"out\"}],"
        "\"startTime\": \"2026-03-01T00:00:00Z\", \"seed\": 7, \"description\": \"\", "
        "\"name\": \"N\", \"format\": \"microlab/1\"}";
    const QByteArray expected = R"({
  "format": "microlab/1",
  "name": "N",
  "seed": 7,
  "startTime": "2026-03-01T00:00:00Z",
  "nodes": [
    {
      "id": "w",
      "kind": "worker",
      "name": "Résumé → PDF",
      "x": 1.5,
      "y": 20,
      "config": {
        "timeout": "5s"
      },
      "tag": 1
    },
    {
      "id": "q",
      "kind": "queue",
      "x": 0,
      "y": 0
    }
  ],
  "edges": [
    {
      "id": "out",
      "from": "w",
      "to": "q"
    }
  ]
}
)";
    const LoadedProject p = parseOk(file);
    QCOMPARE(QString::fromUtf8(projectfile::serialize(p.diagram)), QString::fromUtf8(expected));
}

void TestProjectFile::seedWrittenOnlyWhenNeeded()
{
    Diagram d;
    QVERIFY(!projectfile::serialize(d).contains("\"seed\""));
    d.seed = 42;
    d.seedWritten = true;  // the file had it
    QVERIFY(projectfile::serialize(d).contains("\"seed\": 42"));
    d.seedWritten = false;
    d.seed = 18446744073709551615ULL;  // changed in the app: written, and read back exactly
    const QByteArray saved = projectfile::serialize(d);
    QVERIFY(saved.contains("\"seed\": 18446744073709551615"));
    QCOMPARE(parseOk(saved).diagram.seed, 18446744073709551615ULL);
}

void TestProjectFile::edgeKinds_data()
{
    QTest::addColumn<QString>("fromKind");
    QTest::addColumn<QString>("toKind");
    QTest::addColumn<QString>("writtenKind");  // empty: the file leaves it out
    QTest::addColumn<QString>("kind");         // after load
    QTest::addColumn<bool>("savedWithKind");

    QTest::newRow("worker → queue") << "worker"
                                    << "queue"
                                    << ""
                                    << "enqueue" << false;
    QTest::newRow("queue → worker") << "queue"
                                    << "worker"
                                    << ""
                                    << "event-source" << false;
    QTest::newRow("api → router") << "api-gateway"
                                  << "router"
                                  << ""
                                  << "invoke" << false;
    QTest::newRow("topic → inbox") << "topic"
                                   << "inbox"
                                   << ""
                                   << "subscription" << false;
    QTest::newRow("client → topic") << "client"
                                    << "topic"
                                    << ""
                                    << "traffic" << false;
    QTest::newRow("queue → queue inferred") << "queue"
                                            << "queue"
                                            << ""
                                            << "dead-letter" << false;
    QTest::newRow("queue → queue written") << "queue"
                                           << "queue"
                                           << "dead-letter"
                                           << "dead-letter" << true;
    QTest::newRow("default written is kept") << "worker"
                                             << "queue"
                                             << "enqueue"
                                             << "enqueue" << true;
    QTest::newRow("forbidden pair") << "worker"
                                    << "client"
                                    << ""
                                    << "" << false;
    QTest::newRow("unknown kind") << "worker"
                                  << "mainframe"
                                  << ""
                                  << "" << false;
    QTest::newRow("wrong kind written is kept") << "queue"
                                                << "worker"
                                                << "invoke"
                                                << "invoke" << true;
}

void TestProjectFile::edgeKinds()
{
    QFETCH(QString, fromKind);
    QFETCH(QString, toKind);
    QFETCH(QString, writtenKind);
    QFETCH(QString, kind);
    QFETCH(bool, savedWithKind);

    Json file = {{"format", "microlab/1"},
                 {"nodes", Json::array({Json{{"id", "a"}, {"kind", toStd(fromKind)}},
                                        Json{{"id", "b"}, {"kind", toStd(toKind)}}})}};
    Json edge = {{"from", "a"}, {"to", "b"}};
    if (!writtenKind.isEmpty()) edge["kind"] = toStd(writtenKind);
    file["edges"] = Json::array({edge});

    const LoadedProject p = parseOk(QByteArray::fromStdString(file.dump()));
    QCOMPARE(int(p.diagram.edges().size()), 1);
    const Edge& e = p.diagram.edges()[0];
    QCOMPARE(e.kind, kind);
    QCOMPARE(e.kindWritten, !writtenKind.isEmpty());
    // The loader leaves forbidden connections and unknown kinds to the linter.
    QVERIFY(p.problems.empty());

    const QByteArray saved = projectfile::serialize(p.diagram);
    QCOMPARE(saved.contains("\"kind\": \"" + kind.toUtf8() + "\""), savedWithKind);
    QVERIFY(parseOk(saved).diagram == p.diagram);
}

void TestProjectFile::edgeKindNotDefaultIsWritten()
{
    // An edge made in the app (kindWritten false) whose kind is not the pair's default must keep
    // it, or the next load would infer another kind; with a missing endpoint nothing is inferred.
    Diagram d;
    Node q;
    q.id = NodeId(QStringLiteral("q"));
    q.kind = QStringLiteral("queue");
    Node w = q;
    w.id = NodeId(QStringLiteral("w"));
    w.kind = QStringLiteral("worker");
    d.addNode(q);
    d.addNode(w);
    Edge e;
    e.from = q.id;
    e.to = w.id;
    e.kind = QStringLiteral("invoke");
    d.addEdge(e);
    e.kind = QStringLiteral("event-source");
    d.addEdge(e);
    e.to = NodeId(QStringLiteral("gone"));
    d.addEdge(e);

    const Json saved = Json::parse(projectfile::serialize(d).toStdString());
    QCOMPARE(saved["edges"][0]["kind"], Json("invoke"));
    QVERIFY(!saved["edges"][1].contains("kind"));
    QCOMPARE(saved["edges"][2]["kind"], Json("event-source"));
}

void TestProjectFile::samplesRoundTrip_data()
{
    QTest::addColumn<QString>("path");
    const QStringList files = sampleFiles();
    QVERIFY2(files.size() >= 4, "expected the sample projects in " MICROLAB_PROJECTS_DIR);
    for (const QString& path : files) QTest::newRow(qPrintable(QFileInfo(path).fileName())) << path;
}

void TestProjectFile::samplesRoundTrip()
{
    QFETCH(QString, path);
    const Result<LoadedProject> first = projectfile::load(path);
    QVERIFY2(first, first ? "" : qPrintable(first.error().toString()));
    QVERIFY(first->problems.empty());
    QVERIFY(!first->diagram.nodes().empty());

    const QByteArray saved = projectfile::serialize(first->diagram);
    const Result<LoadedProject> second = projectfile::parse(saved, path);
    QVERIFY2(second, second ? "" : qPrintable(second.error().toString()));
    QVERIFY(second->diagram == first->diagram);
    QCOMPARE(projectfile::serialize(second->diagram), saved);
}

void TestProjectFile::samplesLintClean_data() { samplesRoundTrip_data(); }

void TestProjectFile::samplesLintClean()
{
    QFETCH(QString, path);
    const Result<LoadedProject> p = projectfile::load(path);
    QVERIFY(p);
    // These four are the DESIGN.md examples and lint without even a warning; any other sample
    // must at least be free of errors.
    static const QStringList spotless{
        QStringLiteral("crud-api.mlab.json"), QStringLiteral("fanout-notifications.mlab.json"),
        QStringLiteral("image-pipeline.mlab.json"), QStringLiteral("nightly-report.mlab.json")};
    const bool warningsCount = spotless.contains(QFileInfo(path).fileName());
    QStringList found;
    for (const Problem& problem : lint(p->diagram))
        if (problem.isError() || warningsCount) found << problem.pointer + QStringLiteral(": ") + problem.message;
    QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
}

void TestProjectFile::loadErrorsNameThePath()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString missing = dir.filePath(QStringLiteral("nope.mlab.json"));
    Result<LoadedProject> r = projectfile::load(missing);
    QVERIFY(!r);
    QCOMPARE(r.error().file, missing);
    QVERIFY2(r.error().message.startsWith(QStringLiteral("cannot open")), qPrintable(r.error().message));

    r = projectfile::load(dir.path());
    QVERIFY(!r);
    QCOMPARE(r.error().file, dir.path());

    const QString bad = dir.filePath(QStringLiteral("robot.mlab.json"));
    QVERIFY(writeAll(bad, withHeader("\"nodes\": [{\"id\": \"a\", \"kind\": \"worker\", \"x\": \"left\"}]")));
    r = projectfile::load(bad);
    QVERIFY(!r);
    QCOMPARE(r.error().toString(), bad + QStringLiteral(":/nodes/0/x: expected a number; got a string"));
}

QTEST_GUILESS_MAIN(TestProjectFile)
