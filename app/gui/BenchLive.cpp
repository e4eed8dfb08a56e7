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
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace {

// Each round runs the engine headless this long (wall); its live leg then covers the same virtual
// time. Rounds alternate the two legs so a busy neighbour (a shared or virtual machine) slows both
// legs of a round alike: the ratio is the median of the rounds' ratios, each against a baseline
// measured seconds before it.
// MICROLAB_BENCH_LEG_MS shortens it for the smoke test (tests/benchlive).
const qint64 kHeadlessWallMs = qEnvironmentVariableIsSet("MICROLAB_BENCH_LEG_MS")
                                   ? std::max(50, qEnvironmentVariableIntValue("MICROLAB_BENCH_LEG_MS"))
                                   : 2000;
constexpr int kRounds = 3;

// CPU seconds this process used: on a shared machine the wall clock also counts other programs'
// turns, so the CPU-time ratio says more about what the window costs the engine.
double cpuSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

template <typename T>
T median(std::vector<T> v)
{
    if (v.empty()) return T{};
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

struct Leg {
    quint64 events = 0;
    double seconds = 0;
    double cpu = 0;
    double rate() const { return seconds > 0 ? double(events) / seconds : 0; }
};

struct Round {
    Leg headless;
    Leg live;
    ml::Micros virtualTime = 0;
    double engineSeconds = 0;  // live: wall time inside the worker's slices
    double linesPerSecond = 0;
    double ratio() const { return headless.rate() > 0 ? live.rate() / headless.rate() : 0; }
    double cpuRatio() const
    {
        return headless.cpu > 0 && live.cpu > 0
                   ? (double(live.events) / live.cpu) / (double(headless.events) / headless.cpu)
                   : 0;
    }
};

// Headless: the same engine options as the window's run (logging on), no observer, on a thread of
// its own as the window's engine is: either may be given the faster core of a virtual machine.
ml::Result<Leg> runHeadless(const ml::Diagram& diagram, ml::Micros& virtualTime)
{
    auto created = ml::EngineRun::create(diagram);
    if (!created) return created.error();
    std::unique_ptr<ml::EngineRun> run = std::move(created).value();
    Leg leg;
    std::unique_ptr<QThread> thread(QThread::create([&] {
        QElapsedTimer wall;
        wall.start();
        const double cpu = cpuSeconds();
        while (wall.elapsed() < kHeadlessWallMs) {
            const ml::RunResult r = run->run(ml::kTimeMax, 20'000);
            if (r.events == 0) break;
        }
        leg.seconds = double(wall.nsecsElapsed()) / 1e9;
        leg.cpu = cpuSeconds() - cpu;
    }));
    thread->start();
    thread->wait();
    leg.events = run->eventCount();
    virtualTime = run->engine().now();
    return leg;
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
    ml::ui::RunController* run = window.runController();
    int tokensMax = 0;
    QObject::connect(run, &ml::ui::RunController::framePublished, &window,
                     [&] { tokensMax = std::max(tokensMax, window.runCanvas()->overlay()->tokenCount()); });
    const auto logLines = [&] {
        quint64 n = 0;
        run->read([&](ml::EngineRun& r) {
            for (const quint64 c : r.engine().logCounts()) n += c;
        });
        return n;
    };

    std::vector<Round> rounds;
    std::vector<double> frames;
    for (int i = 0; i < kRounds; ++i) {
        Round current;
        ml::Result<Leg> headless = runHeadless(diagram, current.virtualTime);
        if (!headless) {
            std::fprintf(stderr, "microlab: %s\n", qPrintable(headless.error().toString()));
            return 1;
        }
        current.headless = headless.value();

        // Live: the window attached, a fresh run at "max", until the same virtual time.
        if (const ml::Status s = window.startRun(); !s) {
            std::fprintf(stderr, "microlab: %s\n", qPrintable(s.error().message));
            return 1;
        }
        run->setSpeed(ml::ui::RunController::Speed::Max);
        QApplication::processEvents();
        QEventLoop loop;
        QTimer check;
        check.setInterval(5);
        QObject::connect(&check, &QTimer::timeout, &loop, [&] {
            if (run->now() >= current.virtualTime || !run->isRunning()) loop.quit();
        });
        const quint64 linesBefore = logLines();
        run->setMeasuring(true);
        QElapsedTimer wall;
        wall.start();
        const double cpu = cpuSeconds();
        run->play();
        check.start();
        loop.exec();
        current.live.seconds = double(wall.nsecsElapsed()) / 1e9;
        current.live.cpu = cpuSeconds() - cpu;
        run->pause();
        current.live.events = run->eventCount();
        current.engineSeconds = run->engineSeconds();
        // Lines the engine wrote; whether they reached a shown Logs tab is logLinesShown below.
        current.linesPerSecond = double(logLines() - linesBefore) / current.live.seconds;
        frames.insert(frames.end(), run->frameIntervalsMs().begin(), run->frameIntervalsMs().end());
        run->setMeasuring(false);
        rounds.push_back(current);
    }
    // At max a hidden Logs tab gets no lines (RunFeed::logsShown).
    const bool linesCollected = window.runFeed()->logsShown();
    run->reset();

    std::vector<double> ratios, cpuRatios, headlessRates, liveRates, lines;
    for (const Round& r : rounds) {
        ratios.push_back(r.ratio());
        cpuRatios.push_back(r.cpuRatio());
        headlessRates.push_back(r.headless.rate());
        liveRates.push_back(r.live.rate());
        lines.push_back(r.linesPerSecond);
    }
    const double frameMedian = median(frames);
    const double frameMax = frames.empty() ? 0 : *std::max_element(frames.begin(), frames.end());
    if (json) {
        QString each;
        for (const double r : ratios) each += (each.isEmpty() ? "" : ", ") + QString::number(r, 'f', 3);
        std::printf(
            "{\"headlessEventsPerSecond\": %.0f, \"liveEventsPerSecond\": %.0f, \"ratio\": %.3f, "
            "\"frameMsMedian\": %.1f, \"frameMsMax\": %.1f, \"tokensMax\": %d, \"cpuRatio\": %.3f, "
            "\"roundRatios\": [%s], \"logLinesPerSecond\": %.0f, \"logLinesShown\": %s}\n",
            median(headlessRates), median(liveRates), median(ratios), frameMedian, frameMax, tokensMax,
            median(cpuRatios), qPrintable(each), median(lines), linesCollected ? "true" : "false");
        return 0;
    }
    std::printf("%d rounds, each headless for %.1f s of wall time, then live over the same virtual time\n", kRounds,
                double(kHeadlessWallMs) / 1000);
    for (std::size_t i = 0; i < rounds.size(); ++i) {
        const Round& r = rounds[i];
        std::printf(
            "round %zu         %s virtual: headless %.0f events/s, live %.0f events/s, ratio %.3f "
            "(CPU time %.3f), engine %.0f%% of the live wall time\n",
            i + 1, qPrintable(ml::duration::formatForPeople(r.virtualTime)), r.headless.rate(), r.live.rate(),
            r.ratio(), r.cpuRatio(), r.live.seconds > 0 ? 100.0 * r.engineSeconds / r.live.seconds : 0.0);
    }
    std::printf("median          headless %.0f events/s, live %.0f events/s, ratio %.3f (CPU time %.3f)\n",
                median(headlessRates), median(liveRates), median(ratios), median(cpuRatios));
    std::printf("frames          median %.1f ms, max %.1f ms (%zu frames)\ntokens on screen at most %d\n", frameMedian,
                frameMax, frames.size(), tokensMax);
    std::printf("log lines       %.0f per second, %s\n", median(lines),
                linesCollected ? "all shown in the Logs tab" : "not collected (the Logs tab is hidden; --tab logs)");
    return 0;
}
