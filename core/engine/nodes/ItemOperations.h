// The data operations crud and gatekeeper share: reading what a request asks for (create,
// retrieve, update, delete or list, on which key, with which fields) and doing it on the
// table or bucket the function reaches through a data-access edge.
#pragma once

#include "engine/Engine.h"

#include <optional>
#include <string>
#include <string_view>

namespace ml {

class Bucket;
class Table;

enum class ItemOp : quint8 { Create, Retrieve, Update, Delete, List, Unknown };
const char* itemOpName(ItemOp op);  // "create", "get", "update", "delete", "list", "unknown"
// "create", "create-item", "items:create", "getItem" … : the verb at the start of the action's
// last ":"-separated part. Unknown when it names none.
ItemOp itemOpFromAction(std::string_view action);

struct ItemRequest {
    ItemOp op = ItemOp::Unknown;
    std::string action;            // the request's `action`, or the operation's name when it has none
    std::optional<Json> key;       // the key the request names (path parameter, query or body field)
    Json fields = Json::object();  // the item's fields (for a bucket: {key, body} or the content)
    Json roles = Json::array();    // roles the request claims (gatekeeper principals "role:…")
    std::string store;             // the store node the request names ("table"/"bucket" field), if any
    qint64 limit = -1;             // list: at most this many
    bool badBody = false;          // the body is neither JSON object nor absent
};

// Reads an API gateway proxy event (httpMethod, pathParameters, queryStringParameters, body,
// action) or a plain message body. The operation comes from `action` when it names one, else
// from the HTTP method: POST create, GET with a key retrieve, GET without list, PUT/PATCH
// update, DELETE delete. The key is the path parameter named like the key attribute, or "id",
// or the only path parameter; else the query parameter or body field of that name. A plain
// body's fields are its "item" (or "data") object, else the body without "action".
ItemRequest readItemRequest(const Json& event, const std::string& keyName);

// A table or bucket a function is wired to by a data-access edge.
struct ItemStore {
    int node = -1;
    Table* table = nullptr;
    Bucket* bucket = nullptr;
    std::string keyName() const;  // the table's key attribute; "key" for a bucket
};

// The stores `function` reaches, in edge order. The engine's node table is the one place a
// function finds another node's behaviour: the target of its own data-access edge, looked up
// by dynamic_cast. Call it once every behaviour exists (not from a constructor).
std::vector<ItemStore> dataAccessStores(Engine& engine, int function);
// The store a request names, or the first one; nullptr when there is none.
const ItemStore* chooseStore(const std::vector<ItemStore>& stores, const Engine& engine, const ItemRequest& request);

struct ItemResponse {
    int status = 200;
    Json body;
};

// Does the request: 201 created (409 when the key exists), 200 with the item, 404 when the
// item is missing, 400 for a request without a key or operation, 500 when the store fails.
// `cause` is the message being processed (stream and notification records continue its trace).
ItemResponse performItemRequest(const ItemStore& store, const ItemRequest& request, MessageIndex cause);

}  // namespace ml
