#include "engine/FutureEventSet.h"

#include <algorithm>

namespace ml {

namespace {

// Below this many dead entries a rebuild is not worth its pass over the heap.
constexpr std::size_t kCompactMinimum = 64;

}  // namespace

EventHeap::EventHeap(quint64 sequenceLimit)
    : m_heap(kPad, Entry{0, 0}), m_sequenceLimit(std::clamp<quint64>(sequenceLimit, 2, kSequenceLimit))
{
}

const EventHeap::Slot* EventHeap::liveSlot(EventHandle handle) const
{
    if (handle.isNull() || handle.slot >= m_slots.size()) return nullptr;
    const Slot& slot = m_slots[handle.slot];
    if (slot.generation != handle.generation || slot.order == kFree) return nullptr;
    return &slot;
}

bool EventHeap::contains(EventHandle handle) const { return liveSlot(handle) != nullptr; }

bool EventHeap::cancel(EventHandle handle)
{
    if (!liveSlot(handle)) return false;
    releaseSlot(handle.slot);
    --m_live;
    dropDeadTop();
    compact();
    return true;
}

bool EventHeap::reschedule(EventHandle handle, Micros time, EventPriority priority)
{
    if (!liveSlot(handle)) return false;
    const quint64 order = nextOrder(priority, handle.slot);
    m_slots[handle.slot].order = order;  // the old heap entry is dead from here on
    push(Entry{order, biasedTime(time)});
    dropDeadTop();
    compact();
    return true;
}

void EventHeap::clear()
{
    for (quint32 i = 0; i < m_slots.size(); ++i) {
        if (m_slots[i].order != kFree) releaseSlot(i);
    }
    m_heap.resize(kPad);
    m_count = 0;
    m_live = 0;
}

void EventHeap::dropDeadEntries()
{
    const auto end = std::remove_if(m_heap.begin() + kPad, m_heap.end(), [this](const Entry& e) { return isDead(e); });
    m_heap.erase(end, m_heap.end());
    m_count = m_heap.size() - kPad;
}

void EventHeap::compact()
{
    const std::size_t dead = m_count - m_live;
    if (dead < kCompactMinimum || dead <= m_live) return;
    dropDeadEntries();
    if (m_count < 2) return;
    for (std::size_t start = (m_count - 2) / kArity + 1; start-- > 0;) siftDown(start);
}

void EventHeap::siftDown(std::size_t start)
{
    Entry* heap = entries();
    const std::size_t n = m_count;
    const Entry moving = heap[start];
    std::size_t hole = start;
    for (;;) {
        const std::size_t first = hole * kArity + 1;
        if (first >= n) break;
        std::size_t best = first;
        const std::size_t end = std::min(first + kArity, n);
        for (std::size_t child = first + 1; child < end; ++child) {
            if (before(heap[child], heap[best])) best = child;
        }
        if (!before(heap[best], moving)) break;
        heap[hole] = heap[best];
        hole = best;
    }
    heap[hole] = moving;
}

// Gives the pending events fresh insertion numbers 0..n-1 in their current order; a sorted
// array is a valid heap, so no rebuild is needed.
void EventHeap::renumber()
{
    dropDeadEntries();
    std::sort(m_heap.begin() + kPad, m_heap.end(), before);
    constexpr quint64 kPriorityMask = quint64(0xff) << 56;
    m_sequence = 0;
    for (std::size_t i = kPad; i < m_heap.size(); ++i) {
        Entry& entry = m_heap[i];
        entry.order = (entry.order & (kPriorityMask | kSlotMask)) | (m_sequence++ << kSlotBits);
        m_slots[slotOf(entry.order)].order = entry.order;
    }
    if (m_sequence >= m_sequenceLimit) m_sequenceLimit = std::min(kSequenceLimit, 2 * m_sequence);
}

}  // namespace ml
