// The future-event set of the discrete-event kernel: pending events ordered by
// (time, priority, insertion order), with cancellation and rescheduling by handle.
#pragma once

#include "format/Time.h"

#include <QtGlobal>

#include <cstddef>
#include <limits>
#include <new>
#include <vector>

namespace ml {

class EventTarget;

// Smaller values run first among events at the same instant (as in OMNeT++); -128..127.
using EventPriority = qint8;

// Names one scheduled event. A plain value: copying it is free, and a handle whose event
// already fired or was cancelled (a stale handle) is harmless — every operation on it is a
// no-op that returns false. The default handle names nothing.
struct EventHandle {
    quint32 slot = 0;
    quint32 generation = 0;  // 0 only in the null handle

    bool isNull() const { return generation == 0; }
    friend bool operator==(const EventHandle&, const EventHandle&) = default;
};

// What a target receives. A small value: behaviours keep their own payload tables and put
// an index or id in `payload`, so scheduling never allocates.
struct Event {
    Micros time = 0;
    EventTarget* target = nullptr;
    qint64 payload = 0;
    qint32 kind = 0;  // the target's own event kinds (timer, delivery, …)
    EventPriority priority = 0;
    EventHandle handle;  // the handle schedule() returned; stale once delivered
};

// Anything that receives events: node behaviours, the engine itself, callbacks.
class EventTarget {
public:
    virtual ~EventTarget() = default;
    virtual void handleEvent(const Event& event) = 0;
};

// The interface keeps the ordering contract separate from the data structure, so the kernel
// can be measured against other structures (calendar queue, ladder queue) without changes.
class FutureEventSet {
public:
    virtual ~FutureEventSet() = default;

    // Adds an event; `event.handle` is ignored. Returns its handle, or a null handle when
    // the set cannot take more.
    virtual EventHandle insert(const Event& event) = 0;
    // Removes a pending event. False for a null or stale handle.
    virtual bool cancel(EventHandle handle) = 0;
    // Moves a pending event to a new time and priority, keeping its handle; it orders after
    // events already pending at the same (time, priority), as if inserted now. False for a
    // null or stale handle.
    virtual bool reschedule(EventHandle handle, Micros time, EventPriority priority) = 0;
    virtual bool contains(EventHandle handle) const = 0;

    // Removes the first event into `out` if its time is not after `notAfter`; false when the
    // set is empty or the first event is later.
    virtual bool pop(Event& out, Micros notAfter = kTimeMax) = 0;
    // The time of the first event; kTimeMax when empty.
    virtual Micros nextTime() const = 0;
    virtual std::size_t size() const = 0;
    bool empty() const { return size() == 0; }
    // Drops every event; all their handles become stale.
    virtual void clear() = 0;
};

// An implicit 4-ary min-heap of 16-byte keys, plus a slot table for the events' data. Four
// siblings fill exactly one cache line (the array is offset so they line up), a parent
// picks its smallest child with a branch-free tournament, and the next level's lines are
// prefetched on the way down.
// Cancelled and rescheduled entries are left in the heap and skipped when they surface
// (lazy deletion), which keeps sift operations free of back-pointer updates; the heap is
// rebuilt once dead entries outnumber live ones, so memory stays bounded.
// The hot operations are defined inline below: the class is final, so the kernel, holding
// an EventHeap*, gets them without a virtual call.
class EventHeap final : public FutureEventSet {
public:
    // A key's second word is priority (8 bits) | insertion number (28) | slot (28). When
    // insertion numbers run out (every 2^28 insertions) the pending events are renumbered
    // in order, O(n log n); tests pass a small limit to exercise that.
    static constexpr quint64 kSequenceLimit = quint64(1) << 28;
    // At most this many events pending at once (some 6 GB of them); insert() beyond it
    // refuses with a null handle.
    static constexpr std::size_t kMaxPending = std::size_t(1) << 27;
    explicit EventHeap(quint64 sequenceLimit = kSequenceLimit);

    EventHandle insert(const Event& event) override;
    bool cancel(EventHandle handle) override;
    bool reschedule(EventHandle handle, Micros time, EventPriority priority) override;
    bool contains(EventHandle handle) const override;
    bool pop(Event& out, Micros notAfter = kTimeMax) override;
    Micros nextTime() const override;
    std::size_t size() const override { return m_live; }
    void clear() override;

