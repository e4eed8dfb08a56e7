#include "format/Schedule.h"

#include "format/Cron.h"

#include <QRegularExpression>
#include <QStringList>

#include <limits>

namespace ml {

struct Schedule::Impl {
    QString expression;
    Micros interval = 0;                 // rate(): the period; 0 for cron
    std::optional<CronExpression> cron;  // cron(): the fields
};

namespace {

// A rate longer than this is almost certainly a typo, and the cap keeps anchor + k·interval
// arithmetic far from overflow.
constexpr qint64 kLongestRateDays = 36500;

Error fail(const QString& message) { return Error::of(message); }

QString quoted(const QString& s) { return QLatin1Char('"') + s + QLatin1Char('"'); }

// The text between "<keyword>(" and the closing ")", or nullopt when `text` is not that form.
std::optional<QString> inside(const QString& text, QLatin1String keyword)
{
    if (!text.startsWith(keyword, Qt::CaseInsensitive)) return std::nullopt;
    const QString rest = text.mid(keyword.size()).trimmed();
    if (!rest.startsWith(QLatin1Char('(')) || !rest.endsWith(QLatin1Char(')'))) return std::nullopt;
    return rest.mid(1, rest.size() - 2);
}

Result<Micros> parseRate(const QString& expression, const QString& body)
{
    const QStringList parts = body.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    if (parts.size() != 2) {
        return fail(QStringLiteral("%1: a rate needs a value and a unit, like rate(5 minutes)").arg(expression));
    }
    const QString& valueText = parts[0];
    const QString unit = parts[1].toLower();

    bool digits = !valueText.isEmpty();
    for (QChar c : valueText) digits = digits && c >= QLatin1Char('0') && c <= QLatin1Char('9');
    if (!digits || valueText.count(QLatin1Char('0')) == valueText.size()) {
        return fail(QStringLiteral("%1: the rate value %2 must be a whole number of at least 1")
                        .arg(expression, quoted(valueText)));
    }

    Micros perUnit = 0;
    QString singular;
    for (const auto& [name, micros] :
         {std::pair{"minute", kMicrosPerMinute}, std::pair{"hour", kMicrosPerHour}, std::pair{"day", kMicrosPerDay}}) {
        if (unit == QLatin1String(name) || unit == QLatin1String(name) + QLatin1Char('s')) {
            perUnit = micros;
            singular = QLatin1String(name);
        }
    }
    if (perUnit == 0) {
        return fail(QStringLiteral("%1: the rate unit %2 is not one of minute(s), hour(s), day(s)")
                        .arg(expression, quoted(parts[1])));
    }

    qsizetype lead = 0;
    while (valueText[lead] == QLatin1Char('0')) ++lead;  // stops: the value is not all zeros
    const QStringView significant = QStringView(valueText).mid(lead);
    const qint64 limit = kLongestRateDays * kMicrosPerDay / perUnit;
    const qint64 value = significant.size() > 12 ? limit + 1 : significant.toLongLong();
    if (value > limit) {
        return fail(QStringLiteral("%1: the rate value %2 is too large; the longest rate is %3 days")
                        .arg(expression, quoted(valueText))
                        .arg(kLongestRateDays));
    }

    // AWS insists on the grammatical form: rate(1 minute) but rate(5 minutes).
    const bool plural = unit.endsWith(QLatin1Char('s'));
    if (value == 1 && plural) {
        return fail(QStringLiteral("%1: use the singular %2 when the value is 1").arg(expression, quoted(singular)));
    }
    if (value != 1 && !plural) {
        return fail(QStringLiteral("%1: use the plural %2 when the value is not 1")
                        .arg(expression, quoted(singular + QLatin1Char('s'))));
    }
    return value * perUnit;
}

}  // namespace

Schedule::Schedule(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
// A moved-from Schedule has no Impl; copying one must not crash.
Schedule::Schedule(const Schedule& other) : m_impl(other.m_impl ? std::make_unique<Impl>(*other.m_impl) : nullptr) {}
Schedule& Schedule::operator=(const Schedule& other)
{
    if (this != &other) m_impl = other.m_impl ? std::make_unique<Impl>(*other.m_impl) : nullptr;
    return *this;
}
Schedule::Schedule(Schedule&&) noexcept = default;
Schedule& Schedule::operator=(Schedule&&) noexcept = default;
Schedule::~Schedule() = default;

Result<Schedule> Schedule::parse(const QString& expression)
{
    const QString text = expression.trimmed();
    auto impl = std::make_unique<Impl>();
    impl->expression = text;
    if (const std::optional<QString> body = inside(text, QLatin1String("rate"))) {
        Result<Micros> interval = parseRate(text, *body);
        if (!interval) return interval.error();
        impl->interval = *interval;
        return Schedule(std::move(impl));
    }
    if (const std::optional<QString> body = inside(text, QLatin1String("cron"))) {
        Result<CronExpression> cron = CronExpression::parse(*body);
        if (!cron) return cron.error();
        impl->cron = std::move(cron).value();
        return Schedule(std::move(impl));
    }
    return fail(QStringLiteral("expected a schedule like \"rate(5 minutes)\" or \"cron(0 12 * * ? *)\"; got %1")
                    .arg(quoted(expression)));
}

bool Schedule::isRate() const { return !m_impl->cron.has_value(); }
Micros Schedule::rateInterval() const { return isRate() ? m_impl->interval : 0; }
QString Schedule::expression() const { return m_impl->expression; }

std::optional<EpochMicros> Schedule::nextAfter(EpochMicros after, EpochMicros anchor) const
{
    if (m_impl->cron) return m_impl->cron->nextAfter(after);

    // Fires at anchor + k·interval for k ≥ 1: the first one strictly after `after`. Unsigned
    // arithmetic because after − anchor can exceed the signed range for extreme inputs.
    const quint64 interval = quint64(m_impl->interval);
    quint64 offset = interval;
    if (after >= anchor) {
        const quint64 elapsed = quint64(after) - quint64(anchor);
        if (__builtin_mul_overflow(elapsed / interval + 1, interval, &offset)) return std::nullopt;
    }
    const quint64 room = quint64(std::numeric_limits<qint64>::max()) - quint64(anchor);
    if (offset > room) return std::nullopt;
    return qint64(quint64(anchor) + offset);
}

}  // namespace ml
