// The navigator in the canvas's corner: every card as a small box and the visible part of the
// diagram as a frame; click or drag in it to move the view there. The canvas is unbounded (no
// scrollbars), so this is how a user sees where they are and gets back to the diagram.
#pragma once

#include <QWidget>

namespace ml::ui {

class DiagramView;

class Minimap : public QWidget {
    Q_OBJECT
public:
    explicit Minimap(DiagramView* view);

    // The scene rectangle the map shows: the cards and the visible part, with a margin.
    QRectF shownRect() const;
    // Where a point of the map lies in the scene.
    QPointF toScene(QPointF mapPos) const;
    // Follows the scene and the view; hidden while the diagram is empty.
    void refresh();

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    QRectF visibleSceneRect() const;
    double scale() const;
    QPointF offset() const;

    DiagramView* m_view;
};

}  // namespace ml::ui
