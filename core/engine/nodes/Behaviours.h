// Builds the behaviour of a node from its Catalog kind. One factory per kind, each defined in
// that kind's own file in this folder.
#pragma once

#include <memory>

namespace ml {

class Behaviour;
class Engine;

std::unique_ptr<Behaviour> makeBehaviour(Engine& engine, int node);

#define ML_BEHAVIOUR_FACTORY(name) std::unique_ptr<Behaviour> name(Engine& engine, int node)
ML_BEHAVIOUR_FACTORY(makeRouter);
ML_BEHAVIOUR_FACTORY(makeCrud);
ML_BEHAVIOUR_FACTORY(makeWorker);
ML_BEHAVIOUR_FACTORY(makeTaskManager);
ML_BEHAVIOUR_FACTORY(makeGatekeeper);
ML_BEHAVIOUR_FACTORY(makeTrigger);
ML_BEHAVIOUR_FACTORY(makeLogMonitor);
ML_BEHAVIOUR_FACTORY(makeCron);
ML_BEHAVIOUR_FACTORY(makeWebSocketHandler);
ML_BEHAVIOUR_FACTORY(makeApiGateway);
ML_BEHAVIOUR_FACTORY(makeWebSocketApi);
ML_BEHAVIOUR_FACTORY(makeQueue);
ML_BEHAVIOUR_FACTORY(makeTopic);
ML_BEHAVIOUR_FACTORY(makeInbox);
ML_BEHAVIOUR_FACTORY(makeTable);
ML_BEHAVIOUR_FACTORY(makeBucket);
ML_BEHAVIOUR_FACTORY(makeLogs);
ML_BEHAVIOUR_FACTORY(makeClient);

}  // namespace ml
