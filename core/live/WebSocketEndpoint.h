// A real WebSocket port in front of one websocket-api node (live mode): browsers connect to
// ws://127.0.0.1:PORT/?user=alice, text frames go to the engine, pushes come back. Knows
// nothing of the engine: LiveSession wires the callbacks.
#pragma once

#include "format/Result.h"
#include "live/Cors.h"

#include <QHostAddress>
#include <QObject>

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

class QTcpServer;
class QWebSocket;
class QWebSocketServer;

namespace ml {

class WebSocketEndpoint : public QObject {
    Q_OBJECT
public:
    struct Handlers {
        // A browser connected as `user`: the connection id the engine gave it.
        std::function<std::string(const std::string& user)> opened;
        std::function<void(const std::string& connection, const QString& text)> text;
        // The browser closed or went away (1000 / 1001).
        std::function<void(const std::string& connection, int code)> closed;
    };
    // Frames past this are refused by the socket itself (close 1009) before the engine sees
    // them; the websocket-api's own limit (128 KB by default) is checked by the engine.
    static constexpr qint64 kMaxFrame = 16 * 1024 * 1024;
    // As for HTTP: past it (or past the process's descriptor budget, FileLimit.h) a new
    // connection is answered 503 and closed.
    static constexpr std::size_t kMaxConnections = 1024;

    WebSocketEndpoint(const QString& name, Handlers handlers, QObject* parent = nullptr);
    ~WebSocketEndpoint() override;

    // 127.0.0.1 unless told otherwise; port 0 = any free port.
    Result<quint16> listen(const QHostAddress& address = QHostAddress(QHostAddress::LocalHost), quint16 port = 0);
    quint16 port() const;
    void close();

    bool push(const std::string& connection, const QString& text);
    // The engine closed it (idle, max duration, 1009, refused): the browser is told why.
    void closeConnection(const std::string& connection, int code, const QString& reason);
    std::size_t connectionCount() const { return m_sockets.size(); }
    // TCP connections held: handshaking or open.
    std::size_t heldCount() const { return m_held; }
    // A handshake carrying an Origin the policy refuses gets HTTP 403 (loopback origins by default).
    void setCors(CorsPolicy cors) { m_cors = std::move(cors); }
    void setMaxConnections(std::size_t cap) { m_maxConnections = cap; }

private:
    void onNewConnection();
    void forget(QWebSocket* socket);

    QString m_name;
    Handlers m_handlers;
    // Our own listening socket (QWebSocketServer cannot set the listen backlog) hands each
    // connection to the WebSocket server for the handshake.
    std::unique_ptr<QTcpServer> m_listener;
    std::unique_ptr<QWebSocketServer> m_server;
    std::unordered_map<std::string, QWebSocket*> m_sockets;  // by engine connection id
    std::unordered_map<QWebSocket*, std::string> m_ids;
    CorsPolicy m_cors = CorsPolicy::fromConfig(Json());
    std::size_t m_maxConnections = kMaxConnections;
    std::size_t m_held = 0;  // TCP connections accepted and not yet destroyed
};

}  // namespace ml
