#include "engine/EventLogWriter.h"

#include "engine/Engine.h"

namespace ml {

const char* eventTypeName(EventType type)
{
    switch (type) {
    case EventType::Entered: return "entered";
    case EventType::Sent: return "sent";
    case EventType::Received: return "received";
    case EventType::InvokeStart: return "invoke-start";
    case EventType::InvokeEnd: return "invoke-end";
    case EventType::TimedOut: return "timed-out";
    case EventType::Throttled: return "throttled";
    case EventType::Retry: return "retry";
    case EventType::VisibilityExpired: return "visibility-expired";
    case EventType::DeadLettered: return "dead-lettered";
    case EventType::Expired: return "expired";
    case EventType::Delivered: return "delivered";
    case EventType::Forwarded: return "forwarded";
    case EventType::Dropped: return "dropped";
    case EventType::Response: return "response";
    case EventType::Log: return "log";
    case EventType::Push: return "push";
    case EventType::Fired: return "fired";
    case EventType::Fault: return "fault";
    case EventType::RecursionStopped: return "recursionStopped";
    }
    return "event";
}

std::string EventLogWriter::line(const Engine& engine, const EngineEvent& e)
{
    Json j = Json::object();
    j["t"] = e.time;
    j["type"] = eventTypeName(e.type);
    if (e.node >= 0) j["node"] = engine.nodeId(e.node);
    if (e.peer >= 0) j["peer"] = engine.nodeId(e.peer);
    if (e.edge >= 0) j["edge"] = toStd(engine.edge(e.edge).id.value);
    if (e.message) j["message"] = "m" + std::to_string(e.message);
    if (e.trace) j["trace"] = "m" + std::to_string(e.trace);
    if (e.parent) j["parent"] = "m" + std::to_string(e.parent);
    if (e.value) j["value"] = e.value;
    if (!e.detail.empty()) j["detail"] = e.detail;
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void EventLogWriter::onEvent(const Engine& engine, const EngineEvent& event)
{
    std::string text = line(engine, event);
    text += '\n';
    m_out->write(text.data(), qint64(text.size()));
}

}  // namespace ml
