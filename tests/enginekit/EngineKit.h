// What the engine's tests share (every tests/<unit> that runs an engine): an engine built from
// diagram JSON, an observer that writes events down, report counters, messages put straight
// into a node, requests through an API gateway, and runs of microlab-cli as a user runs it.
// Header only; tests/enginekit has no test of its own.
#pragma once

#include "engine/Behaviour.h"
#include "engine/Engine.h"
#include "project/ProjectFile.h"

#include <QProcess>
#include <QtTest>

#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace kit {

using namespace ml;

// The diagram of project JSON text; nothing (and a warning saying why) when it does not load.
inline std::optional<Diagram> diagramFromText(const std::string& text)
{
    Result<LoadedProject> loaded =
        projectfile::parse(QByteArray::fromStdString(text), QStringLiteral("test.mlab.json"));
    if (!loaded.ok()) {
        qWarning("%s", qPrintable(loaded.error().toString()));
        return std::nullopt;
    }
    return std::move(loaded.value().diagram);
}

inline std::unique_ptr<Engine> engineFromText(const std::string& text, EngineOptions options = {})
{
    const std::optional<Diagram> diagram = diagramFromText(text);
    if (!diagram) return nullptr;
    Result<std::unique_ptr<Engine>> engine = Engine::create(*diagram, options);
    if (!engine.ok()) {
        qWarning("%s", qPrintable(engine.error().message));
        return nullptr;
    }
    return std::move(engine).value();
}

// A diagram of these nodes and edges (JSON array bodies), seed 7 unless the options say
// otherwise (`{.seed = 5}`).
inline std::unique_ptr<Engine> engineFor(const std::string& nodes, const std::string& edges, EngineOptions options = {})
{
    return engineFromText(R"({"format": "microlab/1", "name": "engine test", "seed": 7, "nodes": [)" + nodes +
                              R"(], "edges": [)" + edges + "]}",
                          options);
}

// Writes down every event, with the node ids resolved.
struct Recorder : EngineObserver {
    struct Seen {
        EngineEvent event;
        std::string node;
        std::string peer;
    };
    std::vector<Seen> seen;
    void onEvent(const Engine& engine, const EngineEvent& e) override
    {
        seen.push_back(Seen{e, e.node >= 0 ? engine.nodeId(e.node) : std::string(),
                            e.peer >= 0 ? engine.nodeId(e.peer) : std::string()});
    }
    std::vector<EngineEvent> of(EventType type, const std::string& node = {}) const
    {
        std::vector<EngineEvent> out;
        for (const Seen& s : seen)
            if (s.event.type == type && (node.empty() || s.node == node)) out.push_back(s.event);
        return out;
    }
    std::vector<Micros> times(EventType type, const std::string& node = {}) const
    {
        std::vector<Micros> out;
        for (const EngineEvent& e : of(type, node)) out.push_back(e.time);
        return out;
    }
    std::vector<qint64> values(EventType type, const std::string& node = {}) const
    {
        std::vector<qint64> out;
        for (const EngineEvent& e : of(type, node)) out.push_back(e.value);
        return out;
    }
    int count(EventType type, const std::string& node = {}) const { return int(of(type, node).size()); }
};

// A JSON value as T without throwing, so a test that fails reports the failure and goes on:
// text of any other value for strings, −1 (max for unsigned) for a missing number.
template <typename T>
T as(const Json& j)
{
    if constexpr (std::is_same_v<T, std::string>)
        return j.is_string() ? j.get<std::string>() : j.dump();
    else if constexpr (std::is_same_v<T, bool>)
        return j.is_boolean() && j.get<bool>();
    else
        return j.is_number() ? j.get<T>() : T(-1);
}

// JSON text (an event's detail) as JSON; null when it is not JSON.
inline Json parsed(const std::string& text)
{
    Json j = Json::parse(text, nullptr, false);
    return j.is_discarded() ? Json() : j;
}

// A counter of the report's node entry (0 when the report leaves it out).
inline quint64 num(const Json& report, const char* node, const char* key)
{
    const Json& n = report["nodes"][node];
    return n.contains(key) && n[key].is_number() ? n[key].get<quint64>() : 0;
}

inline quint64 response(const Json& report, const char* node, int status)
{
    const Json& n = report["nodes"][node];
    const std::string s = std::to_string(status);
    return n.contains("responses") && n["responses"].contains(s) ? n["responses"][s].get<quint64>() : 0;
}

inline quint64 dropped(const Json& report, const char* reason)
{
    const Json& d = report["conservation"]["dropped"];
    return d.contains(reason) ? d[reason].get<quint64>() : 0;
}

inline quint64 cons(const Json& report, const char* key) { return report["conservation"][key].get<quint64>(); }

