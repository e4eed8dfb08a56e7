// The Metrics tab: charts over virtual time, sampled from the engine at most 5 times a second —
// queue depth per queue, invocations / errors / throttles per function (per virtual second),
// latency p50 / p95 / p99, concurrency, and the running cost estimate. Pick the chart and the
// nodes; hovering shows the values; export PNG and CSV.
#pragma once

#include "run/RunFeed.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QCustomPlot;
class QLabel;
class QListWidget;

namespace ml::ui::run {

class MetricsPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kSampleMs = 200;
    static constexpr Micros kSampleVirtual = kMicrosPerSecond;
    static constexpr std::size_t kMaxSamples = 20000;  // then every other sample is dropped

    enum Chart { QueueDepth, Invocations, Latency, Concurrency, Cost };

    struct Sample {
        Micros time = 0;
        std::vector<double> depth;                       // per queue (m_queues)
        std::vector<double> invoked, failed, throttled;  // per function (m_functions), cumulative
        std::vector<double> p50, p95, p99;               // ms, per function
        std::vector<double> active;                      // per function
        double cost = 0;                                 // USD
    };

    explicit MetricsPanel(RunFeed* feed, QWidget* parent = nullptr);

    void sampleNow();
    void setChart(Chart chart);
    const std::vector<Sample>& samples() const { return m_samples; }
    QCustomPlot* plot() const { return m_plot; }
    bool exportCsv(const QString& path) const;
    bool exportPng(const QString& path);

protected:
    // Shown again (the tab was picked): up to date at once, not at the next tick.
    void showEvent(QShowEvent* event) override;

private:
    void onReset();
    void replot();
    void fillNodeList();
    void onHover(QMouseEvent* event);

    RunFeed* m_feed;
    QComboBox* m_chart;
    QListWidget* m_nodes;
    QCustomPlot* m_plot;
    QLabel* m_hint;
    QTimer m_timer;
    std::vector<int> m_queues;  // node indices
    std::vector<int> m_functions;
    std::vector<QString> m_names;  // by node index
    std::vector<Sample> m_samples;
    qint64 m_startEpoch = 0;
};

}  // namespace ml::ui::run
