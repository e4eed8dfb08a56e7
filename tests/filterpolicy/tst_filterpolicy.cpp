// SNS subscription filter policies: every operator matching and not matching, AND/OR, nested
// body keys, String.Array attributes, the AWS limits, the pointer each bad policy reports; and
// EventBridge event patterns (Lambda event filtering): wildcard, prefix/suffix ignoring case,
// anything-but wildcard, their limits. The fuzz loop is in FilterPolicyFuzz.cpp.
#include "FilterPolicyTests.h"

using ml::FilterPolicy;
using ml::FilterPolicyScope;
using ml::Json;

void TestFilterPolicy::matches_data()
{
    QTest::addColumn<QByteArray>("policy");
    QTest::addColumn<QByteArray>("subject");
    QTest::addColumn<bool>("expected");

    auto row = [](const char* name, const char* policy, const char* subject, bool expected) {
        QTest::newRow(name) << QByteArray(policy) << QByteArray(subject) << expected;
    };

    // Exact values; OR within a key, AND across keys.
    row("exact string", R"({"store": ["example_corp"]})", R"({"store": "example_corp"})", true);
    row("exact string differs", R"({"store": ["example_corp"]})", R"({"store": "other"})", false);
    row("exact string is case-sensitive", R"({"store": ["example_corp"]})", R"({"store": "Example_Corp"})", false);
    row("or within key, second", R"({"sport": ["rugby", "tennis"]})", R"({"sport": "tennis"})", true);
    row("or within key, none", R"({"sport": ["rugby", "tennis"]})", R"({"sport": "baseball"})", false);
    row("and across keys, both", R"({"sport": ["rugby"], "price": [{"numeric": [">", 100]}]})",
        R"({"sport": "rugby", "price": 150})", true);
    row("and across keys, one fails", R"({"sport": ["rugby"], "price": [{"numeric": [">", 100]}]})",
        R"({"sport": "rugby", "price": 50})", false);
    row("and across keys, one missing", R"({"sport": ["rugby"], "price": [{"numeric": [">", 100]}]})",
        R"({"sport": "rugby"})", false);
    row("missing key", R"({"store": ["x"]})", R"({"other": "x"})", false);
    row("exact number", R"({"size": [5]})", R"({"size": 5})", true);
    row("exact number by value", R"({"size": [5]})", R"({"size": 5.0})", true);
    row("exact number vs string", R"({"size": [5]})", R"({"size": "5"})", false);
    row("exact string vs number", R"({"size": ["5"]})", R"({"size": 5})", false);
    row("exact true", R"({"flag": [true]})", R"({"flag": true})", true);
    row("exact true vs false", R"({"flag": [true]})", R"({"flag": false})", false);
    row("exact true vs string", R"({"flag": [true]})", R"({"flag": "true"})", false);
    row("exact null", R"({"gone": [null]})", R"({"gone": null})", true);
    row("exact null vs missing", R"({"gone": [null]})", R"({"other": 1})", false);
    row("exact null vs value", R"({"gone": [null]})", R"({"gone": "x"})", false);

    // String.Array attributes: any element may match.
    row("string array, one element matches", R"({"interests": ["rugby", "tennis"]})",
        R"({"interests": ["baseball", "rugby"]})", true);
    row("string array, none matches", R"({"interests": ["rugby", "tennis"]})", R"({"interests": ["baseball"]})", false);
    row("string array, empty", R"({"interests": ["rugby"]})", R"({"interests": []})", false);
    row("string array with prefix", R"({"interests": [{"prefix": "bas"}]})", R"({"interests": ["golf", "basketball"]})",
        true);

    row("prefix", R"({"interests": [{"prefix": "bas"}]})", R"({"interests": "basketball"})", true);
    row("prefix whole string", R"({"interests": [{"prefix": "bas"}]})", R"({"interests": "bas"})", true);
    row("prefix no", R"({"interests": [{"prefix": "bas"}]})", R"({"interests": "rugby"})", false);
    row("prefix is case-sensitive", R"({"interests": [{"prefix": "bas"}]})", R"({"interests": "Baseball"})", false);
    row("prefix vs number", R"({"code": [{"prefix": "4"}]})", R"({"code": 404})", false);
    row("suffix", R"({"key": [{"suffix": ".png"}]})", R"({"key": "images/cat.png"})", true);
    row("suffix no", R"({"key": [{"suffix": ".png"}]})", R"({"key": "images/cat.png.txt"})", false);
    row("equals-ignore-case", R"({"sport": [{"equals-ignore-case": "Rugby"}]})", R"({"sport": "rUGBY"})", true);
    row("equals-ignore-case no", R"({"sport": [{"equals-ignore-case": "Rugby"}]})", R"({"sport": "rugbys"})", false);

    // anything-but needs the key to be present.
    row("anything-but string", R"({"sport": [{"anything-but": "rugby"}]})", R"({"sport": "tennis"})", true);
    row("anything-but string excluded", R"({"sport": [{"anything-but": "rugby"}]})", R"({"sport": "rugby"})", false);
    row("anything-but list", R"({"sport": [{"anything-but": ["rugby", "tennis"]}]})", R"({"sport": "football"})", true);
    row("anything-but list excluded", R"({"sport": [{"anything-but": ["rugby", "tennis"]}]})", R"({"sport": "tennis"})",
        false);
    row("anything-but list vs array with another value", R"({"sport": [{"anything-but": ["rugby", "tennis"]}]})",
        R"({"sport": ["rugby", "baseball"]})", true);
    row("anything-but list vs array of excluded only", R"({"sport": [{"anything-but": ["rugby", "tennis"]}]})",
        R"({"sport": ["rugby", "tennis"]})", false);
    row("anything-but missing key", R"({"sport": [{"anything-but": ["rugby"]}]})", R"({"other": "x"})", false);
    row("anything-but numbers", R"({"price": [{"anything-but": [100, 500]}]})", R"({"price": 100.1})", true);
    row("anything-but numbers excluded", R"({"price": [{"anything-but": [100, 500]}]})", R"({"price": 100})", false);
    row("anything-but numbers array", R"({"price": [{"anything-but": [100, 500]}]})", R"({"price": [100, 50]})", true);
    row("anything-but prefix", R"({"event": [{"anything-but": {"prefix": "order-"}}]})", R"({"event": "data-entry"})",
        true);
    row("anything-but prefix near miss", R"({"event": [{"anything-but": {"prefix": "order-"}}]})",
        R"({"event": "order_number"})", true);
    row("anything-but prefix excluded", R"({"event": [{"anything-but": {"prefix": "order-"}}]})",
        R"({"event": "order-cancelled"})", false);
    row("anything-but suffix", R"({"key": [{"anything-but": {"suffix": ".tmp"}}]})", R"({"key": "a.txt"})", true);
    row("anything-but suffix excluded", R"({"key": [{"anything-but": {"suffix": ".tmp"}}]})", R"({"key": "a.tmp"})",
        false);
    row("anything-but equals-ignore-case", R"({"env": [{"anything-but": {"equals-ignore-case": ["Test", "DEV"]}}]})",
        R"({"env": "prod"})", true);
    row("anything-but equals-ignore-case excluded",
        R"({"env": [{"anything-but": {"equals-ignore-case": ["Test", "DEV"]}}]})", R"({"env": "dev"})", false);

    // numeric: every operator, both sides of each boundary.
    row("numeric = by value", R"({"price": [{"numeric": ["=", 301.5]}]})", R"({"price": 3.015e2})", true);
    row("numeric = differs", R"({"price": [{"numeric": ["=", 301.5]}]})", R"({"price": 301.6})", false);
    row("numeric vs numeric string", R"({"price": [{"numeric": ["=", 301.5]}]})", R"({"price": "301.5"})", false);
    row("numeric > boundary", R"({"price": [{"numeric": [">", 0]}]})", R"({"price": 0})", false);
    row("numeric > above", R"({"price": [{"numeric": [">", 0]}]})", R"({"price": 0.001})", true);
    row("numeric >= boundary", R"({"price": [{"numeric": [">=", 0]}]})", R"({"price": 0})", true);
    row("numeric >= below", R"({"price": [{"numeric": [">=", 0]}]})", R"({"price": -1})", false);
    row("numeric < boundary", R"({"price": [{"numeric": ["<", 0]}]})", R"({"price": 0})", false);
    row("numeric < below", R"({"price": [{"numeric": ["<", 0]}]})", R"({"price": -0.5})", true);
    row("numeric <= boundary", R"({"price": [{"numeric": ["<=", 10]}]})", R"({"price": 10})", true);
    row("numeric <= above", R"({"price": [{"numeric": ["<=", 10]}]})", R"({"price": 10.5})", false);
    row("range (0, 150] top", R"({"price": [{"numeric": [">", 0, "<=", 150]}]})", R"({"price": 150})", true);
    row("range (0, 150] above", R"({"price": [{"numeric": [">", 0, "<=", 150]}]})", R"({"price": 150.001})", false);
    row("range (0, 150] bottom", R"({"price": [{"numeric": [">", 0, "<=", 150]}]})", R"({"price": 0})", false);
    row("range (0, 150] inside", R"({"price": [{"numeric": [">", 0, "<=", 150]}]})", R"({"price": 1})", true);
    row("range [10, 20) bottom", R"({"price": [{"numeric": [">=", 10, "<", 20]}]})", R"({"price": 10})", true);
    row("range [10, 20) top", R"({"price": [{"numeric": [">=", 10, "<", 20]}]})", R"({"price": 20})", false);
    row("numeric in array", R"({"price": [{"numeric": [">", 100]}]})", R"({"price": [5, 101]})", true);

    // exists
    row("exists true, present", R"({"store": [{"exists": true}]})", R"({"store": "fans"})", true);
    row("exists true, missing", R"({"store": [{"exists": true}]})", R"({"interests": ["rugby"]})", false);
    row("exists true, null", R"({"store": [{"exists": true}]})", R"({"store": null})", false);
    row("exists false, missing", R"({"store": [{"exists": false}]})", R"({"interests": ["rugby"]})", true);
    row("exists false, present", R"({"store": [{"exists": false}]})", R"({"store": "fans"})", false);
    row("exists false, no attributes at all", R"({"store": [{"exists": false}]})", R"({})", false);
    row("exists false, nested parent missing", R"({"a": {"b": [{"exists": false}]}})", R"({"c": 1})", true);
    row("exists true on an object is not a leaf", R"({"a": [{"exists": true}]})", R"({"a": {"b": 1}})", false);

    row("cidr inside", R"({"ip": [{"cidr": "10.0.0.0/24"}]})", R"({"ip": "10.0.0.255"})", true);
    row("cidr outside", R"({"ip": [{"cidr": "10.0.0.0/24"}]})", R"({"ip": "10.0.1.0"})", false);

    row("mixed entries, string", R"({"v": ["x", {"prefix": "ab"}, {"numeric": [">", 10]}]})", R"({"v": "x"})", true);
    row("mixed entries, prefix", R"({"v": ["x", {"prefix": "ab"}, {"numeric": [">", 10]}]})", R"({"v": "abc"})", true);
    row("mixed entries, number", R"({"v": ["x", {"prefix": "ab"}, {"numeric": [">", 10]}]})", R"({"v": 11})", true);
    row("mixed entries, none", R"({"v": ["x", {"prefix": "ab"}, {"numeric": [">", 10]}]})", R"({"v": 9})", false);

    // Nested keys (MessageBody scope).
    row("nested", R"({"detail": {"state": ["running"]}})", R"({"detail": {"state": "running"}})", true);
    row("nested differs", R"({"detail": {"state": ["running"]}})", R"({"detail": {"state": "stopped"}})", false);
    row("nested but flat value", R"({"detail": {"state": ["running"]}})", R"({"detail": "running"})", false);
    row("nested deeper", R"({"a": {"b": {"c": [1]}}})", R"({"a": {"b": {"c": 1}, "x": 2}})", true);
    row("array of objects, same element", R"({"items": {"sku": ["A"], "qty": [{"numeric": [">", 1]}]}})",
        R"({"items": [{"sku": "B", "qty": 1}, {"sku": "A", "qty": 2}]})", true);
    row("array of objects, split across elements", R"({"items": {"sku": ["A"], "qty": [{"numeric": [">", 1]}]}})",
        R"({"items": [{"sku": "A", "qty": 1}, {"sku": "B", "qty": 5}]})", false);

    // $or
    row("$or first", R"({"$or": [{"a": ["x"]}, {"b": ["y"]}]})", R"({"a": "x"})", true);
    row("$or second", R"({"$or": [{"a": ["x"]}, {"b": ["y"]}]})", R"({"b": "y"})", true);
    row("$or none", R"({"$or": [{"a": ["x"]}, {"b": ["y"]}]})", R"({"a": "z", "b": "z"})", false);
    row("$or and a key", R"({"c": ["1"], "$or": [{"a": ["x"]}, {"b": ["y"]}]})", R"({"c": "1", "b": "y"})", true);
    row("$or and a failing key", R"({"c": ["1"], "$or": [{"a": ["x"]}, {"b": ["y"]}]})", R"({"c": "2", "b": "y"})",
        false);
    row("$or nested", R"({"detail": {"$or": [{"state": ["running"]}, {"type": [{"prefix": "t2"}]}]}})",
        R"({"detail": {"state": "stopped", "type": "t2.micro"}})", true);
    row("$or nested none", R"({"detail": {"$or": [{"state": ["running"]}, {"type": [{"prefix": "t2"}]}]}})",
        R"({"detail": {"state": "stopped", "type": "m5"}})", false);

    row("empty policy matches everything", R"({})", R"({"a": 1})", true);
    row("empty policy matches empty subject", R"({})", R"({})", true);
    row("non-object subject", R"({"a": ["x"]})", R"("x")", false);
}

