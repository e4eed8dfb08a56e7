// What the run panels (Logs, Queues & DLQ, Metrics, Trace, WebSocket) and the canvas overlay see of
// a live run: the engine's events in order, in batches coalesced to at most 60 a second, the shared
// selection (a message and its trace, a highlighted node), and safe access to the run itself.
// The RunController (ui/run) drives the engine and publishes here; views only listen and ask.
#pragma once

#include "engine/EngineEvent.h"
#include "engine/EngineRun.h"

#include <QObject>
#include <QSet>
#include <QString>

#include <deque>
#include <functional>
#include <memory>
#include <vector>

namespace ml::ui {

using EventBatch = std::shared_ptr<const std::vector<EngineEvent>>;

class RunFeed : public QObject {
    Q_OBJECT
public:
    explicit RunFeed(QObject* parent = nullptr) : QObject(parent) {}

    // The diagram being run (node index i of an EngineEvent is diagram().nodes()[i]); empty while editing.
    const Diagram& diagram() const { return m_diagram; }
    bool hasRun() const { return m_hasRun; }
    // Whether virtual time is moving (running or serving), as the controller last said.
    bool running() const { return m_running; }

    // Runs `fn` with the engine stopped between two events, on the caller's (GUI) thread; false
    // when there is no run. Reads (queue contents, connections) and journaled changes (redrive,
    // purge, inject, faults) from the panels go through here so step back replays them.
    bool withRun(const std::function<void(EngineRun&)>& fn) { return m_access && m_access(fn); }

    // The selected message and its trace (0: none), shared by canvas, Logs and Trace.
    quint64 selectedMessage() const { return m_message; }
    quint64 selectedTrace() const { return m_trace; }
    void selectMessage(quint64 message, quint64 trace)
    {
        if (message == m_message && trace == m_trace) return;
        m_message = message;
        m_trace = trace;
        emit messageSelected(message, trace);
    }
    void highlightNode(const QString& nodeId) { emit nodeHighlighted(nodeId); }
    // Back to just before engine event `seq` (EngineEvent::seq), by deterministic replay: the
    // moment before a hop of a trace. The views rebuild as after a step back.
    Status rewindBefore(quint64 seq)
    {
        return m_rewind ? m_rewind(seq) : Status(Error::of(tr("there is no run to rewind")));
    }
    void setRewinder(std::function<Status(quint64)> rewind) { m_rewind = std::move(rewind); }

    // What the shown views need decides what the run reports. Log lines are the costliest
    // events to build; at "max" they are collected only while a view that shows them is shown
    // (the controller decides, and marks the stretch it left out).
    void setShowsLogs(QObject* view, bool shown)
    {
        if (shown == m_logViews.contains(view)) return;
        if (shown) {
            m_logViews.insert(view);
            connect(view, &QObject::destroyed, this, [this, view] { setShowsLogs(view, false); });
        } else {
            m_logViews.remove(view);
            disconnect(view, &QObject::destroyed, this, nullptr);
        }
        emit interestChanged();
    }
    bool logsShown() const { return !m_logViews.isEmpty(); }

    // The newest published events (about kRecentEvents, shared with the views, never copied):
    // views that look back (the Trace tab finding a trace's hops) search here.
    static constexpr std::size_t kRecentEvents = 400'000;
    const std::deque<EventBatch>& recent() const { return m_recent; }

    // ---- the controller's side ----
    using Access = std::function<bool(const std::function<void(EngineRun&)>&)>;
    // A new run (or a rebuilt one after step back or reset): views clear, then the events so far
    // arrive again through eventsAppended. `access` serialises with the engine.
    void beginRun(const Diagram& diagram, Access access)
    {
        m_diagram = diagram;
        m_access = std::move(access);
        m_hasRun = true;
        m_recent.clear();
        m_recentEvents = 0;
        emit runReset();
    }
    void endRun()
    {
        m_hasRun = false;
        m_access = nullptr;
        m_diagram = Diagram();
        m_recent.clear();
        m_recentEvents = 0;
        selectMessage(0, 0);
        emit runReset();
    }
    void publish(EventBatch batch)
    {
        m_recentEvents += batch->size();
        m_recent.push_back(batch);
        while (m_recentEvents > kRecentEvents && m_recent.size() > 1) {
            m_recentEvents -= m_recent.front()->size();
            m_recent.pop_front();
        }
        emit eventsAppended(batch);
    }
    // The run's state changed (running, paused, stopped, clock); views that show state refresh.
    void notifyStateChanged() { emit stateChanged(); }
    void setRunning(bool running) { m_running = running; }

signals:
    void runReset();
    void eventsAppended(const ml::ui::EventBatch& batch);
    void stateChanged();
    void messageSelected(quint64 message, quint64 trace);
    void nodeHighlighted(const QString& nodeId);
    void interestChanged();

private:
    Diagram m_diagram;
    Access m_access;
    std::function<Status(quint64)> m_rewind;
    bool m_hasRun = false;
    bool m_running = false;
    quint64 m_message = 0;
    quint64 m_trace = 0;
    QSet<QObject*> m_logViews;
    std::deque<EventBatch> m_recent;
    std::size_t m_recentEvents = 0;
};

}  // namespace ml::ui
