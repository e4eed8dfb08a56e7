#include "canvas/KindIcon.h"

#include "canvas/CanvasStyle.h"

#include <QFile>
#include <QHash>
#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>

#include <cmath>

namespace ml::ui::canvas {

namespace {

QHash<QString, QPixmap>& cache()
{
    static QHash<QString, QPixmap> pixmaps;
    return pixmaps;
}

QString initials(const QString& name)
{
    QString out;
    for (const QString& word : name.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (word.at(0).isLetterOrNumber()) out += word.at(0).toUpper();
        if (out.size() == 2) break;
    }
    return out.isEmpty() ? QStringLiteral("?") : out;
}

QPixmap render(const QString& icon, const QString& kindName, const QColor& accent, int px)
{
    QPixmap pm(px, px);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    const double s = px / 38.0;  // drawn in a 38-unit tile
    p.scale(s, s);
    QColor tint = accent;
    tint.setAlphaF(colors().dark ? 0.22f : 0.13f);
    p.setPen(Qt::NoPen);
    p.setBrush(tint);
    p.drawRoundedRect(QRectF(0, 0, 38, 38), 9, 9);
    const QString path = QStringLiteral(":/icons/%1.svg").arg(icon);
    if (!icon.isEmpty() && QFile::exists(path)) {
        QSvgRenderer svg(path);
        if (svg.isValid()) {
            svg.render(&p, QRectF(6, 6, 26, 26));
            return pm;
        }
    }
    QFont f;
    f.setPixelSize(14);
    f.setBold(true);
    p.setFont(f);
    p.setPen(accent);
    p.drawText(QRectF(0, 0, 38, 38), Qt::AlignCenter, initials(kindName));
    return pm;
}

}  // namespace

void drawKindIcon(QPainter* painter, const QRectF& tile, const QString& icon, const QString& kindName,
                  const QColor& accent, double lod)
{
    // Power-of-two buckets keep the cache small while staying sharp up to 4× zoom.
    const double wanted = tile.width() * lod * painter->device()->devicePixelRatioF();
    int px = 38;
    while (px < wanted && px < 38 * 8) px *= 2;
    const QString key = QStringLiteral("%1|%2|%3|%4").arg(icon, kindName, accent.name()).arg(px);
    auto it = cache().find(key);
    if (it == cache().end()) it = cache().insert(key, render(icon, kindName, accent, px));
    painter->save();
    painter->setRenderHint(QPainter::SmoothPixmapTransform, true);
    painter->drawPixmap(tile, *it, QRectF(0, 0, px, px));
    painter->restore();
}

void clearKindIconCache() { cache().clear(); }

}  // namespace ml::ui::canvas
