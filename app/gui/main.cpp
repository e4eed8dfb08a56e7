// microlab — the designer. `microlab [FILE] [--screenshot OUT.png [--run-for DURATION] [--tab TAB]
// [--select NODE] [--size WxH] [--theme light|dark] [--presenter]]` and `microlab --bench-live FILE [--json]`.
#include "BenchLive.h"
#include "MainWindow.h"
#include "Theme.h"
#include "canvas/DiagramScene.h"
#include "canvas/DiagramView.h"
#include "engine/Behaviour.h"
#include "engine/RunAction.h"
#include "format/Duration.h"
#include "inspector/Inspector.h"
#include "run/RunController.h"
#include "run/RunFeed.h"
#include "start/StartPage.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QRegularExpression>
#include <QSettings>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <vector>

namespace {

void fail(const QString& message) { std::fprintf(stderr, "microlab: %s\n", qPrintable(message)); }

}  // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Microlab"));
    QApplication::setApplicationName(QStringLiteral("Microlab"));
    QApplication::setApplicationDisplayName(QStringLiteral("Microlab"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    QApplication::setDesktopFileName(QStringLiteral("microlab"));
    ml::ui::initResources();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/microlab.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Design, run and watch serverless microservice architectures."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("A project file (*.mlab.json) to open."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Save the main window as a PNG and exit."),
                                        QStringLiteral("OUT.png"));
    const QCommandLineOption runFor(
        QStringLiteral("run-for"),
        QStringLiteral("With --screenshot: run the diagram for this much virtual time first."),
        QStringLiteral("DURATION"));
    const QCommandLineOption size(QStringLiteral("size"),
                                  QStringLiteral("Window size for --screenshot (default 1600x1000)."),
                                  QStringLiteral("WxH"), QStringLiteral("1600x1000"));
    const QCommandLineOption tab(QStringLiteral("tab"),
                                 QStringLiteral("With --screenshot: the bottom tab shown "
                                                "(logs|queues|metrics|trace|websocket|problems)."),
                                 QStringLiteral("TAB"));
    const QCommandLineOption select(QStringLiteral("select"), QStringLiteral("With --screenshot: the node selected."),
                                    QStringLiteral("NODE"));
    const QCommandLineOption theme(QStringLiteral("theme"), QStringLiteral("With --screenshot: light or dark."),
                                   QStringLiteral("THEME"));
    const QCommandLineOption presenter(QStringLiteral("presenter"),
                                       QStringLiteral("With --screenshot: in presenter mode (View → Presenter mode)."));
    const QCommandLineOption benchLiveOption(
        QStringLiteral("bench-live"), QStringLiteral("Engine rate headless and with the window attached; exit."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("With --bench-live: one JSON object."));
    parser.addOptions({screenshot, runFor, size, tab, select, theme, presenter, benchLiveOption, json});
    // `--at TIME ACTION` takes two values, which QCommandLineParser cannot: taken out first.
    std::vector<ml::TimedRunAction> actions;
    QStringList arguments = QApplication::arguments();
    for (qsizetype i = 1; i < arguments.size();) {
        if (arguments[i] != QLatin1String("--at")) {
            ++i;
            continue;
        }
        if (i + 2 >= arguments.size()) {
            fail(QStringLiteral("--at needs TIME and ACTION, e.g. --at 2m fault:worker=errorRate:1"));
            return 2;
        }
        const ml::Result<ml::TimedRunAction> parsed = ml::parseTimedRunAction(arguments[i + 1], arguments[i + 2]);
        if (!parsed) {
            fail(QStringLiteral("--at %1 %2: %3").arg(arguments[i + 1], arguments[i + 2], parsed.error().message));
            return 2;
        }
        actions.push_back(parsed.value());
        arguments.remove(i, 3);
    }
    parser.process(arguments);
    if (!actions.empty() && !(parser.isSet(screenshot) && parser.isSet(runFor))) {
        fail(QStringLiteral("--at works with --screenshot and --run-for (the actions happen during that run)"));
        return 2;
    }

    const QStringList files = parser.positionalArguments();
    if (files.size() > 1) {
        fail(QStringLiteral("expected at most one FILE; got %1").arg(files.size()));
        return 2;
    }
    const QString file = files.value(0);

    if (parser.isSet(benchLiveOption)) {
        if (file.isEmpty()) {
            fail(QStringLiteral("--bench-live needs a FILE"));
            return 2;
        }
        ml::ui::applyTheme(ml::ui::ThemeMode::System);
        return benchLive(file, parser.isSet(json), parser.value(tab));
    }

    if (parser.isSet(screenshot)) {
        static const QRegularExpression sizePattern(QStringLiteral("^(\\d{2,5})x(\\d{2,5})$"));
        const QRegularExpressionMatch m = sizePattern.match(parser.value(size));
        if (!m.hasMatch()) {
            fail(QStringLiteral("--size expects WIDTHxHEIGHT like 1600x1000; got \"%1\"").arg(parser.value(size)));
            return 2;
        }
        std::optional<ml::Micros> duration;
        if (parser.isSet(runFor)) {
            const ml::Result<ml::Micros> d = ml::duration::parse(parser.value(runFor));
            if (!d || d.value() < 0) {
                fail(QStringLiteral("--run-for expects a duration like 2m or 90s; got \"%1\"")
                         .arg(parser.value(runFor)));
                return 2;
            }
            duration = d.value();
        }
        static const QStringList tabs = {
            QStringLiteral("logs"),      QStringLiteral("queues"),   QStringLiteral("metrics"), QStringLiteral("trace"),
            QStringLiteral("websocket"), QStringLiteral("problems"), QStringLiteral("lab")};
        if (parser.isSet(tab) && !tabs.contains(parser.value(tab))) {
            fail(QStringLiteral("--tab expects one of %1; got \"%2\"")
                     .arg(tabs.join(QLatin1Char('|')), parser.value(tab)));
            return 2;
        }
        ml::ui::ThemeMode mode = ml::ui::ThemeMode::System;
        if (parser.isSet(theme)) {
            if (parser.value(theme) != QLatin1String("light") && parser.value(theme) != QLatin1String("dark")) {
                fail(QStringLiteral("--theme expects light or dark; got \"%1\"").arg(parser.value(theme)));
                return 2;
            }
            mode = ml::ui::themeModeFromName(parser.value(theme));
        }
        // Screenshots look the same on every machine: no saved layout, theme from --theme or MICROLAB_THEME.
        ml::ui::applyTheme(mode);
        ml::ui::MainWindow window(false);
        if (parser.isSet(presenter)) window.setPresenterMode(true);
        if (!file.isEmpty()) {
            if (const ml::Status s = window.loadFile(file); !s) {
                fail(s.error().toString());
                return 1;
            }
        } else {
            // No file: the start page, as the window shows it at startup, thumbnails drawn.
            window.showStartPage();
            window.startPage()->finishThumbnails();
        }
        if (duration) {
            window.resize(QSize(m.captured(1).toInt(), m.captured(2).toInt()));
            window.show();
            QApplication::processEvents();
            if (const ml::Status s = window.startRun(); !s) {
                fail(s.error().message);
                return 1;
            }
            // Each --at action at its instant (the events due then first), as microlab-cli run --at.
            std::stable_sort(actions.begin(), actions.end(),
                             [](const ml::TimedRunAction& a, const ml::TimedRunAction& b) { return a.at < b.at; });
            ml::ui::RunController* run = window.runController();
            // To `until`, on through the lab's time breakpoints (the Lab panel records each).
            auto runTo = [run](ml::Micros until) {
                for (int pauses = 0; pauses < 1000 && run->now() < until; ++pauses) run->runFor(until - run->now());
            };
            for (const ml::TimedRunAction& a : actions) {
                if (a.at > *duration) {
                    fail(QStringLiteral("--at %1: after --run-for %2").arg(a.action.text, parser.value(runFor)));
                    return 2;
                }
                runTo(a.at);
                ml::Status applied = ml::okStatus();
                window.runFeed()->withRun([&](ml::EngineRun& r) { applied = ml::applyRunAction(r, a.action); });
                if (!applied) {
                    fail(QStringLiteral("--at %1: %2").arg(a.action.text, applied.error().message));
                    return 2;
                }
            }
            runTo(*duration);
        }
        if (parser.isSet(select)) {
            const ml::NodeId id(parser.value(select));
            if (!window.model()->diagram().node(id)) {
                fail(QStringLiteral("--select: no node \"%1\" in the diagram").arg(id.value));
                return 2;
            }
            window.scene()->selectNode(id);
            window.inspector()->showNode(id);
            // A node holding messages (a DLQ) also selects its oldest one, so the Trace tab and
            // the canvas show that message's story (its retries and the dead-letter move).
            quint64 message = 0, trace = 0;
            window.runFeed()->withRun([&](ml::EngineRun& r) {
                const int node = r.engine().nodeIndex(id.value);
                if (node < 0) return;
                r.engine().behaviour(node).forEachHeld([&](ml::MessageIndex m) {
                    if (message == 0) {
                        message = r.engine().message(m).id;
                        trace = r.engine().message(m).traceId;
                    }
                });
            });
            if (message) window.runFeed()->selectMessage(message, trace);
        }
        if (parser.isSet(tab) && !window.showBottomTab(parser.value(tab)))
            fail(QStringLiteral("note: this build has no \"%1\" tab; the screenshot shows the current one")
                     .arg(parser.value(tab)));
        const ml::Status s =
            window.saveScreenshot(parser.value(screenshot), QSize(m.captured(1).toInt(), m.captured(2).toInt()));
        if (!s) {
            fail(s.error().toString());
            return 1;
        }
        return 0;
    }

    ml::ui::applyTheme(ml::ui::themeModeFromName(QSettings().value(QStringLiteral("view/theme")).toString()));
    ml::ui::MainWindow window;
    window.show();
    // Work a crashed session left behind comes first; otherwise open what was asked for, and
    // with nothing asked for, the start page.
    QTimer::singleShot(0, &window, [&window, file] {
        if (window.offerRecovery()) return;
        if (file.isEmpty())
            window.showStartPage();
        else
            window.openFile(file);
    });
    return app.exec();
}
