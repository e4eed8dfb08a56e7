// EventBridge schedule expressions: rate(5 minutes) and cron(Min Hour DoM Month DoW Year),
// parsed with AWS's rules and able to compute the next fire time after an instant (UTC).
#pragma once

#include "format/Duration.h"
#include "format/Result.h"

#include <QString>

#include <memory>
#include <optional>

namespace ml {

// Instants are microseconds since the Unix epoch, UTC.
using EpochMicros = qint64;

class Schedule {
public:
    // "rate(1 minute)", "rate(5 minutes)", "rate(2 hours)", "rate(1 day)" — value ≥ 1, singular
    // unit for 1 and plural otherwise, at least one minute.
    // "cron(5/15 * * * ? *)" — six fields; ? in exactly one of day-of-month / day-of-week;
    // L, W, # ; month names JAN–DEC and day names SUN–SAT; ranges, lists, steps.
    // Errors quote the offending field, e.g. "cron day-of-week field \"8\": value out of range 1-7".
    static Result<Schedule> parse(const QString& expression);

    bool isRate() const;
    Micros rateInterval() const;  // for rate(); 0 for cron
    QString expression() const;

    // First fire time strictly after `after`. For rate() the fires are at start + k·interval,
    // where `start` is the schedule's anchor (see nextAfter's `anchor`). nullopt when the cron
    // expression never fires again (e.g. a past year).
    std::optional<EpochMicros> nextAfter(EpochMicros after, EpochMicros anchor = 0) const;

    Schedule(const Schedule&);
    Schedule& operator=(const Schedule&);
    Schedule(Schedule&&) noexcept;
    Schedule& operator=(Schedule&&) noexcept;
    ~Schedule();

    struct Impl;

private:
    explicit Schedule(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace ml
