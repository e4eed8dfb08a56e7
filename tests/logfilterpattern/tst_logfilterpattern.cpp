// CloudWatch Logs filter patterns: term, phrase, OR and exclusion patterns; JSON patterns with
// every operator, wildcards, precedence and parentheses; IS NULL vs NOT EXISTS; the column
// each bad pattern reports; and a fixed-seed fuzz loop over mutated patterns.
#include "format/LogFilterPattern.h"

#include <QtTest>

#include <random>

using ml::Json;
using ml::LogFilterPattern;

namespace {

// The example event of the CloudWatch "Filter pattern syntax" page, plus a few fields.
const char* const kEvent = R"({
  "eventType": "UpdateTrail",
  "sourceIPAddress": "111.111.111.111",
  "arrayKey": ["value", "another value"],
  "objectList": [{"name": "a", "id": 1}, {"name": "b", "id": 2}],
  "SomeObject": null,
  "ThisFlag": true,
  "OtherFlag": false,
  "latency": 250,
  "ratio": 0.5,
  "code": "404",
  "user": "alice",
  "users": [1, 2, 3],
  "nested": {"deep": {"level": 3}},
  "a": 1,
  "b": 0
})";

// The compound-condition example of the same page.
const char* const kCompound = R"({
  "user": {"id": 1, "email": "John.Stiles@example.com"},
  "users": [{"id": 2, "email": "John.Doe@example.com"}, {"id": 3, "email": "Jane.Doe@example.com"}],
  "actions": ["GET", "PUT", "DELETE"],
  "coordinates": [[0, 1, 2], [4, 5, 6], [7, 8, 9]]
})";

}  // namespace

class TestLogFilterPattern : public QObject {
    Q_OBJECT

private slots:
    void terms_data();
    void terms();
    void termsSearchTheSerialisedEvent();
    void json_data();
    void json();
    void jsonPatternReadsJsonText();
    void badPattern_data();
    void badPattern();
    void nestingLimit();
    void copiesKeepThePattern();
    void fuzzNeverCrashes();
};

void TestLogFilterPattern::terms_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("expected");

    auto row = [](const char* name, const char* pattern, const char* text, bool expected) {
        QTest::newRow(name) << QString::fromUtf8(pattern) << QString::fromUtf8(text) << expected;
    };
    row("empty matches all", "", "anything", true);
    row("blank matches all", "   ", "anything", true);
    row("empty quotes match all", R"("")", "anything", true);
    row("term", "ERROR", "[ERROR] A fatal exception has occurred", true);
    row("term inside a word", "ERROR", "Exiting with ERRORCODE: -1", true);
    row("term is case-sensitive", "ERROR", "[error] lower case", false);
    row("term missing", "ERROR", "[INFO] fine", false);
    row("two terms, both", "ERROR Exception", "[ERROR] Caught IllegalArgumentException", true);
    row("two terms, one", "ERROR Exception", "[ERROR] Unable to continue", false);
    row("terms in any order", "request Failed", "Failed to process the request", true);
    row("phrase", R"("Failed request")", "x Failed request y", true);
    row("phrase needs the exact text", R"("Failed request")", "Failed the request", false);
    row("phrase with punctuation", R"("status: 500")", "got status: 500 from upstream", true);
    row("phrase with escaped quote", R"("say \"hi\"")", R"(they say "hi" twice)", true);
    row("or, second", "?ERROR ?WARN", "WARN message", true);
    row("or, first", "?ERROR ?WARN", "ERROR message", true);
    row("or, none", "?ERROR ?WARN", "INFO message", false);
    row("exclusion keeps", "ERROR -WARN", "ERROR message", true);
    row("exclusion drops", "ERROR -WARN", "ERROR WARN message", false);
    row("exclusion alone keeps", "-DEBUG", "INFO starting", true);
    row("exclusion alone drops", "-DEBUG", "DEBUG starting", false);
    row("quoted exclusion with space", R"("ERROR" - "Exiting")", "[ERROR] A fatal exception", true);
    row("quoted exclusion with space drops", R"("ERROR" - "Exiting")", "Exiting with ERRORCODE: -1", false);
    row("or with a required term", "timeout ?ERROR ?WARN", "WARN timeout", true);
    row("or with a required term missing", "timeout ?ERROR ?WARN", "WARN slow", false);
    row("or with exclusion", "?ERROR ?WARN -retry", "ERROR retry scheduled", false);
    row("unicode term", "Größe", "Die Größe ist 5", true);
}

