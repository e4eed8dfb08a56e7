// The three pages of the inspector: a node, an edge, and the diagram itself.
#include "Theme.h"
#include "commands/EditCommands.h"
#include "inspector/Inspector.h"
#include "model/Catalog.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

#include <algorithm>
#include <map>

namespace ml::ui {

namespace {

QLabel* caption(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setObjectName(QStringLiteral("keyCaption"));
    label->setWordWrap(true);
    return label;
}

QLabel* fieldLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setObjectName(QStringLiteral("keyLabel"));
    return label;
}

// The keys every microservice kind has (timeout, latency, …): the inspector shows a kind's own
// keys first, under its name, and these below under "Function".
bool isSharedFunctionKey(const QString& key)
{
    static const QStringList shared = [] {
        QStringList common;
        bool first = true;
        for (const KindInfo& k : Catalog::instance().kinds()) {
            if (!k.isFunction) continue;
            QStringList names;
            for (const ConfigKey& c : k.config) names << c.name;
            if (first)
                common = names;
            else
                common.erase(
                    std::remove_if(common.begin(), common.end(), [&](const QString& n) { return !names.contains(n); }),
                    common.end());
            first = false;
        }
        return common;
    }();
    return shared.contains(key);
}

}  // namespace

void Inspector::addHeader(QVBoxLayout* layout, const QIcon& icon, const QString& help)
{
    QWidget* page = m_page.widget;
    auto* row = new QHBoxLayout;
    row->setSpacing(10);
    auto* iconLabel = new QLabel(page);
    iconLabel->setPixmap(icon.pixmap(QSize(40, 40), devicePixelRatioF()));
    iconLabel->setFixedSize(40, 40);
    row->addWidget(iconLabel, 0, Qt::AlignTop);
    auto* titles = new QVBoxLayout;
    titles->setSpacing(0);
    m_page.title = new QLabel(page);
    m_page.title->setObjectName(QStringLiteral("inspectorTitle"));
    m_page.title->setWordWrap(true);
    m_page.title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_page.subtitle = new QLabel(page);
    m_page.subtitle->setObjectName(QStringLiteral("inspectorSubtitle"));
    m_page.subtitle->setWordWrap(true);
    titles->addWidget(m_page.title);
    titles->addWidget(m_page.subtitle);
    row->addLayout(titles, 1);
    layout->addLayout(row);
    if (!help.isEmpty()) {
        auto* helpLabel = new QLabel(help, page);
        helpLabel->setObjectName(QStringLiteral("inspectorHelp"));
        helpLabel->setWordWrap(true);
        layout->addSpacing(4);
        layout->addWidget(helpLabel);
    }
}

void Inspector::addSection(QVBoxLayout* layout, const QString& title)
{
    auto* label = new QLabel(title.toUpper(), m_page.widget);
    label->setObjectName(QStringLiteral("sectionHeader"));
    label->setIndent(0);
    layout->addSpacing(8);
    layout->addWidget(label);
}

