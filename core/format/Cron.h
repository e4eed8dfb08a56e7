// The cron(...) form of an EventBridge schedule: six UTC fields parsed with AWS's rules, and a
// next-fire search that skips whole years, months, days and hours instead of walking minutes.
#pragma once

#include "format/Result.h"

#include <QString>
#include <QtGlobal>

#include <bitset>
#include <cstdint>
#include <optional>

namespace ml {

class CronExpression {
public:
    static constexpr int kFirstYear = 1970;
    static constexpr int kLastYear = 2199;

    // `fields` is the text between "cron(" and ")": "Minutes Hours Day-of-month Month
    // Day-of-week Year". Errors quote the field by name and text.
    static Result<CronExpression> parse(const QString& fields);

    // The first whole minute strictly after `afterMicros` (µs since the Unix epoch, UTC) that
    // the expression selects; nullopt when it never fires again.
    std::optional<qint64> nextAfter(qint64 afterMicros) const;

    // The days of `month` (1-12) in `year` that the day-of-month / day-of-week fields select,
    // as bits 1..31.
    std::uint64_t daysIn(int year, int month) const;

    // How the day fields choose days. Exactly one of day-of-month / day-of-week is "?", so one
    // rule covers both: the plain sets are days of the month or weekdays (1 = SUN).
    enum class DayRule {
        MonthDays,       // 1,15 / 1-10 / */5 in day-of-month
        LastDay,         // L in day-of-month
        LastWeekday,     // LW
        NearestWeekday,  // 15W
        WeekDays,        // MON-FRI in day-of-week (L alone = SAT)
        LastOfWeekday,   // 5L / FRIL: the last Friday of the month
        NthWeekday,      // 3#2 / TUE#2: the second Tuesday
    };

    // A set of field values, indexed by the value itself (years by year − kFirstYear).
    using Values = std::bitset<256>;

private:
    friend class CronParser;
    CronExpression() = default;

    Values m_minutes;
    Values m_hours;
    Values m_months;
    Values m_years;
    DayRule m_dayRule = DayRule::MonthDays;
    Values m_days;       // month days 1..31 or weekdays 1..7, for the plain-set rules
    int m_dayValue = 0;  // the 15 of 15W, the weekday of 5L / 3#2
    int m_nth = 0;       // the 2 of 3#2
};

}  // namespace ml