void TestFilterPolicy::matches()
{
    QFETCH(QByteArray, policy);
    QFETCH(QByteArray, subject);
    QFETCH(bool, expected);
    auto parsed = FilterPolicy::parse(Json::parse(policy.toStdString()));
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
    QCOMPARE(parsed->matches(Json::parse(subject.toStdString())), expected);
}

void TestFilterPolicy::badPolicy_data()
{
    QTest::addColumn<QByteArray>("policy");
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("message");

    auto row = [](const char* name, const QByteArray& policy, const char* pointer, const char* message) {
        QTest::newRow(name) << policy << QString::fromUtf8(pointer) << QString::fromUtf8(message);
    };
    row("array", R"([])", "", "expected a filter policy");
    row("string", R"("x")", "", "expected a filter policy");
    row("empty values", R"({"a": []})", "/a", "expected at least one value to match");
    row("bare value", R"({"a": "x"})", "/a", "expected an array of values to match, or an object of nested keys");
    row("array in values", R"({"a": [[1]]})", "/a/0", "operator object");
    row("prefix not a string", R"({"a": [{"prefix": 1}]})", "/a/0/prefix", "expected a string");
    row("suffix not a string", R"({"a": ["x", {"suffix": true}]})", "/a/1/suffix", "expected a string");
    row("equals-ignore-case not a string", R"({"a": [{"equals-ignore-case": 5}]})", "/a/0/equals-ignore-case",
        "expected a string");
    row("unknown operator", R"({"a": [{"wildcard": "x*"}]})", "/a/0/wildcard", "unknown operator \"wildcard\"");
    row("two operators", R"({"a": [{"prefix": "x", "suffix": "y"}]})", "/a/0", "exactly one operator");
    row("no operator", R"({"a": [{}]})", "/a/0", "exactly one operator");
    row("numeric not an array", R"({"price": [{"numeric": "5"}]})", "/price/0/numeric",
        "expected an operator (=, <, <=, >, >=) followed by a number");
    row("numeric empty", R"({"price": [{"numeric": []}]})", "/price/0/numeric",
        "expected an operator (=, <, <=, >, >=) followed by a number");
    row("numeric bad operator", R"({"price": [{"numeric": ["==", 5]}]})", "/price/0/numeric",
        "expected an operator (=, <, <=, >, >=) followed by a number");
    row("numeric operator alone", R"({"price": [{"numeric": [">"]}]})", "/price/0/numeric",
        "expected a number after \">\"");
    row("numeric string operand", R"({"price": [{"numeric": [">", "5"]}]})", "/price/0/numeric/1",
        "expected a number after \">\"");
    row("numeric upper after upper", R"({"price": [{"numeric": ["<", 5, ">", 1]}]})", "/price/0/numeric/2",
        "only a lower bound");
    row("numeric two lower bounds", R"({"price": [{"numeric": [">", 5, ">", 10]}]})", "/price/0/numeric/2",
        "expected an upper bound operator (< or <=)");
    row("numeric upper operand missing", R"({"price": [{"numeric": [">", 5, "<"]}]})", "/price/0/numeric",
        "expected a number after \"<\"");
    row("numeric inverted range", R"({"price": [{"numeric": [">", 10, "<", 5]}]})", "/price/0/numeric/3",
        "greater than the lower bound");
    row("numeric empty range", R"({"price": [{"numeric": [">=", 5, "<=", 5]}]})", "/price/0/numeric/3",
        "greater than the lower bound");
    row("numeric too many", R"({"price": [{"numeric": [">", 0, "<", 5, "=", 1]}]})", "/price/0/numeric/4",
        "at most a lower and an upper bound");
    row("numeric out of range", R"({"price": [{"numeric": ["=", 2e9]}]})", "/price/0/numeric/1",
        "between -1000000000 and 1000000000");
    row("exists not a boolean", R"({"a": [{"exists": "yes"}]})", "/a/0/exists", "expected true or false");
    row("anything-but empty", R"({"a": [{"anything-but": []}]})", "/a/0/anything-but", "at least one value");
    row("anything-but boolean", R"({"a": [{"anything-but": ["x", true]}]})", "/a/0/anything-but/1",
        "expected a string or a number");
    row("anything-but null", R"({"a": [{"anything-but": null}]})", "/a/0/anything-but", "expected a value");
    row("anything-but numeric", R"({"a": [{"anything-but": {"numeric": [">", 1]}}]})", "/a/0/anything-but/numeric",
        "unknown anything-but operator");
    row("anything-but empty prefix", R"({"a": [{"anything-but": {"prefix": ""}}]})", "/a/0/anything-but/prefix",
        "non-empty string");
    row("anything-but ignore-case not strings", R"({"a": [{"anything-but": {"equals-ignore-case": [1]}}]})",
        "/a/0/anything-but/equals-ignore-case/0", "expected a string");
    row("cidr bad mask", R"({"ip": [{"cidr": "10.0.0.0/99"}]})", "/ip/0/cidr", "IP address range");
    row("cidr not an address", R"({"ip": [{"cidr": "ten/8"}]})", "/ip/0/cidr", "IP address range");
    row("$or empty", R"({"$or": []})", "/$or", "array of filter policies");
    row("$or not an array", R"({"$or": {"a": ["x"]}})", "/$or", "array of filter policies");
    row("$or branch not an object", R"({"$or": [{"a": ["x"]}, 5]})", "/$or/1", "non-empty filter policy object");
    row("$or branch error", R"({"$or": [{"a": ["x"]}, {"b": [{"prefix": 2}]}]})", "/$or/1/b/0/prefix",
        "expected a string");
    row("nested empty object", R"({"a": {}})", "/a", "at least one nested key");
    row("nested error", R"({"a": {"b": {"c": [{"numeric": ["<"]}]}}})", "/a/b/c/0/numeric",
        "expected a number after \"<\"");
    row("key with slash is escaped", R"({"a/b~c": []})", "/a~1b~0c", "at least one value");
    row("six keys", R"({"a": [1], "b": [1], "c": [1], "d": [1], "e": [1], "f": [1]})", "", "at most 5 keys");
    row("$or widest branch counts",
        R"({"a": [1], "b": [1], "$or": [{"c": [1]}, {"d": [1], "e": [1], "f": [1], "g": [1]}]})", "", "found 6");
    row("too many combinations", R"({"a": [1,2,3,4,5,6,7,8,9,10], "b": [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]})", "",
        "at most 150 combinations");
    // AWS counts each array as values × depth: (5 × 3) × (6 × 2) = 180.
    row("nested combinations", R"({"a": {"b": {"c": [1,2,3,4,5]}}, "d": {"e": [1,2,3,4,5,6]}})", "", "found 180");
    // "$or" adds its branches: 10 × (10 + 6) = 160.
    row("$or combinations",
        R"({"a": [1,2,3,4,5,6,7,8,9,10], "$or": [{"b": [1,2,3,4,5,6,7,8,9,10]}, {"c": [1,2,3,4,5,6]}]})", "",
        "found 160");

    QByteArray deep = "[1]";
    QByteArray deepPointer;
    for (int i = 0; i < 40; ++i) deep = "{\"k\": " + deep + "}";
    for (int i = 0; i < 32; ++i) deepPointer += "/k";
    QTest::newRow("nested too deep") << deep << QString::fromLatin1(deepPointer)
                                     << QStringLiteral("levels of nested keys");
}

