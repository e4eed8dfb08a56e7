// Incremental, strict HTTP/1.1 request parser for the live ingress (HttpEndpoint): request line,
// header fields, bodies by Content-Length or chunked coding, and the limits that earn 413 and 431.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <vector>

namespace ml {

struct HttpHeader {
    QByteArray name;   // as sent
    QByteArray value;  // leading and trailing spaces/tabs removed
};

struct HttpRequest {
    QByteArray method;     // a token as sent: "GET", "POST", ...
    QByteArray target;     // origin-form: "/items/42?x=1" (absolute-form is reduced to it; "*" for OPTIONS)
    int versionMinor = 1;  // HTTP/1.0 or HTTP/1.1
    std::vector<HttpHeader> headers;
    QByteArray body;  // decoded: chunked framing removed, trailers dropped

    // Case-insensitive, first match, empty if none.
    QByteArray header(QByteArrayView name) const;
    // Whether the connection stays open after the response: HTTP/1.1 unless "Connection: close",
    // HTTP/1.0 only with "Connection: keep-alive".
    bool keepAlive() const;
};

struct HttpLimits {
    qint64 maxBody = 10 * 1024 * 1024;  // DESIGN.md: bodies over 10 MB get 413
    qint64 maxHead = 64 * 1024;         // request line + headers (and a chunked body's trailers); over it 431
    // A slow or silent client must not hold a connection forever: a request begun and not
    // finished in time gets 408; a connection with nothing asked and nothing owed is closed.
    int requestTimeoutMs = 30'000;
    int idleTimeoutMs = 120'000;
    std::size_t maxConnections = 1024;  // past it a new connection gets 503 and is closed
};

// Incremental: feed bytes as they arrive; it consumes what it uses from the buffer, so a buffer
// holding several pipelined requests is fed once per request. Bytes are copied once (into the
// request's head fields or body), never rescanned, so a 10 MB body in small pieces costs O(n).
class HttpRequestParser {
public:
    enum class State { NeedMore, Complete, Error };

    explicit HttpRequestParser(HttpLimits limits = {});

    // Consumes bytes of at most one request. NeedMore has consumed the whole buffer; Complete
    // leaves the bytes of later requests in it; Error is final until reset().
    State feed(QByteArray& buffer);
    // The completed request; the parser resets for the next.
    HttpRequest take();
    void reset();

    State state() const { return m_state; }
    // Some bytes of a request have arrived and it is not complete yet.
    bool inRequest() const
    {
        return m_state == State::NeedMore && (m_phase != Phase::RequestLine || !m_line.isEmpty());
    }
    // 400 bad syntax, 413 body too large, 431 head too large, 501 unsupported transfer-coding,
    // 505 HTTP version; 0 while there is no error.
    int errorStatus() const { return m_errorStatus; }
    QString errorMessage() const { return m_errorMessage; }
    // The head is complete and carried "Expect: 100-continue", and the body is not read yet.
    bool expectsContinue() const;
    const HttpLimits& limits() const { return m_limits; }

private:
    enum class Phase { RequestLine, Headers, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Done };

    // 1 with a whole line in `line` (its CR LF or bare LF removed), 0 when the buffer ended first
    // (the partial line is kept in m_line), -1 after fail(); `counter` adds the bytes consumed.
    int readLine(const QByteArray& buffer, qsizetype& pos, QByteArrayView& line, qint64& counter, qint64 cap,
                 int capStatus, const char* what);
    bool requestLine(QByteArrayView line);
    bool headerLine(QByteArrayView line);
    bool endOfHead();
    bool chunkSizeLine(QByteArrayView line);
    void appendBody(QByteArray& buffer, qsizetype& pos, qint64 count);
    bool fail(int status, const QString& message);
    State finish();

    HttpLimits m_limits;
    State m_state = State::NeedMore;
    Phase m_phase = Phase::RequestLine;
    HttpRequest m_request;
    QByteArray m_line;       // a line split across feeds; empty while lines arrive whole
    qint64 m_headBytes = 0;  // request line + headers so far, terminators included
    qint64 m_trailerBytes = 0;
    qint64 m_chunkLineBytes = 0;
    qint64 m_remaining = 0;  // body bytes (or bytes of the current chunk) still to read
    bool m_expectContinue = false;
    bool m_bodyStarted = false;  // a byte after the head was consumed: too late for 100 Continue
    bool m_chunked = false;
    bool m_chunkCR = false;  // after chunk data: a CR seen, LF still to come
    int m_errorStatus = 0;
    QString m_errorMessage;
};

}  // namespace ml
