// Builds the behaviour of a node from its Catalog kind. Each kind's file in this folder defines
// its factory with ML_BEHAVIOUR_FACTORY(makeQueue, "queue"); core/CMakeLists.txt collects them
// into the table makeBehaviour() looks in (BehaviourTable.cpp.in), so adding a kind edits no list.
#pragma once

#include <memory>

namespace ml {

class Behaviour;
class Engine;

// nullptr when no behaviour file names the node's kind.
std::unique_ptr<Behaviour> makeBehaviour(Engine& engine, int node);

#define ML_BEHAVIOUR_FACTORY(name, kind) std::unique_ptr<Behaviour> name(Engine& engine, int node)

}  // namespace ml
