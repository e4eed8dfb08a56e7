// Reusable slots with generation-checked handles, for the tables the engine keeps of things a
// timer, a call or an answer will name later (calls, invocations, batches, async events waiting
// for a retry, messages, user names). A handle names a slot and the generation it was taken in,
// so a handle kept past erase() — a timer payload that fires after its entry ended — finds
// nothing instead of the slot's next occupant. Modelled on the kernel's EventHandle; freed slots
// are reused last-freed first, so the slots a run uses are the same on every run.
#pragma once

#include <QtGlobal>

#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

namespace ml {

struct SlotHandle {
    quint32 slot = 0;
    quint32 generation = 0;  // 0 only in the null handle

    bool isNull() const { return generation == 0; }
    // As a timer payload or a call's token, and back. A table's generations stay below 2^31,
    // so the payload of a handle it gave is never negative: a behaviour that keeps two tables
    // may tell one table's tokens from the other's by the sign bit.
    qint64 payload() const { return qint64((quint64(generation) << 32) | quint64(slot)); }
    static SlotHandle fromPayload(qint64 payload)
    {
        return SlotHandle{quint32(quint64(payload) & 0xffffffffu), quint32(quint64(payload) >> 32)};
    }
    friend bool operator==(const SlotHandle&, const SlotHandle&) = default;
};

template <typename T>
class SlotTable {
public:
    // Takes the last freed slot, or a new one at the end. Its entry is T{} (new, or reset when it
    // was erased), to be filled in place: the hot tables (messages, invocations, batches) pay
    // for no second construction.
    SlotHandle insert()
    {
        quint32 slot;
        if (!m_free.empty()) {
            slot = m_free.back();
            m_free.pop_back();
        } else {
            slot = quint32(m_values.size());
            m_values.emplace_back();
            m_states.push_back(kFirstGeneration << 1);
        }
        m_states[slot] |= kLive;
        ++m_live;
        return SlotHandle{slot, m_states[slot] >> 1};
    }
    SlotHandle insert(T value)
    {
        const SlotHandle h = insert();
        m_values[h.slot] = std::move(value);
        return h;
    }

    // The entry the handle names; null when it was erased (and perhaps reused) since.
    T* find(SlotHandle h)
    {
        if (h.slot >= m_states.size() || quint64(m_states[h.slot]) != ((quint64(h.generation) << 1) | kLive))
            return nullptr;
        return &m_values[h.slot];
    }
    const T* find(SlotHandle h) const { return const_cast<SlotTable*>(this)->find(h); }

    // The handle of the entry now in `slot` (null when the slot is free), for ids that carry only
    // the slot and check the entry themselves.
    SlotHandle current(quint32 slot) const
    {
        if (!isLive(slot)) return SlotHandle{};
        return SlotHandle{slot, m_states[slot] >> 1};
    }
    bool isLive(quint32 slot) const { return slot < m_states.size() && (m_states[slot] & kLive); }

    // The entry in a live slot, unchecked (as std::vector's []), for tables whose slot numbers
    // are held only while their entry lives: a message's index is held by the one place the
    // message is, a user's number by the holders it counts. Everything else goes through find().
    T& operator[](quint32 slot) { return m_values[slot]; }
    const T& operator[](quint32 slot) const { return m_values[slot]; }

    // Ends the entry; its slot's next occupant gets a new generation. False for a stale handle.
    bool erase(SlotHandle h)
    {
        if (!find(h)) return false;
        // Let go of what the entry holds now, not when the slot is reused, and leave T{} for
        // insert().
        static_assert(std::is_nothrow_default_constructible_v<T>, "erase() rebuilds the entry in place");
        T& value = m_values[h.slot];
        std::destroy_at(&value);
        std::construct_at(&value);
        quint32 generation = (m_states[h.slot] >> 1) + 1;
        if (generation > kMaxGeneration) generation = kFirstGeneration;  // 0 stays the null handle's
        m_states[h.slot] = generation << 1;
        m_free.push_back(h.slot);
        --m_live;
        return true;
    }

    // Every entry ends; the table starts again from slot 0 (every handle it gave is stale).
    void clear()
    {
        m_values.clear();
        m_states.clear();
        m_free.clear();
        m_live = 0;
    }

    std::size_t size() const { return m_live; }
    bool empty() const { return m_live == 0; }
    std::size_t capacity() const { return m_values.size(); }

    // Every live entry, in slot order.
    template <typename F>
    void forEach(F&& visit) const
    {
        for (std::size_t i = 0; i < m_values.size(); ++i)
            if (m_states[i] & kLive) visit(m_values[i]);
    }

private:
    static constexpr quint32 kLive = 1;
    static constexpr quint32 kFirstGeneration = 1;
    static constexpr quint32 kMaxGeneration = 0x7fffffffu;

    // Values apart from their states, so an unchecked slot access (the message store's) touches
    // only the values, and a slot costs four bytes over its value.
    std::vector<T> m_values;
    std::vector<quint32> m_states;  // generation << 1 | kLive
    std::vector<quint32> m_free;
    std::size_t m_live = 0;
};

}  // namespace ml
