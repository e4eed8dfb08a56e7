// The lab beside the canvas and presenter mode: opening a file with a lab shows the Lab dock at
// step 1; a step ticks when its check becomes true against the live run (and not before), the next
// one becomes current; a design edit ticks a lint step; Reset lab puts the design back and starts
// at step 1 again; a file without a lab hides the dock. Presenter mode (F11) hides the palette and
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

        // Step 2 holds only after the retry at 1 min: at 50 s it does not, at 1 min 30 s it does.
        window.runController()->runFor(20 * kMicrosPerSecond);
        panel->refreshNow();
        QCOMPARE(panel->currentStep(), 1);
        window.runController()->runFor(40 * kMicrosPerSecond);
        // Without refreshNow: the feed's batches schedule the refresh by themselves.
        QTRY_COMPARE_WITH_TIMEOUT(panel->currentStep(), 3, 5000);  // step 3 (still 2 at 2 min 50 s) holds too

        // Reset lab: the run is gone, step 1 is current again.
        panel->resetButton()->click();
        QVERIFY(!window.runController()->hasRun());
        QCOMPARE(panel->currentStep(), 0);
    }

    // Lab 2 starts with a lint error; step 1 ticks when the design is fixed, Reset lab undoes the fix.
    void aLintStepTicksOnADesignEdit()
    {
        MainWindow window(false);
        QVERIFY(window.loadFile(labFile("02-visibility-timeout")));
        LabPanel* panel = window.labPanel();
        QVERIFY(panel->hasLab());
        panel->refreshNow();
        QCOMPARE(panel->currentStep(), 0);
        QVERIFY2(panel->currentWhy().startsWith(QStringLiteral("lint is not clean")), qPrintable(panel->currentWhy()));

        // The inspector's edit, as the model sees it: one config value.
        const Diagram start = window.model()->diagram();
        QVERIFY(window.model()->setNodeConfigValue(NodeId(QStringLiteral("jobs")), QStringLiteral("visibilityTimeout"),
                                                   Json("5m")));
        panel->refreshNow();
        QCOMPARE(panel->currentStep(), 1);

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
