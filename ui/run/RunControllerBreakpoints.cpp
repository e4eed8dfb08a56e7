// RunController's breakpoints: on a node, and the time breakpoint a lab sets (pauseAt), which
// stops the run once every event due by that virtual time has happened.
#include "run/RunController.h"

namespace ml::ui {

bool RunController::breaksOnNode(int node) const
{
    const auto lock = guiLock();
    return m_breakNodes.contains(node);
}

void RunController::setBreakOnNode(int node, bool on)
{
    const auto lock = guiLock();
    if (on)
        m_breakNodes.insert(node);
    else
        m_breakNodes.remove(node);
}

void RunController::breakpointReached()
{
    if (m_pauseHit) {
        m_pauseHit = false;
        emit pausedAt(now());
        return;
    }
    // A hit selects its message: the canvas highlights its trace and the Trace tab shows it.
    if (m_breakMessage) m_feed->selectMessage(m_breakMessage, m_breakTrace);
    emit breakpointHit(m_breakWhy, m_breakMessage, m_breakTrace);
}

void RunController::pauseAt(Micros at, const QString& why)
{
    const auto lock = guiLock();
    m_pauseAt = at;
    m_pauseWhy = why;
}

Micros RunController::pauseTime() const
{
    const auto lock = guiLock();
    return m_pauseAt;
}

bool RunController::reachPauseAt(Micros limit, bool jump)
{
    Kernel& kernel = m_run->engine().kernel();
    if (m_live || m_pauseAt == kTimeMax || limit < m_pauseAt || kernel.now() > m_pauseAt) return false;
    if (!kernel.empty() && kernel.nextTime() <= m_pauseAt) return false;  // still due by then
    if (kernel.now() < m_pauseAt && !jump) return false;                  // real time: the wall clock is not there yet
    kernel.advanceTo(m_pauseAt);
    m_pauseAt = kTimeMax;  // one-shot: Run goes on from here
    m_breakHit = m_pauseHit = true;
    m_breakWhy = m_pauseWhy.isEmpty() ? tr("Paused at the time breakpoint") : m_pauseWhy;
    m_breakMessage = m_breakTrace = 0;
    return true;
}

}  // namespace ml::ui
