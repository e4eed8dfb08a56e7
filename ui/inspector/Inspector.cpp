#include "inspector/Inspector.h"

#include "commands/DiagramCommands.h"
#include "commands/EditCommands.h"

#include <QEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QScrollArea>
#include <QVBoxLayout>

namespace ml::ui {

Inspector::Inspector(DiagramModel* model, QUndoStack* undo, QWidget* parent)
    : QWidget(parent), m_model(model), m_undo(undo)
{
    setObjectName(QStringLiteral("inspector"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("inspectorScroll"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(m_scroll);
    setMinimumWidth(260);

    connect(m_model, &DiagramModel::reset, this, &Inspector::showDiagram);
    connect(m_model, &DiagramModel::nodeRenamed, this, &Inspector::onNodeRenamed);
    connect(m_model, &DiagramModel::nodeRemoved, this, &Inspector::onNodeRemoved);
    connect(m_model, &DiagramModel::edgeRemoved, this, &Inspector::onEdgeRemoved);
    connect(m_model, &DiagramModel::nodeAdded, this, &Inspector::refresh);
    connect(m_model, &DiagramModel::edgeAdded, this, &Inspector::refresh);
    connect(m_model, &DiagramModel::metaChanged, this, &Inspector::refresh);
    connect(m_model, &DiagramModel::nodeChanged, this, [this](const NodeId& id) {
        const Edge* e = m_edge.isEmpty() ? nullptr : m_model->diagram().edge(m_edge);
        if (id == m_node || (e && (e->from == id || e->to == id)) || (m_node.isEmpty() && m_edge.isEmpty())) refresh();
    });
    connect(m_model, &DiagramModel::edgeChanged, this, [this](const EdgeId& id) {
        if (id == m_edge) refresh();
    });
    rebuild();
}

void Inspector::setCurrent(const NodeId& node, const EdgeId& edge)
{
    if (!node.isEmpty())
        showNode(node);
    else if (!edge.isEmpty())
        showEdge(edge);
    else
        showDiagram();
}

void Inspector::showNode(const NodeId& id)
{
    if (!m_model->diagram().node(id)) return showDiagram();
    if (m_node == id && m_edge.isEmpty() && m_page.widget) return refresh();
    m_node = id;
    m_edge = EdgeId();
    rebuild();
}

void Inspector::showEdge(const EdgeId& id)
{
    if (!m_model->diagram().edge(id)) return showDiagram();
    if (m_edge == id && m_node.isEmpty() && m_page.widget) return refresh();
    m_edge = id;
    m_node = NodeId();
    rebuild();
}

void Inspector::showDiagram()
{
    const bool same = m_node.isEmpty() && m_edge.isEmpty() && m_page.widget && m_page.diagramName;
    m_node = NodeId();
    m_edge = EdgeId();
    if (same) return refresh();
    rebuild();
}

void Inspector::rebuild()
{
    // The old page may be the sender of the signal that got us here (a rename committed from
    // its id field), so it goes later, not now.
    if (QWidget* old = m_scroll->takeWidget()) {
        old->hide();
        old->deleteLater();
    }
    m_page = Page();
    auto* page = new QWidget;
    page->setObjectName(QStringLiteral("inspectorContent"));
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(14, 12, 14, 14);
    layout->setSpacing(4);
    m_page.widget = page;

    const Diagram& d = m_model->diagram();
    if (const Node* n = m_node.isEmpty() ? nullptr : d.node(m_node))
        buildNodePage(layout, *n);
    else if (const Edge* e = m_edge.isEmpty() ? nullptr : d.edge(m_edge))
        buildEdgePage(layout, *e);
    else
        buildDiagramPage(layout);
    layout->addStretch(1);
    m_scroll->setWidget(page);
    refresh();
}

void Inspector::refresh()
{
    if (!m_page.widget) return;
    const Diagram& d = m_model->diagram();
    if (const Node* n = m_node.isEmpty() ? nullptr : d.node(m_node)) {
        if (m_page.title) m_page.title->setText(n->displayName());
        if (m_page.id && !m_page.id->isModified()) m_page.id->setText(n->id.value);
        if (m_page.name && !m_page.name->isModified()) {
            m_page.name->setText(n->name);
            m_page.name->setPlaceholderText(n->id.value);
        }
        for (ConfigRow* row : m_page.rows) {
            row->setDiagram(&d, n->id);
            auto it = n->config.find(toStd(row->key().name));
            row->setValue(it == n->config.end() ? Json() : *it);
        }
    } else if (const Edge* e = m_edge.isEmpty() ? nullptr : d.edge(m_edge)) {
        const Node* from = d.node(e->from);
        const Node* to = d.node(e->to);
        const QString title = QStringLiteral("%1 → %2").arg(from ? from->displayName() : e->from.value,
                                                            to ? to->displayName() : e->to.value);
        if (m_page.title) m_page.title->setText(title);
        if (m_page.endpoints) m_page.endpoints->setText(QStringLiteral("%1 → %2").arg(e->from.value, e->to.value));
        for (ConfigRow* row : m_page.rows) {
            row->setDiagram(&d, e->from);
            auto it = e->config.find(toStd(row->key().name));
            row->setValue(it == e->config.end() ? Json() : *it);
        }
    } else {
        if (m_page.title)
            m_page.title->setText(!d.name.isEmpty()           ? d.name
                                  : !m_documentName.isEmpty() ? m_documentName
                                                              : tr("Untitled diagram"));
        if (m_page.diagramName && !m_page.diagramName->isModified()) m_page.diagramName->setText(d.name);
        if (m_page.description && !m_page.description->hasFocus() && m_page.description->toPlainText() != d.description)
            m_page.description->setPlainText(d.description);
        if (m_page.summary) m_page.summary->setText(summaryText());
    }
}

ConfigRow* Inspector::row(const QString& key) const
{
    for (ConfigRow* r : m_page.rows)
        if (r->key().name == key) return r;
    return nullptr;
}

QString Inspector::idError() const
{
    return m_page.idError && !m_page.idError->isHidden() ? m_page.idError->text() : QString();
}

QString Inspector::title() const { return m_page.title ? m_page.title->text() : QString(); }

void Inspector::setDocumentName(const QString& name)
{
    if (name == m_documentName) return;
    m_documentName = name;
    refresh();
}

void Inspector::commitId()
{
    const Node* n = m_model->diagram().node(m_node);
    if (!n || !m_page.id) return;
    const QString text = m_page.id->text().trimmed();
    auto fail = [this](const QString& message) {
        m_page.idError->setText(message);
        m_page.idError->show();
    };
    m_page.idError->hide();
    if (text == n->id.value) {
        m_page.id->setModified(false);
        return;
    }
    static const QRegularExpression valid(QStringLiteral("^[a-z0-9-]+$"));
    if (text.isEmpty()) return fail(tr("A node needs an id."));
    if (!valid.match(text).hasMatch())
        return fail(tr("Use lowercase letters, digits and “-” only, like “image-jobs”."));
    if (m_model->diagram().node(NodeId(text))) return fail(tr("“%1” is already the id of another node.").arg(text));
    const bool hadFocus = m_page.id->hasFocus();
    m_undo->push(new RenameNodeCommand(m_model, n->id, NodeId(text)));
    if (hadFocus && m_page.id) m_page.id->setFocus();
}

void Inspector::commitName()
{
    const Node* n = m_model->diagram().node(m_node);
    if (!n || !m_page.name) return;
    const QString text = m_page.name->text().trimmed();
    m_page.name->setModified(false);
    if (text == n->name) return;
    m_undo->push(new SetNodeNameCommand(m_model, n->id, text));
}

void Inspector::commitMeta()
{
    if (!m_page.diagramName || !m_page.description) return;
    const QString name = m_page.diagramName->text().trimmed();
    const QString description = m_page.description->toPlainText().trimmed();
    m_page.diagramName->setModified(false);
    const Diagram& d = m_model->diagram();
    if (name == d.name && description == d.description) return;
    m_undo->push(new SetDiagramMetaCommand(m_model, name, description));
}

bool Inspector::eventFilter(QObject* watched, QEvent* event)
{
    if (m_page.description && watched == m_page.description && event->type() == QEvent::FocusOut) commitMeta();
    return QWidget::eventFilter(watched, event);
}

void Inspector::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    // Icons and muted colours are drawn for one palette.
    if (event->type() == QEvent::PaletteChange && m_page.widget) rebuild();
}

void Inspector::onNodeRenamed(const NodeId& from, const NodeId& to)
{
    const Edge* e = m_edge.isEmpty() ? nullptr : m_model->diagram().edge(m_edge);
    if (m_node == from) {
        // Rows write to the node they were built for; build them again for the new id.
        m_node = to;
        const bool focus = m_page.id && m_page.id->hasFocus();
        rebuild();
        if (focus && m_page.id) m_page.id->setFocus();
    } else if (e && (e->from == to || e->to == to)) {
        rebuild();
    } else {
        refresh();
    }
}

void Inspector::onNodeRemoved(const NodeId& id)
{
    if (id == m_node)
        showDiagram();
    else if (!m_edge.isEmpty() && !m_model->diagram().edge(m_edge))
        showDiagram();
    else
        refresh();
}

void Inspector::onEdgeRemoved(const EdgeId& id)
{
    if (id == m_edge)
        showDiagram();
    else
        refresh();
}

}  // namespace ml::ui
