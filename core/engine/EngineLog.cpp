// Structured log lines (SEMANTICS "Functions": the seed's console.log wrapper) and their way
// to the node's log group.
#include "engine/Behaviour.h"
#include "engine/Engine.h"
#include "engine/nodes/Logs.h"

#include <QDateTime>
#include <QTimeZone>

#include <cstdio>
#include <limits>

namespace ml {

namespace {

// The line's "time" as QDateTime's ISODateWithMs writes UTC ("2026-01-01T00:03:12.250Z"), from
// arithmetic: an observed run (the window) writes a line per invocation phase, and QDateTime's
// formatting was the larger part of that. Lines at the same millisecond share the text.
const std::string& isoTime(EpochMicros clock)
{
    thread_local qint64 lastMs = std::numeric_limits<qint64>::min();
    thread_local std::string text;
    const qint64 ms = clock >= 0 ? clock / kMicrosPerMilli : -((-clock + kMicrosPerMilli - 1) / kMicrosPerMilli);
    if (ms == lastMs) return text;
    lastMs = ms;
    const qint64 days = ms >= 0 ? ms / 86'400'000 : -((-ms + 86'399'999) / 86'400'000);
    const qint64 inDay = ms - days * 86'400'000;
    // Howard Hinnant's civil_from_days.
    const qint64 z = days + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const qint64 day = doy - (153 * mp + 2) / 5 + 1;
    const qint64 month = mp < 10 ? mp + 3 : mp - 9;
    const qint64 year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999) {
        text = toStd(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs));
        return text;
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", int(year), int(month), int(day),
                  int(inDay / 3'600'000), int(inDay / 60'000 % 60), int(inDay / 1000 % 60), int(inDay % 1000));
    text = buf;
    return text;
}

// `s` as a JSON string, as Json::dump writes it (plain ASCII is copied; anything else goes
// through the library, which escapes and checks UTF-8).
void appendJsonString(std::string& out, const std::string& s)
{
    for (const char c : s)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x80 || c == '"' || c == '\\') {
            out += Json(s).dump();
            return;
        }
    out += '"';
    out += s;
    out += '"';
}

}  // namespace

void Engine::log(int node, Urgency urgency, Sensitivity sensitivity, quint64 requestId, qint32 user,
                 const std::string& text, Json data, MessageIndex about)
{
    ++m_logCounts[size_t(urgency)];
    if (!m_options.logging) return;
    const int group = m_logGroup[size_t(node)];
    const bool watched = observes(EventType::Log);
    if (group < 0 && !watched) return;

    if (group < 0) {
        // Only observers see it: its JSON text, written directly (byte for byte what the Json
        // object below dumps) without building the object first.
        std::string out;
        out.reserve(160 + text.size());
        out += "{\"time\":\"";
        out += isoTime(clock());
        out += "\",\"function\":";
        appendJsonString(out, m_nodeIds[size_t(node)]);
        out += ",\"requestId\":\"";
        out += std::to_string(requestId);
        out += "\",\"user\":";
        appendJsonString(out, m_users[quint32(user)].name);
        out += ",\"urgency\":\"";
        out += urgencyName(urgency);
        out += sensitivity == Sensitivity::Sensitive ? "\",\"sensitivity\":\"sensitive\",\"message\":"
                                                     : "\",\"sensitivity\":\"normal\",\"message\":";
        appendJsonString(out, text);
        if (!data.is_null()) {
            out += ",\"data\":";
            out += data.dump();
        }
        out += '}';
        const quint64 message = about == kNoMessage ? 0 : m_messages[about].id;
        const quint64 trace = about == kNoMessage ? 0 : m_messages[about].traceId;
        notify(EngineEvent::logLine(node, group, message, trace, qint64(urgency), std::move(out)));
        return;
    }

    Json line = Json::object();
    line["time"] = isoTime(clock());
    line["function"] = m_nodeIds[size_t(node)];
    line["requestId"] = std::to_string(requestId);
    line["user"] = m_users[quint32(user)].name;
    line["urgency"] = urgencyName(urgency);
    line["sensitivity"] = sensitivity == Sensitivity::Sensitive ? "sensitive" : "normal";
    line["message"] = text;
    if (!data.is_null()) line["data"] = std::move(data);
    if (watched) {
        const quint64 message = about == kNoMessage ? 0 : m_messages[about].id;
        const quint64 trace = about == kNoMessage ? 0 : m_messages[about].traceId;
        notify(EngineEvent::logLine(node, group, message, trace, qint64(urgency), line.dump()));
    }
    if (group >= 0)
        if (auto* logs = dynamic_cast<Logs*>(m_behaviours[size_t(group)].get())) logs->append(std::move(line));
}

}  // namespace ml