void TestLogFilterPattern::terms()
{
    QFETCH(QString, pattern);
    QFETCH(QString, text);
    QFETCH(bool, expected);
    auto parsed = LogFilterPattern::parse(pattern);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
    QCOMPARE(parsed->matches(Json::object({{"message", "unrelated"}}), text), expected);
    QCOMPARE(parsed->source(), pattern);
}

void TestLogFilterPattern::termsSearchTheSerialisedEvent()
{
    const Json line = {{"urgency", "critical"}, {"message", "disk full"}};
    auto critical = LogFilterPattern::parse(QStringLiteral("critical"));
    QVERIFY(critical.ok());
    QVERIFY(critical->matches(line));
    QVERIFY(!critical->matches(Json{{"urgency", "info"}}));
    // The raw text wins over the event when both are given.
    QVERIFY(!critical->matches(line, QStringLiteral("all good")));
    auto phrase = LogFilterPattern::parse(QStringLiteral("\"disk full\""));
    QVERIFY(phrase.ok());
    QVERIFY(phrase->matches(line));
    auto excluded = LogFilterPattern::parse(QStringLiteral("-critical"));
    QVERIFY(excluded.ok());
    QVERIFY(!excluded->matches(line));
    QVERIFY(excluded->matches(Json()));
}

void TestLogFilterPattern::json_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QByteArray>("event");
    QTest::addColumn<bool>("expected");

    auto row = [](const char* name, const char* pattern, bool expected, const char* event = kEvent) {
        QTest::newRow(name) << QString::fromUtf8(pattern) << QByteArray(event) << expected;
    };
    // = and != on strings
    row("string =", R"({ $.eventType = "UpdateTrail" })", true);
    row("string = differs", R"({ $.eventType = "Update" })", false);
    row("string = unquoted", R"({ $.eventType = UpdateTrail })", true);
    row("string = no spaces", R"({$.eventType="UpdateTrail"})", true);
    row("string = is case-sensitive", R"({ $.eventType = "updatetrail" })", false);
    row("string !=", R"({ $.eventType != "Other" })", true);
    row("string != same", R"({ $.eventType != "UpdateTrail" })", false);
    row("missing field fails =", R"({ $.missing = "x" })", false);
    row("missing field fails !=", R"({ $.missing != "x" })", false);
    row("array field fails =", R"({ $.users = 1 })", false);
    row("array field fails !=", R"({ $.users != 1 })", false);
    row("object field fails !=", R"({ $.nested != "x" })", false);
    row("boolean is not a value node", R"({ $.ThisFlag = true })", false);
    // wildcards: * at either end; a * inside is literal
    row("wildcard suffix", R"({ $.user = "ali*" })", true);
    row("wildcard prefix", R"({ $.user = "*ice" })", true);
    row("wildcard both", R"({ $.user = "*lic*" })", true);
    row("wildcard no", R"({ $.user = "bob*" })", false);
    row("inner star is literal", R"({ $.user = "a*e" })", false);
    row("star alone", R"({ $.user = * })", true);
    row("star alone on missing", R"({ $.missing = * })", false);
    row("unquoted ip wildcard !=", R"({ $.sourceIPAddress != 123.123.* })", true);
    row("unquoted ip wildcard = ", R"({ $.sourceIPAddress = 111.111.* })", true);
    row("wildcard on number text", R"({ $.latency = 2* })", true);
    row("wildcard on numeric string", R"({ $.code = 4* })", true);
    // arrays and nesting
    row("index 0", R"({ $.arrayKey[0] = "value" })", true);
    row("index 1", R"({ $.arrayKey[1] = "another value" })", true);
    row("index out of range", R"({ $.arrayKey[2] = "value" })", false);
    row("index on a string", R"({ $.eventType[0] = "U*" })", false);
    row("index then property", R"({ $.objectList[1].id = 2 })", true);
    row("index then property differs", R"({ $.objectList[1].id = 1 })", false);
    row("nested", R"({ $.nested.deep.level = 3 })", true);
    // numbers: every operator on both sides of 250
    row("= number", R"({ $.latency = 250 })", true);
    row("= number by value", R"({ $.latency = 250.0 })", true);
    row("= number differs", R"({ $.latency = 251 })", false);
    row("!= number", R"({ $.latency != 251 })", true);
    row("!= number same", R"({ $.latency != 250 })", false);
    row("< above", R"({ $.latency < 251 })", true);
    row("< boundary", R"({ $.latency < 250 })", false);
    row("<= boundary", R"({ $.latency <= 250 })", true);
    row("<= below", R"({ $.latency <= 249 })", false);
    row("> below", R"({ $.latency > 249 })", true);
    row("> boundary", R"({ $.latency > 250 })", false);
    row(">= boundary", R"({ $.latency >= 250 })", true);
    row(">= above", R"({ $.latency >= 251 })", false);
    row("plus sign", R"({ $.latency > +100 })", true);
    row("scientific", R"({ $.latency < 10e3 })", true);
    row("negative exponent", R"({ $.ratio >= 5e-1 })", true);
    row("negative exponent strict", R"({ $.ratio > 5e-1 })", false);
    row("negative number", R"({ $.ratio > -1 })", true);
    row("numeric string compares as a number", R"({ $.code > 400 })", true);
    row("numeric string =", R"({ $.code = 404 })", true);
    row("number vs non-numeric string", R"({ $.user > 1 })", false);
    row("number != non-numeric string", R"({ $.user != 1 })", true);
    row("quoted number compares text", R"({ $.latency = "250" })", true);
    // IS NULL vs NOT EXISTS; IS TRUE / IS FALSE
    row("IS NULL on null", R"({ $.SomeObject IS NULL })", true);
    row("IS NULL on missing", R"({ $.SomeOtherObject IS NULL })", false);
    row("IS NULL on a value", R"({ $.user IS NULL })", false);
    row("NOT EXISTS on missing", R"({ $.SomeOtherObject NOT EXISTS })", true);
    row("NOT EXISTS on null", R"({ $.SomeObject NOT EXISTS })", false);
    row("NOT EXISTS on a value", R"({ $.user NOT EXISTS })", false);
    row("NOT EXISTS below a string", R"({ $.user.name NOT EXISTS })", true);
    row("NOT EXISTS deep present", R"({ $.nested.deep.level NOT EXISTS })", false);
    row("NOT EXISTS index out of range", R"({ $.arrayKey[5] NOT EXISTS })", true);
    row("IS TRUE", R"({ $.ThisFlag IS TRUE })", true);
    row("IS TRUE on false", R"({ $.OtherFlag IS TRUE })", false);
    row("IS FALSE", R"({ $.OtherFlag IS FALSE })", true);
    row("IS FALSE on true", R"({ $.ThisFlag IS FALSE })", false);
    row("IS TRUE on a string", R"({ $.user IS TRUE })", false);
    row("IS FALSE on missing", R"({ $.missing IS FALSE })", false);
    row("keywords in lower case", R"({ $.SomeObject is null && $.missing not exists })", true);
    // && and ||: && binds tighter; parentheses override
    row("and, both", R"({ $.user = "alice" && $.latency > 100 })", true);
    row("and, one", R"({ $.user = "alice" && $.latency > 300 })", false);
    row("or, one", R"({ $.user = "bob" || $.latency > 100 })", true);
    row("or, none", R"({ $.user = "bob" || $.latency > 300 })", false);
    row("&& before ||", R"({ $.a = 1 || $.a = 2 && $.b = 3 })", true);
    row("parentheses first", R"({ ($.a = 1 || $.a = 2) && $.b = 3 })", false);
    row("&& before || on the left", R"({ $.b = 3 && $.a = 2 || $.a = 1 })", true);
    row("nested parentheses", R"({ ((($.a = 1)) && ($.b = 0 || $.b = 9)) })", true);
    row("chain of ||", R"({ $.a = 5 || $.a = 6 || $.a = 7 || $.a = 1 })", true);
    row("chain of &&", R"({ $.a = 1 && $.b = 0 && $.user = "alice" && $.code = 405 })", false);
    // The four compound examples of the CloudWatch docs.
    row("docs compound 1", R"({ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") })", true, kCompound);
    row("docs compound 2", R"({ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" })", false,
        kCompound);
    row("docs compound 3",
        R"({ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch })",
        true, kCompound);
    row("docs compound 4",
        R"({ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch })",
        false, kCompound);
    row("index of index", R"({ $.coordinates[2][0] = 7 })", true, kCompound);
    row("not an object", R"({ $.a = 1 })", false, R"("just text")");
}

