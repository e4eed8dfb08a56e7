// Delete, copy, cut, paste and duplicate on the canvas: undo restores exactly, new ids and internal edges, every config
// key kept, hostile clipboard text refused with a reason.
#include "CanvasTests.h"

void TestCanvas::deleteRestoresExactModelOnUndo()
{
    const Diagram before = model->diagram();
    // jobs carries three edges (in, out, DLQ); e1 is chosen on its own.
    scene->nodeItem(NodeId("jobs"))->setSelected(true);
    scene->edgeItem(EdgeId("e1"))->setSelected(true);
    view->setFocus();
    QTest::keyClick(view.get(), Qt::Key_Delete);
    QCOMPARE(model->diagram().nodes().size(), size_t(5));
    QCOMPARE(model->diagram().edges().size(), size_t(0));
    QCOMPARE(scene->edgeItemCount(), 0);
    QCOMPARE(undo->count(), 1);
    undo->undo();
    QVERIFY(model->diagram() == before);  // same order of nodes and of edges
    QCOMPARE(scene->edgeItemCount(), 4);
    QCOMPARE(scene->nodeItemCount(), 6);
    undo->redo();
    QCOMPARE(model->diagram().edges().size(), size_t(0));
    scene->nodeItem(NodeId("api"))->setSelected(true);
    QTest::keyClick(view.get(), Qt::Key_Backspace);
    QVERIFY(!model->diagram().node(NodeId("api")));
}

void TestCanvas::copyPasteGivesNewIdsAndInternalEdges()
{
    const Diagram before = model->diagram();
    scene->nodeItem(NodeId("jobs"))->setSelected(true);
    scene->nodeItem(NodeId("jobs-dlq"))->setSelected(true);
    view->copySelection();
    QVERIFY(QApplication::clipboard()->mimeData()->hasFormat(QString::fromLatin1(clipboard::kFragmentMime)));
    QVERIFY(QApplication::clipboard()->mimeData()->hasText());
    view->paste();
    const Diagram& d = model->diagram();
    QCOMPARE(d.nodes().size(), size_t(8));
    QCOMPARE(d.nodes()[6].id, NodeId("jobs-2"));
    QCOMPARE(d.nodes()[7].id, NodeId("jobs-dlq-2"));
    QCOMPARE(d.nodes()[6].x, 480.0 + 40);
    QCOMPARE(d.nodes()[6].y, 0.0 + 40);
    QCOMPARE(d.nodes()[6].kind, QStringLiteral("queue"));
    // Only the edge between the two copies comes along, rewired to the copies.
    QCOMPARE(d.edges().size(), size_t(5));
    QCOMPARE(d.edges().back().from, NodeId("jobs-2"));
    QCOMPARE(d.edges().back().to, NodeId("jobs-dlq-2"));
    QCOMPARE(d.edges().back().kind, QStringLiteral("dead-letter"));
    QVERIFY(d.edges().back().id != EdgeId("e4"));
    QCOMPARE(scene->selectedNodes(), (std::vector<NodeId>{NodeId("jobs-2"), NodeId("jobs-dlq-2")}));
    // One undo step takes the whole paste back.
    QCOMPARE(undo->count(), 1);
    undo->undo();
    QVERIFY(model->diagram() == before);
    undo->redo();
    QCOMPARE(model->diagram().nodes().size(), size_t(8));
    // A second paste moves further, with fresh ids again.
    view->paste();
    QCOMPARE(model->diagram().nodes()[8].id, NodeId("jobs-3"));
    QCOMPARE(model->diagram().nodes()[8].x, 480.0 + 80);
}

