// The diagram as text for documents and wikis: Mermaid (`flowchart LR`) and Graphviz DOT, with node
// shapes by Catalog category and edge labels that say what the edge carries.
#pragma once

#include "model/Diagram.h"

#include <QByteArray>
#include <QString>

namespace ml::exporting {

QByteArray mermaidFlowchart(const Diagram& diagram);
QByteArray graphvizDot(const Diagram& diagram);

// "event source · batch 1", "invoke · create-order, get-order", "$connect" — the words both formats show.
QString edgeLabel(const Diagram& diagram, const Edge& edge);

}  // namespace ml::exporting
