// The run panels (Logs, Queues & DLQ, Metrics, Trace, WebSocket, summary bar) beside Problems.
// STUB from the "run" branch so MainWindow has its hook: the "panels" branch owns this file and
// replaces this inline body with the real installer (the integrator keeps the panels version).
#pragma once

class QTabWidget;

namespace ml::ui {

class RunFeed;

// Adds the run tabs to `tabs`; they follow `feed`.
inline void installRunPanels(QTabWidget* tabs, RunFeed* feed)
{
    (void)tabs;
    (void)feed;
}

}  // namespace ml::ui
