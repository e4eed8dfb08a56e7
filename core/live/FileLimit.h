// How many connections the live endpoints may hold: the process's file limit (RLIMIT_NOFILE)
// raised to its hard limit once, and one budget shared by every HTTP and WebSocket endpoint,
// kept below that limit so a connection past the cap can still be answered 503 and SQLite, logs
// and Qt's own descriptors always have room.
#pragma once

#include <cstddef>

namespace ml::filelimit {

// Raises the soft RLIMIT_NOFILE to the hard limit (idempotent). Returns the soft limit in force
// afterwards; 0 where the platform has none.
std::size_t raiseToHard();
// The soft limit in force now; 0 where the platform has none.
std::size_t softLimit();
// Descriptors kept free for everything that is not a client connection.
std::size_t headroom(std::size_t soft);
// Connections every live endpoint of the process may hold together: the soft limit minus the
// headroom (never below 1), or `fallback` where the platform has no limit.
std::size_t connectionBudget(std::size_t fallback = 1024);

// The shared budget: take one before keeping a connection, give it back when it goes.
bool takeConnection();
void giveConnection();
std::size_t connectionsHeld();

}  // namespace ml::filelimit
