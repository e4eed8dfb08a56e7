// The run tabs (Logs, Queues & DLQ, Metrics, Trace, WebSocket, the summary bar) fed by a real
// EngineRun of a sample: the DLQ lists its messages with their receive counts and redrive moves
// them back; the Logs filters count what they should; the Trace lists every hop of a message
// including retries and the dead-letter move; the Logs ring keeps its cap; a click on a log line
// selects its message. MICROLAB_PANELS_SHOTS=DIR also saves a PNG of each tab there.
#include "../../uikit/UiTestSetup.h"
#include "RunDriver.h"
#include "Theme.h"
#include "engine/Behaviour.h"
#include "panels/run/LogsPanel.h"
#include "panels/run/MetricsPanel.h"
#include "panels/run/QueuesPanel.h"
#include "panels/run/RunFormat.h"
#include "panels/run/RunPanels.h"
#include "panels/run/RunSummaryBar.h"
#include "panels/run/TimelineView.h"
#include "panels/run/TracePanel.h"
#include "panels/run/WebSocketPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <qcustomplot.h>

using namespace ml;
using namespace ml::ui;
using namespace ml::ui::run;
using runkit::RunDriver;

namespace {

constexpr Micros kSecond = kMicrosPerSecond;

// The image pipeline with its worker failing half the time from 20 s on: at 20 requests/s and
// maxReceiveCount 3, about one message in eight fails three times and is dead-lettered.
// The panels must exist before (they listen to the feed as a run goes, like the window's).
void startPipeline(RunDriver& d) { QVERIFY(d.start(QStringLiteral("image-pipeline.mlab.json"))); }

void runFailingPipeline(RunDriver& d, Micros span = 3 * 60 * kSecond)
{
    d.runFor(20 * kSecond);
    Fault half;
    half.errorRate = 0.5;
    const int resize = d.node("resize");
    d.feed.withRun([&](EngineRun& run) { run.setFault(resize, half); });
    d.runFor(span);
}

int countEvents(const std::vector<EngineEvent>& events, const std::function<bool(const EngineEvent&)>& pick)
{
    return int(std::count_if(events.begin(), events.end(), pick));
}

QString logText(const EngineEvent& e)
{
    const Json line = Json::parse(e.detail, nullptr, false);
    return line.is_object() ? QString::fromStdString(line.value("message", std::string())) : QString();
}

void saveShot(QWidget* w, const char* name)
{
    const QString dir = qEnvironmentVariable("MICROLAB_PANELS_SHOTS");
    if (dir.isEmpty()) return;
    w->resize(1200, 300);
    w->show();
    QCoreApplication::processEvents();
    w->grab().save(dir + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png"));
}

}  // namespace

class TestRunPanels : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { test::setUpApplication(); }

