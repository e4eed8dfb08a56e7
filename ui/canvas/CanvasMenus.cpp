// Direct manipulation on the canvas (issue 11): context menus on nodes, edges and the canvas,
// rename in place, quick-add when a wire is let go on empty canvas (Node-RED's), splicing a node
// into an edge, and selecting what lies upstream or downstream. Every edit is one undo step.
#include "canvas/CanvasStyle.h"
#include "canvas/DiagramView.h"
#include "canvas/EdgeItem.h"
#include "canvas/NodeItem.h"
#include "commands/EditCommands.h"
#include "model/Catalog.h"

#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMenu>
#include <QSet>

#include <cmath>
#include <deque>
#include <map>

namespace ml::ui {

using namespace canvas;

namespace {

NodeItem* nodeItemAt(QGraphicsScene* scene, QPointF p)
{
    for (QGraphicsItem* item : scene->items(p)) {
        if (item->type() == NodeItem::Type) return static_cast<NodeItem*>(item);
        if (item->parentItem() && item->parentItem()->type() == NodeItem::Type)
            return static_cast<NodeItem*>(item->parentItem());
    }
    return nullptr;
}

EdgeItem* edgeItemAt(QGraphicsScene* scene, QPointF p)
{
    for (QGraphicsItem* item : scene->items(p))
        if (item->type() == EdgeItem::Type) return static_cast<EdgeItem*>(item);
    return nullptr;
}

}  // namespace

QMenu* DiagramView::contextMenuAt(QPoint viewPos)
{
    const QPointF p = mapToScene(viewPos);
    QMenu* menu = nullptr;
    if (NodeItem* n = nodeItemAt(scene(), p)) {
        if (!n->isSelected()) diagramScene()->selectNode(n->id(), false);
        menu = nodeMenu(n->id());
    } else if (EdgeItem* e = edgeItemAt(scene(), p)) {
        diagramScene()->selectEdge(e->id(), false);
        menu = edgeMenu(e->id());
    } else {
        menu = canvasMenu(p);
    }
    // Read-only (a run exists): the edit entries stay visible, greyed; their slots refuse anyway.
    if (!isEditable())
        for (const char* name :
             {"renameNode", "duplicateNode", "deleteNode", "reverseEdge", "deleteEdge", "pasteHere", "arrangeCanvas"})
            if (auto* a = menu->findChild<QAction*>(QString::fromLatin1(name))) a->setEnabled(false);
    if (!isEditable())
        if (auto* add = menu->findChild<QMenu*>(QStringLiteral("addNodeMenu"))) add->setEnabled(false);
    return menu;
}

void DiagramView::contextMenuEvent(QContextMenuEvent* event)
{
    if (!isEditable()) {
        event->ignore();
        return;
    }
    QMenu* menu = contextMenuAt(event->pos());
    menu->exec(event->globalPos());
    delete menu;
    event->accept();
}

QMenu* DiagramView::nodeMenu(const NodeId& id)
{
    auto* menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("nodeMenu"));
    auto add = [&](const char* name, const QString& text, auto slot) {
        QAction* a = menu->addAction(text, this, slot);
        a->setObjectName(QString::fromLatin1(name));
        return a;
    };
    add("renameNode", tr("Rename"), [this, id] { startRename(id); })->setShortcut(QKeySequence(Qt::Key_F2));
    add("duplicateNode", tr("Duplicate"), [this] { duplicateSelection(); })->setShortcut(QKeySequence(tr("Ctrl+D")));
    add("deleteNode", tr("Delete"), [this] { deleteSelection(); })->setShortcut(QKeySequence::Delete);
    menu->addSeparator();
    add("selectUpstream", tr("Select Upstream"), [this] { selectUpstream(); });
    add("selectDownstream", tr("Select Downstream"), [this] { selectDownstream(); });
    menu->addSeparator();
    add("inspectNode", tr("Edit in Inspector"), [this] { emit inspectRequested(); });
    return menu;
}

