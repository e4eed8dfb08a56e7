#include "format/FilterPolicy.h"

#include <QHostAddress>

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

namespace ml {

namespace {

// AWS limits (SNS "Filter policy constraints").
constexpr int kMaxKeys = 5;
constexpr double kMaxCombinations = 150;
constexpr double kNumericLimit = 1e9;
constexpr std::size_t kMaxPolicyBytes = 256 * 1024;
// Not an AWS number: the combination rule already makes deep nesting useless; this only keeps
// recursion bounded on hostile input.
constexpr int kMaxNesting = 32;
constexpr int kMaxSubjectNesting = 64;

enum class NumericOp { Eq, Lt, Le, Gt, Ge };

struct NumericBound {
    NumericOp op;
    double value;
};

struct Condition {
    enum class Kind {
        Exact,
        Prefix,
        Suffix,
        EqualsIgnoreCase,
        Numeric,
        Exists,
        Cidr,
        AnythingBut,
        AnythingButPrefix,
        AnythingButSuffix,
        AnythingButIgnoreCase,
    };
    Kind kind = Kind::Exact;
    Json literal;                      // Exact
    std::string text;                  // Prefix, Suffix, AnythingButPrefix, AnythingButSuffix
    std::vector<QString> folded;       // EqualsIgnoreCase, AnythingButIgnoreCase
    std::vector<Json> values;          // AnythingBut
    std::vector<NumericBound> bounds;  // Numeric
    bool exists = true;                // Exists
    QPair<QHostAddress, int> subnet;   // Cidr
};

struct ObjectRule;

struct FieldRule {
    std::string key;
    std::vector<Condition> conditions;  // a leaf: the entries of the array (OR)
    std::vector<ObjectRule> nested;     // or exactly one nested object (body scope)
};

struct ObjectRule {
    std::vector<FieldRule> fields;               // AND
    std::vector<std::vector<ObjectRule>> anyOf;  // each "$or": one alternative must hold
};

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

bool startsWith(const std::string& s, const std::string& p)
{
    return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
}

bool endsWith(const std::string& s, const std::string& p)
{
    return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

QString fold(const std::string& s)
{
    return toQString(s).toCaseFolded();
}

bool sameValue(const Json& a, const Json& b)
{
    // Numbers compare by value so 301.5 matches 3.015e2, as AWS documents.
    if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
    if (a.is_string() && b.is_string()) return a.get_ref<const std::string&>() == b.get_ref<const std::string&>();
    if (a.is_boolean() && b.is_boolean()) return a.get<bool>() == b.get<bool>();
    return a.is_null() && b.is_null();
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

std::optional<Error> parseAnythingBut(const Json& v, const QString& ptr, Condition* c)
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
        return failAt(
            at, QStringLiteral("unknown anything-but operator \"%1\"; expected prefix, suffix or equals-ignore-case")
                    .arg(toQString(op)));
    }
    return failAt(
        ptr,
        QStringLiteral("expected a value, an array of values, or {\"prefix\"|\"suffix\"|\"equals-ignore-case\": ...}"));
}

std::optional<Error> parseCondition(const Json& entry, const QString& ptr, Condition* c)
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
    if (op == "prefix" || op == "suffix" || op == "equals-ignore-case") {
        if (!arg.is_string()) return failAt(at, QStringLiteral("expected a string"));
        if (op == "equals-ignore-case") {
            c->kind = Condition::Kind::EqualsIgnoreCase;
            c->folded.push_back(fold(arg.get<std::string>()));
        } else {
            c->kind = op == "prefix" ? Condition::Kind::Prefix : Condition::Kind::Suffix;
            c->text = arg.get<std::string>();
        }
        return std::nullopt;
    }
    if (op == "anything-but") return parseAnythingBut(arg, at, c);
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
                                     "anything-but, numeric, exists or cidr")
                          .arg(toQString(op)));
}

// What the parser learns on the way, for the AWS limits.
struct Shape {
    double combinations = 1;  // product of (values × depth) over arrays; "$or" adds its branches
    int keys = 0;             // top-level keys, "$or" counting its widest branch
};

std::optional<Error> parseObject(const Json& object, const QString& ptr, int depth, FilterPolicyScope scope,
                                 ObjectRule* rule, Shape* shape)
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
                if (auto e = parseObject(value[i], branchAt, depth, scope, &alternatives[i], &branch)) return e;
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
                if (auto e = parseCondition(value[i], at + QStringLiteral("/%1").arg(i), &field.conditions[i]))
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
            if (auto e = parseObject(value, at, depth + 1, scope, &field.nested[0], &inner)) return e;
            shape->combinations *= inner.combinations;
        } else {
            return failAt(at, QStringLiteral("expected an array of values to match, or an object of nested keys"));
        }
        rule->fields.push_back(std::move(field));
    }
    return std::nullopt;
}

// ---- matching ----------------------------------------------------------------------------

// Calls f on every scalar under v, looking through arrays (String.Array attributes, arrays in
// the body); stops at the first true.
template <typename F>
bool anyScalar(const Json* v, const F& f, int depth = 0)
{
    if (!v || v->is_object() || depth > kMaxSubjectNesting) return false;
    if (!v->is_array()) return f(*v);
    for (const Json& element : *v) {
        if (anyScalar(&element, f, depth + 1)) return true;
    }
    return false;
}

