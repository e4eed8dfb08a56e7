// log-monitor: a function fed by log subscriptions (the log group's filter already chose the
// lines). Each outgoing edge carries `when` as a CloudWatch filter pattern; a line goes along
// every edge whose pattern matches it (empty: every line) — critical lines to the admins'
// topic, sensitive ones to their own table, everything to the log table.
#include "engine/nodes/Behaviours.h"
#include "engine/nodes/Function.h"
#include "format/LogFilterPattern.h"

namespace ml {

namespace {

class LogMonitor : public Function {
public:
    LogMonitor(Engine& engine, int index) : Function(engine, index)
    {
        // Function only sends along "always" edges; here every edge is conditional on its
        // pattern, so the routes are read from the edges themselves.
        for (int e : engine.outEdges(index)) {
            const EngineEdge& edge = engine.edge(e);
            if (edge.kind != EdgeKind::Invoke && edge.kind != EdgeKind::Enqueue && edge.kind != EdgeKind::Push &&
                edge.kind != EdgeKind::DataAccess)
                continue;
            Route r{e, std::nullopt, false};
            auto when = edge.config.find("when");
            const std::string text = when != edge.config.end() && when->is_string() ? when->get<std::string>() : "";
            Result<LogFilterPattern> parsed = LogFilterPattern::parse(QString::fromStdString(text));
            if (parsed.ok())
                r.pattern = std::move(parsed).value();
            else
                r.broken = true;  // the linter reports it; the edge gets nothing
            m_routes.push_back(std::move(r));
        }
    }

    void writeReport(Json& out) const override
    {
        Function::writeReport(out);
        Json routes = Json::array();
        for (const Route& r : m_routes) {
            Json j{{"to", engine().nodeId(engine().edge(r.edge).to)}, {"matched", r.matched}};
            if (r.broken) j["when"] = "invalid";
            routes.push_back(std::move(j));
        }
        out["routes"] = std::move(routes);
    }

protected:
    void work(Invocation& inv) override
    {
        for (MessageIndex m : inv.messages) {
            // Keep the body alive: sending creates messages and may move the store.
            const JsonPtr line = engine().message(m).body;
            static const Json kNoLine = Json::object();
            const Json& event = line ? *line : kNoLine;
            // Term patterns search the whole log event as written (the JSON line), as
            // CloudWatch does, not only its message field: given no text, the pattern searches
            // the serialised line.
            for (Route& r : m_routes) {
                if (!r.pattern || !r.pattern->matches(event)) continue;
                ++r.matched;
                const EngineEdge& edge = engine().edge(r.edge);
                // Sync invokes wait for their answer; the rest are sends (to a table: a put).
                if (edge.kind == EdgeKind::Invoke && edge.sync)
                    callFrom(inv, r.edge, m);
                else
                    sendDerived(r.edge, m);
            }
        }
        if (inv.pendingCalls == 0) succeed(inv);
    }

private:
    struct Route {
        int edge;
        std::optional<LogFilterPattern> pattern;
        bool broken;
        quint64 matched = 0;
    };
    std::vector<Route> m_routes;
};

}  // namespace

ML_BEHAVIOUR_FACTORY(makeLogMonitor, "log-monitor") { return std::make_unique<LogMonitor>(engine, node); }

}  // namespace ml
