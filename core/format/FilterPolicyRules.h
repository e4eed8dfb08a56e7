// The parsed form of a filter policy: built by FilterPolicy.cpp (parse and validate), walked by
// FilterPolicyMatch.cpp (match a message). Private to those two files.
#pragma once

#include "format/FilterPolicy.h"

#include <QHostAddress>

#include <string>
#include <vector>

namespace ml::filterpolicy {

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
        PrefixIgnoreCase,  // event patterns: {"prefix": {"equals-ignore-case": "eu"}}
        SuffixIgnoreCase,
        Wildcard,  // event patterns: {"wildcard": "*.png"}
        EqualsIgnoreCase,
        Numeric,
        Exists,
        Cidr,
        AnythingBut,
        AnythingButPrefix,
        AnythingButSuffix,
        AnythingButIgnoreCase,
        AnythingButWildcard,  // event patterns
    };
    Kind kind = Kind::Exact;
    Json literal;                 // Exact
    std::string text;             // Prefix, Suffix, AnythingButPrefix, AnythingButSuffix
    std::vector<QString> folded;  // EqualsIgnoreCase, AnythingButIgnoreCase, Prefix/SuffixIgnoreCase
    // Wildcard, AnythingButWildcard: each pattern split at its unescaped "*" ("a*b" → a, b;
    // "*.png" → "", ".png"), escapes resolved.
    std::vector<std::vector<std::string>> wildcards;
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

inline QString fold(const std::string& s) { return toQString(s).toCaseFolded(); }

// Does `s` match the wildcard pattern split into `segments` (see Condition::wildcards)?
bool wildcardMatches(const std::vector<std::string>& segments, const std::string& s);

}  // namespace ml::filterpolicy

namespace ml {

struct FilterPolicy::Impl {
    Json source;
    filterpolicy::ObjectRule root;
};

}  // namespace ml
