// Structural rules: node ids and kinds, edge endpoints and kinds, the Catalog's connection rules,
// every config value against its schema, and node references inside configs.
#include "model/ConfigCheck.h"
#include "model/ConfigCheckDetail.h"
#include "model/LintContext.h"

#include <QRegularExpression>
#include <QSet>

namespace ml::lintrules {

namespace {

using configcheck::describe;
using configcheck::pointerToken;
using configcheck::quoted;

const ConfigKey* findKey(const std::vector<ConfigKey>& keys, const QString& name)
{
    for (const ConfigKey& k : keys)
        if (k.name == name) return &k;
    return nullptr;
}

// Checks each key of `config` against `keys`. `owner` names the node or edge in messages and
// `kindWord` says what it is in the unknown-key warning ("a worker", "an event-source edge").
void checkConfig(LintContext& c, const Json& config, const std::vector<ConfigKey>& keys, const NodeId& node,
                 const EdgeId& edge, const QString& base, const QString& owner, const QString& kindWord)
{
    if (!config.is_object()) {
        c.error("bad-value", node, edge, base + QStringLiteral("/config"),
                QStringLiteral("%1: config must be an object; got %2").arg(owner, describe(config)));
        return;
    }
    for (auto it = config.begin(); it != config.end(); ++it) {
        const QString name = toQString(it.key());
        const QString pointer = base + QStringLiteral("/config/") + pointerToken(name);
        const ConfigKey* key = findKey(keys, name);
        if (!key) {
            // Not an error: files written by a newer Microlab keep working.
            c.warning("unknown-config-key", node, edge, pointer,
                      QStringLiteral("%1: unknown config key %2 for %3").arg(owner, quoted(name), kindWord));
            continue;
        }
        const Status status = checkConfigValue(*key, it.value());
        if (!status) {
            const Error& e = status.error();
            c.error("bad-value", node, edge, pointer + e.pointer,
                    QStringLiteral("%1: %2: %3").arg(owner, name + e.pointer, e.message));
        }
    }
}

// A NodeRef must name a node of the diagram; a subscription's deadLetterQueue must name a queue.
void checkNodeRefs(LintContext& c, const Json& config, const std::vector<ConfigKey>& keys, const NodeId& node,
                   const EdgeId& edge, const QString& base, const QString& owner)
{
    if (!config.is_object()) return;
    for (const ConfigKey& key : keys) {
        if (key.type != ValueType::NodeRef) continue;
        const QString target = LintContext::stringOf(config, toStd(key.name).c_str());
        if (target.isEmpty()) continue;
        const QString pointer = base + QStringLiteral("/config/") + pointerToken(key.name);
        const Node* n = c.node(NodeId(target));
        if (!n) {
            c.error(
                "node-ref", node, edge, pointer,
                QStringLiteral("%1: %2 names %3, which is not in the diagram").arg(owner, key.name, quoted(target)));
        } else if (key.name == QLatin1String("deadLetterQueue") && !c.has(n->id, &KindInfo::isQueue)) {
            c.error("node-ref", node, edge, pointer,
                    QStringLiteral("%1: %2 must be a queue; %3 is %4")
                        .arg(owner, key.name, c.nameOf(n->id), LintContext::withArticle(n->kind)));
        }
    }
}

// A kind without HTTP routes (a websocket API) checks only the handshake's Origin: the methods,
// headers and preflight cache of its CORS setting would silently do nothing.
void checkCorsUse(LintContext& c, const Node& n, const KindInfo& kind, int i, const QString& owner)
{
    bool routed = false;
    const ConfigKey* cors = nullptr;
    for (const ConfigKey& k : kind.config) {
        routed |= k.type == ValueType::Routes;
        if (k.type == ValueType::Cors) cors = &k;
    }
    if (!cors || routed || !n.config.is_object()) return;
    const auto it = n.config.find(toStd(cors->name));
    if (it == n.config.end() || !it->is_object()) return;
    for (const char* ignored : {"allowMethods", "allowHeaders", "maxAge"}) {
        if (!it->contains(ignored)) continue;
        c.warning("ignored-config", n.id, {},
                  LintContext::nodePointer(i, QStringLiteral("/config/") + pointerToken(cors->name) +
                                                  QStringLiteral("/") + QString::fromLatin1(ignored)),
                  QStringLiteral("%1: %2.%3 is ignored: a websocket handshake is checked by its Origin only")
                      .arg(owner, cors->name, QString::fromLatin1(ignored)));
    }
}

void checkNodes(LintContext& c)
{
    static const QRegularExpression validId(QStringLiteral("^[a-z0-9-]+$"));
    const auto& nodes = c.diagram.nodes();
    for (int i = 0; i < int(nodes.size()); ++i) {
        const Node& n = nodes[size_t(i)];
        if (!validId.match(n.id.value).hasMatch())
            c.error(
                "invalid-id", n.id, {}, LintContext::nodePointer(i, QStringLiteral("/id")),
                QStringLiteral("node id %1 may only use lowercase letters, digits and \"-\"").arg(quoted(n.id.value)));
        const KindInfo* kind = c.catalog.kind(n.kind);
        if (!kind) {
            c.error("unknown-kind", n.id, {}, LintContext::nodePointer(i, QStringLiteral("/kind")),
                    QStringLiteral("node %1 has an unknown kind %2; known kinds: %3")
                        .arg(c.nameOf(n.id), quoted(n.kind), c.catalog.kindIds().join(QStringLiteral(", "))));
            continue;
        }
        const QString owner = c.describeNode(n.id);
        checkConfig(c, n.config, kind->config, n.id, {}, LintContext::nodePointer(i), owner,
                    LintContext::withArticle(n.kind));
        checkNodeRefs(c, n.config, kind->config, n.id, {}, LintContext::nodePointer(i), owner);
        checkCorsUse(c, n, *kind, i, owner);
    }
}

void checkEdges(LintContext& c)
{
    QSet<QString> edgeIds;
    QStringList edgeKindIds;
    for (const EdgeKindInfo& k : c.catalog.edgeKinds()) edgeKindIds << k.id;

    const auto& edges = c.diagram.edges();
    for (size_t j = 0; j < edges.size(); ++j) {
        const Edge& e = edges[j];
        const QString base = LintContext::edgePointer(j);
        // The Diagram refuses a second edge with a taken id; this guards diagrams built otherwise.
        if (edgeIds.contains(e.id.value))
            c.error("duplicate-id", {}, e.id, base + QStringLiteral("/id"),
                    QStringLiteral("edge id %1 is used twice").arg(quoted(e.id.value)));
        edgeIds.insert(e.id.value);

        const Node* from = c.node(e.from);
        const Node* to = c.node(e.to);
        if (!from)
            c.error("missing-node", {}, e.id, base + QStringLiteral("/from"),
                    QStringLiteral("%1 comes from %2, which is not in the diagram")
                        .arg(c.describeEdge(j), quoted(e.from.value)));
        if (!to)
            c.error("missing-node", {}, e.id, base + QStringLiteral("/to"),
                    QStringLiteral("%1 goes to %2, which is not in the diagram")
                        .arg(c.describeEdge(j), quoted(e.to.value)));
        if (!e.kind.isEmpty() && !c.catalog.edgeKind(e.kind)) {
            c.error("unknown-edge-kind", {}, e.id, base + QStringLiteral("/kind"),
                    QStringLiteral("%1 has an unknown kind %2; known edge kinds: %3")
                        .arg(c.describeEdge(j), quoted(e.kind), edgeKindIds.join(QStringLiteral(", "))));
            continue;
        }
        // Unknown node kinds are reported on the node; the connection can't be judged.
        if (!from || !to || !c.catalog.kind(from->kind) || !c.catalog.kind(to->kind)) continue;

        const ConnectionCheck check = c.catalog.canConnect(from->kind, to->kind, e.kind);
        if (!check.allowed) {
            c.error("forbidden-connection", {}, e.id, base,
                    QStringLiteral("%1: %2").arg(c.describeEdge(j), check.reason));
            continue;
        }
        const std::vector<ConfigKey> keys = c.catalog.edgeConfigKeys(from->kind, to->kind, check.edgeKind);
        const QString owner = c.describeEdge(j);
        checkConfig(c, e.config, keys, {}, e.id, base, owner,
                    LintContext::withArticle(check.edgeKind + QStringLiteral(" edge")));
        checkNodeRefs(c, e.config, keys, {}, e.id, base, owner);
    }
}

}  // namespace

void checkStructure(LintContext& c)
{
    checkNodes(c);
    checkEdges(c);
}

}  // namespace ml::lintrules
