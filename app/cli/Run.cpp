// `microlab-cli run FILE`: runs a project in virtual time (as fast as possible, or in real time
// with --realtime), writes the report and the event log, prints a summary.
#include "Commands.h"
#include "Project.h"
#include "Summary.h"

#include "engine/Engine.h"
#include "engine/EventLogWriter.h"
#include "engine/Scheduler.h"
#include "format/Duration.h"

#include <QFile>
#include <QSaveFile>
#include <QThread>

namespace ml::cli {

namespace {

QString runUsage()
{
    return QStringLiteral(
        "usage: microlab-cli run FILE [--duration 10m] [--seed N] [--max-events N]\n"
        "                        [--inject NODE=JSON]... [--report out.json] [--events out.jsonl] [--realtime]\n"
        "\n"
        "Runs the diagram in virtual time until --duration (default 10m) or until nothing is left to\n"
        "happen, prints a summary and writes the report (JSON) and the event log (one JSON line per event).\n"
        "Exit status: 0 ran, 1 the project has errors, 2 bad arguments.\n");
}

struct RunOptions {
    QString file;
    Micros duration = 10 * kMicrosPerMinute;
    std::optional<quint64> seed;
    quint64 maxEvents = std::numeric_limits<quint64>::max();
    std::vector<std::pair<QString, Json>> injections;
    QString reportPath;
    QString eventsPath;
    bool realtime = false;
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
        } else if (a == QLatin1String("--seed")) {
            bool ok = false;
            if (!value(v) || (o.seed = v.toULongLong(&ok), !ok)) return badArgument(QStringLiteral("--seed needs a number"));
        } else if (a == QLatin1String("--max-events")) {
            bool ok = false;
            if (!value(v) || (o.maxEvents = v.toULongLong(&ok), !ok) || o.maxEvents == 0)
                return badArgument(QStringLiteral("--max-events needs a positive number"));
        } else if (a == QLatin1String("--inject")) {
            if (!value(v) || !v.contains(QLatin1Char('=')))
                return badArgument(QStringLiteral("--inject needs NODE=JSON, e.g. jobs='{\"url\":\"a.png\"}'"));
            const QString node = v.section(QLatin1Char('='), 0, 0);
            const Json body = Json::parse(v.section(QLatin1Char('='), 1).toStdString(), nullptr, false);
            if (body.is_discarded()) return badArgument(QStringLiteral("--inject %1: the message is not valid JSON").arg(node));
            o.injections.emplace_back(node, body);
        } else if (a == QLatin1String("--report")) {
            if (!value(o.reportPath)) return badArgument(QStringLiteral("--report needs a file"));
        } else if (a == QLatin1String("--events")) {
            if (!value(o.eventsPath)) return badArgument(QStringLiteral("--events needs a file"));
        } else if (a == QLatin1String("--realtime")) {
            o.realtime = true;
        } else if (a == QLatin1String("--serve") || a == QLatin1String("--http-port") || a == QLatin1String("--ws-port")) {
            return badArgument(QStringLiteral("%1: live endpoints are not built yet (see the live-run issue)").arg(a));
        } else if (a.startsWith(QLatin1Char('-'))) {
            return badArgument(QStringLiteral("unknown option '%1'").arg(a));
        } else if (o.file.isEmpty()) {
            o.file = a;
        } else {
            return badArgument(QStringLiteral("expected one FILE"));
        }
    }
    if (o.file.isEmpty()) return badArgument(QStringLiteral("missing FILE"));

    QTextStream err(stderr);
    QTextStream out(stdout);
    std::optional<LoadedProject> project = loadForRun(o.file, err);
    if (!project) return kExitProjectErrors;

    EngineOptions options;
    options.seed = o.seed;
    Result<std::unique_ptr<Engine>> created = Engine::create(project->diagram, options);
    if (!created) {
        err << "error: " << created.error().inFile(o.file).toString() << '\n';
        return kExitProjectErrors;
    }
    Engine& engine = *created.value();
    for (const auto& [node, body] : o.injections) {
        const Status s = engine.inject(node, body);
        if (!s) return badArgument(QStringLiteral("--inject: ") + s.error().message);
    }

    QFile events(o.eventsPath);
    std::unique_ptr<EventLogWriter> writer;
    if (!o.eventsPath.isEmpty()) {
        if (!events.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            err << "error: cannot write " << o.eventsPath << ": " << events.errorString() << '\n';
            return kExitBadArguments;
        }
        writer = std::make_unique<EventLogWriter>(&events);
        engine.addObserver(writer.get());
    }

    engine.start();
    if (o.realtime) {
        RealTimeScheduler scheduler(1.0);
        quint64 budget = o.maxEvents;
        while (budget > 0) {
            const Advance a = scheduler.advance(engine.kernel(), o.duration);
            budget = a.events >= budget ? 0 : budget - a.events;
            if (a.finished) break;
            if (a.wallWait > 0) QThread::usleep(quint64(std::min<Micros>(a.wallWait, 50'000)));
        }
    } else {
        engine.run(o.duration, o.maxEvents);
    }

    const Json report = engine.report();
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
