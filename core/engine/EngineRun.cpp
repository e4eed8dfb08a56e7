#include "engine/EngineRun.h"

#include "engine/Behaviour.h"
#include "engine/nodes/Queue.h"
#include "engine/nodes/WebSocketApi.h"

namespace ml {

Result<std::unique_ptr<EngineRun>> EngineRun::create(const Diagram& diagram, EngineOptions options,
                                                     std::vector<EngineObserver*> observers)
{
    std::unique_ptr<EngineRun> run(new EngineRun(diagram, options));
    run->m_observers = std::move(observers);
    const Status s = run->rebuild();
    if (!s) return s.error();
    return run;
}

Status EngineRun::rebuild()
{
    Result<std::unique_ptr<Engine>> created = Engine::create(m_diagram, m_options);
    if (!created) return created.error();
    m_engine = std::move(created).value();
    for (EngineObserver* o : m_observers) m_engine->addObserver(o);
    m_engine->setObservedTypes(m_observedTypes);
    if (!m_replaying) m_engine->setLiveSink(m_liveSink);
    m_engine->start();
    return okStatus();
}

void EngineRun::addObserver(EngineObserver* observer)
{
    m_observers.push_back(observer);
    m_engine->addObserver(observer);
}

void EngineRun::setObservedTypes(quint32 mask)
{
    m_observedTypes = mask;
    m_engine->setObservedTypes(mask);
}

void EngineRun::journal(Input input)
{
    m_engine->kernel().markActivity();  // an input is activity even when no event follows it
    if (m_replaying) return;
    if (!m_journaling) {
        m_journalBroken = true;  // from here on, going back cannot replay what came in
        return;
    }
    m_journal.push_back(std::move(input));
}

void EngineRun::record(Input input)
{
    journal(input);
    input.apply(*this);
}

Result<quint64> EngineRun::inject(const QString& nodeId, const Json& body, const std::string& user,
                                  const InjectExtras& extras)
{
    if (m_engine->nodeIndex(nodeId) < 0) return Error::of(QStringLiteral("no node \"%1\" in the diagram").arg(nodeId));
    if (!extras.attributes.is_null() && !extras.attributes.is_object())
        return Error::at(QStringLiteral("/attributes"),
                         QStringLiteral("the attributes of a message to \"%1\" must be an object").arg(nodeId));
    const auto apply = [nodeId, body, user, extras](EngineRun& r) -> Result<quint64> {
        Engine& e = *r.m_engine;
        const qint32 who = user.empty() ? 0 : e.internUser(user);
        if (extras.attributes.is_null() && extras.groupId.empty() && extras.deduplicationId.empty())
            return e.inject(nodeId, body, who);
        // Engine::inject, with the sender's attributes and FIFO ids on the message.
        const int node = e.nodeIndex(nodeId);
        e.start();
        const MessageIndex m = e.newMessage(node, std::make_shared<const Json>(body), kNoMessage, who);
        Message& msg = e.message(m);
        if (extras.attributes.is_object() && !extras.attributes.empty())
            msg.attributes = std::make_shared<const Json>(extras.attributes);
        msg.groupId = extras.groupId;
        msg.deduplicationId = extras.deduplicationId;
        const quint64 id = msg.id;
        e.transfer(m, node);
        return id;
    };
    journal({eventCount(), m_engine->now(), [apply](EngineRun& r) { (void)apply(r); }});
    return apply(*this);
}

namespace {

WebSocketApi* webSocketApi(Engine& engine, int node)
{
    return node >= 0 && node < engine.nodeCount() ? dynamic_cast<WebSocketApi*>(&engine.behaviour(node)) : nullptr;
}

}  // namespace

Result<std::string> EngineRun::openWebSocket(int node, const std::string& user)
{
    if (!webSocketApi(*m_engine, node)) return Error::of(QStringLiteral("node %1 is not a websocket-api").arg(node));
    const auto apply = [node, user](EngineRun& r) {
        return webSocketApi(*r.m_engine, node)->openLive(r.m_engine->internUser(user.empty() ? "anonymous" : user));
    };
    journal({eventCount(), m_engine->now(), [apply](EngineRun& r) { (void)apply(r); }});
    return apply(*this);
}

bool EngineRun::webSocketFrame(int node, const std::string& connection, const std::string& text)
{
    WebSocketApi* api = webSocketApi(*m_engine, node);
    if (!api || !api->connection(connection)) return false;
    record({eventCount(), m_engine->now(),
            [node, connection, text](EngineRun& r) { webSocketApi(*r.m_engine, node)->frameLive(connection, text); }});
    return true;
}

void EngineRun::closeWebSocket(int node, const std::string& connection, int code)
{
    WebSocketApi* api = webSocketApi(*m_engine, node);
    if (!api || !api->connection(connection)) return;
    record({eventCount(), m_engine->now(),
            [node, connection, code](EngineRun& r) { webSocketApi(*r.m_engine, node)->closeLive(connection, code); }});
}

void EngineRun::setLiveSink(LiveSink* sink)
{
    m_liveSink = sink;
    if (!m_replaying) m_engine->setLiveSink(sink);
}

void EngineRun::setFault(int node, const Fault& fault)
{
    record({eventCount(), m_engine->now(), [node, fault](EngineRun& r) { r.m_engine->setFault(node, fault); }});
}

bool EngineRun::redrive(int deadLetterQueue, int target, double perSecond)
{
    if (deadLetterQueue < 0 || deadLetterQueue >= m_engine->nodeCount()) return false;
    if (!dynamic_cast<Queue*>(&m_engine->behaviour(deadLetterQueue))) return false;
    record({eventCount(), m_engine->now(), [=](EngineRun& r) {
                if (auto* q = dynamic_cast<Queue*>(&r.m_engine->behaviour(deadLetterQueue)))
                    q->redrive(target, perSecond);
            }});
    return true;
}

qint64 EngineRun::redriveMessages(int queue, const std::vector<quint64>& ids, int target)
{
    if (queue < 0 || queue >= m_engine->nodeCount() || !dynamic_cast<Queue*>(&m_engine->behaviour(queue))) return -1;
    const auto apply = [queue, ids, target](EngineRun& r) {
        return qint64(dynamic_cast<Queue*>(&r.m_engine->behaviour(queue))->redriveMessages(ids, target));
    };
    journal({eventCount(), m_engine->now(), [apply](EngineRun& r) { (void)apply(r); }});
    return apply(*this);
}

qint64 EngineRun::purge(int queue)
{
    if (queue < 0 || queue >= m_engine->nodeCount() || !dynamic_cast<Queue*>(&m_engine->behaviour(queue))) return -1;
    const auto apply = [queue](EngineRun& r) {
        return qint64(dynamic_cast<Queue*>(&r.m_engine->behaviour(queue))->purge());
    };
    journal({eventCount(), m_engine->now(), [apply](EngineRun& r) { (void)apply(r); }});
    return apply(*this);
}

RunResult EngineRun::run(Micros until, quint64 events) { return m_engine->run(until, events); }

Status EngineRun::stepBack(quint64 events, quint64 observeFrom)
{
    if (m_journalBroken)
        return Error::of(
            QStringLiteral("cannot step back: inputs came in while the journal was off, so a replay "
                           "would not be the same run"));
    const quint64 target = eventCount() > events ? eventCount() - events : 0;
    m_replaying = true;
    const Status s = rebuild();
    if (!s) {
        m_replaying = false;
        return s;
    }
    // Express up to `observeFrom`, observed after it: the same events in the same order either way.
    const auto replayTo = [&](quint64 to) {
        if (eventCount() < observeFrom && observeFrom < to) m_engine->run(kTimeMax, observeFrom - eventCount());
        m_engine->setExpress(eventCount() < observeFrom);
        if (eventCount() < to) m_engine->run(kTimeMax, to - eventCount());
    };
    m_engine->setExpress(observeFrom > 0);
    for (const Input& input : m_journal) {
        if (input.atEvent > target) break;
        replayTo(input.atEvent);
        m_engine->kernel().advanceTo(input.atTime);
        m_engine->kernel().markActivity();
        input.apply(*this);
    }
    replayTo(target);
    // Inputs after the new present are forgotten: going forward again is a new future.
    m_journal.erase(
        std::remove_if(m_journal.begin(), m_journal.end(), [&](const Input& i) { return i.atEvent > target; }),
        m_journal.end());
    m_engine->setExpress(false);
    m_replaying = false;
    m_engine->setLiveSink(m_liveSink);
    return okStatus();
}

}  // namespace ml
