// The Queues & DLQ tab: every queue of the run with visible / in flight / delayed / age of the
// oldest message, the selected queue's messages (id, body preview, receive count, age, group,
// source queue of dead-lettered ones), and the actions on them: redrive a DLQ back to its source
// (or another queue), send a message, view and copy a message's JSON. Dead-letter queues are
// marked as such. Reads the engine through RunFeed::withRun at most 10 times a second.
#pragma once

#include "run/RunFeed.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTreeWidget;

namespace ml::ui::run {

class QueuesPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kRefreshMs = 100;      // ≤ 10 Hz
    static constexpr int kShownMessages = 500;  // messages listed per queue

    struct QueueRow {
        int node = -1;
        QString id;
        bool fifo = false;
        bool deadLetter = false;
        int source = -1;  // a DLQ's source queue (the dead-letter edge's start)
        qint64 visible = 0, inFlight = 0, delayed = 0;
        Micros oldestAge = -1;   // -1: empty
        double redriveRate = 0;  // a redrive is moving messages out at this rate (per virtual second)
    };
    struct MessageRow {
        quint64 id = 0;
        quint64 trace = 0;
        QString preview;
        qint32 receiveCount = 0;
        Micros age = 0;
        QString group;
        QString sourceQueue;  // dead-lettered messages: where they failed
        QString state;        // visible, in flight, delayed, dead-lettered
        int location = -1;
    };

    explicit QueuesPanel(RunFeed* feed, QWidget* parent = nullptr);

    // Reads the engine now (tests; the timer calls it while the tab is visible).
    void refreshNow();
    bool selectQueue(const QString& id);
    QString selectedQueue() const;
    const std::vector<QueueRow>& queues() const { return m_queues; }
    const std::vector<MessageRow>& messages() const { return m_messages; }
    QTreeWidget* queueList() const { return m_queueList; }
    QTreeWidget* messageList() const { return m_messageList; }

    // Actions (also the buttons): redrive the selected DLQ to `target` (-1: its source queue);
    // send a JSON body to the selected queue; the selected message's JSON.
    bool redrive(int target = -1);
    // Moves the messages selected in the list (by id) to `target` (-1: the queue each failed in) at
    // once (EngineRun::redriveMessages, journaled); how many moved.
    qint64 redriveSelected(int target = -1);
    std::vector<quint64> selectedMessageIds() const;
    // Deletes the selected queue's visible messages (EngineRun::purge, journaled); false when
    // this build's engine has no purge (it comes with `--at purge:Q`).
    bool purge();
    static bool canPurge() { return true; }  // EngineRun::purge (kept for the tests that ask)
    bool send(const QString& json, QString* error = nullptr);
    QString messageJson(quint64 id);

signals:
    // Messages held in dead-letter queues, whenever the number changes (the tab title shows it).
    void deadLetteredChanged(qint64 held);

protected:
    // Shown again (the tab was picked): up to date at once, not at the next tick.
    void showEvent(QShowEvent* event) override;

private:
    void scheduleRefresh();
    void rebuildQueueList();
    void updateQueueItems();
    QString listName(const QueueRow& q) const;  // the queue list's name column
    void rebuildMessageList();
    void updateActions();
    void onSend();
    void onView();
    void onCopy();
    quint64 selectedMessageId() const;

    RunFeed* m_feed;
    QTreeWidget* m_queueList;
    QTreeWidget* m_messageList;
    QLabel* m_title;
    QComboBox* m_redriveTarget;
    QLabel* m_redriveTo = nullptr;
    QPushButton* m_redrive;
    QPushButton* m_redriveSelected;
    QPushButton* m_send;
    QPushButton* m_purge;
    QPushButton* m_view;
    QPushButton* m_copy;
    QTimer m_timer;
    bool m_dirty = true;
    int m_hiddenTicks = 0;
    std::vector<QueueRow> m_queues;
    std::vector<MessageRow> m_messages;
    qint64 m_totalMessages = 0;
    qint64 m_deadLettered = -1;  // in the selected queue (the list shows the first kShownMessages)
};

}  // namespace ml::ui::run
