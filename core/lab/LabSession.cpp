#include "lab/LabSession.h"

#include "model/Lint.h"

#include <QStringList>

#include <algorithm>

namespace ml::lab {

namespace {

Error errorAt(const QString& pointer, const QString& message) { return Error{message, pointer, {}, 0, 0}; }

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

Session::Session(Diagram diagram, EngineOptions options) : m_diagram(std::move(diagram)), m_options(options) {}

Status Session::start()
{
    // As the GUI: a design with errors does not run (a lab may start with one for the student to fix).
    for (const Problem& p : lint(m_diagram))
        if (p.isError())
            return Error{QStringLiteral("the design has errors, so it cannot run: %1: %2")
                             .arg(p.pointer.isEmpty() ? p.node.value : p.pointer, p.message),
                         p.pointer,
                         {},
                         0,
                         0};
    Result<std::unique_ptr<EngineRun>> created = EngineRun::create(m_diagram, m_options);
    if (!created) return created.error();
    m_run = std::move(created).value();
    m_clock = 0;
    return okStatus();
}

Status Session::play(const Solution& move)
{
    switch (move.kind) {
    case Solution::Kind::Set:
        // A design edit is made between runs (the GUI locks the diagram while one exists).
        m_run.reset();
        return applySet(m_diagram, move);
    case Solution::Kind::Reset: m_run.reset(); return okStatus();
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
    m_clock = std::max(m_clock, m_run->engine().now()) + move.duration;
    m_run->run(m_clock);
    m_run->engine().kernel().advanceTo(m_clock);
    return okStatus();
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
    return lab::evaluate(check, &report, problems);
}

}  // namespace ml::lab
