// Problem messages name nodes as the user named them (issue 11, item 9): a helper that names
// every node of a diagram and one that checks a problem's message against those names. Shared
// by tst_lint and tst_linttraffic, so every rule of both is checked with the same yardstick.
#pragma once

#include "model/Lint.h"

#include <QStringList>

namespace lintnames {

// "The jobs-dlq card": spaces and capitals, as people name cards; never equal to the id.
inline QString nameFor(const ml::NodeId& id) { return QStringLiteral("The %1 card").arg(id.value); }

inline ml::Diagram named(ml::Diagram d)
{
    std::vector<ml::NodeId> ids;
    for (const ml::Node& n : d.nodes()) ids.push_back(n.id);
    for (const ml::NodeId& id : ids) d.node(id)->name = nameFor(id);
    return d;
}

// Empty when the message reads right: it names its node (or, for an edge, an end that exists)
// by the name on the card, and no node of the diagram by its bare id. The rule about ids
// themselves (invalid-id) quotes the id it rejects.
inline QString misnamed(const ml::Diagram& d, const ml::Problem& p)
{
    const auto quotedId = [](const ml::NodeId& id) { return QStringLiteral("\"%1\"").arg(id.value); };
    if (p.rule == QLatin1String("invalid-id"))
        return p.message.contains(quotedId(p.node)) ? QString() : QStringLiteral("does not quote the id");

    QStringList expected;
    if (!p.node.isEmpty()) {
        expected << nameFor(p.node);
    } else if (const ml::Edge* e = d.edge(p.edge)) {
        for (const ml::NodeId& end : {e->from, e->to})
            if (d.node(end)) expected << nameFor(end);
    }
    bool mentioned = expected.isEmpty();
    for (const QString& name : expected) mentioned |= p.message.contains(name);
    if (!mentioned) return QStringLiteral("names none of: %1").arg(expected.join(QStringLiteral(", ")));
    for (const ml::Node& n : d.nodes())
        if (p.message.contains(quotedId(n.id))) return QStringLiteral("names %1 by its id").arg(quotedId(n.id));
    return QString();
}

}  // namespace lintnames
