// What a teacher does with a running DLQ sample beyond Run: redrive a chosen few dead-lettered
// messages (the counts change by exactly those), send a FIFO message with its group id from the
// Queues tab's Send form, see the Metrics charts go on without a duplicate point after step
// back, find only the faults a node's kind can have, tap Space to run and hold it to pan, and
// get bottom tabs of a readable height when the run starts.
#include "../../uikit/OpenWindow.h"
#include "../runpanels/RunDriver.h"
#include "MainWindow.h"
#include "Theme.h"
#include "canvas/DiagramScene.h"
#include "canvas/DiagramView.h"
#include "canvas/NodeItem.h"
#include "canvas/RunOverlay.h"
#include "engine/Behaviour.h"
#include "engine/nodes/Queue.h"
#include "panels/run/MetricsPanel.h"
#include "panels/run/QueuesPanel.h"
#include "panels/run/TimelineView.h"
#include "panels/run/TracePanel.h"
#include "run/FaultBox.h"
#include "run/RunCanvas.h"
#include "run/RunController.h"

#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QTreeWidget>
#include <qcustomplot.h>

using namespace ml;
using namespace ml::ui;
using namespace ml::ui::run;
using runkit::RunDriver;

namespace {

constexpr Micros kSecond = kMicrosPerSecond;

// The image pipeline with its worker failing half the time from 20 s on (as tst_runpanels).
void runFailingPipeline(RunDriver& d)
{
    d.runFor(20 * kSecond);
    Fault half;
    half.errorRate = 0.5;
    const int resize = d.node("resize");
    d.feed.withRun([&](EngineRun& run) { run.setFault(resize, half); });
    d.runFor(3 * 60 * kSecond);
}

qint64 held(const QueuesPanel& panel, const char* id)
{
    for (const auto& q : panel.queues())
        if (q.id == QLatin1String(id)) return q.visible + q.inFlight + q.delayed;
    return -1;
}

}  // namespace

