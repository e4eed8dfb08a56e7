#include "format/LogFilterPattern.h"

#include "format/LogFilterJson.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ml {

namespace {

// CloudWatch Logs' limit on a filter pattern's length.
constexpr int kMaxPatternLength = 1024;

// Term patterns: every plain term must appear, at least one `?term` (when there are any), and
// no `-term`. Matching is a case-sensitive substring search, so `ERROR` finds "ERRORCODE" as
// the CloudWatch docs show.
struct TermPattern {
    std::vector<std::string> required;
    std::vector<std::string> anyOf;
    std::vector<std::string> excluded;

    bool matches(const std::string& haystack) const
    {
        auto found = [&haystack](const std::string& term) { return haystack.find(term) != std::string::npos; };
        for (const std::string& term : required) {
            if (!found(term)) return false;
        }
        for (const std::string& term : excluded) {
            if (found(term)) return false;
        }
        if (anyOf.empty()) return true;
        for (const std::string& term : anyOf) {
            if (found(term)) return true;
        }
        return false;
    }
};

Error errorAt(int index, const QString& what)
{
    Error e;
    e.column = index + 1;
    e.message = QStringLiteral("%1 at column %2").arg(what).arg(e.column);
    return e;
}

// Reads one term (quoted phrase or bare word) at `*i`. Quoted phrases keep their spaces and
// any characters; `\"` and `\\` escape inside them.
std::optional<Error> readTerm(const QString& s, int* i, QString* term)
{
    const int n = s.size();
    if (*i < n && s[*i] == QLatin1Char('"')) {
        const int open = (*i)++;
        while (*i < n && s[*i] != QLatin1Char('"')) {
            if (s[*i] == QLatin1Char('\\') && *i + 1 < n) ++*i;
            *term += s[(*i)++];
        }
        if (*i >= n) {
            return errorAt(
                n, QStringLiteral("expected a closing quote for the phrase that starts at column %1").arg(open + 1));
        }
        ++*i;
        return std::nullopt;
    }
    // CloudWatch: terms with characters other than letters, digits and "_" must be quoted.
    const int from = *i;
    while (*i < n && !s[*i].isSpace() && s[*i] != QLatin1Char('"')) {
        if (!s[*i].isLetterOrNumber() && s[*i] != QLatin1Char('_')) {
            return errorAt(*i, QStringLiteral("expected a letter, digit or \"_\" (put terms with other characters in "
                                              "double quotes)"));
        }
        ++*i;
    }
    *term = s.mid(from, *i - from);
    return std::nullopt;
}

Result<TermPattern> parseTerms(const QString& s, int i)
{
    TermPattern pattern;
    const int n = s.size();
    while (true) {
        while (i < n && s[i].isSpace()) ++i;
        if (i >= n) break;
        std::vector<std::string>* bucket = &pattern.required;
        const QChar marker = s[i];
        if (marker == QLatin1Char('?') || marker == QLatin1Char('-')) {
            bucket = marker == QLatin1Char('?') ? &pattern.anyOf : &pattern.excluded;
            ++i;
            // The docs write exclusions as `"ERROR" - "Exiting"`, so a space may follow the minus.
            if (marker == QLatin1Char('-')) {
                while (i < n && s[i].isSpace()) ++i;
            }
            if (i >= n || s[i].isSpace()) {
                return errorAt(i, QStringLiteral("expected a term after \"%1\"").arg(marker));
            }
        }
        QString term;
        if (auto e = readTerm(s, &i, &term)) return *e;
        bucket->push_back(toStd(term));
    }
    return pattern;
}

}  // namespace

struct LogFilterPattern::Impl {
    enum class Kind { Everything, Terms, Json };
    QString source;
    Kind kind = Kind::Everything;
    TermPattern terms;
    std::optional<LogFilterJson> json;
};

Result<LogFilterPattern> LogFilterPattern::parse(const QString& pattern)
{
    if (pattern.size() > kMaxPatternLength) {
        return errorAt(kMaxPatternLength,
                       QStringLiteral("expected a filter pattern of at most %1 characters").arg(kMaxPatternLength));
    }
    auto impl = std::make_unique<Impl>();
    impl->source = pattern;
    int i = 0;
    while (i < pattern.size() && pattern[i].isSpace()) ++i;
    if (i == pattern.size()) return LogFilterPattern(std::move(impl));

    const QChar first = pattern[i];
    if (first == QLatin1Char('{')) {
        int end = 0;
        auto json = LogFilterJson::parse(pattern, i, &end);
        if (!json) return json.error();
        while (end < pattern.size() && pattern[end].isSpace()) ++end;
        if (end < pattern.size()) return errorAt(end, QStringLiteral("expected nothing after the closing \"}\""));
        impl->kind = Impl::Kind::Json;
        impl->json = std::move(json).value();
        return LogFilterPattern(std::move(impl));
    }
    if (first == QLatin1Char('[')) {
        return errorAt(i, QStringLiteral("expected terms or a JSON pattern { ... }; space-delimited patterns [...] "
                                         "are not supported"));
    }
    if (first == QLatin1Char('%')) {
        return errorAt(i, QStringLiteral("expected terms or a JSON pattern { ... }; regular expressions %...% are not "
                                         "supported"));
    }
    auto terms = parseTerms(pattern, i);
    if (!terms) return terms.error();
    impl->kind = Impl::Kind::Terms;
    impl->terms = std::move(terms).value();
    return LogFilterPattern(std::move(impl));
}

bool LogFilterPattern::matches(const Json& event, const QString& text) const
{
    if (!m_impl) return false;
    switch (m_impl->kind) {
    case Impl::Kind::Everything: return true;
    case Impl::Kind::Terms: {
        if (!text.isEmpty()) return m_impl->terms.matches(toStd(text));
        if (event.is_null()) return m_impl->terms.matches(std::string());
        return m_impl->terms.matches(event.dump(-1, ' ', false, Json::error_handler_t::replace));
    }
    case Impl::Kind::Json: {
        // A line that arrives only as text is still a JSON event when the text is JSON.
        if (event.is_null() && !text.isEmpty()) {
            const Json parsed = Json::parse(toStd(text), nullptr, false);
            return !parsed.is_discarded() && m_impl->json->matches(parsed);
        }
        return m_impl->json->matches(event);
    }
    }
    return false;
}

QString LogFilterPattern::source() const { return m_impl ? m_impl->source : QString(); }

LogFilterPattern::LogFilterPattern(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
LogFilterPattern::LogFilterPattern(const LogFilterPattern& other)
    : m_impl(other.m_impl ? std::make_unique<Impl>(*other.m_impl) : nullptr)
{
}
LogFilterPattern& LogFilterPattern::operator=(const LogFilterPattern& other)
{
    if (this != &other) m_impl = other.m_impl ? std::make_unique<Impl>(*other.m_impl) : nullptr;
    return *this;
}
LogFilterPattern::LogFilterPattern(LogFilterPattern&&) noexcept = default;
LogFilterPattern& LogFilterPattern::operator=(LogFilterPattern&&) noexcept = default;
LogFilterPattern::~LogFilterPattern() = default;

}  // namespace ml
