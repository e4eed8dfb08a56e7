// Automatic layout (core/layout/Arrange, issue 11 item 6): every sample with its positions removed
// loads arranged — no two cards overlap, most edges run left to right, dead-letter edges run down,
// coordinates are whole pixels — the same way every time; `microlab-cli layout` saves it.
#include "layout/Arrange.h"
#include "project/ProjectFile.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace ml;

namespace {

QStringList samples()
{
    return QDir(QStringLiteral(MICROLAB_PROJECTS_DIR))
        .entryList({QStringLiteral("*.mlab.json")}, QDir::Files, QDir::Name);
}

QByteArray withoutPositions(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    Json j = Json::parse(f.readAll().toStdString());
    for (Json& n : j["nodes"]) {
        n.erase("x");
        n.erase("y");
    }
    return QByteArray::fromStdString(j.dump(2));
}

struct Shape {
    int overlaps = 0;
    int edges = 0;
    int leftToRight = 0;
    int deadLetter = 0;
    int deadLetterDown = 0;
    int fractional = 0;
    QString firstOverlap;
};

Shape shapeOf(const Diagram& d)
{
    Shape s;
    const auto& nodes = d.nodes();
    for (size_t i = 0; i < nodes.size(); ++i) {
        if (std::trunc(nodes[i].x) != nodes[i].x || std::trunc(nodes[i].y) != nodes[i].y) ++s.fractional;
        const QRectF a(nodes[i].x, nodes[i].y, layout::kCardWidth, layout::kCardHeight);
        for (size_t k = i + 1; k < nodes.size(); ++k) {
            const QRectF b(nodes[k].x, nodes[k].y, layout::kCardWidth, layout::kCardHeight);
            if (a.intersects(b)) {
                if (!s.overlaps) s.firstOverlap = nodes[i].id.value + QStringLiteral(" / ") + nodes[k].id.value;
                ++s.overlaps;
            }
        }
    }
    for (const Edge& e : d.edges()) {
        const Node* from = d.node(e.from);
        const Node* to = d.node(e.to);
        if (!from || !to) continue;
        if (e.kind == QLatin1String("dead-letter")) {
            ++s.deadLetter;
            if (to->y > from->y) ++s.deadLetterDown;
            continue;
        }
        ++s.edges;
        if (to->x > from->x) ++s.leftToRight;
    }
    return s;
}

Diagram placedAt(Diagram d, const std::vector<layout::Position>& positions)
{
    for (const layout::Position& p : positions) {
        d.node(p.id)->x = p.x;
        d.node(p.id)->y = p.y;
    }
    return d;
}

}  // namespace

class TestLayout : public QObject {
    Q_OBJECT
private slots:
    void samplesWithoutPositions_data();
    void samplesWithoutPositions();
    void layeredFallback_data() { samplesWithoutPositions_data(); }
    void layeredFallback();
    void deterministic();
    void filesWithPositionsKeepThem();
    void deadLetterQueueBelowItsQueue();
    void emptyAndDanglingEdges();
    void largeDiagramUsesLayered();
    void cliLayout();
    void cliLayoutErrors();
};

void TestLayout::samplesWithoutPositions_data()
{
    QTest::addColumn<QString>("file");
    for (const QString& f : samples()) QTest::newRow(qPrintable(f)) << f;
}

void TestLayout::samplesWithoutPositions()
{
    QFETCH(QString, file);
    const QString path = QStringLiteral(MICROLAB_PROJECTS_DIR "/") + file;
    Result<LoadedProject> loaded = projectfile::parse(withoutPositions(path), file);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
    QVERIFY(loaded->arranged);
    if (layout::graphvizAvailable()) QCOMPARE(layout::arrange(loaded->diagram).engine, layout::Engine::Graphviz);
    const Shape s = shapeOf(loaded->diagram);
    QVERIFY2(s.overlaps == 0, qPrintable(s.firstOverlap));
    QCOMPARE(s.fractional, 0);
    // "Mostly left to right": at least 80 % of the edges that are not dead-letter edges.
    QVERIFY2(s.leftToRight * 5 >= s.edges * 4, qPrintable(QStringLiteral("%1 of %2").arg(s.leftToRight).arg(s.edges)));
    QCOMPARE(s.deadLetterDown, s.deadLetter);
    // Saved as whole pixels.
    const QByteArray saved = projectfile::serialize(loaded->diagram);
    QVERIFY(!QRegularExpression(QStringLiteral("\"[xy]\": -?[0-9]+\\.")).match(QString::fromUtf8(saved)).hasMatch());
}

