// Reading *.mlab.json: JSON text → Diagram. Shape and type errors stop the load with the file,
// the JSON pointer and what was expected; what the Diagram cannot hold (duplicate ids) is kept
// under a fresh id and reported as a problem. Kinds and connections are the linter's business.
#include "format/JsonText.h"
#include "layout/Arrange.h"
#include "model/Catalog.h"
#include "project/ProjectFile.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <cmath>
#include <optional>

namespace ml::projectfile {

namespace {

using jsontext::describe;
using jsontext::pointerJoin;

const char* const kTopKeys[] = {"format", "name", "description", "seed", "startTime", "nodes", "edges"};
const char* const kNodeKeys[] = {"id", "kind", "name", "x", "y", "config"};
const char* const kEdgeKeys[] = {"id", "from", "to", "kind", "config"};

template <size_t N>
bool isKnown(const std::string& key, const char* const (&known)[N])
{
    for (const char* k : known)
        if (key == k) return true;
    return false;
}

// Unknown keys, in file order, for forward compatibility (written back on save).
template <size_t N>
Json unknownKeys(const Json& object, const char* const (&known)[N])
{
    Json extra = Json::object();
    for (auto it = object.begin(); it != object.end(); ++it)
        if (!isKnown(it.key(), known)) extra[it.key()] = it.value();
    return extra;
}

class Reader {
public:
    Reader(QString fileName, const char* format) : m_file(std::move(fileName)), m_format(format) {}

    Error error(const QString& pointer, const QString& message) const
    {
        Error e;
        e.message = message;
        e.pointer = pointer;
        e.file = m_file;
        return e;
    }

    Error wrongType(const QString& pointer, const QString& expected, const Json& got) const
    {
        return error(pointer, QStringLiteral("expected %1; got %2").arg(expected, describe(got)));
    }

    // A string member. `required`: absence is an error; an empty string is always one, since
    // ids, kinds and endpoints are never empty and the other strings are simply omitted.
    std::optional<Error> text(const Json& object, const char* key, const QString& pointer, const QString& what,
                              bool required, bool allowEmpty, QString& out) const
    {
        const QString at = pointerJoin(pointer, QString::fromLatin1(key));
        const auto it = object.find(key);
        if (it == object.end()) {
            if (required) return error(at, QStringLiteral("missing; expected %1").arg(what));
            return std::nullopt;
        }
        if (!it->is_string()) return wrongType(at, what, *it);
        out = toQString(it->get<std::string>());
        if (out.isEmpty() && !allowEmpty)
            return error(at, QStringLiteral("expected %1; got an empty string").arg(what));
        return std::nullopt;
    }

    std::optional<Error> coordinate(const Json& object, const char* key, const QString& pointer, double& out) const
    {
        const auto it = object.find(key);
        if (it == object.end()) return std::nullopt;
        const QString at = pointerJoin(pointer, QString::fromLatin1(key));
        if (!it->is_number()) return wrongType(at, QStringLiteral("a number"), *it);
        out = it->get<double>();
        if (!std::isfinite(out)) return wrongType(at, QStringLiteral("a finite number"), *it);
        return std::nullopt;
    }

    std::optional<Error> config(const Json& object, const QString& pointer, Json& out) const
    {
        const auto it = object.find("config");
        if (it == object.end()) return std::nullopt;
        if (!it->is_object())
            return wrongType(pointerJoin(pointer, QStringLiteral("config")), QStringLiteral("an object"), *it);
        out = *it;
        return std::nullopt;
    }

