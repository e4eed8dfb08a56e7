#include "project/Fragment.h"

#include "project/ProjectFile.h"

#include <QRegularExpression>
#include <QSet>

#include <cmath>

namespace ml::fragment {

Diagram select(const Diagram& diagram, const std::vector<NodeId>& ids)
{
    QSet<QString> chosen;
    for (const NodeId& id : ids) chosen.insert(id.value);
    Diagram out;
    for (const Node& n : diagram.nodes())
        if (chosen.contains(n.id.value)) out.addNode(n);
    for (const Edge& e : diagram.edges())
        if (chosen.contains(e.from.value) && chosen.contains(e.to.value)) out.addEdge(e);
    return out;
}

QByteArray serialize(const Diagram& fragment) { return projectfile::serialize(fragment, kFormat); }

Result<Diagram> parse(const QByteArray& bytes)
{
    Result<LoadedProject> read = projectfile::parse(bytes, QStringLiteral("clipboard"), kFormat);
    if (!read) return read.error();
    const Diagram& all = read->diagram;
    if (all.nodes().empty()) {
        Error e;
        e.message = QStringLiteral("expected at least one node");
        e.pointer = QStringLiteral("/nodes");
        e.file = QStringLiteral("clipboard");
        return e;
    }
    // Only edges inside the fragment make sense on paste; the reader keeps dangling ones for
    // the linter, a paste has no use for them.
    Diagram out;
    for (const Node& n : all.nodes()) out.addNode(n);
    for (const Edge& e : all.edges())
        if (all.node(e.from) && all.node(e.to)) out.addEdge(e);
    return out;
}

Diagram place(const Diagram& fragment, const Diagram& target, QPointF offset)
{
    // Choose ids against the target plus the ids already chosen for this paste.
    Diagram taken = target;
    std::vector<std::pair<NodeId, NodeId>> renames;
    static const QRegularExpression suffix(QStringLiteral("-\\d+$"));
    for (const Node& n : fragment.nodes()) {
        QString base = n.id.value;
        base.remove(suffix);
        const NodeId fresh = taken.uniqueNodeId(base.isEmpty() ? n.kind : base);
        Node placeholder;
        placeholder.id = fresh;
        taken.addNode(placeholder);
        renames.emplace_back(n.id, fresh);
    }
    // Rename through temporary ids so a new id that equals another copied node's old id cannot
    // collide; renameNode also rewrites the references between the copied nodes.
    Diagram out = fragment;
    for (size_t i = 0; i < renames.size(); ++i)
        out.renameNode(renames[i].first, NodeId(QStringLiteral("~paste~%1").arg(i)));
    for (size_t i = 0; i < renames.size(); ++i)
        out.renameNode(NodeId(QStringLiteral("~paste~%1").arg(i)), renames[i].second);

    // A copy next to its original gets "(copy)" after its display name, so the two can be told
    // apart in the Problems panel and the find box; a cut pasted back keeps its name.
    QSet<QString> names;
    for (const Node& n : target.nodes())
        if (!n.name.isEmpty()) names.insert(n.name);
    static const QRegularExpression copySuffix(QStringLiteral(" \\(copy( \\d+)?\\)$"));
    Diagram placed;
    for (Node n : out.nodes()) {
        n.x = std::round(n.x + offset.x());
        n.y = std::round(n.y + offset.y());
        if (!n.name.isEmpty() && names.contains(n.name)) {
            QString base = n.name;
            base.remove(copySuffix);
            QString name = base + QStringLiteral(" (copy)");
            for (int i = 2; names.contains(name); ++i) name = base + QStringLiteral(" (copy %1)").arg(i);
            n.name = name;
        }
        if (!n.name.isEmpty()) names.insert(n.name);
        placed.addNode(std::move(n));
    }
    for (const Edge& e : out.edges()) {
        Edge copy = e;
        copy.id = EdgeId();
        copy.idWritten = false;
        placed.addEdge(std::move(copy));
    }
    return placed;
}

}  // namespace ml::fragment
