// Next-fire search for cron expressions, on proleptic Gregorian civil dates in UTC.
#include "format/Cron.h"

#include "format/Duration.h"

#include <algorithm>

namespace ml {

namespace {

constexpr qint64 kMinutesPerDay = 24 * 60;

qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// Howard Hinnant's days_from_civil / civil_from_days: exact for any year, no tables, no
// time-zone database — cron schedules are UTC.
qint64 daysFromCivil(qint64 y, int m, int d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const qint64 yoe = y - era * 400;
    const qint64 doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct Civil {
    qint64 year;
    int month;
    int day;
};

Civil civilFromDays(qint64 z)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const int d = int(doy - (153 * mp + 2) / 5 + 1);
    const int m = int(mp < 10 ? mp + 3 : mp - 9);
    return {yoe + era * 400 + (m <= 2), m, d};
}

bool isLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int daysInMonth(int y, int m)
{
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : kDays[m - 1];
}

// 1 = Sunday … 7 = Saturday, as in the day-of-week field. 1970-01-01 was a Thursday.
int weekday(int y, int m, int d) { return int((daysFromCivil(y, m, d) % 7 + 7 + 4) % 7) + 1; }

bool isWeekend(int wd) { return wd == 1 || wd == 7; }

// The smallest value ≥ from in `values` (up to `last`), or −1.
int nextIn(const CronExpression::Values& values, int from, int last)
{
    for (int v = std::max(from, 0); v <= last; ++v)
        if (values.test(size_t(v))) return v;
    return -1;
}

// The lowest day ≥ from in a mask of bits 1..31, or −1.
int nextDay(std::uint64_t mask, int from)
{
    for (int d = from; d <= 31; ++d)
        if (mask & (std::uint64_t(1) << d)) return d;
    return -1;
}

}  // namespace

std::uint64_t CronExpression::daysIn(int year, int month) const
{
    const int length = daysInMonth(year, month);
    const int firstWeekday = weekday(year, month, 1);
    auto weekdayOf = [&](int day) { return (firstWeekday - 1 + day - 1) % 7 + 1; };
    auto bit = [](int day) { return std::uint64_t(1) << day; };

    std::uint64_t mask = 0;
    switch (m_dayRule) {
    case DayRule::MonthDays:
        for (int d = 1; d <= length; ++d)
            if (m_days.test(size_t(d))) mask |= bit(d);
        break;
    case DayRule::LastDay: mask = bit(length); break;
    case DayRule::LastWeekday: {
        int d = length;
        while (isWeekend(weekdayOf(d))) --d;
        mask = bit(d);
        break;
    }
    case DayRule::NearestWeekday: {
        // The nearest weekday without leaving the month: 1W on a Saturday is Monday the 3rd,
        // 31W on a Sunday is Friday the 29th. A day the month lacks (31W in April) never fires.
        int d = m_dayValue;
        if (d > length) break;
        const int wd = weekdayOf(d);
        if (wd == 7)
            d = d == 1 ? d + 2 : d - 1;
        else if (wd == 1)
            d = d == length ? d - 2 : d + 1;
        mask = bit(d);
        break;
    }
    case DayRule::WeekDays:
        for (int d = 1; d <= length; ++d)
            if (m_days.test(size_t(weekdayOf(d)))) mask |= bit(d);
        break;
    case DayRule::LastOfWeekday: {
        int d = length;
        while (weekdayOf(d) != m_dayValue) --d;
        mask = bit(d);
        break;
    }
    case DayRule::NthWeekday: {
        const int first = 1 + (m_dayValue - firstWeekday + 7) % 7;
        const int d = first + 7 * (m_nth - 1);
        if (d <= length) mask = bit(d);
        break;
    }
    }
    return mask;
}

std::optional<qint64> CronExpression::nextAfter(qint64 afterMicros) const
{
    const qint64 endMinute = daysFromCivil(kLastYear + 1, 1, 1) * kMinutesPerDay;
    // Candidates are whole minutes after `after`; nothing can fire before 1970 or after 2199,
    // which also keeps every later multiplication far from overflow.
    const qint64 startMinute = std::max<qint64>(floorDiv(afterMicros, kMicrosPerMinute) + 1, 0);
    if (startMinute >= endMinute) return std::nullopt;

    const Civil date = civilFromDays(floorDiv(startMinute, kMinutesPerDay));
    int year = int(date.year), month = date.month, day = date.day;
    int hour = int(startMinute % kMinutesPerDay / 60), minute = int(startMinute % 60);

    // Each step either accepts the current unit or moves to the start of the next one, so the
    // loop visits at most a few checks per year, month, day and hour it skips.
    while (true) {
        const int y = nextIn(m_years, year - kFirstYear, kLastYear - kFirstYear);
        if (y < 0) return std::nullopt;
        if (y + kFirstYear != year) {
            year = y + kFirstYear;
            month = 1, day = 1, hour = 0, minute = 0;
        }
        const int m = nextIn(m_months, month, 12);
        if (m < 0) {
            ++year, month = 1, day = 1, hour = 0, minute = 0;
            continue;
        }
        if (m != month) month = m, day = 1, hour = 0, minute = 0;

        const int d = nextDay(daysIn(year, month), day);
        if (d < 0) {
            if (++month > 12) ++year, month = 1;
            day = 1, hour = 0, minute = 0;
            continue;
        }
        if (d != day) day = d, hour = 0, minute = 0;

        const int h = nextIn(m_hours, hour, 23);
        if (h < 0) {
            ++day, hour = 0, minute = 0;
            continue;
        }
        if (h != hour) hour = h, minute = 0;

        const int mi = nextIn(m_minutes, minute, 59);
        if (mi < 0) {
            ++hour, minute = 0;
            continue;
        }
        return ((daysFromCivil(year, month, day) * kMinutesPerDay) + hour * 60 + mi) * kMicrosPerMinute;
    }
}

}  // namespace ml
