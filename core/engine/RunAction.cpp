#include "engine/RunAction.h"

#include "engine/Behaviour.h"
#include "engine/nodes/Queue.h"
#include "format/Duration.h"
#include "format/JsonText.h"

#include <QStringList>

#include <algorithm>
#include <cmath>

namespace ml {

namespace {

Error actionError(const QString& message) { return Error::of(message); }

QString quoted(const QString& text) { return QLatin1Char('"') + text + QLatin1Char('"'); }

const char* const kFaultKeys = "errorRate, latency, throttle, down, paused";

// "true", "false", or nothing (the bare key): on.
std::optional<bool> flag(const QString& value, bool bare)
{
    if (bare || value == QLatin1String("true")) return true;
    if (value == QLatin1String("false")) return false;
    return std::nullopt;
}

Result<Fault> parseFault(const QString& list)
{
    Fault fault;
    if (list.isEmpty()) return actionError(QStringLiteral("name at least one of %1").arg(QLatin1String(kFaultKeys)));
    for (const QString& part : list.split(QLatin1Char(','))) {
        const qsizetype colon = part.indexOf(QLatin1Char(':'));
        const bool bare = colon < 0;
        const QString key = bare ? part : part.left(colon);
        const QString value = bare ? QString() : part.mid(colon + 1);
        auto bad = [&](const QString& expected) {
            return actionError(QStringLiteral("%1: %2").arg(quoted(part), expected));
        };
        if (key == QLatin1String("errorRate")) {
            bool ok = false;
            const double rate = value.toDouble(&ok);
            if (bare || !ok || !std::isfinite(rate) || rate < 0 || rate > 1)
                return bad(QStringLiteral("errorRate needs a number from 0 to 1, like errorRate:0.5"));
            fault.errorRate = rate;
        } else if (key == QLatin1String("latency")) {
            const Result<Micros> added = bare ? Result<Micros>(actionError(QString())) : duration::parse(value);
            if (!added) return bad(QStringLiteral("latency needs a duration, like latency:5s"));
            fault.addedLatency = added.value();
        } else if (key == QLatin1String("throttle")) {
            bool ok = false;
            const int limit = value.toInt(&ok);
            if (bare || !ok || limit < 0)
                return bad(QStringLiteral("throttle needs a concurrency limit (0 or more), like throttle:2"));
            fault.throttle = limit;
        } else if (key == QLatin1String("down") || key == QLatin1String("paused")) {
            const std::optional<bool> on = flag(value, bare);
            if (!on) return bad(QStringLiteral("%1 is on or off: %1, %1:true or %1:false").arg(key));
            (key == QLatin1String("down") ? fault.down : fault.pauseConsumers) = *on;
        } else {
            return bad(QStringLiteral("unknown fault %1; the keys are %2").arg(quoted(key), QLatin1String(kFaultKeys)));
        }
    }
    return fault;
}

bool isQueue(const Engine& engine, int node)
{
    return node >= 0 && dynamic_cast<const Queue*>(&engine.behaviour(node)) != nullptr;
}

}  // namespace

Result<RunAction> parseRunAction(const QString& text)
{
    RunAction action;
    action.text = text;
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    const QString verb = colon < 0 ? text : text.left(colon);
    const QString rest = colon < 0 ? QString() : text.mid(colon + 1);
    auto bad = [&](const QString& message) { return actionError(QStringLiteral("%1: %2").arg(quoted(text), message)); };
    // NODE=VALUE (or NODE alone): the node is what comes before the first '='.
    const qsizetype equals = rest.indexOf(QLatin1Char('='));
    action.node = equals < 0 ? rest : rest.left(equals);
    const QString value = equals < 0 ? QString() : rest.mid(equals + 1);
    const bool hasValue = equals >= 0;
    if (colon >= 0 && action.node.isEmpty()) return bad(QStringLiteral("missing the node after \"%1:\"").arg(verb));

    if (verb == QLatin1String("inject")) {
        if (!hasValue) return bad(QStringLiteral("inject needs NODE=JSON, like inject:jobs={\"size\":7}"));
        const Result<Json> body = jsontext::parse(value.toUtf8());
        if (!body)
            return bad(QStringLiteral("the message %1 is not valid JSON: %2").arg(quoted(value), body.error().message));
        action.kind = RunAction::Kind::Inject;
        action.body = body.value();
        if (action.body.is_object() && action.body.contains("user")) {
            if (!action.body["user"].is_string() || action.body["user"].get<std::string>().empty())
                return bad(QStringLiteral("\"user\" must be a user name (a non-empty string)"));
            action.user = action.body["user"].get<std::string>();
        }
    } else if (verb == QLatin1String("fault")) {
        if (!hasValue) return bad(QStringLiteral("fault needs NODE=KEY:VALUE,..., like fault:resize=errorRate:1"));
        Result<Fault> fault = parseFault(value);
        if (!fault) return bad(fault.error().message);
        action.kind = RunAction::Kind::Fault;
        action.fault = fault.value();
    } else if (verb == QLatin1String("clear-fault") || verb == QLatin1String("purge")) {
        if (colon < 0) return bad(QStringLiteral("%1 needs a node, like %1:jobs").arg(verb));
        if (hasValue)
            return bad(QStringLiteral("%1 takes only a node; %2 is extra").arg(verb, quoted(QLatin1Char('=') + value)));
        action.kind = verb == QLatin1String("purge") ? RunAction::Kind::Purge : RunAction::Kind::ClearFault;
    } else if (verb == QLatin1String("redrive")) {
        if (colon < 0) return bad(QStringLiteral("redrive needs a dead-letter queue, like redrive:jobs-dlq"));
        if (hasValue && value.isEmpty()) return bad(QStringLiteral("missing the queue after \"=\""));
        action.kind = RunAction::Kind::Redrive;
        action.target = value;
    } else {
        return bad(QStringLiteral("unknown action %1; expected inject, fault, clear-fault, redrive or purge")
                       .arg(quoted(verb)));
    }
    return action;
}

Result<TimedRunAction> parseTimedRunAction(const QString& time, const QString& action)
{
    const Result<Micros> at = duration::parse(time);
    if (!at) return actionError(QStringLiteral("%1: %2").arg(quoted(time), at.error().message));
    Result<RunAction> parsed = parseRunAction(action);
    if (!parsed) return parsed.error();
    return TimedRunAction{at.value(), std::move(parsed).value()};
}

Status checkRunAction(const Engine& engine, const RunAction& action)
{
    const int node = engine.nodeIndex(action.node);
    auto bad = [&](const QString& message) {
        return actionError(QStringLiteral("%1: %2").arg(quoted(action.text), message));
    };
    if (node < 0) return bad(QStringLiteral("no node %1 in the diagram").arg(quoted(action.node)));
    switch (action.kind) {
    case RunAction::Kind::Inject:
    case RunAction::Kind::Fault:
    case RunAction::Kind::ClearFault: return okStatus();
    case RunAction::Kind::Purge:
        if (!isQueue(engine, node))
            return bad(QStringLiteral("%1 is not a queue; only queues can be purged").arg(quoted(action.node)));
        return okStatus();
    case RunAction::Kind::Redrive: {
        if (!isQueue(engine, node)) return bad(QStringLiteral("%1 is not a queue").arg(quoted(action.node)));
        if (action.target.isEmpty()) {
            if (!dynamic_cast<const Queue&>(engine.behaviour(node)).isDeadLetterQueue())
                return bad(
                    QStringLiteral("%1 is no queue's dead-letter queue, so its messages have no source; name one: "
                                   "redrive:%2=QUEUE")
                        .arg(quoted(action.node), action.node));
            return okStatus();
        }
        const int target = engine.nodeIndex(action.target);
        if (target < 0) return bad(QStringLiteral("no node %1 in the diagram").arg(quoted(action.target)));
        if (!isQueue(engine, target)) return bad(QStringLiteral("%1 is not a queue").arg(quoted(action.target)));
        return okStatus();
    }
    }
    return okStatus();
}

Status applyRunAction(EngineRun& run, const RunAction& action)
{
    if (const Status s = checkRunAction(run.engine(), action); !s) return s;
    const int node = run.engine().nodeIndex(action.node);
    switch (action.kind) {
    case RunAction::Kind::Inject: {
        const Result<quint64> id = run.inject(action.node, action.body, action.user);
        if (!id) return id.error();
        return okStatus();
    }
    case RunAction::Kind::Fault: run.setFault(node, action.fault); return okStatus();
    case RunAction::Kind::ClearFault: run.setFault(node, Fault{}); return okStatus();
    case RunAction::Kind::Purge: run.purge(node); return okStatus();
    case RunAction::Kind::Redrive: {
        const int target = action.target.isEmpty() ? -1 : run.engine().nodeIndex(action.target);
        if (!run.redrive(node, target))
            return actionError(QStringLiteral("%1: nothing to redrive to").arg(quoted(action.text)));
        return okStatus();
    }
    }
    return okStatus();
}

RunActionSchedule::RunActionSchedule(std::vector<TimedRunAction> actions) : m_actions(std::move(actions))
{
    std::stable_sort(m_actions.begin(), m_actions.end(),
                     [](const TimedRunAction& a, const TimedRunAction& b) { return a.at < b.at; });
}

void RunActionSchedule::add(TimedRunAction action)
{
    const auto at = std::upper_bound(m_actions.begin() + std::ptrdiff_t(m_next), m_actions.end(), action.at,
                                     [](Micros t, const TimedRunAction& a) { return t < a.at; });
    m_actions.insert(at, std::move(action));
}

Status RunActionSchedule::applyDue(EngineRun& run)
{
    while (pending() && m_actions[m_next].at <= run.engine().now()) {
        // Taken before it is applied: a failing action is not tried again.
        const RunAction& action = m_actions[m_next++].action;
        if (const Status s = applyRunAction(run, action); !s) return s;
    }
    return okStatus();
}

Result<RunResult> RunActionSchedule::run(EngineRun& run, Micros until, quint64 events)
{
    RunResult total;
    for (;;) {
        const RunResult r = run.run(std::min(until, nextTime()), events - total.events);
        total.events += r.events;
        total.stop = r.stop;
        if (r.stop == RunStop::MaxEvents || r.stop == RunStop::Stopped) return total;
        if (!pending() || nextTime() > until) return total;
        // Everything due up to the action's instant has happened; the clock moves there when
        // the run went quiet before it.
        run.engine().kernel().advanceTo(nextTime());
        if (const Status s = applyDue(run); !s) return s.error();
    }
}

}  // namespace ml
