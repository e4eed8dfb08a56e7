// cron: a function that fires on its schedule — EventBridge rate() anchored at the run's start,
// or cron() at calendar instants (UTC) of the engine's clock. Each fire is a new message entering
// the run (the scheduled event), invoked asynchronously on the cron itself, so its work, retries
// and destinations are a function's: the event goes along its outgoing edges.
#include "engine/nodes/Behaviours.h"
#include "engine/nodes/Function.h"
#include "format/Schedule.h"

#include <QDateTime>

namespace ml {

namespace {

class Cron : public Function {
public:
    Cron(Engine& engine, int index) : Function(engine, index)
    {
        Result<Schedule> parsed = Schedule::parse(QString::fromStdString(configString("schedule")));
        if (parsed.ok())
            m_schedule = std::move(parsed).value();
        else
            m_error = toStd(parsed.error().message);  // the linter reports it; nothing fires
    }

    void start() override
    {
        Function::start();
        scheduleNext();
    }

    void onTimer(const Event& event) override
    {
        if (event.kind != kFire) {
            Function::onTimer(event);
            return;
        }
        fire();
        scheduleNext();
    }

    void writeReport(Json& out) const override
    {
        Function::writeReport(out);
        out["fired"] = m_fired;
        if (m_schedule) out["schedule"] = toStd(m_schedule->expression());
        if (!m_error.empty()) out["scheduleError"] = m_error;
        if (m_next) out["nextFire"] = isoTime(*m_next);
    }

private:
    static constexpr qint32 kFire = 100;  // clear of Function's own timer kinds

    static std::string isoTime(EpochMicros t)
    {
        return toStd(QDateTime::fromMSecsSinceEpoch(t / kMicrosPerMilli, Qt::UTC).toString(Qt::ISODate));
    }

    void scheduleNext()
    {
        m_next.reset();
        if (!m_schedule) return;
        const EpochMicros now = engine().clock();
        // rate() counts from the run's start; cron() ignores the anchor. nullopt: never again.
        const std::optional<EpochMicros> next = m_schedule->nextAfter(now, engine().startTime());
        if (!next) return;
        m_next = next;
        after(*next - now, kFire);
    }

    void fire()
    {
        ++m_fired;
        const Json& payload = config().contains("payload") ? config()["payload"] : Json();
        Json body = payload.is_object() ? payload : Json::object();
        if (!payload.is_object() && !payload.is_null()) body["payload"] = payload;
        const std::string time = isoTime(engine().clock());
        body["time"] = time;
        body["source"] = "aws.events";
        body["detail-type"] = "Scheduled Event";
        const MessageIndex m = engine().newMessage(index(), std::make_shared<const Json>(std::move(body)), kNoMessage);
        note(EventType::Fired, m, qint64(m_fired), time);
        // EventBridge invokes the target asynchronously (Event): the same path as an async invoke.
        Function::onDeliver(m, -1);
    }

    std::optional<Schedule> m_schedule;
    std::string m_error;
    std::optional<EpochMicros> m_next;
    quint64 m_fired = 0;
};

}  // namespace

ML_BEHAVIOUR_FACTORY(makeCron, "cron") { return std::make_unique<Cron>(engine, node); }

}  // namespace ml
