#include "format/LogFilterJson.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ml {

namespace {

enum class Op { Eq, Ne, Lt, Le, Gt, Ge, IsNull, IsTrue, IsFalse, NotExists };

struct Step {
    std::string name;
    int index = -1;  // >= 0: an array element, "[n]"
};

// CloudWatch wildcards: `*` at the start and/or end of a string matches any text there; a `*`
// in the middle is a literal character (the documented "Ev*ent only matches Ev*ent").
struct Glob {
    std::string core;
    bool anyBefore = false;
    bool anyAfter = false;

    bool matches(const std::string& s) const
    {
        if (anyBefore && anyAfter) return s.find(core) != std::string::npos;
        if (anyBefore) return s.size() >= core.size() && s.compare(s.size() - core.size(), core.size(), core) == 0;
        if (anyAfter) return s.compare(0, core.size(), core) == 0;
        return s == core;
    }
};

Glob makeGlob(const QString& text)
{
    Glob g;
    int from = 0;
    int to = text.size();
    if (to > from && text[from] == QLatin1Char('*')) {
        g.anyBefore = true;
        ++from;
    }
    if (to > from && text[to - 1] == QLatin1Char('*')) {
        g.anyAfter = true;
        --to;
    }
    g.core = toStd(text.mid(from, to - from));
    return g;
}

// The number grammar of the CloudWatch docs: optional sign, integer or decimal, optional exponent.
std::optional<double> parseNumber(const QString& t)
{
    int i = 0;
    const int n = t.size();
    auto digits = [&] {
        const int from = i;
        while (i < n && t[i].isDigit() && t[i].unicode() < 128) ++i;
        return i - from;
    };
    if (i < n && (t[i] == QLatin1Char('+') || t[i] == QLatin1Char('-'))) ++i;
    int mantissa = digits();
    if (i < n && t[i] == QLatin1Char('.')) {
        ++i;
        mantissa += digits();
    }
    if (mantissa == 0) return std::nullopt;
    if (i < n && (t[i] == QLatin1Char('e') || t[i] == QLatin1Char('E'))) {
        ++i;
        if (i < n && (t[i] == QLatin1Char('+') || t[i] == QLatin1Char('-'))) ++i;
        if (digits() == 0) return std::nullopt;
    }
    if (i != n) return std::nullopt;
    bool ok = false;
    const QString plain = t.startsWith(QLatin1Char('+')) ? t.mid(1) : t;
    const double v = plain.toDouble(&ok);
    return ok ? std::optional<double>(v) : std::nullopt;
}

QString opText(Op op)
{
    switch (op) {
    case Op::Eq: return QStringLiteral("=");
    case Op::Ne: return QStringLiteral("!=");
    case Op::Lt: return QStringLiteral("<");
    case Op::Le: return QStringLiteral("<=");
    case Op::Gt: return QStringLiteral(">");
    case Op::Ge: return QStringLiteral(">=");
    default: return QString();
    }
}

}  // namespace

struct LogFilterJson::Node {
    enum class Kind { And, Or, Compare };
    Kind kind = Kind::Compare;
    std::vector<Node> children;  // And, Or
    std::vector<Step> path;      // Compare
    Op op = Op::Eq;
    std::optional<double> number;  // the value is a number (else `glob`)
    Glob glob;
};

namespace {

using Node = LogFilterJson::Node;

class Parser {
public:
    Parser(const QString& text, int pos) : m_s(text), m_i(pos) {}

    std::optional<Error> error;

    bool parsePattern(Node* root, int* end)
    {
        ++m_i;  // '{'
        if (!parseOr(root, 0)) return false;
        skipSpace();
        if (!at(QLatin1Char('}'))) return fail(m_i, QStringLiteral("expected \"&&\", \"||\" or \"}\""));
        *end = m_i + 1;
        return true;
    }

private:
    const QString& m_s;
    int m_i;

    bool atEnd() const { return m_i >= m_s.size(); }
    bool at(QChar c) const { return !atEnd() && m_s[m_i] == c; }
    bool atPair(const char* two) const
    {
        return m_i + 1 < m_s.size() && m_s[m_i] == QLatin1Char(two[0]) && m_s[m_i + 1] == QLatin1Char(two[1]);
    }
    void skipSpace()
    {
        while (!atEnd() && m_s[m_i].isSpace()) ++m_i;
    }
    bool fail(int index, const QString& what)
    {
        Error e;
        e.column = index + 1;
        e.message = QStringLiteral("%1 at column %2").arg(what).arg(e.column);
        error = e;
        return false;
    }

