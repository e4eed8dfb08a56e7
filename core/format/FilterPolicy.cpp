// Reading a filter policy: every operator checked and the AWS limits (keys, combinations, size)
// enforced, with errors that point into the policy. Matching is in FilterPolicyMatch.cpp.
#include "format/FilterPolicy.h"

#include "format/FilterPolicyRules.h"

#include <QHostAddress>

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

namespace ml {

namespace {

using namespace filterpolicy;

// Which syntax: an SNS filter policy or an EventBridge event pattern (Lambda event filtering).
enum class Dialect { Sns, EventPattern };

// AWS limits (SNS "Filter policy constraints"; Lambda's Filter.Pattern is at most 4096 characters).
constexpr int kMaxKeys = 5;
constexpr std::size_t kMaxEventPatternChars = 4096;
constexpr double kMaxCombinations = 150;
constexpr double kNumericLimit = 1e9;
constexpr std::size_t kMaxPolicyBytes = 256 * 1024;
// Not an AWS number: the combination rule already makes deep nesting useless; this only keeps
// recursion bounded on hostile input.
constexpr int kMaxNesting = 32;

QString escapeToken(const std::string& key)
{
    QString token = toQString(key);
    token.replace(QLatin1Char('~'), QStringLiteral("~0"));
    token.replace(QLatin1Char('/'), QStringLiteral("~1"));
    return QLatin1Char('/') + token;
}

Error failAt(const QString& pointer, const QString& message)
{
    Error e;
    e.message = message;
    e.pointer = pointer;
    return e;
}

const char* kNumericHint = "expected an operator (=, <, <=, >, >=) followed by a number";

bool parseNumericOp(const Json& j, NumericOp* op)
{
    if (!j.is_string()) return false;
    const auto& s = j.get_ref<const std::string&>();
    if (s == "=")
        *op = NumericOp::Eq;
    else if (s == "<")
        *op = NumericOp::Lt;
    else if (s == "<=")
        *op = NumericOp::Le;
    else if (s == ">")
        *op = NumericOp::Gt;
    else if (s == ">=")
        *op = NumericOp::Ge;
    else
        return false;
    return true;
}

std::optional<Error> parseNumericBound(const Json& list, std::size_t index, const QString& ptr, NumericBound* out)
{
    const QString opText = toQString(list[index - 1].get<std::string>());
    const QString at = ptr + QStringLiteral("/%1").arg(index);
    if (index >= list.size() || !list[index].is_number()) {
        return failAt(index >= list.size() ? ptr : at, QStringLiteral("expected a number after \"%1\"").arg(opText));
    }
    const double v = list[index].get<double>();
    if (v < -kNumericLimit || v > kNumericLimit) {
        return failAt(at, QStringLiteral("expected a number between -1000000000 and 1000000000"));
    }
    out->value = v;
    return std::nullopt;
}

std::optional<Error> parseNumeric(const Json& list, const QString& ptr, Condition* c)
{
    NumericOp op{};
    if (!list.is_array() || list.empty() || !parseNumericOp(list[0], &op)) {
        return failAt(ptr, QString::fromLatin1(kNumericHint));
    }
    NumericBound first{op, 0};
    if (auto e = parseNumericBound(list, 1, ptr, &first)) return e;
    c->bounds.push_back(first);
    if (list.size() == 2) return std::nullopt;

    if (op != NumericOp::Gt && op != NumericOp::Ge) {
        return failAt(ptr + QStringLiteral("/2"),
                      QStringLiteral("only a lower bound (> or >=) can be followed by an upper bound"));
    }
    NumericOp upperOp{};
    if (!parseNumericOp(list[2], &upperOp) || (upperOp != NumericOp::Lt && upperOp != NumericOp::Le)) {
        return failAt(ptr + QStringLiteral("/2"), QStringLiteral("expected an upper bound operator (< or <=)"));
    }
    NumericBound second{upperOp, 0};
    if (auto e = parseNumericBound(list, 3, ptr, &second)) return e;
    if (second.value <= first.value) {
        return failAt(ptr + QStringLiteral("/3"),
                      QStringLiteral("expected the upper bound to be greater than the lower bound"));
    }
    if (list.size() > 4) {
        return failAt(ptr + QStringLiteral("/4"), QStringLiteral("expected at most a lower and an upper bound"));
    }
    c->bounds.push_back(second);
    return std::nullopt;
}

std::optional<Error> parseStringOrStrings(const Json& j, const QString& ptr, std::vector<QString>* out)
{
    if (j.is_string()) {
        out->push_back(fold(j.get<std::string>()));
        return std::nullopt;
    }
    if (!j.is_array() || j.empty())
        return failAt(ptr, QStringLiteral("expected a string or a non-empty array of strings"));
    for (std::size_t i = 0; i < j.size(); ++i) {
        if (!j[i].is_string()) return failAt(ptr + QStringLiteral("/%1").arg(i), QStringLiteral("expected a string"));
        out->push_back(fold(j[i].get<std::string>()));
    }
    return std::nullopt;
}

// A wildcard pattern: "*" matches any run of characters, "\\*" is a literal star and "\\\\" a
// backslash; EventBridge refuses consecutive wildcards.
std::optional<Error> parseWildcard(const Json& j, const QString& ptr, std::vector<std::string>* segments)
{
    if (!j.is_string()) return failAt(ptr, QStringLiteral("expected a wildcard pattern string like \"*.png\""));
    const std::string& text = j.get_ref<const std::string&>();
    segments->assign(1, std::string());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        if (ch == '\\') {
            if (i + 1 >= text.size() || (text[i + 1] != '*' && text[i + 1] != '\\'))
                return failAt(ptr, QStringLiteral("a backslash in a wildcard pattern must escape \"*\" or \"\\\\\""));
            segments->back() += text[++i];
        } else if (ch == '*') {
            if (i + 1 < text.size() && text[i + 1] == '*')
                return failAt(ptr, QStringLiteral("expected no consecutive wildcard characters (\"**\")"));
            segments->emplace_back();
        } else {
            segments->back() += ch;
        }
    }
    return std::nullopt;
}

// {"prefix": "eu-"} or, in event patterns, {"prefix": {"equals-ignore-case": "EU-"}}.
std::optional<Error> parsePrefixOrSuffix(const std::string& op, const Json& arg, const QString& at, Dialect dialect,
                                         Condition* c)
{
    const bool prefix = op == "prefix";
    if (dialect == Dialect::EventPattern && arg.is_object() && arg.size() == 1 &&
        arg.begin().key() == "equals-ignore-case") {
        const Json& text = arg.begin().value();
        if (!text.is_string())
            return failAt(at + QStringLiteral("/equals-ignore-case"), QStringLiteral("expected a string"));
        c->kind = prefix ? Condition::Kind::PrefixIgnoreCase : Condition::Kind::SuffixIgnoreCase;
        c->folded.push_back(fold(text.get<std::string>()));
        return std::nullopt;
    }
    if (!arg.is_string())
        return failAt(at, dialect == Dialect::EventPattern
                              ? QStringLiteral("expected a string or {\"equals-ignore-case\": \"...\"}")
                              : QStringLiteral("expected a string"));
    c->kind = prefix ? Condition::Kind::Prefix : Condition::Kind::Suffix;
    c->text = arg.get<std::string>();
    return std::nullopt;
}

std::optional<Error> parseAnythingBut(const Json& v, const QString& ptr, Dialect dialect, Condition* c)
{
    auto scalar = [](const Json& j) { return j.is_string() || j.is_number(); };
    if (scalar(v)) {
        c->kind = Condition::Kind::AnythingBut;
        c->values.push_back(v);
        return std::nullopt;
    }
    if (v.is_array()) {
        if (v.empty()) return failAt(ptr, QStringLiteral("expected at least one value to exclude"));
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (!scalar(v[i]))
                return failAt(ptr + QStringLiteral("/%1").arg(i), QStringLiteral("expected a string or a number"));
        }
        c->kind = Condition::Kind::AnythingBut;
        c->values.assign(v.begin(), v.end());
        return std::nullopt;
    }
    if (v.is_object() && v.size() == 1) {
        const std::string& op = v.begin().key();
        const Json& arg = v.begin().value();
        const QString at = ptr + escapeToken(op);
        if (op == "prefix" || op == "suffix") {
            if (!arg.is_string() || arg.get_ref<const std::string&>().empty()) {
                return failAt(at, QStringLiteral("expected a non-empty string"));
            }
            c->kind = op == "prefix" ? Condition::Kind::AnythingButPrefix : Condition::Kind::AnythingButSuffix;
            c->text = arg.get<std::string>();
            return std::nullopt;
        }
        if (op == "equals-ignore-case") {
            c->kind = Condition::Kind::AnythingButIgnoreCase;
            return parseStringOrStrings(arg, at, &c->folded);
        }
        if (op == "wildcard" && dialect == Dialect::EventPattern) {
            c->kind = Condition::Kind::AnythingButWildcard;
            if (arg.is_array() && arg.empty()) return failAt(at, QStringLiteral("expected at least one pattern"));
            const Json list = arg.is_array() ? arg : Json::array({arg});
            c->wildcards.resize(list.size());
            for (std::size_t i = 0; i < list.size(); ++i)
                if (auto e = parseWildcard(list[i], arg.is_array() ? at + QStringLiteral("/%1").arg(i) : at,
                                           &c->wildcards[i]))
                    return e;
            return std::nullopt;
        }
        return failAt(at, QStringLiteral("unknown anything-but operator \"%1\"; expected prefix, suffix%2")
                              .arg(toQString(op), dialect == Dialect::EventPattern
                                                      ? QStringLiteral(", equals-ignore-case or wildcard")
                                                      : QStringLiteral(" or equals-ignore-case")));
    }
    return failAt(
        ptr,
        QStringLiteral("expected a value, an array of values, or {\"prefix\"|\"suffix\"|\"equals-ignore-case\": ...}"));
}

