// The clipboard's side of copy and paste: a fragment's text (core/project/Fragment) as mime data
// "application/x-microlab-fragment", also as plain text, and the palette's kind drag.
#pragma once

#include <QByteArray>

class QMimeData;

namespace ml::ui::clipboard {

inline constexpr const char* kFragmentMime = "application/x-microlab-fragment";
inline constexpr const char* kKindMime = "application/x-microlab-kind";

QMimeData* toMimeData(const QByteArray& json);
// The fragment on the clipboard: ours, or else any text (which fragment::parse accepts or refuses
// with a reason); empty when the clipboard holds neither.
QByteArray fromMimeData(const QMimeData* mime);

}  // namespace ml::ui::clipboard
