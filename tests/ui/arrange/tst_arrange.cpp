// The GUI's Arrange action (View → Arrange, one undo step) and File → Import template… (without
// the file dialog): what a user sees on the canvas after each, and undo putting it back.
#include "MainWindow.h"
#include "layout/Arrange.h"

#include <QAction>
#include <QUndoStack>
#include <QtTest>

using namespace ml;
using namespace ml::ui;

class TestArrange : public QObject {
    Q_OBJECT
private slots:
    void arrangeIsOneUndoStep();
    void importTemplateOpensUntitledDiagram();
    void importTemplateErrorKeepsTheDocument();
};

void TestArrange::arrangeIsOneUndoStep()
{
    MainWindow window(false);
    QVERIFY(window.loadFile(QStringLiteral(MICROLAB_PROJECTS_DIR "/image-pipeline.mlab.json")).ok());
    const Diagram before = window.model()->diagram();
    QAction* arrange = window.action(QStringLiteral("arrange"));
    QVERIFY(arrange);
    arrange->trigger();
    QCOMPARE(window.undoStack()->count(), 1);
    QCOMPARE(window.undoStack()->undoText(), QStringLiteral("Arrange"));
    // Every node is where the layout puts it.
    const layout::Arrangement expected = layout::arrange(before);
    for (const layout::Position& p : expected.positions) {
        QCOMPARE(window.model()->diagram().node(p.id)->x, double(p.x));
        QCOMPARE(window.model()->diagram().node(p.id)->y, double(p.y));
    }
    QVERIFY(window.isModified());
    // Arranging an arranged diagram adds no step.
    arrange->trigger();
    QCOMPARE(window.undoStack()->count(), 1);
    window.undoStack()->undo();
    for (const Node& n : before.nodes()) {
        QCOMPARE(window.model()->diagram().node(n.id)->x, n.x);
        QCOMPARE(window.model()->diagram().node(n.id)->y, n.y);
    }
    QVERIFY(!window.isModified());
}

void TestArrange::importTemplateOpensUntitledDiagram()
{
    MainWindow window(false);
    QVERIFY(window.action(QStringLiteral("importTemplate")));
    QVERIFY(
        window.importTemplateFile(QStringLiteral(MICROLAB_PROJECTS_DIR "/../tests/import/data/sqs-lambda-dlq.yaml")));
    const Diagram& d = window.model()->diagram();
    QCOMPARE(d.nodes().size(), size_t(4));  // queue, DLQ, worker, and the added client
    QVERIFY(d.node(NodeId("process-order-function")));
    QVERIFY(d.extra.contains("unmapped"));
    QVERIFY(window.filePath().isEmpty());  // Save asks where; the template is never overwritten
    // Laid out: the client is left of the queue, the DLQ below it.
    QVERIFY(d.node(NodeId("orders-queue-client"))->x < d.node(NodeId("orders-queue"))->x);
    QVERIFY(d.node(NodeId("orders-dlq"))->y > d.node(NodeId("orders-queue"))->y);
}

void TestArrange::importTemplateErrorKeepsTheDocument()
{
    MainWindow window(false);
    QVERIFY(window.loadFile(QStringLiteral(MICROLAB_PROJECTS_DIR "/image-pipeline.mlab.json")).ok());
    QVERIFY(!window.importTemplateFile(QStringLiteral(MICROLAB_PROJECTS_DIR "/no-such-template.yaml")));
    QVERIFY(window.model()->diagram().node(NodeId("resize")));
    QVERIFY(!window.filePath().isEmpty());
}

QTEST_MAIN(TestArrange)
#include "tst_arrange.moc"
