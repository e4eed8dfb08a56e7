#include "live/WebSocketEndpoint.h"

#include "live/FileLimit.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>
#include <QWebSocket>
#include <QWebSocketCorsAuthenticator>
#include <QWebSocketServer>

namespace ml {

WebSocketEndpoint::WebSocketEndpoint(const QString& name, Handlers handlers, QObject* parent)
    : QObject(parent),
      m_name(name),
      m_handlers(std::move(handlers)),
      m_listener(std::make_unique<QTcpServer>()),
      m_server(
          std::make_unique<QWebSocketServer>(QStringLiteral("microlab %1").arg(name), QWebSocketServer::NonSecureMode))
{
    QObject::connect(m_server.get(), &QWebSocketServer::newConnection, this, &WebSocketEndpoint::onNewConnection);
    QObject::connect(m_listener.get(), &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* socket = m_listener->nextPendingConnection()) {
            if (m_held >= std::min(m_maxConnections, filelimit::connectionBudget(m_maxConnections)) ||
                !filelimit::takeConnection()) {
                // Answered before any handshake, and closed: a client should back off, not hang.
                socket->write(
                    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                    "Content-Length: 55\r\nConnection: close\r\n\r\n"
                    R"({"message":"Service Unavailable: too many connections"})");
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                socket->disconnectFromHost();
                continue;
            }
            ++m_held;
            // The TCP socket lives until the handshake fails or the websocket built on it goes.
            QObject::connect(socket, &QObject::destroyed, this, [this] {
                --m_held;
                filelimit::giveConnection();
            });
            m_server->handleConnection(socket);
        }
    });
    // Any web page in the user's browser can open a websocket to 127.0.0.1: the Origin it
    // carries decides (a client without one, like a script, is not a browser page).
    QObject::connect(m_server.get(), &QWebSocketServer::originAuthenticationRequired, this,
                     [this](QWebSocketCorsAuthenticator* authenticator) {
                         const QByteArray origin = authenticator->origin().toUtf8();
                         authenticator->setAllowed(origin.isEmpty() || m_cors.allowsOrigin(origin));
                     });
}

WebSocketEndpoint::~WebSocketEndpoint()
{
    close();
    // Handshaking sockets go with the server, while our members are still whole.
    m_server.reset();
    m_listener.reset();
    // Sockets still waiting for deleteLater() go with us, without their destroyed() reaching us.
    for (; m_held > 0; --m_held) filelimit::giveConnection();
}

Result<quint16> WebSocketEndpoint::listen(const QHostAddress& address, quint16 port)
{
    // A burst of browsers (a workshop room) must not lose SYNs to Qt's default backlog of 50.
    m_listener->setListenBacklogSize(1024);
    if (!m_listener->listen(address, port))
        return Error::of(QStringLiteral("%1: cannot listen on %2:%3: %4")
                             .arg(m_name, address.toString())
                             .arg(port)
                             .arg(m_listener->errorString()));
    return m_listener->serverPort();
}

quint16 WebSocketEndpoint::port() const { return m_listener->serverPort(); }

void WebSocketEndpoint::close()
{
    m_listener->close();
    m_server->close();
    // Our sockets are deleted here, not by a disconnect signal that would reach the engine.
    for (auto& [socket, id] : m_ids) {
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
    m_ids.clear();
    m_sockets.clear();
}

void WebSocketEndpoint::onNewConnection()
{
    while (QWebSocket* socket = m_server->nextPendingConnection()) {
        socket->setParent(this);
        socket->setMaxAllowedIncomingFrameSize(quint64(kMaxFrame));
        socket->setMaxAllowedIncomingMessageSize(quint64(kMaxFrame));
        const QString user = QUrlQuery(socket->requestUrl()).queryItemValue(QStringLiteral("user"), QUrl::FullyDecoded);
        const std::string id = m_handlers.opened(user.isEmpty() ? std::string("anonymous") : user.toStdString());
        m_sockets[id] = socket;
        m_ids[socket] = id;
        QObject::connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString& text) {
            auto it = m_ids.find(socket);
            if (it != m_ids.end()) m_handlers.text(it->second, text);
        });
        QObject::connect(socket, &QWebSocket::binaryMessageReceived, this, [socket](const QByteArray&) {
            // API Gateway routes text; a binary frame is a protocol mismatch.
            socket->close(QWebSocketProtocol::CloseCodeDatatypeNotSupported, QStringLiteral("text frames only"));
        });
        QObject::connect(socket, &QWebSocket::disconnected, this, [this, socket] {
            auto it = m_ids.find(socket);
            if (it != m_ids.end()) {
                const int code = socket->closeCode() == QWebSocketProtocol::CloseCodeNormal ? 1000 : 1001;
                const std::string id = it->second;
                forget(socket);
                m_handlers.closed(id, code);
            }
            socket->deleteLater();
        });
    }
}

void WebSocketEndpoint::forget(QWebSocket* socket)
{
    auto it = m_ids.find(socket);
    if (it == m_ids.end()) return;
    m_sockets.erase(it->second);
    m_ids.erase(it);
}

bool WebSocketEndpoint::push(const std::string& connection, const QString& text)
{
    auto it = m_sockets.find(connection);
    if (it == m_sockets.end()) return false;
    it->second->sendTextMessage(text);
    return true;
}

void WebSocketEndpoint::closeConnection(const std::string& connection, int code, const QString& reason)
{
    auto it = m_sockets.find(connection);
    if (it == m_sockets.end()) return;
    QWebSocket* socket = it->second;
    forget(socket);  // the engine already knows: no "closed" callback for this one
    // A refused $connect answers an HTTP status; on an accepted socket that is a policy close.
    const int wire = code >= 1000 && code < 5000 ? code : int(QWebSocketProtocol::CloseCodePolicyViolated);
    socket->close(QWebSocketProtocol::CloseCode(wire), reason);
}

}  // namespace ml
