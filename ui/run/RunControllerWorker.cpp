// RunController at "max": the engine on a worker thread, in slices of about kWorkerSliceMicros
// under the engine's lock. Between two slices the worker lets a waiting GUI thread in first, so
// reading the engine (badges, panels) or changing it (faults, inject, redrive) waits at most one
// slice, and a frame never waits for the engine's work as a whole.
#include "run/RunController.h"

#include <QThread>

#include <algorithm>

namespace ml::ui {

void RunController::startWorker()
{
    if (m_worker || !m_run) return;
    m_workerStop = false;
    m_workerNow = m_run->engine().now();
    m_workerEvents = m_run->eventCount();
    const quint64 generation = ++m_workerGeneration;
    m_worker.reset(QThread::create([this, generation] { workerLoop(generation); }));
    m_worker->setObjectName(QStringLiteral("microlab engine"));
    m_worker->start();
}

void RunController::stopWorker()
{
    if (!m_worker) return;
    m_workerStop = true;
    m_worker->wait();
    m_worker.reset();
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