// How many messages wait visible in the report's queue (−1 when it is no queue).
inline int visible(const Json& report, const char* queue)
{
    return as<int>(report["nodes"][queue]["queue"]["visible"]);
}

// The bodies of the messages a queue holds now, oldest first.
inline std::vector<Json> queued(const Engine& engine, const char* queue)
{
    std::vector<Json> out;
    const Json report = engine.report();  // kept: a range-for over a part of a temporary dangles
    for (const Json& m : report["nodes"][queue]["queue"]["messages"]) out.push_back(m["body"]);
    return out;
}

// What a producer outside the diagram sets on a message besides its body; name only what the
// test needs: put(engine, "q", body, {.groupId = "g", .user = "alice"}).
struct Envelope {
    Json attributes = Json();  // message attributes (SNS/SQS); null: none
    std::string groupId = {};  // FIFO
    std::string deduplicationId = {};
    std::string user = {};  // the trace's user; empty: "anonymous"
};

// A message entering the run at `node` now, as a producer outside the diagram would send it.
inline MessageIndex put(Engine& engine, const char* node, Json body, const Envelope& envelope = {})
{
    engine.start();
    const int n = engine.nodeIndex(QString::fromLatin1(node));
    if (n < 0) qFatal("no node %s", node);
    const MessageIndex m = engine.newMessage(n, std::make_shared<const Json>(std::move(body)), kNoMessage);
    Message& message = engine.message(m);
    if (!envelope.attributes.is_null()) message.attributes = std::make_shared<const Json>(envelope.attributes);
    message.groupId = envelope.groupId;
    message.deduplicationId = envelope.deduplicationId;
    // Through setUser: a name is held by the messages of its trace (Engine::internUser).
    if (!envelope.user.empty()) engine.setUser(m, engine.internUser(envelope.user));
    engine.transfer(m, n);
    return m;
}

// Hands one HTTP-like request ({method, path, headers, body}) to the API gateway `api` as a
// client would (Engine::inject), runs 10 s on and returns the status of the last response the
// gateway gave meanwhile; −1 when it gave none or refused the request. `rec` must be observing.
inline int respond(Engine& engine, const Recorder& rec, const Json& request, const char* api = "api")
{
    const std::size_t before = rec.seen.size();
    if (!engine.inject(QString::fromLatin1(api), request).ok()) return -1;
    engine.run(engine.now() + 10 * kMicrosPerSecond);
    int status = -1;
    for (std::size_t i = before; i < rec.seen.size(); ++i)
        if (rec.seen[i].event.type == EventType::Response && rec.seen[i].node == api)
            status = int(rec.seen[i].event.value);
    return status;
}

template <typename T>
T* behaviourOf(Engine& engine, const char* node)
{
    const int n = engine.nodeIndex(QString::fromLatin1(node));
    return n < 0 ? nullptr : dynamic_cast<T*>(&engine.behaviour(n));
}

inline void setFault(Engine& engine, const char* node, Fault fault)
{
    engine.setFault(engine.nodeIndex(QString::fromLatin1(node)), fault);
}

// Runs to `t` and moves the clock there even when nothing is left to happen, so what the test
// does next happens at `t`.
inline void runTo(Engine& engine, Micros t)
{
    engine.run(t);
    engine.kernel().advanceTo(t);
}

// What a program run by a test gave back: its exit code (−1 when it crashed or did not finish
// in time) and what it printed, as text.
struct Ran {
    int exitCode = -1;
    QString out;
    QString err;
};

// Runs `program` with `args` as a real process, waiting up to `timeoutMs`; a run that takes
// longer is killed. Callers name QStringLiteral(MICROLAB_CLI_PATH) themselves: that is how
// tests/CMakeLists.txt knows to build the command line before their test.
inline Ran runProgram(const QString& program, const QStringList& args, int timeoutMs = 60000)
{
    QProcess process;
    process.start(program, args);
    Ran ran;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        ran.err = QStringLiteral("timed out");
        return ran;
    }
    ran.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    ran.out = QString::fromUtf8(process.readAllStandardOutput());
    ran.err = QString::fromUtf8(process.readAllStandardError());
    return ran;
}

constexpr Micros ms(qint64 v) { return v * kMicrosPerMilli; }
constexpr Micros sec(qint64 v) { return v * kMicrosPerSecond; }
constexpr Micros minutes(qint64 v) { return v * kMicrosPerMinute; }

}  // namespace kit

// Conservation must hold after every run; a failure prints the numbers.
#define KIT_VERIFY_HOLDS(engine)                               \
    do {                                                       \
        const ml::Conservation kitC = (engine).conservation(); \
        QVERIFY2(kitC.holds, kitC.toJson().dump().c_str());    \
    } while (false)
