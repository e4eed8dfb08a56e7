// Evaluating a lab check against a run's report and the diagram's lint. The words of a failed
// check are what a student reads: the path, what it is now, and what the step expects.
#include "lab/Lab.h"

#include <QStringList>

#include <algorithm>
#include <cmath>

namespace ml::lab {

namespace {

QString shown(const Json& value)
{
    if (value.is_string()) return toQString(value.get<std::string>());
    return toQString(value.dump());
}

QString number(double value)
{
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15)
        return QString::number(qint64(value));
    return QString::number(value);
}

// Numbers compare by value (2 equals 2.0), everything else as JSON.
bool same(const Json& a, const Json& b)
{
    if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
    return a == b;
}

Outcome pathOutcome(const Check& c, const Json* report)
{
    if (!report) return {false, QStringLiteral("%1: nothing has run yet").arg(c.path)};
    const Json* value = lookup(*report, c.path);
    if (!value) return {false, QStringLiteral("%1 is not in the report yet").arg(c.path)};
    if (c.equals && !same(*value, *c.equals))
        return {false, QStringLiteral("%1 is %2, expected %3").arg(c.path, shown(*value), shown(*c.equals))};
    if (c.atLeast || c.atMost) {
        if (!value->is_number())
            return {false, QStringLiteral("%1 is %2, expected a number").arg(c.path, shown(*value))};
        const double v = value->get<double>();
        if (c.atLeast && v < *c.atLeast)
            return {false,
                    QStringLiteral("%1 is %2, expected at least %3").arg(c.path, shown(*value), number(*c.atLeast))};
        if (c.atMost && v > *c.atMost)
            return {false,
                    QStringLiteral("%1 is %2, expected at most %3").arg(c.path, shown(*value), number(*c.atMost))};
    }
    return {true, {}};
}

Outcome lintOutcome(const Problems& lint)
{
    if (lint.empty()) return {true, {}};
    int errors = 0;
    for (const Problem& p : lint) errors += p.isError() ? 1 : 0;
    const int warnings = int(lint.size()) - errors;
    QStringList counts;
    if (errors) counts << (errors == 1 ? QStringLiteral("1 error") : QStringLiteral("%1 errors").arg(errors));
    if (warnings) counts << (warnings == 1 ? QStringLiteral("1 warning") : QStringLiteral("%1 warnings").arg(warnings));
    const Problem& first = lint.front();
    const QString where = !first.node.isEmpty()   ? first.node.value
                          : !first.edge.isEmpty() ? first.edge.value
                                                  : first.pointer;
    return {false, QStringLiteral("lint is not clean (%1): %2%3")
                       .arg(counts.join(QStringLiteral(", ")),
                            where.isEmpty() ? QString() : where + QStringLiteral(": "), first.message)};
}

}  // namespace

const Json* lookup(const Json& report, const QString& path)
{
    const Json* at = &report;
    for (const QString& part : path.split(QLatin1Char('.'))) {
        if (at->is_object()) {
            const auto it = at->find(toStd(part));
            if (it == at->end()) return nullptr;
            at = &*it;
        } else if (at->is_array()) {
            bool ok = false;
            const uint index = part.toUInt(&ok);
            if (!ok || index >= at->size()) return nullptr;
            at = &(*at)[index];
        } else {
            return nullptr;
        }
    }
    return at;
}

namespace {

// The check itself, its own "at" already taken into account (children may name their own).
Outcome evaluateHere(const Check& check, const Json* report, const Problems& lint, const Moments* moments)
{
    switch (check.kind) {
    case Check::Kind::Path: return pathOutcome(check, report);
    case Check::Kind::LintClean: return lintOutcome(lint);
    case Check::Kind::All:
        for (const Check& c : check.children)
            if (Outcome o = evaluate(c, report, lint, moments); !o.holds) return o;
        return {true, {}};
    case Check::Kind::Any: {
        QStringList why;
        for (const Check& c : check.children) {
            Outcome o = evaluate(c, report, lint, moments);
            if (o.holds) return o;
            why << o.why;
        }
        return {false, QStringLiteral("none holds: ") + why.join(QStringLiteral("; "))};
    }
    }
    return {false, {}};
}

void collectMoments(const Check& check, std::vector<Micros>& out)
{
    if (check.at) out.push_back(*check.at);
    for (const Check& c : check.children) collectMoments(c, out);
}

void sortOnce(std::vector<Micros>& times)
{
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
}

}  // namespace

Outcome evaluate(const Check& check, const Json* report, const Problems& lint, const Moments* moments)
{
    if (!check.at) return evaluateHere(check, report, lint, moments);
    // The live report says nothing about a moment the run has left: only the recorded one counts.
    const auto recorded = moments ? moments->find(*check.at) : Moments::const_iterator();
    if (!moments || recorded == moments->end())
        return {false, QStringLiteral("the run has not reached %1 yet").arg(clockText(*check.at))};
    Outcome o = evaluateHere(check, &recorded->second, lint, moments);
    if (!o.holds) o.why = QStringLiteral("at %1, %2").arg(clockText(*check.at), o.why);
    return o;
}

std::vector<Micros> momentsOf(const Check& check)
{
    std::vector<Micros> out;
    collectMoments(check, out);
    sortOnce(out);
    return out;
}

std::vector<Micros> momentsOf(const Lab& lab)
{
    std::vector<Micros> out;
    for (const Step& step : lab.steps) collectMoments(step.check, out);
    sortOnce(out);
    return out;
}

QString clockText(Micros at)
{
    const qint64 seconds = at / kMicrosPerSecond;
    QString text = QStringLiteral("%1:%2:%3")
                       .arg(seconds / 3600, 2, 10, QLatin1Char('0'))
                       .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
                       .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    if (const qint64 millis = at % kMicrosPerSecond / kMicrosPerMilli; millis)
        text += QStringLiteral(".%1").arg(millis, 3, 10, QLatin1Char('0'));
    return text;
}

QString describe(const Check& check)
{
    if (check.at) {
        Check now = check;
        now.at.reset();
        return QStringLiteral("at %1, %2").arg(clockText(*check.at), describe(now));
    }
    switch (check.kind) {
    case Check::Kind::LintClean: return QStringLiteral("the diagram lints clean");
    case Check::Kind::All:
    case Check::Kind::Any: {
        QStringList parts;
        for (const Check& c : check.children) parts << describe(c);
        return parts.join(check.kind == Check::Kind::All ? QStringLiteral(" and ") : QStringLiteral(" or "));
    }
    case Check::Kind::Path: {
        QStringList parts;
        if (check.equals) parts << QStringLiteral("%1 is %2").arg(check.path, shown(*check.equals));
        if (check.atLeast) parts << QStringLiteral("%1 ≥ %2").arg(check.path, number(*check.atLeast));
        if (check.atMost) parts << QStringLiteral("%1 ≤ %2").arg(check.path, number(*check.atMost));
        return parts.join(QStringLiteral(" and "));
    }
    }
    return {};
}

}  // namespace ml::lab
