// The Trace tab: the selected message's whole trace as a sequence diagram — one lane per node it
// touched, one row per hop (entered, sent, received, invocations, retries, visibility expiries,
// the dead-letter move, responses) with its time. Clicking a hop highlights its node on the
// canvas and its log lines. Rebuilt from the feed, so step back / forward keep it in sync.
#pragma once

#include "run/RunFeed.h"

#include <QWidget>

class QAction;
class QLabel;
class QScrollArea;

namespace ml::ui::run {

struct TraceHop {
    Micros time = 0;
    EventType type = EventType::Sent;
    int node = -1;
    int peer = -1;
    quint64 message = 0;
    qint64 value = 0;
    quint64 seq = 0;       // the engine event it happened in (EngineEvent::seq)
    QString text;          // what happened, in words
    int tone = 0;          // 0 neutral, 1 good, 2 warning, 3 failure
    bool redrive = false;  // a queue moved it on by a redrive (a transfer out of a dead-letter queue)
};

class TimelineView;

class TracePanel : public QWidget {
    Q_OBJECT
public:
    explicit TracePanel(RunFeed* feed, QWidget* parent = nullptr);

    const std::vector<TraceHop>& hops() const { return m_hops; }
    // Clicks a hop (as the mouse does): highlights its node and its log lines.
    void activateHop(int row);
    // Step back to the moment just before hop `row` (a double-click, the hop's context menu):
    // a workshop walks one message's retries backwards without stepping through every other
    // message's events. The previous hop is the newest one (Shift+F9, "◀ Previous hop").
    Status rewindToHop(int row);
    Status rewindToPreviousHop();
    QAction* previousHopAction() const { return m_previousHop; }
    TimelineView* timeline() const { return m_view; }
    QScrollArea* scrollArea() const { return m_scroll; }
    // Scrolls the hop `row` into view (keeping the horizontal position).
    void scrollToHop(int row);
    static QString describe(const EngineEvent& e, const Diagram& diagram, int* tone);

signals:
    void hopActivated(ml::Micros time, int node);
    void message(const QString& text);  // why a rewind was refused, for the status bar

private:
    void onReset();
    void onBatch(const EventBatch& batch);
    void rebuild();
    void addHop(const EngineEvent& e);
    void present();
    QString titleText() const;
    QString keptText() const;  // how many events the feed keeps, and since when

    RunFeed* m_feed;
    QLabel* m_title;
    QAction* m_previousHop;
    QScrollArea* m_scroll;
    TimelineView* m_view;
    std::vector<TraceHop> m_hops;
    qint64 m_startEpoch = 0;
    bool m_revealNewest = false;  // new hops scroll into view until the user picks one
};

}  // namespace ml::ui::run
