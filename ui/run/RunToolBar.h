// The run toolbar: Run/Pause (Space), Step (F10), Step back (F9), Reset, speed, the virtual clock
// as calendar time, the seed, Send test message (per entry node), and Serve with the URLs of the
// real endpoints and a copy button. It only routes to the RunController.
#pragma once

#include "format/Result.h"

#include <QTimer>
#include <QToolBar>

#include <functional>
#include <map>
#include <string>

class QAction;
class QComboBox;
class QLabel;
class QToolButton;

namespace ml::ui {

class RunController;

class RunToolBar : public QToolBar {
    Q_OBJECT
public:
    // `startRun` makes a new run from the document (or says why it cannot).
    RunToolBar(RunController* controller, std::function<Status()> startRun, QWidget* parent = nullptr);

    QAction* runPauseAction() const { return m_runPause; }
    QAction* stepAction() const { return m_step; }
    QAction* stepBackAction() const { return m_stepBack; }
    QAction* resetAction() const { return m_reset; }
    QAction* serveAction() const { return m_serve; }
    QComboBox* speedBox() const { return m_speed; }
    QLabel* clockLabel() const { return m_clock; }
    QLabel* urlsLabel() const { return m_urls; }
    QToolButton* injectButton() const { return m_inject; }

    // Asked before Reset throws the run away; false keeps the run (the window asks the user).
    void setResetGuard(std::function<bool()> guard) { m_resetGuard = std::move(guard); }

    // Opens the Send test message form for engine node `node`; true when something was sent.
    bool sendTestMessage(int node);
    // What went wrong last (a run that could not start, a refused step back), for the status bar.
    QString lastError() const { return m_error; }

signals:
    void message(const QString& text);

protected:
    void changeEvent(QEvent* event) override;

private:
    bool ensureRun();
    void refresh();
    void updateIcons();
    void fillInjectMenu();

    RunController* m_controller;
    std::function<Status()> m_startRun;
    std::function<bool()> m_resetGuard;
    QAction* m_runPause;
    QAction* m_step;
    QAction* m_stepBack;
    QAction* m_reset;
    QAction* m_serve;
    QComboBox* m_speed;
    QLabel* m_clock;
    QLabel* m_seed;
    QLabel* m_state;
    QToolButton* m_inject;
    QLabel* m_urls;
    QToolButton* m_copy;
    QAction* m_copyAction;
    QString m_error;
    bool m_showsPause = false;
    QTimer m_throttle;
    std::map<std::pair<int, std::string>, std::string> m_connections;
};

}  // namespace ml::ui