std::optional<Error> parseCondition(const Json& entry, const QString& ptr, Dialect dialect, Condition* c)
{
    if (entry.is_string() || entry.is_number() || entry.is_boolean() || entry.is_null()) {
        c->kind = Condition::Kind::Exact;
        c->literal = entry;
        return std::nullopt;
    }
    if (!entry.is_object()) {
        return failAt(ptr, QStringLiteral("expected a string, number, true, false, null or an operator object"));
    }
    if (entry.size() != 1) {
        return failAt(ptr, QStringLiteral("expected an object with exactly one operator"));
    }
    const std::string& op = entry.begin().key();
    const Json& arg = entry.begin().value();
    const QString at = ptr + escapeToken(op);
    if (op == "prefix" || op == "suffix") return parsePrefixOrSuffix(op, arg, at, dialect, c);
    if (op == "equals-ignore-case") {
        if (!arg.is_string()) return failAt(at, QStringLiteral("expected a string"));
        c->kind = Condition::Kind::EqualsIgnoreCase;
        c->folded.push_back(fold(arg.get<std::string>()));
        return std::nullopt;
    }
    if (op == "wildcard" && dialect == Dialect::EventPattern) {
        c->kind = Condition::Kind::Wildcard;
        c->wildcards.resize(1);
        return parseWildcard(arg, at, &c->wildcards[0]);
    }
    if (op == "anything-but") return parseAnythingBut(arg, at, dialect, c);
    if (op == "numeric") {
        c->kind = Condition::Kind::Numeric;
        return parseNumeric(arg, at, c);
    }
    if (op == "exists") {
        if (!arg.is_boolean()) return failAt(at, QStringLiteral("expected true or false"));
        c->kind = Condition::Kind::Exists;
        c->exists = arg.get<bool>();
        return std::nullopt;
    }
    if (op == "cidr") {
        if (arg.is_string()) c->subnet = QHostAddress::parseSubnet(toQString(arg.get<std::string>()));
        if (!arg.is_string() || c->subnet.first.isNull()) {
            return failAt(at, QStringLiteral("expected an IP address range like \"10.0.0.0/24\""));
        }
        c->kind = Condition::Kind::Cidr;
        return std::nullopt;
    }
    return failAt(at, QStringLiteral("unknown operator \"%1\"; expected prefix, suffix, equals-ignore-case, "
                                     "anything-but, numeric, exists%2")
                          .arg(toQString(op), dialect == Dialect::EventPattern ? QStringLiteral(", cidr or wildcard")
                                                                               : QStringLiteral(" or cidr")));
}