    void queuesListTheDeadLetteredMessagesAndRedriveMovesThemBack()
    {
        RunDriver d;
        startPipeline(d);
        QueuesPanel panel(&d.feed);
        // Before anything failed the DLQ is listed without the warning sign: empty is good news.
        panel.refreshNow();
        const auto items = panel.queueList()->findItems(QStringLiteral("jobs-dlq"), Qt::MatchContains);
        QCOMPARE(items.size(), 1);
        QVERIFY2(!items.front()->text(0).contains(QStringLiteral("\u26A0")), qPrintable(items.front()->text(0)));
        runFailingPipeline(d);
        const int dead = countEvents(d.all, [](const EngineEvent& e) { return e.type == EventType::DeadLettered; });
        // ≈ 160 s × 20/s × (1/2)³ ≈ 400; the exact number comes from the run itself.
        QVERIFY2(dead > 50, qPrintable(QString::number(dead)));

        panel.resize(1100, 300);
        panel.show();
        QVERIFY(panel.selectQueue(QStringLiteral("jobs-dlq")));
        const auto& queues = panel.queues();
        const auto dlq = std::find_if(queues.begin(), queues.end(), [](const auto& q) { return q.id == "jobs-dlq"; });
        QVERIFY(dlq != queues.end());
        QVERIFY(dlq->deadLetter);
        QCOMPARE(dlq->source, d.node("jobs"));
        QCOMPARE(dlq->visible + dlq->inFlight + dlq->delayed, qint64(dead));
        // Every listed message failed three times in jobs (maxReceiveCount 3) and says so.
        QCOMPARE(int(panel.messages().size()), std::min(dead, QueuesPanel::kShownMessages));
        QCOMPARE(panel.messageList()->topLevelItemCount(), int(panel.messages().size()));
        for (int i = 0; i < panel.messageList()->topLevelItemCount(); ++i) {
            const QTreeWidgetItem* item = panel.messageList()->topLevelItem(i);
            QCOMPARE(item->text(2), QStringLiteral("3"));
            QCOMPARE(item->text(5), QStringLiteral("jobs"));
        }
        QVERIFY(panel.queueList()->currentItem()->text(0).contains(QStringLiteral("DLQ")));
        // A DLQ with messages carries the warning sign; a queue that is no DLQ shows no "to" label
        // of the redrive row (it stood alone under every other queue).
        QVERIFY(panel.queueList()->currentItem()->text(0).startsWith(QStringLiteral("\u26A0 ")));
        const auto* to = panel.findChild<QLabel*>(QStringLiteral("redriveToLabel"));
        QVERIFY(to && to->isVisibleTo(&panel));
        QVERIFY(panel.selectQueue(QStringLiteral("jobs")));
        QVERIFY(!to->isVisibleTo(&panel));
        QVERIFY(panel.selectQueue(QStringLiteral("jobs-dlq")));
        QSignalSpy selected(&d.feed, &RunFeed::messageSelected);
        const QTreeWidgetItem* first = panel.messageList()->topLevelItem(0);
        QTest::mouseClick(panel.messageList()->viewport(), Qt::LeftButton, {},
                          panel.messageList()->visualItemRect(first).center());
        QCOMPARE(selected.count(), 1);
        QCOMPARE(d.feed.selectedMessage(), panel.messages().front().id);
        QVERIFY(panel.messageJson(panel.messages().front().id).contains(QStringLiteral("\"receiveCount\": 3")));
        saveShot(&panel, "queues");

        // Fix the worker, press Redrive: at 500 messages/s the DLQ empties within a second
        // or two, and jobs receives every one of them again (receive count back to 0).
        const quint64 jobsReceivedBefore = d.run->engine().behaviour(d.node("jobs")).stats().received;
        d.feed.withRun([&](EngineRun& run) { run.setFault(d.node("resize"), Fault{}); });
        auto* redrive = panel.findChild<QPushButton*>(QStringLiteral("redriveButton"));
        QVERIFY(redrive && redrive->isEnabled());
        std::vector<quint64> redriven;
        for (const auto& m : panel.messages()) redriven.push_back(m.id);
        const std::size_t eventsBefore = d.all.size();
        QTest::mouseClick(redrive, Qt::LeftButton);
        // The run stands still (nothing has moved yet: 500 a virtual second): the title says the
        // redrive is under way, how many are left at what rate, and that it needs the run to run.
        const auto* title = panel.findChild<QLabel*>(QStringLiteral("queueTitle"));
        QVERIFY(title);
        QTRY_VERIFY2(title->text().contains(QStringLiteral("<b>Redriving:</b> %1 left at 500 msg/s of virtual time")
                                                .arg(ml::ui::run::countText(dead))),
                     qPrintable(title->text()));
        QVERIFY2(title->text().contains(QStringLiteral("press Run")), qPrintable(title->text()));
        d.runFor(5 * kSecond);
        panel.refreshNow();
        // What is in the DLQ now failed its last receive in those 5 s (messages that were on their
        // last attempt when the worker was fixed; the first of them went back with the redrive,
        // which runs until the DLQ is empty), and none of the redriven is back.
        const int deadSince = countEvents({d.all.begin() + std::ptrdiff_t(eventsBefore), d.all.end()},
                                          [](const EngineEvent& e) { return e.type == EventType::DeadLettered; });
        const auto after = std::find_if(panel.queues().begin(), panel.queues().end(),
                                        [](const auto& q) { return q.id == "jobs-dlq"; });
        QVERIFY(after->visible + after->inFlight + after->delayed <= qint64(deadSince));
        QVERIFY(deadSince < dead / 4);
        for (const auto& m : panel.messages())
            QVERIFY(std::find(redriven.begin(), redriven.end(), m.id) == redriven.end());
        QVERIFY2(!title->text().contains(QStringLiteral("Redriving")), qPrintable(title->text()));  // done
        const quint64 jobsReceivedAfter = d.run->engine().behaviour(d.node("jobs")).stats().received;
        QVERIFY(jobsReceivedAfter >= jobsReceivedBefore + quint64(dead));

        // A highlighted queue is the one listed; Send puts a message into it.
        d.feed.highlightNode(QStringLiteral("jobs"));
        QCOMPARE(panel.selectedQueue(), QStringLiteral("jobs"));
        const std::size_t sentFrom = d.all.size();
        QVERIFY(panel.send(QStringLiteral("{\"url\": \"https://example.com/dog.jpg\"}")));
        QString error;
        QVERIFY(!panel.send(QStringLiteral("{not json"), &error));
        QVERIFY(!error.isEmpty());
        d.runFor(kSecond / 10);
        // Exactly one message entered the run at jobs (the pipeline's own arrive through the router).
        QCOMPARE(
            countEvents({d.all.begin() + std::ptrdiff_t(sentFrom), d.all.end()},
                        [&](const EngineEvent& e) { return e.type == EventType::Entered && e.node == d.node("jobs"); }),
            1);

        // Purge (when the engine has it: EngineRun::purge comes with `--at purge:Q`).
        if (QueuesPanel::canPurge()) {
            QVERIFY(panel.selectQueue(QStringLiteral("jobs")));
            QVERIFY(panel.purge());
            panel.refreshNow();
            QCOMPARE(panel.queues().front().visible, qint64(0));
        }
    }

