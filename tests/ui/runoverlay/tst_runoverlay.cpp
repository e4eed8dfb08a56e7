// What the canvas overlay and the Logs tab show of a run at "max": the overlay's bounds stay the
// diagram's after any number of step backs; throughput (msg/s) labels never overlap each other,
// node cards, badges or edge labels, and an edge quiet in virtual time is never drawn busy at
// "0.0 msg/s"; a paused run keeps its last tokens on screen; a Logs tab hidden at max collects no lines and, shown
// again, says in one line how many it left out (so its counts are never silently short).
#include "../../uikit/OpenWindow.h"
#include "MainWindow.h"
#include "Theme.h"
#include "canvas/DiagramScene.h"
#include "canvas/EdgeItem.h"
#include "canvas/NodeItem.h"
#include "canvas/RunOverlay.h"
#include "engine/EngineRun.h"
#include "panels/run/LogModel.h"
#include "panels/run/LogsPanel.h"
#include "run/RunCanvas.h"
#include "run/RunController.h"
#include "run/RunFeed.h"

#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>

using namespace ml;
using namespace ml::ui;

namespace {

quint64 logLines(RunController* run)
{
    quint64 n = 0;
    run->read([&](EngineRun& r) {
        for (const quint64 c : r.engine().logCounts()) n += c;
    });
    return n;
}

}  // namespace

