#include "export/LogicalIds.h"

namespace ml::exporting {

QString pascalCase(const QString& text)
{
    QString out;
    bool upper = true;
    for (const QChar c : text) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128)) {
            upper = true;
            continue;
        }
        out += upper ? c.toUpper() : c;
        upper = false;
    }
    if (out.isEmpty()) return QStringLiteral("Node");
    // Logical ids are alphanumeric; a leading digit reads badly in !GetAtt, so give it a letter.
    if (out.front().isDigit()) out.prepend(QLatin1Char('N'));
    return out;
}

QString constantCase(const QString& text)
{
    QString out;
    for (const QChar c : text) out += (c.isLetterOrNumber() && c.unicode() < 128) ? c.toUpper() : QChar(u'_');
    if (out.isEmpty() || out.front().isDigit()) out.prepend(QLatin1Char('N'));
    return out;
}

LogicalIds::LogicalIds(const Diagram& diagram)
{
    for (const Node& n : diagram.nodes()) m_nodes.insert(n.id.value, claim(pascalCase(n.id.value)));
}

QString LogicalIds::claim(const QString& wanted)
{
    QString id = wanted;
    for (int i = 2; m_taken.contains(id); ++i) id = wanted + QString::number(i);
    m_taken.insert(id);
    return id;
}

}  // namespace ml::exporting