QMenu* DiagramView::edgeMenu(const EdgeId& id)
{
    auto* menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("edgeMenu"));
    QAction* edit = menu->addAction(tr("Edit in Inspector"), this, [this] { emit inspectRequested(); });
    edit->setObjectName(QStringLiteral("inspectEdge"));
    QAction* reverse = menu->addAction(tr("Reverse"), this, [this, id] { reverseEdge(id); });
    reverse->setObjectName(QStringLiteral("reverseEdge"));
    const Diagram& d = diagramScene()->model()->diagram();
    const Edge* e = d.edge(id);
    const Node* from = e ? d.node(e->from) : nullptr;
    const Node* to = e ? d.node(e->to) : nullptr;
    const bool legal = from && to && Catalog::instance().canConnect(to->kind, from->kind).allowed;
    reverse->setEnabled(legal);
    if (!legal && from && to) reverse->setToolTip(Catalog::instance().canConnect(to->kind, from->kind).reason);
    menu->addSeparator();
    QAction* del = menu->addAction(tr("Delete"), this, [this] { deleteSelection(); });
    del->setObjectName(QStringLiteral("deleteEdge"));
    del->setShortcut(QKeySequence::Delete);
    return menu;
}

QMenu* DiagramView::canvasMenu(QPointF scenePos)
{
    auto* menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("canvasMenu"));
    QAction* paste = menu->addAction(tr("Paste Here"), this, [this] { this->paste(); });
    paste->setObjectName(QStringLiteral("pasteHere"));
    paste->setShortcut(QKeySequence::Paste);
    QMenu* add = menu->addMenu(tr("Add Node Here"));
    add->setObjectName(QStringLiteral("addNodeMenu"));
    std::map<int, QMenu*> byCategory;
    for (const KindInfo& k : Catalog::instance().kinds()) {
        QMenu*& sub = byCategory[int(k.category)];
        if (!sub) sub = add->addMenu(categoryName(k.category));
        QAction* a = sub->addAction(k.displayName, this, [this, kind = k.id, scenePos] { addNode(kind, scenePos); });
        a->setObjectName(QStringLiteral("add-") + k.id);
    }
    menu->addSeparator();
    QAction* arrange = menu->addAction(tr("Arrange"), this, [this] { emit arrangeRequested(); });
    arrange->setObjectName(QStringLiteral("arrangeCanvas"));
    QAction* fit = menu->addAction(tr("Zoom to Fit"), this, [this] { zoomToFit(); });
    fit->setObjectName(QStringLiteral("zoomFitCanvas"));
    QAction* all = menu->addAction(tr("Select All"), this, [this] { selectAll(); });
    all->setObjectName(QStringLiteral("selectAllCanvas"));
    return menu;
}

// ---- rename in place ----

void DiagramView::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && isEditable() && !diagramScene()->isConnecting()) {
        if (NodeItem* n = nodeItemAt(scene(), mapToScene(event->position().toPoint()))) {
            startRename(n->id());
            event->accept();
            return;
        }
    }
    QGraphicsView::mouseDoubleClickEvent(event);
}

void DiagramView::startRename(const NodeId& id)
{
    NodeItem* item = diagramScene()->nodeItem(id);
    const Node* n = diagramScene()->model()->diagram().node(id);
    if (!item || !n || !isEditable()) return;
    if (m_renameEditor) finishRename(false);
    m_renaming = id;
    m_renameEditor = new QLineEdit(viewport());
    m_renameEditor->setObjectName(QStringLiteral("renameEditor"));
    m_renameEditor->setText(n->displayName());
    m_renameEditor->selectAll();
    // Over the card's text column, a little taller than the name line.
    const QRectF card = item->sceneCardRect();
    const QRect r =
        mapFromScene(QRectF(card.left() + 44, card.top() + 6, card.width() - 50, card.height() - 12)).boundingRect();
    m_renameEditor->setGeometry(r.left(), r.center().y() - m_renameEditor->sizeHint().height() / 2, r.width(),
                                m_renameEditor->sizeHint().height());
    m_renameEditor->installEventFilter(this);
    connect(m_renameEditor, &QLineEdit::returnPressed, this, [this] { finishRename(true); });
    connect(m_renameEditor, &QLineEdit::editingFinished, this, [this] { finishRename(true); });
    m_renameEditor->show();
    m_renameEditor->setFocus();
}

