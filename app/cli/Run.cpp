// `microlab-cli run FILE`: runs a project in virtual time (as fast as possible, or in real time
// with --realtime), writes the report and the event log, prints a summary.
#include "Commands.h"
#include "Project.h"
#include "Serve.h"
#include "Summary.h"
#include "engine/Engine.h"
#include "engine/EngineRun.h"
#include "engine/EventLogWriter.h"
#include "engine/RunAction.h"
#include "engine/Scheduler.h"
#include "format/Duration.h"
#include "format/JsonText.h"

#include <QFile>
#include <QSaveFile>
#include <QThread>

namespace ml::cli {

namespace {

QString runUsage()
{
    return QStringLiteral(
        "usage: microlab-cli run FILE [--duration 10m] [--seed N] [--max-events N]\n"
        "                        [--inject NODE=JSON]... [--at TIME ACTION]...\n"
        "                        [--report out.json] [--events out.jsonl]\n"
        "                        [--serve [--http-port N] [--ws-port N]] [--realtime]\n"
        "\n"
        "Runs the diagram in virtual time until --duration (default 10m) or until nothing is left to\n"
        "happen, prints a summary and writes the report (JSON) and the event log (one JSON line per event).\n"
        "--at TIME ACTION (repeatable; in order at that virtual time, journaled like any real input):\n"
        "  inject:NODE=JSON           a message from outside (a top-level \"user\" names the sender)\n"
        "  fault:NODE=KEY:VALUE,...   replaces NODE's fault: errorRate:0..1, latency:5s, throttle:N,\n"
        "                             down, paused\n"
        "  clear-fault:NODE   redrive:DLQ[=QUEUE] (default: each message's source)   purge:QUEUE\n"
        "--serve opens the diagram's api-gateway and websocket-api nodes on 127.0.0.1 (port 0, the\n"
        "default, takes any free port; several nodes count up from N), prints their URLs and runs in real\n"
        "time until SIGINT/SIGTERM (or --duration, when given).\n"
        "Exit status: 0 ran, 1 the project has errors, 2 bad arguments.\n");
}

struct RunOptions {
    QString file;
    Micros duration = 10 * kMicrosPerMinute;
    std::optional<quint64> seed;
    quint64 maxEvents = std::numeric_limits<quint64>::max();
    std::vector<std::pair<QString, Json>> injections;
    std::vector<TimedRunAction> actions;
    QStringList actionArguments;  // "--at TIME ACTION" as given, for messages
    QString reportPath;
    QString eventsPath;
    bool realtime = false;
    bool serve = false;
    bool durationGiven = false;
    quint16 httpPort = 0;
    quint16 wsPort = 0;
};

int badArgument(const QString& message)
{
    QTextStream(stderr) << "microlab-cli run: " << message << "\n\n" << runUsage();
    return kExitBadArguments;
}

}  // namespace

int runCommand(const QStringList& args)
{
    RunOptions o;
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        auto value = [&](QString& out) {
            if (i + 1 >= args.size()) return false;
            out = args[++i];
            return true;
        };
        QString v;
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            QTextStream(stdout) << runUsage();
            return kExitOk;
        } else if (a == QLatin1String("--duration")) {
            if (!value(v)) return badArgument(QStringLiteral("--duration needs a value like 10m"));
            const Result<Micros> d = duration::parse(v);
            if (!d) return badArgument(QStringLiteral("--duration: ") + d.error().message);
            o.duration = d.value();
            o.durationGiven = true;
        } else if (a == QLatin1String("--seed")) {
            bool ok = false;
            if (!value(v) || (o.seed = v.toULongLong(&ok), !ok))
                return badArgument(QStringLiteral("--seed needs a number"));
        } else if (a == QLatin1String("--max-events")) {
            bool ok = false;
            if (!value(v) || (o.maxEvents = v.toULongLong(&ok), !ok) || o.maxEvents == 0)
                return badArgument(QStringLiteral("--max-events needs a positive number"));
        } else if (a == QLatin1String("--inject")) {
            if (!value(v) || !v.contains(QLatin1Char('=')))
                return badArgument(QStringLiteral("--inject needs NODE=JSON, e.g. jobs='{\"url\":\"a.png\"}'"));
            const QString node = v.section(QLatin1Char('='), 0, 0);
            // Bytes from outside: the one bounded reader, so a message nested 100 000 deep is an
            // error naming it, not a crash.
            const Result<Json> body = jsontext::parse(v.section(QLatin1Char('='), 1).toUtf8());
            if (!body)
                return badArgument(
                    QStringLiteral("--inject %1: the message is not valid JSON: %2").arg(node, body.error().message));
            o.injections.emplace_back(node, body.value());
        } else if (a == QLatin1String("--at")) {
            QString action;
            if (!value(v) || !value(action))
                return badArgument(QStringLiteral("--at needs TIME and ACTION, e.g. --at 2m fault:worker=errorRate:1"));
            const Result<TimedRunAction> parsed = parseTimedRunAction(v, action);
            if (!parsed) return badArgument(QStringLiteral("--at %1 %2: %3").arg(v, action, parsed.error().message));
            o.actions.push_back(parsed.value());
            o.actionArguments << QStringLiteral("--at %1 %2").arg(v, action);
        } else if (a == QLatin1String("--report")) {
            if (!value(o.reportPath)) return badArgument(QStringLiteral("--report needs a file"));
        } else if (a == QLatin1String("--events")) {
            if (!value(o.eventsPath)) return badArgument(QStringLiteral("--events needs a file"));
        } else if (a == QLatin1String("--realtime")) {
            o.realtime = true;
        } else if (a == QLatin1String("--serve")) {
            o.serve = true;
        } else if (a == QLatin1String("--http-port") || a == QLatin1String("--ws-port")) {
            bool ok = false;
            const uint port = value(v) ? v.toUInt(&ok) : 0;
            if (!ok || port > 65535) return badArgument(QStringLiteral("%1 needs a port number (0-65535)").arg(a));
            (a == QLatin1String("--http-port") ? o.httpPort : o.wsPort) = quint16(port);
        } else if (a.startsWith(QLatin1Char('-'))) {
            return badArgument(QStringLiteral("unknown option '%1'").arg(a));
        } else if (o.file.isEmpty()) {
            o.file = a;
        } else {
            return badArgument(QStringLiteral("expected one FILE"));
        }
    }
    if (o.file.isEmpty()) return badArgument(QStringLiteral("missing FILE"));
    if ((o.httpPort || o.wsPort) && !o.serve)
        return badArgument(QStringLiteral("--http-port and --ws-port need --serve"));
    if (!o.actions.empty() && o.serve)
        return badArgument(QStringLiteral("%1: --at drives a run by itself; it does not combine with --serve")
                               .arg(o.actionArguments.first()));
    for (std::size_t i = 0; i < o.actions.size(); ++i)
        if (o.actions[i].at > o.duration)
            return badArgument(QStringLiteral("%1: after the end of the run (--duration %2); it would never happen")
                                   .arg(o.actionArguments[qsizetype(i)], duration::format(o.duration)));

    QTextStream err(stderr);
    QTextStream out(stdout);
    std::optional<LoadedProject> project = loadForRun(o.file, err);
    if (!project) return kExitProjectErrors;

    QFile events(o.eventsPath);
    std::unique_ptr<EventLogWriter> writer;
    std::vector<EngineObserver*> observers;
    if (!o.eventsPath.isEmpty()) {
        if (!events.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            err << "error: cannot write " << o.eventsPath << ": " << events.errorString() << '\n';
            return kExitBadArguments;
        }
        writer = std::make_unique<EventLogWriter>(&events);
        observers.push_back(writer.get());
    }

    EngineOptions options;
    options.seed = o.seed;
    Result<std::unique_ptr<EngineRun>> created = EngineRun::create(project->diagram, options, observers);
    if (!created) {
        err << "error: " << created.error().inFile(o.file).toString() << '\n';
        return kExitProjectErrors;
    }
    EngineRun& run = *created.value();
    Engine& engine = run.engine();
    for (const auto& [node, body] : o.injections) {
        const auto s = run.inject(node, body);
        if (!s) return badArgument(QStringLiteral("--inject: ") + s.error().message);
    }
    // Every action is checked against the diagram before the run starts, so none fails halfway.
    for (std::size_t i = 0; i < o.actions.size(); ++i)
        if (const Status s = checkRunAction(engine, o.actions[i].action); !s)
            return badArgument(QStringLiteral("%1: %2").arg(o.actionArguments[qsizetype(i)], s.error().message));
    RunActionSchedule schedule(o.actions);

    if (o.serve) {
        const ServeOptions serve{o.httpPort, o.wsPort, o.durationGiven ? o.duration : kTimeMax};
        if (const int status = serveLive(run, serve, out, err); status != kExitOk) return status;
    } else if (o.realtime) {
        RealTimeScheduler scheduler(1.0);
        quint64 budget = o.maxEvents;
        while (budget > 0) {
            // Never past the next action: it happens when virtual time reaches it.
            const Advance a = scheduler.advance(engine.kernel(), std::min(o.duration, schedule.nextTime()));
            budget = a.events >= budget ? 0 : budget - a.events;
            if (schedule.pending() && engine.now() >= schedule.nextTime()) {
                if (const Status s = schedule.applyDue(run); !s) return badArgument(s.error().message);
                continue;
            }
            if (a.finished && (!schedule.pending() || schedule.nextTime() > o.duration)) break;
            // Quiet until the next action: wait for the wall clock to reach it.
            const Micros wait = a.wallWait == kWaitForInput && schedule.pending() ? 50'000 : a.wallWait;
            if (wait > 0) QThread::usleep(quint64(std::min<Micros>(wait, 50'000)));
        }
    } else {
        const Result<RunResult> ran = schedule.run(run, o.duration, o.maxEvents);
        if (!ran) return badArgument(ran.error().message);
    }

    Json report = engine.report();
    // The cap the run was given; "virtualTime" is when its activity ended.
    if (!o.serve || o.durationGiven) report["until"] = toStd(duration::format(o.duration));
    if (!o.reportPath.isEmpty()) {
        QSaveFile file(o.reportPath);
        const std::string text = report.dump(2) + "\n";
        if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), qint64(text.size())) != qint64(text.size()) ||
            !file.commit()) {
            err << "error: cannot write " << o.reportPath << ": " << file.errorString() << '\n';
            return kExitBadArguments;
        }
    }
    printSummary(report, out);
    return kExitOk;
}

}  // namespace ml::cli
