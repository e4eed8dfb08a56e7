// SNS subscription filter policies and EventBridge-style event patterns: exact values (OR within
// a key, AND across keys), prefix, suffix, anything-but, numeric ranges, exists,
// equals-ignore-case, cidr, nested keys; event patterns (Lambda event filtering) add wildcard,
// prefix/suffix ignoring case and anything-but wildcard. Parsed once, evaluated per message.
#pragma once

#include "format/Json.h"
#include "format/Result.h"

#include <memory>

namespace ml {

// Where a subscription's policy looks: the message attributes (flat keys only) or the JSON body.
enum class FilterPolicyScope { MessageAttributes, MessageBody };

class FilterPolicy {
public:
    // `policy` is the JSON object of the filter policy. Errors carry a JSON pointer relative
    // to the policy (e.g. "/price/0/numeric/1": "expected a number after \">\"").
    // Without a scope nested keys are accepted (MessageBody rules).
    static Result<FilterPolicy> parse(const Json& policy);
    // MessageAttributes additionally rejects nested keys, as SNS does.
    static Result<FilterPolicy> parse(const Json& policy, FilterPolicyScope scope);
    // An EventBridge event pattern, as Lambda event filtering reads it: nested keys, the extra
    // operators above, at most 4096 characters; SNS's limits on keys and combinations do not apply.
    static Result<FilterPolicy> parseEventPattern(const Json& pattern);

    // For scope MessageAttributes `subject` is an object of attribute name → string/number
    // (or string array); for scope MessageBody it is the body. A missing key never matches
    // except under {"exists": false}; like AWS, anything-but needs the key to be present, and
    // "exists": false does not match an empty set of attributes.
    bool matches(const Json& subject) const;

    const Json& source() const;

    FilterPolicy(const FilterPolicy&);
    FilterPolicy& operator=(const FilterPolicy&);
    FilterPolicy(FilterPolicy&&) noexcept;
    FilterPolicy& operator=(FilterPolicy&&) noexcept;
    ~FilterPolicy();

    struct Impl;

private:
    explicit FilterPolicy(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace ml
