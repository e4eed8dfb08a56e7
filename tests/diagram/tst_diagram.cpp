// Diagram (the value) and DiagramModel (the observable wrapper views follow).
#include "model/Diagram.h"
#include "model/DiagramModel.h"

#include <QSignalSpy>
#include <QtTest>

using namespace ml;

namespace {

Node makeNode(const char* id, const char* kind)
{
    Node n;
    n.id = NodeId(QString::fromLatin1(id));
    n.kind = QString::fromLatin1(kind);
    return n;
}

Edge makeEdge(const char* from, const char* to, const char* kind = "", Json config = Json::object())
{
    Edge e;
    e.from = NodeId(QString::fromLatin1(from));
    e.to = NodeId(QString::fromLatin1(to));
    e.kind = QString::fromLatin1(kind);
    e.config = std::move(config);
    return e;
}

Diagram pipeline()
{
    Diagram d;
    d.addNode(makeNode("topic", "topic"));
    d.addNode(makeNode("jobs", "queue"));
    d.addNode(makeNode("jobs-dlq", "queue"));
    d.addNode(makeNode("resize", "worker"));
    d.addEdge(makeEdge("jobs", "resize", "event-source"));
    d.addEdge(makeEdge("jobs", "jobs-dlq", "dead-letter"));
    d.addEdge(makeEdge("topic", "resize", "subscription", Json{{"deadLetterQueue", "jobs-dlq"}}));
    return d;
}

}  // namespace

class TestDiagram : public QObject {
    Q_OBJECT
private slots:
    void addRefusesDuplicateIds();
    void generatedEdgeIds();
    void removeNodeTakesItsEdges();
    void insertAtRestoresOrder();
    void renameFollowsEveryReference();
    void renameRefusesTakenOrEmpty();
    void uniqueNodeId_data();
    void uniqueNodeId();
    void modelSignals();
    void modelConfigValueNullRestoresDefault();
};

void TestDiagram::addRefusesDuplicateIds()
{
    Diagram d = pipeline();
    QVERIFY(!d.addNode(makeNode("jobs", "queue")));
    QCOMPARE(d.nodes().size(), size_t(4));
    QVERIFY(!d.addNode(makeNode("", "queue")));
}

void TestDiagram::generatedEdgeIds()
{
    const Diagram d = pipeline();
    QCOMPARE(d.edges()[0].id.value, QStringLiteral("e1"));
    QCOMPARE(d.edges()[2].id.value, QStringLiteral("e3"));
    QVERIFY(d.edge(EdgeId(QStringLiteral("e2"))));
    QCOMPARE(d.edge(EdgeId(QStringLiteral("e2")))->kind, QStringLiteral("dead-letter"));
}

void TestDiagram::removeNodeTakesItsEdges()
{
    Diagram d = pipeline();
    const std::vector<Edge> removed = d.removeNode(NodeId(QStringLiteral("resize")));
    QCOMPARE(removed.size(), size_t(2));
    QCOMPARE(d.edges().size(), size_t(1));
    QCOMPARE(d.edges()[0].kind, QStringLiteral("dead-letter"));
    QVERIFY(!d.node(NodeId(QStringLiteral("resize"))));
    QCOMPARE(d.nodeIndex(NodeId(QStringLiteral("jobs-dlq"))), 2);
}

void TestDiagram::insertAtRestoresOrder()
{
    const Diagram original = pipeline();
    Diagram d = original;
    const Node jobs = *d.node(NodeId(QStringLiteral("jobs")));
    const Edge e2 = *d.edge(EdgeId(QStringLiteral("e2")));
    d.removeEdge(e2.id);
    QVERIFY(d.insertEdgeAt(1, e2));
    QVERIFY(d == original);
    d.removeNode(jobs.id);
    QVERIFY(!(d == original));
    QVERIFY(d.insertNodeAt(1, jobs));
    QVERIFY(d.insertEdgeAt(0, original.edges()[0]));
    QVERIFY(d.insertEdgeAt(1, original.edges()[1]));
    QVERIFY(d == original);
}

