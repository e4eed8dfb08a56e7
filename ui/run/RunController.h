// Drives a live run for the window: one EngineRun, paced by the engine's Scheduler policies, its
// events collected and published to the RunFeed at most 60 times a second; step, step back
// (deterministic replay), faults, breakpoints and Serve.
//
// At "max" the engine runs on a worker thread in short slices (kWorkerSliceMicros) under one
// lock, so the window's painting and panels no longer take turns with it: the GUI takes the lock
// between two slices (RunFeed::withRun, the badges, the batch of events) and the engine is then
// stopped between two events, as everywhere else. At real-time speeds, with Serve (LiveSession
// serves its sockets on this thread's event loop) and for runFor, slices run on the GUI thread,
// bounded in wall time (kSliceWallMicros) so a frame always gets its turn. Either way the engine
// dispatches the same events in the same order: the run stays deterministic and step back replays it.
#pragma once

#include "engine/Scheduler.h"
#include "live/LiveSession.h"
#include "run/RunFeed.h"

#include <QElapsedTimer>
#include <QObject>
#include <QRecursiveMutex>
#include <QSet>
#include <QTimer>

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>

class QThread;

namespace ml::ui {

class RunController : public QObject, private EngineObserver {
    Q_OBJECT
public:
    enum class State { Editing, Paused, Running };
    // Virtual time against wall time: 0.1×, 1×, 10×, 100× real time, or as fast as possible.
    enum class Speed { Tenth, One, Ten, Hundred, Max };
    static constexpr Micros kSliceWallMicros = 12'000;  // one slice at "max": leaves a 60 Hz frame its turn
    static constexpr int kFrameMs = 16;                 // publish at most ~60 times a second
    static constexpr std::size_t kHistoryEvents = 200'000;
    static constexpr Micros kWorkerSliceMicros = 2'000;  // the longest the GUI waits for the engine

    explicit RunController(RunFeed* feed, QObject* parent = nullptr);
    ~RunController() override;

    RunFeed* feed() const { return m_feed; }
    // A new run of `diagram`, paused at its start; the error names what the engine refused.
    Status start(const Diagram& diagram, std::optional<quint64> seed = {});
    // Back to editing: the run is gone.
    void reset();
    bool hasRun() const { return bool(m_run); }
    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Running; }
    // The run's structure (nodes, edges, faults) may be read directly; its changing state (queues,
    // stats, the clock) only through read() or RunFeed::withRun while the engine may be running.
    EngineRun* run() const { return m_run.get(); }
    // Runs `fn` with the engine stopped between two events (waits for the worker's slice); false
    // when there is no run. Unlike RunFeed::withRun it tells no view that something changed.
    bool read(const std::function<void(EngineRun&)>& fn);

    void play();
    void pause();
    void togglePlay();
    // One engine event; false when nothing is left to happen.
    bool step();
    // Back `events` engine events by replay; the views rebuild from the kept history.
    Status stepBack(quint64 events = 1);
    // Back to just before engine event `seq` (EngineEvent::seq): the moment before a trace's hop.
    Status rewindBefore(quint64 seq);
    void setSpeed(Speed speed);
    Speed speed() const { return m_speed; }
    static QString speedName(Speed speed);

    // Runs `duration` of virtual time now, as fast as possible, publishing and letting the
    // window paint between slices (screenshots, tests, --bench-live). Stops early at a breakpoint.
    void runFor(Micros duration);

    Micros now() const;
    // The virtual clock as calendar time: "2026-01-01 00:03:12.250".
    QString clockText() const;
    quint64 seed() const;
    quint64 eventCount() const;
    // Why the run stopped by itself ("Nothing left to happen", "Breakpoint: …"), or empty.
    QString pauseReason() const { return m_pauseReason; }

    // ---- faults (journaled: step back replays them) ----
    void setFault(int node, const Fault& fault);
    Fault fault(int node) const;

    // ---- breakpoints ----
    void setBreakOnNode(int node, bool on);
    bool breaksOnNode(int node) const;
    void setBreakOnDeadLetter(bool on) { m_breakDeadLetter = on; }
    bool breaksOnDeadLetter() const { return m_breakDeadLetter; }
    void setBreakOnFunctionFailure(bool on) { m_breakFailure = on; }
    bool breaksOnFunctionFailure() const { return m_breakFailure; }
    // A time breakpoint (the lab's "at" checks): the run pauses with `why` once every event due by
    // virtual time `at` has happened, the clock reading `at`, and emits pausedAt. One-shot; kTimeMax
    // for none. Not while serving (real clients set the pace). (RunControllerBreakpoints.cpp)
    void pauseAt(Micros at, const QString& why = QString());
    Micros pauseTime() const;

    // ---- Serve: the diagram's real endpoints, as `microlab-cli run --serve` ----
    Status startServing();
    void stopServing();
    bool serving() const { return bool(m_live); }
    std::vector<LiveEndpoint> endpoints() const;

    // Publishes what is pending now (tests and screenshots do not wait for the frame timer).
    void flush();

