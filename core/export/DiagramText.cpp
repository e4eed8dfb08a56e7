#include "export/DiagramText.h"

#include "model/Catalog.h"

#include <QStringList>

namespace ml::exporting {

namespace {

Category categoryOf(const Node& n)
{
    const KindInfo* kind = Catalog::instance().kind(n.kind);
    return kind ? kind->category : Category::Microservice;
}

QString kindName(const Node& n)
{
    const KindInfo* kind = Catalog::instance().kind(n.kind);
    return kind ? kind->displayName : n.kind;
}

QString joined(const Json& list)
{
    QStringList items;
    if (list.is_array())
        for (const Json& item : list)
            if (item.is_string()) items << toQString(item.get<std::string>());
    return items.join(QStringLiteral(", "));
}

// Mermaid ids may not contain '-' next to arrows and "end" is a keyword: prefix and replace.
QString mermaidId(const NodeId& id)
{
    return QStringLiteral("n_") + QString(id.value).replace(QLatin1Char('-'), QLatin1Char('_'));
}

QString mermaidText(QString text)
{
    return text.replace(QLatin1Char('"'), QStringLiteral("#quot;")).replace(QLatin1Char('\n'), QStringLiteral("<br/>"));
}

QString dotText(QString text)
{
    return text.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
}

struct Look {
    const char* mermaidOpen;
    const char* mermaidClose;
    const char* mermaidClass;
    const char* dotShape;
    const char* fill;
};

Look lookOf(Category c)
{
    switch (c) {
    case Category::EntryPoint: return {"([", "])", "entry", "box", "#dbeafe"};
    case Category::Microservice: return {"(", ")", "service", "box", "#fef3c7"};
    case Category::Messaging: return {"{{", "}}", "messaging", "hexagon", "#fce7f3"};
    case Category::Data: return {"[(", ")]", "data", "cylinder", "#dcfce7"};
    case Category::Observability: return {">", "]", "observability", "note", "#ede9fe"};
    case Category::Client: return {"((", "))", "client", "ellipse", "#f3f4f6"};
    }
    return {"[", "]", "service", "box", "#ffffff"};
}

}  // namespace

QString edgeLabel(const Diagram& diagram, const Edge& edge)
{
    const Node* a = diagram.node(edge.from);
    const Node* b = diagram.node(edge.to);
    const Catalog& catalog = Catalog::instance();
    const Json c = a && b ? catalog.effectiveEdgeConfig(a->kind, b->kind, edge.kind, edge.config) : edge.config;
    const EdgeKindInfo* info = catalog.edgeKind(edge.kind);
    QString label = info ? info->displayName.toLower() : edge.kind;
    QStringList details;
    if (!joined(edge.config.value("actions", Json())).isEmpty()) details << joined(edge.config["actions"]);
    if (edge.config.contains("route") && edge.config["route"].is_string())
        label = toQString(edge.config["route"].get<std::string>());
    if (edge.kind == QLatin1String("event-source") || edge.kind == QLatin1String("stream"))
        details << QStringLiteral("batch %1").arg(c.value("batchSize", 0));
    if (edge.config.contains("filterPolicy") && edge.config["filterPolicy"].is_object())
        details << toQString(edge.config["filterPolicy"].dump());
    if (edge.config.contains("filterPattern") && edge.config["filterPattern"].is_string())
        details << toQString(edge.config["filterPattern"].get<std::string>());
    if (edge.config.contains("prefix") && edge.config["prefix"].is_string())
        details << toQString(edge.config["prefix"].get<std::string>()) + QLatin1Char('*');
    if (edge.config.contains("when") && edge.config["when"].is_string() && edge.config["when"] != "always")
        details << QStringLiteral("on ") + toQString(edge.config["when"].get<std::string>());
    if (edge.config.contains("invocation") && edge.config["invocation"].is_string())
        details << toQString(edge.config["invocation"].get<std::string>());
    if (!details.isEmpty()) label += QStringLiteral(" · ") + details.join(QStringLiteral(" · "));
    return label;
}

QByteArray mermaidFlowchart(const Diagram& diagram)
{
    QString out = QStringLiteral("flowchart LR\n");
    if (!diagram.name.isEmpty()) out.prepend(QStringLiteral("---\ntitle: %1\n---\n").arg(mermaidText(diagram.name)));
    QHash<QString, QStringList> classes;
    QStringList order;
    for (const Node& n : diagram.nodes()) {
        const Look look = lookOf(categoryOf(n));
        out += QStringLiteral("    %1%2\"%3<br/><small>%4</small>\"%5\n")
                   .arg(mermaidId(n.id), QLatin1String(look.mermaidOpen), mermaidText(n.displayName()),
                        mermaidText(kindName(n)), QLatin1String(look.mermaidClose));
        const QString cls = QLatin1String(look.mermaidClass);
        if (!classes.contains(cls)) order << cls;
        classes[cls] << mermaidId(n.id);
    }
    for (const Edge& e : diagram.edges()) {
        const bool dashed = e.kind == QLatin1String("dead-letter") || e.kind == QLatin1String("logging") ||
                            e.kind == QLatin1String("traffic");
        out += QStringLiteral("    %1 %2|\"%3\"| %4\n")
                   .arg(mermaidId(e.from), dashed ? QStringLiteral("-.->") : QStringLiteral("-->"),
                        mermaidText(edgeLabel(diagram, e)), mermaidId(e.to));
    }
    for (const QString& cls : order) {
        const char* fill = "#ffffff";
        for (Category c : {Category::EntryPoint, Category::Microservice, Category::Messaging, Category::Data,
                           Category::Observability, Category::Client})
            if (QLatin1String(lookOf(c).mermaidClass) == cls) fill = lookOf(c).fill;
        out += QStringLiteral("    classDef %1 fill:%2,stroke:#374151\n").arg(cls, QLatin1String(fill));
        out += QStringLiteral("    class %1 %2\n").arg(classes[cls].join(QLatin1Char(',')), cls);
    }
    return out.toUtf8();
}

QByteArray graphvizDot(const Diagram& diagram)
{
    QString out = QStringLiteral("digraph \"%1\" {\n")
                      .arg(dotText(diagram.name.isEmpty() ? QStringLiteral("microlab") : diagram.name));
    out += QStringLiteral(
        "    rankdir=LR;\n    node [fontname=\"Helvetica\", fontsize=11, style=\"filled\"];\n"
        "    edge [fontname=\"Helvetica\", fontsize=9];\n");
    for (const Node& n : diagram.nodes()) {
        const Category c = categoryOf(n);
        const Look look = lookOf(c);
        out += QStringLiteral("    \"%1\" [label=\"%2\\n%3\", shape=%4, fillcolor=\"%5\"%6];\n")
                   .arg(dotText(n.id.value), dotText(n.displayName()), dotText(kindName(n)),
                        QLatin1String(look.dotShape), QLatin1String(look.fill),
                        c == Category::Microservice || c == Category::EntryPoint
                            ? QStringLiteral(", style=\"filled,rounded\"")
                            : QString());
    }
    for (const Edge& e : diagram.edges()) {
        const bool dashed = e.kind == QLatin1String("dead-letter") || e.kind == QLatin1String("logging") ||
                            e.kind == QLatin1String("traffic");
        out += QStringLiteral("    \"%1\" -> \"%2\" [label=\"%3\"%4];\n")
                   .arg(dotText(e.from.value), dotText(e.to.value), dotText(edgeLabel(diagram, e)),
                        dashed ? QStringLiteral(", style=dashed") : QString());
    }
    out += QStringLiteral("}\n");
    return out.toUtf8();
}

}  // namespace ml::exporting
