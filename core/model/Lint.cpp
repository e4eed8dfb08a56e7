// lint(): builds the shared context (resolved edge kinds, effective configs), runs every rule
// family and sorts what they found.
#include "model/Lint.h"

#include "format/Duration.h"
#include "model/ConfigCheckDetail.h"
#include "model/LintContext.h"

#include <QRegularExpression>

#include <algorithm>
#include <climits>
#include <cmath>
#include <tuple>

namespace ml {

namespace lintrules {

LintContext::LintContext(const Diagram& d) : diagram(d), catalog(Catalog::instance())
{
    for (const Node& n : diagram.nodes()) m_nodeConfigs.push_back(catalog.effectiveConfig(n.kind, n.config));
    for (const Edge& e : diagram.edges()) {
        const Node* from = diagram.node(e.from);
        const Node* to = diagram.node(e.to);
        QString kind;
        Json config = Json::object();
        if (from && to) {
            const ConnectionCheck check = catalog.canConnect(from->kind, to->kind, e.kind);
            if (check.allowed) {
                kind = check.edgeKind;
                config = catalog.effectiveEdgeConfig(from->kind, to->kind, kind, e.config);
            }
        }
        m_edgeKinds.push_back(kind);
        m_edgeConfigs.push_back(std::move(config));
    }
}

const KindInfo* LintContext::kindOf(const NodeId& id) const
{
    const Node* n = node(id);
    return n ? catalog.kind(n->kind) : nullptr;
}

std::optional<Micros> LintContext::durationOf(const Json& config, const char* key)
{
    auto it = config.find(key);
    if (it == config.end() || !it->is_string()) return std::nullopt;
    const Result<Micros> d = duration::fromJson(*it);
    if (!d) return std::nullopt;
    return *d;
}

std::optional<double> LintContext::numberOf(const Json& config, const char* key)
{
    auto it = config.find(key);
    if (it == config.end() || !it->is_number()) return std::nullopt;
    const double v = it->get<double>();
    if (!std::isfinite(v)) return std::nullopt;
    return v;
}

QString LintContext::stringOf(const Json& config, const char* key)
{
    auto it = config.find(key);
    if (it == config.end() || !it->is_string()) return QString();
    return toQString(it->get<std::string>());
}

bool LintContext::isSet(const Json& config, const char* key)
{
    auto it = config.find(key);
    return it != config.end() && !it->is_null();
}

QString LintContext::nodePointer(const NodeId& id, const QString& suffix) const
{
    const int i = indexOf(id);
    return i < 0 ? QString() : nodePointer(i, suffix);
}

QString LintContext::nodePointer(int index, const QString& suffix)
{
    return QStringLiteral("/nodes/%1").arg(index) + suffix;
}

QString LintContext::edgePointer(size_t index, const QString& suffix)
{
    return QStringLiteral("/edges/%1").arg(index) + suffix;
}

QString LintContext::nameOf(const NodeId& id) const
{
    const Node* n = node(id);
    return configcheck::quoted(n ? n->displayName() : id.value);
}

QString LintContext::describeNode(const NodeId& id) const
{
    const Node* n = node(id);
    if (!n || !catalog.kind(n->kind)) return nameOf(id);
    return n->kind + QLatin1Char(' ') + nameOf(id);
}

QString LintContext::describeEdge(size_t edgeIndex) const
{
    const Edge& e = diagram.edges()[edgeIndex];
    auto end = [this](const NodeId& id) {
        const Node* n = node(id);
        return n ? n->displayName() : id.value;
    };
    return QStringLiteral("edge %1 (%2 \u2192 %3)").arg(configcheck::quoted(e.id.value), end(e.from), end(e.to));
}

QString LintContext::withArticle(const QString& word)
{
    static const QString vowels = QStringLiteral("aeiouAEIOU");
    const bool an = !word.isEmpty() && vowels.contains(word.front());
    return (an ? QStringLiteral("an ") : QStringLiteral("a ")) + word;
}

void LintContext::error(const char* rule, const NodeId& node, const EdgeId& edge, const QString& pointer,
                        const QString& message)
{
    add(Severity::Error, rule, node, edge, pointer, message);
}

void LintContext::warning(const char* rule, const NodeId& node, const EdgeId& edge, const QString& pointer,
                          const QString& message)
{
    add(Severity::Warning, rule, node, edge, pointer, message);
}

void LintContext::add(Severity severity, const char* rule, const NodeId& node, const EdgeId& edge,
                      const QString& pointer, const QString& message)
{
    problems.push_back(Problem{severity, QString::fromLatin1(rule), node, edge, pointer, message});
}

}  // namespace lintrules

Problems lint(const Diagram& diagram)
{
    lintrules::LintContext context(diagram);
    lintrules::checkStructure(context);
    lintrules::checkQueues(context);
    lintrules::checkFunctions(context);
    lintrules::checkIgnoredSettings(context);
    lintrules::checkReachability(context);
    lintrules::checkTraffic(context);
    Problems problems = std::move(context.problems);
    sortProblems(problems, diagram);
    return problems;
}

void sortProblems(Problems& problems, const Diagram& diagram)
{
    static const QRegularExpression nodeAt(QStringLiteral("^/nodes/(\\d+)"));
    static const QRegularExpression edgeAt(QStringLiteral("^/edges/(\\d+)"));
    const int edgeCount = int(diagram.edges().size());
    auto sourceIndex = [&](int edgeIndex) {
        if (edgeIndex < 0 || edgeIndex >= edgeCount) return INT_MAX;
        const int i = diagram.nodeIndex(diagram.edges()[size_t(edgeIndex)].from);
        return i < 0 ? INT_MAX : i;
    };
    // (node order, edge order): a problem about an edge sorts after its source node's own.
    auto place = [&](const Problem& p) {
        int edge = p.edge.isEmpty() ? -1 : diagram.edgeIndex(p.edge);
        if (edge < 0 && p.edge.isEmpty()) {
            // Loader problems may name only the pointer.
            if (const auto m = edgeAt.match(p.pointer); m.hasMatch()) edge = m.captured(1).toInt();
        }
        int node = p.node.isEmpty() ? -1 : diagram.nodeIndex(p.node);
        if (node < 0) {
            if (const auto m = nodeAt.match(p.pointer); m.hasMatch())
                node = m.captured(1).toInt();
            else
                node = sourceIndex(edge);
        }
        return std::make_pair(node, edge);
    };
    std::stable_sort(problems.begin(), problems.end(), [&](const Problem& a, const Problem& b) {
        const auto pa = place(a);
        const auto pb = place(b);
        return std::tie(a.severity, pa, a.pointer, a.rule, a.message) <
               std::tie(b.severity, pb, b.pointer, b.rule, b.message);
    });
}

}  // namespace ml
