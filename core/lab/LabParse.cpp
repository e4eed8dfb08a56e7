// Reading a project's "lab" section. Every error names the JSON pointer and what was expected;
// an unknown key is an error too (a misspelt "atleast" would otherwise make a check that always
// holds, and nothing may silently do nothing).
#include "format/Duration.h"
#include "format/JsonText.h"
#include "lab/Lab.h"

#include <QStringList>

namespace ml::lab {

namespace {

using jsontext::describe;

QString join(const QString& pointer, const QString& token) { return jsontext::pointerJoin(pointer, token); }
QString join(const QString& pointer, std::size_t index) { return join(pointer, QString::number(index)); }

Error errorAt(const QString& pointer, const QString& message) { return Error::at(pointer, message); }

Status onlyKeys(const Json& object, const QString& pointer, const QStringList& known)
{
    for (auto it = object.begin(); it != object.end(); ++it)
        if (!known.contains(toQString(it.key())))
            return errorAt(join(pointer, toQString(it.key())),
                           QStringLiteral("unknown key \"%1\"; expected one of %2")
                               .arg(toQString(it.key()), known.join(QStringLiteral(", "))));
    return okStatus();
}

class Reader {
public:
    explicit Reader(const Diagram& diagram) : m_diagram(diagram) {}

    Result<Lab> lab(const Json& section, const QString& pointer) const
    {
        if (!section.is_object())
            return errorAt(
                pointer,
                QStringLiteral("expected an object with \"title\" and \"steps\"; got %1").arg(describe(section)));
        if (Status s = onlyKeys(section, pointer, {QStringLiteral("title"), QStringLiteral("steps")}); !s)
            return s.error();
        Lab out;
        const auto title = section.find("title");
        if (title == section.end() || !title->is_string() || title->get<std::string>().empty())
            return errorAt(join(pointer, QStringLiteral("title")),
                           QStringLiteral("expected the lab's title, a string"));
        out.title = toQString(title->get<std::string>());
        const auto steps = section.find("steps");
        const QString stepsAt = join(pointer, QStringLiteral("steps"));
        if (steps == section.end() || !steps->is_array() || steps->empty())
            return errorAt(stepsAt, QStringLiteral("expected a non-empty array of steps"));
        for (std::size_t i = 0; i < steps->size(); ++i) {
            Result<Step> step = this->step((*steps)[i], join(stepsAt, i));
            if (!step) return step.error();
            out.steps.push_back(std::move(step).value());
        }
        return out;
    }

private:
    Result<Step> step(const Json& j, const QString& pointer) const
    {
        if (!j.is_object())
            return errorAt(
                pointer,
                QStringLiteral("expected a step {\"text\", \"check\", \"solution\"}; got %1").arg(describe(j)));
        if (Status s =
                onlyKeys(j, pointer, {QStringLiteral("text"), QStringLiteral("check"), QStringLiteral("solution")});
            !s)
            return s.error();
        Step out;
        const auto text = j.find("text");
        if (text == j.end() || !text->is_string() || text->get<std::string>().empty())
            return errorAt(join(pointer, QStringLiteral("text")),
                           QStringLiteral("expected the step's text: what to do and the rule it shows"));
        out.text = toQString(text->get<std::string>());
        const auto check = j.find("check");
        if (check == j.end())
            return errorAt(join(pointer, QStringLiteral("check")), QStringLiteral("expected the step's check"));
        Result<Check> c = this->check(*check, join(pointer, QStringLiteral("check")));
        if (!c) return c.error();
        out.check = std::move(c).value();
        const auto solution = j.find("solution");
        const QString solutionAt = join(pointer, QStringLiteral("solution"));
        // Without a solution `lab --solve` could not show the lab can be completed.
        if (solution == j.end() || !solution->is_array() || solution->empty())
            return errorAt(solutionAt, QStringLiteral("expected a non-empty array of solution moves (set, action, "
                                                      "run, reset)"));
        for (std::size_t i = 0; i < solution->size(); ++i) {
            Result<Solution> s = solutionMove((*solution)[i], join(solutionAt, i));
            if (!s) return s.error();
            out.solution.push_back(std::move(s).value());
        }
        return out;
    }

