// CloudFormation logical ids for a diagram: the id an imported node came from, else PascalCase from
// its node id ("jobs-dlq" → "JobsDlq"); alphanumeric and unique, with derived resources (roles, permissions, mappings)
// claimed through the same registry so no two resources of a template share an id.
#pragma once

#include "model/Diagram.h"

#include <QHash>
#include <QSet>
#include <QString>

namespace ml::exporting {

QString pascalCase(const QString& text);
QString constantCase(const QString& text);  // "jobs-dlq" → "JOBS_DLQ", for environment variables

class LogicalIds {
public:
    explicit LogicalIds(const Diagram& diagram);

    QString of(const NodeId& node) const { return m_nodes.value(node.value); }
    // Claims `wanted` or, when taken, wanted2, wanted3, …; returns what was claimed.
    QString claim(const QString& wanted);
    bool taken(const QString& id) const { return m_taken.contains(id); }

private:
    QHash<QString, QString> m_nodes;
    QSet<QString> m_taken;
};

}  // namespace ml::exporting
