// EventBridge rate() schedules: parsing, the errors users see, and next fire times.
#include "ScheduleTests.h"

#include <limits>

using namespace ml;

void tst_Schedule::rateParse_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<qint64>("interval");

    QTest::newRow("1 minute") << "rate(1 minute)" << kMinute;
    QTest::newRow("5 minutes") << "rate(5 minutes)" << 5 * kMinute;
    QTest::newRow("1 hour") << "rate(1 hour)" << kHour;
    QTest::newRow("2 hours") << "rate(2 hours)" << 2 * kHour;
    QTest::newRow("1 day") << "rate(1 day)" << kDay;
    QTest::newRow("7 days") << "rate(7 days)" << 7 * kDay;
    QTest::newRow("90 minutes") << "rate(90 minutes)" << 90 * kMinute;
    QTest::newRow("extra spaces") << "  rate(  10   minutes )  " << 10 * kMinute;
    QTest::newRow("longest") << "rate(36500 days)" << 36500 * kDay;
}

void tst_Schedule::rateParse()
{
    QFETCH(QString, expression);
    QFETCH(qint64, interval);
    const Result<Schedule> s = Schedule::parse(expression);
    QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().message));
    QVERIFY(s->isRate());
    QCOMPARE(s->rateInterval(), interval);
    QCOMPARE(s->expression(), expression.trimmed());
}

void tst_Schedule::rateErrors_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("message");  // must appear in the error

    QTest::newRow("plural for 1") << "rate(1 minutes)"
                                  << "rate(1 minutes): use the singular \"minute\" when the value is 1";
    QTest::newRow("plural for 1 hour") << "rate(1 hours)"
                                       << "use the singular \"hour\"";
    QTest::newRow("plural for 1 day") << "rate(1 days)"
                                      << "use the singular \"day\"";
    QTest::newRow("singular for 5") << "rate(5 minute)"
                                    << "rate(5 minute): use the plural \"minutes\" when the value is not 1";
    QTest::newRow("singular for 2 hours") << "rate(2 hour)"
                                          << "use the plural \"hours\"";
    QTest::newRow("zero") << "rate(0 minutes)"
                          << "the rate value \"0\" must be a whole number of at least 1";
    QTest::newRow("zeros") << "rate(000 minutes)"
                           << "the rate value \"000\" must be a whole number of at least 1";
    QTest::newRow("negative") << "rate(-1 minutes)"
                              << "the rate value \"-1\" must be a whole number of at least 1";
    QTest::newRow("fraction") << "rate(1.5 hours)"
                              << "the rate value \"1.5\" must be a whole number";
    QTest::newRow("seconds") << "rate(30 seconds)"
                             << "the rate unit \"seconds\" is not one of minute(s), hour(s), day(s)";
    QTest::newRow("weeks") << "rate(2 weeks)"
                           << "the rate unit \"weeks\" is not one of";
    QTest::newRow("abbreviation") << "rate(5 m)"
                                  << "the rate unit \"m\" is not one of";
    QTest::newRow("no unit") << "rate(5)"
                             << "rate(5): a rate needs a value and a unit, like rate(5 minutes)";
    QTest::newRow("empty") << "rate()"
                           << "a rate needs a value and a unit";
    QTest::newRow("three words") << "rate(5 minutes now)"
                                 << "a rate needs a value and a unit";
    QTest::newRow("overflow") << "rate(99999999999999999999 days)"
                              << "the rate value \"99999999999999999999\" is too large";
    QTest::newRow("just too long") << "rate(36501 days)"
                                   << "is too large; the longest rate is 36500 days";
    QTest::newRow("too many minutes") << "rate(52560001 minutes)"
                                      << "is too large";
    QTest::newRow("no parentheses")
        << "rate 5 minutes"
        << "expected a schedule like \"rate(5 minutes)\" or \"cron(0 12 * * ? *)\"; got \"rate 5 minutes\"";
    QTest::newRow("unclosed") << "rate(5 minutes"
                              << "expected a schedule like";
    QTest::newRow("blank") << ""
                           << "expected a schedule like";
    QTest::newRow("prose") << "every 5 minutes"
                           << "got \"every 5 minutes\"";
    QTest::newRow("at()") << "at(2026-01-01T00:00:00)"
                          << "expected a schedule like";
}

void tst_Schedule::rateErrors()
{
    QFETCH(QString, expression);
    QFETCH(QString, message);
    const Result<Schedule> s = Schedule::parse(expression);
    QVERIFY2(!s.ok(), qPrintable(expression + QStringLiteral(" was accepted")));
    QVERIFY2(s.error().message.contains(message), qPrintable(s.error().message));
}

