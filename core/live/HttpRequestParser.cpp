// Incremental HTTP/1.1 request parser (RFC 9112): lenient about bare LF line ends, strict about
// everything else, because a request the engine cannot read must be refused here with a reason.
#include "live/HttpRequestParser.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <string_view>

namespace ml {

namespace {

// A chunk-size line is a hex number and optional extensions; no real client sends kilobytes of
// extensions, and the cap keeps a hostile one from growing the line buffer without bound.
constexpr qint64 kMaxChunkSizeLine = 4096;
constexpr qint64 kTooLarge = std::numeric_limits<qint64>::max();

constexpr std::array<bool, 256> makeTokenTable()
{
    std::array<bool, 256> table{};
    for (int c = '0'; c <= '9'; ++c) table[c] = true;
    for (int c = 'a'; c <= 'z'; ++c) table[c] = true;
    for (int c = 'A'; c <= 'Z'; ++c) table[c] = true;
    for (char c : std::string_view("!#$%&'*+-.^_`|~")) table[static_cast<unsigned char>(c)] = true;
    return table;
}
constexpr std::array<bool, 256> kTokenChar = makeTokenTable();

bool isToken(QByteArrayView text)
{
    if (text.isEmpty()) return false;
    for (char c : text)
        if (!kTokenChar[static_cast<unsigned char>(c)]) return false;
    return true;
}

bool isControl(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
}

bool allDigits(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

QByteArrayView trimSpaces(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t')) text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t')) text.chop(1);
    return text;
}

// Client bytes quoted for an error message: short, printable, never a raw control character.
QString quoted(QByteArrayView text)
{
    constexpr qsizetype kMax = 40;
    QString out = QStringLiteral("\"");
    for (qsizetype i = 0; i < std::min(text.size(), kMax); ++i) {
        const auto u = static_cast<unsigned char>(text[i]);
        if (u >= 0x20 && u < 0x7f)
            out += QChar(u);
        else
            out += QStringLiteral("\\x%1").arg(u, 2, 16, QChar('0'));
    }
    if (text.size() > kMax) out += QStringLiteral("...");
    return out + QStringLiteral("\"");
}

// Calls `visit` with each trimmed member of a comma-separated field value (RFC 9110 §5.6.1).
template <typename Visit>
void forEachMember(QByteArrayView value, Visit visit)
{
    while (true) {
        const qsizetype comma = value.indexOf(',');
        visit(trimSpaces(comma < 0 ? value : value.first(comma)));
        if (comma < 0) return;
        value = value.sliced(comma + 1);
    }
}

// 1 for HTTP/1.1 (and later 1.x minors, answered as 1.1 per RFC 9110 §6.2), 0 for HTTP/1.0,
// -1 when it is not an HTTP version at all, -2 for a well-formed version we do not speak.
int parseVersion(QByteArrayView version)
{
    if (!version.startsWith("HTTP/")) return -1;
    version = version.sliced(5);
    const qsizetype dot = version.indexOf('.');
    const QByteArrayView major = dot < 0 ? version : version.first(dot);
    if (!allDigits(major)) return -1;
    if (dot >= 0 && !allDigits(version.sliced(dot + 1))) return -1;
    if (major != "1") return -2;
    if (dot < 0 || version.size() != 3) return -1;
    return version[2] == '0' ? 0 : 1;
}

}  // namespace

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const HttpHeader& h : headers)
        if (QByteArrayView(h.name).compare(name, Qt::CaseInsensitive) == 0) return h.value;
    return {};
}

bool HttpRequest::keepAlive() const
{
    bool close = false;
    bool keep = false;
    for (const HttpHeader& h : headers) {
        if (QByteArrayView(h.name).compare("Connection", Qt::CaseInsensitive) != 0) continue;
        forEachMember(h.value, [&](QByteArrayView option) {
            if (option.compare("close", Qt::CaseInsensitive) == 0) close = true;
            if (option.compare("keep-alive", Qt::CaseInsensitive) == 0) keep = true;
        });
    }
    if (close) return false;
    return versionMinor >= 1 || keep;
}

HttpRequestParser::HttpRequestParser(HttpLimits limits) : m_limits(limits) {}

void HttpRequestParser::reset()
{
    m_state = State::NeedMore;
    m_phase = Phase::RequestLine;
    m_request = HttpRequest{};
    m_line.clear();
    m_headBytes = 0;
    m_trailerBytes = 0;
    m_chunkLineBytes = 0;
    m_remaining = 0;
    m_expectContinue = false;
    m_bodyStarted = false;
    m_chunked = false;
    m_chunkCR = false;
    m_errorStatus = 0;
    m_errorMessage.clear();
}

