#include "canvas/CanvasGrid.h"

#include "canvas/CanvasStyle.h"

#include <QHash>
#include <QImage>
#include <QPainter>

#include <cmath>

namespace ml::ui::canvas {

namespace {

// One antialiased dot, blitted at every grid point: far cheaper than asking the rasteriser for
// thousands of round points.
const QImage& dotSprite(const QColor& color, double diameter, double dpr)
{
    static QHash<QString, QImage> sprites;
    const QString key = QStringLiteral("%1|%2|%3").arg(color.name(QColor::HexArgb)).arg(diameter).arg(dpr);
    auto it = sprites.find(key);
    if (it != sprites.end()) return *it;
    const int px = int(std::ceil(diameter * dpr)) + 2;
    QImage img(px, px, QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::transparent);
    {
        QPainter p(&img);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawEllipse(QPointF(px / 2.0, px / 2.0), diameter * dpr / 2, diameter * dpr / 2);
    }
    img.setDevicePixelRatio(dpr);
    return *sprites.insert(key, img);
}

}  // namespace

void drawDotGrid(QPainter* painter, const QRectF& rect)
{
    const Colors& c = colors();
    painter->fillRect(rect, c.background);
    // Dots every grid step; when zoomed out the step doubles until dots are ≥ 12 px apart, so the
    // grid stays calm and costs at most a few thousand blits per frame.
    const QTransform t = painter->worldTransform();
    if (t.isRotating()) return;
    const double zoom = t.m11();
    double step = kGrid;
    while (step * zoom < 12) step *= 2;
    const double dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    const QImage& dot = dotSprite(c.gridDot, zoom >= 0.75 ? 2.2 : 1.8, dpr);
    const QSizeF half = QSizeF(dot.size()) / dot.devicePixelRatio() / 2;
    const double left = std::floor(rect.left() / step) * step;
    const double top = std::floor(rect.top() / step) * step;
    painter->save();
    painter->resetTransform();
    for (double y = top; y <= rect.bottom(); y += step) {
        const double dy = std::round((y * t.m22() + t.dy()) * dpr) / dpr - half.height();
        for (double x = left; x <= rect.right(); x += step) {
            const double dx = std::round((x * t.m11() + t.dx()) * dpr) / dpr - half.width();
            painter->drawImage(QPointF(dx, dy), dot);
        }
    }
    painter->restore();
}

}  // namespace ml::ui::canvas
