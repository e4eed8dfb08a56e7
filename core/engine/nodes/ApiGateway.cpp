#include "engine/nodes/ApiGateway.h"

#include "engine/nodes/Behaviours.h"
#include "format/JsonText.h"

namespace ml {

namespace {

std::vector<std::string> splitPath(const std::string& path)
{
    std::vector<std::string> out;
    std::string part;
    for (char c : path) {
        if (c == '/') {
            if (!part.empty()) out.push_back(std::move(part));
            part.clear();
        } else {
            part += c;
        }
    }
    if (!part.empty()) out.push_back(std::move(part));
    return out;
}

Json queryParameters(const std::string& query)
{
    if (query.empty()) return Json();
    Json out = Json::object();
    std::size_t start = 0;
    while (start <= query.size()) {
        const std::size_t end = std::min(query.find('&', start), query.size());
        const std::string pair = query.substr(start, end - start);
        if (!pair.empty()) {
            const std::size_t eq = pair.find('=');
            out[pair.substr(0, eq)] = eq == std::string::npos ? std::string() : pair.substr(eq + 1);
        }
        start = end + 1;
    }
    return out;
}

std::string bearerUser(const Json& headers)
{
    if (!headers.is_object()) return {};
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        std::string key = it.key();
        std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        if (key != "authorization" || !it->is_string()) continue;
        const std::string value = it->get<std::string>();
        if (value.rfind("Bearer ", 0) == 0 && value.size() > 7) return value.substr(7);
    }
    return {};
}

}  // namespace

ApiGateway::ApiGateway(Engine& engine, int index) : Behaviour(engine, index)
{
    m_integrationTimeout = configDuration("integrationTimeout");
    for (const Json& r : config().value("routes", Json::array())) {
        if (!r.is_object()) continue;
        ApiRoute route;
        route.method = r.value("method", std::string("ANY"));
        route.segments = splitPath(r.value("path", std::string("/")));
        route.action = r.value("action", std::string());
        for (const Json& f : r.value("required", Json::array()))
            if (f.is_string()) route.required.push_back(f.get<std::string>());
        m_routes.push_back(std::move(route));
    }
    for (int e : engine.outEdges(index))
        if (engine.edge(e).kind == EdgeKind::Invoke && m_integration < 0) m_integration = e;
}

const ApiRoute* ApiGateway::match(const std::string& method, const std::string& path, Json& pathParameters) const
{
    const std::vector<std::string> parts = splitPath(path);
    for (const ApiRoute& r : m_routes) {
        if (r.method != "ANY" && r.method != method) continue;
        if (r.segments.size() != parts.size()) continue;
        Json params = Json::object();
        bool ok = true;
        for (std::size_t i = 0; i < parts.size() && ok; ++i) {
            const std::string& s = r.segments[i];
            if (s.size() > 2 && s.front() == '{' && s.back() == '}')
                params[s.substr(1, s.size() - 2)] = parts[i];
            else
                ok = s == parts[i];
        }
        if (!ok) continue;
        pathParameters = params.empty() ? Json() : params;
        return &r;
    }
    return nullptr;
}

void ApiGateway::reject(MessageIndex m, int status, const char* message)
{
    ++stats().responses[status];
    ++stats().failed;
    if (engine().observed()) note(EventType::Response, m, status, Json{{"message", message}}.dump());
    if (LiveSink* sink = engine().liveSink())
        sink->httpResponse(index(), engine().message(m).id, status,
                           std::make_shared<const Json>(Json{{"message", message}}));
    engine().finish(m, Fate::Dropped, ("http-" + std::to_string(status)).c_str());
}

ApiGateway::Prepared ApiGateway::prepare(const Json& request, qint32 user)
{
    Prepared out;
    out.user = user;
    const std::string method = request.is_object() ? request.value("method", std::string("GET")) : "GET";
    std::string path = request.is_object() ? request.value("path", std::string("/")) : "/";
    std::string query;
    if (const std::size_t q = path.find('?'); q != std::string::npos) {
        query = path.substr(q + 1);
        path.resize(q);
    }
    const Json headers = request.is_object() ? request.value("headers", Json::object()) : Json::object();
    if (std::string bearer = bearerUser(headers); !bearer.empty()) {
        out.user = engine().internUser(bearer);
        out.bearer = std::move(bearer);
    }

    Json pathParameters;
    const ApiRoute* route = match(method, path, pathParameters);
    if (!route) {
        out.status = 404;
        out.message = "Not Found";
        return out;
    }
    // The event carries the body as API Gateway passes it: the raw text, a string. A simulated
    // client's JSON body is written out as that text (once per shared body: prepare is memoised).
    Json rawBody;  // null: no body
    if (request.is_object()) {
        if (const auto b = request.find("body"); b != request.end() && !b->is_null())
            rawBody = b->is_string() ? *b : Json(b->dump());
    }
    // Bytes from outside go through the one bounded reader: nesting past 256 levels is refused
    // here, before anything copies or walks it. Text that is not JSON is a body all the same.
    Json body;
    if (rawBody.is_string() && !rawBody.get_ref<const std::string&>().empty()) {
        const std::string& text = rawBody.get_ref<const std::string&>();
        if (const Status shape = jsontext::checkText(QByteArray::fromRawData(text.data(), qsizetype(text.size())));
            !shape) {
            out.status = 400;
            out.message = "Invalid request body";
            return out;
        }
        if (!route->required.empty()) {
            if (Result<Json> parsed = jsontext::parse(text)) body = std::move(parsed.value());
        }
    }
    if (!route->required.empty()) {
        bool valid = body.is_object();
        for (std::size_t i = 0; valid && i < route->required.size(); ++i) valid = body.contains(route->required[i]);
        if (!valid) {
            out.status = 400;
            out.message = "Invalid request body";
            return out;
        }
    }
    if (m_integration < 0) {
        out.status = 500;
        out.message = "Internal server error";
        return out;
    }
    Json event = Json::object();
    event["httpMethod"] = method;
    event["path"] = path;
    event["pathParameters"] = std::move(pathParameters);
    event["queryStringParameters"] = queryParameters(query);
    event["headers"] = headers;
    event["body"] = std::move(rawBody);
    event["isBase64Encoded"] = false;
    // requestId is per request: Engine::body() stamps it from Message::requestOf.
    event["requestContext"] = Json{{"requestId", nullptr}, {"identity", {{"user", engine().userName(out.user)}}}};
    event["action"] = route->action;
    out.event = std::make_shared<const Json>(std::move(event));
    return out;
}

