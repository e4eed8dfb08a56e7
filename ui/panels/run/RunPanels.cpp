#include "panels/run/RunPanels.h"

#include "panels/run/LogsPanel.h"
#include "panels/run/MetricsPanel.h"
#include "panels/run/QueuesPanel.h"
#include "panels/run/RunFormat.h"
#include "panels/run/RunSummaryBar.h"
#include "panels/run/TracePanel.h"
#include "panels/run/WebSocketPanel.h"

#include <QMainWindow>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>

namespace ml::ui {

void installRunPanels(QTabWidget* tabs, RunFeed* feed)
{
    using namespace run;
    auto* logs = new LogsPanel(feed, tabs);
    auto* queues = new QueuesPanel(feed, tabs);
    auto* metrics = new MetricsPanel(feed, tabs);
    auto* trace = new TracePanel(feed, tabs);
    auto* websocket = new WebSocketPanel(feed, tabs);
    // DESIGN "The GUI": Logs, Queues & DLQ, Metrics, Trace, WebSocket, then Problems.
    int at = 0;
    tabs->insertTab(at++, logs, QObject::tr("Logs"));
    tabs->insertTab(at++, queues, QObject::tr("Queues && DLQ"));
    tabs->insertTab(at++, metrics, QObject::tr("Metrics"));
    tabs->insertTab(at++, trace, QObject::tr("Trace"));
    tabs->insertTab(at++, websocket, QObject::tr("WebSocket"));
    auto* summary = new RunSummaryBar(feed, tabs);
    // In the main window the summary lives in the status bar: as the tab bar's corner widget its
    // long line took the room of the tab names on narrow windows.
    if (auto* window = qobject_cast<QMainWindow*>(tabs->window()); window && static_cast<QWidget*>(window) != tabs) {
        window->statusBar()->addWidget(summary, 1);
        // Shift+F9 from any tab: the window carries the action (a hidden tab's shortcut is dead).
        window->addAction(trace->previousHopAction());
        QObject::connect(trace, &TracePanel::message, window->statusBar(),
                         [bar = window->statusBar()](const QString& text) { bar->showMessage(text, 6000); });
    } else
        tabs->setCornerWidget(summary, Qt::TopRightCorner);

    // A Trace hop shows its log lines; the Queues tab's title warns when a DLQ fills.
    QObject::connect(trace, &TracePanel::hopActivated, logs, &LogsPanel::reveal);
    QObject::connect(queues, &QueuesPanel::deadLetteredChanged, tabs, [tabs, queues](qint64 held) {
        const int i = tabs->indexOf(queues);
        if (i < 0) return;
        tabs->setTabText(
            i, held > 0 ? QObject::tr("Queues && DLQ \u26A0 %1").arg(countText(held)) : QObject::tr("Queues && DLQ"));
        tabs->tabBar()->setTabTextColor(i, held > 0 ? failColour() : QColor());
    });
    // A selected message (a token, a log line, a queue message) opens its trace unless the user
    // is reading Logs or Queues, where the selection came from.
}

}  // namespace ml::ui