void Inspector::buildNodePage(QVBoxLayout* layout, const Node& node)
{
    const KindInfo* kind = Catalog::instance().kind(node.kind);
    QWidget* page = m_page.widget;
    addHeader(layout, kindIcon(node.kind), kind ? kind->help : tr("This kind is not in the Catalog."));
    m_page.subtitle->setText(kind ? QStringLiteral("%1 · %2").arg(kind->displayName, categoryName(kind->category))
                                  : tr("Unknown kind “%1”").arg(node.kind));

    addSection(layout, tr("Identity"));
    layout->addWidget(fieldLabel(tr("ID"), page));
    m_page.id = new QLineEdit(page);
    m_page.id->setObjectName(QStringLiteral("nodeIdEdit"));
    m_page.id->setToolTip(tr("The node's unique id in the project file"));
    layout->addWidget(m_page.id);
    m_page.idError = new QLabel(page);
    m_page.idError->setObjectName(QStringLiteral("keyError"));
    m_page.idError->setWordWrap(true);
    m_page.idError->hide();
    layout->addWidget(m_page.idError);
    layout->addWidget(
        caption(tr("Lowercase letters, digits and “-”. Renaming updates every edge and reference."), page));
    connect(m_page.id, &QLineEdit::editingFinished, this, &Inspector::commitId);
    connect(m_page.id, &QLineEdit::textEdited, this, [this] { m_page.idError->hide(); });

    layout->addSpacing(6);
    layout->addWidget(fieldLabel(tr("Name"), page));
    m_page.name = new QLineEdit(page);
    m_page.name->setObjectName(QStringLiteral("nodeNameEdit"));
    m_page.name->setClearButtonEnabled(true);
    layout->addWidget(m_page.name);
    layout->addWidget(caption(tr("Shown on the canvas; the id shows when it is empty."), page));
    connect(m_page.name, &QLineEdit::editingFinished, this, &Inspector::commitName);

    if (!kind) return;
    const NodeId id = node.id;
    std::vector<ConfigKey> shared, own;
    for (const ConfigKey& k : kind->config)
        (kind->isFunction && isSharedFunctionKey(k.name) ? shared : own).push_back(k);
    auto writer = [this, id](const QString& key) {
        return [this, id, key](const Json& value) { m_undo->push(new SetNodeConfigCommand(m_model, id, key, value)); };
    };
    auto add = [&](const std::vector<ConfigKey>& keys) {
        for (const ConfigKey& key : keys) {
            auto* row = new ConfigRow(key, writer(key.name), page);
            layout->addWidget(row);
            m_page.rows.push_back(row);
        }
    };
    if (!own.empty()) {
        addSection(layout, kind->isFunction ? kind->displayName : tr("Configuration"));
        add(own);
    }
    if (!shared.empty()) {
        addSection(layout, tr("Function"));
        add(shared);
    }
    if (own.empty() && shared.empty()) {
        addSection(layout, tr("Configuration"));
        layout->addWidget(caption(tr("A %1 has no settings.").arg(kind->displayName.toLower()), page));
    }
}

QString Inspector::edgeKindOf(const Edge& edge) const
{
    if (!edge.kind.isEmpty()) return edge.kind;
    const Diagram& d = m_model->diagram();
    const Node* from = d.node(edge.from);
    const Node* to = d.node(edge.to);
    if (!from || !to) return QString();
    return Catalog::instance().canConnect(from->kind, to->kind).edgeKind;
}

void Inspector::buildEdgePage(QVBoxLayout* layout, const Edge& edge)
{
    const Catalog& catalog = Catalog::instance();
    const Diagram& d = m_model->diagram();
    const Node* from = d.node(edge.from);
    const Node* to = d.node(edge.to);
    const QString kindId = edgeKindOf(edge);
    const EdgeKindInfo* kind = catalog.edgeKind(kindId);
    QWidget* page = m_page.widget;
    addHeader(layout, kindIcon(from ? from->kind : QString()), kind ? kind->help : QString());
    m_page.subtitle->setText(kind ? kind->displayName : tr("Connection not allowed"));

    addSection(layout, tr("Connection"));
    auto* form = new QFormLayout;
    form->setContentsMargins(0, 4, 0, 0);
    form->setHorizontalSpacing(12);
    form->setVerticalSpacing(6);
    form->setLabelAlignment(Qt::AlignLeft);
    auto endpoint = [&](const Node* n, const NodeId& id) {
        auto* w = new QWidget(page);
        auto* row = new QHBoxLayout(w);
        row->setContentsMargins(0, 0, 0, 0);
        row->setSpacing(6);
        auto* icon = new QLabel(w);
        icon->setPixmap(kindIcon(n ? n->kind : QString()).pixmap(QSize(18, 18), devicePixelRatioF()));
        row->addWidget(icon);
        auto* text =
            new QLabel(n ? (n->name.isEmpty() ? id.value
                                              : QStringLiteral("%1  <span style='color:%2'>%3</span>")
                                                    .arg(n->name.toHtmlEscaped(), mutedTextColor().name(), id.value))
                         : tr("%1 (missing)").arg(id.value),
                       w);
        row->addWidget(text, 1);
        return w;
    };
    form->addRow(fieldLabel(tr("From"), page), endpoint(from, edge.from));
    form->addRow(fieldLabel(tr("To"), page), endpoint(to, edge.to));
    auto* kindLabel = new QLabel(kind ? QStringLiteral("%1  <span style='color:%2'>%3</span>")
                                            .arg(kind->displayName.toHtmlEscaped(), mutedTextColor().name(), kindId)
                                      : tr("—"),
                                 page);
    kindLabel->setToolTip(kind ? kind->help : QString());
    form->addRow(fieldLabel(tr("Kind"), page), kindLabel);
    form->addRow(fieldLabel(tr("Edge ID"), page), new QLabel(edge.id.value, page));
    layout->addLayout(form);
    if (from && to) {
        const QStringList kinds = catalog.edgeKindsFor(from->kind, to->kind);
        if (kinds.size() > 1)
            layout->addWidget(caption(
                tr("Other kinds possible between these nodes: %1.").arg(kinds.mid(1).join(QStringLiteral(", "))),
                page));
    }

    const std::vector<ConfigKey> keys =
        from && to ? catalog.edgeConfigKeys(from->kind, to->kind, kindId) : std::vector<ConfigKey>();
    addSection(layout, tr("Configuration"));
    if (keys.empty()) {
        layout->addWidget(caption(tr("This connection has no settings."), page));
        return;
    }
    const EdgeId id = edge.id;
    for (const ConfigKey& key : keys) {
        const QString name = key.name;
        auto* row = new ConfigRow(
            key,
            [this, id, name](const Json& value) { m_undo->push(new SetEdgeConfigCommand(m_model, id, name, value)); },
            page);
        layout->addWidget(row);
        m_page.rows.push_back(row);
    }
}

