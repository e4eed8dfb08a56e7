// CloudWatch Logs filter patterns, used by log subscriptions and by log-monitor edges' `when`:
// JSON patterns `{ $.urgency = "critical" && $.latency > 100 }` with = != < > <= >=, `*`
// wildcards in strings, && || and parentheses, IS NULL, NOT EXISTS, IS TRUE/FALSE; and plain
// term patterns (`ERROR`, `"exact phrase"`, `-term`, `?a ?b`). The empty pattern matches all.
#pragma once

#include "format/Json.h"
#include "format/Result.h"

#include <QString>

#include <memory>

namespace ml {

class LogFilterPattern {
public:
    // Errors give the column (1-based) in Error::column and say what was expected there.
    static Result<LogFilterPattern> parse(const QString& pattern);

    // `event` is the structured log line (JSON); `text` is the event as written (the JSON line),
    // which term patterns search anywhere; when empty they search the serialised event.
    bool matches(const Json& event, const QString& text = QString()) const;

    QString source() const;

    LogFilterPattern(const LogFilterPattern&);
    LogFilterPattern& operator=(const LogFilterPattern&);
    LogFilterPattern(LogFilterPattern&&) noexcept;
    LogFilterPattern& operator=(LogFilterPattern&&) noexcept;
    ~LogFilterPattern();

    struct Impl;

private:
    explicit LogFilterPattern(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace ml
