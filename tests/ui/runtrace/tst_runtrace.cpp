// The Trace tab in a long run, as a teacher walks one dead-lettered message back: a step back to an
// early hop long after the controller's history dropped it still shows every hop up to that moment,
// and "◀ Previous hop" keeps walking back; the tab scrolls and keeps the current hop in view; its
// header counts what SQS counts and names the cards as the canvas does.
#include "../../uikit/UiTestSetup.h"
#include "Theme.h"
#include "panels/run/RunFormat.h"
#include "panels/run/TimelineView.h"
#include "panels/run/TracePanel.h"
#include "project/ProjectFile.h"
#include "run/RunController.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QStandardPaths>
#include <QWheelEvent>
#include <QtTest>

using namespace ml;
using namespace ml::ui;
using namespace ml::ui::run;

namespace {

constexpr Micros kSecond = kMicrosPerSecond;

// The image pipeline of issue 10's story: resize fails every time from the start, so each job is
// received three times (maxReceiveCount 3) and dead-lettered to jobs-dlq on its fourth receive.
struct FailingPipeline {
    RunFeed feed;
    RunController rc{&feed};
    std::unique_ptr<TracePanel> panel;
    std::size_t published = 0;  // events published since the start
    std::vector<EngineEvent> deadLettered;
    std::vector<EngineEvent> early;  // every event of the first 150 s (the first dead-letter moves)
    bool collecting = true;          // off once a step back republishes the past

    bool start()
    {
        auto loaded = projectfile::load(QStringLiteral(MICROLAB_PROJECTS_DIR "/image-pipeline.mlab.json"));
        if (!loaded.ok()) return false;
        panel = std::make_unique<TracePanel>(&feed);
        QObject::connect(&feed, &RunFeed::eventsAppended, &feed, [this](const EventBatch& batch) {
            published += batch->size();
            for (const EngineEvent& e : *batch) {
                if (e.type == EventType::DeadLettered) deadLettered.push_back(e);
                if (collecting && e.time <= 150 * kSecond) early.push_back(e);
            }
        });
        if (!rc.start(loaded.value().diagram)) return false;
        Fault always;
        always.errorRate = 1.0;
        rc.setFault(rc.run()->engine().nodeIndex(QStringLiteral("resize")), always);
        return true;
    }

    // The hops of `trace` among the early events (what a fresh run shows for it), before `seq`.
    std::vector<EngineEvent> hopsOf(quint64 trace, quint64 beforeSeq = ~quint64(0)) const
    {
        std::vector<EngineEvent> hops;
        for (const EngineEvent& e : early)
            if (e.trace == trace && e.type != EventType::Log && e.seq < beforeSeq) hops.push_back(e);
        return hops;
    }
};

QString title(const TracePanel& panel) { return panel.findChild<QLabel*>(QStringLiteral("traceTitle"))->text(); }

bool sameHops(const std::vector<TraceHop>& shown, const std::vector<EngineEvent>& expected)
{
    if (shown.size() != expected.size()) {
        qWarning("%zu hops shown, %zu expected", shown.size(), expected.size());
        return false;
    }
    for (std::size_t i = 0; i < shown.size(); ++i)
        if (shown[i].type != expected[i].type || shown[i].seq != expected[i].seq || shown[i].time != expected[i].time) {
            qWarning("hop %zu differs: seq %llu vs %llu", i, static_cast<unsigned long long>(shown[i].seq),
                     static_cast<unsigned long long>(expected[i].seq));
            return false;
        }
    return true;
}

// Where hop `row` is in the scroll area's viewport (its top and bottom, in viewport pixels).
std::pair<int, int> rowInViewport(const TracePanel& panel, int row)
{
    const QRect r = panel.timeline()->rowRect(row);
    const QPoint top = panel.timeline()->mapTo(panel.scrollArea()->viewport(), r.topLeft());
    return {top.y(), top.y() + r.height()};
}

// In view: below the lane headers (they stay at the top, as tall as the space above row 0) and
// above the viewport's bottom.
bool rowVisible(const TracePanel& panel, int row)
{
    const auto [top, bottom] = rowInViewport(panel, row);
    return top >= panel.timeline()->rowRect(0).top() && bottom <= panel.scrollArea()->viewport()->height();
}

}  // namespace

