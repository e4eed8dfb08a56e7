// Duration strings in project files: parse, format, and the errors a user sees for bad ones.
#include "format/Duration.h"

#include <QtTest>

#include <limits>

using namespace ml;

class tst_Duration : public QObject {
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void parseErrors_data();
    void parseErrors();
    void fromJson_data();
    void fromJson();
    void format_data();
    void format();
    void formatForPeople_data();
    void formatForPeople();
    void roundTrip();
    void extremes();
};

void tst_Duration::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("micros");

    QTest::newRow("250ms") << "250ms" << qint64(250'000);
    QTest::newRow("30s") << "30s" << qint64(30'000'000);
    QTest::newRow("1.5s") << "1.5s" << qint64(1'500'000);
    QTest::newRow("5m") << "5m" << qint64(300'000'000);
    QTest::newRow("5min") << "5min" << qint64(300'000'000);
    QTest::newRow("2h") << "2h" << qint64(7'200'000'000);
    QTest::newRow("4d") << "4d" << qint64(345'600'000'000);
    QTest::newRow("100us") << "100us" << qint64(100);
    QTest::newRow("micro sign") << QString::fromUtf8("100\u00b5s") << qint64(100);
    QTest::newRow("bare zero") << "0" << qint64(0);
    QTest::newRow("0s") << "0s" << qint64(0);
    QTest::newRow("0ms") << "0ms" << qint64(0);
    QTest::newRow("0.0") << "0.0" << qint64(0);
    QTest::newRow("0.5ms") << "0.5ms" << qint64(500);
    QTest::newRow("0.001ms") << "0.001ms" << qint64(1);
    QTest::newRow("1.25h") << "1.25h" << qint64(4'500'000'000);
    QTest::newRow("0.5d") << "0.5d" << qint64(43'200'000'000);
    QTest::newRow("1.50s trailing zero") << "1.50s" << qint64(1'500'000);
    QTest::newRow("leading zeros") << "007s" << qint64(7'000'000);
    QTest::newRow("surrounding spaces") << "  30s " << qint64(30'000'000);
    QTest::newRow("longest allowed") << "36500d" << qint64(36500) * 86'400'000'000;
    QTest::newRow("many leading zeros") << "0000000000000000000000001s" << qint64(1'000'000);
}

void tst_Duration::parse()
{
    QFETCH(QString, text);
    QFETCH(qint64, micros);
    const Result<Micros> r = duration::parse(text);
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
    QCOMPARE(*r, micros);
}

void tst_Duration::parseErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");  // must appear in the error

    QTest::newRow("empty")
        << ""
        << "expected a duration with a unit, like \"30s\" (units us, ms, s, m, h or d); got an empty string";
    QTest::newRow("spaces only") << "   "
                                 << "got an empty string";
    QTest::newRow("bare number")
        << "30"
        << "expected a duration with a unit, like \"30s\" (units us, ms, s, m, h or d); got \"30\" with no unit";
    QTest::newRow("bare fraction") << "1.5"
                                   << "got \"1.5\" with no unit";
    QTest::newRow("negative") << "-5s"
                              << "a duration can't be negative; got \"-5s\"";
    QTest::newRow("negative zero") << "-0s"
                                   << "can't be negative";
    QTest::newRow("unknown unit") << "30x"
                                  << "unknown duration unit \"x\" in \"30x\"; expected us, ms, s, m, h or d";
    QTest::newRow("upper-case M") << "5M"
                                  << "unknown duration unit \"M\"";
    QTest::newRow("space before unit") << "30 s"
                                       << "unknown duration unit \" s\"";
    QTest::newRow("exponent") << "1e3s"
                              << "unknown duration unit \"e3s\"";
    QTest::newRow("word") << "soon"
                          << "expected a duration with a unit, like \"30s\"";
    QTest::newRow("unit only") << "s"
                               << "got \"s\"";
    QTest::newRow("plus sign") << "+5s"
                               << "got \"+5s\"";
    QTest::newRow("dot without fraction") << "1.s"
                                          << "got \"1.s\"";
    QTest::newRow("dot without integer") << ".5s"
                                         << "got \".5s\"";
    QTest::newRow("two dots") << "1.2.3s"
                              << "unknown duration unit \".3s\"";
    QTest::newRow("overflow") << "99999999999999999999d"
                              << "duration \"99999999999999999999d\" is too long; the longest allowed is 36500d";
    QTest::newRow("just past the limit") << "36501d"
                                         << "is too long";
    QTest::newRow("limit plus a fraction") << "36500.5d"
                                           << "is too long";
    QTest::newRow("huge microseconds") << "9223372036854775807us"
                                       << "is too long";
    QTest::newRow("finer than a microsecond") << "0.0000001s"
                                              << "duration \"0.0000001s\" is more precise than a microsecond";
    QTest::newRow("fractional microseconds") << "1.5us"
                                             << "more precise than a microsecond";
    QTest::newRow("very long fraction") << "1.0000000000000000000001s"
                                        << "more precise than a microsecond";
}

void tst_Duration::parseErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    const Result<Micros> r = duration::parse(text);
    QVERIFY2(!r.ok(), qPrintable(QStringLiteral("accepted as %1").arg(r.ok() ? *r : 0)));
    QVERIFY2(r.error().message.contains(message), qPrintable(r.error().message));
    QVERIFY(r.error().pointer.isEmpty());
}

void tst_Duration::fromJson_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("micros");
    QTest::addColumn<QString>("message");  // the whole error message

    const QString expected = QStringLiteral("expected a duration string with a unit, like \"30s\"; got ");
    QTest::newRow("string") << "\"30s\"" << true << qint64(30'000'000) << QString();
    QTest::newRow("bad string") << "\"30x\"" << false << qint64(0)
                                << "unknown duration unit \"x\" in \"30x\"; expected us, ms, s, m, h or d";
    QTest::newRow("integer") << "30" << false << qint64(0) << expected + "the number 30";
    QTest::newRow("zero") << "0" << false << qint64(0) << expected + "the number 0";
    QTest::newRow("float") << "1.5" << false << qint64(0) << expected + "the number 1.5";
    QTest::newRow("negative") << "-2" << false << qint64(0) << expected + "the number -2";
    QTest::newRow("null") << "null" << false << qint64(0) << expected + "null";
    QTest::newRow("bool") << "true" << false << qint64(0) << expected + "true";
    QTest::newRow("array") << "[\"30s\"]" << false << qint64(0) << expected + "an array";
    QTest::newRow("object") << "{\"s\":30}" << false << qint64(0) << expected + "an object";
}

void tst_Duration::fromJson()
{
    QFETCH(QString, json);
    QFETCH(bool, ok);
    QFETCH(qint64, micros);
    QFETCH(QString, message);
    const Result<Micros> r = duration::fromJson(Json::parse(json.toStdString()));
    QCOMPARE(r.ok(), ok);
    if (ok) {
        QCOMPARE(*r, micros);
    } else {
        QCOMPARE(r.error().message, message);
        QVERIFY(r.error().pointer.isEmpty());
    }
}

void tst_Duration::format_data()
{
    QTest::addColumn<qint64>("micros");
    QTest::addColumn<QString>("text");

    QTest::newRow("zero") << qint64(0) << "0s";
    QTest::newRow("250ms") << qint64(250'000) << "250ms";
    QTest::newRow("30s") << qint64(30'000'000) << "30s";
    QTest::newRow("90s stays seconds") << qint64(90'000'000) << "90s";
    QTest::newRow("1.5s is 1500ms") << qint64(1'500'000) << "1500ms";
    QTest::newRow("one hour") << qint64(3'600'000'000) << "1h";
    QTest::newRow("90 minutes") << qint64(5'400'000'000) << "90m";
    QTest::newRow("36 hours") << qint64(129'600'000'000) << "36h";
    QTest::newRow("48 hours") << qint64(172'800'000'000) << "2d";
    QTest::newRow("one day") << qint64(86'400'000'000) << "1d";
    QTest::newRow("1us") << qint64(1) << "1us";
    QTest::newRow("1001us") << qint64(1001) << "1001us";
    QTest::newRow("1000us") << qint64(1000) << "1ms";
    QTest::newRow("negative") << qint64(-30'000'000) << "-30s";
    QTest::newRow("one minute") << qint64(60'000'000) << "1m";
    QTest::newRow("61 seconds") << qint64(61'000'000) << "61s";
}

void tst_Duration::format()
{
    QFETCH(qint64, micros);
    QFETCH(QString, text);
    QCOMPARE(duration::format(micros), text);
}

void tst_Duration::formatForPeople_data()
{
    QTest::addColumn<qint64>("micros");
    QTest::addColumn<QString>("text");
    QTest::newRow("short exact values stay") << qint64(600'000'000) << "10m";
    QTest::newRow("1500ms is 1.5s") << qint64(1'500'000) << "1.5s";
    QTest::newRow("live run clock") << qint64(2'121'582) << "2.12s";
    QTest::newRow("tens of seconds") << qint64(42'345'678) << "42.3s";
    QTest::newRow("milliseconds") << qint64(12'345) << "12.3ms";
    QTest::newRow("hundreds of ms") << qint64(123'456) << "123ms";
    QTest::newRow("just under a second") << qint64(999'600) << "1s";
    QTest::newRow("minutes and seconds") << qint64(754'400'000) << "12m 34s";
    QTest::newRow("hours and minutes") << qint64(11'100'400'000) << "3h 5m";
    QTest::newRow("rounding up a unit") << qint64(3'599'700'000) << "1h";
    QTest::newRow("days and hours") << qint64(93'600'000'001) << "1d 2h";
    QTest::newRow("microseconds") << qint64(999) << "999us";
    QTest::newRow("negative") << qint64(-2'121'582) << "-2.12s";
}

void tst_Duration::formatForPeople()
{
    QFETCH(qint64, micros);
    QFETCH(QString, text);
    QCOMPARE(duration::formatForPeople(micros), text);
}

void tst_Duration::roundTrip()
{
    const qint64 values[] = {0,
                             1,
                             999,
                             1000,
                             1'500'000,
                             59'000'000,
                             60'000'000,
                             61'000'000,
                             3'599'000'000,
                             3'600'000'000,
                             86'399'999'999,
                             86'400'000'000,
                             123'456'789,
                             36500 * 86'400'000'000LL};
    for (qint64 v : values) {
        const Result<Micros> back = duration::parse(duration::format(v));
        QVERIFY2(back.ok(), qPrintable(duration::format(v)));
        QCOMPARE(*back, v);
    }
}

void tst_Duration::extremes()
{
    // Never crash or produce garbage at the ends of the range.
    QCOMPARE(duration::format(std::numeric_limits<qint64>::min()), QStringLiteral("-9223372036854775808us"));
    QCOMPARE(duration::format(std::numeric_limits<qint64>::max()), QStringLiteral("9223372036854775807us"));
    QVERIFY(!duration::parse(QString(5000, QLatin1Char('9')) + QStringLiteral("s")).ok());
    QVERIFY(!duration::parse(QStringLiteral("1.") + QString(5000, QLatin1Char('1')) + QStringLiteral("s")).ok());
    QVERIFY(!duration::parse(QString::fromUtf8("30s\0", 4)).ok());
}

QTEST_GUILESS_MAIN(tst_Duration)
#include "tst_duration.moc"
