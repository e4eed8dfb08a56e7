#include "format/JsonText.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <string>

namespace ml::jsontext {

namespace {

bool isContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

Error textError(const QByteArray& bytes, qsizetype offset, const QString& message)
{
    const TextPosition pos = positionAt(bytes, offset);
    Error e;
    e.message = message;
    e.line = pos.line;
    e.column = pos.column;
    return e;
}

// The length of the UTF-8 sequence starting at `i`, or 0 when it is not well-formed (overlong
// forms, surrogates and code points past U+10FFFF included, as RFC 3629 says).
int utf8SequenceLength(const QByteArray& bytes, qsizetype i)
{
    const auto at = [&](qsizetype k) { return k < bytes.size() ? static_cast<unsigned char>(bytes[k]) : 0u; };
    const unsigned char c = at(i);
    if (c < 0x80) return 1;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    int length = 0;
    if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    const unsigned char second = at(i + 1);
    if (second < lo || second > hi) return 0;
    for (int k = 2; k < length; ++k)
        if (!isContinuation(at(i + k))) return 0;
    return length;
}

// nlohmann's what() is "[json.exception.parse_error.101] parse error at line 1, column 2:
// syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal".
// We place the error ourselves, so keep only what went wrong, in plainer words.
QString rewordSyntaxError(const std::string& what)
{
    std::string text = what;
    const std::string marker = "syntax error while parsing ";
    if (const auto at = text.find(marker); at != std::string::npos) {
        const auto dash = text.find(" - ", at);
        text = dash == std::string::npos ? text.substr(at) : text.substr(dash + 3);
    } else if (const auto colon = text.find(": "); colon != std::string::npos) {
        text = text.substr(colon + 2);
    }
    const std::pair<const char*, const char*> words[] = {
        {"unexpected string literal", "unexpected string"},
        {"unexpected number literal", "unexpected number"},
        {"unexpected true literal", "unexpected true"},
        {"unexpected false literal", "unexpected false"},
        {"unexpected null literal", "unexpected null"},
        {"'[', '{', or a literal", "a value"},
        {"string literal", "a string"},
        {"number literal", "a number"},
        {"true literal", "true"},
        {"false literal", "false"},
        {"null literal", "null"},
    };
    for (const auto& [from, to] : words) {
        for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + std::strlen(to)))
            text.replace(pos, std::strlen(from), to);
    }
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

// nlohmann's DOM builder with the error position kept: its own parse() throws away where a
// number overflowed (out_of_range.406), and we want every error placed.
class PositionedDom {
public:
    explicit PositionedDom(Json& root) : m_dom(root, false) {}

    bool null() { return m_dom.null(); }
    bool boolean(bool value) { return m_dom.boolean(value); }
    bool number_integer(Json::number_integer_t value) { return m_dom.number_integer(value); }
    bool number_unsigned(Json::number_unsigned_t value) { return m_dom.number_unsigned(value); }
    bool number_float(Json::number_float_t value, const Json::string_t& text)
    {
        return m_dom.number_float(value, text);
    }
    bool string(Json::string_t& value) { return m_dom.string(value); }
    bool binary(Json::binary_t& value) { return m_dom.binary(value); }
    bool start_object(std::size_t size) { return m_dom.start_object(size); }
    bool key(Json::string_t& value) { return m_dom.key(value); }
    bool end_object() { return m_dom.end_object(); }
    bool start_array(std::size_t size) { return m_dom.start_array(size); }
    bool end_array() { return m_dom.end_array(); }

    bool parse_error(std::size_t position, const std::string& lastToken, const nlohmann::detail::exception& error)
    {
        if (error.id == 406) {
            // A number too large for a double: point at its first digit.
            offset = qsizetype(position) - qsizetype(lastToken.size());
            message = QStringLiteral("number out of range: %1; expected a number between -1.7e308 and 1.7e308")
                          .arg(QString::fromStdString(lastToken));
        } else {
            offset = qsizetype(position) - 1;
            message = rewordSyntaxError(error.what());
        }
        return false;
    }

    qsizetype offset = 0;
    QString message;

private:
    nlohmann::detail::json_sax_dom_parser<Json> m_dom;
};

}  // namespace

TextPosition positionAt(const QByteArray& bytes, qsizetype offset)
{
    offset = std::clamp<qsizetype>(offset, 0, bytes.size());
    TextPosition pos;
    for (qsizetype i = 0; i < offset; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == '\n') {
            ++pos.line;
            pos.column = 1;
        } else if (!isContinuation(c)) {
            ++pos.column;
        }
    }
    return pos;
}

Status checkText(const QByteArray& bytes, int maxDepth)
{
    int depth = 0;
    bool inString = false;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c >= 0x80) {
            const int length = utf8SequenceLength(bytes, i);
            if (length == 0)
                return textError(bytes, i,
                                 QStringLiteral("invalid UTF-8 (byte 0x%1); expected UTF-8 text")
                                     .arg(QString::number(c, 16).toUpper()));
            i += length - 1;
            continue;
        }
        if (inString) {
            if (c == '\\')
                ++i;  // the escaped character cannot end the string
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > maxDepth)
                return textError(
                    bytes, i, QStringLiteral("nesting deeper than %1 levels; refusing to read further").arg(maxDepth));
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return okStatus();
}

Result<Json> parse(const QByteArray& input, int maxDepth)
{
    QByteArray bytes = input;
    if (bytes.startsWith("\xEF\xBB\xBF")) bytes.remove(0, 3);
    if (bytes.startsWith("\xFF\xFE") || bytes.startsWith("\xFE\xFF")) {
        Error e;
        e.message = QStringLiteral("the text is UTF-16; expected UTF-8");
        e.line = 1;
        e.column = 1;
        return e;
    }
    if (Status checked = checkText(bytes, maxDepth); !checked) return checked.error();

    Json document;
    try {
        PositionedDom dom(document);
        if (!Json::sax_parse(bytes.constBegin(), bytes.constEnd(), &dom, nlohmann::detail::input_format_t::json, true,
                             false))
            return textError(bytes, dom.offset, dom.message);
    } catch (const std::exception& error) {
        Error e;
        e.message = QStringLiteral("cannot read the JSON: %1").arg(QString::fromUtf8(error.what()));
        return e;
    }
    return document;
}

Result<Json> parse(const std::string& text, int maxDepth)
{
    return parse(QByteArray::fromRawData(text.data(), qsizetype(text.size())), maxDepth);
}

QString describe(const Json& value)
{
    switch (value.type()) {
    case Json::value_t::null: return QStringLiteral("null");
    case Json::value_t::boolean: return value.get<bool>() ? QStringLiteral("true") : QStringLiteral("false");
    case Json::value_t::string: return QStringLiteral("a string");
    case Json::value_t::object: return QStringLiteral("an object");
    case Json::value_t::array: return QStringLiteral("an array");
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
        if (value.is_number_float() && !std::isfinite(value.get<double>()))
            return QStringLiteral("a number out of range");
        return QStringLiteral("the number %1").arg(toQString(value.dump()));
    case Json::value_t::binary:
    case Json::value_t::discarded: break;
    }
    return QStringLiteral("something else");
}

QString pointerJoin(const QString& pointer, const QString& token)
{
    QString escaped = token;
    escaped.replace(QLatin1Char('~'), QLatin1String("~0")).replace(QLatin1Char('/'), QLatin1String("~1"));
    return pointer + QLatin1Char('/') + escaped;
}

}  // namespace ml::jsontext
