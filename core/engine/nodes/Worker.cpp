// worker (decoupled microservice): driven by a queue's event source mapping or by async
// invokes; the shared Function behaviour is exactly its semantics — on success the batch is
// deleted and the result goes to its success and "always" edges.
#include "engine/nodes/Behaviours.h"
#include "engine/nodes/Function.h"

namespace ml {

ML_BEHAVIOUR_FACTORY(makeWorker, "worker") { return std::make_unique<Function>(engine, node); }

}  // namespace ml