class TestRunActions : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("Microlab"));
        QCoreApplication::setApplicationName(QStringLiteral("MicrolabRunActionsTest"));
        initResources();
        applyTheme(ThemeMode::Light);
    }

    void redriveSelectedMovesOnlyThoseMessages()
    {
        RunDriver d;
        QVERIFY(d.start(QStringLiteral("image-pipeline.mlab.json")));
        QueuesPanel panel(&d.feed);
        runFailingPipeline(d);
        panel.resize(1100, 300);
        panel.show();
        QVERIFY(panel.selectQueue(QStringLiteral("jobs-dlq")));
        const qint64 dead = held(panel, "jobs-dlq");
        QVERIFY2(dead > 10, qPrintable(QString::number(dead)));
        QTreeWidget* list = panel.messageList();
        QVERIFY(list->topLevelItemCount() >= 3);
        auto* button = panel.findChild<QPushButton*>(QStringLiteral("redriveSelectedButton"));
        QVERIFY(button && button->isVisible());
        QVERIFY(!button->isEnabled());  // nothing chosen yet

        // Click the first message, Ctrl+click the third: two chosen.
        const quint64 first = list->topLevelItem(0)->data(0, Qt::UserRole).toULongLong();
        const quint64 third = list->topLevelItem(2)->data(0, Qt::UserRole).toULongLong();
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->topLevelItem(0)).center());
        QTest::mouseClick(list->viewport(), Qt::LeftButton, Qt::ControlModifier,
                          list->visualItemRect(list->topLevelItem(2)).center());
        QCOMPARE(panel.selectedMessageIds(), (std::vector<quint64>{std::min(first, third), std::max(first, third)}));
        // A refresh (the run goes on) keeps the choice on the same messages.
        panel.refreshNow();
        QCOMPARE(panel.selectedMessageIds().size(), std::size_t(2));
        QVERIFY(button->isEnabled());

        // Fix the worker; Redrive selected (to "its source queue"): the DLQ holds exactly two fewer
        // at once, and exactly those two were sent back to jobs (transfers, not along an edge).
        d.feed.withRun([&](EngineRun& run) { run.setFault(d.node("resize"), Fault{}); });
        const std::size_t from = d.all.size();
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(held(panel, "jobs-dlq"), dead - 2);
        std::vector<quint64> moved;
        for (std::size_t i = from; i < d.all.size(); ++i)
            if (d.all[i].type == EventType::Sent && d.all[i].peer == d.node("jobs") && d.all[i].detail == "transfer")
                moved.push_back(d.all[i].message);
        std::sort(moved.begin(), moved.end());
        QCOMPARE(moved, (std::vector<quint64>{std::min(first, third), std::max(first, third)}));
        for (const auto& m : panel.messages()) QVERIFY(m.id != first && m.id != third);
        // The worker now takes them: jobs received them again (receive count back to 1 there).
        const quint64 jobsBefore = d.run->engine().behaviour(d.node("jobs")).stats().received;
        d.runFor(kSecond);
        QVERIFY(d.run->engine().behaviour(d.node("jobs")).stats().received >= jobsBefore);
        QVERIFY(d.run->engine().conservation().holds);
    }

    void sendFormCarriesTheFifoGroupId()
    {
        // A FIFO queue with no consumer, so what arrives stays to be looked at.
        const char* text = R"({"format": "microlab/1", "name": "fifo", "seed": 7, "nodes": [
          {"id": "orders", "kind": "queue", "config": {"type": "fifo"}},
          {"id": "plain", "kind": "queue"}], "edges": []})";
        Result<LoadedProject> loaded = projectfile::parse(QByteArray(text), QStringLiteral("fifo.mlab.json"));
        QVERIFY(loaded.ok());
        RunDriver d;
        d.diagram = loaded.value().diagram;
        d.run = std::move(EngineRun::create(d.diagram, {}, {&d}).value());
        d.feed.beginRun(d.diagram, [&](const std::function<void(EngineRun&)>& fn) {
            fn(*d.run);
            return true;
        });
        QueuesPanel panel(&d.feed);
        panel.resize(1000, 300);
        panel.show();
        QVERIFY(panel.selectQueue(QStringLiteral("orders")));
        // Send… opens the form: fill body, attributes, group and deduplication id; press Send.
        bool filled = false;
        QTimer::singleShot(50, [&] {
            QWidget* dialog = QApplication::activeModalWidget();
            if (!dialog) return;
            auto* group = dialog->findChild<QLineEdit*>(QStringLiteral("injectGroup"));
            auto* dedup = dialog->findChild<QLineEdit*>(QStringLiteral("injectDedup"));
            auto* attributes = dialog->findChild<QLineEdit*>(QStringLiteral("injectAttributes"));
            if (!group || !dedup || !attributes) {
                dialog->close();
                return;
            }
            dialog->findChild<QPlainTextEdit*>(QStringLiteral("injectBody"))
                ->setPlainText(QStringLiteral("{\"n\": 7}"));
            group->setText(QStringLiteral("customer-42"));
            dedup->setText(QStringLiteral("order-9"));
            attributes->setText(QStringLiteral("{\"priority\": \"high\"}"));
            filled = true;
            QTest::mouseClick(dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        });
        QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("sendButton")), Qt::LeftButton);
        QVERIFY(filled);
        d.runFor(kSecond);
        const auto& orders =
            dynamic_cast<const Queue&>(d.run->engine().behaviour(d.run->engine().nodeIndex(QStringLiteral("orders"))));
        QCOMPARE(orders.visibleCount(), std::size_t(1));
        const Message& msg = d.run->engine().message(orders.visibleMessages(1)[0]);
        QCOMPARE(msg.groupId, std::string("customer-42"));
        QCOMPARE(msg.deduplicationId, std::string("order-9"));
        QVERIFY(msg.attributes && msg.attributes->value("priority", std::string()) == "high");
        panel.refreshNow();
        QCOMPARE(panel.messages().front().group, QStringLiteral("customer-42"));

        // A standard queue's form has no group or deduplication id (they would do nothing there).
        QVERIFY(panel.selectQueue(QStringLiteral("plain")));
        bool plain = false;
        QTimer::singleShot(50, [&] {
            QWidget* dialog = QApplication::activeModalWidget();
            if (!dialog) return;
            plain = !dialog->findChild<QLineEdit*>(QStringLiteral("injectGroup")) &&
                    dialog->findChild<QLineEdit*>(QStringLiteral("injectAttributes"));
            dialog->close();
        });
        QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("sendButton")), Qt::LeftButton);
        QVERIFY(plain);
    }

    void metricsGoOnAfterStepBackWithoutADuplicatePoint()
    {
        RunDriver d;
        QVERIFY(d.start(QStringLiteral("image-pipeline.mlab.json")));
        MetricsPanel panel(&d.feed);
        panel.resize(900, 300);
        panel.show();
        // Samples as the batches arrive (one per virtual second at least) and one per 10 s here.
        quint64 eventsAt30 = 0;
        for (int k = 1; k <= 6; ++k) {
            d.runFor(10 * kSecond);
            panel.sampleNow();
            if (k == 3) eventsAt30 = d.run->eventCount();
        }
        const std::vector<MetricsPanel::Sample> before = panel.samples();
        // Here a batch arrives when the engine already stands at the end of each 10 s (its sample
        // is the one taken right after): 0, 10, … 60 s.
        QCOMPARE(before.size(), std::size_t(7));

        // Step back to the last event before 30 s, as the controller does: rebuild, then runReset.
        QVERIFY(d.run->stepBack(d.run->eventCount() - eventsAt30).ok());
        d.feed.beginRun(d.diagram, [&](const std::function<void(EngineRun&)>& fn) {
            fn(*d.run);
            return true;
        });
        const Micros now = d.run->engine().now();
        QVERIFY(now > 20 * kSecond && now <= 30 * kSecond);
        // The samples before the new present stay as they were, the later ones are gone, and
        // "now" is the last one.
        const auto& after = panel.samples();
        std::size_t kept = 0;
        while (kept < before.size() && before[kept].time < now) ++kept;
        QCOMPARE(after.size(), kept + 1);
        for (std::size_t i = 0; i < kept; ++i) {
            QCOMPARE(after[i].time, before[i].time);
            QCOMPARE(after[i].depth, before[i].depth);
        }
        QCOMPARE(after.back().time, now);
        // Forward again: strictly increasing times (no point twice), and the chart has one point per sample.
        for (int k = 0; k < 3; ++k) {
            d.runFor(10 * kSecond);
            panel.sampleNow();
        }
        for (std::size_t i = 1; i < panel.samples().size(); ++i)
            QVERIFY(panel.samples()[i].time > panel.samples()[i - 1].time);
        QVERIFY(panel.samples().back().time >= 50 * kSecond);
        panel.setChart(MetricsPanel::Cost);  // picking a chart draws it again
        panel.setChart(MetricsPanel::QueueDepth);
        QVERIFY(panel.plot()->graphCount() > 0);
        QCOMPARE(panel.plot()->graph(0)->dataCount(), int(panel.samples().size()));
    }

    void faultsOfferedFollowTheKind()
    {
        auto w = test::openWindow("image-pipeline");
        QVERIFY(w->startRun());
        const Engine& engine = w->runController()->run()->engine();
        FaultBox* box = w->faultBox();
        auto visible = [&](const char* name) {
            return box->findChild<QWidget*>(QLatin1String(name))->isVisibleTo(box);
        };
        // A function: its four faults, no "pause consumers".
        box->setNode(engine.nodeIndex(QStringLiteral("resize")));
        QVERIFY(box->isVisibleTo(w.get()));
        QVERIFY(visible("faultDown") && visible("faultErrorRate") && visible("faultLatency") &&
                visible("faultThrottle"));
        QVERIFY(!visible("faultPause"));
        // A queue a function polls: only "pause consumers".
        box->setNode(engine.nodeIndex(QStringLiteral("jobs")));
        QVERIFY(visible("faultPause"));
        QVERIFY(!visible("faultDown") && !visible("faultErrorRate") && !visible("faultLatency") &&
                !visible("faultThrottle"));
        // A DLQ nobody polls: no fault applies, no box.
        box->setNode(engine.nodeIndex(QStringLiteral("jobs-dlq")));
        QVERIFY(!box->isVisibleTo(w.get()));
        // The canvas menu agrees.
        auto names = [&](const char* node) {
            std::unique_ptr<QMenu> menu(w->runCanvas()->nodeMenu(engine.nodeIndex(QLatin1String(node)), w.get()));
            QStringList out;
            for (QAction* a : menu->actions())
                if (a->isVisible() && a->objectName().startsWith(QLatin1String("fault"))) out << a->objectName();
            return out;
        };
        QCOMPARE(names("jobs"), (QStringList{QStringLiteral("faultPause"), QStringLiteral("faultClear")}));
        QVERIFY(names("resize").contains(QStringLiteral("faultDown")));
        QVERIFY(!names("resize").contains(QStringLiteral("faultPause")));
        QVERIFY(names("jobs-dlq").isEmpty());
    }

    void faultMenuNamesTheRateInForce()
    {
        auto w = test::openWindow("image-pipeline");
        QVERIFY(w->startRun());
        const int resize = w->runController()->run()->engine().nodeIndex(QStringLiteral("resize"));
        auto errorsEntry = [&] {
            std::unique_ptr<QMenu> menu(w->runCanvas()->nodeMenu(resize, w.get()));
            for (QAction* a : menu->actions())
                if (a->objectName() == QLatin1String("faultErrors")) return std::make_pair(a->text(), a->isChecked());
            return std::make_pair(QString(), false);
        };
        QCOMPARE(errorsEntry(), std::make_pair(QStringLiteral("Error rate 50%"), false));
        // Set to 100% through "Error rate…": the checked entry must not claim 50%.
        Fault f;
        f.errorRate = 1.0;
        w->runController()->setFault(resize, f);
        QCOMPARE(errorsEntry(), std::make_pair(QStringLiteral("Error rate 100%"), true));
        f.errorRate = 0.25;
        w->runController()->setFault(resize, f);
        QCOMPARE(errorsEntry(), std::make_pair(QStringLiteral("Error rate 25%"), true));
    }

    void tokensRideTheEdgeAsDrawn()
    {
        auto w = test::openWindow("image-pipeline");
        QVERIFY(w->startRun());
        const Engine& engine = w->runController()->run()->engine();
        const int jobs = engine.nodeIndex(QStringLiteral("jobs"));
        const int dlq = engine.nodeIndex(QStringLiteral("jobs-dlq"));
        int deadLetter = -1;
        for (const EngineEdge& e : engine.edges())
            if (e.from == jobs && e.to == dlq) deadLetter = e.index;
        QVERIFY(deadLetter >= 0);
        // The dead-letter edge leaves from the bottom of the jobs card: the overlay's path (tokens,
        // the throughput band) starts there too, not at the right-hand port.
        const QRectF card = w->scene()->nodeItem(NodeId{QStringLiteral("jobs")})->sceneCardRect();
        const QPolygonF path = w->runCanvas()->overlay()->edgePath(deadLetter);
        QVERIFY(path.size() > 2);
        QVERIFY2(QLineF(path.first(), QPointF(card.center().x(), card.bottom())).length() < 3,
                 qPrintable(QStringLiteral("starts at %1,%2").arg(path.first().x()).arg(path.first().y())));
        for (const QPointF& p : path) QVERIFY(p.y() >= card.bottom() - 1);
    }

    void runBannerShowsWhileRunning()
    {
        auto w = test::openWindow("image-pipeline");
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QLabel* banner = w->findChild<QLabel*>(QStringLiteral("runBanner"));
        QVERIFY(banner);
        QVERIFY(!banner->isVisible());
        QVERIFY(w->startRun());
        QTRY_VERIFY(banner->isVisible());
        // Still there after the view scrolled (a run opens the bottom tabs, the view re-centres).
        QWidget* viewport = w->findChild<DiagramView*>()->viewport();
        w->findChild<DiagramView*>()->scroll(0, 0);
        w->findChild<DiagramView*>()->centerOn(QPointF(2000, 2000));
        QCoreApplication::processEvents();
        const QRect onViewport(banner->mapTo(w.get(), QPoint(0, 0)) - viewport->mapTo(w.get(), QPoint(0, 0)),
                               banner->size());
        QVERIFY2(viewport->rect().contains(onViewport),
                 qPrintable(QStringLiteral("banner at %1,%2").arg(onViewport.left()).arg(onViewport.top())));
        QVERIFY(onViewport.top() < 40);
        w->runController()->reset();
        QTRY_VERIFY(!banner->isVisible());
    }

    void statusBarKeepsTheZoomOnANarrowWindow()
    {
        auto w = test::openWindow("image-pipeline");
        w->resize(1440, 900);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QLabel* hint = w->findChild<QLabel*>(QStringLiteral("navigationHint"));
        QVERIFY(hint && hint->isVisible());
        QVERIFY(w->startRun());
        // A worker that always fails: the summary grows a dead-letter count, its longest form.
        Fault f;
        f.errorRate = 1.0;
        w->runController()->setFault(w->runController()->run()->engine().nodeIndex(QStringLiteral("resize")), f);
        w->runController()->runFor(3 * 60 * kMicrosPerSecond);
        QTRY_VERIFY(w->findChild<QWidget*>(QStringLiteral("runSummaryBar"))->isVisible());
        QTRY_VERIFY(!hint->isVisible());  // the run's summary takes its room
        QCoreApplication::processEvents();
        QLabel* zoom = w->findChild<QLabel*>(QStringLiteral("zoomLabel"));
        QStatusBar* bar = w->statusBar();
        const QRect inBar(zoom->mapTo(bar, QPoint(0, 0)), zoom->size());
        QVERIFY2(
            bar->rect().contains(inBar),
            qPrintable(QStringLiteral("zoom at %1..%2 of %3").arg(inBar.left()).arg(inBar.right()).arg(bar->width())));
        QVERIFY(zoom->width() >= zoom->sizeHint().width());
        // The report button keeps its own size; the summary takes the rest.
        auto* save = w->findChild<QPushButton*>(QStringLiteral("saveReportButton"));
        QVERIFY(save->width() <= save->sizeHint().width() + 4);
        w->runController()->reset();
        QTRY_VERIFY(hint->isVisible());
    }

    void previousHopWalksOneMessageBackThroughItsRetries()
    {
        auto w = test::openWindow("image-pipeline");
        QVERIFY(w->startRun());
        RunController* rc = w->runController();
        std::vector<EngineEvent> deadLettered;
        connect(w->runFeed(), &RunFeed::eventsAppended, this, [&](const EventBatch& batch) {
            for (const EngineEvent& e : *batch)
                if (e.type == EventType::DeadLettered) deadLettered.push_back(e);
        });
        Fault f;
        f.errorRate = 1.0;
        rc->setFault(rc->run()->engine().nodeIndex(QStringLiteral("resize")), f);
        rc->runFor(3 * 60 * kMicrosPerSecond);
        QVERIFY(!deadLettered.empty());
        const EngineEvent dead = deadLettered.front();
        w->runFeed()->selectMessage(dead.message, dead.trace);
        auto* trace = w->findChild<TracePanel*>();
        QVERIFY(trace);
        const std::vector<TraceHop> all = trace->hops();
        QVERIFY(std::any_of(all.begin(), all.end(),
                            [&](const TraceHop& h) { return h.type == EventType::DeadLettered && h.seq == dead.seq; }));
        const auto before = [&](quint64 seq) {
            return std::size_t(std::count_if(all.begin(), all.end(), [&](const TraceHop& h) { return h.seq < seq; }));
        };

        // Shift+F9: just before the message's latest hop. The run stands at the engine event
        // before it; the hops of that event are gone from the trace, the ones before it remain.
        QTest::keyClick(w.get(), Qt::Key_F9, Qt::ShiftModifier);
        QCOMPARE(rc->eventCount(), all.back().seq - 1);
        QCOMPARE(trace->hops().size(), before(all.back().seq));
        // Again and again, each time to an earlier engine event, until before the dead-letter
        // move: the message stands in jobs after its third failed receive.
        int presses = 1;
        while (std::any_of(trace->hops().begin(), trace->hops().end(),
                           [](const TraceHop& h) { return h.type == EventType::DeadLettered; })) {
            QVERIFY(presses++ < 10);
            const quint64 latest = trace->hops().back().seq;
            trace->previousHopAction()->trigger();
            QCOMPARE(rc->eventCount(), latest - 1);
            QCOMPARE(trace->hops().size(), before(latest));
        }
        QCOMPARE(rc->eventCount(), dead.seq - 1);
        QCOMPARE(std::count_if(trace->hops().begin(), trace->hops().end(),
                               [&](const TraceHop& h) {
                                   return h.type == EventType::InvokeEnd &&
                                          h.node == rc->run()->engine().nodeIndex(QStringLiteral("resize"));
                               }),
                 3);  // maxReceiveCount 3: three failed invocations before the move

        // A double-click on the first hop goes back to before the message existed.
        trace->resize(1100, 500);
        trace->timeline()->resize(trace->timeline()->sizeHint());
        QTest::mouseDClick(trace->timeline(), Qt::LeftButton, {}, trace->timeline()->rowRect(0).center());
        QCOMPARE(rc->eventCount(), all.front().seq - 1);
        QVERIFY(trace->hops().empty());

        // Forward again: the same run (the replay is deterministic), the same hops at the same
        // engine events, the dead-letter move included.
        rc->runFor(all.back().time - rc->now() + kMicrosPerSecond);
        QCOMPARE(trace->hops().size(), all.size());
        for (std::size_t i = 0; i < all.size(); ++i) {
            QCOMPARE(trace->hops()[i].type, all[i].type);
            QCOMPARE(trace->hops()[i].seq, all[i].seq);
            QCOMPARE(trace->hops()[i].time, all[i].time);
        }
    }

    void runButtonsAreIconsNotGlyphs()
    {
        auto w = test::openWindow("image-pipeline");
        QAction* runPause = w->findChild<QAction*>(QStringLiteral("runPause"));
        QVERIFY(runPause);
        // "⏸" is missing from common fonts and drew as a box: plain words beside an icon.
        QCOMPARE(runPause->text(), QStringLiteral("Run"));
        QVERIFY(!runPause->icon().isNull());
        const qint64 before = runPause->icon().cacheKey();
        QVERIFY(w->startRun());
        w->runController()->togglePlay();
        QTRY_COMPARE(runPause->text(), QStringLiteral("Pause"));
        QVERIFY(runPause->icon().cacheKey() != before);
        for (const char* name : {"step", "stepBack", "reset"}) {
            QAction* a = w->findChild<QAction*>(QLatin1String(name));
            QVERIFY2(a && !a->icon().isNull(), name);
            QVERIFY2(!a->text().contains(QChar(0x25A0)), name);
        }
    }

    void spaceTapRunsAndSpaceDragPans()
    {
        auto w = test::openWindow("image-pipeline");
        RunController* run = w->runController();
        DiagramView* view = w->view();
        QWidget* vp = view->viewport();
        view->setFocus();
        // Hold Space and drag on the canvas while editing: it pans, and no run starts.
        const int hBefore = view->horizontalScrollBar()->value();
        QTest::keyPress(view, Qt::Key_Space);
        QTest::mousePress(vp, Qt::LeftButton, {}, QPoint(400, 300));
        QTest::mouseMove(vp, QPoint(340, 300));
        QTest::mouseRelease(vp, Qt::LeftButton, {}, QPoint(340, 300));
        QTest::keyRelease(view, Qt::Key_Space);
        QCOMPARE(view->horizontalScrollBar()->value() - hBefore, 60);
        QVERIFY(!run->hasRun());
        // Tap Space on the canvas: the run starts and runs; tap again: it pauses.
        QTest::keyClick(view, Qt::Key_Space);
        QVERIFY(run->hasRun());
        QCOMPARE(run->state(), RunController::State::Running);
        QTest::keyClick(view, Qt::Key_Space);
        QCOMPARE(run->state(), RunController::State::Paused);
        // While the run exists Space + drag still pans and does not toggle.
        const int vBefore = view->verticalScrollBar()->value();
        QTest::keyPress(view, Qt::Key_Space);
        QTest::mousePress(vp, Qt::LeftButton, {}, QPoint(400, 300));
        QTest::mouseMove(vp, QPoint(400, 260));
        QTest::mouseRelease(vp, Qt::LeftButton, {}, QPoint(400, 260));
        QTest::keyRelease(view, Qt::Key_Space);
        QCOMPARE(view->verticalScrollBar()->value() - vBefore, 40);
        QCOMPARE(run->state(), RunController::State::Paused);
    }

    void maxSpeedOnTheWorkerIsTheSameRunAsHeadless_data()
    {
        QTest::addColumn<bool>("logsShown");
        QTest::newRow("Logs tab shown") << true;
        QTest::newRow("Logs tab hidden") << false;
    }

    void maxSpeedOnTheWorkerIsTheSameRunAsHeadless()
    {
        // At "max" the engine runs on a worker thread; the window must see exactly the events a
        // headless run of the same diagram and seed produces, in the same order. With the Logs
        // tab hidden the log lines are left out (the costliest events; the brief of issue 10's
        // performance target): every other event is still the same, and on pause one line tells
        // Logs what it did not get.
        QFETCH(bool, logsShown);
        auto w = test::openWindow("image-pipeline");
        RunController* run = w->runController();
        QVERIFY(w->showBottomTab(logsShown ? QStringLiteral("logs") : QStringLiteral("problems")));
        QVERIFY(w->startRun());
        std::vector<EngineEvent> seen;
        connect(w->runFeed(), &RunFeed::eventsAppended, this,
                [&](const EventBatch& b) { seen.insert(seen.end(), b->begin(), b->end()); });
        run->setSpeed(RunController::Speed::Max);
        run->play();
        QTRY_VERIFY_WITH_TIMEOUT(run->eventCount() > 30'000, 60'000);
        // A fault set while the worker runs is applied between two slices (journaled as usual).
        Fault slow;
        slow.addedLatency = kSecond;
        run->setFault(run->run()->engine().nodeIndex(QStringLiteral("resize")), slow);
        QTRY_VERIFY_WITH_TIMEOUT(run->eventCount() > 60'000, 60'000);
        run->pause();
        QCOMPARE(run->state(), RunController::State::Paused);
        const quint64 events = run->eventCount();

        QVERIFY(events > 60'000);

        // Headless over the first 20,000 engine events (before the fault): the same notifications.
        Result<LoadedProject> loaded = projectfile::load(test::projectFile("image-pipeline"));
        QVERIFY(loaded.ok());
        RunDriver h;
        h.diagram = loaded.value().diagram;
        h.run = std::move(EngineRun::create(h.diagram, {}, {&h}).value());
        h.run->run(kTimeMax, 20'000);
        std::vector<EngineEvent> expected = h.all;
        if (!logsShown) {
            // The last line seen is the one that says what was left out (no node: microlab's own).
            QVERIFY(!seen.empty() && seen.back().type == EventType::Log && seen.back().node == -1);
            const auto isLog = [](const EngineEvent& e) { return e.type == EventType::Log; };
            std::erase_if(seen, isLog);
            std::erase_if(expected, isLog);
        }
        QVERIFY(seen.size() > expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            const EngineEvent& a = seen[i];
            const EngineEvent& b = expected[i];
            QVERIFY2(a.time == b.time && a.type == b.type && a.node == b.node && a.message == b.message &&
                         a.value == b.value && a.detail == b.detail,
                     qPrintable(QStringLiteral("event %1 differs").arg(i)));
        }
        // The fault went into the journal: step back replays it.
        QVERIFY(run->stepBack(1));
        QCOMPARE(run->fault(run->run()->engine().nodeIndex(QStringLiteral("resize"))).addedLatency, kSecond);
    }

    void bottomTabsGetAThirdOfTheWindowWhenARunStarts()
    {
        auto w = test::openWindow("image-pipeline");
        auto* dock = w->findChild<QDockWidget*>(QStringLiteral("bottomDock"));
        QVERIFY(dock);
        w->resizeDocks({dock}, {120}, Qt::Vertical);
        QTRY_VERIFY(dock->height() < 200);
        QVERIFY(w->startRun());
        // 30% of 900 px = 270 px at least.
        QTRY_VERIFY2(dock->height() >= w->height() * 3 / 10 - 2, qPrintable(QString::number(dock->height())));
    }
};

QTEST_MAIN(TestRunActions)
#include "tst_runactions.moc"
