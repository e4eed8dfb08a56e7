#include "Serve.h"

#include "Commands.h"
#include "format/Duration.h"
#include "live/LiveSession.h"
#include "live/WebClient.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace ml::cli {

namespace {

// SIGINT/SIGTERM reach the event loop through a socket pair: a signal handler may only write.
int g_signalFds[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(g_signalFds[1], &byte, 1);
}

class SignalWatch {
public:
    SignalWatch()
    {
        if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) != 0) return;
        m_notifier = std::make_unique<QSocketNotifier>(g_signalFds[0], QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, [] {
            char byte;
            [[maybe_unused]] const ssize_t n = ::read(g_signalFds[0], &byte, 1);
            QCoreApplication::quit();
        });
        struct sigaction action = {};
        action.sa_handler = onSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        ::sigaction(SIGINT, &action, &m_oldInt);
        ::sigaction(SIGTERM, &action, &m_oldTerm);
    }
    ~SignalWatch()
    {
        ::sigaction(SIGINT, &m_oldInt, nullptr);
        ::sigaction(SIGTERM, &m_oldTerm, nullptr);
        m_notifier.reset();
        for (int& fd : g_signalFds) {
            if (fd >= 0) ::close(fd);
            fd = -1;
        }
    }
    SignalWatch(const SignalWatch&) = delete;
    SignalWatch& operator=(const SignalWatch&) = delete;

private:
    std::unique_ptr<QSocketNotifier> m_notifier;
    struct sigaction m_oldInt = {};
    struct sigaction m_oldTerm = {};
};

}  // namespace

int serveLive(EngineRun& run, const ServeOptions& options, QTextStream& out, QTextStream& err)
{
    // Nothing steps back in a headless server: a journal of every request would only grow.
    run.setJournaling(false);
    LiveOptions live;
    live.httpPort = options.httpPort;
    live.wsPort = options.wsPort;
    live.until = options.until;
    Result<std::unique_ptr<LiveSession>> opened = LiveSession::open(run, live);
    if (!opened) {
        err << "error: " << opened.error().message << '\n';
        return kExitBadArguments;
    }
    LiveSession& session = *opened.value();
    if (session.endpoints().empty())
        err << "note: the diagram has no api-gateway or websocket-api node: nothing to serve; running until "
               "interrupted\n";
    // The URL lines alone on stdout (tools read them); what each one serves on stderr.
    for (const LiveEndpoint& e : session.endpoints()) {
        out << e.url << '\n';
        err << "serving " << e.kind << " \"" << e.node << "\" at " << e.url << '\n';
        if (e.url.startsWith(QLatin1String("http://")))
            err << "  browser client: " << e.url << webclient::kPagePath << '\n';
    }
    err << "running in real time; Ctrl+C (SIGINT) or SIGTERM stops and writes the report\n";
    out.flush();
    err.flush();

    SignalWatch watch;
    QObject::connect(&session, &LiveSession::finished, QCoreApplication::instance(), &QCoreApplication::quit);
    session.start();
    QCoreApplication::exec();
    session.stop();
    err << "stopped at " << duration::formatForPeople(run.engine().now()) << " virtual time after "
        << session.httpRequests() << " HTTP requests\n";
    return kExitOk;
}

}  // namespace ml::cli
