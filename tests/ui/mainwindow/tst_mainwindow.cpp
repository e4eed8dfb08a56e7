// The main window's document: open → edit → save → reopen keeps everything; the title's
// modified mark follows the undo stack; autosave writes a recovery file that restores the work;
// unsaved changes are asked about; recent files persist; --screenshot writes the PNG.
#include "../../uikit/UiTestSetup.h"
#include "MainWindow.h"
#include "Theme.h"
#include "canvas/DiagramScene.h"
#include "canvas/DiagramView.h"
#include "commands/EditCommands.h"
#include "inspector/Inspector.h"
#include "project/ProjectFile.h"

#include <QAction>
#include <QDockWidget>
#include <QLineEdit>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace ml;
using namespace ml::ui;

// Json has no QTest::toString; compare and print the actual value on failure.
#define JSON_EQ(actual, expected) QVERIFY2((actual) == (expected), qPrintable(QString::fromStdString((actual).dump())))

namespace {

Diagram sample()
{
    Diagram d;
    d.name = QStringLiteral("Orders");
    d.description = QStringLiteral("A queue and its worker");
    Node q;
    q.id = NodeId(QStringLiteral("orders"));
    q.kind = QStringLiteral("queue");
    q.config = Json{{"visibilityTimeout", "45s"}, {"maxReceiveCount", 3}};
    d.addNode(q);
    Node w;
    w.id = NodeId(QStringLiteral("fulfil"));
    w.kind = QStringLiteral("worker");
    w.name = QStringLiteral("Fulfil order");
    w.x = 240;
    d.addNode(w);
    Node dlq;
    dlq.id = NodeId(QStringLiteral("orders-dlq"));
    dlq.kind = QStringLiteral("queue");
    dlq.y = 160;
    d.addNode(dlq);
    Edge e1;
    e1.from = q.id;
    e1.to = w.id;
    e1.config = Json{{"batchSize", 5}};
    d.addEdge(e1);
    Edge e2;
    e2.from = q.id;
    e2.to = dlq.id;
    e2.kind = QStringLiteral("dead-letter");
    e2.kindWritten = true;
    d.addEdge(e2);
    return d;
}

QString writeSample(const QTemporaryDir& dir, const QString& name = QStringLiteral("orders.mlab.json"))
{
    const QString path = dir.filePath(name);
    const Status s = projectfile::save(sample(), path);
    return s ? path : QString();
}

}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { test::setUpApplication(true); }

    void layout()
    {
        MainWindow window(false);
        QVERIFY(window.findChild<QDockWidget*>(QStringLiteral("paletteDock")));
        QVERIFY(window.findChild<QDockWidget*>(QStringLiteral("inspectorDock")));
        QVERIFY(window.findChild<QDockWidget*>(QStringLiteral("bottomDock")));
        QCOMPARE(window.dockWidgetArea(window.findChild<QDockWidget*>(QStringLiteral("paletteDock"))),
                 Qt::LeftDockWidgetArea);
        QCOMPARE(window.dockWidgetArea(window.findChild<QDockWidget*>(QStringLiteral("inspectorDock"))),
                 Qt::RightDockWidgetArea);
        QCOMPARE(window.dockWidgetArea(window.findChild<QDockWidget*>(QStringLiteral("bottomDock"))),
                 Qt::BottomDockWidgetArea);
        QCOMPARE(window.centralWidget(), static_cast<QWidget*>(window.view()));
        QCOMPARE(window.action(QStringLiteral("undo"))->shortcut(), QKeySequence(QKeySequence::Undo));
        QCOMPARE(window.action(QStringLiteral("duplicate"))->shortcut(), QKeySequence(QStringLiteral("Ctrl+D")));
        QCOMPARE(window.action(QStringLiteral("zoomFit"))->shortcut(), QKeySequence(QStringLiteral("Ctrl+0")));
        QCOMPARE(window.windowTitle(), QStringLiteral("Untitled[*] — Microlab"));
    }

    void openEditSaveReopenKeepsEverything()
    {
        QTemporaryDir dir;
        const QString path = writeSample(dir);
        QVERIFY(!path.isEmpty());
        Diagram edited;
        {
            MainWindow window(false);
            QVERIFY(window.loadFile(path));
            QCOMPARE(projectfile::serialize(window.model()->diagram()), projectfile::serialize(sample()));
            QCOMPARE(window.filePath(), QFileInfo(path).absoluteFilePath());
            QVERIFY(!window.isModified());
            // Edit through the inspector and the canvas's commands.
            window.inspector()->showNode(NodeId(QStringLiteral("orders")));
            QLineEdit* id = window.inspector()->idEdit();
            id->selectAll();
            QTest::keyClicks(id, QStringLiteral("order-queue"));
            QTest::keyClick(id, Qt::Key_Return);
            QVERIFY(window.model()->diagram().node(NodeId(QStringLiteral("order-queue"))));
            window.view()->addNode(QStringLiteral("topic"), QPointF(500, 300));
            window.undoStack()->push(new SetNodeConfigCommand(window.model(), NodeId(QStringLiteral("fulfil")),
                                                              QStringLiteral("timeout"), Json("9s")));
            QVERIFY(window.isModified());
            edited = window.model()->diagram();
            QVERIFY(window.saveTo(path));
            QVERIFY(!window.isModified());
        }
        MainWindow reopened(false);
        QVERIFY(reopened.loadFile(path));
        const Diagram& d = reopened.model()->diagram();
        QCOMPARE(d.nodes().size(), edited.nodes().size());
        QCOMPARE(d.edges().size(), edited.edges().size());
        QCOMPARE(d.edges()[0].from.value, QStringLiteral("order-queue"));
        JSON_EQ(d.node(NodeId(QStringLiteral("fulfil")))->config["timeout"], Json("9s"));
        QCOMPARE(d.node(NodeId(QStringLiteral("fulfil")))->name, QStringLiteral("Fulfil order"));
        QCOMPARE(d.name, QStringLiteral("Orders"));
        // Saving again gives the same bytes: nothing drifts on the way through the window.
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), projectfile::serialize(d));
    }

    void modifiedMarkFollowsTheUndoStack()
    {
        QTemporaryDir dir;
        const QString path = writeSample(dir);
        MainWindow window(false);
        QVERIFY(window.loadFile(path));
        QCOMPARE(window.windowTitle(), QStringLiteral("orders.mlab.json[*] — Microlab"));
        QVERIFY(!window.isWindowModified());
        window.undoStack()->push(
            new SetNodeNameCommand(window.model(), NodeId(QStringLiteral("orders")), QStringLiteral("Orders")));
        QVERIFY(window.isWindowModified());
        window.undoStack()->undo();
        QVERIFY(!window.isWindowModified());
        window.undoStack()->redo();
        QVERIFY(window.isWindowModified());
        QVERIFY(window.saveTo(path));
        QVERIFY(!window.isWindowModified());
        window.undoStack()->undo();  // back past the saved state: modified again
        QVERIFY(window.isWindowModified());
    }

    void loadErrorsNameTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.mlab.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"format\": \"microlab/1\", \"nodes\": [\n  {\"id\": \"a\", \"kind\": \"queue\"\n");
        f.close();
        MainWindow window(false);
        const Status s = window.loadFile(path);
        QVERIFY(!s);
        QVERIFY(s.error().toString().contains(QStringLiteral("bad.mlab.json")));
        QVERIFY(window.model()->diagram().nodes().empty());
        QVERIFY(!window.openFile(path));  // non-interactive: no dialog, just false
    }

    void autosaveWritesARecoveryFile()
    {
        MainWindow window(false);
        window.model()->setDiagram(sample());
        window.undoStack()->push(new SetNodeConfigCommand(window.model(), NodeId(QStringLiteral("fulfil")),
                                                          QStringLiteral("memoryMb"), Json(512)));
        QFile::remove(window.recoveryPath());
        QVERIFY(window.autosaveNow());
        QVERIFY(QFile::exists(window.recoveryPath()));
        Result<LoadedProject> recovered = projectfile::load(window.recoveryPath());
        QVERIFY(recovered);
        QCOMPARE(projectfile::serialize(recovered->diagram), projectfile::serialize(window.model()->diagram()));

        // Another window sees it only once its session is gone: a running one holds its lock.
        MainWindow next(false);
        QVERIFY(!next.orphanedRecoveryFiles().contains(window.recoveryPath()));
        const QString crashed =
            QFileInfo(window.recoveryPath()).absolutePath() + QStringLiteral("/session-999999-1.mlab.json");
        QVERIFY(QFile::copy(window.recoveryPath(), crashed));
        QVERIFY(next.orphanedRecoveryFiles().contains(crashed));

        // A later session restores it as one undoable, unsaved step.
        QVERIFY(next.restoreRecovery(crashed));
        QFile::remove(crashed);
        QCOMPARE(projectfile::serialize(next.model()->diagram()), projectfile::serialize(window.model()->diagram()));
        QVERIFY(next.isModified());
        next.undoStack()->undo();
        QVERIFY(next.model()->diagram().nodes().empty());

        // A clean save removes it.
        QTemporaryDir dir;
        QVERIFY(window.saveTo(dir.filePath(QStringLiteral("x.mlab.json"))));
        QVERIFY(!QFile::exists(window.recoveryPath()));
    }

    void unsavedChangesAreAskedAbout()
    {
        MainWindow window(false);
        window.show();
        QStringList asked;
        QMessageBox::StandardButton answer = QMessageBox::Cancel;
        window.setSavePrompt([&](const QString& name) {
            asked << name;
            return answer;
        });
        window.view()->addNode(QStringLiteral("queue"), QPointF(0, 0));
        QVERIFY(!window.close());  // Cancel keeps the window and the work
        QCOMPARE(asked, QStringList{QStringLiteral("Untitled")});
        QCOMPARE(window.model()->diagram().nodes().size(), size_t(1));
        window.newDocument();  // Cancel again: nothing replaced
        QCOMPARE(window.model()->diagram().nodes().size(), size_t(1));
        answer = QMessageBox::Discard;
        window.newDocument();
        QVERIFY(window.model()->diagram().nodes().empty());
        QVERIFY(!window.isModified());
        QCOMPARE(asked.size(), 3);
        QVERIFY(window.close());  // nothing to ask now
        QCOMPARE(asked.size(), 3);

        // Opening a file over unsaved work asks once, not once per step.
        QTemporaryDir dir;
        const QString path = writeSample(dir);
        window.view()->addNode(QStringLiteral("topic"), QPointF(0, 0));
        QVERIFY(window.openFile(path));
        QCOMPARE(asked.size(), 4);
        QCOMPARE(window.filePath(), QFileInfo(path).absoluteFilePath());
    }

    void recentFilesPersist()
    {
        QTemporaryDir dir;
        const QString a = writeSample(dir, QStringLiteral("a.mlab.json"));
        const QString b = writeSample(dir, QStringLiteral("b.mlab.json"));
        QSettings().remove(QStringLiteral("recentFiles"));
        {
            MainWindow window(true);
            window.setSavePrompt([](const QString&) { return QMessageBox::Discard; });
            QVERIFY(window.loadFile(a));
            QVERIFY(window.loadFile(b));
            QVERIFY(window.loadFile(a));
        }
        MainWindow later(true);
        QCOMPARE(later.recentFiles(), (QStringList{QFileInfo(a).absoluteFilePath(), QFileInfo(b).absoluteFilePath()}));
    }

    void examplesOpenAsUntitledCopies()
    {
        qputenv("MICROLAB_PROJECTS_DIR", MICROLAB_PROJECTS_DIR);
        const QStringList examples = MainWindow::exampleFiles();
        if (examples.isEmpty()) QSKIP("no sample projects yet");
        MainWindow window(false);
        window.openExample(examples.front());
        QVERIFY(!window.model()->diagram().nodes().empty());
        QVERIFY(window.filePath().isEmpty());  // Save must not overwrite the sample
        QVERIFY(!window.isModified());
    }

    void screenshotInProcess()
    {
        QTemporaryDir dir;
        MainWindow window(false);
        QVERIFY(window.loadFile(writeSample(dir)));
        const QString png = dir.filePath(QStringLiteral("shot.png"));
        QVERIFY(window.saveScreenshot(png, QSize(1280, 800)));
        QImage image(png);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size() / image.devicePixelRatio(), QSize(1280, 800));
        // Not a blank grab: many distinct colours.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7) colours.insert(image.pixel(x, y));
        QVERIFY(colours.size() > 20);
    }

    void screenshotFromTheCommandLine()
    {
        const QString exe = QCoreApplication::applicationDirPath() + QStringLiteral("/../app/microlab");
        if (!QFileInfo::exists(exe)) QSKIP("the microlab executable is not built next to the tests");
        QTemporaryDir dir;
        const QString file = writeSample(dir);
        const QString png = dir.filePath(QStringLiteral("cli.png"));
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.remove(QStringLiteral("QT_SCALE_FACTOR"));
        p.setProcessEnvironment(env);
        p.start(exe, {file, QStringLiteral("--screenshot"), png, QStringLiteral("--run-for"), QStringLiteral("30s")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        // --run-for now runs the diagram (issue 10): no "ignored" note any more.
        QVERIFY(!p.readAllStandardError().contains("ignored"));
        QImage image(png);
        QCOMPARE(image.size(), QSize(1600, 1000));

        // A file that does not load: exit 1 and a message naming it.
        const QString bad = dir.filePath(QStringLiteral("missing.mlab.json"));
        p.start(exe, {bad, QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("no.png"))});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(p.readAllStandardError().contains("missing.mlab.json"));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("no.png"))));
    }

    void layoutAndThemePersist()
    {
        QSettings().remove(QStringLiteral("window"));
        {
            MainWindow window(true);
            window.show();
            window.setTheme(ThemeMode::Dark);
            QVERIFY(window.close());
        }
        // One layout per screen scale (issue 11: docks sized at 200% must not come back at 100%).
        QSettings settings;
        QVERIFY(!settings.value(QStringLiteral("window/geometry@100")).toByteArray().isEmpty());
        QVERIFY(!settings.value(QStringLiteral("window/state@100")).toByteArray().isEmpty());
        QVERIFY(!settings.contains(QStringLiteral("window/state@200")));
        QCOMPARE(settings.value(QStringLiteral("view/theme")).toString(), QStringLiteral("dark"));
        // Screenshots and tests (non-interactive) leave the user's settings alone.
        settings.remove(QStringLiteral("window"));
        {
            MainWindow quiet(false);
            quiet.show();
            quiet.setTheme(ThemeMode::Light);
            QVERIFY(quiet.close());
        }
        QVERIFY(!QSettings().contains(QStringLiteral("window/state@100")));
        QCOMPARE(QSettings().value(QStringLiteral("view/theme")).toString(), QStringLiteral("dark"));
    }

    void themeSwitchKeepsTheWindowUsable()
    {
        MainWindow window(false);
        window.setTheme(ThemeMode::Dark);
        QVERIFY(isDarkTheme());
        QVERIFY(window.palette().color(QPalette::Window).lightness() < 128);
        QVERIFY(window.action(QStringLiteral("theme-dark"))->isChecked());
        window.setTheme(ThemeMode::Light);
        QVERIFY(!isDarkTheme());
        QVERIFY(window.action(QStringLiteral("theme-light"))->isChecked());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
