// The live HTTP ingress's test class, shared by its files: the request parser's rows, limits and
// timing (tst_httpendpoint.cpp), its fuzzing (ParserFuzz.cpp), and the endpoint over loopback
// with raw sockets — keep-alive, pipelining, backpressure, refusals, 100-continue (EndpointTests.cpp).
#pragma once

#include "live/HttpRequestParser.h"

#include <QObject>

// "GET|/t|1|name=value;...|body" — one line to compare two parses with QCOMPARE.
QByteArray describe(const ml::HttpRequest& request);

class TestHttpEndpoint : public QObject {
    Q_OBJECT

private slots:
    // tst_httpendpoint.cpp — the parser
    void parsesGoodRequests_data();
    void parsesGoodRequests();
    void refusesBadRequests_data();
    void refusesBadRequests();
    void pipelinedRequestsInOneBuffer();
    void limitsAreInclusive();
    void expectsContinue_data();
    void expectsContinue();
    void keepAlive_data();
    void keepAlive();
    void tenMegabyteBodyParsesWhole_data();
    void tenMegabyteBodyParsesWhole();
    void reasonPhrases_data();
    void reasonPhrases();

    // ParserFuzz.cpp
    void splitAtEveryByteParsesTheSame_data();
    void splitAtEveryByteParsesTheSame();
    void mutatedRequestsEndCompleteOrError();

    // EndpointTests.cpp — over loopback
    void echoesMethodTargetAndBody();
    void keepAliveReusesTheConnection();
    void connectionPersistence_data();
    void connectionPersistence();
    void pipelinedAnswersLeaveInRequestOrder();
    void backpressureStopsAt64Outstanding();
    void contentLengthOverLimitIs413WithoutReadingBody();
    void refusedUploadStillGetsItsAnswer();
    void continueBeforeBody();
    void continueWaitsForOwedAnswers();
    void refusals_data();
    void refusals();
    void refusalComesAfterOwedAnswers();
    void chunkedUploadOverTheWire();
    void headAnswerHasNoBody();
    void handlerHeadersCannotBreakFraming();
    void respondAfterDisconnectIsFalse();
    void closeDropsEveryConnection();
    void closeFromInsideTheHandler();
    void deletingWithConnectionsOpenIsSafe();
    void listenOnUsedPortNamesIt();
    void sixThousandPipelinedRequestsAllAnswered();
    void unfinishedRequestGets408();
    void idleConnectionIsClosedButNotOneAwaitingAnAnswer();
    void connectionsPastTheCapGet503();
};