    Result<Check> check(const Json& j, const QString& pointer) const
    {
        const QString shape = QStringLiteral(
            "expected a check: {\"path\", \"equals\"|\"atLeast\"|\"atMost\"}, {\"lint\": \"clean\"}, "
            "{\"all\": [...]} or {\"any\": [...]} (path, all and any may add \"at\": \"170s\")");
        if (!j.is_object()) return errorAt(pointer, shape + QStringLiteral("; got ") + describe(j));
        Check out;
        out.pointer = pointer;
        if (const auto at = j.find("at"); at != j.end()) {
            const QString atPointer = join(pointer, QStringLiteral("at"));
            if (j.contains("lint"))
                return errorAt(atPointer, QStringLiteral("a lint check reads the design, not the run: \"at\" does not "
                                                         "apply to it"));
            const Result<Micros> d = duration::fromJson(*at);
            if (!d || d.value() <= 0)
                return errorAt(atPointer, QStringLiteral("expected the virtual time the check reads the run at, like "
                                                         "\"170s\" or \"1h\"; got %1")
                                              .arg(describe(*at)));
            out.at = d.value();
        }
        for (const char* group : {"all", "any"}) {
            const auto list = j.find(group);
            if (list == j.end()) continue;
            if (Status s = onlyKeys(j, pointer, {QString::fromLatin1(group), QStringLiteral("at")}); !s)
                return s.error();
            const QString at = join(pointer, QString::fromLatin1(group));
            if (!list->is_array() || list->empty())
                return errorAt(at, QStringLiteral("expected a non-empty array of checks"));
            out.kind = std::string(group) == "all" ? Check::Kind::All : Check::Kind::Any;
            for (std::size_t i = 0; i < list->size(); ++i) {
                Result<Check> c = check((*list)[i], join(at, i));
                if (!c) return c.error();
                out.children.push_back(std::move(c).value());
            }
            return out;
        }
        if (const auto lint = j.find("lint"); lint != j.end()) {
            if (Status s = onlyKeys(j, pointer, {QStringLiteral("lint")}); !s) return s.error();
            if (!lint->is_string() || lint->get<std::string>() != "clean")
                return errorAt(join(pointer, QStringLiteral("lint")),
                               QStringLiteral("expected \"clean\"; got %1").arg(describe(*lint)));
            out.kind = Check::Kind::LintClean;
            return out;
        }
        const auto path = j.find("path");
        if (path == j.end()) return errorAt(pointer, shape);
        if (Status s = onlyKeys(j, pointer,
                                {QStringLiteral("path"), QStringLiteral("equals"), QStringLiteral("atLeast"),
                                 QStringLiteral("atMost"), QStringLiteral("at")});
            !s)
            return s.error();
        const QString pathAt = join(pointer, QStringLiteral("path"));
        if (!path->is_string() || path->get<std::string>().empty())
            return errorAt(pathAt, QStringLiteral("expected a dotted report path like \"nodes.jobs.queue.visible\"; "
                                                  "got %1")
                                       .arg(describe(*path)));
        out.path = toQString(path->get<std::string>());
        if (Status s = knownPath(out.path, pathAt); !s) return s.error();
        if (const auto e = j.find("equals"); e != j.end()) out.equals = *e;
        for (const char* bound : {"atLeast", "atMost"}) {
            const auto b = j.find(bound);
            if (b == j.end()) continue;
            if (!b->is_number())
                return errorAt(join(pointer, QString::fromLatin1(bound)),
                               QStringLiteral("expected a number; got %1").arg(describe(*b)));
            (std::string(bound) == "atLeast" ? out.atLeast : out.atMost) = b->get<double>();
        }
        if (!out.equals && !out.atLeast && !out.atMost)
            return errorAt(pointer, QStringLiteral("a path check needs \"equals\", \"atLeast\" or \"atMost\""));
        return out;
    }

    // "nodes.X…" must name a node of the diagram: the report has one entry per node.
    Status knownPath(const QString& path, const QString& pointer) const
    {
        const QStringList parts = path.split(QLatin1Char('.'));
        if (parts.contains(QString()))
            return errorAt(pointer, QStringLiteral("\"%1\" has an empty name between dots").arg(path));
        if (parts.first() == QLatin1String("nodes") && parts.size() > 1 && !m_diagram.node(NodeId(parts[1])))
            return errorAt(pointer, QStringLiteral("\"%1\": the diagram has no node \"%2\"").arg(path, parts[1]));
        return okStatus();
    }