void TestLogFilterPattern::json()
{
    QFETCH(QString, pattern);
    QFETCH(QByteArray, event);
    QFETCH(bool, expected);
    auto parsed = LogFilterPattern::parse(pattern);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
    QCOMPARE(parsed->matches(Json::parse(event.toStdString())), expected);
}

void TestLogFilterPattern::jsonPatternReadsJsonText()
{
    auto parsed = LogFilterPattern::parse(QStringLiteral("{ $.urgency = \"critical\" }"));
    QVERIFY(parsed.ok());
    QVERIFY(parsed->matches(Json(), QStringLiteral(R"({"urgency": "critical"})")));
    QVERIFY(!parsed->matches(Json(), QStringLiteral(R"({"urgency": "info"})")));
    QVERIFY(!parsed->matches(Json(), QStringLiteral("urgency critical, not JSON")));
    QVERIFY(!parsed->matches(Json()));
}

void TestLogFilterPattern::badPattern_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");

    auto row = [](const char* name, const QString& pattern, int column, const char* message) {
        QTest::newRow(name) << pattern << column << QString::fromUtf8(message);
    };
    row("lone brace", "{", 2, "expected a selector like $.field");
    row("empty braces", "{ }", 3, "expected a selector like $.field");
    row("no value", "{ $.a = }", 9, "expected a value after \"=\"");
    row("unclosed pattern", "{ $.a = \"x\" ", 13, "expected \"&&\", \"||\" or \"}\"");
    row("unclosed string", "{ $.a = \"x }", 13, "expected a closing quote for the string that starts at column 9");
    row("missing operator", "{ $.urgency }", 13, "expected a comparison operator after \"$.urgency\"");
    row("missing operator, text", "{$.urgency critical}", 12, "expected a comparison operator after \"$.urgency\"");
    row("double equals", "{ $.a == 1 }", 8, "expected a value after \"=\"");
    row("single ampersand", "{ $.a = 1 & $.b = 2 }", 11, "expected \"&&\", \"||\" or \"}\"");
    row("dangling &&", "{ $.a = 1 && }", 14, "expected a selector like $.field");
    row("dangling ||", "{ $.a = 1 || }", 14, "expected a selector like $.field");
    row("text after the pattern", "{ $.a = 1 } extra", 13, "expected nothing after the closing \"}\"");
    row("no dollar", "{ a = 1 }", 3, "expected a selector like $.field");
    row("dollar alone", "{ $ = 1 }", 4, "expected \".\" and a property name after \"$\"");
    row("dot alone", "{ $. = 1 }", 5, "expected a property name after \".\"");
    row("index first", "{ $[0] = 1 }", 4, "expected \".\" and a property name before \"[\"");
    row("index empty", "{ $.a[] = 1 }", 7, "expected an array index");
    row("index unclosed", "{ $.a[1 = 1 }", 8, "expected \"]\" after the array index");
    row("< on a word", "{ $.a < abc }", 9, "expected a number after \"<\"");
    row("> on a quoted number", "{ $.a > \"5\" }", 9, "expected a number after \">\"");
    row(">= missing", "{ $.a >= }", 10, "expected a value after \">=\"");
    row("IS what", "{ $.a IS MAYBE }", 10, "expected NULL, TRUE or FALSE after IS");
    row("IS at end", "{ $.a IS", 9, "expected NULL, TRUE or FALSE after IS");
    row("NOT what", "{ $.a NOT THERE }", 11, "expected EXISTS after NOT");
    row("unclosed parenthesis", "{ ($.a = 1 }", 12, "expected \"&&\", \"||\" or \")\" to close the \"(\" at column 3");
    row("stray closing parenthesis", "{ $.a = 1) }", 10, "expected \"&&\", \"||\" or \"}\"");
    row("parentheses only", "(((", 1, "expected a letter, digit or \"_\"");
    row("term with punctuation", "ERROR: x", 6, "expected a letter, digit or \"_\"");
    row("question mark alone", "?", 2, "expected a term after \"?\"");
    row("question mark then space", "? ERROR", 2, "expected a term after \"?\"");
    row("minus at end", "ERROR -", 8, "expected a term after \"-\"");
    row("unclosed phrase", "\"unterminated", 14, "expected a closing quote for the phrase that starts at column 1");
    row("space-delimited", "[ip, user]", 1, "space-delimited patterns [...] are not supported");
    row("regex", "%AUTHORIZED%", 1, "regular expressions %...% are not supported");
    row("leading spaces count", "   { $.a }", 10, "expected a comparison operator after \"$.a\"");
    row("too long", QString(1025, QLatin1Char('a')), 1025, "at most 1024 characters");
}

