// One client connection of HttpEndpoint, shared by its files (HttpEndpoint.cpp: reading and
// answering; HttpEndpointGuards.cpp: CORS, accept pauses, answering after a half-close).
#pragma once

#include "live/HttpEndpoint.h"

#include <QByteArray>
#include <QSocketNotifier>
#include <QTcpSocket>

#include <deque>
#include <memory>

namespace ml {

struct HttpEndpoint::Connection {
    // One request handed to the handler (or refused), in arrival order; answers leave from the front.
    struct Slot {
        Ticket ticket = 0;  // 0 for a refusal
        bool ready = false;
        bool close = false;  // the connection closes after this answer
        bool head = false;   // a HEAD request: headers only
        int versionMinor = 1;
        QByteArray bytes;
        QByteArray origin;  // an allowed Origin: the answer gets its CORS headers
    };

    quint64 id = 0;
    QTcpSocket* socket = nullptr;  // child of the endpoint; deleteLater() once dropped
    HttpRequestParser parser;
    QByteArray input;  // read from the socket, not yet fed to the parser
    std::deque<Slot> pending;
    bool reading = false;       // inside readFrom(): a nested call (from the handler) returns at once
    bool paused = false;        // stopped at the outstanding cap or the unsent cap; flush() resumes
    bool stopped = false;       // no more requests are read: closing after an answer, or refused
    bool finishing = false;     // the last answer is queued; half-close once it is written
    bool lingering = false;     // half-closed; draining until the client closes or the timer ends
    bool continueSent = false;  // "100 Continue" written for the request being read
    bool gone = false;
    qint64 lastActivity = 0;   // steady ms of the last byte read or answer written
    qint64 requestStart = -1;  // steady ms of the first byte of the request being read; -1: none
    // Half-close (RFC 9112 §9.6): Qt closes its descriptor as soon as it reads the client's FIN,
    // so while answers are owed we keep a duplicate of it and write them there (halfClosed).
    int spare = -1;
    bool halfClosed = false;
    QByteArray rawOut;                          // answers not yet taken by the kernel
    std::unique_ptr<QSocketNotifier> rawWrite;  // on `spare`, while rawOut waits for room
};

}  // namespace ml