QString Inspector::summaryText() const
{
    const Diagram& d = m_model->diagram();
    std::map<int, int> perCategory;
    for (const Node& n : d.nodes())
        if (const KindInfo* k = Catalog::instance().kind(n.kind)) ++perCategory[int(k->category)];
    QStringList lines;
    lines << tr("<b>%1</b> nodes · <b>%2</b> edges").arg(d.nodes().size()).arg(d.edges().size());
    for (const auto& [category, count] : perCategory)
        lines << QStringLiteral("%1 · %2").arg(count).arg(categoryName(Category(category)));
    lines << tr("Seed %1").arg(d.seed);
    return lines.join(QStringLiteral("<br>"));
}

void Inspector::buildDiagramPage(QVBoxLayout* layout)
{
    QWidget* page = m_page.widget;
    addHeader(layout, QIcon(QStringLiteral(":/icons/microlab.svg")), QString());
    m_page.subtitle->setText(tr("Diagram"));

    addSection(layout, tr("Project"));
    layout->addWidget(fieldLabel(tr("Name"), page));
    m_page.diagramName = new QLineEdit(page);
    m_page.diagramName->setObjectName(QStringLiteral("diagramNameEdit"));
    m_page.diagramName->setPlaceholderText(tr("Untitled diagram"));
    layout->addWidget(m_page.diagramName);
    connect(m_page.diagramName, &QLineEdit::editingFinished, this, &Inspector::commitMeta);

    layout->addSpacing(6);
    layout->addWidget(fieldLabel(tr("Description"), page));
    m_page.description = new QPlainTextEdit(page);
    m_page.description->setObjectName(QStringLiteral("diagramDescriptionEdit"));
    m_page.description->setPlaceholderText(tr("What this architecture does, for the next reader"));
    m_page.description->setTabChangesFocus(true);
    m_page.description->setFixedHeight(m_page.description->fontMetrics().lineSpacing() * 5 + 12);
    m_page.description->installEventFilter(this);
    layout->addWidget(m_page.description);

    addSection(layout, tr("Summary"));
    m_page.summary = new QLabel(page);
    m_page.summary->setTextFormat(Qt::RichText);
    m_page.summary->setWordWrap(true);
    layout->addWidget(m_page.summary);

    addSection(layout, tr("Getting started"));
    layout->addWidget(caption(tr("Drag a kind from the palette onto the canvas (or double-click it). Drag from a "
                                 "node's output port onto another node to connect them. Select a node or an edge "
                                 "to edit its settings here."),
                              page));
}

}  // namespace ml::ui
