// The Logs tab: every structured log line of the run, coloured by urgency, filtered by node,
// urgency, text and trace; it follows the tail unless the user scrolls up. Clicking a line
// selects its message and trace (RunFeed) and highlights its function on the canvas.
#pragma once

#include "panels/run/LogModel.h"
#include "run/RunFeed.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableView;

namespace ml::ui::run {

class LogsPanel : public QWidget {
    Q_OBJECT
public:
    explicit LogsPanel(RunFeed* feed, QWidget* parent = nullptr);

    LogModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QComboBox* nodeFilter() const { return m_node; }
    QComboBox* urgencyFilter() const { return m_urgency; }
    QLineEdit* textFilter() const { return m_text; }
    QCheckBox* traceFilter() const { return m_traceOnly; }
    bool followsTail() const { return m_follow; }
    // Selects and shows the first line of `node` at or after `time` (a Trace hop was clicked).
    void reveal(Micros time, int node);

protected:
    // Shown or not tells the feed whether log lines are wanted (at "max" a hidden tab gets none).
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void onReset();
    void onBatch(const EventBatch& batch);
    void applyFilter();
    void updateCount();
    void activate(const QModelIndex& index);

    RunFeed* m_feed;
    LogModel* m_model;
    QTableView* m_table;
    QComboBox* m_node;
    QComboBox* m_urgency;
    QLineEdit* m_text;
    QStringList m_diagramNodes;  // the node ids of the diagram the filters were set on
    QCheckBox* m_traceOnly;
    QSpinBox* m_capacity;
    QLabel* m_count;
    bool m_follow = true;
};

}  // namespace ml::ui::run
