#include "run/FaultBox.h"

#include "engine/nodes/Queue.h"
#include "model/Catalog.h"
#include "run/RunController.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QPushButton>
#include <QSpinBox>

namespace ml::ui {

FaultBox::FaultBox(RunController* controller, QWidget* parent)
    : QGroupBox(tr("Fault injection"), parent), m_controller(controller)
{
    setObjectName(QStringLiteral("faultBox"));
    auto* form = new QFormLayout(this);
    m_down = new QCheckBox(tr("every invocation fails"), this);
    m_down->setObjectName(QStringLiteral("faultDown"));
    form->addRow(tr("Down"), m_down);
    m_errorRate = new QDoubleSpinBox(this);
    m_errorRate->setObjectName(QStringLiteral("faultErrorRate"));
    m_errorRate->setRange(-1, 100);
    m_errorRate->setDecimals(0);
    m_errorRate->setSuffix(QStringLiteral(" %"));
    m_errorRate->setSpecialValueText(tr("as configured"));
    form->addRow(tr("Error rate"), m_errorRate);
    m_latency = new QSpinBox(this);
    m_latency->setObjectName(QStringLiteral("faultLatency"));
    m_latency->setRange(0, 600'000);
    m_latency->setSingleStep(100);
    m_latency->setSuffix(QStringLiteral(" ms"));
    form->addRow(tr("Added latency"), m_latency);
    m_throttle = new QSpinBox(this);
    m_throttle->setObjectName(QStringLiteral("faultThrottle"));
    m_throttle->setRange(0, 10'000);
    m_throttle->setSpecialValueText(tr("no limit"));
    form->addRow(tr("Concurrency"), m_throttle);
    m_pause = new QCheckBox(tr("event source mappings stop polling"), this);
    m_pause->setObjectName(QStringLiteral("faultPause"));
    form->addRow(tr("Pause consumers"), m_pause);
    m_clear = new QPushButton(tr("Clear fault"), this);
    m_clear->setObjectName(QStringLiteral("faultClear"));
    form->addRow(m_clear);

    connect(m_down, &QCheckBox::toggled, this, &FaultBox::apply);
    connect(m_pause, &QCheckBox::toggled, this, &FaultBox::apply);
    connect(m_errorRate, &QDoubleSpinBox::editingFinished, this, &FaultBox::apply);
    connect(m_latency, &QSpinBox::editingFinished, this, &FaultBox::apply);
    connect(m_throttle, &QSpinBox::editingFinished, this, &FaultBox::apply);
    connect(m_clear, &QPushButton::clicked, this, [this] {
        if (m_node >= 0) m_controller->setFault(m_node, Fault{});
        load();
    });
    connect(m_controller, &RunController::stateChanged, this, [this] {
        if (!m_errorRate->hasFocus() && !m_latency->hasFocus() && !m_throttle->hasFocus()) load();
    });
    setNode(-1);
}

void FaultBox::setNode(int node)
{
    m_node = node;
    load();
}

void FaultBox::load()
{
    EngineRun* run = m_controller->run();
    const bool valid = run && m_node >= 0 && m_node < run->engine().nodeCount();
    setVisible(valid);
    if (!valid) return;
    const KindInfo* kind = Catalog::instance().kind(run->engine().node(m_node).kind);
    const bool function = kind && kind->isFunction;
    const bool queue = hasConsumers(run->engine(), m_node);
    setVisible(function || queue);
    setTitle(tr("Fault injection — %1").arg(run->engine().node(m_node).id.value));
    const Fault f = m_controller->fault(m_node);
    m_loading = true;
    // Only the faults this kind can have: a function's on a function, "pause consumers" on a queue
    // (a disabled row would still read as if it could apply).
    auto* form = static_cast<QFormLayout*>(layout());
    for (QWidget* w : {static_cast<QWidget*>(m_down), static_cast<QWidget*>(m_errorRate),
                       static_cast<QWidget*>(m_latency), static_cast<QWidget*>(m_throttle)})
        form->setRowVisible(w, function);
    form->setRowVisible(m_pause, queue);
    m_down->setChecked(f.down);
    m_errorRate->setValue(f.errorRate ? *f.errorRate * 100 : -1);
    m_latency->setValue(int(f.addedLatency / kMicrosPerMilli));
    m_throttle->setValue(f.throttle.value_or(0));
    m_pause->setChecked(f.pauseConsumers);
    m_clear->setEnabled(f != Fault{});
    m_loading = false;
}

bool FaultBox::hasConsumers(const Engine& engine, int node)
{
    if (!dynamic_cast<const Queue*>(&engine.behaviour(node))) return false;
    for (int e : engine.outEdges(node))
        if (engine.edge(e).kind == EdgeKind::EventSource) return true;
    return false;
}

void FaultBox::apply()
{
    if (m_loading || m_node < 0 || !m_controller->run()) return;
    Fault f;
    f.down = m_down->isChecked();
    if (m_errorRate->value() >= 0) f.errorRate = m_errorRate->value() / 100.0;
    f.addedLatency = Micros(m_latency->value()) * kMicrosPerMilli;
    if (m_throttle->value() > 0) f.throttle = m_throttle->value();
    f.pauseConsumers = m_pause->isChecked();
    if (f != m_controller->fault(m_node)) m_controller->setFault(m_node, f);
    m_clear->setEnabled(f != Fault{});
}

}  // namespace ml::ui
