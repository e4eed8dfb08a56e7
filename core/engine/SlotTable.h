// Reusable slots with generation-checked handles, for the tables behaviours keep of things a
// timer or an answer will name later (async events waiting for a retry, batches, calls). A handle
// names a slot and the generation it was taken in, so a handle kept past erase() — a timer
// payload that fires after its entry ended — finds nothing instead of the slot's next occupant.
// Modelled on the kernel's EventHandle; freed slots are reused last-freed first, so the slots a
// run uses are the same on every run.
#pragma once

#include <QtGlobal>

#include <utility>
#include <vector>

namespace ml {

struct SlotHandle {
    quint32 slot = 0;
    quint32 generation = 0;  // 0 only in the null handle

    bool isNull() const { return generation == 0; }
    // As a timer payload and back.
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
    // Takes the last freed slot, or a new one at the end.
    SlotHandle insert(T value)
    {
        quint32 slot;
        if (!m_free.empty()) {
            slot = m_free.back();
            m_free.pop_back();
        } else {
            slot = quint32(m_slots.size());
            m_slots.emplace_back();
        }
        Slot& s = m_slots[slot];
        s.value = std::move(value);
        s.live = true;
        ++m_live;
        return SlotHandle{slot, s.generation};
    }

    // The entry the handle names; null when it was erased (and perhaps reused) since.
    T* find(SlotHandle h)
    {
        if (h.slot >= m_slots.size()) return nullptr;
        Slot& s = m_slots[h.slot];
        return s.live && s.generation == h.generation ? &s.value : nullptr;
    }
    const T* find(SlotHandle h) const { return const_cast<SlotTable*>(this)->find(h); }

    // The handle of the entry now in `slot` (null when the slot is free), for ids that carry only
    // the slot and check the entry themselves (a call's token, matched against the call id).
    SlotHandle current(quint32 slot) const
    {
        if (slot >= m_slots.size() || !m_slots[slot].live) return SlotHandle{};
        return SlotHandle{slot, m_slots[slot].generation};
    }

    // Ends the entry; its slot's next occupant gets a new generation. False for a stale handle.
    bool erase(SlotHandle h)
    {
        if (!find(h)) return false;
        Slot& s = m_slots[h.slot];
        s.live = false;
        s.value = T{};
        if (++s.generation == 0) s.generation = 1;  // 0 stays the null handle's
        m_free.push_back(h.slot);
        --m_live;
        return true;
    }

    std::size_t size() const { return m_live; }
    bool empty() const { return m_live == 0; }
    std::size_t capacity() const { return m_slots.size(); }

    // Every live entry, in slot order.
    template <typename F>
    void forEach(F&& visit) const
    {
        for (const Slot& s : m_slots)
            if (s.live) visit(s.value);
    }

private:
    struct Slot {
        T value{};
        quint32 generation = 1;
        bool live = false;
    };
    std::vector<Slot> m_slots;
    std::vector<quint32> m_free;
    std::size_t m_live = 0;
};

}  // namespace ml
