#include "start/Thumbnail.h"

#include "canvas/CanvasStyle.h"
#include "canvas/DiagramScene.h"
#include "model/DiagramModel.h"

#include <QPainter>
#include <QUndoStack>

namespace ml::ui {

namespace {

// The editor's scene without the dot grid, which at thumbnail scale is only noise.
class ThumbnailScene : public DiagramScene {
public:
    using DiagramScene::DiagramScene;

protected:
    void drawBackground(QPainter* painter, const QRectF& rect) override
    {
        painter->fillRect(rect, canvas::colors().background);
    }
};

}  // namespace

QImage diagramThumbnail(const Diagram& diagram, QSize size, double devicePixelRatio)
{
    QImage image(size * devicePixelRatio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(devicePixelRatio);
    image.fill(canvas::colors().background);
    DiagramModel model;
    model.setDiagram(diagram);
    QUndoStack undo;
    ThumbnailScene scene(&model, &undo);
    const QRectF source = scene.itemsBoundingRectWithMargin();
    if (source.isEmpty()) return image;
    // Centred, aspect kept, never magnified past 100% (a two-card diagram stays card-sized).
    const QSizeF target = QSizeF(size);
    const double scale = std::min({target.width() / source.width(), target.height() / source.height(), 1.0});
    const QSizeF drawn = source.size() * scale;
    const QRectF into(QPointF((target.width() - drawn.width()) / 2, (target.height() - drawn.height()) / 2), drawn);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    scene.render(&painter, into, source);
    return image;
}

}  // namespace ml::ui