    Result<Solution> solutionMove(const Json& j, const QString& pointer) const
    {
        const QString shape = QStringLiteral(
            "expected {\"set\": \"NODE.key\", \"value\": …}, {\"action\": \"fault:NODE=…\"}, "
            "{\"run\": \"5m\"} or {\"reset\": true}");
        if (!j.is_object()) return errorAt(pointer, shape + QStringLiteral("; got ") + describe(j));
        Solution out;
        out.pointer = pointer;
        if (const auto set = j.find("set"); set != j.end()) {
            if (Status s = onlyKeys(j, pointer, {QStringLiteral("set"), QStringLiteral("value")}); !s) return s.error();
            const QString at = join(pointer, QStringLiteral("set"));
            if (!set->is_string())
                return errorAt(at, QStringLiteral("expected \"NODE.key\"; got %1").arg(describe(*set)));
            out.kind = Solution::Kind::Set;
            out.target = toQString(set->get<std::string>());
            const QStringList parts = out.target.split(QLatin1Char('.'));
            if (parts.size() < 2 || parts.contains(QString()))
                return errorAt(at,
                               QStringLiteral("expected \"NODE.key\" (or \"EDGE.key\"); got \"%1\"").arg(out.target));
            if (!m_diagram.node(NodeId(parts[0])) && !m_diagram.edge(EdgeId(parts[0])))
                return errorAt(at, QStringLiteral("the diagram has no node or edge \"%1\"").arg(parts[0]));
            const auto value = j.find("value");
            if (value == j.end())
                return errorAt(join(pointer, QStringLiteral("value")), QStringLiteral("expected the value to set"));
            out.value = *value;
            return out;
        }
        if (const auto action = j.find("action"); action != j.end()) {
            if (Status s = onlyKeys(j, pointer, {QStringLiteral("action")}); !s) return s.error();
            const QString at = join(pointer, QStringLiteral("action"));
            if (!action->is_string())
                return errorAt(at, QStringLiteral("expected an action like \"fault:NODE=errorRate:0\"; got %1")
                                       .arg(describe(*action)));
            Result<RunAction> parsed = parseRunAction(toQString(action->get<std::string>()));
            if (!parsed) return errorAt(at, parsed.error().message);
            if (!m_diagram.node(NodeId(parsed->node)))
                return errorAt(at, QStringLiteral("the diagram has no node \"%1\"").arg(parsed->node));
            out.kind = Solution::Kind::Action;
            out.action = std::move(parsed).value();
            return out;
        }
        if (const auto run = j.find("run"); run != j.end()) {
            if (Status s = onlyKeys(j, pointer, {QStringLiteral("run")}); !s) return s.error();
            const Result<Micros> d = duration::fromJson(*run);
            if (!d || d.value() <= 0)
                return errorAt(
                    join(pointer, QStringLiteral("run")),
                    QStringLiteral("expected a virtual time to run, like \"5m\"; got %1").arg(describe(*run)));
            out.kind = Solution::Kind::Run;
            out.duration = d.value();
            return out;
        }
        if (const auto reset = j.find("reset"); reset != j.end()) {
            if (Status s = onlyKeys(j, pointer, {QStringLiteral("reset")}); !s) return s.error();
            if (!reset->is_boolean() || !reset->get<bool>())
                return errorAt(join(pointer, QStringLiteral("reset")), QStringLiteral("expected true"));
            out.kind = Solution::Kind::Reset;
            return out;
        }
        return errorAt(pointer, shape);
    }

    const Diagram& m_diagram;
};

}  // namespace

Result<Lab> parse(const Json& section, const Diagram& diagram)
{
    return Reader(diagram).lab(section, QStringLiteral("/lab"));
}

Result<std::optional<Lab>> parse(const Diagram& diagram)
{
    const auto section = diagram.extra.find("lab");
    if (section == diagram.extra.end()) return std::optional<Lab>();
    Result<Lab> lab = parse(*section, diagram);
    if (!lab) return lab.error();
    return std::optional<Lab>(std::move(lab).value());
}

}  // namespace ml::lab
