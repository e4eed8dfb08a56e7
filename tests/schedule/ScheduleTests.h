// The schedule unit's test class and the instants its two files share: rate() (RateTests.cpp)
// and cron() (tst_schedule.cpp) parsing, errors and next fire times.
#pragma once

#include "format/Schedule.h"

#include <QDateTime>
#include <QtTest>

#include <optional>

constexpr qint64 kMinute = 60'000'000;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kDay = 24 * kHour;

inline qint64 utc(const QString& iso)
{
    const QDateTime t = QDateTime::fromString(iso, Qt::ISODate);
    Q_ASSERT_X(t.isValid() && t.timeSpec() == Qt::UTC, "utc", qPrintable(iso));
    return t.toMSecsSinceEpoch() * 1000;
}

// Readable text for an instant, exact to the microsecond, or "none".
inline QString show(std::optional<qint64> micros)
{
    if (!micros) return QStringLiteral("none");
    qint64 seconds = *micros / 1'000'000;
    qint64 sub = *micros % 1'000'000;
    if (sub < 0) sub += 1'000'000, --seconds;
    QString text = QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss"));
    if (sub != 0) text += QStringLiteral(".%1").arg(sub, 6, 10, QLatin1Char('0'));
    return text + QLatin1Char('Z');
}

inline ml::Schedule mustParse(const QString& expression)
{
    ml::Result<ml::Schedule> s = ml::Schedule::parse(expression);
    if (!s.ok()) qFatal("%s: %s", qPrintable(expression), qPrintable(s.error().message));
    return std::move(s).value();
}

class tst_Schedule : public QObject {
    Q_OBJECT

private slots:
    void rateParse_data();
    void rateParse();
    void rateErrors_data();
    void rateErrors();
    void rateNext_data();
    void rateNext();
    void rateFiresInAnHour();
    void rateExtremes();

    void cronNext_data();
    void cronNext();
    void cronErrors_data();
    void cronErrors();
    void designCheckFiveFifteen();
    void copiesAreIndependent();
    void farSearchesAreFast();
    void randomCronsMatchBruteForce();
};
