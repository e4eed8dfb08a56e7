#include "canvas/Clipboard.h"

#include <QMimeData>

namespace ml::ui::clipboard {

QMimeData* toMimeData(const QByteArray& json)
{
    auto* mime = new QMimeData;
    mime->setData(QString::fromLatin1(kFragmentMime), json);
    mime->setText(QString::fromUtf8(json));
    return mime;
}

QByteArray fromMimeData(const QMimeData* mime)
{
    if (!mime) return {};
    if (mime->hasFormat(QString::fromLatin1(kFragmentMime))) return mime->data(QString::fromLatin1(kFragmentMime));
    if (mime->hasText()) return mime->text().toUtf8();
    return {};
}

}  // namespace ml::ui::clipboard