void TestCanvas::pasteRemapsReferencesBetweenCopies()
{
    Diagram d;
    d.addNode(node("orders", "topic", 0, 0));
    d.addNode(node("inbox", "queue", 300, 0));
    d.addNode(node("failed", "queue", 300, 200));
    d.addEdge(edge("orders", "inbox", "subscription", Json{{"deadLetterQueue", "failed"}}));
    const QByteArray json =
        fragment::serialize(fragment::select(d, {NodeId("orders"), NodeId("inbox"), NodeId("failed")}));
    const Result<Diagram> parsed = fragment::parse(json);
    QVERIFY(parsed);
    QVERIFY(*parsed == d);
    const Diagram placed = fragment::place(*parsed, d, QPointF(10, 20));
    QCOMPARE(placed.nodes()[2].id, NodeId("failed-2"));
    QCOMPARE(placed.nodes()[2].y, 220.0);
    QCOMPARE(toQString(placed.edges()[0].config["deadLetterQueue"].get<std::string>()), QStringLiteral("failed-2"));
    // Garbage on the clipboard is refused with the place, not a crash.
    const Result<Diagram> numberId = fragment::parse("{\"format\": \"microlab-fragment/1\", \"nodes\": [{\"id\": 3}]}");
    QVERIFY(!numberId);
    QCOMPARE(numberId.error().pointer, QStringLiteral("/nodes/0/id"));
    QVERIFY(!fragment::parse("not json"));
    // The project file's reader: a node needs a kind, and x must be a number (the clipboard's
    // own lenient reader used to take this node, kind-less, at x = 0).
    const Result<Diagram> noKind =
        fragment::parse("{\"format\": \"microlab-fragment/1\", \"nodes\": [{\"id\": \"a\", \"x\": \"no\"}]}");
    QVERIFY(!noKind);
    QCOMPARE(noKind.error().toString(),
             QStringLiteral("clipboard:/nodes/0/kind: missing; expected a node kind like \"worker\""));
}

void TestCanvas::cutThenPastePutsNodesBack()
{
    const Diagram before = model->diagram();
    scene->nodeItem(NodeId("resize"))->setSelected(true);
    view->cutSelection();
    QVERIFY(!model->diagram().node(NodeId("resize")));
    view->paste();
    QCOMPARE(model->diagram().node(NodeId("resize"))->x, 720.0);
    undo->undo();
    undo->undo();
    QVERIFY(model->diagram() == before);
}

void TestCanvas::duplicateKeepsClipboard()
{
    QApplication::clipboard()->setText(QStringLiteral("hello"));
    scene->nodeItem(NodeId("resize"))->setSelected(true);
    view->setFocus();
    QTest::keyClick(view.get(), Qt::Key_D, Qt::ControlModifier);
    QVERIFY(model->diagram().node(NodeId("resize-2")));
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("hello"));
}

