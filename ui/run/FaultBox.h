// The inspector's fault controls while a run exists, only those the selected node's kind can
// have: down, error rate, added latency and throttle on a function, pause consumers on a queue;
// applied at once (journaled, so step back replays).
#pragma once

#include <QGroupBox>

namespace ml {
class Engine;
}

class QCheckBox;
class QDoubleSpinBox;
class QPushButton;
class QSpinBox;

namespace ml::ui {

class RunController;

class FaultBox : public QGroupBox {
    Q_OBJECT
public:
    explicit FaultBox(RunController* controller, QWidget* parent = nullptr);
    // The engine node whose faults are shown (-1: none).
    void setNode(int node);
    int node() const { return m_node; }
    // Whether "pause consumers" means anything on `node`: a queue some function polls.
    static bool hasConsumers(const Engine& engine, int node);

private:
    void load();
    void apply();

    RunController* m_controller;
    int m_node = -1;
    bool m_loading = false;
    QCheckBox* m_down;
    QDoubleSpinBox* m_errorRate;
    QSpinBox* m_latency;
    QSpinBox* m_throttle;
    QCheckBox* m_pause;
    QPushButton* m_clear;
};

}  // namespace ml::ui
