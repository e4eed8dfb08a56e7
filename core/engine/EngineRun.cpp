#include "engine/EngineRun.h"

#include "engine/Behaviour.h"
#include "engine/nodes/Queue.h"

namespace ml {

Result<std::unique_ptr<EngineRun>> EngineRun::create(const Diagram& diagram, EngineOptions options)
{
    std::unique_ptr<EngineRun> run(new EngineRun(diagram, options));
    const Status s = run->rebuild();
    if (!s) return s.error();
    return run;
}

Status EngineRun::rebuild()
{
    Result<std::unique_ptr<Engine>> created = Engine::create(m_diagram, m_options);
    if (!created) return created.error();
    m_engine = std::move(created).value();
    for (EngineObserver* o : m_observers) m_engine->addObserver(o);
    m_engine->start();
    return okStatus();
}

void EngineRun::addObserver(EngineObserver* observer)
{
    m_observers.push_back(observer);
    m_engine->addObserver(observer);
}

void EngineRun::record(Input input)
{
    if (!m_replaying) m_journal.push_back(input);
    input.apply(*this);
}

Status EngineRun::inject(const QString& nodeId, const Json& body)
{
    if (m_engine->nodeIndex(nodeId) < 0)
        return Error{QStringLiteral("no node \"%1\" in the diagram").arg(nodeId), {}, {}, 0, 0};
    record({eventCount(), m_engine->now(), [nodeId, body](EngineRun& r) { (void)r.m_engine->inject(nodeId, body); }});
    return okStatus();
}

void EngineRun::setFault(int node, const Fault& fault)
{
    record({eventCount(), m_engine->now(), [node, fault](EngineRun& r) { r.m_engine->setFault(node, fault); }});
}

bool EngineRun::redrive(int deadLetterQueue, int target, double perSecond)
{
    if (deadLetterQueue < 0 || deadLetterQueue >= m_engine->nodeCount()) return false;
    if (!dynamic_cast<Queue*>(&m_engine->behaviour(deadLetterQueue))) return false;
    record({eventCount(), m_engine->now(), [=](EngineRun& r) {
                if (auto* q = dynamic_cast<Queue*>(&r.m_engine->behaviour(deadLetterQueue))) q->redrive(target, perSecond);
            }});
    return true;
}

RunResult EngineRun::run(Micros until, quint64 events)
{
    return m_engine->run(until, events);
}

Status EngineRun::stepBack(quint64 events)
{
    const quint64 target = eventCount() > events ? eventCount() - events : 0;
    m_replaying = true;
    const Status s = rebuild();
    if (!s) {
        m_replaying = false;
        return s;
    }
    m_engine->setExpress(true);
    for (const Input& input : m_journal) {
        if (input.atEvent > target) break;
        if (eventCount() < input.atEvent) m_engine->run(kTimeMax, input.atEvent - eventCount());
        m_engine->kernel().advanceTo(input.atTime);
        input.apply(*this);
    }
    if (eventCount() < target) m_engine->run(kTimeMax, target - eventCount());
    // Inputs after the new present are forgotten: going forward again is a new future.
    m_journal.erase(std::remove_if(m_journal.begin(), m_journal.end(), [&](const Input& i) { return i.atEvent > target; }),
                    m_journal.end());
    m_engine->setExpress(false);
    m_replaying = false;
    return okStatus();
}

}  // namespace ml