void TestLayout::layeredFallback()
{
    QFETCH(QString, file);
    const Result<LoadedProject> loaded = projectfile::load(QStringLiteral(MICROLAB_PROJECTS_DIR "/") + file);
    QVERIFY(loaded.ok());
    const layout::detail::Graph g = layout::detail::graphOf(loaded->diagram);
    const Diagram d = placedAt(loaded->diagram, layout::detail::layeredLayout(g));
    const Shape s = shapeOf(d);
    QVERIFY2(s.overlaps == 0, qPrintable(s.firstOverlap));
    QVERIFY2(s.leftToRight * 5 >= s.edges * 4, qPrintable(QStringLiteral("%1 of %2").arg(s.leftToRight).arg(s.edges)));
    QCOMPARE(s.deadLetterDown, s.deadLetter);
}

void TestLayout::deterministic()
{
    for (const QString& file : samples()) {
        const QByteArray text = withoutPositions(QStringLiteral(MICROLAB_PROJECTS_DIR "/") + file);
        const QByteArray first = projectfile::serialize(projectfile::parse(text, file)->diagram);
        const QByteArray second = projectfile::serialize(projectfile::parse(text, file)->diagram);
        QCOMPARE(second, first);
        // Arranged once, the file is stable: load → save → load gives the same bytes.
        const Result<LoadedProject> again = projectfile::parse(first, file);
        QVERIFY(!again->arranged);
        QCOMPARE(projectfile::serialize(again->diagram), first);
    }
}

void TestLayout::filesWithPositionsKeepThem()
{
    // One node placed: the loader keeps every position as written (the other node stays at 0, 0).
    const Result<LoadedProject> p = projectfile::parse(
        R"({"format": "microlab/1", "nodes": [{"id": "q", "kind": "queue", "x": 500, "y": 40},
            {"id": "w", "kind": "worker"}], "edges": [{"from": "q", "to": "w"}]})",
        QStringLiteral("t.mlab.json"));
    QVERIFY(p.ok());
    QVERIFY(!p->arranged);
    QCOMPARE(p->diagram.node(NodeId("q"))->x, 500.0);
    QCOMPARE(p->diagram.node(NodeId("w"))->x, 0.0);
}

void TestLayout::deadLetterQueueBelowItsQueue()
{
    // Two FIFO queues sharing one DLQ, plus a chain q → dlq → dlq2.
    const Result<LoadedProject> p = projectfile::parse(
        R"({"format": "microlab/1", "nodes": [
            {"id": "c", "kind": "client"}, {"id": "a", "kind": "queue"}, {"id": "b", "kind": "queue"},
            {"id": "dlq", "kind": "queue"}, {"id": "dlq2", "kind": "queue"},
            {"id": "wa", "kind": "worker"}, {"id": "wb", "kind": "worker"}, {"id": "t", "kind": "table"}],
          "edges": [{"from": "c", "to": "a"}, {"from": "c", "to": "b"},
            {"from": "a", "to": "wa"}, {"from": "b", "to": "wb"}, {"from": "wa", "to": "t"}, {"from": "wb", "to": "t"},
            {"from": "a", "to": "dlq", "kind": "dead-letter"}, {"from": "b", "to": "dlq", "kind": "dead-letter"},
            {"from": "dlq", "to": "dlq2", "kind": "dead-letter"}]})",
        QStringLiteral("t.mlab.json"));
    QVERIFY(p.ok());
    QVERIFY(p->arranged);
    const Diagram& d = p->diagram;
    const Shape s = shapeOf(d);
    QCOMPARE(s.overlaps, 0);
    QCOMPARE(s.deadLetterDown, 3);
    // The client is in the first column, the table in the last; DLQs share their queue's column.
    for (const Node& n : d.nodes()) QVERIFY(d.node(NodeId("c"))->x <= n.x);
    for (const Node& n : d.nodes()) QVERIFY(d.node(NodeId("t"))->x >= n.x);
    QCOMPARE(d.node(NodeId("dlq"))->x, d.node(NodeId("a"))->x);
    QCOMPARE(d.node(NodeId("dlq2"))->x, d.node(NodeId("dlq"))->x);
    QCOMPARE(s.leftToRight, s.edges);
}

