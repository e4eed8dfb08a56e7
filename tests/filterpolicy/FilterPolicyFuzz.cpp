// A fixed-seed fuzz loop over mutated filter policies: parsing and matching never crash, and a
// refused policy names a pointer that exists in it.
#include "FilterPolicyTests.h"

#include <random>

using ml::FilterPolicy;
using ml::FilterPolicyScope;
using ml::Json;

namespace {

void collectPointers(const Json& v, const std::string& at, std::vector<std::string>* out)
{
    out->push_back(at);
    if (v.is_object()) {
        for (auto it = v.begin(); it != v.end(); ++it) {
            std::string key = it.key();
            std::string escaped;
            for (char c : key)
                escaped += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
            std::string next = at;
            next += '/';
            next += escaped;
            collectPointers(it.value(), next, out);
        }
    } else if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i) {
            std::string next = at;
            next += '/';
            next += std::to_string(i);
            collectPointers(v[i], next, out);
        }
    }
}

Json randomValue(std::mt19937& rng)
{
    static const char* const kValues[] = {
        R"("x")",
        "5",
        "-3.5",
        "2e9",
        "true",
        "null",
        "[]",
        "{}",
        R"(["a", 1])",
        R"({"prefix": "a"})",
        R"({"suffix": 1})",
        R"({"numeric": [">", 1, "<", 0]})",
        R"({"numeric": ["<"]})",
        R"({"anything-but": []})",
        R"({"anything-but": {"prefix": "z"}})",
        R"({"exists": 0})",
        R"({"cidr": "1.2.3.4/40"})",
        R"({"$or": [{}]})",
        R"({"equals-ignore-case": ["A"]})",
        R"([{"numeric": ["=", 1]}])",
        R"({"k": {"k": {"k": [1]}}})",
    };
    const std::size_t n = sizeof(kValues) / sizeof(kValues[0]);
    return Json::parse(kValues[std::uniform_int_distribution<std::size_t>(0, n - 1)(rng)]);
}

}  // namespace

void TestFilterPolicy::fuzzNeverCrashes()
{
    const Json seeds[] = {
        j(R"({"sport": ["rugby", {"prefix": "bas"}], "price": [{"numeric": [">", 0, "<=", 150]}]})"),
        j(R"({"detail": {"state": [{"anything-but": ["stopped", "pending"]}], "type": [{"exists": true}]}})"),
        j(R"({"$or": [{"a": [{"suffix": ".png"}]}, {"b": [{"equals-ignore-case": "X"}]}], "ip": [{"cidr": "10.0.0.0/8"}]})"),
    };
    const Json subjects[] = {
        j(R"({})"),
        j(R"({"sport": "rugby", "price": 10})"),
        j(R"({"detail": {"state": "running", "type": "t2"}})"),
        j(R"({"a": "x.png", "b": ["x", 5], "ip": "10.1.2.3"})"),
        j(R"({"detail": [{"state": null}, [1, [2]]]})"),
    };
    std::mt19937 rng(20260101);
    int parsedOk = 0;
    int rejected = 0;
    for (int round = 0; round < 3000; ++round) {
        Json policy = seeds[round % 3];
        const int mutations = 1 + static_cast<int>(rng() % 3);
        for (int m = 0; m < mutations; ++m) {
            std::vector<std::string> pointers;
            collectPointers(policy, "", &pointers);
            const std::string& target = pointers[rng() % pointers.size()];
            Json::json_pointer where(target);
            switch (rng() % 4) {
            case 0: policy[where] = randomValue(rng); break;  // replace a value
            case 1:                                           // drop a value
                if (!target.empty()) {
                    Json& parent = policy[where.parent_pointer()];
                    if (parent.is_object())
                        parent.erase(where.back());
                    else if (parent.is_array() && !parent.empty())
                        parent.erase(parent.begin());
                }
                break;
            case 2:  // add a key or an element
                if (policy[where].is_object()) {
                    static const char* const kKeys[] = {"k0", "k1", "k2", "k3", "$or", "numeric", "a"};
                    policy[where][kKeys[rng() % 7]] = randomValue(rng);
                } else if (policy[where].is_array())
                    policy[where].push_back(randomValue(rng));
                break;
            default: policy[where] = Json::array({policy[where]}); break;  // wrap in an array
            }
        }
        auto parsed = FilterPolicy::parse(policy);
        if (parsed.ok()) {
            ++parsedOk;
            for (const Json& subject : subjects) parsed->matches(subject);
            continue;
        }
        ++rejected;
        const ml::Error& e = parsed.error();
        QVERIFY2(!e.message.isEmpty(), policy.dump().c_str());
        // The pointer names a place that exists in the policy.
        QVERIFY2(e.pointer.isEmpty() || policy.contains(Json::json_pointer(e.pointer.toStdString())),
                 qPrintable(e.pointer + QStringLiteral(" in ") + ml::toQString(policy.dump())));
    }
    // Both outcomes are exercised, or the fuzz loop tests nothing.
    QVERIFY(parsedOk > 100);
    QVERIFY(rejected > 100);
}
