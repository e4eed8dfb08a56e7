// What a behaviour works out from a shared, immutable body — a parsed request and its route, a
// forwarded payload, a size check — remembered by the body's identity. Clients send the same
// body objects again and again and bodies are passed along without copies, so working each out
// once per body instead of once per message is most of a gateway's or a router's work.
// The memo holds a reference to every body it remembers, so an address cannot be reused by
// another body while it is remembered; it is bounded and forgets everything when full. A body
// nobody else holds (an injected message, a live HTTP request) will not come again: it is
// worked out but not remembered, so the memo never keeps large one-off bodies alive.
#pragma once

#include "engine/Message.h"

#include <cstddef>
#include <functional>
#include <unordered_map>
#include <utility>

namespace ml {

template <typename Value>
class SharedMemo {
public:
    explicit SharedMemo(std::size_t capacity = 4096) : m_capacity(capacity) {}

    // What `work()` gives for this body; `extra` distinguishes what else the value depends on
    // (a user, a node), 0 if nothing. A copy: a one-off value must not outlive its use here.
    template <typename Work>
    Value get(const JsonPtr& body, qint64 extra, Work&& work)
    {
        const Key key{body.get(), extra};
        if (const auto it = m_entries.find(key); it != m_entries.end()) return it->second.second;
        // The message holding the body is its only holder: a one-off (use_count counts the
        // message's own reference).
        if (body.use_count() <= 1) return work();
        if (m_entries.size() >= m_capacity) m_entries.clear();
        return m_entries.emplace(key, std::pair(body, work())).first->second.second;
    }

    std::size_t size() const { return m_entries.size(); }
    void clear() { m_entries.clear(); }

private:
    struct Key {
        const Json* body;
        qint64 extra;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const
        {
            return std::hash<const void*>()(k.body) * 31u + std::hash<qint64>()(k.extra);
        }
    };
    std::size_t m_capacity;
    std::unordered_map<Key, std::pair<JsonPtr, Value>, KeyHash> m_entries;
};

}  // namespace ml
