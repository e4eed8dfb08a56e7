#include "format/Duration.h"

#include <array>
#include <limits>
#include <numeric>

namespace ml::duration {

namespace {

// About a century: long enough for any timeout or retention a diagram needs, short enough
// that sums of a few durations stay far from int64 overflow.
constexpr Micros kLongest = 36500 * kMicrosPerDay;
constexpr int kMaxFractionDigits = 18;  // 10^18 still fits in int64

struct Unit {
    const char* name;
    Micros micros;
};

// The unit is the whole text after the number, compared exactly and case-sensitively
// ("5M" would be ambiguous between minutes and months).
constexpr std::array<Unit, 8> kUnits{{
    {"us", 1},
    {"\u00b5s", 1},
    {"ms", kMicrosPerMilli},
    {"s", kMicrosPerSecond},
    {"m", kMicrosPerMinute},
    {"min", kMicrosPerMinute},
    {"h", kMicrosPerHour},
    {"d", kMicrosPerDay},
}};

const QString kUnitList = QStringLiteral("us, ms, s, m, h or d");

Error fail(const QString& message) { return Error::of(message); }

QString quoted(const QString& text) { return QLatin1Char('"') + text + QLatin1Char('"'); }

Micros pow10(int n)
{
    Micros p = 1;
    for (int i = 0; i < n; ++i) p *= 10;
    return p;
}

Error tooLong(const QString& text)
{
    return fail(QStringLiteral("duration %1 is too long; the longest allowed is %2 (about 100 years)")
                    .arg(quoted(text), format(kLongest)));
}

}  // namespace

Result<Micros> parse(const QString& input)
{
    const QString text = input.trimmed();
    const QString expected = QStringLiteral("expected a duration with a unit, like \"30s\" (units %1)").arg(kUnitList);
    if (text.isEmpty()) return fail(expected + QStringLiteral("; got an empty string"));
    if (text.startsWith(QLatin1Char('-')))
        return fail(QStringLiteral("a duration can't be negative; got %1").arg(quoted(input)));

    qsizetype i = 0;
    const qsizetype n = text.size();
    auto digitsFrom = [&](qsizetype from) {
        qsizetype j = from;
        while (j < n && text[j] >= QLatin1Char('0') && text[j] <= QLatin1Char('9')) ++j;
        return j;
    };

    const qsizetype intEnd = digitsFrom(0);
    if (intEnd == 0) return fail(expected + QStringLiteral("; got %1").arg(quoted(input)));
    i = intEnd;
    qsizetype fracBegin = i, fracEnd = i;
    if (i < n && text[i] == QLatin1Char('.')) {
        fracBegin = i + 1;
        fracEnd = digitsFrom(fracBegin);
        if (fracEnd == fracBegin) return fail(expected + QStringLiteral("; got %1").arg(quoted(input)));
        i = fracEnd;
    }
    const QString unitText = text.mid(i);
    const QStringView intDigits = QStringView(text).mid(0, intEnd);
    QStringView fracDigits = QStringView(text).mid(fracBegin, fracEnd - fracBegin);

    if (unitText.isEmpty()) {
        const bool zero = intDigits.count(QLatin1Char('0')) == intDigits.size() &&
                          fracDigits.count(QLatin1Char('0')) == fracDigits.size();
        if (zero) return Micros(0);
        return fail(expected + QStringLiteral("; got %1 with no unit").arg(quoted(input)));
    }

    Micros unit = 0;
    for (const Unit& u : kUnits)
        if (unitText == QString::fromUtf8(u.name)) unit = u.micros;
    if (unit == 0) {
        return fail(QStringLiteral("unknown duration unit %1 in %2; expected %3")
                        .arg(quoted(unitText), quoted(input), kUnitList));
    }

    // Integer part: leading zeros carry no value, and anything past 18 digits is already
    // beyond the limit, so this never overflows.
    qsizetype lead = 0;
    while (lead < intDigits.size() - 1 && intDigits[lead] == QLatin1Char('0')) ++lead;
    const QStringView significant = intDigits.mid(lead);
    if (significant.size() > 18) return tooLong(input);
    const Micros whole = significant.toLongLong();
    if (whole > kLongest / unit) return tooLong(input);
    Micros micros = whole * unit;

    while (!fracDigits.isEmpty() && fracDigits.back() == QLatin1Char('0')) fracDigits.chop(1);
    if (!fracDigits.isEmpty()) {
        if (fracDigits.size() > kMaxFractionDigits)
            return fail(QStringLiteral("duration %1 is more precise than a microsecond").arg(quoted(input)));
        // fraction·unit / 10^k must be a whole number of microseconds; reduce by the gcd
        // first so the product cannot overflow.
        const Micros numerator = fracDigits.toLongLong();
        const Micros scale = pow10(int(fracDigits.size()));
        const Micros g = std::gcd(unit, scale);
        const Micros step = scale / g;
        if (numerator % step != 0)
            return fail(QStringLiteral("duration %1 is more precise than a microsecond").arg(quoted(input)));
        const Micros part = (numerator / step) * (unit / g);
        if (micros > kLongest - part) return tooLong(input);
        micros += part;
    }
    return micros;
}

Result<Micros> fromJson(const Json& value)
{
    const QString expected = QStringLiteral("expected a duration string with a unit, like \"30s\"");
    if (value.is_string()) return parse(toQString(value.get<std::string>()));
    QString got;
    if (value.is_number())
        got = QStringLiteral("the number ") + toQString(value.dump());
    else if (value.is_boolean())
        got = value.get<bool>() ? QStringLiteral("true") : QStringLiteral("false");
    else if (value.is_null())
        got = QStringLiteral("null");
    else if (value.is_array())
        got = QStringLiteral("an array");
    else if (value.is_object())
        got = QStringLiteral("an object");
    else
        got = QStringLiteral("a ") + toQString(value.type_name());
    return fail(expected + QStringLiteral("; got ") + got);
}

QString format(Micros micros)
{
    if (micros == 0) return QStringLiteral("0s");
    if (micros < 0) {
        // -INT64_MIN does not exist; its text is built from the positive neighbour.
        if (micros == std::numeric_limits<Micros>::min()) return QStringLiteral("-9223372036854775808us");
        return QLatin1Char('-') + format(-micros);
    }
    static constexpr std::array<Unit, 6> kLargestFirst{{
        {"d", kMicrosPerDay},
        {"h", kMicrosPerHour},
        {"m", kMicrosPerMinute},
        {"s", kMicrosPerSecond},
        {"ms", kMicrosPerMilli},
        {"us", 1},
    }};
    for (const Unit& u : kLargestFirst)
        if (micros % u.micros == 0) return QString::number(micros / u.micros) + QLatin1String(u.name);
    return QString();  // unreachable: every value is a whole number of microseconds
}

QString formatForPeople(Micros micros)
{
    if (micros < 0) return QLatin1Char('-') + formatForPeople(-micros);
    const QString exact = format(micros);
    if (exact.size() <= 5) return exact;
    // Three significant figures of a value below 1000 (or 60) units, trailing zeros dropped.
    const auto figures = [](double v) {
        QString t = QString::number(v, 'f', v < 10 ? 2 : v < 100 ? 1 : 0);
        if (t.contains(QLatin1Char('.'))) {
            while (t.endsWith(QLatin1Char('0'))) t.chop(1);
            if (t.endsWith(QLatin1Char('.'))) t.chop(1);
        }
        return t;
    };
    if (micros < kMicrosPerSecond - kMicrosPerMilli / 2)
        return figures(double(micros) / kMicrosPerMilli) + QLatin1String("ms");
    if (micros < kMicrosPerMinute) return figures(double(micros) / kMicrosPerSecond) + QLatin1String("s");
    // Two units, the second rounded: "12m 34s", "3h 5m", "1d 2h".
    static constexpr std::array<Unit, 4> kPairs{{
        {"d", kMicrosPerDay},
        {"h", kMicrosPerHour},
        {"m", kMicrosPerMinute},
        {"s", kMicrosPerSecond},
    }};
    for (std::size_t i = 0; i + 1 < kPairs.size(); ++i) {
        if (micros < kPairs[i].micros) continue;
        const Unit& small = kPairs[i + 1];
        // Round to the smaller unit first, so 59m 59.7s reads "1h", not "60m".
        const Micros rounded = (micros + small.micros / 2) / small.micros * small.micros;
        const Unit& big = i > 0 && rounded >= kPairs[i - 1].micros ? kPairs[i - 1] : kPairs[i];
        const Unit& next = &big == &kPairs[i] ? small : kPairs[i];
        const Micros r = (rounded + next.micros / 2) / next.micros * next.micros;
        QString out = QString::number(r / big.micros) + QLatin1String(big.name);
        if (const qint64 rest = r % big.micros / next.micros)
            out += QLatin1Char(' ') + QString::number(rest) + QLatin1String(next.name);
        return out;
    }
    return exact;
}

}  // namespace ml::duration
