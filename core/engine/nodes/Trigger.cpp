// PENDING: the behaviour of this kind is being written; until then a diagram using it cannot
// run (Engine::create reports "no behaviour for kind"). This file is replaced whole.
#include "engine/nodes/Behaviours.h"

#include "engine/Behaviour.h"

namespace ml {

ML_BEHAVIOUR_FACTORY(makeTrigger)
{
    (void)engine;
    (void)node;
    return nullptr;
}

}  // namespace ml
