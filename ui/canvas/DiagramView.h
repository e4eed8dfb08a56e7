// The canvas view: zoom around the cursor, pan (middle button, space + drag), rubber-band
// selection, keyboard shortcuts, clipboard, align/distribute and the palette's drop target.
#pragma once

#include "canvas/DiagramScene.h"

#include <QGraphicsView>

class QLineEdit;
class QMenu;
class QTimer;

namespace ml::ui {

class Minimap;

class DiagramView : public QGraphicsView {
    Q_OBJECT
public:
    explicit DiagramView(DiagramScene* scene, QWidget* parent = nullptr);
    DiagramScene* diagramScene() const;

    // Adds a node of `kind` (Catalog kind id) at a scene position through an AddNodeCommand; returns its id.
    ml::NodeId addNode(const QString& kind, QPointF scenePos);
    ml::NodeId addNodeAtCenter(const QString& kind);

    // ---- direct manipulation (CanvasMenus.cpp) ----
    // The context menu for a point of the viewport: a node's, an edge's or the canvas's. The
    // caller owns it (tests read its actions without opening it).
    QMenu* contextMenuAt(QPoint viewPos);
    // Rename in place: a line editor over the card's name; Enter commits, Escape cancels.
    void startRename(const ml::NodeId& id);
    QLineEdit* renameEditor() const { return m_renameEditor; }
    // The kinds a wire from `source` may end at (quick-add), in Catalog order.
    QStringList quickAddKinds(const ml::NodeId& source) const;
    // Adds a node of `kind` with its input at `scenePos` and wires `source` to it: one undo step.
    ml::NodeId quickAdd(const ml::NodeId& source, const QString& kind, QPointF scenePos);
    // Puts an unconnected node into the edge under `scenePos` (A → node → B) when the Catalog
    // allows both halves; one undo step. False (and nothing changed) otherwise.
    bool spliceIntoEdge(const ml::NodeId& node, QPointF scenePos);
    // The edge under `scenePos` a node of `kind` could go into (not one of `self`'s), or empty.
    ml::EdgeId edgeToSplice(const QString& kind, QPointF scenePos, const ml::NodeId& self = {}) const;
    // Swaps an edge's ends when the Catalog allows the reverse connection.
    bool reverseEdge(const ml::EdgeId& id);
    void selectUpstream();
    void selectDownstream();

    // While a run exists the diagram is read-only: no edit menus, renames or quick-adds, and every
    // edit slot refuses (editRefused). The scene holds the flag (DiagramScene::setReadOnly).
    void setEditable(bool on) { diagramScene()->setReadOnly(!on); }
    bool isEditable() const { return !diagramScene()->isReadOnly(); }

    double zoomFactor() const;
    Minimap* minimap() const { return m_minimap; }
    void setZoom(double factor, QPointF anchorViewPos);

public slots:
    void zoomIn();
    void zoomOut();
    void zoomToFit();
    void resetZoom();
    void copySelection();
    void cutSelection();
    void paste();
    void duplicateSelection();
    void deleteSelection();
    void selectAll();
    void alignLeft();
    void alignTop();
    void alignCenterHorizontal();
    void alignCenterVertical();
    void distributeHorizontally();
    void distributeVertically();
    void setSnapToGrid(bool on);
    void centerOnNode(const ml::NodeId& id);

signals:
    void zoomChanged(double factor);
    // A paste that added nothing, and why ("Cannot paste: clipboard:/nodes/0/kind: missing; …").
    void pasteRefused(const QString& why);
    // An edit asked for while the diagram is read-only, and why it did nothing.
    void editRefused(const QString& why);
    void inspectRequested();  // "Edit…" in a context menu: show the inspector
    void arrangeRequested();  // "Arrange" in the canvas menu

protected:
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void keyReleaseEvent(QKeyEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void changeEvent(QEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    // True (and editRefused emitted) when the diagram is read-only: the edit must not happen.
    bool refuseEdit();
    void pasteFragment(const ml::Diagram& fragment, QPointF offset);
    enum class Arrange { Left, Top, CenterX, CenterY, DistributeX, DistributeY };
    void arrange(Arrange how);
    void nudge(int key, bool fine);

    void placeMinimap();
    void showQuickAdd(const ml::NodeId& source, QPointF scenePos);
    void selectAlongEdges(bool downstream);
    void finishRename(bool commit);
    QMenu* nodeMenu(const ml::NodeId& id);
    QMenu* edgeMenu(const ml::EdgeId& id);
    QMenu* canvasMenu(QPointF scenePos);

    QTimer* m_zoomSettle;
    Minimap* m_minimap;
    QLineEdit* m_renameEditor = nullptr;
    ml::NodeId m_renaming;
    bool m_spaceDown = false;
    bool m_panning = false;
    QPoint m_panLast;
    int m_pasteCount = 0;
};

}  // namespace ml::ui
