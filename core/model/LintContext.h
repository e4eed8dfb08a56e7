// What the lint rules share while they walk one diagram: the resolved edge kinds, the effective
// configs (defaults filled in), JSON pointers into the project file, and the problems found.
#pragma once

#include "format/Duration.h"
#include "model/Catalog.h"
#include "model/Diagram.h"
#include "model/Problem.h"

#include <optional>

namespace ml::lintrules {

class LintContext {
public:
    explicit LintContext(const Diagram& diagram);

    const Diagram& diagram;
    const Catalog& catalog;
    Problems problems;

    // Index of a node in the diagram, or -1.
    int indexOf(const NodeId& id) const { return diagram.nodeIndex(id); }
    const Node* node(const NodeId& id) const { return diagram.node(id); }
    // The node's kind in the Catalog; null when the node or its kind is unknown.
    const KindInfo* kindOf(const NodeId& id) const;
    // Whether the node's kind has a trait, e.g. has(id, &KindInfo::isQueue).
    bool has(const NodeId& id, bool KindInfo::*trait) const { return has(kindOf(id), trait); }
    bool has(const Node& n, bool KindInfo::*trait) const { return has(catalog.kind(n.kind), trait); }
    static bool has(const KindInfo* k, bool KindInfo::*trait) { return k && k->*trait; }
    bool isFunction(const NodeId& id) const { return has(id, &KindInfo::isFunction); }

    // The edge's kind when both ends exist and the Catalog allows the connection; empty
    // otherwise, so semantic rules skip edges the structural rules already report.
    const QString& edgeKind(size_t edgeIndex) const { return m_edgeKinds[edgeIndex]; }
    bool edgeIs(size_t edgeIndex, const char* kind) const { return m_edgeKinds[edgeIndex] == QLatin1String(kind); }

    // Effective configs: the file's values over the Catalog's defaults.
    const Json& nodeConfig(int nodeIndex) const { return m_nodeConfigs[size_t(nodeIndex)]; }
    const Json& edgeConfig(size_t edgeIndex) const { return m_edgeConfigs[edgeIndex]; }

    // Typed reads of an effective config; nullopt when the key is missing, unset or malformed
    // (a malformed value is reported by the bad-value rule, the other rules just skip it).
    static std::optional<Micros> durationOf(const Json& config, const char* key);
    static std::optional<double> numberOf(const Json& config, const char* key);
    static QString stringOf(const Json& config, const char* key);
    static bool isSet(const Json& config, const char* key);

    // "/nodes/3", "/nodes/3/config/timeout", "/edges/2", "/edges/2/config/batchSize"; empty
    // when the node is not in the diagram.
    QString nodePointer(const NodeId& id, const QString& suffix = QString()) const;
    static QString nodePointer(int index, const QString& suffix = QString());
    static QString edgePointer(size_t index, const QString& suffix = QString());

    // A node as the user knows it, quoted: the name on its card ("Image jobs DLQ"), or its id
    // when it has no name of its own. The Problems table and `validate` show the id beside it.
    QString nameOf(const NodeId& id) const;
    // `worker "Resize images"`, `queue "jobs"`; the name alone when the node's kind is unknown.
    QString describeNode(const NodeId& id) const;
    // `edge "e3" (Image jobs → Resize images)`, each end by its name (or id)
    QString describeEdge(size_t edgeIndex) const;
    // "a worker", "an api-gateway"
    static QString withArticle(const QString& word);

    void error(const char* rule, const NodeId& node, const EdgeId& edge, const QString& pointer,
               const QString& message);
    void warning(const char* rule, const NodeId& node, const EdgeId& edge, const QString& pointer,
                 const QString& message);

private:
    void add(Severity severity, const char* rule, const NodeId& node, const EdgeId& edge, const QString& pointer,
             const QString& message);

    std::vector<QString> m_edgeKinds;
    std::vector<Json> m_nodeConfigs;
    std::vector<Json> m_edgeConfigs;
};

// The rule families, one file each.
void checkStructure(LintContext& context);     // LintStructure.cpp: ids, kinds, connections, config values, node refs
void checkQueues(LintContext& context);        // LintQueues.cpp: dead letters, visibility, event source mappings
void checkFunctions(LintContext& context);     // LintFunctions.cpp: gatekeepers, routers, log subscriptions
void checkReachability(LintContext& context);  // LintReachability.cpp: nodes nothing reaches
void checkIgnoredSettings(LintContext& context);  // LintIgnored.cpp: settings the engine ignores, sends it refuses
void checkTraffic(LintContext& context);          // LintTraffic.cpp: nothing sends, routes and actions that never match

}  // namespace ml::lintrules
