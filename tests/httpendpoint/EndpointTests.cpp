// HttpEndpoint over loopback with raw QTcpSocket clients, asserting bytes on the wire: echo,
// keep-alive and closing rules, pipelined answers in request order, the 64-request backpressure,
// refusals after the answers owed and 100-continue. The rest is in EndpointLifecycle.cpp.
#include "HttpEndpointTests.h"
#include "LoopbackKit.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QtTest>

#include <memory>

using namespace ml;
using namespace loopback;

void TestHttpEndpoint::echoesMethodTargetAndBody()
{
    Server server;
    QVERIFY(server.port != 0);
    Client client(server.port);
    QVERIFY(client.connected());
    client.send("POST /items/42?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello");
    QTRY_COMPARE_WITH_TIMEOUT(client.count(), std::size_t(1), kWait);
    const WireResponse r = client.responses()[0];
    QVERIFY(client.received.startsWith("HTTP/1.1 200 OK\r\n"));
    QCOMPARE(echoed(r, "method"), QString("POST"));
    QCOMPARE(echoed(r, "target"), QString("/items/42?x=1"));
    QCOMPARE(echoed(r, "body"), QString("hello"));
    QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(r.header("Content-Length").toInt(), int(r.body.size()));
    QVERIFY(r.header("Date").endsWith(" GMT"));
    QVERIFY(r.header("Connection").isEmpty());
    QCOMPARE(server.endpoint.requestCount(), quint64(1));
    QCOMPARE(server.requests[0].header("host"), QByteArray("127.0.0.1"));
}

void TestHttpEndpoint::keepAliveReusesTheConnection()
{
    Server server;
    Client client(server.port);
    QVERIFY(client.connected());
    client.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(client.count(), std::size_t(1), kWait);
    client.send("GET /two HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(client.count(), std::size_t(2), kWait);
    QCOMPARE(echoed(client.responses()[1], "target"), QString("/two"));
    QVERIFY(!client.closed());
    QCOMPARE(server.endpoint.connectionCount(), std::size_t(1));
    QCOMPARE(server.endpoint.requestCount(), quint64(2));
}

void TestHttpEndpoint::connectionPersistence_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<bool>("closes");
    QTest::addColumn<QByteArray>("connectionHeader");
    QTest::newRow("1.1 stays open") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << false << QByteArray();
    QTest::newRow("1.1 Connection: close")
        << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") << true << QByteArray("close");
    QTest::newRow("1.0 closes") << QByteArray("GET / HTTP/1.0\r\n\r\n") << true << QByteArray("close");
    QTest::newRow("1.0 keep-alive stays open")
        << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << false << QByteArray("keep-alive");
}

