// gatekeeper: the only function allowed to touch the stores it guards. Every request is
// checked against `policy` — [{principal, actions, effect}], default deny, deny wins — and
// every decision is appended to a hash-chained audit trail (AuditTrail, its own SQLite
// database: config auditDatabase). Denied: 403 {"message":"Forbidden"} and a critical,
// sensitive log line. Allowed: the data operation, exactly as crud does it (ItemOperations).
//
// Principals: "user:NAME" is the request's user (the trace's user: the API gateway's Bearer
// token); "role:NAME" matches a role the request claims — requestContext.identity.roles (where
// an authorizer would put them), else a "roles" field of the body, a stand-in for the claims of
// a real identity token; "*" is anyone. Actions: the request's `action` ("items:create"), or the
// operation's name ("create", "get", "update", "delete", "list") when it has none; a pattern is
// "*", a prefix ending in "*" ("items:*"), or an exact name.
#include "engine/SharedMemo.h"
#include "engine/nodes/Behaviours.h"
#include "engine/nodes/Function.h"
#include "engine/nodes/ItemOperations.h"
#include "store/AuditTrail.h"

#include <QDateTime>

namespace ml {

namespace {

bool globMatches(const std::string& pattern, const std::string& value)
{
    if (pattern == "*") return true;
    if (!pattern.empty() && pattern.back() == '*')
        return value.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
    return pattern == value;
}

std::vector<std::string> strings(const Json& value)
{
    std::vector<std::string> out;
    if (value.is_string()) out.push_back(value.get<std::string>());
    if (value.is_array())
        for (const Json& v : value)
            if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

struct Statement {
    std::vector<std::string> principals;
    std::vector<std::string> actions;
    bool allow = false;
};

class Gatekeeper : public Function {
public:
    Gatekeeper(Engine& engine, int index) : Function(engine, index)
    {
        // A statement without a clear effect is ignored: it can neither allow nor deny.
        for (const Json& s : config().value("policy", Json::array())) {
            if (!s.is_object()) continue;
            const std::string effect = s.value("effect", std::string());
            if (effect != "allow" && effect != "deny") continue;
            Statement st;
            st.principals = strings(s.value("principal", Json()));
            st.actions = strings(s.value("actions", Json()));
            if (st.actions.empty()) st.actions = strings(s.value("action", Json()));
            st.allow = effect == "allow";
            m_policy.push_back(std::move(st));
        }
        Result<std::unique_ptr<AuditTrail>> trail =
            AuditTrail::open(QString::fromStdString(configString("auditDatabase")));
        if (trail)
            m_audit = std::move(trail).value();
        else
            m_auditError = toStd(trail.error().message);
    }

    void writeReport(Json& out) const override
    {
        Function::writeReport(out);
        out["allowed"] = m_allowed;
        out["denied"] = m_denied;
        if (m_audit) {
            Result<qint64> rows = m_audit->count();
            out["auditRows"] = rows ? rows.value() : 0;
            // The chain's end, so `verify-audit --head --rows` can tell a cut or rewritten tail.
            if (Result<AuditAnchor> head = m_audit->head(); head)
                out["audit"] = Json{{"rows", head->rows}, {"head", head->head}};
        } else {
            out["auditError"] = m_auditError;
        }
    }

protected:
    void work(Invocation& inv) override
    {
        if (!m_resolved) {
            m_stores = dataAccessStores(engine(), index());
            m_resolved = true;
        }
        Json results = Json::array();
        ItemResponse last;
        for (int i = 0; i < int(inv.messages.size()); ++i) {
            if (std::find(inv.failedItems.begin(), inv.failedItems.end(), i) != inv.failedItems.end()) continue;
            last = handle(inv, inv.messages[size_t(i)]);
            if (inv.messages.size() > 1) results.push_back(Json{{"status", last.status}, {"body", last.body}});
        }
        if (inv.messages.size() > 1)
            succeed(inv, std::make_shared<const Json>(Json{{"results", std::move(results)}}), 200);
        else
            succeed(inv, std::make_shared<const Json>(std::move(last.body)), last.status);
    }

private:
    bool allows(const std::string& user, const Json& roles, const std::string& action) const
    {
        bool allowed = false;
        for (const Statement& s : m_policy) {
            bool who = false;
            for (const std::string& p : s.principals) {
                if (p == "*")
                    who = true;
                else if (p.rfind("user:", 0) == 0)
                    who |= globMatches(p.substr(5), user);
                else if (p.rfind("role:", 0) == 0)
                    for (const Json& r : roles) who |= r.is_string() && globMatches(p.substr(5), r.get<std::string>());
            }
            if (!who) continue;
            bool what = false;
            for (const std::string& a : s.actions) what |= globMatches(a, action);
            if (!what) continue;
            if (!s.allow) return false;  // deny wins over every allow
            allowed = true;
        }
        return allowed;  // nothing allows: default deny
    }

    ItemResponse handle(Invocation& inv, MessageIndex m)
    {
        static const Json kEmpty = Json::object();
        // A proxy event's body is raw text: read once per shared event, not once per message
        // (asked with the message's own pointer, before any copy: see SharedMemo).
        ItemRequest request = m_requests.get(engine().message(m).body, 0, [&] {
            const JsonPtr& b = engine().message(m).body;
            const Json& event = b ? *b : kEmpty;
            ItemRequest r = readItemRequest(event, "id");
            const ItemStore* s = chooseStore(m_stores, engine(), r);
            return s && s->keyName() != "id" ? readItemRequest(event, s->keyName()) : r;
        });
        const JsonPtr body = engine().message(m).body;  // alive while writes create messages
        const qint32 user = engine().message(m).user;
        const ItemStore* store = chooseStore(m_stores, engine(), request);

        const std::string& userName = engine().userName(user);
        const std::string principal = "user:" + userName;
        std::string resource = store ? engine().nodeId(store->node) : std::string("-");
        if (request.key)
            resource += "/" + (request.key->is_string() ? request.key->get<std::string>() : request.key->dump());
        const bool allowed = allows(userName, request.roles, request.action);

        AuditRow row;
        row.time = toStd(
            QDateTime::fromMSecsSinceEpoch(engine().clock() / kMicrosPerMilli, Qt::UTC).toString(Qt::ISODateWithMs));
        row.principal = principal;
        row.action = request.action;
        row.resource = resource;
        row.decision = allowed ? "allow" : "deny";
        const Status appended =
            m_audit ? m_audit->append(row) : Status(Error::of(QString::fromStdString(m_auditError)));
        if (!appended) {
            // No record, no access: a decision that cannot be audited is refused.
            engine().log(index(), Urgency::Critical, Sensitivity::Sensitive, inv.requestId, user,
                         "audit trail unavailable: " + toStd(appended.error().message), Json(), m);
            return ItemResponse{500, Json{{"message", "Audit trail unavailable"}}};
        }
        Json data{{"principal", principal},
                  {"roles", request.roles},
                  {"action", request.action},
                  {"resource", resource},
                  {"auditRow", row.id}};
        if (!allowed) {
            ++m_denied;
            engine().log(index(), Urgency::Critical, Sensitivity::Sensitive, inv.requestId, user,
                         "Forbidden: " + principal + " may not " + request.action + " on " + resource, std::move(data),
                         m);
            return ItemResponse{403, Json{{"message", "Forbidden"}}};
        }
        ++m_allowed;
        if (engine().loggingEnabled())
            engine().log(index(), Urgency::Info, Sensitivity::Normal, inv.requestId, user,
                         "Allowed: " + principal + " " + request.action + " on " + resource, std::move(data), m);
        if (!store) return ItemResponse{500, Json{{"message", "No table or bucket"}}};
        // The claimed roles are credentials, not item fields.
        if (request.fields.is_object()) request.fields.erase("roles");
        return performItemRequest(*store, request, m);
    }

    std::vector<Statement> m_policy;
    std::unique_ptr<AuditTrail> m_audit;
    std::string m_auditError;
    std::vector<ItemStore> m_stores;
    bool m_resolved = false;
    quint64 m_allowed = 0;
    quint64 m_denied = 0;
    SharedMemo<ItemRequest> m_requests;
};

}  // namespace

ML_BEHAVIOUR_FACTORY(makeGatekeeper, "gatekeeper") { return std::make_unique<Gatekeeper>(engine, node); }

}  // namespace ml
