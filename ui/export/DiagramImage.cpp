#include "export/DiagramImage.h"

#include "canvas/DiagramScene.h"
#include "canvas/EdgeItem.h"
#include "canvas/NodeItem.h"
#include "model/DiagramModel.h"

#include <QBuffer>
#include <QImage>
#include <QPainter>
#include <QSet>
#include <QSvgGenerator>
#include <QUndoStack>

namespace ml::exporting {

namespace {

// The editor's scene without the dot grid: an exported picture has a plain background.
class ExportScene : public ui::DiagramScene {
public:
    ExportScene(DiagramModel* model, QUndoStack* undo, bool transparent)
        : ui::DiagramScene(model, undo), m_transparent(transparent)
    {
    }

protected:
    void drawBackground(QPainter* painter, const QRectF& rect) override
    {
        if (!m_transparent) painter->fillRect(rect, Qt::white);
    }

private:
    bool m_transparent;
};

struct Prepared {
    DiagramModel model;
    QUndoStack undo;
    std::unique_ptr<ExportScene> scene;
    QRectF source;
};

// Builds the scene and works out the part of it to render; hides what is not selected.
std::unique_ptr<Prepared> prepare(const Diagram& diagram, const ImageOptions& options)
{
    auto p = std::make_unique<Prepared>();
    p->model.setDiagram(diagram);
    p->scene = std::make_unique<ExportScene>(&p->model, &p->undo, options.transparent);
    p->scene->clearSelection();
    if (options.selection.empty()) {
        p->source = p->scene->itemsBoundingRectWithMargin();
    } else {
        QSet<QString> chosen;
        for (const NodeId& id : options.selection) chosen.insert(id.value);
        QRectF r;
        for (const Node& n : diagram.nodes()) {
            ui::NodeItem* item = p->scene->nodeItem(n.id);
            if (!item) continue;
            item->setVisible(chosen.contains(n.id.value));
            if (item->isVisible()) r |= item->sceneCardRect();
        }
        for (const Edge& e : diagram.edges()) {
            ui::EdgeItem* item = p->scene->edgeItem(e.id);
            if (!item) continue;
            item->setVisible(chosen.contains(e.from.value) && chosen.contains(e.to.value));
            if (item->isVisible()) r |= item->sceneBoundingRect();
        }
        p->source = r.isNull() ? QRectF() : r.adjusted(-40, -40, 40, 40);
    }
    if (p->source.isEmpty()) p->source = QRectF(0, 0, 200, 120);
    return p;
}

}  // namespace

QByteArray diagramSvg(const Diagram& diagram, const ImageOptions& options)
{
    auto p = prepare(diagram, options);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    // QSvgGenerator (Qt 6.4) writes <title> and <desc> as given: a "&" or "<" in a name or
    // description would make the SVG ill-formed.
    svg.setTitle(diagram.name.toHtmlEscaped());
    svg.setDescription(diagram.description.toHtmlEscaped());
    const QSize size = p->source.size().toSize();
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    {
        QPainter painter(&svg);
        painter.setRenderHint(QPainter::Antialiasing);
        p->scene->render(&painter, QRectF(QPointF(0, 0), p->source.size()), p->source);
    }
    return buffer.data();
}

QByteArray diagramPng(const Diagram& diagram, const ImageOptions& options)
{
    auto p = prepare(diagram, options);
    const QSize size = (p->source.size() * options.scale).toSize();
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(options.transparent ? Qt::transparent : Qt::white);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        p->scene->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), p->source);
    }
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return buffer.data();
}

}  // namespace ml::exporting
