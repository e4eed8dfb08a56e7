// EventBridge schedules: cron() parsing, the errors users see, and next fire times (hand-computed,
// plus a seeded comparison with a minute-by-minute reference); rate() is in RateTests.cpp.
#include "RandomCron.h"
#include "ScheduleTests.h"

#include <algorithm>
#include <limits>

using namespace ml;

void tst_Schedule::cronNext_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("after");
    QTest::addColumn<qint64>("afterOffset");  // µs added to `after`
    QTest::addColumn<QString>("next");        // or "none"

    // 2026-01-01 is a Thursday. Weekdays below were worked out from that.
    auto row = [](const char* name, const char* expr, const char* after, const char* next, qint64 offset = 0) {
        QTest::newRow(name) << QString::fromLatin1(expr) << QString::fromLatin1(after) << offset
                            << QString::fromLatin1(next);
    };
    row("daily noon", "cron(0 12 * * ? *)", "2026-01-01T00:00:00Z", "2026-01-01T12:00:00Z");
    row("daily noon, strictly after", "cron(0 12 * * ? *)", "2026-01-01T12:00:00Z", "2026-01-02T12:00:00Z");
    row("daily noon, 1us before", "cron(0 12 * * ? *)", "2026-01-01T12:00:00Z", "2026-01-01T12:00:00Z", -1);
    row("daily noon, 1us after", "cron(0 12 * * ? *)", "2026-01-01T12:00:00Z", "2026-01-02T12:00:00Z", 1);
    row("every minute, mid-minute", "cron(* * * * ? *)", "2026-01-01T00:00:30Z", "2026-01-01T00:01:00Z");
    row("every minute, across midnight", "cron(* * * * ? *)", "2026-12-31T23:59:00Z", "2027-01-01T00:00:00Z");
    row("every 10 minutes", "cron(*/10 * * * ? *)", "2026-01-01T00:00:00Z", "2026-01-01T00:10:00Z");
    row("10-50/20 mid", "cron(10-50/20 * * * ? *)", "2026-01-01T00:30:00Z", "2026-01-01T00:50:00Z");
    row("10-50/20 wraps the hour", "cron(10-50/20 * * * ? *)", "2026-01-01T00:50:00Z", "2026-01-01T01:10:00Z");
    row("every 6 hours", "cron(0 */6 * * ? *)", "2026-01-01T06:00:00Z", "2026-01-01T12:00:00Z");
    row("list of minutes", "cron(0,30 * * * ? *)", "2026-01-01T00:00:00Z", "2026-01-01T00:30:00Z");
    row("list of hours wraps the day", "cron(15 8,20 * * ? *)", "2026-01-01T20:15:00Z", "2026-01-02T08:15:00Z");
    row("weekdays 18:00 skip the weekend", "cron(0 18 ? * MON-FRI *)", "2026-01-02T18:00:00Z", "2026-01-05T18:00:00Z");
    row("office hours skip the weekend", "cron(0 9-17 ? * MON-FRI *)", "2026-01-02T17:00:00Z", "2026-01-05T09:00:00Z");
    row("office hours within a day", "cron(0 9-17 ? * MON-FRI *)", "2026-01-05T09:00:00Z", "2026-01-05T10:00:00Z");
    row("lower-case names", "cron(0 0 ? jan mon-fri *)", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z");
    row("Sunday is 1", "cron(0 0 ? * 1 *)", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z");
    row("SAT is 7", "cron(0 0 ? * 7 *)", "2026-01-01T00:00:00Z", "2026-01-03T00:00:00Z");
    row("L in day-of-week is Saturday", "cron(0 0 ? * L *)", "2026-01-01T00:00:00Z", "2026-01-03T00:00:00Z");
    row("first of the month", "cron(0 8 1 * ? *)", "2026-01-01T08:00:00Z", "2026-02-01T08:00:00Z");
    row("month names", "cron(0 0 1 JAN,jul ? *)", "2026-01-01T00:00:00Z", "2026-07-01T00:00:00Z");
    row("month range by name", "cron(0 0 1 MAR-MAY ? *)", "2026-05-01T00:00:00Z", "2027-03-01T00:00:00Z");
    row("month step", "cron(0 0 1 1/3 ? *)", "2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z");
    row("day-of-month step", "cron(0 0 1/10 * ? *)", "2026-01-21T00:00:00Z", "2026-01-31T00:00:00Z");
    row("day-of-month step skips 31 in Feb", "cron(0 0 1/10 * ? *)", "2026-01-31T00:00:00Z", "2026-02-01T00:00:00Z");
    row("30th skips February", "cron(0 0 30 * ? *)", "2026-01-30T00:00:00Z", "2026-03-30T00:00:00Z");
    row("31st skips short months", "cron(0 0 31 * ? *)", "2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z");
    row("year boundary", "cron(59 23 31 12 ? *)", "2026-12-31T23:59:00Z", "2027-12-31T23:59:00Z");
    row("single year", "cron(0 0 1 1 ? 2030)", "2026-01-01T00:00:00Z", "2030-01-01T00:00:00Z");
    row("single year, past", "cron(0 0 1 1 ? 2030)", "2030-01-01T00:00:00Z", "none");
    row("year range in the past", "cron(0 0 * * ? 2020-2025)", "2026-01-01T00:00:00Z", "none");
    row("year list", "cron(0 0 1 1 ? 2027,2029)", "2027-01-01T00:00:00Z", "2029-01-01T00:00:00Z");
    row("year step", "cron(0 0 1 1 ? 2026/2)", "2026-01-01T00:00:00Z", "2028-01-01T00:00:00Z");
    row("last year allowed", "cron(0 0 1 1 ? 2199)", "2026-01-01T00:00:00Z", "2199-01-01T00:00:00Z");
    row("last minute allowed", "cron(59 23 31 12 ? 2199)", "2199-12-31T23:58:00Z", "2199-12-31T23:59:00Z");
    row("nothing after 2199", "cron(* * * * ? *)", "2199-12-31T23:59:00Z", "none");
    row("first minute of 1970", "cron(0 0 1 1 ? 1970)", "1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z", -1);
    row("before 1970", "cron(0 0 1 1 ? *)", "1960-06-01T00:00:00Z", "1970-01-01T00:00:00Z");
    row("Feb 29 from a common year", "cron(0 12 29 2 ? *)", "2026-01-01T00:00:00Z", "2028-02-29T12:00:00Z");
    row("Feb 29 skips 2100", "cron(0 12 29 2 ? *)", "2096-02-29T12:00:00Z", "2104-02-29T12:00:00Z");
    row("Feb 29 in 2000", "cron(0 0 29 FEB ? *)", "1999-01-01T00:00:00Z", "2000-02-29T00:00:00Z");
    row("Feb 30 never", "cron(0 0 30 2 ? *)", "2026-01-01T00:00:00Z", "none");
    row("Feb 29 in non-leap years never", "cron(0 0 29 2 ? 2097-2103)", "2026-01-01T00:00:00Z", "none");
    // L, LW
    row("L in January", "cron(0 0 L * ? *)", "2026-01-01T00:00:00Z", "2026-01-31T00:00:00Z");
    row("L in February", "cron(0 0 L * ? *)", "2026-01-31T00:00:00Z", "2026-02-28T00:00:00Z");
    row("L in a leap February", "cron(0 0 L * ? *)", "2028-02-01T00:00:00Z", "2028-02-29T00:00:00Z");
    row("L in April", "cron(0 0 L 4 ? *)", "2026-01-01T00:00:00Z", "2026-04-30T00:00:00Z");
    row("LW when the 31st is Saturday", "cron(0 17 LW * ? *)", "2026-01-01T00:00:00Z", "2026-01-30T17:00:00Z");
    row("LW when the 28th is Saturday", "cron(0 17 LW * ? *)", "2026-01-30T17:00:00Z", "2026-02-27T17:00:00Z");
    row("LW when the 31st is Sunday", "cron(0 17 LW * ? *)", "2026-05-01T00:00:00Z", "2026-05-29T17:00:00Z");
    row("LW on a Thursday", "cron(0 17 LW * ? *)", "2026-04-01T00:00:00Z", "2026-04-30T17:00:00Z");
    // W
    row("1W on Saturday is Monday the 3rd", "cron(0 0 1W * ? *)", "2026-07-02T00:00:00Z", "2026-08-03T00:00:00Z");
    row("1W: Saturday the 1st does not fire", "cron(0 0 1W * ? *)", "2026-08-01T12:00:00Z", "2026-08-03T00:00:00Z");
    row("1W on Sunday is Monday the 2nd", "cron(0 0 1W * ? *)", "2026-01-15T00:00:00Z", "2026-02-02T00:00:00Z");
    row("1W on a Wednesday", "cron(0 0 1W * ? *)", "2026-06-15T00:00:00Z", "2026-07-01T00:00:00Z");
    row("31W on Sunday is Friday the 29th", "cron(0 0 31W * ? *)", "2026-05-01T00:00:00Z", "2026-05-29T00:00:00Z");
    row("31W on Saturday is Friday the 30th", "cron(0 0 31W * ? *)", "2026-01-01T00:00:00Z", "2026-01-30T00:00:00Z");
    row("31W skips 30-day months", "cron(0 0 31W * ? *)", "2026-05-29T00:00:00Z", "2026-07-31T00:00:00Z");
    row("15W on Sunday is Monday", "cron(0 0 15W * ? *)", "2026-02-01T00:00:00Z", "2026-02-16T00:00:00Z");
    row("15W on Saturday is Friday", "cron(0 0 15W * ? *)", "2026-08-01T00:00:00Z", "2026-08-14T00:00:00Z");
    row("15W on a weekday", "cron(0 0 15W * ? *)", "2026-04-01T00:00:00Z", "2026-04-15T00:00:00Z");
    // #, nL
    row("TUE#2", "cron(0 9 ? * TUE#2 *)", "2026-01-01T00:00:00Z", "2026-01-13T09:00:00Z");
    row("3#2 is TUE#2", "cron(0 9 ? * 3#2 *)", "2026-01-01T00:00:00Z", "2026-01-13T09:00:00Z");
    row("first Monday", "cron(0 10 ? * 2#1 *)", "2026-01-01T00:00:00Z", "2026-01-05T10:00:00Z");
    row("first Thursday is the 1st", "cron(0 10 ? * THU#1 *)", "2025-12-31T00:00:00Z", "2026-01-01T10:00:00Z");
    row("fifth Friday", "cron(0 0 ? * 6#5 *)", "2026-01-01T00:00:00Z", "2026-01-30T00:00:00Z");
    row("fifth Friday skips months without one", "cron(0 0 ? * FRI#5 *)", "2026-01-30T00:00:00Z",
        "2026-05-29T00:00:00Z");
    row("last Friday (6L)", "cron(0 0 ? * 6L *)", "2026-01-01T00:00:00Z", "2026-01-30T00:00:00Z");
    row("last Friday (FRIL)", "cron(0 0 ? * FRIL *)", "2026-01-31T00:00:00Z", "2026-02-27T00:00:00Z");
    row("last Friday is the 31st", "cron(0 0 ? * friL *)", "2026-07-01T00:00:00Z", "2026-07-31T00:00:00Z");
    row("last Sunday", "cron(0 0 ? * 1L *)", "2026-05-01T00:00:00Z", "2026-05-31T00:00:00Z");
    // Whitespace between fields is free-form.
    row("extra spaces", "cron(  0   12 * *  ? *  )", "2026-01-01T00:00:00Z", "2026-01-01T12:00:00Z");
}

void tst_Schedule::cronNext()
{
    QFETCH(QString, expression);
    QFETCH(QString, after);
    QFETCH(qint64, afterOffset);
    QFETCH(QString, next);
    const Schedule s = mustParse(expression);
    QVERIFY(!s.isRate());
    QCOMPARE(s.rateInterval(), qint64(0));
    // The anchor only matters for rate(); a cron schedule must ignore it.
    QCOMPARE(show(s.nextAfter(utc(after) + afterOffset)), next);
    QCOMPARE(show(s.nextAfter(utc(after) + afterOffset, utc(QStringLiteral("2026-03-03T03:03:03Z")))), next);
}

void tst_Schedule::cronErrors_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("message");  // the error must start with this

    auto row = [](const char* expr, const char* message) {
        QTest::newRow(expr) << QString::fromLatin1(expr) << QString::fromLatin1(message);
    };
    const char* const six =
        "cron expression needs six fields (minutes hours day-of-month month day-of-week year); got ";
    QTest::newRow("five fields") << "cron(0 0 * * ?)" << QString::fromLatin1(six) + "5";
    QTest::newRow("four fields") << "cron(0 0 * *)" << QString::fromLatin1(six) + "4";
    QTest::newRow("seven fields") << "cron(0 0 0 * * ? *)" << QString::fromLatin1(six) + "7";
    QTest::newRow("no fields") << "cron()" << QString::fromLatin1(six) + "0";
    row("cron(0 0 ? * 8 *)", "cron day-of-week field \"8\": value out of range 1-7 (SUN-SAT)");
    row("cron(0 0 ? * 0 *)", "cron day-of-week field \"0\": value out of range 1-7 (SUN-SAT)");
    row("cron(0 0 ? * 1,8 *)", "cron day-of-week field \"1,8\": value 8 out of range 1-7 (SUN-SAT)");
    row("cron(0 0 ? * FUN *)", "cron day-of-week field \"FUN\": unknown day name \"FUN\"; expected SUN-SAT");
    row("cron(0 0 ? * MON-FUN *)", "cron day-of-week field \"MON-FUN\": unknown day name \"FUN\"");
    row("cron(0 0 ? * */2 *)", "cron day-of-week field \"*/2\": steps (/) are not allowed in this field");
    row("cron(0 0 ? * 3#6 *)", "cron day-of-week field \"3#6\": the occurrence after # must be 1-5; got \"6\"");
    row("cron(0 0 ? * 3#0 *)", "cron day-of-week field \"3#0\": the occurrence after # must be 1-5");
    row("cron(0 0 ? * 3# *)", "cron day-of-week field \"3#\": the occurrence after # must be 1-5");
    row("cron(0 0 ? * 8#1 *)", "cron day-of-week field \"8#1\": value 8 out of range 1-7 (SUN-SAT)");
    row("cron(0 0 ? * 3#1,6#3 *)", "cron day-of-week field \"3#1,6#3\": # can't be combined with other values");
    row("cron(0 0 ? * 8L *)", "cron day-of-week field \"8L\": value 8 out of range 1-7 (SUN-SAT)");
    row("cron(0 0 ? * 2,5L *)", "cron day-of-week field \"2,5L\": L can't be combined with other values");
    row("cron(0 0 ? * x *)", "cron day-of-week field \"x\": unknown day name \"x\"");
    row("cron(0 0 ? * 1-2-3 *)",
        "cron day-of-week field \"1-2-3\": \"2-3\" is not valid; expected 1-7 or SUN-SAT with , - * ? L #");
    row("cron(60 0 * * ? *)", "cron minutes field \"60\": value out of range 0-59");
    row("cron(-1 0 * * ? *)", "cron minutes field \"-1\": \"\" is not valid; expected 0-59 with , - * /");
    row("cron(x 0 * * ? *)", "cron minutes field \"x\": expected 0-59 with , - * /");
    row("cron(MON 0 * * ? *)", "cron minutes field \"MON\": expected 0-59 with , - * /");
    row("cron(? 0 * * ? *)", "cron minutes field \"?\": ? is only allowed in day-of-month and day-of-week");
    row("cron(*/0 * * * ? *)", "cron minutes field \"*/0\": step \"0\" must be a whole number 1-60");
    row("cron(5/x * * * ? *)", "cron minutes field \"5/x\": step \"x\" must be a whole number 1-60");
    row("cron(5/ * * * ? *)", "cron minutes field \"5/\": step \"\" must be a whole number 1-60");
    row("cron(50-10 * * * ? *)", "cron minutes field \"50-10\": range \"50-10\" runs backwards");
    row("cron(1,,2 * * * ? *)", "cron minutes field \"1,,2\": empty value in the list");
    row("cron(1, * * * ? *)", "cron minutes field \"1,\": empty value in the list");
    row("cron(0 24 * * ? *)", "cron hours field \"24\": value out of range 0-23");
    row("cron(0 99999999999 * * ? *)", "cron hours field \"99999999999\": value out of range 0-23");
    row("cron(0 0 32 * ? *)", "cron day-of-month field \"32\": value out of range 1-31");
    row("cron(0 0 0 * ? *)", "cron day-of-month field \"0\": value out of range 1-31");
    row("cron(0 0 1,? * ? *)", "cron day-of-month field \"1,?\": ? must be the whole field");
    row("cron(0 0 L,15 * ? *)", "cron day-of-month field \"L,15\": L and W can't be combined with other values");
    row("cron(0 0 32W * ? *)", "cron day-of-month field \"32W\": value 32 out of range 1-31");
    row("cron(0 0 0W * ? *)", "cron day-of-month field \"0W\": value 0 out of range 1-31");
    row("cron(0 0 W * ? *)", "cron day-of-month field \"W\": expected 1-31 with , - * ? / L W");
    row("cron(0 0 15L * ? *)", "cron day-of-month field \"15L\": expected 1-31 with , - * ? / L W");
    row("cron(0 0 1-5W * ? *)", "cron day-of-month field \"1-5W\": expected 1-31");
    row("cron(0 0 L-3 * ? *)", "cron day-of-month field \"L-3\": expected 1-31");
    row("cron(0 0 JAN * ? *)", "cron day-of-month field \"JAN\": expected 1-31");
    row("cron(0 0 * 13 ? *)", "cron month field \"13\": value out of range 1-12 (JAN-DEC)");
    row("cron(0 0 * FOO ? *)", "cron month field \"FOO\": unknown month name \"FOO\"; expected JAN-DEC");
    row("cron(0 0 * JAN-FOO ? *)", "cron month field \"JAN-FOO\": unknown month name \"FOO\"");
    row("cron(0 0 * DEC-JAN ? *)", "cron month field \"DEC-JAN\": range \"DEC-JAN\" runs backwards");
    row("cron(0 0 * ? ? *)", "cron month field \"?\": ? is only allowed in day-of-month and day-of-week");
    row("cron(0 0 * * ? 1969)", "cron year field \"1969\": value out of range 1970-2199");
    row("cron(0 0 * * ? 2200)", "cron year field \"2200\": value out of range 1970-2199");
    row("cron(0 0 * * ? 2026-2200)", "cron year field \"2026-2200\": value 2200 out of range 1970-2199");
    row("cron(0 0 * * ? 99999999999999999999)", "cron year field \"99999999999999999999\": value out of range");
    row("cron(0 0 * * * *)",
        "cron day-of-month field \"*\" and day-of-week field \"*\": exactly one of the two must be ?");
    row("cron(0 0 ? * ? *)",
        "cron day-of-month field \"?\" and day-of-week field \"?\": exactly one of the two must be ?");
    row("cron(0 0 1 * MON *)",
        "cron day-of-month field \"1\" and day-of-week field \"MON\": exactly one of the two must be ?");
    row("cron(0 0 L * L *)", "cron day-of-month field \"L\" and day-of-week field \"L\"");
    // Field errors come before the ? rule, in field order.
    row("cron(0 0 * * 8 *)", "cron day-of-week field \"8\": value out of range");
    row("cron(60 24 * * ? *)", "cron minutes field \"60\"");
    row("cron(0 0 * * ? *", "expected a schedule like \"rate(5 minutes)\" or \"cron(0 12 * * ? *)\"");
    row("cron(0 0 * * ? *)x", "expected a schedule like");
    row("cron 0 0 * * ? *", "expected a schedule like");
    row("0 0 * * ? *", "expected a schedule like");
}

