// The lab beside the canvas (DESIGN.md "Labs"): the lab's steps, the current one highlighted, each
// ticking green when its check holds against the live run's report and the diagram's lint, and
// "Reset lab". Steps tick in order and stay ticked (a later step may undo what an earlier one
// showed, as a redrive empties the DLQ that step 1 filled); only the current step is evaluated.
// A step whose check reads the run "at" a virtual time sets a time breakpoint there: the run pauses,
// the panel records the report of that moment, and the check reads it however far the run goes on.
#pragma once

#include "lab/Lab.h"
#include "model/DiagramModel.h"

#include <QTimer>
#include <QWidget>

#include <optional>
#include <vector>

class QLabel;
class QPushButton;
class QScrollArea;
class QVBoxLayout;

namespace ml::ui {

class RunFeed;

class LabPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kRefreshMs = 250;  // the report is built at most four times a second

    LabPanel(DiagramModel* model, RunFeed* feed, QWidget* parent = nullptr);

    // The model's diagram has a lab (re-read when the document is replaced).
    bool hasLab() const { return m_lab.has_value(); }
    const std::optional<lab::Lab>& lab() const { return m_lab; }
    // The design as the lab began (as the document was opened): what "Reset lab" puts back.
    const Diagram& startDiagram() const { return m_start; }
    // Why the lab section did not load (empty when it did, or there is none).
    QString labError() const { return m_error; }
    // The first step not yet done; steps().size() when the lab is complete.
    int currentStep() const { return m_current; }
    bool stepDone(int step) const { return step >= 0 && step < m_current; }
    // Why the current step's check does not hold yet ("nodes.q.queue.visible is 0, expected 2").
    QString currentWhy() const { return m_why; }
    // Evaluates the current step now (tests; otherwise a timer coalesces the feed's batches).
    void refreshNow();
    // Back to step 1 with nothing ticked.
    void restart();
    // The run is stopped at virtual time `at` (the time breakpoint): its report is kept for the
    // "at" checks of that moment, and the steps are evaluated now.
    void record(Micros at);
    // Serving: real clients set the pace and the run never pauses at a step's moment, so the step
    // says so instead of promising a pause (RunController::pauseAt).
    void setServing(bool on);
    const lab::Moments& moments() const { return m_moments; }
    // Where the run should pause next (kTimeMax: nowhere): the earliest moment an unticked step
    // reads that this run has not recorded yet.
    Micros pauseTarget() const { return m_pauseAt; }
    QPushButton* resetButton() const { return m_reset; }

signals:
    // The lab (re)loaded: the window shows or hides its dock.
    void labChanged(bool hasLab);
    // "Reset lab": the window stops the run and puts the design back as the lab began.
    void resetRequested();
    void stepCompleted(int step);
    // The time breakpoint the lab needs next, and why, for the run controller.
    void pauseAtChanged(Micros at, const QString& why);

private:
    void reload();
    void scheduleRefresh();
    void rebuild();
    void updateSteps();
    // The run was rebuilt (a new run, step back, reset): moments after its clock are gone.
    void runReset();
    void updatePauseTarget(Micros now);

    DiagramModel* m_model;
    RunFeed* m_feed;
    std::optional<lab::Lab> m_lab;
    Diagram m_start;
    QString m_error;
    int m_current = 0;
    QString m_why;
    lab::Moments m_moments;
    Micros m_pauseAt = kTimeMax;
    Problems m_lint;
    bool m_lintStale = true;
    bool m_serving = false;
    QTimer m_refresh;
    QLabel* m_title;
    QLabel* m_progress;
    QScrollArea* m_scroll;
    QVBoxLayout* m_stepsLayout;
    std::vector<QLabel*> m_steps;
    QPushButton* m_reset;
};

}  // namespace ml::ui