void TestLayout::emptyAndDanglingEdges()
{
    Diagram empty;
    QVERIFY(layout::arrange(empty).positions.empty());
    const Result<LoadedProject> p = projectfile::parse(
        R"({"format": "microlab/1", "nodes": [{"id": "w", "kind": "worker"}, {"id": "x", "kind": "no-such-kind"}],
            "edges": [{"from": "w", "to": "ghost"}, {"from": "w", "to": "w"}, {"from": "x", "to": "w"}]})",
        QStringLiteral("t.mlab.json"));
    QVERIFY(p.ok());
    QVERIFY(p->arranged);
    QCOMPARE(shapeOf(p->diagram).overlaps, 0);
}

void TestLayout::largeDiagramUsesLayered()
{
    // 3 000 nodes in 1 000 chains client → queue → worker: too big for dot, laid out at once by
    // the layered layout with three columns.
    Diagram d;
    for (int i = 0; i < 1000; ++i) {
        const QString n = QString::number(i);
        d.addNode(Node{NodeId("c" + n), QStringLiteral("client"), {}, 0, 0, Json::object(), Json::object()});
        d.addNode(Node{NodeId("q" + n), QStringLiteral("queue"), {}, 0, 0, Json::object(), Json::object()});
        d.addNode(Node{NodeId("w" + n), QStringLiteral("worker"), {}, 0, 0, Json::object(), Json::object()});
        Edge a, b;
        a.from = NodeId("c" + n), a.to = NodeId("q" + n), a.kind = QStringLiteral("traffic");
        b.from = NodeId("q" + n), b.to = NodeId("w" + n), b.kind = QStringLiteral("event-source");
        d.addEdge(a);
        d.addEdge(b);
    }
    const layout::Arrangement a = layout::arrange(d);
    QCOMPARE(a.engine, layout::Engine::Layered);
    QSet<int> columns;
    for (const layout::Position& p : a.positions) columns.insert(p.x);
    QCOMPARE(columns.size(), 3);
    const Shape s = shapeOf(placedAt(d, a.positions));
    QCOMPARE(s.leftToRight, 2000);
}

void TestLayout::cliLayout()
{
    QTemporaryDir dir;
    const QString in = dir.filePath(QStringLiteral("in.mlab.json"));
    const QString out = dir.filePath(QStringLiteral("out.mlab.json"));
    QFile f(in);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(withoutPositions(QStringLiteral(MICROLAB_PROJECTS_DIR "/image-pipeline.mlab.json")));
    f.close();

    QProcess cli;
    cli.start(QStringLiteral(MICROLAB_CLI_PATH), {QStringLiteral("layout"), in, QStringLiteral("-o"), out});
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 0);
    QVERIFY(cli.readAllStandardOutput().contains("arranged 6 nodes"));
    const Result<LoadedProject> saved = projectfile::load(out);
    QVERIFY(saved.ok());
    QVERIFY(!saved->arranged);  // positions written
    QCOMPARE(shapeOf(saved->diagram).overlaps, 0);
    QCOMPARE(projectfile::serialize(saved->diagram), projectfile::serialize(projectfile::load(in)->diagram));

    // Without -o the file itself is rewritten; a laid-out file with positions is re-arranged too.
    QVERIFY(projectfile::save(saved->diagram, in).ok());
    cli.start(QStringLiteral(MICROLAB_CLI_PATH), {QStringLiteral("layout"), in});
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 0);
    QFile a(in), b(out);
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    QCOMPARE(a.readAll(), b.readAll());
}

void TestLayout::cliLayoutErrors()
{
    QTemporaryDir dir;
    auto run = [](const QStringList& args) {
        QProcess cli;
        cli.start(QStringLiteral(MICROLAB_CLI_PATH), QStringList{QStringLiteral("layout")} + args);
        cli.waitForFinished(60000);
        return cli.exitCode();
    };
    QCOMPARE(run({}), 2);
    QCOMPARE(run({QStringLiteral("a"), QStringLiteral("b")}), 2);
    QCOMPARE(run({QStringLiteral("--bogus")}), 2);
    QCOMPARE(run({QStringLiteral("a"), QStringLiteral("-o")}), 2);
    QCOMPARE(run({dir.filePath(QStringLiteral("missing.mlab.json"))}), 1);
}

QTEST_GUILESS_MAIN(TestLayout)
#include "tst_layout.moc"
