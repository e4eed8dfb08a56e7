// The canvas's geometry (issue 11 item 5): every sample's edges routed clear of the cards they
// do not connect, a detour that comes and goes with the card in the way, cards that grow for a
// long name and then wrap, dead-letter edges leaving from the card's bottom, and zoom to fit
// showing the whole diagram down to 50%.
#include "../../uikit/UiTestSetup.h"
#include "MainWindow.h"
#include "canvas/CanvasStyle.h"
#include "canvas/DiagramScene.h"
#include "canvas/DiagramView.h"
#include "canvas/EdgeItem.h"
#include "canvas/EdgeRoute.h"
#include "canvas/NodeItem.h"
#include "model/DiagramModel.h"
#include "project/ProjectFile.h"

#include <QApplication>
#include <QDir>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <memory>

using namespace ml;
using namespace ml::ui;

namespace {

Node node(const char* id, const char* kind, double x, double y, const QString& name = QString())
{
    Node n;
    n.id = NodeId(QString::fromLatin1(id));
    n.kind = QString::fromLatin1(kind);
    n.name = name;
    n.x = x;
    n.y = y;
    return n;
}

Edge edge(const char* from, const char* to, const char* kind = "")
{
    Edge e;
    e.from = NodeId(QString::fromLatin1(from));
    e.to = NodeId(QString::fromLatin1(to));
    e.kind = QString::fromLatin1(kind);
    e.kindWritten = !e.kind.isEmpty();
    return e;
}

// A model, its undo stack and the scene that draws it.
struct Canvas {
    DiagramModel model;
    QUndoStack undo;
    std::unique_ptr<DiagramScene> scene;
    explicit Canvas(const Diagram& d)
    {
        model.setDiagram(d);
        scene = std::make_unique<DiagramScene>(&model, &undo);
    }
    NodeItem* card(const char* id) const { return scene->nodeItem(NodeId(QString::fromLatin1(id))); }
    EdgeItem* line(const char* id) const { return scene->edgeItem(EdgeId(QString::fromLatin1(id))); }
};

// "e3 crosses jobs-dlq" for every edge whose drawn path passes through a card other than its ends.
QStringList crossings(const Canvas& c)
{
    QStringList found;
    for (const Edge& e : c.model.diagram().edges()) {
        const EdgeItem* item = c.scene->edgeItem(e.id);
        if (!item) continue;
        for (const Node& n : c.model.diagram().nodes()) {
            if (n.id == e.from || n.id == e.to) continue;
            if (edgeroute::crossings(item->route(), {c.scene->nodeItem(n.id)->sceneCardRect()}) > 0)
                found << QStringLiteral("%1 crosses %2").arg(e.id.value, n.id.value);
        }
    }
    return found;
}

QStringList sampleFiles()
{
    QStringList files;
    const QDir projects(QStringLiteral(MICROLAB_PROJECTS_DIR));
    for (const QString& f : projects.entryList({QStringLiteral("*.mlab.json")})) files << projects.filePath(f);
    const QDir labs(projects.filePath(QStringLiteral("labs")));
    for (const QString& f : labs.entryList({QStringLiteral("*.mlab.json")})) files << labs.filePath(f);
    return files;
}

}  // namespace