    // For --bench-live: engine wall time spent in slices, and wall intervals between frames.
    double engineSeconds() const { return double(m_engineMicros) / 1e6; }
    const std::vector<double>& frameIntervalsMs() const { return m_frameIntervals; }
    void setMeasuring(bool on);

signals:
    // Started, stopped, paused, stepped, speed or clock changed.
    void stateChanged();
    // A run began (or was rebuilt by step back) / ended.
    void runStarted();
    void runEnded();
    // A breakpoint paused the run on `message` (0: none) for `why`.
    void breakpointHit(const QString& why, quint64 message, quint64 trace);
    // The time breakpoint was reached: the engine is stopped at virtual time `at`.
    void pausedAt(Micros at);
    void servingChanged(bool on);
    // After each published batch (the canvas overlay animates at this pace).
    void framePublished();

private:
    void onEvent(const Engine& engine, const EngineEvent& event) override;
    bool access(const std::function<void(EngineRun&)>& fn);
    void pump();
    void schedulePump(Micros wallWait);
    Scheduler& scheduler();
    quint64 sliceEvents() const;
    void measureSlice(quint64 events, qint64 micros);
    void publishHistory();
    void trimHistory(quint64 toEvent);
    void setState(State state, const QString& reason = QString());
    void frame();
    void breakpointReached();
    // The time breakpoint, when an advance with `limit` reached it (`jump`: the clock may skip
    // to it when nothing is due before, as at max speed); it then counts as a hit breakpoint.
    Micros pauseLimit() const { return m_pauseAt >= m_run->engine().now() ? m_pauseAt : kTimeMax; }
    bool reachPauseAt(Micros limit, bool jump);
    // The worker thread at "max" (RunControllerWorker.cpp).
    void startWorker();
    void stopWorker();
    void workerLoop(quint64 generation);
    bool workerActive() const { return m_worker != nullptr; }
    void onWorkerStopped(quint64 generation);
    // At "max" log lines are left out while no view shows them (RunFeed::logsShown): they are the
    // costliest events. When they are collected again a line in Logs says what is missing.
    void applyInterest();
    // The engine's lock, taken from the GUI thread (the worker lets it go first).
    std::unique_lock<QRecursiveMutex> guiLock() const;

    // The last reference to a published batch usually goes on this thread (the feed drops its
    // oldest). Its log lines' text was allocated on the worker, in the worker's heap: freed here,
    // every free waits for that heap's lock while the worker allocates. So while a worker runs,
    // batches go back to it and it frees them between two slices (RunControllerWorker.cpp).
    // The emptied vectors are kept (a few) and the next frame's events go into one of them: at
    // max a frame's batch is megabytes, and allocating it anew each frame costs the GUI thread a
    // malloc_consolidate of everything it freed since.
    struct Graveyard {
        std::mutex lock;
        std::vector<std::vector<EngineEvent>*> batches;
        std::vector<std::vector<EngineEvent>> emptied;
        bool open = false;  // a worker runs and frees what is buried
        void bury(std::vector<EngineEvent>* batch);
        void freeAll();
        // An empty vector with room for `events` (an emptied one when there is one).
        std::vector<EngineEvent> spare(std::size_t events);
    };
    EventBatch makeBatch(std::vector<EngineEvent> events) const;

    struct Published {
        EventBatch events;
        std::vector<quint64> labels;  // the engine's event count when each event happened
    };
    // Appends to the history, dropping its oldest batches beyond kHistoryEvents.
    void keepInHistory(Published p);
    // After a step back to before most of the kept history: the replay's observed events (those
    // after engine event `after`) become it.
    void refillHistory(std::vector<EngineEvent> events, std::vector<quint64> labels, quint64 after);

    RunFeed* m_feed;
    std::unique_ptr<EngineRun> m_run;
    Diagram m_diagram;
    State m_state = State::Editing;
    Speed m_speed = Speed::One;
    QString m_pauseReason;
    MaxSpeedScheduler m_maxSpeed{1'000'000, kSliceWallMicros};
    double m_eventsPerMicro = 0;  // measured at "max": sizes the next slice
    RealTimeScheduler m_realTime{1.0};
    QTimer m_pump;
    QTimer m_frame;
    std::vector<EngineEvent> m_pending;
    std::vector<quint64> m_pendingLabels;
    std::deque<Published> m_history;
    std::size_t m_historyEvents = 0;
    quint64 m_historyLost = 0;  // the newest engine event whose events left the history (0: none did)
    QSet<int> m_breakNodes;
    std::atomic<bool> m_breakDeadLetter{false};  // read by the worker
    std::atomic<bool> m_breakFailure{false};
    bool m_breakHit = false;
    Micros m_pauseAt = kTimeMax;  // guarded like the breakpoints (the worker reads it)
    QString m_pauseWhy;
    bool m_pauseHit = false;
    QString m_breakWhy;
    quint64 m_breakMessage = 0;
    quint64 m_breakTrace = 0;
    std::unique_ptr<LiveSession> m_live;
    bool m_measuring = false;
    qint64 m_engineMicros = 0;
    QElapsedTimer m_frameClock;
    std::vector<double> m_frameIntervals;
    // Guards the engine, m_pending and the breakpoint state while the worker exists.
    mutable QRecursiveMutex m_engineLock;
    std::unique_ptr<QThread> m_worker;
    std::shared_ptr<Graveyard> m_graveyard = std::make_shared<Graveyard>();
    std::atomic<bool> m_workerStop{false};
    mutable std::atomic<int> m_guiWaiting{0};  // the worker steps aside between slices while the GUI waits
    quint64 m_workerGeneration = 0;
    std::atomic<qint64> m_workerNow{0};
    std::atomic<quint64> m_workerEvents{0};
    QString m_workerStopReason;
    bool m_logsCollected = true;
    Micros m_logsGapFrom = 0;
    quint64 m_logsGapLines = 0;  // the engine's log line count when collecting stopped
};

}  // namespace ml::ui