    void queueActionsFitANarrowTabAndSitOnTheMessages()
    {
        RunDriver d;
        startPipeline(d);
        QueuesPanel panel(&d.feed);
        runFailingPipeline(d, 2 * 60 * kSecond);
        // The tab's width on a 1440 px window with the palette and the inspector open.
        panel.resize(840, 260);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(panel.selectQueue(QStringLiteral("jobs-dlq")));
        QCoreApplication::processEvents();
        QVERIFY(panel.messageList()->topLevelItemCount() > 0);
        // No button is cut: each is at least as wide as its text needs.
        for (QPushButton* b : panel.findChildren<QPushButton*>()) {
            if (!b->isVisible()) continue;
            QVERIFY2(
                b->width() >= b->sizeHint().width(),
                qPrintable(QStringLiteral("%1: %2 < %3").arg(b->text()).arg(b->width()).arg(b->sizeHint().width())));
            QVERIFY2(panel.rect().contains(QRect(b->mapTo(&panel, QPoint(0, 0)), b->size())), qPrintable(b->text()));
        }
        // Right-click on a message offers what the buttons do, enabled as they are.
        QStringList offered;
        for (QAction* a : panel.messageList()->actions())
            if (a->isVisible()) offered << a->text();
        QCOMPARE(offered, (QStringList{QStringLiteral("Redrive selected"), QStringLiteral("View JSON"),
                                       QStringLiteral("Copy JSON")}));
        QVERIFY(!panel.messageList()->actions().first()->isEnabled());  // nothing selected yet
        QTest::mouseClick(panel.messageList()->viewport(), Qt::LeftButton, {},
                          panel.messageList()->visualItemRect(panel.messageList()->topLevelItem(0)).center());
        QCOMPARE(panel.messageList()->selectedItems().size(), 1);
        QVERIFY(panel.findChild<QPushButton*>(QStringLiteral("redriveSelectedButton"))->isEnabled());
        QVERIFY(panel.messageList()->actions().first()->isEnabled());
    }

