// The diagram stays read-only while a run exists, whatever path an edit takes (keys, toolbar,
// menus, drags, drops, paste, palette, inspector), while faults and breakpoints stay open; the
// canvas follows a theme switch at once; a status message never overlaps the run summary; the
// banner says Running or Paused and its "Reset to edit" resets; a big run is not thrown away
// without asking. Defects a QA walkthrough of issue 10 found in a real window.
#include "../../uikit/OpenWindow.h"
#include "MainWindow.h"
#include "Theme.h"
#include "canvas/Clipboard.h"
#include "canvas/DiagramScene.h"
#include "canvas/DiagramView.h"
#include "canvas/NodeItem.h"
#include "inspector/Inspector.h"
#include "panels/PalettePanel.h"
#include "panels/run/RunSummaryBar.h"
#include "run/RunCanvas.h"
#include "run/RunController.h"
#include "run/RunToolBar.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>

using namespace ml;
using namespace ml::ui;

namespace {

constexpr Micros kSecond = kMicrosPerSecond;

EdgeId edgeBetween(const MainWindow& w, const char* from, const char* to)
{
    for (const Edge& e : w.model()->diagram().edges())
        if (e.from.value == QLatin1String(from) && e.to.value == QLatin1String(to)) return e.id;
    return {};
}

int nodeCount(const MainWindow& w) { return int(w.model()->diagram().nodes().size()); }
int edgeCount(const MainWindow& w) { return int(w.model()->diagram().edges().size()); }

QPointF nodePos(const MainWindow& w, const char* id)
{
    const Node* n = w.model()->diagram().node(NodeId(QString::fromLatin1(id)));
    return n ? QPointF(n->x, n->y) : QPointF(-1, -1);
}

// Where a node's card centre is on the viewport.
QPoint cardCentre(const MainWindow& w, const char* id)
{
    const NodeItem* item = w.scene()->nodeItem(NodeId(QString::fromLatin1(id)));
    return item ? w.view()->mapFromScene(item->sceneCardRect().center()) : QPoint();
}

}  // namespace

