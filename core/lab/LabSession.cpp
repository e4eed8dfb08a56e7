#include "lab/LabSession.h"

#include "model/Lint.h"

#include <QStringList>

#include <algorithm>

namespace ml::lab {

namespace {

Error errorAt(const QString& pointer, const QString& message) { return Error::at(pointer, message); }

}  // namespace

Status applySet(Diagram& diagram, const Solution& set)
{
    QStringList parts = set.target.split(QLatin1Char('.'));
    const QString owner = parts.takeFirst();
    Json* config = nullptr;
    if (Node* node = diagram.node(NodeId(owner)))
        config = &node->config;
    else if (Edge* edge = diagram.edge(EdgeId(owner)))
        config = &edge->config;
    if (!config) return errorAt(set.pointer, QStringLiteral("the diagram has no node or edge \"%1\"").arg(owner));
    Json* at = config;
    for (int i = 0; i + 1 < parts.size(); ++i) {
        Json& next = (*at)[toStd(parts[i])];
        if (next.is_null()) next = Json::object();
        if (!next.is_object())
            return errorAt(set.pointer, QStringLiteral("%1: \"%2\" is not an object").arg(set.target, parts[i]));
        at = &next;
    }
    (*at)[toStd(parts.last())] = set.value;
    return okStatus();
}

Session::Session(Diagram diagram, EngineOptions options, std::vector<Micros> moments)
    : m_diagram(std::move(diagram)), m_options(options), m_moments(std::move(moments))
{
    std::sort(m_moments.begin(), m_moments.end());
}

Status Session::start()
{
    // As the GUI: a design with errors does not run (a lab may start with one for the student to fix).
    for (const Problem& p : lint(m_diagram))
        if (p.isError())
            return Error::at(p.pointer, QStringLiteral("the design has errors, so it cannot run: %1: %2")
                                            .arg(p.pointer.isEmpty() ? p.node.value : p.pointer, p.message));
    Result<std::unique_ptr<EngineRun>> created = EngineRun::create(m_diagram, m_options);
    if (!created) return created.error();
    m_run = std::move(created).value();
    m_recorded.clear();
    m_clock = 0;
    return okStatus();
}

Status Session::play(const Solution& move)
{
    switch (move.kind) {
    case Solution::Kind::Set:
        // A design edit is made between runs (the GUI locks the diagram while one exists).
        m_run.reset();
        m_recorded.clear();
        return applySet(m_diagram, move);
    case Solution::Kind::Reset:
        m_run.reset();
        m_recorded.clear();
        return okStatus();
    case Solution::Kind::Action:
    case Solution::Kind::Run: break;
    }
    if (!m_run)
        if (Status s = start(); !s) return errorAt(move.pointer, s.error().message);
    if (move.kind == Solution::Kind::Action) {
        if (Status s = applyRunAction(*m_run, move.action); !s)
            return errorAt(move.pointer, QStringLiteral("%1: %2").arg(move.action.text, s.error().message));
        return okStatus();
    }
    // Virtual time passes whether or not anything is left to happen, as on the GUI's clock.
    const Micros from = std::max(m_clock, m_run->engine().now());
    const Micros until = from + move.duration;
    // The moments on the way, as the GUI pauses at them: the report after every event due then.
    for (Micros at : m_moments)
        if (at >= from && at <= until && !m_recorded.count(at)) {
            runTo(at);
            m_recorded.emplace(at, m_run->engine().report());
        }
    runTo(until);
    return okStatus();
}

void Session::runTo(Micros until)
{
    m_run->run(until);
    m_run->engine().kernel().advanceTo(until);
    m_clock = until;
}

Status Session::play(const Step& step)
{
    for (const Solution& move : step.solution)
        if (Status s = play(move); !s) return s;
    return okStatus();
}

Outcome Session::evaluate(const Check& check) const
{
    const Problems problems = lint(m_diagram);
    if (!m_run) return lab::evaluate(check, nullptr, problems);
    const Json report = m_run->engine().report();
    return lab::evaluate(check, &report, problems, &m_recorded);
}

}  // namespace ml::lab