void DiagramView::finishRename(bool commit)
{
    if (!m_renameEditor) return;
    QLineEdit* editor = m_renameEditor;
    m_renameEditor = nullptr;  // editingFinished fires again while it goes away
    const QString name = editor->text().trimmed();
    editor->hide();
    editor->deleteLater();
    setFocus();
    const Node* n = diagramScene()->model()->diagram().node(m_renaming);
    if (!commit || !n || name == n->displayName() || refuseEdit()) return;
    // An empty name goes back to showing the id.
    diagramScene()->undoStack()->push(
        new SetNodeNameCommand(diagramScene()->model(), m_renaming, name == n->id.value ? QString() : name));
}

bool DiagramView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_renameEditor && event->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent*>(event)->key() == Qt::Key_Escape) {
        finishRename(false);
        return true;
    }
    return QGraphicsView::eventFilter(watched, event);
}

// ---- quick-add and splice ----

QStringList DiagramView::quickAddKinds(const NodeId& source) const
{
    QStringList out;
    const Node* from = diagramScene()->model()->diagram().node(source);
    if (!from) return out;
    for (const KindInfo& k : Catalog::instance().kinds())
        if (Catalog::instance().canConnect(from->kind, k.id).allowed) out << k.id;
    return out;
}

NodeId DiagramView::quickAdd(const NodeId& source, const QString& kind, QPointF scenePos)
{
    DiagramScene* s = diagramScene();
    const Diagram& d = s->model()->diagram();
    if (!d.node(source) || !Catalog::instance().canConnect(d.node(source)->kind, kind).allowed || refuseEdit())
        return {};
    Node node;
    node.kind = kind;
    node.id = d.uniqueNodeId(kind);
    // The new card's input port lands where the wire was let go.
    QPointF topLeft = scenePos - QPointF(0, kNodeHeight / 2);
    if (s->snapToGrid()) topLeft = s->snapped(topLeft);
    node.x = std::round(topLeft.x());
    node.y = std::round(topLeft.y());
    const NodeId id = node.id;
    QUndoStack* undo = s->undoStack();
    undo->beginMacro(tr("Add %1 after %2").arg(id.value, source.value));
    undo->push(new AddNodeCommand(s->model(), std::move(node)));
    undo->push(new AddEdgeCommand(s->model(), s->makeEdge(source, id)));
    undo->endMacro();
    s->selectNode(id, false);
    return id;
}

void DiagramView::showQuickAdd(const NodeId& source, QPointF scenePos)
{
    const QStringList kinds = quickAddKinds(source);
    if (kinds.isEmpty() || !isEditable()) return;
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("quickAddMenu"));
    menu.addSection(tr("Add and connect"));
    for (const QString& k : kinds) {
        const KindInfo* info = Catalog::instance().kind(k);
        QAction* a = menu.addAction(info->displayName);
        a->setObjectName(QStringLiteral("quick-") + k);
        a->setData(k);
    }
    QAction* picked = menu.exec(viewport()->mapToGlobal(mapFromScene(scenePos)));
    if (picked) quickAdd(source, picked->data().toString(), scenePos);
}

