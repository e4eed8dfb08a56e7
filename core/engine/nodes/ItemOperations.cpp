#include "engine/nodes/ItemOperations.h"

#include "engine/nodes/Bucket.h"
#include "engine/nodes/Table.h"
#include "format/JsonText.h"

namespace ml {

namespace {

struct Verb {
    const char* word;
    ItemOp op;
};
// "put" and "post" are missing on purpose: they mean create in one API and update in another,
// so such actions fall back to the HTTP method.
constexpr Verb kVerbs[] = {
    {"create", ItemOp::Create},     {"add", ItemOp::Create},     {"insert", ItemOp::Create},
    {"new", ItemOp::Create},        {"get", ItemOp::Retrieve},   {"read", ItemOp::Retrieve},
    {"retrieve", ItemOp::Retrieve}, {"fetch", ItemOp::Retrieve}, {"find", ItemOp::Retrieve},
    {"update", ItemOp::Update},     {"modify", ItemOp::Update},  {"edit", ItemOp::Update},
    {"patch", ItemOp::Update},      {"replace", ItemOp::Update}, {"delete", ItemOp::Delete},
    {"remove", ItemOp::Delete},     {"destroy", ItemOp::Delete}, {"list", ItemOp::List},
    {"scan", ItemOp::List},         {"query", ItemOp::List},     {"search", ItemOp::List},
};

ItemResponse message(int status, const std::string& text) { return ItemResponse{status, Json{{"message", text}}}; }

ItemResponse storeFailed(const Error& e) { return message(500, toStd(e.message)); }

const Json* member(const Json& object, const char* key)
{
    if (!object.is_object()) return nullptr;
    auto it = object.find(key);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

// A key value as a store keeps it: strings, and numbers as JSON writes them.
std::optional<std::string> keyText(const Json& value)
{
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number()) return value.dump();
    return std::nullopt;
}

ItemResponse onTable(Table& table, const ItemRequest& r, MessageIndex cause)
{
    TableStore* store = table.store();
    if (!store) return message(500, toStd(table.storeError()));
    const std::string& keyName = table.keyName();
    std::optional<std::string> key;
    if (r.key) {
        key = keyText(*r.key);
        if (!key) return message(400, "Invalid key \"" + keyName + "\"");
    }
    auto missingKey = [&] { return message(400, "Missing key \"" + keyName + "\""); };
    switch (r.op) {
    case ItemOp::Create: {
        Json item = r.fields;
        if (r.key)
            item[keyName] = *r.key;
        else
            item[keyName] = table.newKey();
        Result<bool> created = table.createItem(item, cause);
        if (!created) return storeFailed(created.error());
        if (!created.value()) return message(409, "Item already exists");
        return ItemResponse{201, std::move(item)};
    }
    case ItemOp::Retrieve: {
        if (!key) return missingKey();
        Result<std::optional<Json>> item = store->get(*key);
        if (!item) return storeFailed(item.error());
        if (!item.value()) return message(404, "Item not found");
        return ItemResponse{200, std::move(*item.value())};
    }
    case ItemOp::Update: {
        if (!key) return missingKey();
        Result<std::optional<Json>> existing = store->get(*key);
        if (!existing) return storeFailed(existing.error());
        if (!existing.value()) return message(404, "Item not found");
        // UpdateItem semantics: the request's fields are set, the others kept; the key stays.
        Json item = *existing.value();
        const Json keyValue = item.value(keyName, Json(*key));
        for (auto it = r.fields.begin(); it != r.fields.end(); ++it) item[it.key()] = it.value();
        item[keyName] = keyValue;
        Result<std::optional<Json>> updated = table.updateItem(item, cause);
        if (!updated) return storeFailed(updated.error());
        if (!updated.value()) return message(404, "Item not found");
        return ItemResponse{200, std::move(item)};
    }
    case ItemOp::Delete: {
        if (!key) return missingKey();
        Result<std::optional<Json>> removed = table.removeItem(*key, cause);
        if (!removed) return storeFailed(removed.error());
        if (!removed.value()) return message(404, "Item not found");
        return ItemResponse{200, std::move(*removed.value())};
    }
    case ItemOp::List: {
        Result<std::vector<Json>> items = store->list(r.limit);
        if (!items) return storeFailed(items.error());
        Json list = Json::array();
        for (Json& item : items.value()) list.push_back(std::move(item));
        const std::size_t n = list.size();
        return ItemResponse{200, Json{{"items", std::move(list)}, {"count", n}}};
    }
    case ItemOp::Unknown: break;
    }
    return message(400, "Unknown operation");
}

ItemResponse onBucket(Bucket& bucket, const ItemRequest& r, MessageIndex cause)
{
    BucketStore* store = bucket.store();
    if (!store) return message(500, toStd(bucket.storeError()));
    std::optional<std::string> key;
    if (r.key) {
        key = keyText(*r.key);
        if (!key) return message(400, "Invalid key \"key\"");
    }
    // The content: the "body" field ({key, body}), else every field but the key.
    auto content = [&] {
        if (const Json* b = member(r.fields, "body")) return *b;
        Json c = r.fields;
        if (c.is_object()) c.erase("key");
        return c;
    };
    auto described = [](const std::string& k, qint64 size) { return Json{{"key", k}, {"size", size}}; };
    switch (r.op) {
    case ItemOp::Create:
    case ItemOp::Update: {
        if (!key && r.op == ItemOp::Update) return message(400, "Missing key \"key\"");
        const std::string k = key ? *key : bucket.newKey();
        Result<std::optional<BucketObject>> existing = store->get(k);
        if (!existing) return storeFailed(existing.error());
        if (r.op == ItemOp::Create && existing.value()) return message(409, "Object already exists");
        if (r.op == ItemOp::Update && !existing.value()) return message(404, "Object not found");
        const Json body = content();
        Result<std::optional<BucketObject>> put = bucket.putObject(k, body, cause);
        if (!put) return storeFailed(put.error());
        return ItemResponse{r.op == ItemOp::Create ? 201 : 200, described(k, BucketStore::sizeOf(body))};
    }
    case ItemOp::Retrieve: {
        if (!key) return message(400, "Missing key \"key\"");
        Result<std::optional<BucketObject>> o = store->get(*key);
        if (!o) return storeFailed(o.error());
        if (!o.value()) return message(404, "Object not found");
        Json out = described(o.value()->key, o.value()->size);
        out["body"] = std::move(o.value()->body);
        return ItemResponse{200, std::move(out)};
    }
    case ItemOp::Delete: {
        if (!key) return message(400, "Missing key \"key\"");
        Result<std::optional<BucketObject>> removed = bucket.deleteObject(*key, cause);
        if (!removed) return storeFailed(removed.error());
        if (!removed.value()) return message(404, "Object not found");
        return ItemResponse{200, described(removed.value()->key, removed.value()->size)};
    }
    case ItemOp::List: {
        Result<std::vector<BucketObject>> objects = store->list(r.limit);
        if (!objects) return storeFailed(objects.error());
        Json list = Json::array();
        for (const BucketObject& o : objects.value()) list.push_back(described(o.key, o.size));
        const std::size_t n = list.size();
        return ItemResponse{200, Json{{"objects", std::move(list)}, {"count", n}}};
    }
    case ItemOp::Unknown: break;
    }
    return message(400, "Unknown operation");
}

}  // namespace

const char* itemOpName(ItemOp op)
{
    switch (op) {
    case ItemOp::Create: return "create";
    case ItemOp::Retrieve: return "get";
    case ItemOp::Update: return "update";
    case ItemOp::Delete: return "delete";
    case ItemOp::List: return "list";
    case ItemOp::Unknown: break;
    }
    return "unknown";
}

ItemOp itemOpFromAction(std::string_view action)
{
    if (const std::size_t colon = action.rfind(':'); colon != std::string_view::npos) action.remove_prefix(colon + 1);
    for (const Verb& v : kVerbs) {
        const std::string_view word(v.word);
        if (action.size() < word.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < word.size() && same; ++i)
            same = char(std::tolower(static_cast<unsigned char>(action[i]))) == word[i];
        if (!same) continue;
        // A whole word: "add-item" and "addItem" are adds, "address" is not.
        if (action.size() == word.size()) return v.op;
        const char next = action[word.size()];
        if (next == '-' || next == '_' || next == '.' || next == ' ' || std::isupper(static_cast<unsigned char>(next)))
            return v.op;
    }
    return ItemOp::Unknown;
}

ItemRequest readItemRequest(const Json& event, const std::string& keyName)
{
    ItemRequest r;
    const Json* method = member(event, "httpMethod");
    const bool proxy = method && method->is_string();
    if (const Json* a = member(event, "action"); a && a->is_string()) r.action = a->get<std::string>();
    if (const Json* s = member(event, "table"); s && s->is_string()) r.store = s->get<std::string>();
    if (const Json* s = member(event, "bucket"); s && s->is_string()) r.store = s->get<std::string>();

    // The fields.
    if (proxy) {
        const Json* body = member(event, "body");
        if (body && body->is_string()) {
            // The raw text from outside: the one bounded reader (too deep is a bad body, not a crash).
            Result<Json> parsed = jsontext::parse(body->get_ref<const std::string&>());
            if (parsed && parsed.value().is_object())
                r.fields = std::move(parsed.value());
            else if (!body->get<std::string>().empty())
                r.badBody = true;
        } else if (body && body->is_object()) {
            r.fields = *body;
        } else if (body) {
            r.badBody = true;
        }
    } else if (event.is_object()) {
        if (const Json* item = member(event, "item"); item && item->is_object())
            r.fields = *item;
        else if (const Json* data = member(event, "data"); data && data->is_object())
            r.fields = *data;
        else {
            r.fields = event;
            r.fields.erase("action");
        }
    }

    // The key.
    if (proxy) {
        if (const Json* params = member(event, "pathParameters"); params && params->is_object() && !params->empty()) {
            const Json* k = member(*params, keyName.c_str());
            if (!k) k = member(*params, "id");
            if (!k && params->size() == 1) k = &params->begin().value();
            if (k) r.key = *k;
        }
        if (!r.key)
            if (const Json* query = member(event, "queryStringParameters"))
                if (const Json* k = member(*query, keyName.c_str())) r.key = *k;
    }
    if (!r.key)
        if (const Json* k = member(r.fields, keyName.c_str())) r.key = *k;
    if (!r.key && !proxy)
        if (const Json* k = member(event, keyName.c_str())) r.key = *k;

    // The roles the request claims, and a list limit.
    const Json* identity = member(event, "requestContext");
    identity = identity ? member(*identity, "identity") : nullptr;
    const Json* roles = identity ? member(*identity, "roles") : nullptr;
    if (!roles) roles = member(r.fields, "roles");
    if (!roles && !proxy) roles = member(event, "roles");
    if (roles && roles->is_array()) r.roles = *roles;
    if (roles && roles->is_string()) r.roles = Json::array({*roles});
    const Json* query = proxy ? member(event, "queryStringParameters") : nullptr;
    const Json* limit = query ? member(*query, "limit") : member(event, "limit");
    if (limit && limit->is_number_integer()) r.limit = std::max<qint64>(0, limit->get<qint64>());
    if (limit && limit->is_string()) {
        bool ok = false;
        const qint64 n = QString::fromStdString(limit->get<std::string>()).toLongLong(&ok);
        if (ok) r.limit = std::max<qint64>(0, n);
    }

    // The operation: the action when it names one, else the HTTP method.
    r.op = itemOpFromAction(r.action);
    if (r.op == ItemOp::Unknown && proxy) {
        const std::string m = method->get<std::string>();
        if (m == "POST")
            r.op = ItemOp::Create;
        else if (m == "GET")
            r.op = r.key ? ItemOp::Retrieve : ItemOp::List;
        else if (m == "PUT" || m == "PATCH")
            r.op = ItemOp::Update;
        else if (m == "DELETE")
            r.op = ItemOp::Delete;
    }
    if (r.action.empty()) r.action = itemOpName(r.op);
    return r;
}

std::string ItemStore::keyName() const { return table ? table->keyName() : std::string("key"); }

std::vector<ItemStore> dataAccessStores(Engine& engine, int function)
{
    std::vector<ItemStore> out;
    for (int e : engine.outEdges(function)) {
        const EngineEdge& edge = engine.edge(e);
        if (edge.kind != EdgeKind::DataAccess) continue;
        ItemStore s;
        s.node = edge.to;
        s.table = dynamic_cast<Table*>(&engine.behaviour(edge.to));
        s.bucket = dynamic_cast<Bucket*>(&engine.behaviour(edge.to));
        if (s.table || s.bucket) out.push_back(s);
    }
    return out;
}

const ItemStore* chooseStore(const std::vector<ItemStore>& stores, const Engine& engine, const ItemRequest& request)
{
    if (stores.empty()) return nullptr;
    if (!request.store.empty())
        for (const ItemStore& s : stores)
            if (engine.nodeId(s.node) == request.store) return &s;
    return &stores.front();
}

ItemResponse performItemRequest(const ItemStore& store, const ItemRequest& request, MessageIndex cause)
{
    if (request.badBody) return message(400, "Invalid request body");
    if (store.table) return onTable(*store.table, request, cause);
    if (store.bucket) return onBucket(*store.bucket, request, cause);
    return message(500, "No table or bucket");
}

}  // namespace ml