void TestCanvas::deepClipboardTextIsRefusedNotPasted()
{
    // A fragment whose node config nests 58 000 arrays (the audit's crashing depth): past the
    // bounded reader's 256 levels it is no fragment at all, so the paste adds nothing and
    // leaves no undo step; before, nlohmann's unbounded parser recursed off the stack.
    const QByteArray deep =
        "{\"format\": \"microlab-fragment/1\", \"nodes\": [{\"id\": \"x\", \"kind\": \"queue\", "
        "\"config\": {\"a\": " +
        QByteArray(58'000, '[') + QByteArray(58'000, ']') + "}}]}";
    QVERIFY(!fragment::parse(deep));
    const Diagram before = model->diagram();
    const int steps = undo->count();
    QApplication::clipboard()->setText(QString::fromUtf8(deep));
    view->paste();
    QVERIFY(model->diagram() == before);
    QCOMPARE(undo->count(), steps);
    // 256 levels is still a fragment (the limit is inclusive), so the refusal is the depth.
    const QByteArray ok =
        "{\"format\": \"microlab-fragment/1\", \"nodes\": [{\"id\": \"x\", \"kind\": \"queue\", "
        "\"config\": {\"a\": " +
        QByteArray(252, '[') + QByteArray(252, ']') + "}}]}";
    // Depth: the document 1, "nodes" 2, the node 3, "config" 4, then 252 arrays = 256.
    QVERIFY(fragment::parse(ok));
}

void TestCanvas::copyPasteRoundTripsEveryConfigKeyOfEveryKind()
{
    // Two nodes of every kind (the second is the target of same-kind rules such as queue →
    // queue), every config key of the kind set, and one edge for every connection rule with
    // every key of that edge set. Copy all, paste once: every copy carries the same kind,
    // name and config, every edge copy the same kind and config between the copies.
    const Catalog& catalog = Catalog::instance();
    Diagram d;
    int nodeKeys = 0;
    int edgeKeys = 0;
    double x = 0;
    for (const KindInfo& kind : catalog.kinds()) {
        for (const char* suffix : {"", "-b"}) {
            Node n = node("", "", x, 0);
            n.id = NodeId(kind.id + QLatin1String(suffix));
            n.kind = kind.id;
            n.name = QStringLiteral("The %1%2").arg(kind.displayName, QLatin1String(suffix));
            for (const ConfigKey& key : kind.config) n.config[toStd(key.name)] = sampleValue(key);
            nodeKeys += int(kind.config.size());
            d.addNode(std::move(n));
            x += 240;
        }
    }
    for (const ConnectionRule& rule : catalog.rules()) {
        Edge e =
            edge(qPrintable(rule.fromKind), qPrintable(rule.toKind + QStringLiteral("-b")), qPrintable(rule.edgeKind));
        e.kindWritten = true;
        for (const ConfigKey& key : catalog.edgeConfigKeys(rule.fromKind, rule.toKind, rule.edgeKind)) {
            e.config[toStd(key.name)] = sampleValue(key);
            ++edgeKeys;
        }
        d.addEdge(std::move(e));
    }
    // Enough that a Catalog read by mistake as empty cannot pass.
    QCOMPARE(d.nodes().size(), 2 * catalog.kinds().size());
    QVERIFY(catalog.kinds().size() >= 10);
    QVERIFY(nodeKeys >= 100);
    QVERIFY(edgeKeys >= 10);
    model->setDiagram(d);
    undo->clear();
    view->selectAll();
    view->copySelection();
    view->paste();
    const Diagram& after = model->diagram();
    const size_t nodes = d.nodes().size();
    const size_t edges = d.edges().size();
    QCOMPARE(after.nodes().size(), 2 * nodes);
    QCOMPARE(after.edges().size(), 2 * edges);
    QHash<QString, NodeId> copyOf;
    for (size_t i = 0; i < nodes; ++i) {
        const Node& original = d.nodes()[i];
        const Node& copy = after.nodes()[nodes + i];
        copyOf.insert(original.id.value, copy.id);
        QVERIFY(copy.id != original.id);
        QCOMPARE(copy.kind, original.kind);
        QCOMPARE(copy.name, original.name + QStringLiteral(" (copy)"));  // pasted beside its original
        QCOMPARE(copy.x, original.x + 40);
        QVERIFY2(copy.config == original.config,
                 qPrintable(original.id.value + QStringLiteral(": ") + toQString(copy.config.dump())));
    }
    for (size_t i = 0; i < edges; ++i) {
        const Edge& original = d.edges()[i];
        const Edge& copy = after.edges()[edges + i];
        QCOMPARE(copy.from, copyOf.value(original.from.value));
        QCOMPARE(copy.to, copyOf.value(original.to.value));
        QCOMPARE(copy.kind, original.kind);
        QVERIFY2(copy.config == original.config,
                 qPrintable(original.id.value + QStringLiteral(": ") + toQString(copy.config.dump())));
    }
    QCOMPARE(undo->count(), 1);
}

void TestCanvas::refusedPasteSaysWhy()
{
    QSignalSpy refused(view.get(), &DiagramView::pasteRefused);
    const Diagram before = model->diagram();
    const int steps = undo->count();
    QApplication::clipboard()->setText(
        QStringLiteral(R"({"format": "microlab-fragment/1", "nodes": [{"id": "a", "x": 10}]})"));
    view->paste();
    QVERIFY(model->diagram() == before);
    QCOMPARE(undo->count(), steps);
    QCOMPARE(refused.count(), 1);
    QCOMPARE(refused.at(0).at(0).toString(),
             QStringLiteral("Cannot paste: clipboard:/nodes/0/kind: missing; expected a node kind like \"worker\""));
    // A whole project file is not a fragment: the format says so.
    QApplication::clipboard()->setText(QStringLiteral(R"({"format": "microlab/1", "nodes": []})"));
    view->paste();
    QCOMPARE(refused.count(), 2);
    QCOMPARE(refused.at(1).at(0).toString(),
             QStringLiteral("Cannot paste: clipboard:/format: expected \"microlab-fragment/1\"; got \"microlab/1\""));
    QVERIFY(model->diagram() == before);
}