void TestFilterPolicy::badPolicy()
{
    QFETCH(QByteArray, policy);
    QFETCH(QString, pointer);
    QFETCH(QString, message);
    auto parsed = FilterPolicy::parse(Json::parse(policy.toStdString()));
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().pointer, pointer);
    QVERIFY2(parsed.error().message.contains(message), qPrintable(parsed.error().message));
}

void TestFilterPolicy::limitsAccepted_data()
{
    QTest::addColumn<QByteArray>("policy");
    QTest::newRow("five keys") << QByteArray(R"({"a": [1], "b": [1], "c": [1], "d": [1], "e": [1]})");
    QTest::newRow("150 combinations") << QByteArray(
        R"({"a": [1,2,3,4,5,6,7,8,9,10], "b": [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]})");
    // The AWS documentation's nested example: (4 × 3) × (3 × 2) = 72.
    QTest::newRow("nested 72") << QByteArray(R"({"a": {"b": {"c": [1,2,3,4]}}, "d": {"e": [1,2,3]}})");
    QTest::newRow("numeric limits") << QByteArray(R"({"p": [{"numeric": [">=", -1000000000, "<=", 1000000000]}]})");
}

void TestFilterPolicy::limitsAccepted()
{
    QFETCH(QByteArray, policy);
    auto parsed = FilterPolicy::parse(Json::parse(policy.toStdString()));
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
}

