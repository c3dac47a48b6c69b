// Aggregator loop: merge, clear and return tick tables in tick order; advance the window once per tick.
#include "pipeline/aggregator.h"

#include <algorithm>
#include <chrono>

namespace vigil::pipeline {

Aggregator::Aggregator(const flow::WindowConfig& config, std::vector<Worker*> workers, TickCallback on_tick)
    : window_(config), on_tick_(std::move(on_tick)) {
  for (Worker* w : workers)
    lanes_.push_back(Lane{w});
}

void Aggregator::run() {
  for (;;) {
    if (std::all_of(lanes_.begin(), lanes_.end(), [](const Lane& l) { return l.final; })) return;
    // Read the doorbells before looking at the rings: a tick handed over after this read changes the
    // doorbell, so the wait below returns at once instead of missing it.
    for (Lane& l : lanes_)
      l.seen = l.worker->handoffs().load(std::memory_order_acquire);
    Lane* blocking = completeNextTick();
    // Asleep (futex) until that worker hands something over: an idle sensor costs no wake-ups.
    if (blocking != nullptr) blocking->worker->handoffs().wait(blocking->seen, std::memory_order_acquire);
  }
}

Aggregator::Lane* Aggregator::completeNextTick() {
  uint64_t tick = UINT64_MAX;
  for (Lane& l : lanes_) {
    if (l.final) continue;
    const TickHandoff* h = l.worker->filled().front();
    if (h == nullptr) return &l;  // a running worker has not finished this tick yet
    tick = std::min(tick, h->tick);
  }
  uint64_t end_ns = 0;
  const auto started = std::chrono::steady_clock::now();
  for (Lane& l : lanes_) {
    if (l.final) continue;
    const TickHandoff* h = l.worker->filled().front();
    if (h->tick != tick) continue;
    const TickHandoff handoff = *h;
    (void)l.worker->filled().tryPop();
    window_.merge(*handoff.table, handoff.tick);
    handoff.table->clear();
    if (!handoff.final) l.worker->returnTable(handoff.table);
    l.final = handoff.final;
    end_ns = std::max(end_ns, handoff.end_ns);
  }
  window_.advance(tick);
  ++ticks_completed_;
  if (on_tick_) on_tick_(window_, tick, end_ns);
  tick_seconds_.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  snapshot_.publish({ticks_completed_, window_.size(), window_.capacity(), window_.evictions(), window_.lateDrops(),
                     window_.sketchPoolExhausted()});
  return nullptr;
}

}  // namespace vigil::pipeline
