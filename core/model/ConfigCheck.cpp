// Config values of the scalar types, the dispatch over every ValueType, and rates.
#include "model/ConfigCheck.h"

#include "format/Duration.h"
#include "format/FilterPolicy.h"
#include "format/LogFilterPattern.h"
#include "format/Schedule.h"
#include "model/ConfigCheckDetail.h"

#include <QRegularExpression>

#include <cmath>

namespace ml {

namespace configcheck {

QString number(double value)
{
    if (std::isfinite(value) && std::floor(value) == value && std::fabs(value) < 1e15)
        return QString::number(qint64(value));
    return QString::number(value, 'g', 12);
}

QString quoted(const QString& text) { return QLatin1Char('"') + text + QLatin1Char('"'); }

QString quoteList(const QStringList& values)
{
    QStringList out;
    for (const QString& v : values) out << quoted(v);
    return out.join(QStringLiteral(", "));
}

QString describe(const Json& value)
{
    // Long values are cut: the message is one line in a problems list.
    constexpr int kLongest = 60;
    auto shorten = [](QString text) {
        if (text.size() > kLongest) text = text.left(kLongest - 1) + QChar(0x2026);
        return text;
    };
    if (value.is_string() || value.is_number())
        return shorten(toQString(value.dump(-1, ' ', false, Json::error_handler_t::replace)));
    if (value.is_boolean()) return value.get<bool>() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.is_null()) return QStringLiteral("null");
    if (value.is_array()) return value.empty() ? QStringLiteral("an empty array") : QStringLiteral("an array");
    if (value.is_object()) return QStringLiteral("an object");
    return QStringLiteral("a ") + QString::fromLatin1(value.type_name());
}

QString pointerToken(const QString& key)
{
    QString token = key;
    token.replace(QLatin1Char('~'), QStringLiteral("~0"));
    token.replace(QLatin1Char('/'), QStringLiteral("~1"));
    return token;
}

Error fail(const QString& message, const QString& pointer) { return Error::at(pointer, message); }

Status checkStringList(const Json& value, const QStringList& allowed)
{
    if (!value.is_array()) return fail(QStringLiteral("expected a list of strings; got %1").arg(describe(value)));
    for (size_t i = 0; i < value.size(); ++i) {
        const Json& item = value[i];
        const QString at = QLatin1Char('/') + QString::number(i);
        if (!item.is_string()) return fail(QStringLiteral("expected a string; got %1").arg(describe(item)), at);
        if (!allowed.isEmpty() && !allowed.contains(toQString(item.get<std::string>())))
            return fail(QStringLiteral("expected one of %1; got %2").arg(quoteList(allowed), describe(item)), at);
    }
    return okStatus();
}

}  // namespace configcheck

using namespace configcheck;

namespace {

// "between 1 and 10", "of at least 1", "of at most 10", or nothing, for the "expected …" text.
QString rangeText(const std::optional<double>& min, const std::optional<double>& max, QString (*show)(double))
{
    if (min && max) return QStringLiteral(" between %1 and %2").arg(show(*min), show(*max));
    if (min) return QStringLiteral(" of at least %1").arg(show(*min));
    if (max) return QStringLiteral(" of at most %1").arg(show(*max));
    return QString();
}

bool inRange(double v, const ConfigKey& key) { return (!key.min || v >= *key.min) && (!key.max || v <= *key.max); }

QString showDuration(double micros) { return duration::format(Micros(micros)); }

Status checkDuration(const ConfigKey& key, const Json& value)
{
    const Result<Micros> parsed = duration::fromJson(value);
    if (!parsed) return fail(parsed.error().message);
    if (!inRange(double(*parsed), key))
        return fail(QStringLiteral("expected a duration%1; got %2")
                        .arg(rangeText(key.min, key.max, showDuration), describe(value)));
    return okStatus();
}

Status checkNumber(const ConfigKey& key, const Json& value, bool integral)
{
    const QString what = (integral ? QStringLiteral("an integer") : QStringLiteral("a number")) +
                         rangeText(key.min, key.max, configcheck::number);
    const auto wrong = [&] { return fail(QStringLiteral("expected %1; got %2").arg(what, describe(value))); };
    if (!value.is_number()) return wrong();
    const double v = value.get<double>();
    if (!std::isfinite(v)) return wrong();
    // 3.0 is an integer: JSON writers differ in how they print whole numbers.
    if (integral && std::floor(v) != v) return wrong();
    if (!inRange(v, key)) return wrong();
    return okStatus();
}

Status checkEnum(const ConfigKey& key, const Json& value)
{
    if (value.is_string() && key.enumValues.contains(toQString(value.get<std::string>()))) return okStatus();
    return fail(QStringLiteral("expected one of %1; got %2").arg(quoteList(key.enumValues), describe(value)));
}

Status checkSchedule(const Json& value)
{
    if (!value.is_string())
        return fail(QStringLiteral("expected a schedule like \"rate(5 minutes)\" or \"cron(0 12 * * ? *)\"; got %1")
                        .arg(describe(value)));
    const Result<Schedule> parsed = Schedule::parse(toQString(value.get<std::string>()));
    if (!parsed) return fail(parsed.error().message);
    return okStatus();
}

Status checkFilterPolicy(const Json& value)
{
    if (!value.is_object())
        return fail(QStringLiteral("expected a filter policy object like {\"type\": [\"order\"]}; got %1")
                        .arg(describe(value)));
    const Result<FilterPolicy> parsed = FilterPolicy::parse(value);
    if (!parsed) return parsed.error();
    return okStatus();
}

Status checkLogFilter(const Json& value)
{
    if (!value.is_string())
        return fail(QStringLiteral("expected a filter pattern string like { $.urgency = \"critical\" }; got %1")
                        .arg(describe(value)));
    const QString text = toQString(value.get<std::string>());
    const Result<LogFilterPattern> parsed = LogFilterPattern::parse(text);
    if (parsed) return okStatus();
    Error e = parsed.error();
    e.pointer.clear();
    // The parser's messages usually say "at column N" already; make sure every one does.
    QString message = e.message;
    if (e.column > 0 && !message.contains(QLatin1String("column")))
        message += QStringLiteral(" at column %1").arg(e.column);
    e.message = QStringLiteral("filter pattern %1: %2").arg(quoted(text), message);
    return e;
}

}  // namespace

