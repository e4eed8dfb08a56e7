// The API gateway unit's test class (SEMANTICS "api-gateway" and "router"), shared by its two
// files: routes, validation and status codes (tst_apigateway.cpp); the router behind a
// gateway — actions, users, queues and pass-through statuses (RouterTests.cpp).
#pragma once

#include <QObject>

class TestApiGateway : public QObject {
    Q_OBJECT

private slots:
    // tst_apigateway.cpp
    void pathAndQueryParameters_data();
    void pathAndQueryParameters();
    void invalidBodyIs400BeforeAnyFunction_data();
    void invalidBodyIs400BeforeAnyFunction();
    void sharedRequestBodyKeepsEachRequestsIdAndUser();
    void oneOffRequestBodiesAreNotKept();
    void noRouteIs404_data();
    void noRouteIs404();
    void throttledFunctionIs429();
    void failingFunctionIs502_data();
    void failingFunctionIs502();
    void integrationTimeoutIs504_data();
    void integrationTimeoutIs504();

    // RouterTests.cpp
    void bearerUserIsTheTracesUser_data();
    void bearerUserIsTheTracesUser();
    void unknownActionIs400();
    void queueActionIs202WithMessageId();
    void syncActionPassesStatusThrough();
    void failingTargetIs502();
};