class TestCanvasGeometry : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { test::setUpApplication(); }

    void samplesRouteAroundCards_data()
    {
        QTest::addColumn<QString>("file");
        for (const QString& f : sampleFiles()) QTest::newRow(qPrintable(QFileInfo(f).fileName())) << f;
        QVERIFY(sampleFiles().size() >= 13);
    }

    void samplesRouteAroundCards()
    {
        // No edge of any sample passes through a card other than its own two.
        QFETCH(QString, file);
        const auto loaded = projectfile::load(file);
        QVERIFY(loaded);
        Canvas c(loaded->diagram);
        const QStringList crossed = crossings(c);
        QVERIFY2(crossed.isEmpty(), qPrintable(crossed.join(QStringLiteral("; "))));
    }

    void detourComesAndGoesWithTheCardInTheWay()
    {
        // router (0,0) → queue (400,0), a worker at (200,0) between them: the direct curve runs
        // level at y = 28 (the ports' height) through the worker's card (x 200…352, y 0…56).
        Diagram d;
        d.addNode(node("router", "router", 0, 0));
        d.addNode(node("worker", "worker", 200, 0));
        d.addNode(node("jobs", "queue", 400, 0));
        d.addEdge(edge("router", "jobs"));
        Canvas c(d);
        const QRectF blocker = c.card("worker")->sceneCardRect();
        const QPolygonF direct = edgeroute::flatten(
            EdgeItem::curve(c.card("router")->outputPortScenePos(), c.card("jobs")->inputPortScenePos()));
        QCOMPARE(edgeroute::crossings(direct, {blocker}), 1);
        const QPolygonF routed = c.line("e1")->route();
        QCOMPARE(edgeroute::crossings(routed, {blocker}), 0);
        // It still starts at the router's port and ends at the queue's.
        QCOMPARE(routed.front(), c.card("router")->outputPortScenePos());
        QVERIFY(QLineF(routed.back(), c.card("jobs")->inputPortScenePos()).length() < canvas::kPortRadius + 4);
        // Over the card or under it, by the clearance (10).
        auto detoured = [&] {
            const QRectF span = c.line("e1")->route().boundingRect();
            return span.top() < blocker.top() - 8 || span.bottom() > blocker.bottom() + 8;
        };
        QVERIFY(detoured());

        // The worker moves out of the way (an edit, as a drag ends): the edge goes straight again.
        c.model.moveNode(NodeId(QStringLiteral("worker")), 200, 300);
        QTRY_VERIFY(c.line("e1")->route().boundingRect().height() < 2);
        // And back into the way: the detour returns.
        c.model.moveNode(NodeId(QStringLiteral("worker")), 200, 0);
        QTRY_VERIFY(detoured());
        QCOMPARE(edgeroute::crossings(c.line("e1")->route(), {blocker}), 0);
    }

    void cardGrowsForALongName_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("lines");
        QTest::addColumn<bool>("whole");
        // The name: one line on a card a little wider than the 152 minimum.
        QTest::newRow("Image jobs DLQ") << "Image jobs DLQ" << 1 << true;
        QTest::newRow("short") << "jobs" << 1 << true;
        // Longer than a 184-wide card's 128 px text column: two lines, nothing lost.
        QTest::newRow("two lines") << "Nightly billing export worker" << 2 << true;
        // Longer than two lines: the second is elided, the tooltip names it whole.
        QTest::newRow("elided") << "Nightly billing export worker for every region and every customer" << 2 << false;
    }

    void cardGrowsForALongName()
    {
        QFETCH(QString, name);
        QFETCH(int, lines);
        QFETCH(bool, whole);
        Diagram d;
        d.addNode(node("jobs-dlq", "queue", 0, 0, name));
        Canvas c(d);
        NodeItem* card = c.card("jobs-dlq");
        QCOMPARE(int(card->nameLines().size()), lines);
        QCOMPARE(card->nameWhole(), whole);
        const double width = card->cardRect().width();
        QVERIFY(width >= canvas::kNodeWidth && width <= canvas::kNodeMaxWidth);
        if (lines == 1) {
            QCOMPARE(card->nameLines().front(), name);
        } else {
            QVERIFY(!card->nameLines().back().isEmpty());
        }
        QVERIFY(card->toolTip().contains(name.toHtmlEscaped()));
        // The output port sits on the card's right edge, however wide it grew.
        QCOMPARE(card->outputPortScenePos(), QPointF(width, canvas::kNodeHeight / 2));
    }

    void renameGrowsTheCardAndItsEdgesFollow()
    {
        Diagram d;
        d.addNode(node("jobs", "queue", 0, 0));
        d.addNode(node("resize", "worker", 300, 0));
        d.addEdge(edge("jobs", "resize"));
        Canvas c(d);
        QCOMPARE(c.card("jobs")->cardRect().width(), canvas::kNodeWidth);
        c.model.setNodeName(NodeId(QStringLiteral("jobs")), QStringLiteral("Image jobs DLQ"));
        QVERIFY(c.card("jobs")->nameWhole());
        const double width = c.card("jobs")->cardRect().width();
        QVERIFY(width > canvas::kNodeWidth);
        QCOMPARE(c.line("e1")->route().front(), QPointF(width, canvas::kNodeHeight / 2));
    }

    void deadLetterEdgeLeavesFromTheBottom_data()
    {
        QTest::addColumn<double>("dlqX");
        QTest::addColumn<double>("dlqY");
        QTest::addColumn<bool>("entersFromTop");
        // Below the queue (the layout's place for it): straight down into the DLQ's top.
        QTest::newRow("below") << 0.0 << 150.0 << true;
        // Beside it: from the bottom, round into the DLQ's input port on the left.
        QTest::newRow("beside") << 300.0 << 100.0 << false;
    }

    void deadLetterEdgeLeavesFromTheBottom()
    {
        QFETCH(double, dlqX);
        QFETCH(double, dlqY);
        QFETCH(bool, entersFromTop);
        Diagram d;
        d.addNode(node("jobs", "queue", 0, 0));
        d.addNode(node("jobs-dlq", "queue", dlqX, dlqY));
        d.addNode(node("resize", "worker", 300, -150));
        d.addEdge(edge("jobs", "jobs-dlq", "dead-letter"));
        d.addEdge(edge("jobs", "resize"));
        Canvas c(d);
        const QRectF queue = c.card("jobs")->sceneCardRect();  // 0,0 152×56: bottom centre (76, 57)
        QVERIFY(c.line("e1")->leavesFromBottom());
        QCOMPARE(c.line("e1")->route().front(), QPointF(queue.center().x(), queue.bottom() + 1));
        const QRectF dlq = c.card("jobs-dlq")->sceneCardRect();
        const QPointF end = c.line("e1")->route().back();
        if (entersFromTop)
            QVERIFY(QLineF(end, QPointF(dlq.center().x(), dlq.top())).length() < 4);
        else
            QVERIFY(QLineF(end, c.card("jobs-dlq")->inputPortScenePos()).length() < canvas::kPortRadius + 4);
        // The consumer edge keeps the right-hand port.
        QVERIFY(!c.line("e2")->leavesFromBottom());
        QCOMPARE(c.line("e2")->route().front(), c.card("jobs")->outputPortScenePos());
    }

    void fitShowsTheWholeDiagramDownToHalf_data()
    {
        QTest::addColumn<double>("spanX");  // the second card's x; the first is at 0
        QTest::addColumn<bool>("whole");
        // A 1000 × 600 viewport; the diagram is spanX + 152 wide plus the scene's margin.
        QTest::newRow("fits at 100%") << 600.0 << true;
        // Needs about 55%: once clamped to 60% and clipped; now shown whole.
        QTest::newRow("slight overflow") << 1650.0 << true;
        // Needs under 50%: 60%, from the top-left, the rest a scroll away.
        QTest::newRow("large") << 3200.0 << false;
    }

    void fitShowsTheWholeDiagramDownToHalf()
    {
        QFETCH(double, spanX);
        QFETCH(bool, whole);
        Diagram d;
        d.addNode(node("a", "queue", 0, 0));
        d.addNode(node("b", "queue", spanX, 0));
        Canvas c(d);
        DiagramView view(c.scene.get());
        view.resize(1000, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.zoomToFit();
        const QRectF items = c.scene->itemsBoundingRectWithMargin();
        const double fit =
            std::min(view.viewport()->width() / items.width(), view.viewport()->height() / items.height());
        const QRectF visible = view.mapToScene(view.viewport()->rect()).boundingRect();
        if (whole) {
            QVERIFY(fit >= 0.5);
            QCOMPARE(view.zoomFactor(), std::min(fit, 1.0));
            QVERIFY(visible.adjusted(-1, -1, 1, 1).contains(items));
        } else {
            QVERIFY(fit < 0.5);
            QCOMPARE(view.zoomFactor(), 0.6);
            // The top-left card is in view.
            QVERIFY(visible.contains(c.card("a")->sceneCardRect()));
        }
    }

    void websocketPushFitsWholeAt1600x900()
    {
        // The case: at a 60% minimum this sample was clipped by ~2% on the right.
        QTemporaryDir dir;
        MainWindow window(false);
        QVERIFY(window.loadFile(
            QDir(QStringLiteral(MICROLAB_PROJECTS_DIR)).filePath(QStringLiteral("websocket-push.mlab.json"))));
        QVERIFY(window.saveScreenshot(dir.filePath(QStringLiteral("shot.png")), QSize(1600, 900)));
        DiagramView* view = window.view();
        const QRectF cards = window.scene()->itemsBoundingRect();
        const QRectF visible = view->mapToScene(view->viewport()->rect()).boundingRect();
        QVERIFY2(visible.contains(cards), qPrintable(QStringLiteral("zoom %1").arg(view->zoomFactor())));
        QVERIFY(view->zoomFactor() >= 0.5);
    }
};

QTEST_MAIN(TestCanvasGeometry)
#include "tst_canvasgeometry.moc"
