// The lab beside the canvas and presenter mode: opening a file with a lab shows the Lab dock at
// step 1; a step ticks when its check becomes true against the live run (and not before), the next
// one becomes current; a step that reads the run at a moment pauses the run there, at max speed
// too; a design edit counts for a lint check; Reset lab puts the design back and starts at step 1
// again; a file without a lab hides the dock. Presenter mode (F11) hides the palette and
// makes fonts, clock, tokens, badges and edges larger; toggling back restores every one of them.
#include "../../uikit/UiTestSetup.h"
#include "MainWindow.h"
#include "canvas/Presentation.h"
#include "lab/LabPanel.h"
#include "run/RunController.h"
#include "run/RunFeed.h"
#include "run/RunToolBar.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QPushButton>
#include <QTest>

using namespace ml;
using namespace ml::ui;

namespace {

QString labFile(const char* name)
{
    return QStringLiteral(MICROLAB_PROJECTS_DIR "/labs/%1.mlab.json").arg(QLatin1String(name));
}

}  // namespace

class TestLabPanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::setUpApplication(true); }

    // Lab 5: one event through SNS to a function that always fails. Step 1 wants 1 invocation (at
    // 0 s), step 2 wants 2 (the first retry, 1 min later).
    void aStepTicksWhenItsCheckBecomesTrue()
    {
        MainWindow window(false);
        QVERIFY(window.loadFile(labFile("05-async-retries")));
        window.resize(1400, 900);
        window.show();
        LabPanel* panel = window.labPanel();
        QVERIFY(panel->hasLab());
        QVERIFY(window.labDock()->isVisible());
        QCOMPARE(panel->currentStep(), 0);
        panel->refreshNow();
        QCOMPARE(panel->currentStep(), 0);  // nothing has run: step 1 does not hold
        QVERIFY(panel->currentWhy().contains(QStringLiteral("nothing has run yet")));

        QVERIFY(window.startRun());
        panel->refreshNow();
        QCOMPARE(panel->currentStep(), 0);  // the run exists but no event yet
        QVERIFY2(panel->currentWhy().contains(QStringLiteral("nodes.thumbnail.invoked is 0, expected at least 1")),
                 qPrintable(panel->currentWhy()));

        window.runController()->runFor(30 * kMicrosPerSecond);
        panel->refreshNow();
        QCOMPARE(panel->currentStep(), 1);  // step 1 ticked, step 2 current
        QVERIFY(panel->stepDone(0));
        QVERIFY(!panel->stepDone(1));
        QCOMPARE(panel->findChild<QLabel*>(QStringLiteral("labStep1"))->property("labState").toString(),
                 QStringLiteral("done"));
        QCOMPARE(panel->findChild<QLabel*>(QStringLiteral("labStep2"))->property("labState").toString(),
                 QStringLiteral("current"));

        // Step 2 reads the run at 1 min 30 s (after the retry at 1 min): at 50 s it does not hold.
        window.runController()->runFor(20 * kMicrosPerSecond);
        panel->refreshNow();
        QCOMPARE(panel->currentStep(), 1);
        QCOMPARE(panel->currentWhy(), QStringLiteral("the run has not reached 00:01:30 yet"));
        // 40 s more reach the time breakpoint at 1 min 30 s exactly: the run stops there and the
        // panel records it. Step 3 reads the run at 2 min 50 s, not reached yet (the lab used to
        // tick it here, on the live count, and then could not once the run went past 3 min).
        window.runController()->runFor(40 * kMicrosPerSecond);
        QCOMPARE(window.runController()->now(), 90 * kMicrosPerSecond);
        QCOMPARE(panel->currentStep(), 2);
        QCOMPARE(panel->pauseTarget(), 170 * kMicrosPerSecond);

        // Reset lab: the run is gone, step 1 is current again.
        panel->resetButton()->click();
        QVERIFY(!window.runController()->hasRun());
        QCOMPARE(panel->currentStep(), 0);
    }

    // At max speed lab 5 runs to its end in a blink; each step that reads the run at a moment
    // still ticks, because the run pauses there: 1 min 30 s (2 invocations), 2 min 50 s (still 2),
    // 3 min 30 s (3 invocations, the record in the on-failure queue — which, left to run, expires
    // after the queue's 4-day retention).
    void atMaxSpeedTheRunStopsAtTheStepsTime()
    {
        MainWindow window(false);
        QVERIFY(window.loadFile(labFile("05-async-retries")));
        window.show();
        LabPanel* panel = window.labPanel();
        RunController* run = window.runController();
        QCOMPARE(panel->pauseTarget(), 90 * kMicrosPerSecond);
        QVERIFY(panel->findChild<QLabel*>(QStringLiteral("labStep2"))
                    ->text()
                    .contains(QStringLiteral("The run pauses at 00:01:30 for this step")));
        QVERIFY(window.startRun());
        QCOMPARE(run->pauseTime(), 90 * kMicrosPerSecond);
        run->setSpeed(RunController::Speed::Max);

        run->play();
        QTRY_VERIFY_WITH_TIMEOUT(!run->isRunning(), 10000);
        QCOMPARE(run->now(), 90 * kMicrosPerSecond);
        QVERIFY2(run->pauseReason().contains(QStringLiteral("00:01:30")), qPrintable(run->pauseReason()));
        QCOMPARE(panel->currentStep(), 2);  // steps 1 and 2 ticked at once
        QCOMPARE(run->pauseTime(), 170 * kMicrosPerSecond);

        run->play();
        QTRY_VERIFY_WITH_TIMEOUT(!run->isRunning(), 10000);
        QCOMPARE(run->now(), 170 * kMicrosPerSecond);
        QCOMPARE(panel->currentStep(), 3);
        QCOMPARE(run->pauseTime(), 210 * kMicrosPerSecond);

        run->play();
        QTRY_VERIFY_WITH_TIMEOUT(!run->isRunning(), 10000);
        QCOMPARE(run->now(), 210 * kMicrosPerSecond);
        QCOMPARE(panel->currentStep(), 4);     // complete
        QCOMPARE(run->pauseTime(), kTimeMax);  // no moment left to wait for

        // Reset lab: the run and its moments are gone, the breakpoint is back at 1 min 30 s.
        panel->resetButton()->click();
        QCOMPARE(panel->currentStep(), 0);
        QVERIFY(panel->moments().empty());
        QVERIFY(window.startRun());
        QCOMPARE(run->pauseTime(), 90 * kMicrosPerSecond);
    }

    // Serving, real clients set the pace and the run does not pause at a step's moment: the step
    // says so rather than promise a pause that never comes, and says it again once serving stops.
    void aServedRunSaysItWillNotPause()
    {
        MainWindow window(false);
        QVERIFY(window.loadFile(labFile("05-async-retries")));
        window.show();
        auto* step2 = window.labPanel()->findChild<QLabel*>(QStringLiteral("labStep2"));
        QVERIFY(step2->text().contains(QStringLiteral("The run pauses at 00:01:30 for this step")));
        QVERIFY(window.startRun());
        RunController* run = window.runController();
        const Status served = run->startServing();
        QVERIFY2(served, served ? "" : qPrintable(served.error().message));
        QVERIFY2(step2->text().contains(QStringLiteral("While serving the run does not pause at 00:01:30")),
                 qPrintable(step2->text()));
        QVERIFY2(!step2->text().contains(QStringLiteral("The run pauses at 00:01:30")), qPrintable(step2->text()));
        run->stopServing();
        QVERIFY2(step2->text().contains(QStringLiteral("The run pauses at 00:01:30 for this step")),
                 qPrintable(step2->text()));
    }

    // Lab 2: step 1 ticks after a run; step 2 wants the design fixed (lint clean) and a new run of
    // it; Reset lab puts the design back and starts at step 1 again.
    void aDesignEditBetweenRunsCounts()
    {
        MainWindow window(false);
        QVERIFY(window.loadFile(labFile("02-visibility-timeout")));
        LabPanel* panel = window.labPanel();
        QVERIFY(panel->hasLab());
        panel->refreshNow();
        QCOMPARE(panel->currentStep(), 0);
        const Diagram start = window.model()->diagram();

        QVERIFY(window.startRun());  // a warning does not stop it
        window.runController()->runFor(10 * kMicrosPerMinute);
        panel->refreshNow();
        QCOMPARE(panel->currentStep(), 1);
        window.runController()->reset();
        panel->refreshNow();
        QVERIFY2(panel->currentWhy().startsWith(QStringLiteral("lint is not clean")), qPrintable(panel->currentWhy()));

        // The inspector's edit, as the model sees it: one config value.
        QVERIFY(window.model()->setNodeConfigValue(NodeId(QStringLiteral("jobs")), QStringLiteral("visibilityTimeout"),
                                                   Json("270s")));
        panel->refreshNow();
        QCOMPARE(panel->currentStep(), 1);
        QVERIFY2(panel->currentWhy().contains(QStringLiteral("nothing has run yet")), qPrintable(panel->currentWhy()));
        QVERIFY(window.startRun());
        window.runController()->runFor(10 * kMicrosPerMinute);
        panel->refreshNow();
        QCOMPARE(panel->currentStep(), 2);

        // Reset lab puts the design back as the lab began.
        panel->resetButton()->click();
        QVERIFY(window.model()->diagram() == start);
        panel->refreshNow();
        QCOMPARE(panel->currentStep(), 0);
    }

    void aFileWithoutALabHidesTheDock()
    {
        MainWindow window(false);
        window.show();
        QVERIFY(window.loadFile(labFile("01-poison-messages")));
        QVERIFY(window.labDock()->isVisible());
        QVERIFY(window.loadFile(QStringLiteral(MICROLAB_PROJECTS_DIR "/image-pipeline.mlab.json")));
        QVERIFY(!window.labPanel()->hasLab());
        QVERIFY(!window.labDock()->isVisible());
    }

    void presenterModeTogglesAndRestores()
    {
        MainWindow window(false);
        window.resize(1400, 900);
        window.show();
        QVERIFY(window.loadFile(labFile("01-poison-messages")));  // the Lab dock in front of the palette
        QDockWidget* palette = window.findChild<QDockWidget*>(QStringLiteral("paletteDock"));
        QVERIFY(palette);
        // Open (a tab behind the Lab dock): presenter mode closes it and gives it back.
        QVERIFY(palette->toggleViewAction()->isChecked());
        QLabel* clock = window.runToolBar()->clockLabel();
        const double font = QApplication::font().pointSizeF();
        // A label without a font of its own follows the application's (the style sheet fixes the
        // menus' and tabs' sizes).
        QLabel* label = window.labPanel()->findChild<QLabel*>(QStringLiteral("labProgress"));
        QVERIFY(label);
        const double labelFont = label->font().pointSizeF();
        const double clockFont = clock->font().pointSizeF();
        QVERIFY(!canvas::presentation().on);

        QAction* toggle = window.action(QStringLiteral("presenterMode"));
        QVERIFY(toggle);
        QCOMPARE(toggle->shortcut(), QKeySequence(Qt::Key_F11));
        toggle->trigger();
        QVERIFY(window.presenterMode());
        QVERIFY(!palette->toggleViewAction()->isChecked());
        QVERIFY(QApplication::font().pointSizeF() >= font * 1.4);
        QTRY_VERIFY_WITH_TIMEOUT(label->font().pointSizeF() >= labelFont * 1.4, 2000);
        QVERIFY(clock->font().pointSizeF() >= clockFont * 2);
        QVERIFY(clock->font().bold());
        QVERIFY(canvas::presentation().on);
        QVERIFY(canvas::presentation().tokenScale > 1);
        QVERIFY(canvas::presentation().badgeScale > 1);
        QVERIFY(canvas::presentation().edgeWidth > 1);
        QVERIFY(canvas::presentation().highContrastEdges);

        toggle->trigger();
        QVERIFY(!window.presenterMode());
        QVERIFY(palette->toggleViewAction()->isChecked());
        QVERIFY(window.labDock()->isVisible());  // the lab stays in front
        QCOMPARE(QApplication::font().pointSizeF(), font);
        QTRY_COMPARE_WITH_TIMEOUT(label->font().pointSizeF(), labelFont, 2000);
        QCOMPARE(clock->font().pointSizeF(), clockFont);
        QVERIFY(!canvas::presentation().on);
        QCOMPARE(canvas::presentation().tokenScale, 1.0);
        QCOMPARE(canvas::presentation().badgeScale, 1.0);
        QCOMPARE(canvas::presentation().edgeWidth, 1.0);
        QVERIFY(!canvas::presentation().highContrastEdges);
    }
};

QTEST_MAIN(TestLabPanel)
#include "tst_labpanel.moc"