void TestFilterPolicy::attributeScopeRejectsNesting()
{
    const Json nested = j(R"({"a": ["x"], "detail": {"state": ["running"]}})");
    QVERIFY(FilterPolicy::parse(nested, FilterPolicyScope::MessageBody).ok());
    auto attributes = FilterPolicy::parse(nested, FilterPolicyScope::MessageAttributes);
    QVERIFY(!attributes.ok());
    QCOMPARE(attributes.error().pointer, QStringLiteral("/detail"));
    QVERIFY(attributes.error().message.contains(QStringLiteral("MessageBody")));

    auto inOr =
        FilterPolicy::parse(j(R"({"$or": [{"a": ["x"]}, {"b": {"c": ["y"]}}]})"), FilterPolicyScope::MessageAttributes);
    QVERIFY(!inOr.ok());
    QCOMPARE(inOr.error().pointer, QStringLiteral("/$or/1/b"));
}

void TestFilterPolicy::copiesAndMovesKeepThePolicy()
{
    const Json policy = j(R"({"sport": ["rugby"]})");
    auto parsed = FilterPolicy::parse(policy);
    QVERIFY(parsed.ok());
    FilterPolicy copy = parsed.value();
    FilterPolicy moved = std::move(parsed.value());
    QCOMPARE(copy.source(), policy);
    QCOMPARE(moved.source(), policy);
    QVERIFY(copy.matches(j(R"({"sport": "rugby"})")));
    QVERIFY(moved.matches(j(R"({"sport": "rugby"})")));
    QVERIFY(!moved.matches(j(R"({"sport": "golf"})")));
    copy = FilterPolicy::parse(j(R"({"sport": ["golf"]})")).value();
    QVERIFY(copy.matches(j(R"({"sport": "golf"})")));
    QVERIFY(!copy.matches(j(R"({"sport": "rugby"})")));
}

