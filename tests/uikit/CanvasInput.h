// Real input on the canvas, as a person gives it, for the suites that drive a DiagramView: where
// a node's card is, dragging a wire from a node's output port, dropping a palette kind.
#pragma once

#include "canvas/Clipboard.h"
#include "canvas/DiagramScene.h"
#include "canvas/DiagramView.h"
#include "canvas/NodeItem.h"

#include <QApplication>
#include <QMimeData>
#include <QTest>

namespace ml::ui::test {

// The view position of the centre of node `id`'s card.
inline QPoint centreOf(const DiagramView& view, const DiagramScene& scene, const char* id)
{
    return view.mapFromScene(scene.nodeItem(NodeId(QString::fromLatin1(id)))->sceneCardRect().center());
}

// The view position of node `id`'s output port.
inline QPoint outputPortOf(const DiagramView& view, const DiagramScene& scene, const char* id)
{
    return view.mapFromScene(scene.nodeItem(NodeId(QString::fromLatin1(id)))->outputPortScenePos());
}

// Presses on `from`'s output port, moves through the midpoint to `to` and lets go there.
inline void dragPort(DiagramView& view, const DiagramScene& scene, const char* from, QPoint to)
{
    QWidget* vp = view.viewport();
    const QPoint start = outputPortOf(view, scene, from);
    QTest::mousePress(vp, Qt::LeftButton, {}, start);
    QTest::mouseMove(vp, (start + to) / 2);
    QTest::mouseMove(vp, to);
    QTest::mouseRelease(vp, Qt::LeftButton, {}, to);
}

// Drags a palette entry of `kind` in and drops it at `pos` (enter, move, drop).
inline void dropKind(DiagramView& view, const QString& kind, QPoint pos)
{
    QWidget* vp = view.viewport();
    QMimeData mime;
    mime.setData(QString::fromLatin1(clipboard::kKindMime), kind.toUtf8());
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, {});
    QApplication::sendEvent(vp, &enter);
    QDragMoveEvent move(pos, Qt::CopyAction, &mime, Qt::LeftButton, {});
    QApplication::sendEvent(vp, &move);
    QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, {});
    QApplication::sendEvent(vp, &drop);
}

}  // namespace ml::ui::test