HttpRequest HttpRequestParser::take()
{
    HttpRequest request = std::move(m_request);
    reset();
    return request;
}

bool HttpRequestParser::expectsContinue() const
{
    return m_state == State::NeedMore && m_expectContinue && !m_bodyStarted && m_phase != Phase::RequestLine &&
           m_phase != Phase::Headers;
}

bool HttpRequestParser::fail(int status, const QString& message)
{
    m_state = State::Error;
    m_errorStatus = status;
    m_errorMessage = message;
    return false;
}

HttpRequestParser::State HttpRequestParser::finish()
{
    m_state = State::Complete;
    m_phase = Phase::Done;
    return m_state;
}

int HttpRequestParser::readLine(const QByteArray& buffer, qsizetype& pos, QByteArrayView& line, qint64& counter,
                                qint64 cap, int capStatus, const char* what)
{
    const char* data = buffer.constData();
    const qsizetype size = buffer.size();
    const void* lf = std::memchr(data + pos, '\n', static_cast<size_t>(size - pos));
    const qsizetype end = lf ? static_cast<const char*>(lf) - data : size;
    counter += end - pos + (lf ? 1 : 0);
    if (counter > cap) {
        fail(capStatus, QStringLiteral("%1 over the limit of %2 bytes").arg(QLatin1String(what)).arg(cap));
        return -1;
    }
    if (!lf) {
        m_line.append(data + pos, end - pos);
        pos = size;
        return 0;
    }
    if (m_line.isEmpty()) {
        line = QByteArrayView(data + pos, end - pos);  // the usual case: the whole line is in this buffer
    } else {
        m_line.append(data + pos, end - pos);
        line = m_line;
    }
    pos = end + 1;
    if (line.endsWith('\r')) line.chop(1);
    return 1;
}

bool HttpRequestParser::requestLine(QByteArrayView line)
{
    if (std::any_of(line.begin(), line.end(), isControl))
        return fail(400, QStringLiteral("bad request line: control character in %1").arg(quoted(line)));
    const qsizetype sp1 = line.indexOf(' ');
    if (sp1 < 0) return fail(400, QStringLiteral("bad request line %1: no target").arg(quoted(line)));
    const QByteArrayView method = line.first(sp1);
    if (!isToken(method))
        return fail(400, QStringLiteral("bad request line: method %1 is not a token").arg(quoted(method)));
    const qsizetype sp2 = line.indexOf(' ', sp1 + 1);
    if (sp2 < 0) return fail(400, QStringLiteral("bad request line %1: no HTTP version").arg(quoted(line)));
    QByteArrayView target = line.sliced(sp1 + 1, sp2 - sp1 - 1);
    if (target.isEmpty()) return fail(400, QStringLiteral("bad request line %1: no target").arg(quoted(line)));
    const QByteArrayView version = line.sliced(sp2 + 1);
    const int minor = parseVersion(version);
    if (minor == -2) return fail(505, QStringLiteral("HTTP version %1 is not supported").arg(quoted(version)));
    if (minor < 0) return fail(400, QStringLiteral("bad request line: %1 is not an HTTP version").arg(quoted(version)));

    QByteArray originForm;
    if (target.startsWith('/')) {
        originForm = target.toByteArray();
    } else if (target == "*" && method == "OPTIONS") {
        originForm = "*";
    } else {
        // Absolute-form ("http://host/path") must be accepted by servers (RFC 9112 §3.2.2); the
        // engine routes on the path, so keep only that.
        qsizetype schemeEnd = -1;
        if (target.size() > 7 && target.first(7).compare("http://", Qt::CaseInsensitive) == 0) schemeEnd = 7;
        if (target.size() > 8 && target.first(8).compare("https://", Qt::CaseInsensitive) == 0) schemeEnd = 8;
        if (schemeEnd < 0)
            return fail(400,
                        QStringLiteral("bad request line: target %1 does not start with \"/\"").arg(quoted(target)));
        const QByteArrayView rest = target.sliced(schemeEnd);
        qsizetype pathStart = rest.size();
        for (qsizetype i = 0; i < rest.size(); ++i)
            if (rest[i] == '/' || rest[i] == '?') {
                pathStart = i;
                break;
            }
        if (pathStart == 0) return fail(400, QStringLiteral("bad request line: no host in %1").arg(quoted(target)));
        const QByteArrayView path = rest.sliced(pathStart);
        originForm = path.startsWith('/') ? path.toByteArray() : QByteArray("/") + path.toByteArray();
    }
    m_request.method = method.toByteArray();
    m_request.target = std::move(originForm);
    m_request.versionMinor = minor;
    return true;
}

