// trigger: invoked by the bucket (S3 event records, asynchronously) or the table (stream
// records, in batches) it is wired from. It logs what it got — each record's event name and
// object key or item keys — and then does what every function does by default: its input goes
// along its "always" edges.
#include "engine/nodes/Behaviours.h"
#include "engine/nodes/Function.h"

namespace ml {

namespace {

// "ObjectCreated:Put reports/a.json" or "INSERT {"id":"1"}".
std::string describe(const Json& record)
{
    if (!record.is_object()) return "?";
    std::string out = record.value("eventName", std::string("?"));
    auto s3 = record.find("s3");
    if (s3 != record.end() && s3->is_object() && s3->contains("object"))
        return out + " " + (*s3)["object"].value("key", std::string());
    auto ddb = record.find("dynamodb");
    if (ddb != record.end() && ddb->is_object() && ddb->contains("Keys")) return out + " " + (*ddb)["Keys"].dump();
    return out;
}

class Trigger : public Function {
public:
    using Function::Function;

protected:
    void work(Invocation& inv) override
    {
        if (engine().loggingEnabled() && !inv.messages.empty()) {
            Json records = Json::array();
            for (MessageIndex m : inv.messages) {
                const JsonPtr& body = engine().message(m).body;
                if (!body) continue;
                auto list = body->is_object() ? body->find("Records") : body->end();
                if (list != body->end() && list->is_array())
                    for (const Json& r : *list) records.push_back(describe(r));
                else
                    records.push_back(describe(*body));
            }
            std::string text =
                "received " + std::to_string(records.size()) + (records.size() == 1 ? " record" : " records");
            if (!records.empty()) text += ": " + records.front().get<std::string>() + (records.size() > 1 ? ", …" : "");
            engine().log(index(), Urgency::Info, Sensitivity::Normal, inv.requestId,
                         engine().message(inv.messages.front()).user, text, Json{{"records", std::move(records)}},
                         inv.messages.front());
        }
        Function::work(inv);
    }
};

}  // namespace

ML_BEHAVIOUR_FACTORY(makeTrigger, "trigger") { return std::make_unique<Trigger>(engine, node); }

}  // namespace ml