void tst_Schedule::cronErrors()
{
    QFETCH(QString, expression);
    QFETCH(QString, message);
    const Result<Schedule> s = Schedule::parse(expression);
    QVERIFY2(!s.ok(), qPrintable(expression + QStringLiteral(" was accepted")));
    QVERIFY2(s.error().message.startsWith(message), qPrintable(s.error().message));
}

void tst_Schedule::designCheckFiveFifteen()
{
    const Schedule s = mustParse(QStringLiteral("cron(5/15 * * * ? *)"));
    const qint64 start = utc(QStringLiteral("2026-01-01T00:00:00Z"));
    QStringList fires;
    for (auto t = s.nextAfter(start - 1); t && *t < start + kHour; t = s.nextAfter(*t)) fires << show(t);
    QCOMPARE(fires, (QStringList{"2026-01-01T00:05:00Z", "2026-01-01T00:20:00Z", "2026-01-01T00:35:00Z",
                                 "2026-01-01T00:50:00Z"}));
}

void tst_Schedule::copiesAreIndependent()
{
    Schedule a = mustParse(QStringLiteral("rate(5 minutes)"));
    Schedule b = mustParse(QStringLiteral("cron(0 12 * * ? *)"));
    Schedule c = a;
    c = b;
    QVERIFY(a.isRate());
    QVERIFY(!c.isRate());
    QCOMPARE(c.expression(), QStringLiteral("cron(0 12 * * ? *)"));
    Schedule d = std::move(a);
    QCOMPARE(d.rateInterval(), 5 * kMinute);
    d = std::move(b);
    QCOMPARE(show(d.nextAfter(0)), QStringLiteral("1970-01-01T12:00:00Z"));
}

