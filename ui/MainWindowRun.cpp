// The live run in the window: one RunFeed and RunController, the run toolbar, the canvas while
// running (read-only, overlay, node menus), the inspector's fault box, and the hook where the
// run panels (Logs, Queues & DLQ, Metrics, Trace, WebSocket) are installed beside Problems.
#include "MainWindow.h"
#include "canvas/DiagramScene.h"
#include "canvas/DiagramView.h"
#include "inspector/Inspector.h"
#include "panels/PalettePanel.h"
#include "panels/ProblemsPanel.h"
#include "panels/run/RunPanels.h"
#include "run/FaultBox.h"
#include "run/RunCanvas.h"
#include "run/RunController.h"
#include "run/RunFeed.h"
#include "run/RunToolBar.h"

#include <QCheckBox>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace ml::ui {

void MainWindow::setupRun()
{
    m_runFeed = new RunFeed(this);
    m_runController = new RunController(m_runFeed, this);
    m_runCanvas = new RunCanvas(m_scene, m_view, m_runController, this);

    m_runBar = new RunToolBar(
        m_runController, [this] { return startRun(); }, this);
    m_runBar->setMovable(false);
    addToolBarBreak();
    addToolBar(m_runBar);
    for (QAction* a : {m_runBar->runPauseAction(), m_runBar->stepAction(), m_runBar->stepBackAction(),
                       m_runBar->resetAction(), m_runBar->serveAction()})
        m_actions.insert(a->objectName(), a);
    connect(m_runBar, &RunToolBar::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(m_runCanvas, &RunCanvas::injectRequested, m_runBar, &RunToolBar::sendTestMessage);
    // The banner's "Reset to edit" is the toolbar's Reset, with its question before a big run goes.
    connect(m_runCanvas, &RunCanvas::resetRequested, m_runBar->resetAction(), &QAction::trigger);
    m_runBar->setResetGuard([this] { return confirmDiscardRun(); });
    // Space tapped on the canvas runs or pauses; held while dragging, it pans (RunCanvas tells them apart).
    connect(m_runCanvas, &RunCanvas::runPauseRequested, m_runBar->runPauseAction(), &QAction::trigger);

    // The inspector's dock shows the fault box under the inspector while a run exists.
    auto* inspectorPane = new QWidget(this);
    auto* layout = new QVBoxLayout(inspectorPane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_inspector, 1);
    m_faultBox = new FaultBox(m_runController, inspectorPane);
    layout->addWidget(m_faultBox);
    m_inspectorDock->setWidget(inspectorPane);
    connect(m_scene, &DiagramScene::currentChanged, this, [this](const NodeId& node, const EdgeId&) {
        EngineRun* run = m_runController->run();
        m_faultBox->setNode(run && !node.isEmpty() ? run->engine().nodeIndex(node.value) : -1);
    });

    connect(m_runController, &RunController::runStarted, this, [this] {
        setEditingLocked(true);
        // A new run is watched in the bottom tabs: they get at least 30% of the window's height.
        // Not again after a step back (event count > 0): the canvas must not move under the mouse.
        const int wanted = height() * 3 / 10;
        if (!m_bottomDock->isFloating() && m_runController->eventCount() == 0) {
            m_bottomDock->show();
            if (m_bottomDock->height() < wanted) resizeDocks({m_bottomDock}, {wanted}, Qt::Vertical);
        }
        const std::vector<NodeId> selected = m_scene->selectedNodes();
        m_faultBox->setNode(selected.size() == 1 ? m_runController->run()->engine().nodeIndex(selected.front().value)
                                                 : -1);
    });
    connect(m_runController, &RunController::runEnded, this, [this] {
        setEditingLocked(false);
        m_faultBox->setNode(-1);
    });
    // A hit breakpoint has selected its message; its Trace tab (when the panels are in) shows the path.
    connect(m_runController, &RunController::breakpointHit, this, [this](const QString& why) {
        statusBar()->showMessage(why, 15000);
        showBottomTab(QStringLiteral("trace"));
    });

    // ---- the run panels' hook: the "panels" work adds Logs, Queues & DLQ, Metrics, Trace and
    // WebSocket here, beside Problems, all following m_runFeed. ----
    installRunPanels(m_bottomTabs, m_runFeed);
    // The summary shares the status row with the navigation hint: a temporary message hides the
    // whole row. Added to the bar itself, the summary showed itself again on every frame and was
    // drawn over the message.
    if (auto* summary = statusBar()->findChild<QWidget*>(QStringLiteral("runSummaryBar"))) {
        const bool shown = !summary->isHidden();
        statusBar()->removeWidget(summary);
        m_statusRow->layout()->addWidget(summary);
        static_cast<QHBoxLayout*>(m_statusRow->layout())->setStretchFactor(summary, 1);
        summary->setVisible(shown);
        // The row is as tall as the summary (its Save report button) with or without a run: a
        // status bar that grew when the summary first showed relaid the whole window out and
        // repainted the canvas, a 30–40 ms frame a quarter second into every run.
        m_statusRow->setMinimumHeight(summary->sizeHint().height());
    }
}

bool MainWindow::confirmDiscardRun()
{
    if (!m_runController || !m_runController->hasRun()) return true;
    const quint64 events = m_runController->eventCount();
    if (events <= kTrivialRunEvents) return true;
    if (m_runDiscardPrompt) return m_runDiscardPrompt(events);
    if (!m_interactive) return true;  // tests and screenshots: dialogs answer "discard"
    QSettings settings;
    const QString key = QStringLiteral("run/askBeforeDiscarding");
    if (!settings.value(key, true).toBool()) return true;
    QMessageBox box(QMessageBox::Question, tr("Discard the run?"),
                    tr("The run has %L1 events; ending it throws them away. The diagram stays as it is.").arg(events),
                    QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setDefaultButton(QMessageBox::Cancel);
    box.setObjectName(QStringLiteral("discardRunBox"));
    auto* dontAsk = new QCheckBox(tr("Don't ask again"), &box);
    box.setCheckBox(dontAsk);
    const bool discard = box.exec() == QMessageBox::Discard;
    if (discard && dontAsk->isChecked()) settings.setValue(key, false);
    return discard;
}

Status MainWindow::startRun()
{
    m_problems->refreshNow();
    if (const int errors = m_problems->errorCount())
        return Error::of(
            tr("the diagram has %n error(s): fix them in the Problems tab before running", nullptr, errors));
    if (m_model->diagram().nodes().empty()) return Error::of(tr("the diagram is empty: add nodes before running"));
    return m_runController->start(m_model->diagram());
}

void MainWindow::setEditingLocked(bool locked)
{
    // While a run exists the diagram is read-only; faults (the fault box, node menus) stay open.
    // The scene holds the flag (its edits and the view's refuse); the actions ask it.
    m_scene->setReadOnly(locked);
    m_palette->setEnabled(!locked);
    m_inspector->setEnabled(!locked);
    updateEditActions();
}

bool MainWindow::showBottomTab(const QString& name)
{
    // Tabs are matched by the first word of their title: "Queues & DLQ" answers to "queues".
    const QString wanted = name.trimmed().toLower();
    for (int i = 0; i < m_bottomTabs->count(); ++i) {
        const QString object = m_bottomTabs->widget(i)->objectName().toLower();  // "queuesPanel"
        QString title = m_bottomTabs->tabText(i).toLower();
        title.remove(QLatin1Char('&'));
        const QString first =
            title.section(QRegularExpression(QStringLiteral("[^a-z]")), 0, 0, QString::SectionSkipEmpty);
        if (object == wanted + QStringLiteral("panel") || first == wanted || title.startsWith(wanted)) {
            m_bottomTabs->setCurrentIndex(i);
            m_bottomDock->show();
            return true;
        }
    }
    if (wanted == QLatin1String("lab") && m_labDock) {  // a side dock, not a tab (lab/MainWindowLab.cpp)
        m_labDock->show();
        m_labDock->raise();
        return true;
    }
    return false;
}

}  // namespace ml::ui