bool scalarMatches(const Condition& c, const Json& v)
{
    using K = Condition::Kind;
    const bool isString = v.is_string();
    const std::string* s = isString ? &v.get_ref<const std::string&>() : nullptr;
    switch (c.kind) {
        case K::Exact:
            return sameValue(c.literal, v);
        case K::Prefix:
            return isString && startsWith(*s, c.text);
        case K::Suffix:
            return isString && endsWith(*s, c.text);
        case K::EqualsIgnoreCase:
            return isString && fold(*s) == c.folded.front();
        case K::Numeric: {
            if (!v.is_number()) return false;
            const double x = v.get<double>();
            for (const NumericBound& b : c.bounds) {
                const bool ok = b.op == NumericOp::Eq   ? x == b.value
                                : b.op == NumericOp::Lt ? x < b.value
                                : b.op == NumericOp::Le ? x <= b.value
                                : b.op == NumericOp::Gt ? x > b.value
                                                        : x >= b.value;
                if (!ok) return false;
            }
            return true;
        }
        case K::Cidr: {
            QHostAddress address;
            return isString && address.setAddress(toQString(*s)) && address.isInSubnet(c.subnet);
        }
        // anything-but needs a value: null is "no value", as for exists.
        case K::AnythingBut:
            if (v.is_null()) return false;
            for (const Json& excluded : c.values) {
                if (sameValue(excluded, v)) return false;
            }
            return true;
        case K::AnythingButPrefix:
            return !v.is_null() && !(isString && startsWith(*s, c.text));
        case K::AnythingButSuffix:
            return !v.is_null() && !(isString && endsWith(*s, c.text));
        case K::AnythingButIgnoreCase: {
            if (v.is_null()) return false;
            if (!isString) return true;
            const QString folded = fold(*s);
            for (const QString& excluded : c.folded) {
                if (excluded == folded) return false;
            }
            return true;
        }
        case K::Exists:
            break;
    }
    return false;
}

struct MatchContext {
    bool emptySubject = false;
};

bool leafMatches(const std::vector<Condition>& conditions, const Json* value, const MatchContext& ctx)
{
    const bool present = anyScalar(value, [](const Json& v) { return !v.is_null(); });
    for (const Condition& c : conditions) {
        if (c.kind == Condition::Kind::Exists) {
            // AWS: "exists": false only matches when the message has at least one attribute.
            if (c.exists == present && (c.exists || !ctx.emptySubject)) return true;
            continue;
        }
        if (anyScalar(value, [&c](const Json& v) { return scalarMatches(c, v); })) return true;
    }
    return false;
}

bool objectMatches(const ObjectRule& rule, const Json* value, const MatchContext& ctx, int depth = 0);

// An array of objects matches when one element matches the whole nested rule, so conditions
// on sibling keys are never satisfied by two different elements.
bool anyElementMatches(const ObjectRule& rule, const Json& array, const MatchContext& ctx, int depth, bool* sawObject)
{
    if (depth > kMaxSubjectNesting) return false;
    for (const Json& element : array) {
        if (element.is_array()) {
            if (anyElementMatches(rule, element, ctx, depth + 1, sawObject)) return true;
        } else if (element.is_object()) {
            *sawObject = true;
            if (objectMatches(rule, &element, ctx, depth + 1)) return true;
        }
    }
    return false;
}

bool objectMatches(const ObjectRule& rule, const Json* value, const MatchContext& ctx, int depth)
{
    if (value && value->is_array()) {
        bool sawObject = false;
        if (anyElementMatches(rule, *value, ctx, depth, &sawObject)) return true;
        return !sawObject && objectMatches(rule, nullptr, ctx, depth);
    }
    const Json* object = value && value->is_object() ? value : nullptr;
    for (const FieldRule& field : rule.fields) {
        const Json* child = nullptr;
        if (object) {
            auto it = object->find(field.key);
            if (it != object->end()) child = &*it;
        }
        const bool ok = field.nested.empty() ? leafMatches(field.conditions, child, ctx)
                                             : objectMatches(field.nested.front(), child, ctx, depth + 1);
        if (!ok) return false;
    }
    for (const std::vector<ObjectRule>& alternatives : rule.anyOf) {
        bool any = false;
        for (const ObjectRule& alternative : alternatives) {
            if (objectMatches(alternative, object, ctx, depth)) {
                any = true;
                break;
            }
        }
        if (!any) return false;
    }
    return true;
}

}  // namespace

struct FilterPolicy::Impl {
    Json source;
    ObjectRule root;
};

Result<FilterPolicy> FilterPolicy::parse(const Json& policy)
{
    return parse(policy, FilterPolicyScope::MessageBody);
}

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
    if (auto e = parseObject(policy, QString(), 1, scope, &impl->root, &shape)) return *e;
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

bool FilterPolicy::matches(const Json& subject) const
{
    if (!m_impl) return false;
    const ObjectRule& root = m_impl->root;
    if (root.fields.empty() && root.anyOf.empty()) return true;  // {} filters nothing out
    if (!subject.is_object()) return false;
    MatchContext ctx;
    ctx.emptySubject = subject.empty();
    return objectMatches(root, &subject, ctx);
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