class TestRunTrace : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { test::setUpApplication(); }

    void aStepBackBeforeTheKeptHistoryShowsTheWholeTraceAndWalksOnBack()
    {
        FailingPipeline p;
        QVERIFY(p.start());
        p.rc.runFor(150 * kSecond);
        QVERIFY(!p.deadLettered.empty());
        const EngineEvent dead = p.deadLettered.front();
        const std::vector<EngineEvent> all = p.hopsOf(dead.trace);
        QVERIFY(all.size() >= 20);
        p.collecting = false;
        // The hop the tester double-clicked ("00:01:01.168 resize: invocation FAILED"): resize's
        // second failed invocation of this message, after its second receive at about 1:00.
        const int resize = p.rc.run()->engine().nodeIndex(QStringLiteral("resize"));
        std::vector<std::size_t> failures;
        for (std::size_t i = 0; i < all.size(); ++i)
            if (all[i].type == EventType::InvokeEnd && all[i].node == resize && all[i].detail != "success")
                failures.push_back(i);
        QCOMPARE(failures.size(), std::size_t(3));
        const auto clicked = all.begin() + std::ptrdiff_t(failures[1]);
        const quint64 target = clicked->seq;
        const std::size_t upToTarget = std::size_t(
            std::count_if(p.early.begin(), p.early.end(), [&](const EngineEvent& e) { return e.seq < target; }));

        // On, until the controller's history (kHistoryEvents) no longer reaches back to that hop:
        // more than kHistoryEvents published after it, and a frame's batch to spare.
        for (int minutes = 0; p.published < upToTarget + RunController::kHistoryEvents + 50'000; ++minutes) {
            QVERIFY2(minutes < 60, "the run publishes too few events");
            p.rc.runFor(60 * kSecond);
        }
        p.feed.selectMessage(dead.message, dead.trace);
        QVERIFY(sameHops(p.panel->hops(), all));

        // Double-click on that hop: the run stands just before it, and the Trace shows every hop
        // before it (a fresh run to that moment would), not the few the history still held.
        const auto row = int(clicked - all.begin());
        QVERIFY(p.panel->rewindToHop(row));
        QCOMPARE(p.rc.eventCount(), target - 1);
        QVERIFY(sameHops(p.panel->hops(), p.hopsOf(dead.trace, target)));
        QVERIFY(!title(*p.panel).contains(QStringLiteral("older than")));

        // Shift+F9 walks back hop by hop, each time to just before the newest one, to before
        // the message existed.
        for (int presses = 0; !p.panel->hops().empty(); ++presses) {
            QVERIFY(presses < int(all.size()));
            const quint64 latest = p.panel->hops().back().seq;
            p.panel->previousHopAction()->trigger();
            QCOMPARE(p.rc.eventCount(), latest - 1);
            QVERIFY(sameHops(p.panel->hops(), p.hopsOf(dead.trace, latest)));
        }
        // Nothing of it has happened yet, and the feed holds the run from its start: no talk of
        // events too old to be kept.
        QVERIFY2(title(*p.panel).contains(QStringLiteral("0 hops (none up to now)")), qPrintable(title(*p.panel)));

        // Forward again: the same run, the same hops at the same engine events.
        p.rc.runFor(all.back().time - p.rc.now() + kSecond);
        QVERIFY(sameHops(p.panel->hops(), all));
    }

    void theTraceScrollsAndKeepsTheCurrentHopInView()
    {
        FailingPipeline p;
        QVERIFY(p.start());
        p.rc.runFor(150 * kSecond);
        QVERIFY(!p.deadLettered.empty());
        const EngineEvent dead = p.deadLettered.front();
        // The default dock: about 8 rows of a 26-hop trace fit.
        p.panel->resize(1000, 260);
        p.panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(p.panel.get()));
        p.feed.selectMessage(dead.message, dead.trace);
        const int hops = int(p.panel->hops().size());
        QVERIFY(hops >= 20);
        QScrollBar* bar = p.panel->scrollArea()->verticalScrollBar();
        QTRY_VERIFY(bar->isVisible());
        QVERIFY(bar->maximum() > 0);
        // The last row (the dead-letter move) can be reached: the scroll range covers the diagram.
        QVERIFY(p.panel->timeline()->height() >= p.panel->timeline()->rowRect(hops - 1).bottom());
        // Selecting the message shows its newest hop (the dead-letter move): it is the current
        // row and in view.
        QCOMPARE(p.panel->timeline()->currentRow(), hops - 1);
        QVERIFY(rowVisible(*p.panel, hops - 1));

        // The wheel scrolls: up three notches from the bottom moves the view up.
        const int before = bar->value();
        QWidget* viewport = p.panel->scrollArea()->viewport();
        const QPointF at(viewport->width() / 2.0, viewport->height() / 2.0);
        QWheelEvent wheel(at, viewport->mapToGlobal(at), QPoint(), QPoint(0, 3 * 120), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(viewport, &wheel);
        QVERIFY2(bar->value() < before, qPrintable(QStringLiteral("%1 → %2").arg(before).arg(bar->value())));

        // The lane headers stay in view while the rows scroll: a click there is no hop, and its
        // tooltip names the lane.
        const QPoint header(p.panel->timeline()->rowRect(0).left() + 300, -p.panel->timeline()->pos().y() + 4);
        QCOMPARE(p.panel->timeline()->rowAt(header), -1);
        QVERIFY(p.panel->timeline()->laneNodeAt(header) >= 0);

        // A click on the first hop (as from the list or a log line) scrolls it into view...
        p.panel->activateHop(0);
        QVERIFY(rowVisible(*p.panel, 0));
        QCOMPARE(bar->value(), 0);
        // ...and after a step back (Previous hop) the newest remaining hop is current and in view.
        p.panel->previousHopAction()->trigger();
        const int left = int(p.panel->hops().size());
        QVERIFY(left > 0 && left < hops);
        QCOMPARE(p.panel->timeline()->currentRow(), left - 1);
        QVERIFY(rowVisible(*p.panel, left - 1));

        // Narrower than its lanes and words: it scrolls sideways too.
        p.panel->resize(320, 260);
        QTRY_VERIFY(p.panel->scrollArea()->horizontalScrollBar()->maximum() > 0);
    }

    void theHeaderCountsWhatSqsCountsAndNamesTheCards()
    {
        FailingPipeline p;
        QVERIFY(p.start());
        p.rc.runFor(150 * kSecond);
        QVERIFY(!p.deadLettered.empty());
        const EngineEvent dead = p.deadLettered.front();
        p.feed.selectMessage(dead.message, dead.trace);
        const QString text = title(*p.panel);
        // maxReceiveCount 3: three receives (the DLQ's "Receives 3", the dead-letter hop's
        // "after 3 receives"), each ending in a failed resize invocation; the fourth receive
        // attempt moves it. No Lambda retries in an SQS-driven worker.
        QCOMPARE(dead.value, 3);
        QVERIFY2(text.contains(QStringLiteral("3 receives")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("3 failed invocations")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("retries")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("ended in the dead-letter queue")), qPrintable(text));

        // Lanes are headed by the cards' names (Uploaders, Public API), ids in the tooltip.
        TimelineView* view = p.panel->timeline();
        QVERIFY(view->laneCount() >= 5);
        QCOMPARE(view->laneName(0), QStringLiteral("Uploaders"));
        QCOMPARE(view->laneName(1), QStringLiteral("Public API"));
        QCOMPARE(view->laneName(2), QStringLiteral("router"));  // no name: its id
        const std::vector<TraceHop>& hops = p.panel->hops();
        QVERIFY(std::any_of(hops.begin(), hops.end(),
                            [](const TraceHop& h) { return h.text == QLatin1String("sent to Public API"); }));

        // "Public API: done, its work passed on" came twice: the engine ends two messages there,
        // the event it passed to router (once router answered) and the client's request (once
        // answered with 202). Each line names its message now.
        QStringList forwarded;
        for (const TraceHop& h : hops)
            if (h.type == EventType::Forwarded && h.node == p.rc.run()->engine().nodeIndex(QStringLiteral("api")))
                forwarded << h.text;
        QCOMPARE(forwarded.size(), 2);
        QCOMPARE(forwarded[0], QStringLiteral("m%1 done, its work passed on").arg(dead.trace + 1));
        QCOMPARE(forwarded[1], QStringLiteral("m%1 done, its work passed on").arg(dead.trace));
    }

    void aRedrivenMessageSaysItsEarlierHopsAreOlderThanTheKeptEvents()
    {
        FailingPipeline p;
        QVERIFY(p.start());
        p.rc.runFor(150 * kSecond);
        QVERIFY(!p.deadLettered.empty());
        const EngineEvent dead = p.deadLettered.front();
        p.collecting = false;
        // Long enough for the feed (kRecentEvents) to drop the message's first hops...
        for (int minutes = 0; p.published < RunFeed::kRecentEvents + 100'000; ++minutes) {
            QVERIFY2(minutes < 60, "the run publishes too few events");
            p.rc.runFor(60 * kSecond);
        }
        // ...then resize works again and the teacher redrives that one message back to jobs.
        const Engine& engine = p.rc.run()->engine();
        p.rc.setFault(engine.nodeIndex(QStringLiteral("resize")), Fault{});
        qint64 moved = 0;
        p.feed.withRun([&](EngineRun& run) {
            moved = run.redriveMessages(run.engine().nodeIndex(QStringLiteral("jobs-dlq")), {dead.message});
        });
        QCOMPARE(moved, 1);
        const Micros redrivenAt = p.rc.now();
        p.rc.runFor(5 * kSecond);
        p.feed.selectMessage(dead.message, dead.trace);
        const std::vector<TraceHop>& hops = p.panel->hops();
        QVERIFY(!hops.empty());
        // The trace shown starts at the redrive, and says why the hops before it are missing.
        QCOMPARE(hops.front().text, QStringLiteral("redriven to jobs"));
        QVERIFY(hops.front().redrive);
        QCOMPARE(hops.front().time, redrivenAt);
        const QString text = title(*p.panel);
        QVERIFY2(text.contains(QStringLiteral("its hops before the redrive at %1 are older than the ")
                                   .arg(clockText(engine.startTime() + redrivenAt))),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral(" events kept, from ")), qPrintable(text));
    }
};

QTEST_MAIN(TestRunTrace)
#include "tst_runtrace.moc"