    std::optional<Error> header(const Json& root, Diagram& diagram) const;
    std::optional<Error> nodes(const Json& root, Diagram& diagram, Problems& problems, bool& anyPosition) const;
    std::optional<Error> edges(const Json& root, Diagram& diagram, Problems& problems) const;

private:
    QString m_file;
    const char* m_format;  // the "format" the document must name
};

// "worker" → "worker-2", "worker-3", … avoiding every id taken or still to come in the file.
QString freshId(const QString& base, const QSet<QString>& taken)
{
    for (int i = 2;; ++i) {
        const QString candidate = base + QLatin1Char('-') + QString::number(i);
        if (!taken.contains(candidate)) return candidate;
    }
}

std::optional<Error> Reader::header(const Json& root, Diagram& diagram) const
{
    const QString expectedFormat = QStringLiteral("\"%1\"").arg(QString::fromLatin1(m_format));
    const auto format = root.find("format");
    if (format == root.end())
        return error(QStringLiteral("/format"), QStringLiteral("missing; expected %1").arg(expectedFormat));
    if (!format->is_string()) return wrongType(QStringLiteral("/format"), expectedFormat, *format);
    if (format->get<std::string>() != m_format)
        return error(
            QStringLiteral("/format"),
            QStringLiteral("expected %1; got \"%2\"").arg(expectedFormat, toQString(format->get<std::string>())));

    if (auto e = text(root, "name", {}, QStringLiteral("a string"), false, true, diagram.name)) return e;
    if (auto e = text(root, "description", {}, QStringLiteral("a string"), false, true, diagram.description)) return e;

    if (const auto seed = root.find("seed"); seed != root.end()) {
        const QString what = QStringLiteral("a whole number between 0 and 18446744073709551615");
        if (seed->is_number_unsigned())
            diagram.seed = seed->get<quint64>();
        else if (seed->is_number_integer() && seed->get<qint64>() >= 0)
            diagram.seed = quint64(seed->get<qint64>());
        else
            return wrongType(QStringLiteral("/seed"), what, *seed);
        diagram.seedWritten = true;
    }

    const QString timeWhat = QStringLiteral("an ISO 8601 UTC time like \"2026-01-01T00:00:00Z\"");
    if (auto e = text(root, "startTime", {}, timeWhat, false, true, diagram.startTime)) return e;
    if (!diagram.startTime.isEmpty()) {
        const QDateTime t = QDateTime::fromString(diagram.startTime, Qt::ISODateWithMs);
        if (!t.isValid() || t.timeSpec() == Qt::LocalTime)
            return error(QStringLiteral("/startTime"),
                         QStringLiteral("expected %1; got \"%2\"").arg(timeWhat, diagram.startTime));
    }

    diagram.extra = unknownKeys(root, kTopKeys);
    return std::nullopt;
}

std::optional<Error> Reader::nodes(const Json& root, Diagram& diagram, Problems& problems, bool& anyPosition) const
{
    const auto list = root.find("nodes");
    if (list == root.end()) return std::nullopt;
    if (!list->is_array()) return wrongType(QStringLiteral("/nodes"), QStringLiteral("an array of nodes"), *list);

    std::vector<Node> read;
    read.reserve(list->size());
    QSet<QString> taken;
    for (size_t i = 0; i < list->size(); ++i) {
        const Json& item = (*list)[i];
        const QString at = QStringLiteral("/nodes/%1").arg(i);
        if (!item.is_object()) return wrongType(at, QStringLiteral("a node object {\"id\": …, \"kind\": …}"), item);
        Node node;
        QString id;
        if (auto e = text(item, "id", at, QStringLiteral("a node id (a string)"), true, false, id)) return e;
        node.id = NodeId(id);
        if (auto e = text(item, "kind", at, QStringLiteral("a node kind like \"worker\""), true, false, node.kind))
            return e;
        if (auto e = text(item, "name", at, QStringLiteral("a string"), false, true, node.name)) return e;
        if (auto e = coordinate(item, "x", at, node.x)) return e;
        if (auto e = coordinate(item, "y", at, node.y)) return e;
        anyPosition = anyPosition || item.contains("x") || item.contains("y");
        if (auto e = config(item, at, node.config)) return e;
        node.extra = unknownKeys(item, kNodeKeys);
        taken.insert(id);
        read.push_back(std::move(node));
    }

    QHash<QString, int> firstIndex;
    for (int i = 0; i < int(read.size()); ++i) {
        Node& node = read[size_t(i)];
        const QString id = node.id.value;
        if (const auto first = firstIndex.constFind(id); first != firstIndex.constEnd()) {
            // Dropping the second node would lose what the user drew; keep it under a new id.
            const QString fresh = freshId(id, taken);
            taken.insert(fresh);
            node.id = NodeId(fresh);
            problems.push_back(
                Problem{Severity::Error,
                        QStringLiteral("duplicate-id"),
                        node.id,
                        {},
                        QStringLiteral("/nodes/%1/id").arg(i),
                        QStringLiteral("duplicate node id \"%1\" (also /nodes/%2); this node was kept as \"%3\"")
                            .arg(id)
                            .arg(*first)
                            .arg(fresh)});
        } else {
            firstIndex.insert(id, i);
        }
        diagram.addNode(std::move(node));
    }
    return std::nullopt;
}

std::optional<Error> Reader::edges(const Json& root, Diagram& diagram, Problems& problems) const
{
    const auto list = root.find("edges");
    if (list == root.end()) return std::nullopt;
    if (!list->is_array()) return wrongType(QStringLiteral("/edges"), QStringLiteral("an array of edges"), *list);

    const Catalog& catalog = Catalog::instance();
    std::vector<Edge> read;
    read.reserve(list->size());
    QSet<QString> taken;
    for (size_t i = 0; i < list->size(); ++i) {
        const Json& item = (*list)[i];
        const QString at = QStringLiteral("/edges/%1").arg(i);
        if (!item.is_object()) return wrongType(at, QStringLiteral("an edge object {\"from\": …, \"to\": …}"), item);
        Edge edge;
        QString id, from, to;
        if (auto e = text(item, "id", at, QStringLiteral("an edge id (a string)"), false, false, id)) return e;
        if (auto e = text(item, "from", at, QStringLiteral("the id of the node the edge starts at"), true, false, from))
            return e;
        if (auto e = text(item, "to", at, QStringLiteral("the id of the node the edge ends at"), true, false, to))
            return e;
        if (auto e =
                text(item, "kind", at, QStringLiteral("an edge kind like \"dead-letter\""), false, false, edge.kind))
            return e;
        if (auto e = config(item, at, edge.config)) return e;
        edge.id = EdgeId(id);
        edge.idWritten = !id.isEmpty();
        edge.from = NodeId(from);
        edge.to = NodeId(to);
        edge.kindWritten = !edge.kind.isEmpty();
        if (!edge.kindWritten) {
            // Missing endpoints, unknown kinds and forbidden pairs stay kind-less for the linter.
            const Node* a = diagram.node(edge.from);
            const Node* b = diagram.node(edge.to);
            if (a && b) {
                const ConnectionCheck check = catalog.canConnect(a->kind, b->kind);
                if (check.allowed) edge.kind = check.edgeKind;
            }
        }
        edge.extra = unknownKeys(item, kEdgeKeys);
        if (edge.idWritten) taken.insert(id);
        read.push_back(std::move(edge));
    }

    // Generated ids ("e1", …) skip every id the file writes, so they come out the same on every
    // load and never collide with a written one.
    QHash<QString, int> firstIndex;
    int next = 1;
    for (int i = 0; i < int(read.size()); ++i) {
        Edge& edge = read[size_t(i)];
        if (!edge.idWritten) {
            QString generated;
            do generated = QStringLiteral("e%1").arg(next++);
            while (taken.contains(generated));
            taken.insert(generated);
            edge.id = EdgeId(generated);
        } else if (const auto first = firstIndex.constFind(edge.id.value); first != firstIndex.constEnd()) {
            const QString id = edge.id.value;
            const QString fresh = freshId(id, taken);
            taken.insert(fresh);
            edge.id = EdgeId(fresh);
            problems.push_back(
                Problem{Severity::Error,
                        QStringLiteral("duplicate-id"),
                        {},
                        edge.id,
                        QStringLiteral("/edges/%1/id").arg(i),
                        QStringLiteral("duplicate edge id \"%1\" (also /edges/%2); this edge was kept as \"%3\"")
                            .arg(id)
                            .arg(*first)
                            .arg(fresh)});
        }
        firstIndex.insert(edge.id.value, i);
        diagram.addEdge(std::move(edge));
    }
    return std::nullopt;
}

}  // namespace

Result<LoadedProject> parse(const QByteArray& bytes, const QString& fileName, const char* format)
{
    const auto fail = [&](Error e) { return Result<LoadedProject>(e.inFile(fileName)); };
    if (bytes.size() > kMaxFileBytes) {
        Error e;
        e.message = QStringLiteral("the file is too large (%1 bytes); a project file may be at most %2 MB")
                        .arg(bytes.size())
                        .arg(kMaxFileBytes / (1024 * 1024));
        return fail(e);
    }
    if ((bytes.startsWith("\xEF\xBB\xBF") ? bytes.mid(3) : bytes).trimmed().isEmpty()) {
        Error e;
        e.message = QStringLiteral("the file is empty; expected a project object {\"format\": \"%1\", …}")
                        .arg(QString::fromLatin1(format));
        e.line = 1;
        e.column = 1;
        return fail(e);
    }

    Result<Json> document = jsontext::parse(bytes);
    if (!document) return fail(document.error());
    const Json& root = *document;

    const Reader reader(fileName, format);
    if (!root.is_object())
        return reader.wrongType(
            {}, QStringLiteral("a project object {\"format\": \"%1\", …}").arg(QString::fromLatin1(format)), root);

    LoadedProject project;
    if (auto e = reader.header(root, project.diagram)) return *e;
    bool anyPosition = false;
    if (auto e = reader.nodes(root, project.diagram, project.problems, anyPosition)) return *e;
    if (auto e = reader.edges(root, project.diagram, project.problems)) return *e;
    // DESIGN.md lets a file leave positions out (hand-written, generated, imported); stacking every
    // card at the origin would hide the diagram, so such a file is arranged. A file that places
    // even one node keeps its positions as written.
    if (!anyPosition && !project.diagram.nodes().empty()) {
        layout::arrangeInPlace(project.diagram);
        project.arranged = true;
    }
    return project;
}

Result<LoadedProject> load(const QString& path)
{
    QFile file(path);
    const auto fail = [&](const QString& message) {
        Error e;
        e.message = message;
        e.file = path;
        return Result<LoadedProject>(e);
    };
    const QFileInfo info(path);
    if (info.isDir()) return fail(QStringLiteral("cannot open: it is a folder, not a project file"));
    if (info.size() > kMaxFileBytes)
        return fail(QStringLiteral("the file is too large (%1 bytes); a project file may be at most %2 MB")
                        .arg(info.size())
                        .arg(kMaxFileBytes / (1024 * 1024)));
    if (!file.open(QIODevice::ReadOnly)) return fail(QStringLiteral("cannot open: %1").arg(file.errorString()));
    // Read one byte past the limit, so a file that grows while we read is still refused.
    const QByteArray bytes = file.read(kMaxFileBytes + 1);
    if (file.error() != QFileDevice::NoError) return fail(QStringLiteral("cannot read: %1").arg(file.errorString()));
    return parse(bytes, path);
}

}  // namespace ml::projectfile
