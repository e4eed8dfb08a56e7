// RunController at "max": the engine on a worker thread, in slices of about kWorkerSliceMicros
// under the engine's lock. Between two slices the worker lets a waiting GUI thread in first, so
// reading the engine (badges, panels) or changing it (faults, inject, redrive) waits at most one
// slice, and a frame never waits for the engine's work as a whole.
#include "run/RunController.h"

#include <QDateTime>
#include <QLocale>
#include <QThread>

#include <algorithm>

namespace ml::ui {

// The worker allocates in a glibc heap ("arena") of its own, glibc's default. Tried and measured
// (--bench-live, 3-round medians, 4 processes each, same build): sharing the main thread's heap
// (mallopt M_ARENA_MAX 1) made the two threads wait on one malloc lock, and a heap the window had
// fragmented slowed the engine itself: ratio 0.77–0.85 shared against 0.92–1.06 apart.

void RunController::Graveyard::bury(std::vector<EngineEvent>* batch)
{
    {
        const std::lock_guard<std::mutex> guard(lock);
        if (open) {
            batches.push_back(batch);
            return;
        }
    }
    delete batch;
}

void RunController::Graveyard::freeAll()
{
    constexpr std::size_t kKeep = 3;  // about what is in flight between two frames
    std::vector<std::vector<EngineEvent>*> dead;
    {
        const std::lock_guard<std::mutex> guard(lock);
        dead.swap(batches);
    }
    std::vector<std::vector<EngineEvent>> cleared;
    for (std::vector<EngineEvent>* batch : dead) {
        batch->clear();  // the events' text is freed here, on the thread whose heap it is in
        if (cleared.size() < kKeep) cleared.push_back(std::move(*batch));
        delete batch;
    }
    if (cleared.empty()) return;
    const std::lock_guard<std::mutex> guard(lock);
    for (std::vector<EngineEvent>& v : cleared)
        if (emptied.size() < kKeep) emptied.push_back(std::move(v));
}

std::vector<EngineEvent> RunController::Graveyard::spare(std::size_t events)
{
    std::vector<EngineEvent> v;
    {
        const std::lock_guard<std::mutex> guard(lock);
        if (!emptied.empty()) {
            v = std::move(emptied.back());
            emptied.pop_back();
        }
    }
    v.reserve(events);
    return v;
}

EventBatch RunController::makeBatch(std::vector<EngineEvent> events) const
{
    // The deleter holds the graveyard: a view may keep a batch after this controller is gone.
    auto* batch = new std::vector<EngineEvent>(std::move(events));
    return EventBatch(batch,
                      [graveyard = m_graveyard, batch](const std::vector<EngineEvent>*) { graveyard->bury(batch); });
}

void RunController::startWorker()
{
    if (m_worker || !m_run) return;
    {
        const std::lock_guard<std::mutex> guard(m_graveyard->lock);
        m_graveyard->open = true;
    }
    m_workerStop = false;
    m_workerNow = m_run->engine().now();
    m_workerEvents = m_run->eventCount();
    const quint64 generation = ++m_workerGeneration;
    m_worker.reset(QThread::create([this, generation] { workerLoop(generation); }));
    m_worker->setObjectName(QStringLiteral("microlab engine"));
    applyInterest();
    m_worker->start();
}

void RunController::stopWorker()
{
    if (!m_worker) return;
    m_workerStop = true;
    m_worker->wait();
    m_worker.reset();
    {
        const std::lock_guard<std::mutex> guard(m_graveyard->lock);
        m_graveyard->open = false;
    }
    m_graveyard->freeAll();
    applyInterest();
}

void RunController::applyInterest()
{
    if (!m_run) return;
    const bool collect = !m_worker || m_feed->logsShown();
    if (collect == m_logsCollected) return;
    const auto lock = guiLock();
    const Engine& engine = m_run->engine();
    quint64 lines = 0;
    for (const quint64 n : engine.logCounts()) lines += n;
    if (!collect) {
        m_logsGapFrom = engine.now();
        m_logsGapLines = lines;
    } else if (lines > m_logsGapLines) {
        // Never a silent hole in Logs: one warning line in its place says what was left out.
        const auto clock = [&](Micros t) {
            return QDateTime::fromMSecsSinceEpoch((engine.startTime() + t) / kMicrosPerMilli, Qt::UTC);
        };
        Json line = Json::object();
        line["time"] = toStd(clock(engine.now()).toString(Qt::ISODateWithMs));
        line["function"] = "microlab";
        line["urgency"] = "warning";
        line["message"] = toStd(tr("%1 log lines from %2 to %3 were not collected: the Logs tab was hidden while "
                                   "the run went at max speed")
                                    .arg(QLocale().toString(lines - m_logsGapLines),
                                         clock(m_logsGapFrom).toString(QStringLiteral("HH:mm:ss.zzz")),
                                         clock(engine.now()).toString(QStringLiteral("HH:mm:ss.zzz"))));
        EngineEvent e = EngineEvent::logLine(-1, -1, 0, 0, 2, line.dump());
        e.time = engine.now();
        m_pending.push_back(std::move(e));
        m_pendingLabels.push_back(m_run->eventCount());
    }
    m_logsCollected = collect;
    m_run->setObservedTypes(collect ? ~quint32(0) : ~(quint32(1) << int(EventType::Log)));
}

void RunController::workerLoop(quint64 generation)
{
    while (!m_workerStop.load()) {
        bool done = false;
        {
            const std::lock_guard<QRecursiveMutex> lock(m_engineLock);
            QElapsedTimer t;
            t.start();
            const double perMicro = m_eventsPerMicro > 0 ? m_eventsPerMicro : 0.02;
            MaxSpeedScheduler slice(quint64(std::clamp(perMicro * double(kWorkerSliceMicros), 16.0, 200'000.0)), 0);
            const Micros limit = pauseLimit();
            const Advance a = slice.advance(m_run->engine().kernel(), limit);
            const qint64 spent = t.nsecsElapsed() / 1000;
            m_engineMicros += spent;
            measureSlice(a.events, spent);
            if (!m_breakHit) reachPauseAt(limit, true);
            m_workerNow = m_run->engine().now();
            m_workerEvents = m_run->eventCount();
            if (m_breakHit) {
                m_workerStopReason = m_breakWhy;
                done = true;
            } else if (a.finished && m_run->engine().kernel().empty()) {
                m_workerStopReason = tr("Nothing left to happen");
                done = true;
            }
        }
        if (done) {
            QMetaObject::invokeMethod(
                this, [this, generation] { onWorkerStopped(generation); }, Qt::QueuedConnection);
            return;
        }
        m_graveyard->freeAll();  // outside the engine's lock: the GUI thread may take it meanwhile
        // A mutex is not fair: the GUI thread would wait for many slices. Let it in first.
        while (m_guiWaiting.load() > 0 && !m_workerStop.load()) QThread::yieldCurrentThread();
    }
}

void RunController::onWorkerStopped(quint64 generation)
{
    // Paused (or paused and run again) since: that worker is gone already.
    if (!m_worker || generation != m_workerGeneration) return;
    stopWorker();
    flush();
    const bool hit = m_breakHit;
    setState(State::Paused, m_workerStopReason);
    if (hit) breakpointReached();
}

}  // namespace ml::ui
