#include "engine/nodes/Behaviours.h"

#include "engine/Behaviour.h"

namespace ml {

std::unique_ptr<Behaviour> makeBehaviour(Engine& engine, int node)
{
    using Factory = std::unique_ptr<Behaviour> (*)(Engine&, int);
    static const std::pair<const char*, Factory> factories[] = {
        {"router", makeRouter},           {"crud", makeCrud},
        {"worker", makeWorker},           {"task-manager", makeTaskManager},
        {"gatekeeper", makeGatekeeper},   {"trigger", makeTrigger},
        {"log-monitor", makeLogMonitor},  {"cron", makeCron},
        {"websocket-handler", makeWebSocketHandler},
        {"api-gateway", makeApiGateway},  {"websocket-api", makeWebSocketApi},
        {"queue", makeQueue},             {"topic", makeTopic},
        {"inbox", makeInbox},             {"table", makeTable},
        {"bucket", makeBucket},           {"logs", makeLogs},
        {"client", makeClient},
    };
    const QString& kind = engine.node(node).kind;
    for (const auto& [name, factory] : factories)
        if (kind == QLatin1String(name)) return factory(engine, node);
    return nullptr;
}

}  // namespace ml
