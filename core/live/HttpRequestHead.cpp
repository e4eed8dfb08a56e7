// The request head (RFC 9112 §3, §5): request line, header fields, and what they say about how
// the body is framed. Reading bytes and the body itself is in HttpRequestParser.cpp.
#include "live/HttpRequestParser.h"
#include "live/HttpSyntax.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace ml {

namespace {

using namespace httpsyntax;

constexpr qint64 kTooLarge = std::numeric_limits<qint64>::max();

bool isToken(QByteArrayView text)
{
    if (text.isEmpty()) return false;
    for (char c : text)
        if (!kTokenChar[static_cast<unsigned char>(c)]) return false;
    return true;
}

bool allDigits(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
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

}  // namespace ml
