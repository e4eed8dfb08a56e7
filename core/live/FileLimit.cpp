// RLIMIT_NOFILE handling for the live endpoints (see FileLimit.h).
#include "live/FileLimit.h"

#include <QtGlobal>

#include <algorithm>
#include <limits>

#if defined(Q_OS_UNIX)
#include <sys/resource.h>
#endif

namespace ml::filelimit {

namespace {

// One event-loop thread serves every endpoint, so a plain counter is enough.
std::size_t g_held = 0;

}  // namespace

std::size_t softLimit()
{
#if defined(Q_OS_UNIX)
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 0;
    return std::size_t(limit.rlim_cur);
#else
    return 0;
#endif
}

std::size_t raiseToHard()
{
#if defined(Q_OS_UNIX)
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        // Some systems (macOS) refuse RLIM_INFINITY or more than OPEN_MAX: then stay where we are.
        if (::setrlimit(RLIMIT_NOFILE, &raised) != 0) (void)::setrlimit(RLIMIT_NOFILE, &limit);
    }
#endif
    return softLimit();
}

std::size_t headroom(std::size_t soft)
{
    // A fixed floor for the run's own files (SQLite stores and journals, log files, the event
    // log, Qt's wake-up pipes) plus an eighth of the limit for what grows with it.
    return 32 + soft / 8;
}

std::size_t connectionBudget(std::size_t fallback)
{
    const std::size_t soft = softLimit();
    if (soft == 0) return fallback;
    return soft > headroom(soft) ? soft - headroom(soft) : 1;
}

bool takeConnection()
{
    if (g_held >= connectionBudget(std::numeric_limits<std::size_t>::max())) return false;
    ++g_held;
    return true;
}

void giveConnection()
{
    if (g_held > 0) --g_held;
}

std::size_t connectionsHeld() { return g_held; }

}  // namespace ml::filelimit
