// crud: create / retrieve / update / delete / list on the table or bucket it is wired to by a
// data-access edge (ItemOperations). The operation comes from the request's action or HTTP
// method; the answer is the status (201, 200, 400, 404, 409) with the item. Every write is real
// SQL on the store's SQLite database. A successful result also goes along the function's other
// "always" edges (queues, topics, invokes) as a notification; crud never waits for them.
#include "engine/SharedMemo.h"
#include "engine/nodes/Behaviours.h"
#include "engine/nodes/Function.h"
#include "engine/nodes/ItemOperations.h"

namespace ml {

namespace {

class Crud : public Function {
public:
    using Function::Function;

protected:
    void work(Invocation& inv) override
    {
        // The stores are found on first use: when the constructor runs, later nodes have no
        // behaviour yet.
        if (!m_resolved) {
            m_stores = dataAccessStores(engine(), index());
            m_resolved = true;
        }
        if (m_stores.empty()) {
            fail(inv, "no table or bucket wired to " + id() + " (data-access edge)", 500);
            return;
        }
        Json results = Json::array();
        ItemResponse last;
        for (int i = 0; i < int(inv.messages.size()); ++i) {
            if (std::find(inv.failedItems.begin(), inv.failedItems.end(), i) != inv.failedItems.end()) continue;
            const MessageIndex m = inv.messages[size_t(i)];
            static const Json kEmpty = Json::object();
            // A proxy event's body is raw text: read once per shared event, not once per message.
            // Asked with the message's own pointer, before any copy: the memo tells a shared body
            // from a one-off by its holders.
            const ItemRequest request = m_requests.get(engine().message(m).body, 0, [&] {
                const JsonPtr& b = engine().message(m).body;
                return readItemRequest(b ? *b : kEmpty, keyNameFor(b ? *b : kEmpty));
            });
            // Keep the body alive: writes create messages and may move the message store.
            const JsonPtr body = engine().message(m).body;
            const ItemStore* store = chooseStore(m_stores, engine(), request);
            last = performItemRequest(*store, request, m);
            if (engine().loggingEnabled())
                engine().log(
                    index(), last.status >= 500 ? Urgency::Warning : Urgency::Info, Sensitivity::Normal, inv.requestId,
                    engine().message(m).user,
                    request.action + " on " + engine().nodeId(store->node) + ": " + std::to_string(last.status),
                    Json{{"operation", itemOpName(request.op)}, {"status", last.status}}, m);
            if (last.status >= 200 && last.status < 300) notifyOutputs(m, last.body);
            if (inv.messages.size() > 1) results.push_back(Json{{"status", last.status}, {"body", last.body}});
        }
        if (inv.messages.size() > 1)
            succeed(inv, std::make_shared<const Json>(Json{{"results", std::move(results)}}), 200);
        else
            succeed(inv, std::make_shared<const Json>(std::move(last.body)), last.status);
    }

private:
    std::string keyNameFor(const Json& event) const
    {
        ItemRequest probe;
        if (event.is_object()) {
            for (const char* field : {"table", "bucket"}) {
                auto it = event.find(field);
                if (it != event.end() && it->is_string()) probe.store = it->get<std::string>();
            }
        }
        const ItemStore* s = chooseStore(m_stores, engine(), probe);
        return s ? s->keyName() : std::string("id");
    }

    void notifyOutputs(MessageIndex m, const Json& result)
    {
        JsonPtr body;
        for (int e : outputs()) {
            if (engine().edge(e).kind == EdgeKind::DataAccess) continue;
            if (!body) body = std::make_shared<const Json>(result);
            sendDerived(e, m, body);
        }
    }

    std::vector<ItemStore> m_stores;
    bool m_resolved = false;
    SharedMemo<ItemRequest> m_requests;
};

}  // namespace

ML_BEHAVIOUR_FACTORY(makeCrud, "crud") { return std::make_unique<Crud>(engine, node); }

}  // namespace ml
