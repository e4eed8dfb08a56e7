// Writing an answer on the wire: status line with its reason phrase, Date, framing headers the
// endpoint owns, and the handler's own headers filtered so none can split or reframe the response.
#include "live/HttpEndpoint.h"

#include <QDateTime>
#include <QLocale>

namespace ml {

namespace {

bool namedLike(const QByteArray& name, QByteArrayView like)
{
    return QByteArrayView(name).compare(like, Qt::CaseInsensitive) == 0;
}

// A header the handler passes must not be able to split the response.
bool safeHeader(const HttpHeader& header)
{
    if (header.name.isEmpty()) return false;
    for (char c : header.name)
        if (c <= ' ' || c == ':' || c == 0x7f) return false;
    for (char c : header.value)
        if (c == '\r' || c == '\n' || c == '\0') return false;
    return true;
}

}  // namespace

QByteArray httpReasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

QByteArray HttpEndpoint::serialize(const HttpResponse& response, int status, bool headRequest, int versionMinor,
                                   bool closing)
{
    // A 1xx from the handler would leave the client waiting for the real answer; a code outside
    // 200..599 is not one any client understands.
    if (status < 200 || status > 599) status = 500;
    const bool mayHaveBody = status != 204 && status != 304;
    QByteArray contentType = response.contentType;
    for (const HttpHeader& h : response.headers)
        if (namedLike(h.name, "Content-Type") && safeHeader(h)) contentType = h.value;

    QByteArray out;
    out.reserve(192 + response.body.size());
    out += "HTTP/1.1 ";
    out += QByteArray::number(status);
    out += ' ';
    out += httpReasonPhrase(status);
    out += "\r\n";
    out += dateHeader();
    if (mayHaveBody) {
        if (!contentType.isEmpty() && !contentType.contains('\r') && !contentType.contains('\n')) {
            out += "Content-Type: ";
            out += contentType;
            out += "\r\n";
        }
        out += "Content-Length: ";
        out += QByteArray::number(response.body.size());
        out += "\r\n";
    }
    for (const HttpHeader& h : response.headers) {
        if (!safeHeader(h) || namedLike(h.name, "Content-Type") || namedLike(h.name, "Content-Length") ||
            namedLike(h.name, "Transfer-Encoding") || namedLike(h.name, "Connection") || namedLike(h.name, "Date"))
            continue;
        out += h.name;
        out += ": ";
        out += h.value;
        out += "\r\n";
    }
    if (closing)
        out += "Connection: close\r\n";
    else if (versionMinor == 0)
        out += "Connection: keep-alive\r\n";
    out += "\r\n";
    if (mayHaveBody && !headRequest) out += response.body;
    return out;
}

const QByteArray& HttpEndpoint::dateHeader()
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (now != m_dateSecond) {
        m_dateSecond = now;
        const QDateTime utc = QDateTime::fromSecsSinceEpoch(now, Qt::UTC);
        m_date = "Date: " + QLocale::c().toString(utc, QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1() +
                 "\r\n";
    }
    return m_date;
}

}  // namespace ml
