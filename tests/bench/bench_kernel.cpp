// The kernel's classic hold test: N pending events; each dispatched event schedules one new
// event at now + an exponential increment, with an otherwise empty handler. Target: at least
// 10 M events/s with 10 000 pending on one core. Run with --benchmark_repetitions=5.
#include "engine/FutureEventSet.h"
#include "engine/Kernel.h"
#include "engine/Random.h"

#include <benchmark/benchmark.h>
#include <cmath>
#include <vector>

using namespace ml;

namespace {

constexpr Micros kMeanIncrement = 1000;
constexpr quint64 kEventsPerIteration = 1000;

// Exponential increments drawn once, outside the timed loop, so the figure is the kernel's
// alone; BM_KernelHoldLiveDraws pays for the draw in the handler instead.
std::vector<Micros> incrementTable()
{
    RandomStream random(1, "hold");
    std::vector<Micros> table(1 << 16);
    for (Micros& increment : table) increment = Micros(std::llround(random.exponential(double(kMeanIncrement))));
    return table;
}

class HoldTarget final : public EventTarget {
public:
    HoldTarget(Kernel& kernel, const std::vector<Micros>& increments) : m_kernel(kernel), m_increments(increments) {}
    void handleEvent(const Event&) override
    {
        const Micros increment = m_increments[m_next++ & (m_increments.size() - 1)];
        m_kernel.schedule(m_kernel.now() + increment, 0, this);
    }

private:
    Kernel& m_kernel;
    const std::vector<Micros>& m_increments;
    std::size_t m_next = 0;
};

class LiveDrawTarget final : public EventTarget {
public:
    explicit LiveDrawTarget(Kernel& kernel) : m_kernel(kernel), m_random(2, "hold-live") {}
    void handleEvent(const Event&) override
    {
        const auto increment = Micros(m_random.exponential(double(kMeanIncrement)));
        m_kernel.scheduleIn(increment, 0, this);
    }

private:
    Kernel& m_kernel;
    RandomStream m_random;
};

void fill(Kernel& kernel, EventTarget* target, std::int64_t pending, const std::vector<Micros>& increments)
{
    for (std::int64_t i = 0; i < pending; ++i)
        kernel.schedule(increments[std::size_t(i) & (increments.size() - 1)], 0, target);
}

void BM_KernelHold(benchmark::State& state)
{
    const std::vector<Micros> increments = incrementTable();
    Kernel kernel;
    HoldTarget target(kernel, increments);
    fill(kernel, &target, state.range(0), increments);
    kernel.runUntil(kTimeMax, quint64(state.range(0)) * 4);  // warm up: reach the steady state
    for (auto _ : state) kernel.runUntil(kTimeMax, kEventsPerIteration);
    state.SetItemsProcessed(std::int64_t(state.iterations() * kEventsPerIteration));
}

void BM_KernelHoldLiveDraws(benchmark::State& state)
{
    const std::vector<Micros> increments = incrementTable();
    Kernel kernel;
    LiveDrawTarget target(kernel);
    fill(kernel, &target, state.range(0), increments);
    kernel.runUntil(kTimeMax, quint64(state.range(0)) * 4);
    for (auto _ : state) kernel.runUntil(kTimeMax, kEventsPerIteration);
    state.SetItemsProcessed(std::int64_t(state.iterations() * kEventsPerIteration));
}

// A timeout pattern: every event arms a timer far ahead and cancels the previous one, so
// half the scheduled events are cancelled (the lazy-deletion path).
class TimeoutTarget final : public EventTarget {
public:
    TimeoutTarget(Kernel& kernel, const std::vector<Micros>& increments) : m_kernel(kernel), m_increments(increments) {}
    void handleEvent(const Event& event) override
    {
        if (event.kind == 1) return;  // a timeout that was not cancelled in time
        const Micros increment = m_increments[m_next++ & (m_increments.size() - 1)];
        m_kernel.cancel(m_timers[event.payload]);
        m_timers[event.payload] = m_kernel.schedule(m_kernel.now() + 30 * kMeanIncrement, 0, this, 1);
        m_kernel.schedule(m_kernel.now() + increment, 0, this, 0, event.payload);
    }
    std::vector<EventHandle> m_timers;

private:
    Kernel& m_kernel;
    const std::vector<Micros>& m_increments;
    std::size_t m_next = 0;
};

void BM_KernelHoldWithTimeouts(benchmark::State& state)
{
    const std::vector<Micros> increments = incrementTable();
    Kernel kernel;
    TimeoutTarget target(kernel, increments);
    target.m_timers.resize(std::size_t(state.range(0)));
    for (std::int64_t i = 0; i < state.range(0); ++i) kernel.schedule(increments[std::size_t(i)], 0, &target, 0, i);
    kernel.runUntil(kTimeMax, quint64(state.range(0)) * 4);
    for (auto _ : state) kernel.runUntil(kTimeMax, kEventsPerIteration);
    state.SetItemsProcessed(std::int64_t(state.iterations() * kEventsPerIteration));
}

// The future-event set alone: pop one, insert one.
void BM_EventHeapHold(benchmark::State& state)
{
    const std::vector<Micros> increments = incrementTable();
    EventHeap heap;
    Event event;
    for (std::int64_t i = 0; i < state.range(0); ++i) {
        event.time = increments[std::size_t(i) & (increments.size() - 1)];
        heap.insert(event);
    }
    std::size_t next = 0;
    for (auto _ : state) {
        for (quint64 i = 0; i < kEventsPerIteration; ++i) {
            heap.pop(event);
            event.time += increments[next++ & (increments.size() - 1)];
            heap.insert(event);
        }
    }
    state.SetItemsProcessed(std::int64_t(state.iterations() * kEventsPerIteration));
}

}  // namespace

BENCHMARK(BM_KernelHold)->Arg(10'000)->Arg(1'000)->Arg(100'000)->Arg(1'000'000);
BENCHMARK(BM_KernelHoldLiveDraws)->Arg(10'000);
BENCHMARK(BM_KernelHoldWithTimeouts)->Arg(10'000);
BENCHMARK(BM_EventHeapHold)->Arg(10'000);

BENCHMARK_MAIN();
