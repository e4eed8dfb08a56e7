// Incremental HTTP/1.1 request parser (RFC 9112): lenient about bare LF line ends, strict about
// everything else, because a request the engine cannot read must be refused here with a reason.
#include "live/HttpRequestParser.h"

#include "live/HttpSyntax.h"

#include <algorithm>
#include <cstring>

namespace ml {

namespace {

using namespace httpsyntax;

// A chunk-size line is a hex number and optional extensions; no real client sends kilobytes of
// extensions, and the cap keeps a hostile one from growing the line buffer without bound.
constexpr qint64 kMaxChunkSizeLine = 4096;

}  // namespace

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
            if (m_line.isEmpty() && first != '\r' && first != '\n' && !kTokenChar[static_cast<unsigned char>(first)]) {
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
            const int got = readLine(buffer, pos, line, m_chunkLineBytes, kMaxChunkSizeLine, 400, "chunk size line");
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
        case Phase::Done: break;
        }
    }
    if (pos >= buffer.size())
        buffer.clear();
    else if (pos > 0)
        buffer.remove(0, pos);  // erasing at the front of an unshared QByteArray only moves its start
    return m_state;
}

}  // namespace ml