Status checkConfigValue(const ConfigKey& key, const Json& value)
{
    // Null means "unset" for keys without a default (unlimited concurrency, no maxReceiveCount).
    if (value.is_null() && key.defaultValue.is_null()) return okStatus();

    switch (key.type) {
    case ValueType::Duration: return checkDuration(key, value);
    case ValueType::Integer: return checkNumber(key, value, true);
    case ValueType::Number: return checkNumber(key, value, false);
    case ValueType::Boolean:
        if (value.is_boolean()) return okStatus();
        return fail(QStringLiteral("expected true or false; got %1").arg(describe(value)));
    case ValueType::String:
        if (value.is_string()) return okStatus();
        return fail(QStringLiteral("expected a string; got %1").arg(describe(value)));
    case ValueType::Enum: return checkEnum(key, value);
    case ValueType::StringList: return checkStringList(value, key.enumValues);
    case ValueType::NodeRef:
        // Whether the node exists is the linter's business: it needs the whole diagram.
        if (value.is_string() && !value.get<std::string>().empty()) return okStatus();
        return fail(QStringLiteral("expected a node id; got %1").arg(describe(value)));
    case ValueType::Rate: {
        if (!value.is_string())
            return fail(
                QStringLiteral("expected a rate like \"20/s\", \"5/m\" or \"100/h\"; got %1").arg(describe(value)));
        const Result<double> rate = parseRate(toQString(value.get<std::string>()));
        if (!rate) return rate.error();
        return okStatus();
    }
    case ValueType::Schedule: return checkSchedule(value);
    case ValueType::FilterPolicy: return checkFilterPolicy(value);
    case ValueType::FilterCriteria: return checkFilterCriteria(value);
    case ValueType::LogFilter: return checkLogFilter(value);
    case ValueType::Latency: return checkLatency(value);
    case ValueType::Routes: return checkRoutes(value);
    case ValueType::Policy: return checkPolicy(value);
    case ValueType::Requests: return checkRequests(value);
    case ValueType::Messages: return checkMessages(value);
    case ValueType::Cors: return checkCors(value);
    case ValueType::Json: return okStatus();
    }
    return okStatus();
}

Result<double> parseRate(const QString& text)
{
    static const QRegularExpression shape(QStringLiteral("^\\s*(\\d+(?:\\.\\d+)?)\\s*/\\s*(s|m|h)\\s*$"));
    const QRegularExpressionMatch m = shape.match(text);
    if (!m.hasMatch())
        return fail(QStringLiteral("expected a rate like \"20/s\", \"5/m\" or \"100/h\"; got %1").arg(quoted(text)));
    const double count = m.captured(1).toDouble();
    const QString unit = m.captured(2);
    const double perSecond = unit == QLatin1String("s")   ? count
                             : unit == QLatin1String("m") ? count / 60.0
                                                          : count / 3600.0;
    if (!(perSecond > 0) || !std::isfinite(perSecond))
        return fail(QStringLiteral("a rate must be above zero; got %1").arg(quoted(text)));
    return perSecond;
}

}  // namespace ml
