// The canvas view: zoom around the cursor, pan (middle button, space + drag), rubber-band
// selection, keyboard shortcuts, clipboard, align/distribute and the palette's drop target.
#pragma once

#include "canvas/DiagramScene.h"

#include <QGraphicsView>

class QTimer;

namespace ml::ui {

class DiagramView : public QGraphicsView {
    Q_OBJECT
public:
    explicit DiagramView(DiagramScene* scene, QWidget* parent = nullptr);
    DiagramScene* diagramScene() const;

    // Adds a node of `kind` (Catalog kind id) at a scene position through an AddNodeCommand; returns its id.
    ml::NodeId addNode(const QString& kind, QPointF scenePos);
    ml::NodeId addNodeAtCenter(const QString& kind);

    double zoomFactor() const;
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

private:
    void pasteFragment(const ml::Diagram& fragment, QPointF offset);
    enum class Arrange { Left, Top, CenterX, CenterY, DistributeX, DistributeY };
    void arrange(Arrange how);
    void nudge(int key, bool fine);

    QTimer* m_zoomSettle;
    bool m_spaceDown = false;
    bool m_panning = false;
    QPoint m_panLast;
    int m_pasteCount = 0;
};

}  // namespace ml::ui
