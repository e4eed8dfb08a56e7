#include "canvas/Clipboard.h"

#include "format/JsonText.h"

#include <QMimeData>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace ml::ui::clipboard {

namespace {

constexpr const char* kFormat = "microlab-fragment/1";

Json nodeJson(const Node& n)
{
    return Json{{"id", toStd(n.id.value)}, {"kind", toStd(n.kind)}, {"name", toStd(n.name)}, {"x", n.x}, {"y", n.y},
                {"config", n.config},      {"extra", n.extra}};
}

Json edgeJson(const Edge& e)
{
    return Json{{"id", toStd(e.id.value)},      {"from", toStd(e.from.value)},
                {"to", toStd(e.to.value)},      {"kind", toStd(e.kind)},
                {"kindWritten", e.kindWritten}, {"idWritten", e.idWritten},
                {"config", e.config},           {"extra", e.extra}};
}

QString text(const Json& o, const char* key)
{
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? toQString(it->get<std::string>()) : QString();
}

double number(const Json& o, const char* key)
{
    auto it = o.find(key);
    return it != o.end() && it->is_number() ? it->get<double>() : 0.0;
}

bool flag(const Json& o, const char* key)
{
    auto it = o.find(key);
    return it != o.end() && it->is_boolean() && it->get<bool>();
}

Json object(const Json& o, const char* key)
{
    auto it = o.find(key);
    return it != o.end() && it->is_object() ? *it : Json::object();
}

}  // namespace

QByteArray fragment(const Diagram& diagram, const std::vector<NodeId>& ids)
{
    Json nodes = Json::array();
    Json edges = Json::array();
    QSet<QString> chosen;
    for (const NodeId& id : ids) chosen.insert(id.value);
    for (const Node& n : diagram.nodes())
        if (chosen.contains(n.id.value)) nodes.push_back(nodeJson(n));
    for (const Edge& e : diagram.edges())
        if (chosen.contains(e.from.value) && chosen.contains(e.to.value)) edges.push_back(edgeJson(e));
    const Json doc{{"format", kFormat}, {"nodes", nodes}, {"edges", edges}};
    return QByteArray::fromStdString(doc.dump(2));
}

std::optional<Diagram> parseFragment(const QByteArray& bytes)
{
    // Clipboard text comes from anywhere: the one bounded reader, never nlohmann's unbounded one.
    const Result<Json> read = jsontext::parse(bytes);
    if (!read) return std::nullopt;
    const Json& doc = read.value();
    if (!doc.is_object() || text(doc, "format") != QLatin1String(kFormat)) return std::nullopt;
    Diagram d;
    auto nodes = doc.find("nodes");
    auto edges = doc.find("edges");
    if (nodes == doc.end() || !nodes->is_array()) return std::nullopt;
    for (const Json& j : *nodes) {
        if (!j.is_object()) return std::nullopt;
        Node n;
        n.id = NodeId(text(j, "id"));
        n.kind = text(j, "kind");
        n.name = text(j, "name");
        n.x = number(j, "x");
        n.y = number(j, "y");
        n.config = object(j, "config");
        n.extra = object(j, "extra");
        if (n.id.isEmpty() || !d.addNode(std::move(n))) return std::nullopt;
    }
    if (edges != doc.end() && edges->is_array()) {
        for (const Json& j : *edges) {
            if (!j.is_object()) return std::nullopt;
            Edge e;
            e.id = EdgeId(text(j, "id"));
            e.from = NodeId(text(j, "from"));
            e.to = NodeId(text(j, "to"));
            e.kind = text(j, "kind");
            e.kindWritten = flag(j, "kindWritten");
            e.idWritten = flag(j, "idWritten");
            e.config = object(j, "config");
            e.extra = object(j, "extra");
            // Only edges inside the fragment make sense on paste.
            if (!d.node(e.from) || !d.node(e.to)) continue;
            d.addEdge(std::move(e));
        }
    }
    return d;
}

Diagram placeFragment(const Diagram& fragment, const Diagram& target, QPointF offset)
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

QMimeData* toMimeData(const QByteArray& json)
{
    auto* mime = new QMimeData;
    mime->setData(QString::fromLatin1(kFragmentMime), json);
    mime->setText(QString::fromUtf8(json));
    return mime;
}

QByteArray fromMimeData(const QMimeData* mime)
{
    if (!mime) return {};
    if (mime->hasFormat(QString::fromLatin1(kFragmentMime))) return mime->data(QString::fromLatin1(kFragmentMime));
    if (mime->hasText()) {
        const QByteArray bytes = mime->text().toUtf8();
        if (parseFragment(bytes)) return bytes;
    }
    return {};
}

}  // namespace ml::ui::clipboard