// What the parser learns on the way, for the AWS limits.
struct Shape {
    double combinations = 1;  // product of (values × depth) over arrays; "$or" adds its branches
    int keys = 0;             // top-level keys, "$or" counting its widest branch
};

std::optional<Error> parseObject(const Json& object, const QString& ptr, int depth, FilterPolicyScope scope,
                                 Dialect dialect, ObjectRule* rule, Shape* shape)
{
    if (depth > kMaxNesting) {
        return failAt(ptr, QStringLiteral("expected at most %1 levels of nested keys").arg(kMaxNesting));
    }
    for (auto it = object.begin(); it != object.end(); ++it) {
        const std::string& key = it.key();
        const Json& value = it.value();
        const QString at = ptr + escapeToken(key);
        if (key == "$or") {
            if (!value.is_array() || value.empty()) {
                return failAt(at, QStringLiteral("expected an array of filter policies, one of which must match"));
            }
            std::vector<ObjectRule> alternatives(value.size());
            double sum = 0;
            int widest = 0;
            for (std::size_t i = 0; i < value.size(); ++i) {
                const QString branchAt = at + QStringLiteral("/%1").arg(i);
                if (!value[i].is_object() || value[i].empty()) {
                    return failAt(branchAt, QStringLiteral("expected a non-empty filter policy object"));
                }
                Shape branch;
                if (auto e = parseObject(value[i], branchAt, depth, scope, dialect, &alternatives[i], &branch))
                    return e;
                sum += branch.combinations;
                widest = std::max(widest, branch.keys);
            }
            shape->combinations *= sum;
            shape->keys += widest;
            rule->anyOf.push_back(std::move(alternatives));
            continue;
        }
        ++shape->keys;
        FieldRule field;
        field.key = key;
        if (value.is_array()) {
            if (value.empty()) return failAt(at, QStringLiteral("expected at least one value to match"));
            field.conditions.resize(value.size());
            for (std::size_t i = 0; i < value.size(); ++i) {
                if (auto e = parseCondition(value[i], at + QStringLiteral("/%1").arg(i), dialect, &field.conditions[i]))
                    return e;
            }
            shape->combinations *= static_cast<double>(value.size()) * depth;
        } else if (value.is_object()) {
            if (scope == FilterPolicyScope::MessageAttributes) {
                return failAt(at,
                              QStringLiteral("expected an array of values: nested keys need the MessageBody scope"));
            }
            if (value.empty()) return failAt(at, QStringLiteral("expected at least one nested key"));
            field.nested.resize(1);
            Shape inner;
            if (auto e = parseObject(value, at, depth + 1, scope, dialect, &field.nested[0], &inner)) return e;
            shape->combinations *= inner.combinations;
        } else {
            return failAt(at, QStringLiteral("expected an array of values to match, or an object of nested keys"));
        }
        rule->fields.push_back(std::move(field));
    }
    return std::nullopt;
}

}  // namespace