    bool parseOr(Node* out, int depth)
    {
        Node first;
        if (!parseAnd(&first, depth)) return false;
        skipSpace();
        if (!atPair("||")) {
            *out = std::move(first);
            return true;
        }
        out->kind = Node::Kind::Or;
        out->children.push_back(std::move(first));
        while (skipSpace(), atPair("||")) {
            m_i += 2;
            Node next;
            if (!parseAnd(&next, depth)) return false;
            out->children.push_back(std::move(next));
        }
        return true;
    }

    bool parseAnd(Node* out, int depth)
    {
        Node first;
        if (!parsePrimary(&first, depth)) return false;
        skipSpace();
        if (!atPair("&&")) {
            *out = std::move(first);
            return true;
        }
        out->kind = Node::Kind::And;
        out->children.push_back(std::move(first));
        while (skipSpace(), atPair("&&")) {
            m_i += 2;
            Node next;
            if (!parsePrimary(&next, depth)) return false;
            out->children.push_back(std::move(next));
        }
        return true;
    }

    bool parsePrimary(Node* out, int depth)
    {
        skipSpace();
        if (!at(QLatin1Char('('))) return parseComparison(out);
        if (depth + 1 > LogFilterJson::kMaxNesting) {
            return fail(m_i, QStringLiteral("expected at most %1 nested parentheses").arg(LogFilterJson::kMaxNesting));
        }
        const int open = m_i++;
        if (!parseOr(out, depth + 1)) return false;
        skipSpace();
        if (!at(QLatin1Char(')'))) {
            return fail(
                m_i, QStringLiteral("expected \"&&\", \"||\" or \")\" to close the \"(\" at column %1").arg(open + 1));
        }
        ++m_i;
        return true;
    }

    static bool isNameChar(QChar c) { return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('-'); }

    bool parseSelector(std::vector<Step>* path)
    {
        if (!at(QLatin1Char('$'))) return fail(m_i, QStringLiteral("expected a selector like $.field"));
        ++m_i;
        for (;;) {
            if (at(QLatin1Char('.'))) {
                const int from = ++m_i;
                while (!atEnd() && isNameChar(m_s[m_i])) ++m_i;
                if (m_i == from) return fail(m_i, QStringLiteral("expected a property name after \".\""));
                path->push_back(Step{toStd(m_s.mid(from, m_i - from)), -1});
            } else if (at(QLatin1Char('['))) {
                if (path->empty()) return fail(m_i, QStringLiteral("expected \".\" and a property name before \"[\""));
                const int from = ++m_i;
                while (!atEnd() && m_s[m_i].isDigit() && m_s[m_i].unicode() < 128 && m_i - from < 9) ++m_i;
                if (m_i == from) return fail(m_i, QStringLiteral("expected an array index (0, 1, ...) after \"[\""));
                const int index = m_s.mid(from, m_i - from).toInt();
                if (!at(QLatin1Char(']'))) return fail(m_i, QStringLiteral("expected \"]\" after the array index"));
                ++m_i;
                path->push_back(Step{std::string(), index});
            } else {
                break;
            }
        }
        if (path->empty()) return fail(m_i, QStringLiteral("expected \".\" and a property name after \"$\""));
        return true;
    }

    QString word()
    {
        const int from = m_i;
        while (!atEnd() && m_s[m_i].isLetter()) ++m_i;
        return m_s.mid(from, m_i - from).toUpper();
    }

    bool parseOperator(const QString& selector, Op* op)
    {
        skipSpace();
        const int start = m_i;
        static const std::pair<const char*, Op> kSymbols[] = {{"!=", Op::Ne}, {"<=", Op::Le}, {">=", Op::Ge},
                                                              {"=", Op::Eq},  {"<", Op::Lt},  {">", Op::Gt}};
        for (const auto& [symbol, symbolOp] : kSymbols) {
            const bool two = symbol[1] != '\0';
            if (two ? atPair(symbol) : at(QLatin1Char(symbol[0]))) {
                *op = symbolOp;
                m_i += two ? 2 : 1;
                return true;
            }
        }
        const QString keyword = word();
        if (keyword == QLatin1String("IS")) {
            skipSpace();
            const int valueAt = m_i;
            const QString what = word();
            if (what == QLatin1String("NULL"))
                *op = Op::IsNull;
            else if (what == QLatin1String("TRUE"))
                *op = Op::IsTrue;
            else if (what == QLatin1String("FALSE"))
                *op = Op::IsFalse;
            else
                return fail(valueAt, QStringLiteral("expected NULL, TRUE or FALSE after IS"));
            return true;
        }
        if (keyword == QLatin1String("NOT")) {
            skipSpace();
            const int valueAt = m_i;
            if (word() != QLatin1String("EXISTS")) return fail(valueAt, QStringLiteral("expected EXISTS after NOT"));
            *op = Op::NotExists;
            return true;
        }
        return fail(start, QStringLiteral("expected a comparison operator after \"%1\"").arg(selector));
    }

