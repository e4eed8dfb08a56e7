// RunController's step back and the history of published events it keeps for it: after a
// replay the views rebuild from that history, refilled from the replay when it fell short.
#include "run/RunController.h"

#include <limits>
#include <utility>

namespace ml::ui {

Status RunController::stepBack(quint64 events)
{
    if (!m_run) return Error::of(tr("there is no run to step back"));
    if (m_live) return Error::of(tr("stop serving before stepping back: real clients are waiting on this run"));
    pause();
    flush();
    const quint64 done = m_run->eventCount();
    const quint64 target = done > events ? done - events : 0;
    // The history keeps the newest events only. Back to before most of it, what is left would show
    // a moment with (nearly) nothing before it, so the replay's last kHistoryEvents engine events
    // are watched and become the history, as a run forward to that moment would have kept it.
    std::size_t keptUpToTarget = 0;
    for (const Published& p : m_history)
        for (quint64 label : p.labels) keptUpToTarget += label <= target;
    const bool refill = m_historyLost > 0 && keptUpToTarget < kHistoryEvents / 2;
    const quint64 observeFrom = !refill                   ? std::numeric_limits<quint64>::max()
                                : target > kHistoryEvents ? target - kHistoryEvents
                                                          : 0;
    // The replay's events only collect: no breakpoint stops it halfway.
    m_breakHit = true;
    const Status s = m_run->stepBack(events, observeFrom);
    std::vector<EngineEvent> replayed = std::exchange(m_pending, {});
    std::vector<quint64> replayedLabels = std::exchange(m_pendingLabels, {});
    m_breakHit = m_pauseHit = false;
    if (!s) return s;
    // Without a refill the replay's events (what the behaviours did at start) are already kept.
    if (refill)
        refillHistory(std::move(replayed), std::move(replayedLabels), observeFrom);
    else
        trimHistory(m_run->eventCount());
    m_realTime.restart();
    // The views rebuild: a fresh start, then the events so far (as many as the history keeps).
    m_feed->beginRun(m_diagram, [this](const std::function<void(EngineRun&)>& fn) { return access(fn); });
    publishHistory();
    setState(State::Paused);
    emit runStarted();
    emit framePublished();
    return okStatus();
}

Status RunController::rewindBefore(quint64 seq)
{
    if (!m_run) return Error::of(tr("there is no run to rewind"));
    const quint64 target = seq > 0 ? seq - 1 : 0;
    const quint64 done = m_run->eventCount();
    if (target >= done) return Error::of(tr("that moment is not in the past of this run"));
    return stepBack(done - target);
}

void RunController::keepInHistory(Published p)
{
    m_historyEvents += p.labels.size();
    m_history.push_back(std::move(p));
    while (m_historyEvents > kHistoryEvents && m_history.size() > 1) {
        m_historyEvents -= m_history.front().labels.size();
        if (!m_history.front().labels.empty()) m_historyLost = m_history.front().labels.back();
        m_history.pop_front();
    }
}

void RunController::refillHistory(std::vector<EngineEvent> events, std::vector<quint64> labels, quint64 after)
{
    m_history.clear();
    m_historyEvents = 0;
    m_historyLost = after;
    // Batches of about kRefillBatch events, split between two engine events, so the oldest leave
    // the history a little at a time, as the live run's frames do.
    constexpr std::size_t kRefillBatch = 4096;
    std::size_t from = 0;
    // What the behaviours did at start (engine event 0) comes first; it is old news past a window.
    while (after > 0 && from < events.size() && labels[from] <= after) ++from;
    while (from < events.size()) {
        std::size_t to = std::min(events.size(), from + kRefillBatch);
        while (to < events.size() && labels[to] == labels[to - 1]) ++to;
        Published p;
        p.events =
            makeBatch(std::vector<EngineEvent>(events.begin() + qsizetype(from), events.begin() + qsizetype(to)));
        p.labels.assign(labels.begin() + qsizetype(from), labels.begin() + qsizetype(to));
        keepInHistory(std::move(p));
        from = to;
    }
}

void RunController::trimHistory(quint64 toEvent)
{
    while (!m_history.empty() && m_history.back().labels.front() > toEvent) {
        m_historyEvents -= m_history.back().labels.size();
        m_history.pop_back();
    }
    if (m_history.empty() || m_history.back().labels.back() <= toEvent) return;
    Published& last = m_history.back();
    std::size_t keep = 0;
    while (keep < last.labels.size() && last.labels[keep] <= toEvent) ++keep;
    m_historyEvents -= last.labels.size() - keep;
    last.events = makeBatch(std::vector<EngineEvent>(last.events->begin(), last.events->begin() + qsizetype(keep)));
    last.labels.resize(keep);
}

void RunController::publishHistory()
{
    for (const Published& p : m_history)
        if (!p.events->empty()) m_feed->publish(p.events);
}

}  // namespace ml::ui