void tst_Schedule::rateNext_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("anchor");
    QTest::addColumn<QString>("after");
    QTest::addColumn<qint64>("afterOffset");  // µs added to `after`
    QTest::addColumn<QString>("next");

    const QString t0 = QStringLiteral("2026-01-01T00:00:00Z");
    QTest::newRow("at the anchor") << "rate(5 minutes)" << t0 << t0 << qint64(0) << "2026-01-01T00:05:00Z";
    QTest::newRow("just before a fire") << "rate(5 minutes)" << t0 << "2026-01-01T00:05:00Z" << qint64(-1)
                                        << "2026-01-01T00:05:00Z";
    QTest::newRow("exactly at a fire") << "rate(5 minutes)" << t0 << "2026-01-01T00:05:00Z" << qint64(0)
                                       << "2026-01-01T00:10:00Z";
    QTest::newRow("just after a fire") << "rate(5 minutes)" << t0 << "2026-01-01T00:05:00Z" << qint64(1)
                                       << "2026-01-01T00:10:00Z";
    QTest::newRow("before the anchor") << "rate(5 minutes)" << t0 << "2025-12-31T23:00:00Z" << qint64(0)
                                       << "2026-01-01T00:05:00Z";
    QTest::newRow("1us before the anchor") << "rate(1 hour)" << t0 << t0 << qint64(-1) << "2026-01-01T01:00:00Z";
    QTest::newRow("daily from 08:30") << "rate(1 day)"
                                      << "2026-01-01T08:30:00Z"
                                      << "2026-03-01T00:00:00Z" << qint64(0) << "2026-03-01T08:30:00Z";
    QTest::newRow("daily, exactly on a fire") << "rate(1 day)"
                                              << "2026-01-01T08:30:00Z"
                                              << "2026-03-01T08:30:00Z" << qint64(0) << "2026-03-02T08:30:00Z";
    QTest::newRow("7 days across a leap day") << "rate(7 days)"
                                              << "2028-02-25T00:00:00Z"
                                              << "2028-02-25T00:00:00Z" << qint64(0) << "2028-03-03T00:00:00Z";
    QTest::newRow("90 minutes, several periods in")
        << "rate(90 minutes)" << t0 << "2026-01-01T04:29:59Z" << qint64(0) << "2026-01-01T04:30:00Z";
    QTest::newRow("anchor before the epoch") << "rate(1 hour)"
                                             << "1969-12-31T22:30:00Z"
                                             << "1970-01-01T00:00:00Z" << qint64(0) << "1970-01-01T00:30:00Z";
    QTest::newRow("anchor not on a minute") << "rate(1 minute)"
                                            << "2026-01-01T00:00:07Z"
                                            << "2026-01-01T00:10:00Z" << qint64(0) << "2026-01-01T00:10:07Z";
}

void tst_Schedule::rateNext()
{
    QFETCH(QString, expression);
    QFETCH(QString, anchor);
    QFETCH(QString, after);
    QFETCH(qint64, afterOffset);
    QFETCH(QString, next);
    const Schedule s = mustParse(expression);
    QCOMPARE(show(s.nextAfter(utc(after) + afterOffset, utc(anchor))), next);
}

void tst_Schedule::rateFiresInAnHour()
{
    const Schedule s = mustParse(QStringLiteral("rate(5 minutes)"));
    const qint64 start = utc(QStringLiteral("2026-01-01T00:00:00Z"));
    int fires = 0;
    for (auto t = s.nextAfter(start, start); t && *t <= start + kHour; t = s.nextAfter(*t, start)) ++fires;
    QCOMPARE(fires, 12);  // :05 … :60, never the anchor itself
}

void tst_Schedule::rateExtremes()
{
    const Schedule s = mustParse(QStringLiteral("rate(1 day)"));
    constexpr qint64 kMax = std::numeric_limits<qint64>::max();
    constexpr qint64 kMin = std::numeric_limits<qint64>::min();
    QCOMPARE(show(s.nextAfter(kMax, 0)), QStringLiteral("none"));
    QCOMPARE(show(s.nextAfter((kMax / kDay) * kDay, 0)), QStringLiteral("none"));  // the next fire is past int64
    QCOMPARE(s.nextAfter(kMax - 2 * kDay, 0), std::optional<qint64>((kMax / kDay - 1) * kDay));
    QCOMPARE(s.nextAfter(kMin, kMin), std::optional<qint64>(kMin + kDay));
    QCOMPARE(s.nextAfter(5 * kDay, -10 * kDay), std::optional<qint64>(6 * kDay));
    // after − anchor does not fit in int64 here; the answer must still be the right fire.
    const qint64 after = kMax - kDay;
    const std::optional<qint64> far = s.nextAfter(after, kMin);
    QVERIFY(far.has_value());
    QVERIFY(*far > after && *far - after <= kDay);
    QCOMPARE((quint64(*far) - quint64(kMin)) % quint64(kDay), quint64(0));
    QCOMPARE(show(s.nextAfter(0, kMax)), QStringLiteral("none"));
}

// ---------------------------------------------------------------- cron()
