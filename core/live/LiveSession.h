// Live mode: the diagram's real endpoints in front of a running engine. One HTTP port per
// api-gateway node and one WebSocket port per websocket-api node (127.0.0.1 by default), the
// engine driven in real time on this thread's event loop, every real input journaled by the
// EngineRun (so stepping back replays it) and every answer sent back on its socket.
#pragma once

#include "engine/EngineRun.h"
#include "engine/Scheduler.h"
#include "live/HttpEndpoint.h"
#include "live/WebSocketEndpoint.h"

#include <QHostAddress>
#include <QObject>
#include <QTimer>

#include <map>
#include <memory>
#include <vector>

namespace ml {

struct LiveOptions {
    QHostAddress address{QHostAddress::LocalHost};
    quint16 httpPort = 0;  // the first api-gateway's port; the next ones count up (0: any free port each)
    quint16 wsPort = 0;    // likewise for websocket-api nodes
    double scale = 1.0;    // virtual seconds per wall second
    Micros until = kTimeMax;
    HttpLimits httpLimits;  // timeouts and caps of every HTTP endpoint (tests shorten them)
};

struct LiveEndpoint {
    QString node;  // the diagram node it serves
    QString kind;  // "api-gateway" or "websocket-api"
    QString url;   // http://127.0.0.1:PORT or ws://127.0.0.1:PORT
};

class LiveSession : public QObject, private LiveSink {
    Q_OBJECT
public:
    // Opens every endpoint; an error names the node and the port that could not be opened.
    static Result<std::unique_ptr<LiveSession>> open(EngineRun& run, const LiveOptions& options);
    ~LiveSession() override;

    const std::vector<LiveEndpoint>& endpoints() const { return m_endpoints; }
    // Starts following the wall clock; stop() closes every endpoint (requests still waiting get 503).
    void start();
    void stop();
    bool running() const { return m_running; }
    RealTimeScheduler& scheduler() { return m_scheduler; }

    quint64 httpRequests() const { return m_httpRequests; }
    quint64 httpResponses() const { return m_httpResponses; }
    std::size_t waitingRequests() const { return m_waiting.size(); }

signals:
    // The run reached LiveOptions::until (or a handler stopped it).
    void finished();

private:
    LiveSession(EngineRun& run, const LiveOptions& options);
    Status openEndpoints();
    void pump();
    void pumpSoon();
    void onHttpRequest(int node, HttpEndpoint* endpoint, HttpEndpoint::Ticket ticket, const HttpRequest& request);

    void httpResponse(int node, quint64 request, int status, const JsonPtr& body) override;
    void webSocketPush(int node, const std::string& connection, const Json& body) override;
    void webSocketClosed(int node, const std::string& connection, int code, const std::string& reason) override;

    struct Waiting {
        HttpEndpoint* endpoint = nullptr;
        HttpEndpoint::Ticket ticket = 0;
    };

    EngineRun& m_run;
    LiveOptions m_options;
    RealTimeScheduler m_scheduler;
    QTimer m_timer;
    std::vector<LiveEndpoint> m_endpoints;
    std::map<int, std::unique_ptr<HttpEndpoint>> m_http;             // by api-gateway node
    std::map<int, std::unique_ptr<WebSocketEndpoint>> m_webSockets;  // by websocket-api node
    std::map<std::pair<int, quint64>, Waiting> m_waiting;            // (node, request message id)
    quint64 m_httpRequests = 0;
    quint64 m_httpResponses = 0;
    bool m_running = false;
    bool m_pumping = false;
};

}  // namespace ml