void TestFilterPolicy::eventPatterns_data()
{
    QTest::addColumn<QByteArray>("pattern");
    QTest::addColumn<QByteArray>("subject");
    QTest::addColumn<bool>("expected");
    auto row = [](const char* name, const char* pattern, const char* subject, bool expected) {
        QTest::newRow(name) << QByteArray(pattern) << QByteArray(subject) << expected;
    };
    // EventBridge's wildcard: "*" is any run of characters, "\\*" a literal star.
    row("wildcard suffix", R"({"f": [{"wildcard": "*.png"}]})", R"({"f": "a/b.png"})", true);
    row("wildcard suffix no", R"({"f": [{"wildcard": "*.png"}]})", R"({"f": "a.png.txt"})", false);
    row("wildcard middle", R"({"f": [{"wildcard": "img/*/x*.png"}]})", R"({"f": "img/2026/x1.png"})", true);
    row("wildcard no star is exact", R"({"f": [{"wildcard": "a.png"}]})", R"({"f": "a.png"})", true);
    row("wildcard needs room for both ends", R"({"f": [{"wildcard": "ab*ba"}]})", R"({"f": "aba"})", false);
    row("wildcard escaped star", R"({"f": [{"wildcard": "a\\*b"}]})", R"({"f": "a*b"})", true);
    row("wildcard escaped star no", R"({"f": [{"wildcard": "a\\*b"}]})", R"({"f": "axb"})", false);
    row("wildcard not a string", R"({"f": [{"wildcard": "*"}]})", R"({"f": 5})", false);
    row("prefix ignoring case", R"({"f": [{"prefix": {"equals-ignore-case": "EU-"}}]})", R"({"f": "eu-west"})", true);
    row("suffix ignoring case", R"({"f": [{"suffix": {"equals-ignore-case": ".PNG"}}]})", R"({"f": "a.png"})", true);
    row("anything-but wildcard", R"({"f": [{"anything-but": {"wildcard": "*.tmp"}}]})", R"({"f": "a.txt"})", true);
    row("anything-but wildcard no", R"({"f": [{"anything-but": {"wildcard": ["*.tmp", "*.bak"]}}]})",
        R"({"f": "a.bak"})", false);
}

void TestFilterPolicy::eventPatterns()
{
    QFETCH(QByteArray, pattern);
    QFETCH(QByteArray, subject);
    QFETCH(bool, expected);
    const ml::Result<FilterPolicy> parsed = FilterPolicy::parseEventPattern(Json::parse(pattern.toStdString()));
    QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error().message));
    QCOMPARE(parsed->matches(Json::parse(subject.toStdString())), expected);
    // SNS has none of these forms: its parser refuses them.
    QVERIFY(!FilterPolicy::parse(Json::parse(pattern.toStdString())));
}

void TestFilterPolicy::eventPatternLimits()
{
    // SNS's 5-key limit does not apply to event patterns; their 4096-character limit does.
    const Json sixKeys = Json::parse(R"({"a": [1], "b": [1], "c": [1], "d": [1], "e": [1], "f": [1]})");
    QVERIFY(!FilterPolicy::parse(sixKeys));
    QVERIFY(FilterPolicy::parseEventPattern(sixKeys));
    // {"a":["xxx…"]} is 10 characters around the string: 4086 x's make 4096, one more is too long.
    QVERIFY(FilterPolicy::parseEventPattern(Json{{"a", Json::array({std::string(4086, 'x')})}}));
    const ml::Result<FilterPolicy> tooLong =
        FilterPolicy::parseEventPattern(Json{{"a", Json::array({std::string(4087, 'x')})}});
    QVERIFY(!tooLong);
    QCOMPARE(tooLong.error().message, QStringLiteral("expected an event pattern of at most 4096 characters"));
}

QTEST_GUILESS_MAIN(TestFilterPolicy)