EdgeId DiagramView::edgeToSplice(const QString& kind, QPointF scenePos, const NodeId& self) const
{
    const Diagram& d = diagramScene()->model()->diagram();
    const Catalog& catalog = Catalog::instance();
    for (QGraphicsItem* item : scene()->items(scenePos)) {
        if (item->type() != EdgeItem::Type) continue;
        const Edge* e = d.edge(static_cast<EdgeItem*>(item)->id());
        if (!e || e->from == self || e->to == self) continue;
        const Node* a = d.node(e->from);
        const Node* b = d.node(e->to);
        if (a && b && catalog.canConnect(a->kind, kind).allowed && catalog.canConnect(kind, b->kind).allowed)
            return e->id;
    }
    return {};
}

bool DiagramView::spliceIntoEdge(const NodeId& nodeId, QPointF scenePos)
{
    DiagramScene* s = diagramScene();
    const Diagram& d = s->model()->diagram();
    const Node* n = d.node(nodeId);
    if (!n || !d.edgesFrom(nodeId).empty() || !d.edgesTo(nodeId).empty()) return false;
    const Edge* e = d.edge(edgeToSplice(n->kind, scenePos, nodeId));
    if (!e || refuseEdit()) return false;
    const Catalog& catalog = Catalog::instance();
    Edge first = s->makeEdge(e->from, nodeId);
    // The first half keeps the settings its kind also has (a router edge's actions).
    if (e->config.is_object())
        for (const ConfigKey& k : catalog.edgeConfigKeys(d.node(e->from)->kind, n->kind, first.kind))
            if (e->config.contains(toStd(k.name))) first.config[toStd(k.name)] = e->config[toStd(k.name)];
    const Edge second = s->makeEdge(nodeId, e->to);
    const EdgeId old = e->id;
    QUndoStack* undo = s->undoStack();
    undo->beginMacro(tr("Insert %1 into %2").arg(nodeId.value, old.value));
    undo->push(new RemoveItemsCommand(s->model(), {}, {old}));
    undo->push(new AddEdgeCommand(s->model(), first));
    undo->push(new AddEdgeCommand(s->model(), second));
    undo->endMacro();
    return true;
}

bool DiagramView::reverseEdge(const EdgeId& id)
{
    DiagramScene* s = diagramScene();
    const Diagram& d = s->model()->diagram();
    const Edge* e = d.edge(id);
    if (!e || !d.node(e->from) || !d.node(e->to)) return false;
    if (!Catalog::instance().canConnect(d.node(e->to)->kind, d.node(e->from)->kind).allowed || refuseEdit())
        return false;
    const Edge reversed = s->makeEdge(e->to, e->from);
    QUndoStack* undo = s->undoStack();
    undo->beginMacro(tr("Reverse %1").arg(id.value));
    undo->push(new RemoveItemsCommand(s->model(), {}, {id}));
    auto* add = new AddEdgeCommand(s->model(), reversed);
    const EdgeId created = add->edgeId();
    undo->push(add);
    undo->endMacro();
    s->selectEdge(created, false);
    return true;
}

// ---- select along the edges ----

void DiagramView::selectUpstream() { selectAlongEdges(false); }
void DiagramView::selectDownstream() { selectAlongEdges(true); }

void DiagramView::selectAlongEdges(bool downstream)
{
    DiagramScene* s = diagramScene();
    const Diagram& d = s->model()->diagram();
    std::deque<NodeId> pending;
    QSet<QString> seen;
    for (const NodeId& id : s->selectedNodes()) {
        pending.push_back(id);
        seen.insert(id.value);
    }
    while (!pending.empty()) {
        const NodeId at = pending.front();
        pending.pop_front();
        for (const Edge* e : downstream ? d.edgesFrom(at) : d.edgesTo(at)) {
            const NodeId next = downstream ? e->to : e->from;
            if (seen.contains(next.value)) continue;
            seen.insert(next.value);
            pending.push_back(next);
        }
    }
    for (const QString& id : seen)
        if (NodeItem* item = s->nodeItem(NodeId(id))) item->setSelected(true);
}

}  // namespace ml::ui
