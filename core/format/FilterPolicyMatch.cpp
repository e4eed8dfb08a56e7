// Matching a message against a parsed filter policy: attributes or body, arrays looked through,
// "$or" alternatives, and the AWS rules for missing keys, exists and anything-but.
#include "format/FilterPolicy.h"
#include "format/FilterPolicyRules.h"

#include <QHostAddress>

#include <string>
#include <vector>

namespace ml {

namespace {

using namespace filterpolicy;

// Keeps recursion into a hostile message bounded.
constexpr int kMaxSubjectNesting = 64;

bool startsWith(const std::string& s, const std::string& p)
{
    return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
}

bool endsWith(const std::string& s, const std::string& p)
{
    return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

bool sameValue(const Json& a, const Json& b)
{
    // Numbers compare by value so 301.5 matches 3.015e2, as AWS documents.
    if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
    if (a.is_string() && b.is_string()) return a.get_ref<const std::string&>() == b.get_ref<const std::string&>();
    if (a.is_boolean() && b.is_boolean()) return a.get<bool>() == b.get<bool>();
    return a.is_null() && b.is_null();
}

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
    case K::Exact: return sameValue(c.literal, v);
    case K::Prefix: return isString && startsWith(*s, c.text);
    case K::Suffix: return isString && endsWith(*s, c.text);
    case K::PrefixIgnoreCase: return isString && fold(*s).startsWith(c.folded.front());
    case K::SuffixIgnoreCase: return isString && fold(*s).endsWith(c.folded.front());
    case K::Wildcard: return isString && wildcardMatches(c.wildcards.front(), *s);
    case K::EqualsIgnoreCase: return isString && fold(*s) == c.folded.front();
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
    case K::AnythingButPrefix: return !v.is_null() && !(isString && startsWith(*s, c.text));
    case K::AnythingButSuffix: return !v.is_null() && !(isString && endsWith(*s, c.text));
    case K::AnythingButIgnoreCase: {
        if (v.is_null()) return false;
        if (!isString) return true;
        const QString folded = fold(*s);
        for (const QString& excluded : c.folded) {
            if (excluded == folded) return false;
        }
        return true;
    }
    case K::AnythingButWildcard:
        if (v.is_null()) return false;
        if (!isString) return true;
        for (const std::vector<std::string>& pattern : c.wildcards) {
            if (wildcardMatches(pattern, *s)) return false;
        }
        return true;
    case K::Exists: break;
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

namespace filterpolicy {

bool wildcardMatches(const std::vector<std::string>& segments, const std::string& s)
{
    if (segments.size() == 1) return s == segments.front();
    // The first segment is a prefix and the last a suffix (not overlapping it); the ones between
    // are found left to right, each as early as possible, which is enough when "*" is the only
    // wildcard.
    const std::string& first = segments.front();
    const std::string& last = segments.back();
    if (s.size() < first.size() + last.size() || !startsWith(s, first) || !endsWith(s, last)) return false;
    std::size_t at = first.size();
    const std::size_t end = s.size() - last.size();
    for (std::size_t i = 1; i + 1 < segments.size(); ++i) {
        const std::size_t found = s.find(segments[i], at);
        if (found == std::string::npos || found + segments[i].size() > end) return false;
        at = found + segments[i].size();
    }
    return true;
}

}  // namespace filterpolicy

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

}  // namespace ml
