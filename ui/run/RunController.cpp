#include "run/RunController.h"

#include "model/Catalog.h"

#include <QDateTime>
#include <QThread>

#include <algorithm>

namespace ml::ui {

RunController::RunController(RunFeed* feed, QObject* parent) : QObject(parent), m_feed(feed)
{
    connect(m_feed, &RunFeed::interestChanged, this, &RunController::applyInterest);
    m_pump.setSingleShot(true);
    m_pump.setTimerType(Qt::PreciseTimer);
    connect(&m_pump, &QTimer::timeout, this, &RunController::pump);
    m_frame.setInterval(kFrameMs);
    m_frame.setTimerType(Qt::PreciseTimer);
    connect(&m_frame, &QTimer::timeout, this, &RunController::frame);
    m_feed->setRewinder([this](quint64 seq) { return rewindBefore(seq); });
}

RunController::~RunController()
{
    // The feed may outlive this controller: it must not keep a way into a run that is gone.
    m_feed->setRewinder(nullptr);
    if (m_run) {
        stopServing();
        stopWorker();
        m_run.reset();
        m_feed->endRun();
    }
}

Status RunController::start(const Diagram& diagram, std::optional<quint64> seed)
{
    reset();
    EngineOptions options;
    options.seed = seed;
    Result<std::unique_ptr<EngineRun>> created = EngineRun::create(diagram, options, {this});
    if (!created) return created.error();
    m_run = std::move(created).value();
    m_diagram = diagram;
    m_realTime.restart();
    m_pauseReason.clear();
    m_feed->beginRun(m_diagram, [this](const std::function<void(EngineRun&)>& fn) { return access(fn); });
    flush();  // what the behaviours did at start (clients schedule, crons arm)
    m_frame.start();
    m_frameClock.start();
    setState(State::Paused);
    emit runStarted();
    return okStatus();
}

void RunController::reset()
{
    if (!m_run) return;
    stopServing();
    stopWorker();
    m_pump.stop();
    m_frame.stop();
    m_run.reset();
    m_pending.clear();
    m_pendingLabels.clear();
    m_history.clear();
    m_historyEvents = 0;
    m_historyLost = 0;
    m_breakHit = m_pauseHit = false;
    m_logsCollected = true;
    m_pauseReason.clear();
    m_feed->endRun();
    setState(State::Editing);
    emit runEnded();
}

bool RunController::access(const std::function<void(EngineRun&)>& fn)
{
    if (!read(fn)) return false;
    m_feed->notifyStateChanged();
    return true;
}

bool RunController::read(const std::function<void(EngineRun&)>& fn)
{
    if (!m_run) return false;
    // GUI slices run to completion on this thread, and the worker's hold the lock: either way the
    // engine is between two events here.
    const auto lock = guiLock();
    fn(*m_run);
    return true;
}

std::unique_lock<QRecursiveMutex> RunController::guiLock() const
{
    m_guiWaiting.fetch_add(1);
    std::unique_lock<QRecursiveMutex> lock(m_engineLock);
    m_guiWaiting.fetch_sub(1);
    return lock;
}

void RunController::setState(State state, const QString& reason)
{
    m_state = state;
    m_pauseReason = reason;
    m_feed->setRunning(state == State::Running);
    m_feed->notifyStateChanged();
    emit stateChanged();
}

QString RunController::speedName(Speed speed)
{
    switch (speed) {
    case Speed::Tenth: return tr("0.1×");
    case Speed::One: return tr("1×");
    case Speed::Ten: return tr("10×");
    case Speed::Hundred: return tr("100×");
    case Speed::Max: return tr("max");
    }
    return QString();
}

namespace {

double scaleOf(RunController::Speed speed)
{
    switch (speed) {
    case RunController::Speed::Tenth: return 0.1;
    case RunController::Speed::One: return 1;
    case RunController::Speed::Ten: return 10;
    case RunController::Speed::Hundred: return 100;
    case RunController::Speed::Max: return 0;
    }
    return 1;
}

}  // namespace

void RunController::setSpeed(Speed speed)
{
    // Running, the engine moves between the worker (max) and the GUI thread's paced slices.
    if (m_state == State::Running && !m_live && (speed == Speed::Max) != (m_speed == Speed::Max)) {
        m_speed = speed;
        if (speed == Speed::Max) {
            m_pump.stop();
            startWorker();
        } else {
            stopWorker();
            m_realTime.setScale(scaleOf(speed));
            m_realTime.restart();
            schedulePump(0);
        }
    }
    m_speed = speed;
    if (speed != Speed::Max) {
        m_realTime.setScale(scaleOf(speed));
        m_realTime.restart();  // continue from the clock as it reads now, without a jump
    }
    // Serving stays in real time whatever the speed box says (startServing); the speed is kept for
    // when serving stops.
    emit stateChanged();
}

Scheduler& RunController::scheduler()
{
    if (m_speed != Speed::Max) return m_realTime;
    // The scheduler reads the wall clock only every few thousand events; on a heavy diagram that is
    // far more than a frame. Size the slice from the measured rate so one takes about kSliceWallMicros.
    m_maxSpeed = MaxSpeedScheduler(sliceEvents(), kSliceWallMicros);
    return m_maxSpeed;
}

quint64 RunController::sliceEvents() const
{
    const double perMicro = m_eventsPerMicro > 0 ? m_eventsPerMicro : 0.02;
    return quint64(std::clamp(perMicro * double(kSliceWallMicros), 16.0, 1'000'000.0));
}

void RunController::measureSlice(quint64 events, qint64 micros)
{
    if (events < 16 || micros <= 0) return;
    const double rate = double(events) / double(micros);
    m_eventsPerMicro = m_eventsPerMicro > 0 ? 0.7 * m_eventsPerMicro + 0.3 * rate : rate;
}

void RunController::play()
{
    if (!m_run || m_state == State::Running) return;
    m_breakHit = m_pauseHit = false;
    if (m_live) {
        m_live->scheduler().resume();
    } else if (m_speed == Speed::Max) {
        startWorker();
    } else {
        m_realTime.restart();
        schedulePump(0);
    }
    setState(State::Running);
}

void RunController::pause()
{
    if (!m_run || m_state != State::Running) return;
    stopWorker();
    m_pump.stop();
    if (m_live) m_live->scheduler().pause();
    flush();
    setState(State::Paused);
    if (m_pauseHit) breakpointReached();  // the worker reached the time breakpoint just before
}

void RunController::togglePlay()
{
    if (m_state == State::Running)
        pause();
    else
        play();
}

void RunController::schedulePump(Micros wallWait)
{
    const Micros wait = std::min<Micros>(wallWait, kFrameMs * 1000);
    m_pump.start(int(wait / 1000));
}

void RunController::pump()
{
    if (!m_run || m_state != State::Running || m_live || workerActive()) return;
    QElapsedTimer t;
    t.start();
    const Micros limit = pauseLimit();
    const Advance a = scheduler().advance(m_run->engine().kernel(), limit);
    const qint64 spent = t.nsecsElapsed() / 1000;
    m_engineMicros += spent;
    if (m_speed == Speed::Max) measureSlice(a.events, spent);
    if (m_breakHit || reachPauseAt(limit, m_speed == Speed::Max)) {
        m_pump.stop();
        flush();
        setState(State::Paused, m_breakWhy);
        breakpointReached();
        return;
    }
    if (m_speed == Speed::Max && a.finished && m_run->engine().kernel().empty()) {
        m_pump.stop();
        flush();
        setState(State::Paused, tr("Nothing left to happen"));
        return;
    }
    schedulePump(a.behind ? 0 : a.wallWait);
}

void RunController::frame()
{
    if (m_measuring) {
        m_frameIntervals.push_back(double(m_frameClock.nsecsElapsed()) / 1e6);
    }
    m_frameClock.restart();
    flush();
    if (m_state == State::Running) {
        m_feed->notifyStateChanged();
        emit stateChanged();  // the clock moved
    }
    emit framePublished();
}

void RunController::setMeasuring(bool on)
{
    m_measuring = on;
    m_engineMicros = 0;
    m_frameIntervals.clear();
    m_frameClock.restart();
}

bool RunController::step()
{
    if (!m_run || m_live) return false;
    pause();
    m_breakHit = m_pauseHit = false;
    // The next event lies past the time breakpoint: the step stops the clock there instead.
    if (reachPauseAt(pauseLimit(), true)) {
        setState(State::Paused, m_breakWhy);
        breakpointReached();
        return true;
    }
    const bool stepped = m_run->step();
    flush();
    setState(State::Paused, stepped ? QString() : tr("Nothing left to happen"));
    emit framePublished();
    return stepped;
}

void RunController::runFor(Micros duration)
{
    if (!m_run || m_live) return;
    pause();  // runFor runs on this thread
    m_breakHit = m_pauseHit = false;
    const Micros until = now() + duration;
    while (now() < until) {
        QElapsedTimer t;
        t.start();
        MaxSpeedScheduler slice(sliceEvents(), kSliceWallMicros);
        const Micros limit = std::min(until, pauseLimit());
        const Advance a = slice.advance(m_run->engine().kernel(), limit);
        measureSlice(a.events, t.nsecsElapsed() / 1000);
        if (!m_breakHit) reachPauseAt(limit, true);
        flush();
        emit framePublished();
        if (m_breakHit) {
            setState(State::Paused, m_breakWhy);
            breakpointReached();
            return;
        }
        if (a.finished) break;
    }
    // Nothing due before `until`: the clock still reads it, as after a headless run.
    if (now() < until && (m_run->engine().kernel().empty() || m_run->engine().kernel().nextTime() > until))
        m_run->engine().kernel().advanceTo(until);
    setState(State::Paused);
}

Micros RunController::now() const
{
    if (workerActive()) return m_workerNow.load();
    return m_run ? m_run->engine().now() : 0;
}

QString RunController::clockText() const
{
    if (!m_run) return QStringLiteral("—");
    return QDateTime::fromMSecsSinceEpoch((m_run->engine().startTime() + now()) / kMicrosPerMilli, Qt::UTC)
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

quint64 RunController::seed() const { return m_run ? m_run->engine().seed() : 0; }

quint64 RunController::eventCount() const
{
    if (workerActive()) return m_workerEvents.load();
    return m_run ? m_run->eventCount() : 0;
}

void RunController::setFault(int node, const Fault& fault)
{
    if (!m_run || node < 0 || node >= m_run->engine().nodeCount()) return;
    {
        const auto lock = guiLock();
        m_run->setFault(node, fault);
    }
    flush();
    m_feed->notifyStateChanged();
    emit stateChanged();
}

Fault RunController::fault(int node) const
{
    if (!m_run || node < 0 || node >= m_run->engine().nodeCount()) return {};
    return m_run->engine().fault(node);
}

void RunController::onEvent(const Engine& engine, const EngineEvent& event)
{
    m_pending.push_back(event);
    m_pendingLabels.push_back(engine.kernel().eventCount());
    if (m_breakHit) return;
    QString why;
    if (!m_breakNodes.isEmpty() && ((event.type == EventType::Sent && m_breakNodes.contains(event.peer)) ||
                                    ((event.type == EventType::Entered || event.type == EventType::Received) &&
                                     m_breakNodes.contains(event.node))))
        why = tr("Breakpoint: a message reached %1")
                  .arg(engine.node(event.type == EventType::Sent ? event.peer : event.node).id.value);
    else if (m_breakDeadLetter && event.type == EventType::DeadLettered)
        why =
            tr("Breakpoint: a message was dead-lettered from %1 to %2")
                .arg(engine.node(event.node).id.value, event.peer >= 0 ? engine.node(event.peer).id.value : QString());
    else if (m_breakFailure && event.type == EventType::InvokeEnd && event.detail != "success" && event.node >= 0) {
        const KindInfo* kind = Catalog::instance().kind(engine.node(event.node).kind);
        if (kind && kind->isFunction)
            why = tr("Breakpoint: %1 failed (%2)")
                      .arg(engine.node(event.node).id.value, QString::fromStdString(event.detail));
    }
    if (why.isEmpty()) return;
    m_breakHit = true;
    m_breakWhy = why;
    m_breakMessage = event.message;
    m_breakTrace = event.trace;
    m_run->engine().kernel().requestStop();
}

void RunController::flush()
{
    Published p;
    std::vector<EngineEvent> events;
    {
        const auto lock = guiLock();
        if (m_pending.empty()) return;
        const std::size_t size = m_pending.size();
        events = std::move(m_pending);
        p.labels = std::move(m_pendingLabels);
        // The next frame brings about as many: allocate once instead of growing event by event.
        m_pending = m_graveyard->spare(size + size / 4);
        m_pendingLabels = {};
        m_pendingLabels.reserve(size + size / 4);
    }
    p.events = makeBatch(std::move(events));
    keepInHistory(p);
    m_feed->publish(p.events);
}

Status RunController::startServing()
{
    if (!m_run) return Error::of(tr("start a run before serving"));
    if (m_live) return okStatus();
    stopWorker();
    m_pump.stop();
    LiveOptions options;
    // Real time, as `microlab-cli run --serve`: real clients, their timeouts and a websocket's idle
    // limit are in wall time; at 100× a browser would be dropped as idle within seconds.
    options.scale = 1.0;
    Result<std::unique_ptr<LiveSession>> opened = LiveSession::open(*m_run, options);
    if (!opened) return opened.error();
    m_live = std::move(opened).value();
    m_live->start();
    setState(State::Running);
    emit servingChanged(true);
    return okStatus();
}

void RunController::stopServing()
{
    if (!m_live) return;
    m_live->stop();
    m_live.reset();
    flush();
    if (m_run) setState(State::Paused);
    emit servingChanged(false);
}

std::vector<LiveEndpoint> RunController::endpoints() const
{
    return m_live ? m_live->endpoints() : std::vector<LiveEndpoint>{};
}

}  // namespace ml::ui
