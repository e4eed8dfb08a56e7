// `microlab --bench-live FILE [--json]`: the engine's event rate headless, then with the window
// attached (offscreen is fine) over the same virtual time, and how smooth the frames were.
#include "BenchLive.h"

#include "MainWindow.h"
#include "canvas/RunOverlay.h"
#include "engine/EngineRun.h"
#include "format/Duration.h"
#include "project/ProjectFile.h"
#include "run/RunCanvas.h"
#include "run/RunController.h"
#include "run/RunFeed.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace {

// How long the headless run goes on (wall); the live run then covers the same virtual time.
constexpr qint64 kHeadlessWallMs = 3000;

// CPU seconds this process used: on a shared machine the wall clock also counts other programs'
// turns, so the CPU-time ratio says more about what the window costs the engine.
double cpuSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

}  // namespace

int benchLive(const QString& file, bool json, const QString& tab)
{
    ml::Result<ml::LoadedProject> loaded = ml::projectfile::load(file);
    if (!loaded) {
        std::fprintf(stderr, "microlab: %s\n", qPrintable(loaded.error().toString()));
        return 1;
    }
    const ml::Diagram diagram = loaded.value().diagram;

    // Headless: the same engine options as the window's run (logging on), no observer.
    auto created = ml::EngineRun::create(diagram);
    if (!created) {
        std::fprintf(stderr, "microlab: %s\n", qPrintable(created.error().toString()));
        return 1;
    }
    std::unique_ptr<ml::EngineRun> headless = std::move(created).value();
    QElapsedTimer wall;
    wall.start();
    double cpu = cpuSeconds();
    while (wall.elapsed() < kHeadlessWallMs) {
        const ml::RunResult r = headless->run(ml::kTimeMax, 20'000);
        if (r.events == 0) break;
    }
    const double headlessSeconds = double(wall.nsecsElapsed()) / 1e9;
    const double headlessCpu = cpuSeconds() - cpu;
    const quint64 headlessEvents = headless->eventCount();
    const ml::Micros virtualTime = headless->engine().now();
    headless.reset();

    // Live: the window attached, the run at "max", until the same virtual time.
    ml::ui::MainWindow window(false);
    if (const ml::Status s = window.loadFile(file); !s) {
        std::fprintf(stderr, "microlab: %s\n", qPrintable(s.error().toString()));
        return 1;
    }
    window.resize(1600, 1000);
    window.show();
    if (!tab.isEmpty() && !window.showBottomTab(tab)) {
        std::fprintf(stderr, "microlab: no bottom tab \"%s\"\n", qPrintable(tab));
        return 1;
    }
    QApplication::processEvents();
    if (const ml::Status s = window.startRun(); !s) {
        std::fprintf(stderr, "microlab: %s\n", qPrintable(s.error().message));
        return 1;
    }
    ml::ui::RunController* run = window.runController();
    run->setSpeed(ml::ui::RunController::Speed::Max);
    int tokensMax = 0;
    QObject::connect(run, &ml::ui::RunController::framePublished, &window,
                     [&] { tokensMax = std::max(tokensMax, window.runCanvas()->overlay()->tokenCount()); });
    QEventLoop loop;
    QTimer check;
    check.setInterval(5);
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (run->now() >= virtualTime || !run->isRunning()) loop.quit();
    });
    const auto logLines = [&] {
        quint64 n = 0;
        run->read([&](ml::EngineRun& r) {
            for (const quint64 c : r.engine().logCounts()) n += c;
        });
        return n;
    };
    const quint64 linesBefore = logLines();
    run->setMeasuring(true);
    wall.restart();
    cpu = cpuSeconds();
    run->play();
    check.start();
    loop.exec();
    const double liveSeconds = double(wall.nsecsElapsed()) / 1e9;
    const double liveCpu = cpuSeconds() - cpu;
    run->pause();
    const quint64 liveEvents = run->eventCount();
    // Lines the engine wrote, and whether they reached a shown Logs tab (at max a hidden one gets none).
    const double linesPerSecond = double(logLines() - linesBefore) / liveSeconds;
    const bool linesCollected = window.runFeed()->logsShown();
    std::vector<double> frames = run->frameIntervalsMs();
    std::sort(frames.begin(), frames.end());
    const double median = frames.empty() ? 0 : frames[frames.size() / 2];
    const double worst = frames.empty() ? 0 : frames.back();
    const double headlessRate = headlessSeconds > 0 ? double(headlessEvents) / headlessSeconds : 0;
    const double liveRate = liveSeconds > 0 ? double(liveEvents) / liveSeconds : 0;
    const double ratio = headlessRate > 0 ? liveRate / headlessRate : 0;
    const double cpuRatio =
        headlessCpu > 0 && liveCpu > 0 ? (double(liveEvents) / liveCpu) / (double(headlessEvents) / headlessCpu) : 0;
    if (json) {
        std::printf(
            "{\"headlessEventsPerSecond\": %.0f, \"liveEventsPerSecond\": %.0f, \"ratio\": %.3f, "
            "\"frameMsMedian\": %.1f, \"frameMsMax\": %.1f, \"tokensMax\": %d, \"cpuRatio\": %.3f, "
            "\"logLinesPerSecond\": %.0f, \"logLinesShown\": %s}\n",
            headlessRate, liveRate, ratio, median, worst, tokensMax, cpuRatio, linesPerSecond,
            linesCollected ? "true" : "false");
    } else {
        std::printf("virtual time    %s (%llu events headless, %llu live)\n",
                    qPrintable(ml::duration::formatForPeople(virtualTime)), (unsigned long long)headlessEvents,
                    (unsigned long long)liveEvents);
        std::printf("headless        %.0f events/s\nlive (window)   %.0f events/s\nratio           %.3f\n",
                    headlessRate, liveRate, ratio);
        std::printf("ratio (CPU time) %.3f (headless %.2f CPU s, live %.2f CPU s)\n", cpuRatio, headlessCpu, liveCpu);
        std::printf("engine share    %.0f%% of the wall time (%.0f events/s inside slices)\n",
                    100.0 * run->engineSeconds() / liveSeconds,
                    run->engineSeconds() > 0 ? double(liveEvents) / run->engineSeconds() : 0.0);
        std::printf("frames          median %.1f ms, max %.1f ms (%zu frames)\ntokens on screen at most %d\n", median,
                    worst, frames.size(), tokensMax);
        std::printf(
            "log lines       %.0f per second, %s\n", linesPerSecond,
            linesCollected ? "all shown in the Logs tab" : "not collected (the Logs tab is hidden; --tab logs)");
    }
    run->reset();
    return 0;
}
