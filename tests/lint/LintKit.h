// The diagram helpers the linter's suites share (tests/lint, tests/linttraffic): nodes and edges
// by id and kind, config changes in place, and the problems of one rule, dumped for a failure.
#pragma once

#include "model/Lint.h"

#include <QtTest>

Q_DECLARE_METATYPE(ml::Diagram)

namespace lintkit {

using namespace ml;

inline Node node(const char* id, const char* kind, Json config = Json::object())
{
    Node n;
    n.id = NodeId(QString::fromLatin1(id));
    n.kind = QString::fromLatin1(kind);
    n.config = std::move(config);
    return n;
}

inline Edge edge(const char* from, const char* to, Json config = Json::object(), const char* kind = "")
{
    Edge e;
    e.from = NodeId(QString::fromLatin1(from));
    e.to = NodeId(QString::fromLatin1(to));
    e.kind = QString::fromLatin1(kind);
    e.kindWritten = !e.kind.isEmpty();
    e.config = std::move(config);
    return e;
}

inline void setConfig(Diagram& d, const char* id, const char* key, Json value)
{
    d.node(NodeId(QString::fromLatin1(id)))->config[key] = std::move(value);
}

inline void setEdgeConfig(Diagram& d, const char* id, const char* key, Json value)
{
    d.edge(EdgeId(QString::fromLatin1(id)))->config[key] = std::move(value);
}

inline Problems withRule(const Problems& all, const QString& rule)
{
    Problems out;
    for (const Problem& p : all)
        if (p.rule == rule) out.push_back(p);
    return out;
}

inline QString dump(const Problems& problems)
{
    QStringList lines;
    for (const Problem& p : problems)
        lines << QStringLiteral("%1 %2 %3 %4").arg(p.isError() ? "error" : "warning", p.rule, p.pointer, p.message);
    return lines.join(QLatin1Char('\n'));
}

}  // namespace lintkit
