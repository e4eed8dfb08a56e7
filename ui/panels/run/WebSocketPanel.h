// The WebSocket tab: every connection of the run's websocket APIs (id, user, connected since,
// simulated or real, state, frames received, pushes) and every push with its payload and
// result — delivered, or 410 gone for a connection that had closed.
#pragma once

#include "run/RunFeed.h"

#include <QTimer>
#include <QWidget>

#include <deque>

class QLabel;
class QTreeWidget;

namespace ml::ui::run {

class WebSocketPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kRefreshMs = 250;
    static constexpr std::size_t kKeptPushes = 20000;
    static constexpr int kShownPushes = 500;

    struct PushRow {
        Micros time = 0;
        int node = -1;
        QString connection;
        quint64 message = 0;
        quint64 trace = 0;
        int status = 200;
    };

    explicit WebSocketPanel(RunFeed* feed, QWidget* parent = nullptr);
    void refreshNow();
    QTreeWidget* connectionList() const { return m_connections; }
    QTreeWidget* pushList() const { return m_pushes; }
    const std::deque<PushRow>& pushRows() const { return m_pushRows; }

protected:
    // Shown again (the tab was picked): up to date at once, not at the next tick.
    void showEvent(QShowEvent* event) override;

private:
    void scheduleRefresh();

    RunFeed* m_feed;
    QLabel* m_title;
    QTreeWidget* m_connections;
    QTreeWidget* m_pushes;
    QTimer m_timer;
    std::deque<PushRow> m_pushRows;
    qint64 m_startEpoch = 0;
};

}  // namespace ml::ui::run