bool HttpRequestParser::headerLine(QByteArrayView line)
{
    if (line.front() == ' ' || line.front() == '\t')
        return fail(400, QStringLiteral("obsolete header line folding in %1").arg(quoted(line)));
    const qsizetype colon = line.indexOf(':');
    if (colon < 0) return fail(400, QStringLiteral("header line without a colon: %1").arg(quoted(line)));
    const QByteArrayView name = line.first(colon);
    if (!isToken(name)) return fail(400, QStringLiteral("invalid header name %1").arg(quoted(name)));
    const QByteArrayView value = trimSpaces(line.sliced(colon + 1));
    for (char c : value)
        if (isControl(c) && c != '\t')
            return fail(400, QStringLiteral("control character in header %1").arg(quoted(name)));
    m_request.headers.push_back(HttpHeader{name.toByteArray(), value.toByteArray()});
    return true;
}

// The head is complete: decide how the body is framed (RFC 9112 §6.3) before reading any of it.
bool HttpRequestParser::endOfHead()
{
    bool sawLength = false;
    qint64 length = -1;
    std::vector<QByteArrayView> codings;
    bool sawCodings = false;
    bool expect = false;
    for (const HttpHeader& h : m_request.headers) {
        const QByteArrayView name(h.name);
        if (name.compare("Content-Length", Qt::CaseInsensitive) == 0) {
            sawLength = true;
            bool bad = false;
            forEachMember(h.value, [&](QByteArrayView member) {
                if (!allDigits(member)) {
                    bad = true;
                    return;
                }
                while (member.size() > 1 && member.front() == '0') member = member.sliced(1);
                // 18 digits always fit in a qint64; anything longer is over any limit anyway.
                const qint64 value = member.size() > 18 ? kTooLarge : member.toLongLong();
                if (length >= 0 && value != length) bad = true;
                length = value;
            });
            if (bad) return fail(400, QStringLiteral("invalid Content-Length %1").arg(quoted(h.value)));
        } else if (name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0) {
            sawCodings = true;
            forEachMember(h.value, [&](QByteArrayView coding) {
                if (!coding.isEmpty()) codings.push_back(coding);
            });
        } else if (name.compare("Expect", Qt::CaseInsensitive) == 0) {
            forEachMember(h.value, [&](QByteArrayView member) {
                if (member.compare("100-continue", Qt::CaseInsensitive) == 0) expect = true;
            });
        }
    }

    if (sawCodings) {
        // Both framings at once is the request-smuggling shape (RFC 9112 §6.1): refuse it.
        if (sawLength) return fail(400, QStringLiteral("both Content-Length and Transfer-Encoding"));
        if (m_request.versionMinor == 0) return fail(400, QStringLiteral("Transfer-Encoding in an HTTP/1.0 request"));
        if (codings.empty()) return fail(400, QStringLiteral("empty Transfer-Encoding"));
        for (QByteArrayView coding : codings)
            if (coding.compare("chunked", Qt::CaseInsensitive) != 0)
                return fail(501, QStringLiteral("unsupported transfer-coding %1").arg(quoted(coding)));
        if (codings.size() > 1) return fail(400, QStringLiteral("transfer-coding \"chunked\" applied twice"));
        m_chunked = true;
        m_expectContinue = expect && m_request.versionMinor >= 1;
        m_phase = Phase::ChunkSize;
        return true;
    }
    if (length > m_limits.maxBody) {
        return fail(
            413,
            length == kTooLarge
                ? QStringLiteral("body is over the limit of %1 bytes").arg(m_limits.maxBody)
                : QStringLiteral("body of %1 bytes is over the limit of %2 bytes").arg(length).arg(m_limits.maxBody));
    }
    if (length <= 0) {
        finish();
        return true;
    }
    m_remaining = length;
    // 100-continue means nothing to an HTTP/1.0 client (RFC 9110 §10.1.1).
    m_expectContinue = expect && m_request.versionMinor >= 1;
    m_phase = Phase::Body;
    return true;
}

