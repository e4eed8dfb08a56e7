// `microlab-cli bench [FILE] [--messages N] [--json]`: engine throughput on the reference
// pipeline — client → api-gateway → router → queue (+DLQ, maxReceiveCount 3) → worker with 10%
// errors — pushed headless with logging off. FILE replaces the pipeline; N is the total its
// clients send, split evenly among them (the summary and the JSON say how).
#include "Commands.h"
#include "Project.h"
#include "engine/Engine.h"
#include "format/Duration.h"
#include "model/Catalog.h"

#include <QElapsedTimer>
#include <QFile>

namespace ml::cli {

namespace {

QString benchUsage()
{
    return QStringLiteral(
        "usage: microlab-cli bench [FILE] [--messages N] [--json]\n"
        "\n"
        "Pushes N messages (default 1000000) through client -> api-gateway -> router -> queue (+DLQ,\n"
        "maxReceiveCount 3) -> worker with 10% errors, headless with logging off, and prints the\n"
        "throughput. With FILE, runs that project with N split among its clients (N / clients each,\n"
        "the first N mod clients one more), and says how it split them.\n");
}

Json node(const char* id, const char* kind, Json config = Json::object())
{
    return Json{{"id", id}, {"kind", kind}, {"config", std::move(config)}};
}

Diagram pipeline(quint64 messages)
{
    Diagram d;
    d.name = QStringLiteral("bench pipeline");
    auto add = [&](const Json& j) {
        Node n;
        n.id = NodeId(QString::fromStdString(j["id"].get<std::string>()));
        n.kind = QString::fromStdString(j["kind"].get<std::string>());
        n.config = j["config"];
        d.addNode(std::move(n));
    };
    add(node(
        "users", "client",
        {{"rate", "20000/s"},
         {"count", messages},
         {"requests", Json::array({{{"method", "POST"}, {"path", "/jobs"}, {"body", {{"url", "s3://in/a.png"}}}}})}}));
    add(node("api", "api-gateway",
             {{"routes",
               Json::array({{{"method", "POST"}, {"path", "/jobs"}, {"action", "process"}, {"required", {"url"}}}})}}));
    add(node("router", "router", {{"latency", {{"dist", "fixed"}, {"value", "5ms"}}}}));
    add(node("jobs", "queue", {{"visibilityTimeout", "30s"}, {"maxReceiveCount", 3}}));
    add(node("jobs-dlq", "queue"));
    add(node("worker", "worker", {{"errorRate", 0.1}, {"timeout", "5s"}}));
    auto edge = [&](const char* from, const char* to, Json config = Json::object()) {
        Edge e;
        e.from = NodeId(QString::fromLatin1(from));
        e.to = NodeId(QString::fromLatin1(to));
        e.config = std::move(config);
        d.addEdge(std::move(e));
    };
    edge("users", "api");
    edge("api", "router");
    edge("router", "jobs", {{"actions", {"process"}}});
    edge("jobs", "worker", {{"batchSize", 10}});
    edge("jobs", "jobs-dlq");
    return d;
}

double peakRssMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) return 0;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmHWM:")) return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    return 0;
}

}  // namespace

int benchCommand(const QStringList& args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    quint64 messages = 1'000'000;
    bool json = false;
    QString file;
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            out << benchUsage();
            return kExitOk;
        } else if (a == QLatin1String("--messages") && i + 1 < args.size()) {
            bool ok = false;
            messages = args[++i].toULongLong(&ok);
            if (!ok || messages == 0) {
                err << "microlab-cli bench: --messages needs a positive number\n";
                return kExitBadArguments;
            }
        } else if (a == QLatin1String("--json")) {
            json = true;
        } else if (!a.startsWith(QLatin1Char('-')) && file.isEmpty()) {
            file = a;
        } else {
            err << "microlab-cli bench: unknown argument '" << a << "'\n\n" << benchUsage();
            return kExitBadArguments;
        }
    }

    Diagram diagram;
    // How --messages was split: each client's id and count, in diagram order.
    std::vector<std::pair<QString, quint64>> split;
    if (file.isEmpty()) {
        diagram = pipeline(messages);
        split.emplace_back(QStringLiteral("users"), messages);
    } else {
        std::optional<LoadedProject> project = loadForRun(file, err);
        if (!project) return kExitProjectErrors;
        diagram = project->diagram;
        for (const Node& n : project->diagram.nodes())
            if (const KindInfo* k = Catalog::instance().kind(n.kind); k && k->category == Category::Client)
                split.emplace_back(n.id.value, 0);
        if (split.empty()) {
            err << "microlab-cli bench: " << file << " has no client node to send --messages\n";
            return kExitProjectErrors;
        }
        // N in all: every client N / k, the first N mod k one more.
        const quint64 k = split.size();
        for (quint64 i = 0; i < k; ++i) {
            split[i].second = messages / k + (i < messages % k ? 1 : 0);
            Json config = diagram.node(NodeId(split[i].first))->config;
            config["count"] = split[i].second;
            diagram.node(NodeId(split[i].first))->config = config;
        }
    }

    EngineOptions options;
    options.logging = false;
    Result<std::unique_ptr<Engine>> created = Engine::create(diagram, options);
    if (!created) {
        err << "error: " << created.error().toString() << '\n';
        return kExitProjectErrors;
    }
    Engine& engine = *created.value();
    engine.setExpress(true);

    QElapsedTimer timer;
    timer.start();
    // Until nothing is left to happen (or a day of virtual time, for projects that never stop).
    engine.run(kMicrosPerDay);
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const quint64 events = engine.kernel().eventCount();
    const Conservation c = engine.conservation();

    Json clients = Json::object();
    for (const auto& [id, count] : split) clients[toStd(id)] = count;
    const Json result{{"messages", messages},
                      {"clients", clients},
                      {"entered", c.entered},
                      {"events", events},
                      {"seconds", seconds},
                      {"messagesPerSecond", double(messages) / seconds},
                      {"eventsPerSecond", double(events) / seconds},
                      {"peakRssMb", peakRssMb()},
                      {"virtualTime", toStd(duration::format(engine.kernel().lastActivity()))},
                      {"conservationHolds", c.holds}};
    if (json) {
        out << QString::fromStdString(result.dump()) << '\n';
    } else {
        QStringList parts;
        for (const auto& [id, count] : split) parts << QStringLiteral("%1 %2").arg(id).arg(count);
        out << "bench: " << messages << " messages, " << events << " events in " << QString::number(seconds, 'f', 2)
            << " s\n"
            << "  split among " << split.size() << (split.size() == 1 ? " client: " : " clients: ")
            << parts.join(QStringLiteral(", ")) << '\n'
            << "  " << QString::number(double(messages) / seconds, 'f', 0) << " messages/s, "
            << QString::number(double(events) / seconds, 'f', 0) << " events/s, peak RSS "
            << QString::number(peakRssMb(), 'f', 0) << " MB, virtual time "
            << duration::formatForPeople(engine.kernel().lastActivity()) << ", conservation "
            << (c.holds ? "holds" : "DOES NOT HOLD") << '\n';
    }
    return c.holds ? kExitOk : kExitProjectErrors;
}

}  // namespace ml::cli
