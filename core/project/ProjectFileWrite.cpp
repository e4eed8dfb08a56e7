// Writing *.mlab.json: Diagram → canonical JSON text (known keys in a fixed order, unknown keys
// after them in file order), saved atomically. Canonical output is what makes load → save →
// load byte-stable and keeps diffs of saved projects small.
#include "model/Catalog.h"
#include "project/ProjectFile.h"

#include <QSaveFile>

#include <cmath>

namespace ml::projectfile {

namespace {

constexpr quint64 kDefaultSeed = 42;

// Canvas positions are whole pixels almost always; write them as 120, not 120.0.
Json coordinate(double value)
{
    constexpr double kExactIntegers = 9007199254740992.0;  // 2^53
    if (std::isfinite(value) && std::trunc(value) == value && std::fabs(value) < kExactIntegers)
        return Json(static_cast<qint64>(value));
    return Json(value);
}

void appendExtra(Json& out, const Json& extra)
{
    if (!extra.is_object()) return;
    for (auto it = extra.begin(); it != extra.end(); ++it)
        if (!out.contains(it.key())) out[it.key()] = it.value();
}

bool hasConfig(const Json& config) { return !config.is_null() && !(config.is_object() && config.empty()); }

Json nodeJson(const Node& node)
{
    Json out = Json::object();
    out["id"] = toStd(node.id.value);
    out["kind"] = toStd(node.kind);
    if (!node.name.isEmpty()) out["name"] = toStd(node.name);
    out["x"] = coordinate(node.x);
    out["y"] = coordinate(node.y);
    if (hasConfig(node.config)) out["config"] = node.config;
    appendExtra(out, node.extra);
    return out;
}

// The kind is left out when loading would infer the same one again: the file did not name it
// and it is the default for the pair of node kinds.
bool writesKind(const Diagram& diagram, const Edge& edge)
{
    if (edge.kindWritten) return true;
    if (edge.kind.isEmpty()) return false;
    const Node* from = diagram.node(edge.from);
    const Node* to = diagram.node(edge.to);
    if (!from || !to) return true;
    const QStringList allowed = Catalog::instance().edgeKindsFor(from->kind, to->kind);
    return allowed.isEmpty() || allowed.first() != edge.kind;
}

Json edgeJson(const Diagram& diagram, const Edge& edge)
{
    Json out = Json::object();
    if (edge.idWritten) out["id"] = toStd(edge.id.value);
    out["from"] = toStd(edge.from.value);
    out["to"] = toStd(edge.to.value);
    if (writesKind(diagram, edge)) out["kind"] = toStd(edge.kind);
    if (hasConfig(edge.config)) out["config"] = edge.config;
    appendExtra(out, edge.extra);
    return out;
}

}  // namespace

QByteArray serialize(const Diagram& diagram, const char* format)
{
    Json root = Json::object();
    root["format"] = format;
    if (!diagram.name.isEmpty()) root["name"] = toStd(diagram.name);
    if (!diagram.description.isEmpty()) root["description"] = toStd(diagram.description);
    if (diagram.seedWritten || diagram.seed != kDefaultSeed) root["seed"] = diagram.seed;
    if (!diagram.startTime.isEmpty()) root["startTime"] = toStd(diagram.startTime);
    Json nodes = Json::array();
    for (const Node& node : diagram.nodes()) nodes.push_back(nodeJson(node));
    root["nodes"] = std::move(nodes);
    Json edges = Json::array();
    for (const Edge& edge : diagram.edges()) edges.push_back(edgeJson(diagram, edge));
    root["edges"] = std::move(edges);
    appendExtra(root, diagram.extra);

    // `replace` rather than throwing on a string that is not UTF-8 (only possible when a
    // caller built the Json by hand); non-ASCII is written as is.
    const std::string text = root.dump(2, ' ', false, Json::error_handler_t::replace);
    QByteArray bytes(text.data(), qsizetype(text.size()));
    bytes.append('\n');
    return bytes;
}

Status save(const Diagram& diagram, const QString& path)
{
    const auto fail = [&](const QString& message) {
        Error e;
        e.message = message;
        e.file = path;
        return Status(e);
    };
    const QByteArray bytes = serialize(diagram);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return fail(QStringLiteral("cannot save: %1").arg(file.errorString()));
    if (file.write(bytes) != bytes.size()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return fail(QStringLiteral("cannot save: %1").arg(reason));
    }
    if (!file.commit()) return fail(QStringLiteral("cannot save: %1").arg(file.errorString()));
    return okStatus();
}

}  // namespace ml::projectfile
