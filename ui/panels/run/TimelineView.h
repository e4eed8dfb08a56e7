// The Trace tab's drawing: a sequence diagram with one lane per node and one row per hop —
// arrows for messages moving between nodes (red for the dead-letter move), dots for what
// happened at a node, the time on the left and the hop in words on the right.
#pragma once

#include "panels/run/TracePanel.h"

#include <QWidget>

namespace ml::ui::run {

class TimelineView : public QWidget {
    Q_OBJECT
public:
    explicit TimelineView(QWidget* parent = nullptr);

    // `nodeNames` are the cards' names (as the canvas shows them), `nodeIds` their ids (tooltips).
    void setHops(const std::vector<TraceHop>& hops, const std::vector<QString>& nodeNames,
                 const std::vector<QString>& nodeIds, qint64 startEpoch);
    void setCurrentRow(int row);
    int currentRow() const { return m_current; }
    int laneCount() const { return int(m_lanes.size()); }
    // What lane `lane`'s header shows (the card's name).
    QString laneName(int lane) const
    {
        return lane >= 0 && lane < laneCount() ? m_names[size_t(m_lanes[size_t(lane)])] : QString();
    }
    QRect rowRect(int row) const { return {0, headerHeight() + row * rowHeight(), width(), rowHeight()}; }
    int rowAt(QPoint pos) const;  // -1: none
    QSize sizeHint() const override;
    // The whole diagram, never squeezed: the Trace's scroll area scrolls instead.
    QSize minimumSizeHint() const override { return sizeHint(); }
    // The lane whose header is at `pos`, as a node index (-1: none).
    int laneNodeAt(QPoint pos) const;

signals:
    void rowClicked(int row);
    void rowDoubleClicked(int row);

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;

private:
    int rowHeight() const;
    int headerHeight() const { return rowHeight() + 8; }
    // Where the lane headers are drawn: the top of the part the scroll area shows.
    int headerTop() const { return std::max(0, -pos().y()); }
    int timeWidth() const;
    int laneWidth() const;
    int laneX(int node) const;

    std::vector<TraceHop> m_hops;
    std::vector<int> m_lanes;   // node indices, in order of first appearance
    std::vector<int> m_laneOf;  // node index → lane, -1
    std::vector<QString> m_names;
    std::vector<QString> m_ids;
    qint64 m_startEpoch = 0;
    int m_current = -1;
};

}  // namespace ml::ui::run
