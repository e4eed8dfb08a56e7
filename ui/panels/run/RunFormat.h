// Small formatting helpers shared by the run panels: virtual time as the toolbar shows it, ages,
// counts with thousands separators, and the colours that mean "failed" and "dead-lettered".
#pragma once

#include "format/Duration.h"

#include <QColor>
#include <QLocale>
#include <QString>

namespace ml::ui::run {

// "00:03:12.250": the time of day of the run's calendar clock (samples start at midnight).
inline QString clockText(qint64 epochMicros)
{
    const qint64 ms = epochMicros / 1000;
    const qint64 dayMs = ((ms % 86400000) + 86400000) % 86400000;
    return QStringLiteral("%1:%2:%3.%4")
        .arg(dayMs / 3600000, 2, 10, QLatin1Char('0'))
        .arg(dayMs / 60000 % 60, 2, 10, QLatin1Char('0'))
        .arg(dayMs / 1000 % 60, 2, 10, QLatin1Char('0'))
        .arg(dayMs % 1000, 3, 10, QLatin1Char('0'));
}

// "850ms", "12.5s", "3m 12s", "2h 05m": how long ago, for ages of messages.
inline QString ageText(Micros age)
{
    if (age < 0) age = 0;
    const qint64 ms = age / 1000;
    if (ms < 1000) return QStringLiteral("%1ms").arg(ms);
    if (ms < 60000) return QStringLiteral("%1s").arg(double(ms) / 1000.0, 0, 'f', 1);
    if (ms < 3600000) return QStringLiteral("%1m %2s").arg(ms / 60000).arg(ms / 1000 % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1h %2m").arg(ms / 3600000).arg(ms / 60000 % 60, 2, 10, QLatin1Char('0'));
}

inline QString countText(qint64 n) { return QLocale(QLocale::English).toString(n); }

// The shared signal colours (readable on light and dark backgrounds).
inline QColor failColour() { return QColor(0xd3, 0x2f, 0x2f); }
inline QColor warnColour() { return QColor(0xe6, 0x8a, 0x00); }
inline QColor okColour() { return QColor(0x2e, 0x7d, 0x32); }
inline QColor infoColour() { return QColor(0x15, 0x65, 0xc0); }

}  // namespace ml::ui::run