void TestDiagram::renameFollowsEveryReference()
{
    Diagram d = pipeline();
    QVERIFY(d.renameNode(NodeId(QStringLiteral("jobs-dlq")), NodeId(QStringLiteral("failed-jobs"))));
    QVERIFY(d.node(NodeId(QStringLiteral("failed-jobs"))));
    QVERIFY(!d.node(NodeId(QStringLiteral("jobs-dlq"))));
    QCOMPARE(d.edges()[1].to.value, QStringLiteral("failed-jobs"));
    // The subscription's deadLetterQueue is a NodeRef in the Catalog, so it follows the rename.
    QCOMPARE(d.edges()[2].config.at("deadLetterQueue").get<std::string>(), std::string("failed-jobs"));
    QVERIFY(d.renameNode(NodeId(QStringLiteral("resize")), NodeId(QStringLiteral("thumbnail"))));
    QCOMPARE(d.edges()[0].to.value, QStringLiteral("thumbnail"));
    QCOMPARE(d.edgesTo(NodeId(QStringLiteral("thumbnail"))).size(), size_t(2));
}

void TestDiagram::renameRefusesTakenOrEmpty()
{
    Diagram d = pipeline();
    QVERIFY(!d.renameNode(NodeId(QStringLiteral("jobs")), NodeId(QStringLiteral("topic"))));
    QVERIFY(!d.renameNode(NodeId(QStringLiteral("jobs")), NodeId()));
    QVERIFY(!d.renameNode(NodeId(QStringLiteral("nope")), NodeId(QStringLiteral("x"))));
    QVERIFY(d == pipeline());
}

void TestDiagram::uniqueNodeId_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("expected");
    QTest::newRow("free") << "worker"
                          << "worker";
    QTest::newRow("taken") << "jobs"
                           << "jobs-2";
    QTest::newRow("display name") << "Decoupled Worker!"
                                  << "decoupled-worker";
    QTest::newRow("nothing usable") << "???"
                                    << "node";
}

void TestDiagram::uniqueNodeId()
{
    QFETCH(QString, base);
    QFETCH(QString, expected);
    QCOMPARE(pipeline().uniqueNodeId(base).value, expected);
}

void TestDiagram::modelSignals()
{
    DiagramModel model;
    QSignalSpy reset(&model, &DiagramModel::reset);
    QSignalSpy added(&model, &DiagramModel::nodeAdded);
    QSignalSpy removedEdges(&model, &DiagramModel::edgeRemoved);
    QSignalSpy removedNodes(&model, &DiagramModel::nodeRemoved);
    QSignalSpy moved(&model, &DiagramModel::nodeMoved);
    QSignalSpy renamed(&model, &DiagramModel::nodeRenamed);
    QSignalSpy changed(&model, &DiagramModel::changed);

    model.setDiagram(pipeline());
    QCOMPARE(reset.count(), 1);
    QVERIFY(model.addNode(makeNode("api", "api-gateway")));
    QCOMPARE(added.count(), 1);
    QVERIFY(!model.addNode(makeNode("api", "api-gateway")));
    QCOMPARE(added.count(), 1);
    QVERIFY(model.moveNode(NodeId(QStringLiteral("api")), 10, 20));
    QCOMPARE(moved.count(), 1);
    QVERIFY(model.moveNode(NodeId(QStringLiteral("api")), 10, 20));  // no change, no signal
    QCOMPARE(moved.count(), 1);
    QVERIFY(model.renameNode(NodeId(QStringLiteral("resize")), NodeId(QStringLiteral("thumb"))));
    QCOMPARE(renamed.count(), 1);
    QCOMPARE(model.removeNode(NodeId(QStringLiteral("thumb"))).size(), size_t(2));
    QCOMPARE(removedEdges.count(), 2);
    QCOMPARE(removedNodes.count(), 1);
    QCOMPARE(changed.count(), 5);
}

void TestDiagram::modelConfigValueNullRestoresDefault()
{
    DiagramModel model;
    model.setDiagram(pipeline());
    const NodeId jobs(QStringLiteral("jobs"));
    QVERIFY(model.setNodeConfigValue(jobs, QStringLiteral("visibilityTimeout"), "2m"));
    QCOMPARE(model.diagram().node(jobs)->config.at("visibilityTimeout").get<std::string>(), std::string("2m"));
    QVERIFY(model.setNodeConfigValue(jobs, QStringLiteral("visibilityTimeout"), Json()));
    QVERIFY(!model.diagram().node(jobs)->config.contains("visibilityTimeout"));
}

QTEST_GUILESS_MAIN(TestDiagram)
#include "tst_diagram.moc"
