// The websocket unit's test class (SEMANTICS "websocket-api" and "websocket-handler"), shared by
// its two files: connections — $connect / $disconnect, routing, refusals, idle and maximum-
// duration closes, oversized frames (tst_websocket.cpp); pushes — to a user's connections, to a
// named one, 410 for a gone one, the connections table, simulated clients (WebSocketPushes.cpp).
#pragma once

#include "../enginekit/EngineKit.h"
#include "engine/nodes/WebSocketApi.h"

#include <QObject>

class TestWebSocket : public QObject {
    Q_OBJECT

private slots:
    // tst_websocket.cpp
    void connectAndDisconnect();
    void endedConnectionsLetGoOfUserNames();
    void routing_data();
    void routing();
    void refusedConnection_data();
    void refusedConnection();
    void closesByTime_data();
    void closesByTime();
    void idleCloseCallsDisconnect();
    void frameTooLarge_data();
    void frameTooLarge();

    // WebSocketPushes.cpp
    void pushToUserConnections();
    void pushToClosedConnectionIsGone();
    void pushEdgeNamesConnection();
    void clientsOpenConnectionsAndGetEchoes();
    void connectionsTable();
    void listeningClientGetsPushesFromApi();
    void sameSeedSameEvents();
};

namespace wstest {

// The websocket-api under test: every diagram here calls it "ws".
inline const ml::WebSocketApi& api(ml::Engine& engine) { return *kit::behaviourOf<ml::WebSocketApi>(engine, "ws"); }

}  // namespace wstest