void tst_Schedule::farSearchesAreFast()
{
    // Each of these would take millions of steps minute by minute; the skipping search needs a
    // few thousand at most. No timed assertion (shared machines): a brute-force search would
    // not finish within ctest's timeout, which is what fails then.
    const Schedule never = mustParse(QStringLiteral("cron(0 0 31 2 ? *)"));
    const Schedule leap = mustParse(QStringLiteral("cron(59 23 29 2 ? 2196)"));
    const Schedule nth = mustParse(QStringLiteral("cron(0 0 ? FEB 6#5 2180-2199)"));
    const Schedule nthNever = mustParse(QStringLiteral("cron(0 0 ? FEB 6#5 2189-2199)"));
    const qint64 start = utc(QStringLiteral("1970-01-01T00:00:00Z"));
    for (int i = 0; i < 1000; ++i) {
        QVERIFY(!never.nextAfter(start + i * kMinute));
        QCOMPARE(show(leap.nextAfter(start + i * kMinute)), QStringLiteral("2196-02-29T23:59:00Z"));
    }
    // Five Fridays in February needs a leap year whose Feb 1 is a Friday: 2188, then not before 2200.
    QCOMPARE(show(nth.nextAfter(start)), QStringLiteral("2188-02-29T00:00:00Z"));
    QCOMPARE(show(nthNever.nextAfter(start)), QStringLiteral("none"));
}

