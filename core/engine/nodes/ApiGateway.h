// api-gateway (API Gateway, REST proxy integration): matches routes (path parameters, query
// strings), validates required body fields (400), answers 404 for no route, passes the proxy
// event to its function and maps the outcome: 429 on throttle, 502 on a function error, 504
// past the integration timeout.
#pragma once

#include "engine/Behaviour.h"
#include "engine/SharedMemo.h"
#include "engine/SlotTable.h"

namespace ml {

struct ApiRoute {
    std::string method;                 // "GET", … or "ANY"
    std::vector<std::string> segments;  // "items", "{id}"
    std::string action;
    std::vector<std::string> required;
};

class ApiGateway : public Behaviour {
public:
    ApiGateway(Engine& engine, int index);

    void onDeliver(MessageIndex m, int edge) override;
    void onAnswer(qint64 token, CallId call, const CallResult& result) override;
    void onTimer(const Event& event) override;
    void forEachHeld(const std::function<void(MessageIndex)>& visit) const override;
    void addCost(BilledUsage& usage) const override;

    // Finds the route for a method and path; fills path parameters. nullptr: no route.
    const ApiRoute* match(const std::string& method, const std::string& path, Json& pathParameters) const;

private:
    struct Pending {
        MessageIndex request = kNoMessage;  // the client's request (ours)
        MessageIndex event = kNoMessage;    // the proxy event sent on the call (ours until answered)
        CallId call;
        EventHandle timeout;
        Micros start = 0;
    };
    // What a request body means, worked out once per body and user.
    struct Prepared {
        qint32 user = 0;     // the caller, after the bearer token
        std::string bearer;  // the token's name: numbers of names nothing holds are reused
        int status = 0;      // 0: passes to the integration; else refused with this status
        const char* message = "";
        JsonPtr event;  // the proxy event (requestContext.requestId stamped per message)
    };
    Prepared prepare(const Json& request, qint32 user);
    // The Response event's detail is the response body (JSON text), built only when observed.
    void respond(SlotHandle pending, int status, const JsonPtr& body);
    void reject(MessageIndex m, int status, const char* message);

    std::vector<ApiRoute> m_routes;
    int m_integration = -1;  // the invoke edge to the function
    Micros m_integrationTimeout;
    SlotTable<Pending> m_pending;  // the call's token and the timeout's payload are the handle
    SharedMemo<Prepared> m_prepared;
};

}  // namespace ml
