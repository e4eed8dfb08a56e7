#include "model/Connection.h"

#include "model/Catalog.h"

namespace ml {

namespace {

ConnectionPossible refused(ConnectionRefusal why, QString reason)
{
    ConnectionPossible out;
    out.refusal = why;
    out.sentence = reason;
    if (!out.sentence.isEmpty()) out.sentence[0] = out.sentence[0].toUpper();
    out.sentence += QLatin1Char('.');
    out.reason = std::move(reason);
    return out;
}

}  // namespace

ConnectionPossible connectionPossible(const Diagram& diagram, const NodeId& from, const NodeId& to,
                                      const QString& edgeKind)
{
    const Node* a = diagram.node(from);
    const Node* b = diagram.node(to);
    if (!a || !b) return refused(ConnectionRefusal::MissingNode, QStringLiteral("the node no longer exists"));
    if (from == to) return refused(ConnectionRefusal::SelfLoop, QStringLiteral("a node cannot connect to itself"));
    const ConnectionCheck check = Catalog::instance().canConnect(a->kind, b->kind, edgeKind);
    if (!check.allowed) return refused(ConnectionRefusal::Forbidden, check.reason);
    const QString defaultKind =
        edgeKind.isEmpty() ? check.edgeKind : Catalog::instance().canConnect(a->kind, b->kind).edgeKind;
    for (const Edge* e : diagram.edgesFrom(from)) {
        const QString kind = e->kind.isEmpty() ? defaultKind : e->kind;
        if (e->to != to || kind != check.edgeKind) continue;
        // Node names are shown as written, so the sentence does not capitalise them.
        ConnectionPossible out;
        out.refusal = ConnectionRefusal::Duplicate;
        out.edgeKind = check.edgeKind;
        out.existing = e->id;
        out.reason = QStringLiteral("%1 is already connected to %2").arg(a->displayName(), b->displayName());
        out.sentence = out.reason + QLatin1Char('.');
        return out;
    }
    ConnectionPossible out;
    out.edgeKind = check.edgeKind;
    return out;
}

}  // namespace ml