    void aBigDeadLetterQueueRefreshesInLinearWork()
    {
        // Counts the size hints the message list asks for: with its columns sized to contents,
        // each cell written re-measured the whole column, rows² × columns per refresh, and 500
        // dead-lettered messages froze the window. A refresh must measure each cell a few times.
        struct CountingDelegate : QStyledItemDelegate {
            using QStyledItemDelegate::QStyledItemDelegate;
            mutable long calls = 0;
            QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override
            {
                ++calls;
                return QStyledItemDelegate::sizeHint(option, index);
            }
        };
        RunDriver d;
        startPipeline(d);
        QueuesPanel panel(&d.feed);
        runFailingPipeline(d);
        panel.resize(1100, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(panel.selectQueue(QStringLiteral("jobs-dlq")));
        const long rows = panel.messageList()->topLevelItemCount();
        QVERIFY2(rows > 200, qPrintable(QString::number(rows)));
        auto* counting = new CountingDelegate(panel.messageList());
        panel.messageList()->setItemDelegate(counting);
        // Redrive: the list shrinks between refreshes while every age changes, rows are removed
        // and every remaining row rewritten (where the window froze).
        d.feed.withRun([&](EngineRun& run) { run.setFault(d.node("resize"), Fault{}); });
        counting->calls = 0;
        QVERIFY(panel.redrive());
        d.runFor(kSecond / 5);
        panel.refreshNow();
        QCoreApplication::processEvents();
        const long columns = panel.messageList()->columnCount();
        QVERIFY2(counting->calls <= 4 * rows * columns,
                 qPrintable(QStringLiteral("%1 size hints for %2 rows").arg(counting->calls).arg(rows)));
    }

    void logsFiltersStayForTheSameDiagramAndClearForAnother()
    {
        // A filter set on one diagram (text "carol", node resize) stays for its next run, and is
        // gone when another diagram runs: it showed 0 lines there and looked like no logs at all.
        RunDriver d;
        QVERIFY(d.start(QStringLiteral("image-pipeline.mlab.json")));
        LogsPanel panel(&d.feed);
        panel.nodeFilter()->setCurrentIndex(panel.nodeFilter()->findData(QStringLiteral("resize")));
        QTest::keyClicks(panel.textFilter(), QStringLiteral("carol"));
        QVERIFY(d.start(QStringLiteral("image-pipeline.mlab.json")));
        QCOMPARE(panel.textFilter()->text(), QStringLiteral("carol"));
        QCOMPARE(panel.nodeFilter()->currentData().toString(), QStringLiteral("resize"));
        QVERIFY(d.start(QStringLiteral("crud-api.mlab.json")));
        QVERIFY(panel.textFilter()->text().isEmpty());
        QCOMPARE(panel.nodeFilter()->currentIndex(), 0);
    }

    void logsFilterByNodeUrgencyTextAndTrace()
    {
        RunDriver d;
        startPipeline(d);
        LogsPanel panel(&d.feed);
        runFailingPipeline(d, 30 * kSecond);
        std::vector<EngineEvent> logs;
        for (const EngineEvent& e : d.all)
            if (e.type == EventType::Log) logs.push_back(e);
        QVERIFY(logs.size() > 1000);
        QCOMPARE(panel.model()->rowCount(), int(logs.size()));

        const int resize = d.node("resize");
        panel.nodeFilter()->setCurrentIndex(panel.nodeFilter()->findData(QStringLiteral("resize")));
        const int ofResize = countEvents(logs, [&](const EngineEvent& e) { return e.node == resize; });
        QVERIFY(ofResize > 0 && ofResize < int(logs.size()));
        QCOMPARE(panel.model()->rowCount(), ofResize);

        panel.urgencyFilter()->setCurrentIndex(panel.urgencyFilter()->findData(2));
        const int warnings = countEvents(logs, [&](const EngineEvent& e) { return e.node == resize && e.value >= 2; });
        QCOMPARE(panel.model()->rowCount(), warnings);

        panel.urgencyFilter()->setCurrentIndex(0);
        panel.nodeFilter()->setCurrentIndex(0);
        QTest::keyClicks(panel.textFilter(), QStringLiteral("start requestid"));
        const int starts = countEvents(logs, [](const EngineEvent& e) {
            return logText(e).contains(QStringLiteral("start requestid"), Qt::CaseInsensitive);
        });
        QVERIFY(starts > 0);
        QCOMPARE(panel.model()->rowCount(), starts);
        panel.textFilter()->clear();

        // Lines arriving later go through the same filter.
        panel.nodeFilter()->setCurrentIndex(panel.nodeFilter()->findData(QStringLiteral("resize")));
        const std::size_t before = d.all.size();
        d.runFor(5 * kSecond);
        const int more = countEvents({d.all.begin() + std::ptrdiff_t(before), d.all.end()}, [&](const EngineEvent& e) {
            return e.type == EventType::Log && e.node == resize;
        });
        QVERIFY(more > 0);
        QCOMPARE(panel.model()->rowCount(), ofResize + more);
        panel.nodeFilter()->setCurrentIndex(0);

        // The trace filter: the lines of one message's trace (its worker's START…REPORT lines).
        const auto withTrace =
            std::find_if(logs.begin(), logs.end(), [](const EngineEvent& e) { return e.trace != 0; });
        QVERIFY(withTrace != logs.end());
        d.feed.selectMessage(withTrace->message, withTrace->trace);
        panel.traceFilter()->setChecked(true);
        const int ofTrace = countEvents(
            d.all, [&](const EngineEvent& e) { return e.type == EventType::Log && e.trace == withTrace->trace; });
        QVERIFY(ofTrace >= 3);  // START, END, REPORT at least
        QCOMPARE(panel.model()->rowCount(), ofTrace);
        panel.traceFilter()->setChecked(false);
        saveShot(&panel, "logs");
    }

    void clickingALogLineSelectsItsMessage()
    {
        RunDriver d;
        startPipeline(d);
        LogsPanel panel(&d.feed);
        runFailingPipeline(d, 10 * kSecond);
        panel.resize(1100, 400);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.textFilter()->setText(QStringLiteral("END RequestId"));
        QVERIFY(panel.model()->rowCount() > 0);
        const LogLine line = panel.model()->lineAt(0);
        QVERIFY(line.message != 0 && line.trace != 0);
        QSignalSpy highlighted(&d.feed, &RunFeed::nodeHighlighted);
        panel.table()->scrollToTop();
        QTest::mouseClick(panel.table()->viewport(), Qt::LeftButton, {},
                          panel.table()->visualRect(panel.model()->index(0, LogModel::Message)).center());
        QCOMPARE(d.feed.selectedMessage(), line.message);
        QCOMPARE(d.feed.selectedTrace(), line.trace);
        QCOMPARE(highlighted.count(), 1);
        QCOMPARE(highlighted.first().first().toString(), d.diagram.nodes()[size_t(line.node)].id.value);

        // The tail: followed while at the bottom, left alone once the user scrolls up.
        panel.textFilter()->clear();
        QCoreApplication::processEvents();
        QScrollBar* sb = panel.table()->verticalScrollBar();
        QVERIFY(sb->maximum() > 0);
        QVERIFY(panel.followsTail());
        QCOMPARE(sb->value(), sb->maximum());
        sb->setValue(10);  // the user scrolls up
        QVERIFY(!panel.followsTail());
        const int maxBefore = sb->maximum();
        d.runFor(2 * kSecond);
        QCoreApplication::processEvents();
        QVERIFY(sb->maximum() > maxBefore);
        QCOMPARE(sb->value(), 10);
        sb->setValue(sb->maximum());  // back at the bottom: following again
        QVERIFY(panel.followsTail());
        d.runFor(2 * kSecond);
        QCoreApplication::processEvents();
        QCOMPARE(sb->value(), sb->maximum());
    }

    void theLogsRingKeepsItsCap()
    {
        RunDriver d;
        startPipeline(d);
        LogModel model;
        model.setCapacity(1000);
        QObject::connect(&d.feed, &RunFeed::eventsAppended, &model, [&](const EventBatch& b) { model.append(*b); });
        d.batchSize = 700;  // batches that straddle the ring's end
        d.runFor(60 * kSecond);
        std::vector<const EngineEvent*> logs;
        for (const EngineEvent& e : d.all)
            if (e.type == EventType::Log) logs.push_back(&e);
        QVERIFY(logs.size() > 3000);
        QCOMPARE(model.storedCount(), 1000);
        QCOMPARE(model.rowCount(), 1000);
        QCOMPARE(model.totalCount(), quint64(logs.size()));
        // The newest 1000, in order.
        for (int row : {0, 1, 500, 999}) {
            const EngineEvent& e = *logs[logs.size() - 1000 + size_t(row)];
            QCOMPARE(model.lineAt(row).text, logText(e));
            QCOMPARE(model.lineAt(row).time, e.time);
        }
        // A filter over the ring and new lines after it.
        LogModel::Filter f;
        f.minUrgency = 1;
        model.setFilter(f);
        int infoUp = 0;
        for (std::size_t i = logs.size() - 1000; i < logs.size(); ++i) infoUp += logs[i]->value >= 1;
        QCOMPARE(model.rowCount(), infoUp);
        d.runFor(10 * kSecond);
        QCOMPARE(model.storedCount(), 1000);
        QVERIFY(model.rowCount() <= 1000);
    }

    void theTraceListsEveryHopIncludingRetriesAndTheDeadLetterMove()
    {
        RunDriver d;
        startPipeline(d);
        TracePanel panel(&d.feed);
        LogsPanel logs(&d.feed);
        runFailingPipeline(d, 2 * 60 * kSecond);
        QObject::connect(&panel, &TracePanel::hopActivated, &logs, &LogsPanel::reveal);
        const auto deadLettered = std::find_if(d.all.begin(), d.all.end(),
                                               [](const EngineEvent& e) { return e.type == EventType::DeadLettered; });
        QVERIFY(deadLettered != d.all.end());
        const quint64 trace = deadLettered->trace;
        d.feed.selectMessage(deadLettered->message, trace);
        // The queue message differs from the request that started its trace: both are named.
        QVERIFY(deadLettered->message != trace);
        const QString title = panel.findChild<QLabel*>(QStringLiteral("traceTitle"))->text();
        QVERIFY2(
            title.contains(QStringLiteral("Trace of m%1</b> (started by m%2)").arg(deadLettered->message).arg(trace)),
            qPrintable(title));

        std::vector<EngineEvent> expected;
        for (const EngineEvent& e : d.all)
            if (e.trace == trace && e.type != EventType::Log) expected.push_back(e);
        const auto& hops = panel.hops();
        QCOMPARE(hops.size(), expected.size());
        for (std::size_t i = 0; i < hops.size(); ++i) {
            QCOMPARE(hops[i].type, expected[i].type);
            QCOMPARE(hops[i].time, expected[i].time);
        }
        auto count = [&](EventType t, int node = -1) {
            return std::count_if(hops.begin(), hops.end(),
                                 [=](const TraceHop& h) { return h.type == t && (node < 0 || h.node == node); });
        };
        // maxReceiveCount 3: received three times by the worker, failed three times, visible again
        // twice after a failed receive (each failure makes it visible again), then dead-lettered.
        QCOMPARE(count(EventType::DeadLettered), 1);
        const int resize = d.node("resize");
        QCOMPARE(count(EventType::InvokeStart, resize), 3);
        QCOMPARE(count(EventType::InvokeEnd, resize), 3);
        QCOMPARE(count(EventType::Received, d.node("jobs")), 3);
        QCOMPARE(count(EventType::InvokeStart, d.node("router")), 1);
        const auto dlqHop =
            std::find_if(hops.begin(), hops.end(), [](const TraceHop& h) { return h.type == EventType::DeadLettered; });
        QCOMPARE(dlqHop->peer, d.node("jobs-dlq"));
        QVERIFY(dlqHop->text.contains(QStringLiteral("jobs-dlq")));
        QCOMPARE(dlqHop->tone, 3);
        QVERIFY(panel.timeline()->laneCount() >= 4);  // users, api, router, jobs, resize, jobs-dlq

        // Clicking the worker's first invocation highlights the worker and its log line.
        const int start =
            int(std::find_if(hops.begin(), hops.end(),
                             [&](const TraceHop& h) { return h.type == EventType::InvokeStart && h.node == resize; }) -
                hops.begin());
        QSignalSpy highlighted(&d.feed, &RunFeed::nodeHighlighted);
        panel.resize(1100, 600);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTest::mouseClick(panel.timeline(), Qt::LeftButton, {}, panel.timeline()->rowRect(start).center());
        QCOMPARE(highlighted.count(), 1);
        QCOMPARE(highlighted.first().first().toString(), QStringLiteral("resize"));
        QCOMPARE(panel.timeline()->currentRow(), start);
        const QModelIndexList picked = logs.table()->selectionModel()->selectedRows();
        QCOMPARE(picked.size(), 1);
        QCOMPARE(logs.model()->lineAt(picked.first().row()).node, d.node("resize"));
        QCOMPARE(logs.model()->lineAt(picked.first().row()).trace, trace);
        saveShot(&panel, "trace");

        // A rebuilt run (step back / reset) clears the panels and replays: the same hops again.
        const auto before = hops.size();
        d.feed.beginRun(d.diagram, [&](const std::function<void(EngineRun&)>& fn) {
            fn(*d.run);
            return true;
        });
        QCOMPARE(panel.hops().size(), std::size_t(0));
        d.pending = d.all;
        d.publish();
        QCOMPARE(panel.hops().size(), before);
    }

    void webSocketListsConnectionsAndPushes()
    {
        RunDriver d;
        QVERIFY(d.start(QStringLiteral("reference-architecture.mlab.json")));
        WebSocketPanel panel(&d.feed);
        d.runFor(60 * kSecond);
        panel.refreshNow();
        int connections = 0;
        d.feed.withRun([&](EngineRun& run) {
            for (int i = 0; i < run.engine().nodeCount(); ++i)
                if (run.engine().node(i).kind == QLatin1String("websocket-api"))
                    connections += int(run.engine().behaviour(i).stats().received > 0);
        });
        const int pushes = countEvents(d.all, [](const EngineEvent& e) { return e.type == EventType::Push; });
        QVERIFY(panel.connectionList()->topLevelItemCount() > 0);
        QCOMPARE(panel.pushList()->topLevelItemCount(), std::min(pushes, WebSocketPanel::kShownPushes));
        saveShot(&panel, "websocket");
    }

    void metricsSampleAndExport()
    {
        RunDriver d;
        QVERIFY(d.start(QStringLiteral("image-pipeline.mlab.json")));
        MetricsPanel panel(&d.feed);
        for (int i = 0; i < 10; ++i) {
            d.runFor(6 * kSecond);
            panel.sampleNow();
        }
        QCOMPARE(int(panel.samples().size()), 11);  // the start and ten steps of 6 s
        QCOMPARE(panel.samples().back().time, 60 * kSecond);
        QVERIFY(panel.samples().back().invoked.front() > 0);
        QVERIFY(panel.samples().back().cost > 0);
        QTemporaryDir dir;
        QVERIFY(panel.exportCsv(dir.filePath(QStringLiteral("m.csv"))));
        QFile csv(dir.filePath(QStringLiteral("m.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csv.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 12);
        QVERIFY(lines.front().startsWith(QStringLiteral("time_s,jobs.depth,jobs-dlq.depth,")));
        for (MetricsPanel::Chart c : {MetricsPanel::QueueDepth, MetricsPanel::Invocations, MetricsPanel::Latency,
                                      MetricsPanel::Concurrency, MetricsPanel::Cost}) {
            panel.setChart(c);
            QVERIFY(panel.plot()->graphCount() > 0);
        }
        panel.setChart(MetricsPanel::Invocations);
        saveShot(&panel, "metrics");
        QVERIFY(panel.exportPng(dir.filePath(QStringLiteral("m.png"))));
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("m.png"))).size() > 1000);
    }

    void summaryBarAndReport()
    {
        RunDriver d;
        startPipeline(d);
        QTabWidget tabs;
        tabs.addTab(new QWidget, QStringLiteral("Problems"));
        installRunPanels(&tabs, &d.feed);
        runFailingPipeline(d, 30 * kSecond);
        QCOMPARE(tabs.count(), 6);
        QCOMPARE(tabs.tabText(0), QStringLiteral("Logs"));
        QCOMPARE(tabs.tabText(5), QStringLiteral("Problems"));
        auto* bar = tabs.findChild<RunSummaryBar*>();
        QVERIFY(bar);
        bar->refreshNow();
        QVERIFY(bar->conservationHolds());
        QVERIFY2(bar->text().contains(QStringLiteral("conservation holds")), qPrintable(bar->text()));
        QVERIFY(bar->text().contains(QStringLiteral("50.0s")));  // 20 s + 30 s of virtual time
        QTemporaryDir dir;
        QVERIFY(!bar->text().contains(QStringLiteral("report saved")));
        QVERIFY(bar->saveReport(dir.filePath(QStringLiteral("r.json"))));
        // The bar says where it went (it said nothing, and people were unsure it had saved).
        QVERIFY2(bar->text().contains(QStringLiteral("report saved to <b>r.json</b>")), qPrintable(bar->text()));
        QFile f(dir.filePath(QStringLiteral("r.json")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const Json report = Json::parse(f.readAll().toStdString(), nullptr, false);
        QCOMPARE(QString::fromStdString(report.value("format", std::string())), QStringLiteral("microlab-report/1"));
        // Every tab, as a workshop would see it.
        tabs.resize(1300, 360);
        for (int i = 0; i < 5; ++i) {
            tabs.setCurrentIndex(i);
            QCoreApplication::processEvents();
            saveShot(&tabs, qPrintable(QStringLiteral("tabs-%1").arg(i)));
        }
    }
};

QTEST_MAIN(TestRunPanels)
#include "tst_runpanels.moc"