    // Entries in the heap, dead ones included (for tests of the compaction rule).
    std::size_t heapEntries() const { return m_count; }

private:
    struct alignas(16) Entry {
        quint64 order;  // priority | insertion number | slot, see kSequenceLimit
        quint64 time;   // the event's time with the sign bit flipped: orders as unsigned
    };
    struct Slot {
        EventTarget* target = nullptr;
        qint64 payload = 0;     // while free: the next free slot (an intrusive free list)
        quint64 order = kFree;  // the order of this slot's live heap entry
        quint32 generation = 1;
        qint32 kind = 0;
    };
    // Storage aligned to a cache line, so that with kPad leading entries every group of
    // four siblings (logical indices 4i+1 .. 4i+4) starts on a line.
    template <typename T>
    struct CacheLineAllocator {
        using value_type = T;
        CacheLineAllocator() = default;
        template <typename U>
        CacheLineAllocator(const CacheLineAllocator<U>&)
        {
        }
        T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(64))); }
        void deallocate(T* p, std::size_t) { ::operator delete(p, std::align_val_t(64)); }
        friend bool operator==(const CacheLineAllocator&, const CacheLineAllocator&) { return true; }
    };

    static constexpr quint64 kFree = std::numeric_limits<quint64>::max();
    static constexpr quint32 kNoSlot = std::numeric_limits<quint32>::max();
    static constexpr std::size_t kArity = 4;  // holeToLeaf's tournament assumes four
    static constexpr std::size_t kPad = 3;
    static constexpr int kSlotBits = 28;
    static constexpr quint64 kSlotMask = (quint64(1) << kSlotBits) - 1;
    static constexpr quint64 kSignBit = quint64(1) << 63;

    static quint64 biasedTime(Micros time) { return quint64(time) ^ kSignBit; }
    static Micros unbiasedTime(quint64 time) { return Micros(time ^ kSignBit); }
    static quint64 biasedPriority(EventPriority priority) { return quint64(quint8(priority) ^ 0x80u) << 56; }
    static EventPriority priorityOf(quint64 order) { return EventPriority(quint8(order >> 56) ^ 0x80u); }
    static quint32 slotOf(quint64 order) { return quint32(order & kSlotMask); }
    static bool before(const Entry& a, const Entry& b);

    Entry* entries() { return m_heap.data() + kPad; }
    const Entry* entries() const { return m_heap.data() + kPad; }
    bool isDead(const Entry& entry) const { return m_slots[slotOf(entry.order)].order != entry.order; }
    const Slot* liveSlot(EventHandle handle) const;
    quint64 nextOrder(EventPriority priority, quint32 slot);
    void push(const Entry& entry);
    std::size_t holeToLeaf(Entry* heap, std::size_t n);
    void removeTop();
    void siftDown(std::size_t start);
    void dropDeadTop();
    void releaseSlot(quint32 slot);
    void dropDeadEntries();
    void compact();
    void renumber();

    std::vector<Entry, CacheLineAllocator<Entry>> m_heap;  // kPad unused entries, then the heap
    std::size_t m_count = 0;                               // heap entries, dead ones included
    std::vector<Slot> m_slots;
    quint32 m_freeSlot = kNoSlot;  // head of the free list
    std::size_t m_live = 0;
    quint64 m_sequence = 0;
    quint64 m_sequenceLimit;
};

// ---- EventHeap's hot path ----

#if defined(__SIZEOF_INT128__)
// One 128-bit comparison (time, then order) compiles to compare + subtract-with-borrow, no
// branch.
inline bool EventHeap::before(const Entry& a, const Entry& b)
{
    __extension__ using Key = unsigned __int128;
    return ((Key(a.time) << 64) | a.order) < ((Key(b.time) << 64) | b.order);
}
#else
inline bool EventHeap::before(const Entry& a, const Entry& b)
{
    return (a.time < b.time) | ((a.time == b.time) & (a.order < b.order));
}
#endif

inline Micros EventHeap::nextTime() const { return m_count == 0 ? kTimeMax : unbiasedTime(entries()[0].time); }

inline quint64 EventHeap::nextOrder(EventPriority priority, quint32 slot)
{
    if (m_sequence >= m_sequenceLimit) [[unlikely]]
        renumber();
    return biasedPriority(priority) | (m_sequence++ << kSlotBits) | slot;
}