Result<FilterPolicy> FilterPolicy::parse(const Json& policy) { return parse(policy, FilterPolicyScope::MessageBody); }

Result<FilterPolicy> FilterPolicy::parse(const Json& policy, FilterPolicyScope scope)
{
    if (!policy.is_object()) {
        return failAt(QString(),
                      QStringLiteral("expected a filter policy: a JSON object of keys and arrays of values"));
    }
    if (policy.dump(-1, ' ', false, Json::error_handler_t::replace).size() > kMaxPolicyBytes) {
        return failAt(QString(), QStringLiteral("expected a filter policy of at most 256 KB"));
    }
    auto impl = std::make_unique<Impl>();
    impl->source = policy;
    Shape shape;
    if (auto e = parseObject(policy, QString(), 1, scope, Dialect::Sns, &impl->root, &shape)) return *e;
    if (shape.keys > kMaxKeys) {
        return failAt(
            QString(),
            QStringLiteral("expected at most %1 keys in a filter policy, found %2").arg(kMaxKeys).arg(shape.keys));
    }
    if (shape.combinations > kMaxCombinations) {
        return failAt(QString(), QStringLiteral("expected at most %1 combinations of values (the product of the array "
                                                "sizes), found %2")
                                     .arg(kMaxCombinations)
                                     .arg(shape.combinations));
    }
    return FilterPolicy(std::move(impl));
}

Result<FilterPolicy> FilterPolicy::parseEventPattern(const Json& pattern)
{
    if (!pattern.is_object()) {
        return failAt(QString(),
                      QStringLiteral("expected an event pattern: a JSON object of keys and arrays of values"));
    }
    if (pattern.dump(-1, ' ', false, Json::error_handler_t::replace).size() > kMaxEventPatternChars) {
        return failAt(QString(),
                      QStringLiteral("expected an event pattern of at most %1 characters").arg(kMaxEventPatternChars));
    }
    auto impl = std::make_unique<Impl>();
    impl->source = pattern;
    Shape shape;
    if (auto e = parseObject(pattern, QString(), 1, FilterPolicyScope::MessageBody, Dialect::EventPattern, &impl->root,
                             &shape))
        return *e;
    return FilterPolicy(std::move(impl));
}

const Json& FilterPolicy::source() const
{
    static const Json kNone;
    return m_impl ? m_impl->source : kNone;
}

FilterPolicy::FilterPolicy(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
FilterPolicy::FilterPolicy(const FilterPolicy& other)
    : m_impl(other.m_impl ? std::make_unique<Impl>(*other.m_impl) : nullptr)
{
}
FilterPolicy& FilterPolicy::operator=(const FilterPolicy& other)
{
    if (this != &other) m_impl = other.m_impl ? std::make_unique<Impl>(*other.m_impl) : nullptr;
    return *this;
}
FilterPolicy::FilterPolicy(FilterPolicy&&) noexcept = default;
FilterPolicy& FilterPolicy::operator=(FilterPolicy&&) noexcept = default;
FilterPolicy::~FilterPolicy() = default;

}  // namespace ml