bool HttpRequestParser::chunkSizeLine(QByteArrayView line)
{
    qint64 size = 0;
    qsizetype i = 0;
    for (; i < line.size(); ++i) {
        const char c = line[i];
        int digit = -1;
        if (c >= '0' && c <= '9') digit = c - '0';
        if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
        if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
        if (digit < 0) break;
        if (size > m_limits.maxBody) continue;  // already too large; keep scanning, never overflow
        size = size * 16 + digit;
    }
    if (i == 0) return fail(400, QStringLiteral("chunk size %1 is not hexadecimal").arg(quoted(line)));
    const QByteArrayView rest = trimSpaces(line.sliced(i));
    if (!rest.isEmpty() && (rest.front() != ';' ||
                            std::any_of(rest.begin(), rest.end(), [](char c) { return isControl(c) && c != '\t'; })))
        return fail(400, QStringLiteral("bad chunk size line %1").arg(quoted(line)));
    if (size > m_limits.maxBody - m_request.body.size())
        return fail(413, QStringLiteral("chunked body is over the limit of %1 bytes").arg(m_limits.maxBody));
    m_remaining = size;
    m_phase = size == 0 ? Phase::Trailers : Phase::ChunkData;
    return true;
}

void HttpRequestParser::appendBody(QByteArray& buffer, qsizetype& pos, qint64 count)
{
    const qsizetype n = static_cast<qsizetype>(std::min<qint64>(count, buffer.size() - pos));
    QByteArray& body = m_request.body;
    if (body.isEmpty() && pos == 0 && n == buffer.size()) {
        body = std::move(buffer);  // the buffer is exactly body: adopt it rather than copy it
        buffer = QByteArray();
        pos = 0;
    } else {
        if (body.isEmpty() && !m_chunked) body.reserve(std::min<qint64>(m_remaining, qint64(1) << 20));
        body.append(buffer.constData() + pos, n);
        pos += n;
    }
    m_remaining -= n;
}

HttpRequestParser::State HttpRequestParser::feed(QByteArray& buffer)
{
    qsizetype pos = 0;
    while (m_state == State::NeedMore && pos < buffer.size()) {
        QByteArrayView line;
        switch (m_phase) {
            case Phase::RequestLine: {
                // A request starts with a method token: a TLS handshake or binary noise is refused at
                // its first byte instead of after 64 KB of waiting for a line end.
                const char first = buffer[pos];
                if (m_line.isEmpty() && first != '\r' && first != '\n' &&
                    !kTokenChar[static_cast<unsigned char>(first)]) {
                    fail(400, QStringLiteral("bad request line: starts with %1, not a method")
                                  .arg(quoted(QByteArrayView(&first, 1))));
                    break;
                }
                const int got = readLine(buffer, pos, line, m_headBytes, m_limits.maxHead, 431, "request head");
                if (got <= 0) break;
                // Empty lines before a request line are ignored (RFC 9112 §2.2); they still count
                // toward the head limit, so an endless stream of them ends in 431.
                if (!line.isEmpty() && requestLine(line)) m_phase = Phase::Headers;
                m_line.clear();
                break;
            }
            case Phase::Headers: {
                const int got = readLine(buffer, pos, line, m_headBytes, m_limits.maxHead, 431, "request head");
                if (got <= 0) break;
                if (line.isEmpty())
                    endOfHead();
                else
                    headerLine(line);
                m_line.clear();
                break;
            }
            case Phase::Body:
                m_bodyStarted = true;
                appendBody(buffer, pos, m_remaining);
                if (m_remaining == 0) finish();
                break;
            case Phase::ChunkSize: {
                m_bodyStarted = true;
                const int got =
                    readLine(buffer, pos, line, m_chunkLineBytes, kMaxChunkSizeLine, 400, "chunk size line");
                if (got <= 0) break;
                m_chunkLineBytes = 0;
                chunkSizeLine(line);
                m_line.clear();
                break;
            }
            case Phase::ChunkData:
                appendBody(buffer, pos, m_remaining);
                if (m_remaining == 0) m_phase = Phase::ChunkDataEnd;
                break;
            case Phase::ChunkDataEnd: {
                const char c = buffer[pos];
                if (c == '\r' && !m_chunkCR) {
                    m_chunkCR = true;
                    ++pos;
                } else if (c == '\n') {
                    m_chunkCR = false;
                    m_phase = Phase::ChunkSize;
                    ++pos;
                } else {
                    fail(400, QStringLiteral("chunk data not followed by a line end"));
                }
                break;
            }
            case Phase::Trailers: {
                // Trailer fields are read and dropped: nothing in the engine consumes them.
                const int got = readLine(buffer, pos, line, m_trailerBytes, m_limits.maxHead, 431, "trailer section");
                if (got <= 0) break;
                if (line.isEmpty()) finish();
                m_line.clear();
                break;
            }
            case Phase::Done:
                break;
        }
    }
    if (pos >= buffer.size())
        buffer.clear();
    else if (pos > 0)
        buffer.remove(0, pos);  // erasing at the front of an unshared QByteArray only moves its start
    return m_state;
}

}  // namespace ml