inline EventHandle EventHeap::insert(const Event& event)
{
    quint32 index = m_freeSlot;
    if (index != kNoSlot) {
        m_freeSlot = quint32(m_slots[index].payload);
    } else {
        if (m_slots.size() >= kMaxPending) [[unlikely]]
            return {};
        index = quint32(m_slots.size());
        m_slots.emplace_back();
    }
    const quint64 order = nextOrder(event.priority, index);
    Slot& slot = m_slots[index];
    slot.target = event.target;
    slot.payload = event.payload;
    slot.kind = event.kind;
    slot.order = order;
    ++m_live;
    push(Entry{order, biasedTime(event.time)});
    return EventHandle{index, slot.generation};
}

inline bool EventHeap::pop(Event& out, Micros notAfter)
{
    if (m_count == 0 || entries()[0].time > biasedTime(notAfter)) return false;
    const Entry top = entries()[0];
    const quint32 index = slotOf(top.order);
    const Slot& slot = m_slots[index];
    out.time = unbiasedTime(top.time);
    out.target = slot.target;
    out.payload = slot.payload;
    out.kind = slot.kind;
    out.priority = priorityOf(top.order);
    out.handle = EventHandle{index, slot.generation};
    releaseSlot(index);
    --m_live;
    removeTop();
    dropDeadTop();
    return true;
}

inline void EventHeap::push(const Entry& entry)
{
    std::size_t hole = m_count++;
    m_heap.push_back(entry);
    Entry* heap = entries();
    while (hole > 0) {
        const std::size_t parent = (hole - 1) / kArity;
        if (!before(entry, heap[parent])) break;
        heap[hole] = heap[parent];
        hole = parent;
    }
    heap[hole] = entry;
}

// Walks a hole from the root down along the smallest children to a leaf; returns the leaf.
inline std::size_t EventHeap::holeToLeaf(Entry* heap, std::size_t n)
{
    std::size_t hole = 0;
    for (;;) {
        const std::size_t first = hole * kArity + 1;
        if (first >= n) break;
        std::size_t best = first;
        if (first + kArity <= n) {
#if defined(__GNUC__)
            // The four sibling groups one level down are four cache lines; ask for all of
            // them while the tournament decides which one is needed.
            const std::size_t grandchildren = first * kArity + 1;
            if (grandchildren < n) {
                for (std::size_t group = 0; group < kArity; ++group)
                    __builtin_prefetch(heap + grandchildren + group * kArity);
            }
#endif
            // A tournament of the four children; `bool` arithmetic instead of `?:`, which
            // the compiler turns back into branches that random keys make unpredictable.
            const std::size_t left = first + before(heap[first + 1], heap[first]);
            const std::size_t right = first + 2 + before(heap[first + 3], heap[first + 2]);
            best = left + (right - left) * before(heap[right], heap[left]);
        } else {
            for (std::size_t child = first + 1; child < n; ++child) {
                if (before(heap[child], heap[best])) best = child;
            }
        }
        heap[hole] = heap[best];
        hole = best;
    }
    return hole;
}

// Floyd's bottom-up deletion: walk the hole down to a leaf, then sift the former last entry
// up from there. The last entry usually belongs near the bottom, so this does about one
// comparison per level instead of two.
inline void EventHeap::removeTop()
{
    const std::size_t n = --m_count;
    Entry* heap = entries();
    const Entry last = heap[n];
    m_heap.pop_back();
    if (n == 0) return;
    std::size_t hole = holeToLeaf(heap, n);
    while (hole > 0) {
        const std::size_t parent = (hole - 1) / kArity;
        if (!before(last, heap[parent])) break;
        heap[hole] = heap[parent];
        hole = parent;
    }
    heap[hole] = last;
}

// Keeps the invariant that the top entry is live, so nextTime() is a plain read.
inline void EventHeap::dropDeadTop()
{
    if (m_count == m_live) return;  // no dead entries at all: the common case, and no slot lookup
    while (m_count > 0 && isDead(entries()[0])) removeTop();
}

inline void EventHeap::releaseSlot(quint32 index)
{
    Slot& slot = m_slots[index];
    slot.order = kFree;
    slot.payload = m_freeSlot;
    m_freeSlot = index;
    // Generation 0 is reserved for the null handle. After 2^32 reuses of one slot a very old
    // handle could alias a new event; no simulation keeps a handle that long.
    if (++slot.generation == 0) [[unlikely]]
        slot.generation = 1;
}

}  // namespace ml