class TestRunOverlay : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        initResources();
        applyTheme(ThemeMode::Light);
    }

    void boundsStayAfterStepBacks()
    {
        auto w = test::openWindow("image-pipeline");
        RunController* run = w->runController();
        QVERIFY(w->startRun());
        run->runFor(30 * kMicrosPerSecond);
        RunOverlay* overlay = w->runCanvas()->overlay();
        // The diagram's extent (every item but the overlay) and the 200 margin of RunCanvas.
        QRectF diagram;
        for (const QGraphicsItem* item : w->scene()->items())
            if (item != overlay) diagram |= item->sceneBoundingRect();
        QVERIFY(run->stepBack(1));
        const QRectF afterOne = overlay->boundingRect();
        QCOMPARE(afterOne, diagram.adjusted(-200, -200, 200, 200));
        for (int i = 0; i < 6; ++i) QVERIFY(run->stepBack(1));
        // Before the fix each rebuild counted the overlay itself: +200 on every side per step back.
        QCOMPARE(overlay->boundingRect(), afterOne);
    }

    void tokensTravelOnTheDrawnEdges()
    {
        // The dead-letter edge jobs → jobs-dlq leaves from the card's bottom (not the output port):
        // its tokens used to fly along a curve of their own, beside the drawn edge.
        auto w = test::openWindow("image-pipeline");
        QVERIFY(w->startRun());
        RunOverlay* overlay = w->runCanvas()->overlay();
        const Engine& engine = w->runController()->run()->engine();
        int checked = 0;
        for (const EngineEdge& e : engine.edges()) {
            const EdgeItem* item = w->scene()->edgeItem(e.id);
            if (!item) continue;
            const QPainterPath drawn = item->mapToScene(item->shape());
            for (const double f : {0.0, 0.25, 0.5, 0.75, 1.0})
                QVERIFY2(drawn.contains(overlay->pointOnEdge(e.index, f)),
                         qPrintable(QStringLiteral("%1 at %2").arg(e.id.value).arg(f)));
            checked += item->leavesFromBottom();
        }
        QCOMPARE(checked, 1);  // the one dead-letter edge of the sample was among them
    }

    void rateLabelsNeverOverlap_data()
    {
        QTest::addColumn<QString>("sample");
        QTest::addColumn<qint64>("minutes");
        QTest::newRow("image-pipeline") << QStringLiteral("image-pipeline") << qint64(5);
        QTest::newRow("reference-architecture") << QStringLiteral("reference-architecture") << qint64(5);
    }

    void rateLabelsNeverOverlap()
    {
        QFETCH(QString, sample);
        QFETCH(qint64, minutes);
        auto w = test::openWindow(qPrintable(sample));
        RunController* run = w->runController();
        QVERIFY(w->startRun());
        run->runFor(minutes * kMicrosPerMinute);
        RunOverlay* overlay = w->runCanvas()->overlay();
        const Engine& engine = run->run()->engine();
        std::vector<QRectF> labels;
        for (std::size_t e = 0; e < engine.edges().size(); ++e) {
            const QRectF r = overlay->rateLabelRect(int(e));
            // A label only on a busy edge; every busy edge of these samples finds a free spot.
            QVERIFY2(!r.isNull() == overlay->edgeInThroughputMode(int(e)),
                     qPrintable(engine.edges()[e].id.value + QStringLiteral(" from ") +
                                engine.node(engine.edges()[e].from).id.value));
            if (!r.isNull()) labels.push_back(r);
        }
        QVERIFY2(labels.size() >= 2, "at 5 minutes of max speed several edges are in throughput mode");
        for (std::size_t a = 0; a < labels.size(); ++a)
            for (std::size_t b = a + 1; b < labels.size(); ++b) QVERIFY(!labels[a].intersects(labels[b]));
        for (int i = 0; i < engine.nodeCount(); ++i) {
            const QRectF badges = overlay->badgeRect(i);
            if (badges.isNull()) continue;
            const NodeItem* item = w->scene()->nodeItem(engine.node(i).id);
            for (const QRectF& l : labels) {
                QVERIFY2(!l.intersects(badges.adjusted(0, 0, 40, 0)), qPrintable(engine.node(i).id.value));
                QVERIFY2(!item || !l.intersects(item->sceneCardRect()), qPrintable(engine.node(i).id.value));
            }
        }
        // Nor over an edge's own label (its name, its filter).
        for (QGraphicsItem* item : w->scene()->items())
            if (item->type() == EdgeLabelItem::Type && item->isVisible())
                for (const QRectF& l : labels) QVERIFY(!l.intersects(item->sceneBoundingRect()));
    }

    void anEdgeQuietInVirtualTimeLeavesThroughputMode()
    {
        // One straight edge. Frames every 16 ms of wall time; 3 messages a frame (≈190 per wall
        // second, well over kThroughputOn) while 1 ms of virtual time passes a frame: throughput.
        RunOverlay overlay;
        overlay.setGeometry({QPolygonF({QPointF(0, 0), QPointF(300, 0)})}, {QRectF()}, QRectF(-50, -50, 400, 100));
        EngineEvent sent = EngineEvent::at(EventType::Sent, 0, 1, 0);
        qint64 wall = 0;
        Micros now = 0;
        for (int frame = 0; frame < 60; ++frame) {
            wall += 16;
            now += 1'000;
            overlay.addEvents({sent, sent, sent}, wall);
            overlay.advance(wall, now);
        }
        QVERIFY(overlay.edgeInThroughputMode(0));
        QVERIFY2(overlay.edgeRate(0) > 1000, qPrintable(QString::number(overlay.edgeRate(0))));
        // Then the messages stop while virtual time races on as at max (30 virtual seconds a frame)
        // for 2 s of wall time. By wall time alone the edge is still busy: its decayed count, about
        // 189·e^-1.92 ≈ 28 over about 1 s of decayed wall time, is over kThroughputOff (12), and a
        // run paused now would keep it so for ever. Per virtual second it is about 28 / 1600 ≈
        // 0.02 msg/s: an ordinary edge, not a busy one labelled "0.0 msg/s".
        for (int frame = 0; frame < 120; ++frame) {
            wall += 16;
            now += 30'000'000;
            overlay.advance(wall, now);
        }
        QVERIFY2(overlay.edgeRate(0) < RunOverlay::kThroughputQuiet, qPrintable(QString::number(overlay.edgeRate(0))));
        QVERIFY(!overlay.edgeInThroughputMode(0));
        QVERIFY(overlay.rateLabelRect(0).isNull());
    }

    void aPausedRunKeepsItsLastTokensOnScreen()
    {
        // Two messages sent on one edge; 2 s of wall time later (a token's trip is 0.7 s) a running
        // overlay has dropped them, a held one (paused) keeps them at the edge's end, where a
        // click still finds them; running again drops them.
        RunOverlay overlay;
        const QPolygonF path({QPointF(0, 0), QPointF(300, 0)});
        overlay.setGeometry({path}, {QRectF()}, QRectF(-50, -50, 400, 100));
        EngineEvent sent = EngineEvent::at(EventType::Sent, 0, 1, 0);
        sent.message = 7;
        sent.trace = 7;
        overlay.addEvents({sent}, 0);
        overlay.advance(16, 1'000);
        QCOMPARE(overlay.tokenCount(), 1);
        overlay.advance(2'000, 1'000, /*hold=*/true);
        QCOMPARE(overlay.tokenCount(), 1);
        QCOMPARE(overlay.tokenPos(0), path.last());
        QCOMPARE(overlay.tokenAt(path.last()).first, quint64(7));
        overlay.advance(2'016, 2'000, /*hold=*/false);
        QCOMPARE(overlay.tokenCount(), 0);
    }

    void tokensStayWhenTheWindowPauses()
    {
        // The tester's complaint: pause, and every token vanishes within a second, so none can be
        // clicked to pick its message. At 1× the image pipeline has tokens on its edges; paused
        // for 1.5 s (twice a token's trip) they are still there.
        auto w = test::openWindow("image-pipeline");
        RunController* run = w->runController();
        QVERIFY(w->startRun());
        run->setSpeed(RunController::Speed::One);
        run->play();
        RunOverlay* overlay = w->runCanvas()->overlay();
        QTRY_VERIFY_WITH_TIMEOUT(overlay->tokenCount() > 0, 10'000);
        run->pause();
        QTest::qWait(1'500);
        QVERIFY2(overlay->tokenCount() > 0, "the paused run's tokens vanished");
    }

    void hiddenLogsAtMaxSayWhatTheyLeftOut()
    {
        auto w = test::openWindow("image-pipeline");
        RunController* run = w->runController();
        QVERIFY(w->showBottomTab(QStringLiteral("problems")));
        QVERIFY(w->startRun());
        auto* logs = w->findChild<run::LogsPanel*>();
        QVERIFY(logs);
        QVERIFY(!logs->isVisible());
        run->setSpeed(RunController::Speed::Max);
        run->play();
        QTRY_VERIFY_WITH_TIMEOUT(run->eventCount() > 20'000, 60'000);
        // The Logs tab shown while the worker runs: collecting starts again at once.
        QVERIFY(w->showBottomTab(QStringLiteral("logs")));
        QVERIFY(logs->isVisible());
        const quint64 shownAt = run->eventCount();
        QTRY_VERIFY_WITH_TIMEOUT(run->eventCount() > shownAt + 10'000, 60'000);
        run->pause();
        run->flush();
        // Exactly one line says what is missing: "N log lines from … to … were not collected".
        const run::LogModel* model = logs->model();
        int markers = 0;
        quint64 leftOut = 0;
        for (int row = 0; row < model->rowCount(); ++row) {
            const run::LogLine& line = model->lineAt(row);
            if (line.node != -1) continue;
            ++markers;
            QCOMPARE(int(line.urgency), 2);  // a warning: it stands out
            const QString text = model->data(model->index(row, run::LogModel::Message)).toString();
            QVERIFY2(text.contains(QStringLiteral("were not collected")), qPrintable(text));
            leftOut = QLocale().toULongLong(text.section(QLatin1Char(' '), 0, 0));
        }
        QCOMPARE(markers, 1);
        QVERIFY(leftOut > 0);
        // Lines collected (before play and after the tab was shown) plus those left out are every
        // line the engine wrote: the marker is the one line that is not the engine's.
        QCOMPARE(model->totalCount() - 1 + leftOut, logLines(run));
    }
};

QTEST_MAIN(TestRunOverlay)
#include "tst_runoverlay.moc"
