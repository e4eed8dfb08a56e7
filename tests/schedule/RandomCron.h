// Random valid cron expressions together with an independent, obviously-correct reading of
// them (built from the same random choices, evaluated with QDate), for the brute-force test.
#pragma once

#include <QDate>
#include <QRandomGenerator>
#include <QString>
#include <QStringList>

#include <vector>

namespace crontest {

struct RandomCron {
    QString text;  // "cron(...)"
    std::vector<bool> minutes = std::vector<bool>(60);
    std::vector<bool> hours = std::vector<bool>(24);
    std::vector<bool> months = std::vector<bool>(13);
    std::vector<bool> years = std::vector<bool>(2200);

    enum class Day { MonthDays, Last, LastWeekday, Nearest, WeekDays, LastOf, Nth } day = Day::MonthDays;
    std::vector<bool> days = std::vector<bool>(32);  // month days or weekdays (1 = SUN)
    int value = 0;
    int nth = 0;

    // Brute force over the month, with no cleverness about weekday arithmetic.
    bool dayMatches(const QDate& date) const
    {
        const int length = date.daysInMonth();
        auto weekday = [&](int d) { return QDate(date.year(), date.month(), d).dayOfWeek() % 7 + 1; };
        auto workday = [&](int d) { return weekday(d) != 1 && weekday(d) != 7; };
        const int d = date.day();
        switch (day) {
        case Day::MonthDays: return days[size_t(d)];
        case Day::Last: return d == length;
        case Day::LastWeekday: {
            int last = 0;
            for (int i = 1; i <= length; ++i)
                if (workday(i)) last = i;
            return d == last;
        }
        case Day::Nearest: {
            if (value > length) return false;
            int best = 0;
            for (int i = 1; i <= length; ++i)
                if (workday(i) && (best == 0 || std::abs(i - value) < std::abs(best - value))) best = i;
            return d == best;
        }
        case Day::WeekDays: return days[size_t(weekday(d))];
        case Day::LastOf: return weekday(d) == value && d + 7 > length;
        case Day::Nth: {
            int count = 0;
            for (int i = 1; i <= d; ++i)
                if (weekday(i) == value) ++count;
            return weekday(d) == value && count == nth;
        }
        }
        return false;
    }
};

class RandomCronMaker {
public:
    explicit RandomCronMaker(quint32 seed) : m_rng(seed) {}

    RandomCron make()
    {
        RandomCron c;
        const QString minutes = field(0, 59, true, nullptr, c.minutes);
        const QString hours = field(0, 23, true, nullptr, c.hours);
        const QString months =
            chance(50) ? fill(QStringLiteral("*"), 1, 12, c.months) : field(1, 12, true, kMonths, c.months);
        const QString years = chance(70) ? fill(QStringLiteral("*"), 1970, 2199, c.years)
                                         : field(1970, 2199, true, nullptr, c.years, 2024, 2034);
        QString dom = QStringLiteral("?"), dow = QStringLiteral("?");
        if (chance(50)) {
            const int kind = pick(0, 5);
            if (kind <= 2) {
                dom = field(1, 31, true, nullptr, c.days);
            } else if (kind == 3) {
                dom = QStringLiteral("L");
                c.day = RandomCron::Day::Last;
            } else if (kind == 4) {
                dom = QStringLiteral("LW");
                c.day = RandomCron::Day::LastWeekday;
            } else {
                c.day = RandomCron::Day::Nearest;
                c.value = chance(30) ? (chance(50) ? 1 : pick(29, 31)) : pick(1, 31);
                dom = QString::number(c.value) + QStringLiteral("W");
            }
        } else {
            const int kind = pick(0, 5);
            c.day = RandomCron::Day::WeekDays;
            if (kind <= 2) {
                dow = field(1, 7, false, kDays, c.days);
            } else if (kind == 3) {
                dow = QStringLiteral("L");
                c.days[7] = true;
            } else if (kind == 4) {
                c.day = RandomCron::Day::LastOf;
                c.value = pick(1, 7);
                dow = name(c.value, kDays) + QStringLiteral("L");
            } else {
                c.day = RandomCron::Day::Nth;
                c.value = pick(1, 7);
                c.nth = pick(1, 5);
                dow = name(c.value, kDays) + QStringLiteral("#") + QString::number(c.nth);
            }
        }
        c.text = QStringLiteral("cron(%1 %2 %3 %4 %5 %6)").arg(minutes, hours, dom, months, dow, years);
        return c;
    }

    int pick(int lo, int hi) { return int(m_rng.bounded(lo, hi + 1)); }
    bool chance(int percent) { return pick(1, 100) <= percent; }

private:
    static constexpr const char* kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                              "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    static constexpr const char* kDays[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    QString name(int v, const char* const* names)
    {
        if (!names || chance(50)) return QString::number(v);
        const QString n = QLatin1String(names[v - 1]);
        return chance(30) ? n.toLower() : n;
    }

    static QString fill(const QString& text, int lo, int hi, std::vector<bool>& set, int step = 1)
    {
        for (int v = lo; v <= hi; v += step) set[size_t(v)] = true;
        return text;
    }

    // One random item: a value, a range, or a step form, marking its values in `set`.
    // Values are drawn from pickLo..pickHi (a few years around now for the year field), but
    // "*" and "a/s" reach to the ends of the field, as cron reads them.
    QString item(int lo, int hi, bool steps, const char* const* names, std::vector<bool>& set, int pickLo, int pickHi)
    {
        const int kind = pick(0, steps ? 4 : 1);
        const int a = pick(pickLo, pickHi);
        const int b = pick(a, pickHi);
        const int s = pick(1, std::max(1, std::min(hi - lo + 1, pickHi - pickLo + 1) / 2));
        switch (kind) {
        case 0: return fill(name(a, names), a, a, set);
        case 1: return fill(name(a, names) + QLatin1Char('-') + name(b, names), a, b, set);
        case 2: return fill(QStringLiteral("*/") + QString::number(s), lo, hi, set, s);
        case 3: return fill(QString::number(a) + QLatin1Char('/') + QString::number(s), a, hi, set, s);
        default: return fill(QStringLiteral("%1-%2/%3").arg(a).arg(b).arg(s), a, b, set, s);
        }
    }

    QString field(int lo, int hi, bool steps, const char* const* names, std::vector<bool>& set, int pickLo = -1,
                  int pickHi = -1)
    {
        if (pickLo < 0) pickLo = lo, pickHi = hi;
        if (chance(25)) return fill(QStringLiteral("*"), lo, hi, set);
        QStringList items;
        const int count = chance(70) ? 1 : pick(2, 3);
        for (int i = 0; i < count; ++i) items << item(lo, hi, steps, names, set, pickLo, pickHi);
        return items.join(QLatin1Char(','));
    }

    QRandomGenerator m_rng;
};

}  // namespace crontest
