// The run tabs beside Problems — Logs, Queues & DLQ, Metrics, Trace, WebSocket — and the run
// summary bar (the tab bar's corner), all fed by a RunFeed. The main window calls this once.
// The tabs' widgets are named logsPanel, queuesPanel, metricsPanel, tracePanel and
// webSocketPanel (for --tab and tests: bottomTabs->findChild<QWidget*>(name)).
#pragma once

class QTabWidget;

namespace ml::ui {

class RunFeed;

void installRunPanels(QTabWidget* bottomTabs, RunFeed* feed);

}  // namespace ml::ui
