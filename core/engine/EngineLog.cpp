// Structured log lines (SEMANTICS "Functions": the seed's console.log wrapper) and their way
// to the node's log group.
#include "engine/Behaviour.h"
#include "engine/Engine.h"
#include "engine/nodes/Logs.h"

#include <QDateTime>
#include <QTimeZone>

namespace ml {

void Engine::log(int node, Urgency urgency, Sensitivity sensitivity, quint64 requestId, qint32 user,
                 const std::string& text, Json data, MessageIndex about)
{
    ++m_logCounts[size_t(urgency)];
    if (!m_options.logging) return;
    const int group = m_logGroup[size_t(node)];
    const bool watched = observed();
    if (group < 0 && !watched) return;

    Json line = Json::object();
    line["time"] =
        toStd(QDateTime::fromMSecsSinceEpoch(clock() / kMicrosPerMilli, Qt::UTC).toString(Qt::ISODateWithMs));
    line["function"] = m_nodeIds[size_t(node)];
    line["requestId"] = std::to_string(requestId);
    line["user"] = m_users[size_t(user)];
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