void TestLogFilterPattern::badPattern()
{
    QFETCH(QString, pattern);
    QFETCH(int, column);
    QFETCH(QString, message);
    auto parsed = LogFilterPattern::parse(pattern);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().column, column);
    QVERIFY2(parsed.error().message.contains(message), qPrintable(parsed.error().message));
    QVERIFY2(parsed.error().message.endsWith(QStringLiteral("at column %1").arg(column)),
             qPrintable(parsed.error().message));
}

void TestLogFilterPattern::nestingLimit()
{
    auto nested = [](int depth) {
        return QStringLiteral("{ ") + QString(depth, QLatin1Char('(')) + QStringLiteral("$.a = 1") +
               QString(depth, QLatin1Char(')')) + QStringLiteral(" }");
    };
    auto ok = LogFilterPattern::parse(nested(64));
    QVERIFY2(ok.ok(), qPrintable(ok.ok() ? QString() : ok.error().message));
    QVERIFY(ok->matches(Json{{"a", 1}}));
    QVERIFY(!ok->matches(Json{{"a", 2}}));

    auto tooDeep = LogFilterPattern::parse(nested(65));
    QVERIFY(!tooDeep.ok());
    QCOMPARE(tooDeep.error().column, 3 + 64);  // the 65th "("
    QVERIFY(tooDeep.error().message.contains(QStringLiteral("at most 64 nested parentheses")));

    // The longest pattern allowed, all parentheses: an error, not a stack overflow.
    auto wall = LogFilterPattern::parse(QStringLiteral("{") + QString(1023, QLatin1Char('(')));
    QVERIFY(!wall.ok());
    QCOMPARE(wall.error().column, 2 + 64);
}

