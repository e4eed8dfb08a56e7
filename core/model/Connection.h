// Can this node connect to that one, here? The one answer the canvas, the connection drag and the
// template import ask (QtNodes' AbstractGraphModel::connectionPossible): the Catalog's rule for
// the two kinds, plus what only the diagram knows — both nodes exist, a node never connects to
// itself, and a pair is connected at most once per edge kind.
#pragma once

#include "model/Diagram.h"

#include <QString>

namespace ml {

enum class ConnectionRefusal { None, MissingNode, SelfLoop, Forbidden, Duplicate };

struct ConnectionPossible {
    ConnectionRefusal refusal = ConnectionRefusal::None;
    QString edgeKind;  // the kind the new edge gets; for Duplicate the kind of the edge already there
    EdgeId existing;   // Duplicate: the edge already drawn
    QString reason;    // refused: as the Catalog words it, "a Queue cannot connect to a Table; …"
    QString sentence;  // refused: for a status line or hint, "A Queue cannot connect to a Table; …."

    bool possible() const { return refusal == ConnectionRefusal::None; }
};

// `edgeKind` empty: the Catalog's default for the pair; otherwise that kind must be allowed.
// An edge whose kind was never resolved counts as the default kind of its pair.
ConnectionPossible connectionPossible(const Diagram& diagram, const NodeId& from, const NodeId& to,
                                      const QString& edgeKind = QString());

}  // namespace ml