void TestHttpEndpoint::connectionPersistence()
{
    QFETCH(QByteArray, request);
    QFETCH(bool, closes);
    QFETCH(QByteArray, connectionHeader);
    Server server;
    Client client(server.port);
    QVERIFY(client.connected());
    // A second request right behind the first: a closing connection must not answer it.
    client.send(request + "GET /after HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(client.count() >= 1, kWait);
    QCOMPARE(client.responses()[0].header("Connection"), connectionHeader);
    if (closes) {
        QTRY_VERIFY_WITH_TIMEOUT(client.closed(), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(server.endpoint.connectionCount(), std::size_t(0), kWait);
        QCOMPARE(client.count(), std::size_t(1));
        QCOMPARE(server.endpoint.requestCount(), quint64(1));
    } else {
        QTRY_COMPARE_WITH_TIMEOUT(client.count(), std::size_t(2), kWait);
        QTest::qWait(50);
        QVERIFY(!client.closed());
        QCOMPARE(server.endpoint.connectionCount(), std::size_t(1));
    }
}

void TestHttpEndpoint::pipelinedAnswersLeaveInRequestOrder()
{
    Server server(true);
    Client client(server.port);
    QVERIFY(client.connected());
    client.send(
        "GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\nPOST /3 HTTP/1.1\r\nHost: "
        "x\r\nContent-Length: 1\r\n\r\nz");
    QTRY_COMPARE_WITH_TIMEOUT(server.tickets.size(), std::size_t(3), kWait);  // all handed over at once
    QVERIFY(server.endpoint.respond(server.tickets[2], text("third")));
    QVERIFY(server.endpoint.respond(server.tickets[1], text("second")));
    QTest::qWait(50);
    QVERIFY(client.received.isEmpty());  // nothing may overtake the first answer
    QVERIFY(server.endpoint.respond(server.tickets[0], text("first")));
    QTRY_COMPARE_WITH_TIMEOUT(client.count(), std::size_t(3), kWait);
    const auto r = client.responses();
    QCOMPARE(r[0].body, QByteArray("first"));
    QCOMPARE(r[1].body, QByteArray("second"));
    QCOMPARE(r[2].body, QByteArray("third"));
    QCOMPARE(r[2].header("Content-Type"), QByteArray("text/plain"));
    QVERIFY(!server.endpoint.respond(server.tickets[0], text("again")));  // answered already
}

void TestHttpEndpoint::backpressureStopsAt64Outstanding()
{
    Server server(true);
    Client client(server.port);
    QVERIFY(client.connected());
    QByteArray burst;
    for (int i = 0; i < 70; ++i) burst += "GET /" + QByteArray::number(i) + " HTTP/1.1\r\nHost: x\r\n\r\n";
    client.send(burst);
    QTRY_COMPARE_WITH_TIMEOUT(server.tickets.size(), std::size_t(64), kWait);
    QTest::qWait(50);
    QCOMPARE(server.endpoint.requestCount(), quint64(64));  // the rest wait in the socket
    QCOMPARE(server.endpoint.outstandingCount(), std::size_t(64));
    QVERIFY(server.endpoint.respond(server.tickets[0], text("0")));
    QTRY_COMPARE_WITH_TIMEOUT(server.tickets.size(), std::size_t(65), kWait);
    for (std::size_t i = 1; i < 70; ++i) {
        QTRY_VERIFY_WITH_TIMEOUT(server.tickets.size() > i, kWait);
        QVERIFY(server.endpoint.respond(server.tickets[i], text(QByteArray::number(qulonglong(i)))));
    }
    QTRY_COMPARE_WITH_TIMEOUT(client.count(), std::size_t(70), kWait);
    QCOMPARE(client.responses()[69].body, QByteArray("69"));
    QCOMPARE(server.requests[69].target, QByteArray("/69"));
}

void TestHttpEndpoint::contentLengthOverLimitIs413WithoutReadingBody()
{
    Server server;
    QSignalSpy refused(&server.endpoint, &HttpEndpoint::requestRefused);
    Client client(server.port);
    QVERIFY(client.connected());
    client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10485761\r\n\r\n");  // and not one byte of it
    QTRY_COMPARE_WITH_TIMEOUT(client.count(), std::size_t(1), kWait);
    const WireResponse r = client.responses()[0];
    QCOMPARE(r.status, 413);
    QCOMPARE(r.reason, QByteArray("Content Too Large"));
    QVERIFY2(r.message().contains("10485761"), qPrintable(r.message()));
    QCOMPARE(r.header("Connection"), QByteArray("close"));
    QTRY_VERIFY_WITH_TIMEOUT(client.closed(), kWait);
    QCOMPARE(server.endpoint.requestCount(), quint64(0));
    QCOMPARE(refused.count(), 1);
    QCOMPARE(refused[0][0].toInt(), 413);
}

void TestHttpEndpoint::refusedUploadStillGetsItsAnswer()
{
    // A client that sends the body anyway (no Expect): the endpoint answers 413 while megabytes
    // are still arriving. Closing outright would make the kernel reset the connection and the
    // client could lose the answer; the endpoint half-closes and drains instead.
    Server server;
    Client client(server.port);
    QVERIFY(client.connected());
    client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10485761\r\n\r\n" +
                QByteArray(4 * 1024 * 1024, 'u'));
    QTRY_VERIFY_WITH_TIMEOUT(client.closed(), kWait);
    QCOMPARE(client.socket.error(), QAbstractSocket::RemoteHostClosedError);  // a FIN, not a reset
    QCOMPARE(client.count(), std::size_t(1));
    QCOMPARE(client.responses()[0].status, 413);
    QCOMPARE(server.endpoint.requestCount(), quint64(0));
}

void TestHttpEndpoint::closeFromInsideTheHandler()
{
    HttpEndpoint* self = nullptr;
    int calls = 0;
    HttpEndpoint endpoint([&](HttpEndpoint::Ticket t, HttpRequest) {
        ++calls;
        self->close();
        QVERIFY(!self->respond(t, text("too late")));
    });
    self = &endpoint;
    const Result<quint16> port = endpoint.listen();
    QVERIFY(port.ok());
    Client client(port.value());
    QVERIFY(client.connected());
    client.send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(client.closed(), kWait);
    QCOMPARE(calls, 1);  // the second request is not read from a dropped connection
    QCOMPARE(endpoint.connectionCount(), std::size_t(0));
    QVERIFY(client.received.isEmpty());
}

void TestHttpEndpoint::continueBeforeBody()
{
    Server server;
    Client client(server.port);
    QVERIFY(client.connected());
    client.send("PUT /f HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(client.received, QByteArray("HTTP/1.1 100 Continue\r\n\r\n"), kWait);
    client.send("hello");
    QTRY_COMPARE_WITH_TIMEOUT(client.count(), std::size_t(2), kWait);
    QCOMPARE(client.responses()[1].status, 200);
    QCOMPARE(echoed(client.responses()[1], "body"), QString("hello"));

    // Too large: 413 instead of the go-ahead.
    Client big(server.port);
    QVERIFY(big.connected());
    big.send("PUT /f HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 20000000000\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(big.closed(), kWait);
    QVERIFY2(big.received.startsWith("HTTP/1.1 413 "), big.received.constData());
    QVERIFY(!big.received.contains("100 Continue"));
}

void TestHttpEndpoint::continueWaitsForOwedAnswers()
{
    Server server(true);
    Client client(server.port);
    QVERIFY(client.connected());
    client.send(
        "GET /held HTTP/1.1\r\nHost: x\r\n\r\nPUT /f HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: "
        "2\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(server.tickets.size(), std::size_t(1), kWait);
    QTest::qWait(50);
    // A 100 now would be read as the status line of the answer to GET /held.
    QVERIFY(client.received.isEmpty());
    QVERIFY(server.endpoint.respond(server.tickets[0], text("held")));
    QTRY_VERIFY_WITH_TIMEOUT(client.received.endsWith("HTTP/1.1 100 Continue\r\n\r\n"), kWait);
    QCOMPARE(client.responses()[0].body, QByteArray("held"));
    client.send("ok");
    QTRY_COMPARE_WITH_TIMEOUT(server.tickets.size(), std::size_t(2), kWait);
    QCOMPARE(server.requests[1].body, QByteArray("ok"));
}

void TestHttpEndpoint::refusals_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QString>("messageHas");
    QTest::newRow("400 bad request line")
        << QByteArray("GARBAGE\r\n\r\n") << 400 << QByteArray("Bad Request") << "bad request line";
    QTest::newRow("400 header without colon") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n") << 400
                                              << QByteArray("Bad Request") << "colon";
    QTest::newRow("400 both framings")
        << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n") << 400
        << QByteArray("Bad Request") << "both";
    QTest::newRow("431 head over 64 KB") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(70000, 'a') +
                                                       "\r\n\r\n")
                                         << 431 << QByteArray("Request Header Fields Too Large") << "65536";
    QTest::newRow("501 gzip") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n") << 501
                              << QByteArray("Not Implemented") << "gzip";
    QTest::newRow("505 HTTP/2.0") << QByteArray("GET / HTTP/2.0\r\n\r\n") << 505
                                  << QByteArray("HTTP Version Not Supported") << "HTTP/2.0";
}

void TestHttpEndpoint::refusals()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    QFETCH(QByteArray, reason);
    QFETCH(QString, messageHas);
    Server server;
    QSignalSpy refused(&server.endpoint, &HttpEndpoint::requestRefused);
    Client client(server.port);
    QVERIFY(client.connected());
    client.send(bytes);
    QTRY_VERIFY_WITH_TIMEOUT(client.closed(), kWait);
    QCOMPARE(client.count(), std::size_t(1));
    const WireResponse r = client.responses()[0];
    QCOMPARE(r.status, status);
    QCOMPARE(r.reason, reason);
    QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(r.header("Connection"), QByteArray("close"));
    QVERIFY2(r.message().contains(messageHas), qPrintable(r.message()));
    QCOMPARE(refused.count(), 1);
    QCOMPARE(refused[0][0].toInt(), status);
    QCOMPARE(refused[0][1].toString(), r.message());
    QCOMPARE(server.endpoint.requestCount(), quint64(0));
    QTRY_COMPARE_WITH_TIMEOUT(server.endpoint.connectionCount(), std::size_t(0), kWait);
}

void TestHttpEndpoint::refusalComesAfterOwedAnswers()
{
    Server server(true);
    QSignalSpy refused(&server.endpoint, &HttpEndpoint::requestRefused);
    Client client(server.port);
    QVERIFY(client.connected());
    client.send("GET /held HTTP/1.1\r\nHost: x\r\n\r\nBROKEN\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(refused.count(), 1, kWait);
    QTest::qWait(50);
    QVERIFY(client.received.isEmpty());
    QVERIFY(!client.closed());  // the held answer is still owed
    QVERIFY(server.endpoint.respond(server.tickets[0], text("held")));
    QTRY_VERIFY_WITH_TIMEOUT(client.closed(), kWait);
    const auto r = client.responses();
    QCOMPARE(r.size(), std::size_t(2));
    QCOMPARE(r[0].body, QByteArray("held"));
    QCOMPARE(r[0].header("Connection"), QByteArray());
    QCOMPARE(r[1].status, 400);
}