void tst_Schedule::randomCronsMatchBruteForce()
{
    constexpr int kCrons = 300;
    constexpr int kWindowDays = 40;
    crontest::RandomCronMaker maker(20260101);
    const QDate firstStart(2026, 1, 1);
    int fired = 0, checks = 0;

    for (int n = 0; n < kCrons; ++n) {
        const crontest::RandomCron cron = maker.make();
        const Result<Schedule> parsed = Schedule::parse(cron.text);
        QVERIFY2(parsed.ok(),
                 qPrintable(cron.text + QStringLiteral(": ") + (parsed.ok() ? QString() : parsed.error().message)));
        const Schedule& s = *parsed;

        const QDate startDay = firstStart.addDays(maker.pick(0, 6 * 365));
        const QDateTime windowStart(startDay, QTime(0, 0), Qt::UTC);
        const qint64 windowBegin = windowStart.toMSecsSinceEpoch() * 1000;
        const qint64 windowEnd = windowBegin + kWindowDays * kDay;

        // The reference: every minute of the window, checked against the plain reading.
        std::vector<qint64> expected;
        for (int d = 0; d < kWindowDays; ++d) {
            const QDate date = startDay.addDays(d);
            const bool day =
                cron.years[size_t(date.year())] && cron.months[size_t(date.month())] && cron.dayMatches(date);
            for (int h = 0; h < 24; ++h) {
                for (int m = 0; m < 60; ++m) {
                    if (day && cron.hours[size_t(h)] && cron.minutes[size_t(m)])
                        expected.push_back(windowBegin + d * kDay + h * kHour + m * kMinute);
                }
            }
        }
        fired += int(expected.size());

        // Follow the chain of fires from the window's start (the first ~100 of them) ...
        std::optional<qint64> next = s.nextAfter(windowBegin - 1);
        for (size_t i = 0; i < std::min<size_t>(expected.size(), 100); ++i) {
            QVERIFY2(next == expected[i], qPrintable(QStringLiteral("%1: fire %2 is %3, expected %4")
                                                         .arg(cron.text)
                                                         .arg(i)
                                                         .arg(show(next), show(expected[i]))));
            next = s.nextAfter(*next);
            ++checks;
        }
        if (expected.empty())
            QVERIFY2(!next || *next >= windowEnd, qPrintable(cron.text + QStringLiteral(": fired at ") + show(next)));

        // ... and probe from random instants, not only on minute boundaries.
        for (int p = 0; p < 20; ++p) {
            const qint64 after = windowBegin + qint64(maker.pick(0, kWindowDays * 24 * 60 - 1)) * kMinute +
                                 (maker.chance(50) ? 0 : qint64(maker.pick(1, 59'999'999)));
            const auto it = std::upper_bound(expected.begin(), expected.end(), after);
            const std::optional<qint64> got = s.nextAfter(after);
            if (it != expected.end()) {
                QVERIFY2(got == *it, qPrintable(QStringLiteral("%1 after %2: got %3, expected %4")
                                                    .arg(cron.text, show(after), show(got), show(*it))));
            } else {
                QVERIFY2(!got || *got >= windowEnd,
                         qPrintable(QStringLiteral("%1 after %2: got %3, expected none in window")
                                        .arg(cron.text, show(after), show(got))));
            }
            ++checks;
        }
    }
    // The generator must actually exercise firing schedules, or the comparison proves little.
    QVERIFY2(fired > 10'000, qPrintable(QString::number(fired)));
    QVERIFY(checks > kCrons * 20);
}

QTEST_GUILESS_MAIN(tst_Schedule)