void ApiGateway::onDeliver(MessageIndex m, int)
{
    ++stats().received;
    engine().place(m, index(), MessagePlace::Processing);
    // The same request from the same user always parses, matches and validates the same way.
    const Message& msg = engine().message(m);
    const Prepared prepared =
        m_prepared.get(msg.body, msg.user, [&] { return prepare(msg.body ? *msg.body : Json::object(), msg.user); });
    // A remembered answer may name a user every message of has finished since: its number may
    // now be free or someone else's, so check the name (equal in the usual case, a quick compare).
    qint32 user = prepared.user;
    if (!prepared.bearer.empty() && engine().userName(user) != prepared.bearer)
        user = engine().internUser(prepared.bearer);
    engine().setUser(m, user);
    if (prepared.status != 0) return reject(m, prepared.status, prepared.message);

    const SlotHandle slot = m_pending.insert();
    Pending& p = *m_pending.find(slot);
    p.request = m;
    p.start = engine().now();
    p.event = engine().newMessage(index(), prepared.event, m);
    Message& event = engine().message(p.event);
    event.requestOf = event.parentId;
    engine().place(p.event, index(), MessagePlace::Transit);
    p.call = engine().call(m_integration, {p.event}, slot.payload());
    p.timeout = after(m_integrationTimeout, 0, slot.payload());
}

void ApiGateway::onAnswer(qint64 token, CallId, const CallResult& result)
{
    const SlotHandle slot = SlotHandle::fromPayload(token);
    Pending* found = m_pending.find(slot);
    if (!found) return;
    Pending& p = *found;
    engine().kernel().cancel(p.timeout);
    // The call's message was answered; the request carries the outcome.
    engine().finish(p.event, Fate::Done);
    p.event = kNoMessage;
    if (result.status == 429) {
        static const JsonPtr tooMany = std::make_shared<const Json>(Json{{"message", "Too Many Requests"}});
        respond(slot, 429, tooMany);
    } else if (!result.error.empty()) {
        static const JsonPtr failed = std::make_shared<const Json>(Json{{"message", "Internal server error"}});
        respond(slot, 502, failed);  // the function failed (or timed out)
    } else {
        respond(slot, result.status, result.body);
    }
}

void ApiGateway::onTimer(const Event& event)
{
    const SlotHandle slot = SlotHandle::fromPayload(event.payload);
    Pending* found = m_pending.find(slot);
    if (!found) return;
    Pending& p = *found;
    // Past the integration timeout the caller gets 504; the function's answer is ignored.
    engine().abandon(p.call);
    p.event = kNoMessage;  // the engine ends it when the function answers
    static const JsonPtr timedOut = std::make_shared<const Json>(Json{{"message", "Endpoint request timed out"}});
    respond(slot, 504, timedOut);
}

void ApiGateway::respond(SlotHandle slot, int status, const JsonPtr& body)
{
    const Pending p = *m_pending.find(slot);
    m_pending.erase(slot);  // first, as nothing may count it as held while it is answered
    ++stats().responses[status];
    stats().latency.add(engine().now() - p.start);
    if (engine().observed()) note(EventType::Response, p.request, status, body ? body->dump() : std::string());
    if (LiveSink* sink = engine().liveSink()) sink->httpResponse(index(), engine().message(p.request).id, status, body);
    if (status >= 200 && status < 300) {
        ++stats().succeeded;
        engine().finish(p.request, Fate::Done);
    } else {
        ++stats().failed;
        engine().finish(p.request, Fate::Dropped, ("http-" + std::to_string(status)).c_str());
    }
}

void ApiGateway::forEachHeld(const std::function<void(MessageIndex)>& visit) const
{
    m_pending.forEach([&](const Pending& p) {
        visit(p.request);
        if (p.event != kNoMessage) visit(p.event);
    });
}

// API Gateway list price: $3.50 per million REST API requests.
void ApiGateway::addCost(BilledUsage& usage) const
{
    usage.apiRequests.usdPerMillion = 3.50;
    usage.apiRequests.units += double(stats().received);
}

ML_BEHAVIOUR_FACTORY(makeApiGateway, "api-gateway") { return std::make_unique<ApiGateway>(engine, node); }

}  // namespace ml
