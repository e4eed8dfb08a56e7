// `microlab-cli run FILE --serve`: the diagram's real endpoints on 127.0.0.1, the engine in
// real time until SIGINT/SIGTERM (or --duration, when given), then a clean shutdown.
#pragma once

#include "engine/EngineRun.h"

#include <QTextStream>

namespace ml::cli {

struct ServeOptions {
    quint16 httpPort = 0;
    quint16 wsPort = 0;
    Micros until = kTimeMax;
};

// Returns an exit status: kExitOk after a clean shutdown, kExitBadArguments when a port
// cannot be opened (the message names the node and the port).
int serveLive(EngineRun& run, const ServeOptions& options, QTextStream& out, QTextStream& err);

}  // namespace ml::cli
