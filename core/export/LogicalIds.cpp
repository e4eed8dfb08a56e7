#include "export/LogicalIds.h"

#include <QRegularExpression>

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
    // An imported node keeps the logical id it came from, so what the import kept verbatim
    // (resources, outputs, conditions naming it) still refers to it when written back.
    Json imported = Json::object();
    if (const auto u = diagram.extra.find("unmapped"); u != diagram.extra.end() && u->is_object())
        if (const auto ids = u->find("logicalIds"); ids != u->end() && ids->is_object()) imported = *ids;
    static const QRegularExpression alphanumeric(QStringLiteral("^[A-Za-z0-9]{1,255}$"));
    for (const Node& n : diagram.nodes()) {
        const auto it = imported.find(toStd(n.id.value));
        const QString original =
            it != imported.end() && it->is_string() ? toQString(it->get<std::string>()) : QString();
        const bool keep = alphanumeric.match(original).hasMatch() && !m_taken.contains(original);
        m_nodes.insert(n.id.value, claim(keep ? original : pascalCase(n.id.value)));
    }
}

QString LogicalIds::claim(const QString& wanted)
{
    QString id = wanted;
    for (int i = 2; m_taken.contains(id); ++i) id = wanted + QString::number(i);
    m_taken.insert(id);
    return id;
}

}  // namespace ml::exporting