class TestRunLock : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("Microlab"));
        QCoreApplication::setApplicationName(QStringLiteral("MicrolabRunLockTest"));
        initResources();
        applyTheme(ThemeMode::Light);
    }

    // QA steps (shots 93–97, 149, 150): Delete on a selected edge and node, Ctrl+D and Ctrl+Z
    // during a run changed the diagram, and the toolbar's Duplicate and Delete were enabled.
    void keysAndToolbarCannotEditWhileRunning()
    {
        auto w = test::openWindow("websocket-push");
        DiagramView* view = w->view();
        QCOMPARE(nodeCount(*w), 9);
        QCOMPARE(edgeCount(*w), 9);
        // One undoable edit before the run: jobs nudged right by a grid step (20 px).
        const QPointF jobsBefore = nodePos(*w, "jobs");
        w->scene()->selectNode(NodeId(QStringLiteral("jobs")));
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Right);
        QCOMPARE(nodePos(*w, "jobs"), jobsBefore + QPointF(20, 0));
        QVERIFY(w->undoStack()->canUndo());
        const int undoIndex = w->undoStack()->index();

        QVERIFY(w->startRun());
        QVERIFY(w->editingLocked());
        QVERIFY(!w->action(QStringLiteral("undo"))->isEnabled());
        // Selecting re-ran the selection-driven enabling that used to turn Delete back on.
        const EdgeId notifyEdge = edgeBetween(*w, "browsers", "notify");
        QVERIFY(!notifyEdge.isEmpty());
        w->scene()->selectEdge(notifyEdge);
        QVERIFY(!w->action(QStringLiteral("delete"))->isEnabled());
        QVERIFY(!w->action(QStringLiteral("duplicate"))->isEnabled());
        QVERIFY(!w->action(QStringLiteral("cut"))->isEnabled());
        QVERIFY(w->action(QStringLiteral("copy"))->isEnabled());  // reading is fine
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Delete);
        QTest::keyClick(view, Qt::Key_Backspace);
        QCOMPARE(edgeCount(*w), 9);  // still 9 nodes · 9 edges (was "8 edges", shot 94)
        QVERIFY(w->statusBar()->currentMessage().contains(QStringLiteral("read-only")));  // not silent
        QVERIFY(w->model()->diagram().edge(notifyEdge));

        w->scene()->selectNode(NodeId(QStringLiteral("jobs-dlq")));
        QVERIFY(!w->action(QStringLiteral("delete"))->isEnabled());
        QVERIFY(!w->action(QStringLiteral("duplicate"))->isEnabled());
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Delete);
        QTest::keyClick(view, Qt::Key_D, Qt::ControlModifier);
        QTest::keyClick(w.get(), Qt::Key_D, Qt::ControlModifier);
        QCOMPARE(nodeCount(*w), 9);  // no "jobs-dlq-2", the DLQ is still there
        QVERIFY(w->model()->diagram().node(NodeId(QStringLiteral("jobs-dlq"))));

        // Ctrl+Z mid-run: the nudge stays, the stack does not move.
        QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
        QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(w->undoStack()->index(), undoIndex);
        QCOMPARE(nodePos(*w, "jobs"), jobsBefore + QPointF(20, 0));
        // Arrow keys do not nudge, the toolbar's triggers do nothing.
        w->scene()->selectNode(NodeId(QStringLiteral("jobs")));
        QTest::keyClick(view, Qt::Key_Right);
        QCOMPARE(nodePos(*w, "jobs"), jobsBefore + QPointF(20, 0));
        for (const char* name : {"new", "paste", "arrange", "undo", "redo", "delete", "duplicate"})
            QVERIFY2(!w->action(QString::fromLatin1(name))->isEnabled(), name);
        QCOMPARE(nodeCount(*w), 9);

        // Reset lifts the lock: Delete and Ctrl+Z work again.
        w->runController()->reset();
        QVERIFY(!w->editingLocked());
        QVERIFY(w->action(QStringLiteral("undo"))->isEnabled());
        w->scene()->selectEdge(notifyEdge);
        QVERIFY(w->action(QStringLiteral("delete"))->isEnabled());
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Delete);
        QCOMPARE(edgeCount(*w), 8);
        QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(edgeCount(*w), 9);
    }

    // Every other way into an edit refuses while a run exists, and says why in the status bar.
    void editsThatBypassTheActionsRefuseWhileRunning()
    {
        auto w = test::openWindow("image-pipeline");
        DiagramView* view = w->view();
        DiagramScene* scene = w->scene();
        // A node on the clipboard before the run, for Ctrl+V.
        scene->selectNode(NodeId(QStringLiteral("jobs")));
        view->copySelection();
        QVERIFY(w->startRun());
        const int nodes = nodeCount(*w);  // 6
        const int edges = edgeCount(*w);  // 5
        const int undoIndex = w->undoStack()->index();
        auto unchanged = [&] {
            return nodeCount(*w) == nodes && edgeCount(*w) == edges && w->undoStack()->index() == undoIndex;
        };

        // Paste by key and by slot.
        view->setFocus();
        QTest::keyClick(view, Qt::Key_V, Qt::ControlModifier);
        view->paste();
        QVERIFY(unchanged());
        QVERIFY(w->statusBar()->currentMessage().contains(QStringLiteral("read-only")));

        // Dragging a card does not move it.
        const QPointF resizeBefore = nodePos(*w, "resize");
        const QPoint at = cardCentre(*w, "resize");
        QTest::mousePress(view->viewport(), Qt::LeftButton, {}, at);
        QTest::mouseMove(view->viewport(), at + QPoint(60, 40));
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, at + QPoint(60, 40));
        QCOMPARE(nodePos(*w, "resize"), resizeBefore);
        QVERIFY(!(scene->nodeItem(NodeId(QStringLiteral("resize")))->flags() & QGraphicsItem::ItemIsMovable));

        // A wire from a port, and connecting directly.
        scene->beginConnection(scene->nodeItem(NodeId(QStringLiteral("resize"))), QPointF(0, 0));
        QVERIFY(!scene->isConnecting());
        QString why;
        QVERIFY(scene->connectNodes(NodeId(QStringLiteral("users")), NodeId(QStringLiteral("jobs")), &why).isEmpty());
        QVERIFY(why.contains(QStringLiteral("read-only")));

        // The view's other edits: add, quick-add, align, reverse, splice, rename.
        QVERIFY(view->addNode(QStringLiteral("queue"), QPointF(0, 0)).isEmpty());
        QVERIFY(view->quickAdd(NodeId(QStringLiteral("resize")), QStringLiteral("table"), QPointF(900, 0)).isEmpty());
        QVERIFY(!view->reverseEdge(edgeBetween(*w, "jobs", "jobs-dlq")));
        scene->selectNode(NodeId(QStringLiteral("jobs")));
        scene->nodeItem(NodeId(QStringLiteral("resize")))->setSelected(true);
        view->alignLeft();
        view->alignTop();
        view->startRename(NodeId(QStringLiteral("jobs")));
        QVERIFY(!view->renameEditor());
        QTest::keyClick(view, Qt::Key_F2);
        QVERIFY(!view->renameEditor());
        QVERIFY(unchanged());
        QCOMPARE(nodePos(*w, "resize"), resizeBefore);

        // The edit context menu (tests ask for it; while running the run menu is shown instead):
        // its edit entries are greyed and do nothing when triggered.
        std::unique_ptr<QMenu> menu(view->contextMenuAt(cardCentre(*w, "jobs")));
        for (const char* name : {"renameNode", "duplicateNode", "deleteNode"}) {
            auto* a = menu->findChild<QAction*>(QString::fromLatin1(name));
            QVERIFY2(a && !a->isEnabled(), name);
            a->setEnabled(true);
            a->trigger();
        }
        QVERIFY(unchanged());
        QVERIFY(!view->renameEditor());

        // A palette drop onto the canvas and a palette double-click.
        QMimeData mime;
        mime.setData(QString::fromLatin1(clipboard::kKindMime), QByteArrayLiteral("queue"));
        const QPointF dropAt(100, 100);
        QDragEnterEvent enter(dropAt.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(view->viewport(), &enter);
        QDropEvent drop(dropAt, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(view->viewport(), &drop);
        emit w->palettePanel()->kindActivated(QStringLiteral("queue"));
        QVERIFY(unchanged());
        QVERIFY(!w->palettePanel()->isEnabled());
        QVERIFY(!w->inspector()->isEnabled());
        scene->selectNode(NodeId(QStringLiteral("router")));  // selection changes do not re-enable it
        QVERIFY(!w->inspector()->isEnabled());

        // Faults and breakpoints from the node's run menu still work.
        const int resize = w->runController()->run()->engine().nodeIndex(QStringLiteral("resize"));
        std::unique_ptr<QMenu> runMenu(w->runCanvas()->nodeMenu(resize, view));
        runMenu->findChild<QAction*>(QStringLiteral("faultDown"))->trigger();
        QVERIFY(w->runController()->fault(resize).down);
        runMenu->findChild<QAction*>(QStringLiteral("breakHere"))->trigger();
        QVERIFY(w->runController()->breaksOnNode(resize));
        QVERIFY(unchanged());
    }

    // Shots 90, 100, 102: View → Theme left the canvas background in the old theme (it was
    // cached while running) until a zoom. Light canvas ≈ (245,245,245), dark ≈ (30,30,30).
    void theCanvasKeepsItsSizeWhenTheRunSummaryShows()
    {
        // The run summary (with its Save report button) shows a quarter second into a run. When it
        // made the status bar taller, the whole window was laid out again and the canvas repainted
        // whole: a 30–40 ms frame in every run's first second (--bench-live's frameMsMax).
        auto w = test::openWindow("image-pipeline");
        auto* summary = w->findChild<ml::ui::run::RunSummaryBar*>();
        QVERIFY(summary);
        QVERIFY(w->startRun());
        QApplication::processEvents();
        const QSize canvas = w->findChild<DiagramView*>()->size();
        w->runController()->runFor(30 * kMicrosPerSecond);
        summary->refreshNow();
        QApplication::processEvents();
        QVERIFY(summary->isVisible());
        QCOMPARE(w->findChild<DiagramView*>()->size(), canvas);
    }

    void themeSwitchRepaintsTheCanvasAtOnce()
    {
        auto w = test::openWindow("image-pipeline");
        QVERIFY(w->startRun());
        w->runController()->runFor(5 * kSecond);
        QCoreApplication::processEvents();
        QWidget* vp = w->view()->viewport();
        // Left edge, half-way down: canvas (the banner is at the top, the minimap bottom right).
        auto background = [&] { return vp->grab().toImage().pixelColor(4, vp->height() / 2); };
        QVERIFY2(background().lightness() > 170, qPrintable(background().name()));
        // Running, then (after Reset) not running: the same.
        for (const bool running : {true, false}) {
            if (!running) w->runController()->reset();
            w->action(QStringLiteral("theme-dark"))->trigger();
            QCoreApplication::processEvents();
            QVERIFY2(background().lightness() < 90, qPrintable(background().name()));
            w->action(QStringLiteral("theme-light"))->trigger();
            QCoreApplication::processEvents();
            QVERIFY2(background().lightness() > 170, qPrintable(background().name()));
        }
    }

    // Shots 59c, 60c, 68c, 145: a temporary message was drawn over the run summary. While it
    // shows, the summary is hidden (the message has the row), also across frames; after it, back.
    void statusMessageNeverOverlapsTheSummary()
    {
        auto w = test::openWindow("image-pipeline");
        QVERIFY(w->startRun());
        w->runController()->runFor(10 * kSecond);
        auto* summary = w->findChild<run::RunSummaryBar*>(QStringLiteral("runSummaryBar"));
        QVERIFY(summary);
        QTRY_VERIFY(summary->isVisible());
        w->statusBar()->showMessage(QStringLiteral("Breakpoint: a message reached resize"), 15000);
        QCoreApplication::processEvents();
        QVERIFY(!summary->isVisible());
        // The summary's refresh (each kRefreshMs while events come) shows it again; the message's
        // row stays hidden. Called directly: the same call its timer makes.
        w->runController()->runFor(10 * kSecond);
        summary->refreshNow();
        QCoreApplication::processEvents();
        QVERIFY(!summary->isVisible());
        QVERIFY(summary->visibleRegion().isEmpty());
        w->statusBar()->clearMessage();
        QTRY_VERIFY(summary->isVisible());
        // The zoom and counts stay (permanent widgets, right of the message).
        QVERIFY(w->findChild<QLabel*>(QStringLiteral("zoomLabel"))->isVisible());
    }

    // Shot 148t: the banner said "Running" while paused and clicking it did nothing.
    void bannerSaysTheStateAndItsLinkResets()
    {
        auto w = test::openWindow("image-pipeline");
        QLabel* banner = w->runCanvas()->banner();
        QVERIFY(w->startRun());
        QTRY_VERIFY(banner->isVisible());
        QVERIFY2(banner->text().startsWith(QStringLiteral("Paused")), qPrintable(banner->text()));
        w->runController()->togglePlay();
        QTRY_VERIFY2(banner->text().startsWith(QStringLiteral("Running")), qPrintable(banner->text()));
        w->runController()->togglePlay();
        QTRY_VERIFY2(banner->text().startsWith(QStringLiteral("Paused")), qPrintable(banner->text()));
        QVERIFY(!banner->testAttribute(Qt::WA_TransparentForMouseEvents));
        // "Reset to edit" is the right part of the banner (14 px padding): click in it.
        QTest::mouseClick(banner, Qt::LeftButton, {}, QPoint(banner->width() - 30, banner->height() / 2));
        QTRY_VERIFY(!w->runController()->hasRun());
        QVERIFY(!banner->isVisible());
        QVERIFY(!w->editingLocked());
    }

    // Shots 28, 130: one Reset click or opening another file threw a long run away silently.
    void aBigRunIsNotThrownAwayWithoutAsking()
    {
        auto w = test::openWindow("image-pipeline");
        QList<quint64> asked;
        bool answer = false;
        w->setRunDiscardPrompt([&](quint64 events) {
            asked << events;
            return answer;
        });
        // A trivial run (under kTrivialRunEvents) goes without a question.
        QVERIFY(w->startRun());
        QVERIFY(w->runController()->eventCount() <= MainWindow::kTrivialRunEvents);
        w->runToolBar()->resetAction()->trigger();
        QVERIFY(!w->runController()->hasRun());
        QVERIFY(asked.isEmpty());

        QVERIFY(w->startRun());
        for (int i = 0; i < 20 && w->runController()->eventCount() <= MainWindow::kTrivialRunEvents; ++i)
            w->runController()->runFor(60 * kSecond);
        const quint64 events = w->runController()->eventCount();
        QVERIFY(events > MainWindow::kTrivialRunEvents);
        // Cancel: Reset, the banner's link and opening another file all keep the run.
        w->runToolBar()->resetAction()->trigger();
        QVERIFY(w->runController()->hasRun());
        QLabel* banner = w->runCanvas()->banner();
        QTest::mouseClick(banner, Qt::LeftButton, {}, QPoint(banner->width() - 30, banner->height() / 2));
        QVERIFY(w->runController()->hasRun());
        QVERIFY(!w->openFile(test::projectFile("websocket-push")));
        QVERIFY(w->runController()->hasRun());
        QCOMPARE(nodeCount(*w), 6);  // still the image pipeline
        QCOMPARE(asked.size(), 3);
        QCOMPARE(asked.front(), events);
        // Discard: Reset ends it.
        answer = true;
        w->runToolBar()->resetAction()->trigger();
        QVERIFY(!w->runController()->hasRun());
        QCOMPARE(asked.size(), 4);
    }

    // The interactive question: a box with Discard, Cancel and "Don't ask again" (QSettings).
    void theDiscardQuestionRemembersDontAskAgain()
    {
        QSettings().remove(QStringLiteral("run/askBeforeDiscarding"));
        MainWindow w(true);
        QVERIFY(w.loadFile(test::projectFile("image-pipeline")));
        w.show();
        QVERIFY(w.startRun());
        while (w.runController()->eventCount() <= MainWindow::kTrivialRunEvents)
            w.runController()->runFor(60 * kSecond);
        int shown = 0;
        // Answers the box once it is up: `button` with "Don't ask again" set to `dontAsk`.
        auto answer = [&](QMessageBox::StandardButton button, bool dontAsk) {
            QTimer::singleShot(0, &w, [&, button, dontAsk] {
                auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
                QVERIFY(box && box->objectName() == QStringLiteral("discardRunBox"));
                ++shown;
                QVERIFY(box->text().contains(QLocale().toString(qulonglong(w.runController()->eventCount()))));
                box->checkBox()->setChecked(dontAsk);
                box->button(button)->click();
            });
        };
        answer(QMessageBox::Cancel, true);  // Cancel does not store "don't ask"
        w.runToolBar()->resetAction()->trigger();
        QCOMPARE(shown, 1);
        QVERIFY(w.runController()->hasRun());
        QVERIFY(QSettings().value(QStringLiteral("run/askBeforeDiscarding"), true).toBool());
        answer(QMessageBox::Discard, true);
        w.runToolBar()->resetAction()->trigger();
        QCOMPARE(shown, 2);
        QVERIFY(!w.runController()->hasRun());
        QVERIFY(!QSettings().value(QStringLiteral("run/askBeforeDiscarding"), true).toBool());
        // Not asked again: the next big run goes at once.
        QVERIFY(w.startRun());
        while (w.runController()->eventCount() <= MainWindow::kTrivialRunEvents)
            w.runController()->runFor(60 * kSecond);
        w.runToolBar()->resetAction()->trigger();
        QCOMPARE(shown, 2);
        QVERIFY(!w.runController()->hasRun());
        QSettings().remove(QStringLiteral("run/askBeforeDiscarding"));
    }
};

QTEST_MAIN(TestRunLock)
#include "tst_runlock.moc"
