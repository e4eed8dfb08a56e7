// Reading the six cron fields. Every error names the field and quotes its text, because the
// user sees it as a lint problem on a config value and has to find the wrong part.
#include "format/Cron.h"

#include <QRegularExpression>
#include <QStringList>

#include <array>
#include <optional>

namespace ml {

namespace {

using Values = CronExpression::Values;
using DayRule = CronExpression::DayRule;

const char* const kMonthNames[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
const char* const kDayNames[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

struct FieldSpec {
    const char* name;  // the word AWS uses: "day-of-week"
    int min;
    int max;
    int offset;            // values are stored at value − offset (years start at 1970)
    const char* range;     // for "value out of range …"
    const char* expected;  // for "expected …"
    bool steps;            // '/' allowed
    const char* const* names;
    int nameCount;
};

enum FieldIndex { kMinutes, kHours, kDayOfMonth, kMonth, kDayOfWeek, kYear };

const std::array<FieldSpec, 6> kFields{{
    {"minutes", 0, 59, 0, "0-59", "0-59 with , - * /", true, nullptr, 0},
    {"hours", 0, 23, 0, "0-23", "0-23 with , - * /", true, nullptr, 0},
    {"day-of-month", 1, 31, 0, "1-31", "1-31 with , - * ? / L W", true, nullptr, 0},
    {"month", 1, 12, 0, "1-12 (JAN-DEC)", "1-12 or JAN-DEC with , - * /", true, kMonthNames, 12},
    {"day-of-week", 1, 7, 0, "1-7 (SUN-SAT)", "1-7 or SUN-SAT with , - * ? L #", false, kDayNames, 7},
    {"year", CronExpression::kFirstYear, CronExpression::kLastYear, CronExpression::kFirstYear, "1970-2199",
     "1970-2199 with , - * /", true, nullptr, 0},
}};

bool isDigits(QStringView s)
{
    if (s.isEmpty()) return false;
    for (QChar c : s)
        if (c < QLatin1Char('0') || c > QLatin1Char('9')) return false;
    return true;
}

bool isLetters(QStringView s)
{
    if (s.isEmpty()) return false;
    for (QChar c : s)
        if (!((c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))))
            return false;
    return true;
}

bool is(QStringView s, const char* word) { return s.compare(QLatin1String(word), Qt::CaseInsensitive) == 0; }

QString quoted(QStringView s) { return QLatin1Char('"') + s.toString() + QLatin1Char('"'); }

struct DaySpec {
    DayRule rule = DayRule::MonthDays;
    Values days;
    int value = 0;
    int nth = 0;
};

// One field's text and the rules for it; produces errors that quote both.
class FieldReader {
public:
    FieldReader(const FieldSpec& spec, QStringView text) : m_spec(spec), m_text(text) {}

    Error error(const QString& problem) const
    {
        return Error::of(
            QStringLiteral("cron %1 field %2: %3").arg(QLatin1String(m_spec.name), quoted(m_text), problem));
    }

    Error notValid(QStringView token) const
    {
        const QString expected = QStringLiteral("expected %1").arg(QLatin1String(m_spec.expected));
        return error(token == m_text ? expected : QStringLiteral("%1 is not valid; ").arg(quoted(token)) + expected);
    }

    Error outOfRange(QStringView token) const
    {
        const QString range = QLatin1String(m_spec.range);
        return error(token == m_text ? QStringLiteral("value out of range %1").arg(range)
                                     : QStringLiteral("value %1 out of range %2").arg(token.toString(), range));
    }

    Result<int> value(QStringView token) const
    {
        if (isDigits(token)) {
            if (token.size() > 6) return outOfRange(token);
            const int v = token.toInt();
            if (v < m_spec.min || v > m_spec.max) return outOfRange(token);
            return v;
        }
        if (m_spec.names && isLetters(token)) {
            for (int i = 0; i < m_spec.nameCount; ++i)
                if (is(token, m_spec.names[i])) return i + 1;
            return error(QStringLiteral("unknown %1 name %2; expected %3-%4")
                             .arg(QLatin1String(m_spec.nameCount == 12 ? "month" : "day"), quoted(token),
                                  QLatin1String(m_spec.names[0]), QLatin1String(m_spec.names[m_spec.nameCount - 1])));
        }
        return notValid(token);
    }

    // Comma lists of values, ranges (a-b), wildcards (*) and steps (a/s, */s, a-b/s).
    Result<Values> set() const
    {
        Values out;
        for (QStringView item : m_text.split(QLatin1Char(','))) {
            if (item.isEmpty()) return error(QStringLiteral("empty value in the list"));
            if (item == QLatin1String("?")) return error(QStringLiteral("? must be the whole field"));
            QStringView base = item;
            int step = 1;
            const qsizetype slash = item.indexOf(QLatin1Char('/'));
            if (slash >= 0) {
                if (!m_spec.steps) return error(QStringLiteral("steps (/) are not allowed in this field"));
                base = item.left(slash);
                const QStringView stepText = item.mid(slash + 1);
                const int most = m_spec.max - m_spec.min + 1;
                if (!isDigits(stepText) || stepText.size() > 6 || stepText.toInt() < 1 || stepText.toInt() > most)
                    return error(QStringLiteral("step %1 must be a whole number 1-%2").arg(quoted(stepText)).arg(most));
                step = stepText.toInt();
            }
            int lo = m_spec.min, hi = m_spec.max;
            if (base != QLatin1String("*")) {
                const qsizetype dash = base.indexOf(QLatin1Char('-'));
                const Result<int> first = value(dash >= 0 ? base.left(dash) : base);
                if (!first) return first.error();
                lo = *first;
                hi = slash >= 0 ? m_spec.max : lo;
                if (dash >= 0) {
                    const Result<int> last = value(base.mid(dash + 1));
                    if (!last) return last.error();
                    hi = *last;
                    if (lo > hi)
                        return error(
                            QStringLiteral("range %1 runs backwards; write the smaller value first").arg(quoted(base)));
                }
            }
            for (int v = lo; v <= hi; v += step) out.set(size_t(v - m_spec.offset));
        }
        return out;
    }

    Result<DaySpec> dayOfMonth() const
    {
        DaySpec spec;
        const bool special = m_text.contains(QLatin1Char('L'), Qt::CaseInsensitive) ||
                             m_text.contains(QLatin1Char('W'), Qt::CaseInsensitive);
        if (!special) {
            Result<Values> days = set();
            if (!days) return days.error();
            spec.days = *days;
            return spec;
        }
        if (m_text.contains(QLatin1Char(',')))
            return error(QStringLiteral("L and W can't be combined with other values"));
        if (is(m_text, "L")) {
            spec.rule = DayRule::LastDay;
        } else if (is(m_text, "LW")) {
            spec.rule = DayRule::LastWeekday;
        } else if (m_text.size() > 1 && m_text.endsWith(QLatin1Char('W'), Qt::CaseInsensitive)) {
            const QStringView day = m_text.chopped(1);
            if (!isDigits(day)) return notValid(m_text);
            const Result<int> v = value(day);
            if (!v) return v.error();
            spec.rule = DayRule::NearestWeekday;
            spec.value = *v;
        } else {
            return notValid(m_text);
        }
        return spec;
    }

    Result<DaySpec> dayOfWeek() const
    {
        DaySpec spec;
        spec.rule = DayRule::WeekDays;
        if (is(m_text, "L")) {  // L alone is the last day of the week
            spec.days.set(7);
            return spec;
        }
        const qsizetype hash = m_text.indexOf(QLatin1Char('#'));
        const bool lastOf = m_text.size() > 1 && m_text.endsWith(QLatin1Char('L'), Qt::CaseInsensitive);
        if (hash < 0 && !lastOf) {
            Result<Values> days = set();
            if (!days) return days.error();
            spec.days = *days;
            return spec;
        }
        if (m_text.contains(QLatin1Char(',')))
            return error(
                QStringLiteral("%1 can't be combined with other values").arg(QLatin1String(hash >= 0 ? "#" : "L")));
        const Result<int> weekday = value(hash >= 0 ? m_text.left(hash) : m_text.chopped(1));
        if (!weekday) return weekday.error();
        spec.value = *weekday;
        if (hash < 0) {
            spec.rule = DayRule::LastOfWeekday;
            return spec;
        }
        const QStringView nth = m_text.mid(hash + 1);
        if (!isDigits(nth) || nth.size() > 1 || nth.toInt() < 1 || nth.toInt() > 5)
            return error(QStringLiteral("the occurrence after # must be 1-5; got %1").arg(quoted(nth)));
        spec.rule = DayRule::NthWeekday;
        spec.nth = nth.toInt();
        return spec;
    }

private:
    const FieldSpec& m_spec;
    QStringView m_text;
};

}  // namespace

class CronParser {
public:
    static Result<CronExpression> parse(const QString& text)
    {
        const QStringList fields = text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
        if (fields.size() != 6) {
            return Error::of(QStringLiteral("cron expression needs six fields (minutes hours day-of-month month "
                                            "day-of-week year); got %1")
                                 .arg(fields.size()));
        }
        CronExpression cron;
        Values* const plain[6] = {&cron.m_minutes, &cron.m_hours, nullptr, &cron.m_months, nullptr, &cron.m_years};
        std::optional<DaySpec> dayOfMonth, dayOfWeek;
        for (int i = 0; i < 6; ++i) {
            const FieldReader reader(kFields[size_t(i)], fields[i]);
            if (fields[i] == QLatin1String("?")) {
                if (plain[i]) return reader.error(QStringLiteral("? is only allowed in day-of-month and day-of-week"));
                continue;
            }
            if (plain[i]) {
                Result<Values> values = reader.set();
                if (!values) return values.error();
                *plain[i] = *values;
                continue;
            }
            Result<DaySpec> day = i == kDayOfMonth ? reader.dayOfMonth() : reader.dayOfWeek();
            if (!day) return day.error();
            (i == kDayOfMonth ? dayOfMonth : dayOfWeek) = *day;
        }
        if (dayOfMonth.has_value() == dayOfWeek.has_value()) {
            return Error::of(
                QStringLiteral("cron day-of-month field %1 and day-of-week field %2: exactly one of the two "
                               "must be ? (use ? for the one you don't restrict)")
                    .arg(quoted(fields[kDayOfMonth]), quoted(fields[kDayOfWeek])));
        }
        const DaySpec& day = dayOfMonth ? *dayOfMonth : *dayOfWeek;
        cron.m_dayRule = day.rule;
        cron.m_days = day.days;
        cron.m_dayValue = day.value;
        cron.m_nth = day.nth;
        return cron;
    }
};

Result<CronExpression> CronExpression::parse(const QString& fields) { return CronParser::parse(fields); }

}  // namespace ml