    bool parseComparison(Node* out)
    {
        skipSpace();
        const int selectorStart = m_i;
        out->kind = Node::Kind::Compare;
        if (!parseSelector(&out->path)) return false;
        if (!parseOperator(m_s.mid(selectorStart, m_i - selectorStart), &out->op)) return false;
        if (out->op == Op::IsNull || out->op == Op::IsTrue || out->op == Op::IsFalse || out->op == Op::NotExists) {
            return true;
        }
        skipSpace();
        const int valueAt = m_i;
        const bool relational = out->op != Op::Eq && out->op != Op::Ne;
        const auto stop = [](QChar c) { return c.isSpace() || QStringLiteral("(){}&|\"=<>!").contains(c); };
        if (atEnd() || (stop(m_s[m_i]) && !at(QLatin1Char('"')))) {
            return fail(m_i, QStringLiteral("expected a value after \"%1\"").arg(opText(out->op)));
        }
        QString value;
        bool quoted = false;
        if (at(QLatin1Char('"'))) {
            quoted = true;
            ++m_i;
            while (!atEnd() && !at(QLatin1Char('"'))) {
                if (at(QLatin1Char('\\')) && m_i + 1 < m_s.size()) ++m_i;
                value += m_s[m_i++];
            }
            if (atEnd()) {
                return fail(m_i, QStringLiteral("expected a closing quote for the string that starts at column %1")
                                     .arg(valueAt + 1));
            }
            ++m_i;
        } else {
            while (!atEnd() && !stop(m_s[m_i])) ++m_i;
            value = m_s.mid(valueAt, m_i - valueAt);
        }
        if (!quoted) out->number = parseNumber(value);
        if (relational && !out->number) {
            return fail(valueAt, QStringLiteral("expected a number after \"%1\"").arg(opText(out->op)));
        }
        if (!out->number) out->glob = makeGlob(value);
        return true;
    }
};

const Json* resolve(const std::vector<Step>& path, const Json& root)
{
    const Json* current = &root;
    for (const Step& step : path) {
        if (step.index < 0) {
            if (!current->is_object()) return nullptr;
            auto it = current->find(step.name);
            if (it == current->end()) return nullptr;
            current = &*it;
        } else {
            if (!current->is_array() || static_cast<std::size_t>(step.index) >= current->size()) return nullptr;
            current = &(*current)[static_cast<std::size_t>(step.index)];
        }
    }
    return current;
}

bool compare(const Node& n, const Json& event)
{
    const Json* v = resolve(n.path, event);
    switch (n.op) {
    case Op::NotExists: return v == nullptr;
    case Op::IsNull: return v && v->is_null();
    case Op::IsTrue: return v && v->is_boolean() && v->get<bool>();
    case Op::IsFalse: return v && v->is_boolean() && !v->get<bool>();
    default: break;
    }
    // The selector must name a value node (string or number): a missing field, an object, an
    // array, a boolean or null fails every comparison, `!=` included.
    if (!v || !(v->is_string() || v->is_number())) return false;
    if (n.number) {
        std::optional<double> field;
        if (v->is_number())
            field = v->get<double>();
        else
            field = parseNumber(toQString(v->get_ref<const std::string&>()));
        if (!field) return n.op == Op::Ne;
        const double x = *field;
        const double y = *n.number;
        switch (n.op) {
        case Op::Eq: return x == y;
        case Op::Ne: return x != y;
        case Op::Lt: return x < y;
        case Op::Le: return x <= y;
        case Op::Gt: return x > y;
        case Op::Ge: return x >= y;
        default: return false;
        }
    }
    const std::string text = v->is_string() ? v->get<std::string>() : v->dump();
    const bool equal = n.glob.matches(text);
    return n.op == Op::Eq ? equal : !equal;
}

bool evaluate(const Node& n, const Json& event)
{
    switch (n.kind) {
    case Node::Kind::And:
        for (const Node& c : n.children) {
            if (!evaluate(c, event)) return false;
        }
        return true;
    case Node::Kind::Or:
        for (const Node& c : n.children) {
            if (evaluate(c, event)) return true;
        }
        return false;
    case Node::Kind::Compare: return compare(n, event);
    }
    return false;
}

}  // namespace

Result<LogFilterJson> LogFilterJson::parse(const QString& text, int start, int* end)
{
    auto root = std::make_shared<Node>();
    Parser parser(text, start);
    if (!parser.parsePattern(root.get(), end)) return *parser.error;
    return LogFilterJson(std::move(root));
}

bool LogFilterJson::matches(const Json& event) const { return m_root && evaluate(*m_root, event); }

LogFilterJson::LogFilterJson(std::shared_ptr<const Node> root) : m_root(std::move(root)) {}

}  // namespace ml
