// The parser against arbitrary arrival and arbitrary bytes: a valid request split at every byte
// position parses the same, and thousands of mutated requests (fixed seed) fed in random-sized
// pieces end as Complete or Error — the same outcome as fed whole — and never hang.
#include "HttpEndpointTests.h"

#include <QRandomGenerator>
#include <QtTest>

using namespace ml;

namespace {

const HttpLimits kFuzzLimits{2048, 1024};
// Bytes of 'x' that drive any parser state to an end: past the head limit, past the body limit,
// and past the 4 KB cap on a chunk size line.
const qsizetype kFiller = 8192;

const char* const kSeeds[] = {
    "GET /items/42?x=1 HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n",
    "POST /items HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"name\":\"ab\"}",
    "PUT /up HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n7\r\n, world\r\n0\r\nT: 1\r\n\r\n",
    "DELETE /items/1 HTTP/1.0\nConnection: keep-alive\n\n",
    "POST /e HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\nbody",
    "OPTIONS * HTTP/1.1\r\n\r\n",
};

const char* const kFragments[] = {"\r\n",
                                  "\n",
                                  "\r",
                                  ":",
                                  " ",
                                  "\t",
                                  "0",
                                  "f",
                                  ";",
                                  ",",
                                  "\r\n\r\n",
                                  "HTTP/1.1",
                                  "Content-Length: 7\r\n",
                                  "Transfer-Encoding: chunked\r\n",
                                  "chunked",
                                  "\x00",
                                  "GET / HTTP/1.1\r\n\r\n",
                                  "ffffffff\r\n",
                                  "Expect: 100-continue\r\n"};

QByteArray mutate(QByteArray bytes, QRandomGenerator& rng)
{
    const int edits = 1 + int(rng.bounded(4));
    for (int e = 0; e < edits; ++e) {
        const qsizetype at = bytes.isEmpty() ? 0 : qsizetype(rng.bounded(int(bytes.size())));
        switch (rng.bounded(6)) {
        case 0:  // one byte becomes any byte
            if (!bytes.isEmpty()) bytes[at] = char(rng.bounded(256));
            break;
        case 1: {  // a fragment that means something to a parser
            const char* fragment = kFragments[rng.bounded(int(std::size(kFragments)))];
            bytes.insert(at, fragment[0] == '\0' ? QByteArray(1, '\0') : QByteArray(fragment));
            break;
        }
        case 2:  // a range goes missing
            bytes.remove(at, qsizetype(rng.bounded(16)));
            break;
        case 3:  // a range is repeated
            bytes.insert(at, bytes.mid(at, qsizetype(rng.bounded(32))));
            break;
        case 4:  // random bytes
            for (int i = int(rng.bounded(8)); i >= 0; --i) bytes.insert(at, char(rng.bounded(256)));
            break;
        default:  // another request pipelined after this one
            bytes += kSeeds[rng.bounded(int(std::size(kSeeds)))];
            break;
        }
    }
    return bytes;
}

// What a parser made of `bytes`: each complete request described, then the error status (or
// "need more" if the bytes ran out first). Pieces of 1..maxPiece bytes, or all at once if 0.
QByteArrayList outcomes(const QByteArray& bytes, QRandomGenerator* rng, int maxPiece, bool* consistent)
{
    HttpRequestParser parser(kFuzzLimits);
    QByteArrayList out;
    QByteArray pending;
    qsizetype at = 0;
    int feeds = 0;
    while (at < bytes.size()) {
        const qsizetype piece = maxPiece == 0 ? bytes.size() : 1 + qsizetype(rng->bounded(maxPiece));
        pending.append(bytes.constData() + at, std::min(piece, bytes.size() - at));
        at += piece;
        while (true) {
            const HttpRequestParser::State state = parser.feed(pending);
            if (++feeds > 1000000) {  // a parser that stops making progress would spin here
                *consistent = false;
                return out;
            }
            if (state == HttpRequestParser::State::Complete) {
                out << describe(parser.take());
                continue;
            }
            if (state == HttpRequestParser::State::Error) {
                out << "error " + QByteArray::number(parser.errorStatus());
                if (parser.errorMessage().isEmpty()) *consistent = false;
                return out;
            }
            if (!pending.isEmpty()) *consistent = false;  // NeedMore must have taken every byte
            break;
        }
    }
    out << "need more";
    return out;
}

}  // namespace

void TestHttpEndpoint::splitAtEveryByteParsesTheSame_data()
{
    QTest::addColumn<QByteArray>("bytes");
    for (const char* seed : kSeeds) {
        const QByteArray bytes(seed);
        QTest::newRow(bytes.left(bytes.indexOf(" HTTP/")).constData()) << bytes;  // tagged by request line
    }
}

void TestHttpEndpoint::splitAtEveryByteParsesTheSame()
{
    QFETCH(QByteArray, bytes);
    HttpRequestParser whole;
    QByteArray all = bytes;
    QCOMPARE(whole.feed(all), HttpRequestParser::State::Complete);
    const QByteArray expected = describe(whole.take());

    for (qsizetype split = 0; split <= bytes.size(); ++split) {
        HttpRequestParser parser;
        QByteArray first = bytes.first(split);
        QByteArray second = bytes.sliced(split);
        HttpRequestParser::State state = parser.feed(first);
        if (split < bytes.size()) {
            QCOMPARE(state, HttpRequestParser::State::NeedMore);
            QVERIFY(first.isEmpty());
            state = parser.feed(second);
        }
        QCOMPARE(state, HttpRequestParser::State::Complete);
        QCOMPARE(describe(parser.take()), expected);
    }

    HttpRequestParser byteByByte;
    HttpRequestParser::State state = HttpRequestParser::State::NeedMore;
    for (char c : bytes) {
        QByteArray one(1, c);
        state = byteByByte.feed(one);
    }
    QCOMPARE(state, HttpRequestParser::State::Complete);
    QCOMPARE(describe(byteByByte.take()), expected);
}

void TestHttpEndpoint::mutatedRequestsEndCompleteOrError()
{
    QRandomGenerator rng(20240611);
    const QByteArray filler(kFiller, 'x');
    int completes = 0, errors = 0;
    for (int i = 0; i < 4000; ++i) {
        QByteArray bytes;
        if (i % 8 == 7) {  // noise, not a request at all
            for (int n = int(rng.bounded(200)); n >= 0; --n) bytes += char(rng.bounded(256));
        } else {
            bytes = mutate(QByteArray(kSeeds[rng.bounded(int(std::size(kSeeds)))]), rng);
        }
        // The filler can never finish a request, so whatever state the mutation left the parser
        // in, the outcome list ends with an error: nothing waits for bytes forever.
        bytes += filler;
        bool consistent = true;
        const QByteArrayList whole = outcomes(bytes, nullptr, 0, &consistent);
        const QByteArrayList pieces = outcomes(bytes, &rng, 1 + int(rng.bounded(64)), &consistent);
        QVERIFY2(consistent, qPrintable(QStringLiteral("case %1: %2").arg(i).arg(QString::fromLatin1(bytes.toHex()))));
        QVERIFY2(whole.last().startsWith("error "), qPrintable(QStringLiteral("case %1").arg(i)));
        QCOMPARE(pieces, whole);
        completes += int(whole.size()) - 1;
        ++errors;
    }
    qInfo("fuzz: %d mutated inputs, %d complete requests before their errors", errors, completes);
    QVERIFY(completes > 100);  // the mutations leave many requests intact: the fuzz reaches bodies
}