void TestLogFilterPattern::copiesKeepThePattern()
{
    auto parsed = LogFilterPattern::parse(QStringLiteral("{ $.urgency = \"critical\" }"));
    QVERIFY(parsed.ok());
    LogFilterPattern copy = parsed.value();
    LogFilterPattern moved = std::move(parsed.value());
    const Json critical = {{"urgency", "critical"}};
    QVERIFY(copy.matches(critical));
    QVERIFY(moved.matches(critical));
    QCOMPARE(copy.source(), QStringLiteral("{ $.urgency = \"critical\" }"));
    copy = LogFilterPattern::parse(QStringLiteral("{ $.urgency = \"info\" }")).value();
    QVERIFY(!copy.matches(critical));
    QVERIFY(moved.matches(critical));
}

void TestLogFilterPattern::fuzzNeverCrashes()
{
    const QString seeds[] = {
        QStringLiteral("{ ($.urgency = \"critical\" || $.latency >= 1e3) && $.user.id != 12 }"),
        QStringLiteral("{ $.list[0][1] = \"ab*\" && $.x IS NULL || $.y NOT EXISTS && $.z IS TRUE }"),
        QStringLiteral("ERROR ?WARN -\"retry later\" ?\"time out\""),
        QStringLiteral("{ $.ip != 10.0.* && ($.code < 500 || $.code > 599) }"),
    };
    const QString alphabet = QStringLiteral("{}()[]$.*\"\\&|=!<>?- _aZ09eE+\t\xe9");
    const Json events[] = {
        Json::parse(kEvent),
        Json::parse(kCompound),
        Json(),
        Json::parse(R"({"list": [[1, "abc"]], "z": true})"),
    };
    std::mt19937 rng(4242);
    int parsedOk = 0;
    int rejected = 0;
    for (int round = 0; round < 4000; ++round) {
        QString pattern = seeds[round % 4];
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            const int at = pattern.isEmpty() ? 0 : static_cast<int>(rng() % static_cast<unsigned>(pattern.size()));
            const QChar c = alphabet[static_cast<int>(rng() % static_cast<unsigned>(alphabet.size()))];
            switch (rng() % 4) {
            case 0: pattern.insert(at, c); break;
            case 1: pattern.remove(at, 1); break;
            case 2:
                if (!pattern.isEmpty()) pattern[at] = c;
                break;
            default: pattern = pattern.left(at); break;  // truncate
            }
        }
        auto parsed = LogFilterPattern::parse(pattern);
        if (parsed.ok()) {
            ++parsedOk;
            for (const Json& event : events) {
                parsed->matches(event);
                parsed->matches(event, QStringLiteral("ERROR time out"));
            }
            continue;
        }
        ++rejected;
        const ml::Error& error = parsed.error();
        QVERIFY2(!error.message.isEmpty(), qPrintable(pattern));
        QVERIFY2(error.column >= 1 && error.column <= pattern.size() + 1,
                 qPrintable(pattern + QStringLiteral(" → column %1").arg(error.column)));
    }
    QVERIFY(parsedOk > 200);
    QVERIFY(rejected > 200);

    // Random garbage of every length up to the limit.
    for (int round = 0; round < 500; ++round) {
        QString garbage;
        const int length = static_cast<int>(rng() % 1100);
        for (int i = 0; i < length; ++i)
            garbage += alphabet[static_cast<int>(rng() % static_cast<unsigned>(alphabet.size()))];
        if (rng() % 2) garbage.prepend(QLatin1Char('{'));
        auto parsed = LogFilterPattern::parse(garbage);
        if (parsed.ok()) {
            parsed->matches(events[0]);
        } else {
            QVERIFY(!parsed.error().message.isEmpty());
            QVERIFY(parsed.error().column >= 1 && parsed.error().column <= garbage.size() + 1);
        }
    }
}

QTEST_GUILESS_MAIN(TestLogFilterPattern)
#include "tst_logfilterpattern.moc"
