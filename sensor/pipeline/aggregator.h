// Aggregator: the one thread that merges every worker's tick tables into the sliding host window.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "flow/host_window.h"
#include "metrics/latency_histogram.h"
#include "pipeline/snapshot_cell.h"
#include "pipeline/worker.h"

namespace vigil::pipeline {

/// Runs on its own thread (DESIGN §1). Ticks are completed strictly in order: the aggregator waits
/// until every running worker has delivered its next tick table, merges the tables of the lowest
/// pending tick into the HostWindow, clears them and hands them back, advances the window and runs
/// the tick callback (detectors) once. So the callback sees the same sequence of windows whatever
/// the thread timing: replaying a capture gives the same results every time.
class Aggregator {
 public:
  /// Called once per completed tick, on the aggregator thread. `end_ns` is the packet time the tick closed.
  using TickCallback = std::function<void(const flow::HostWindow&, uint64_t tick, uint64_t end_ns)>;

  Aggregator(const flow::WindowConfig& config, std::vector<Worker*> workers, TickCallback on_tick = {});

  /// Returns once every worker has delivered its final tick (workers always do, also when stopped).
  void run();

  /// Valid after run() returned, or on the aggregator thread.
  const flow::HostWindow& window() const noexcept { return window_; }
  /// Faults in the window's hash-indexed metadata. Any thread, before or during run(); changes no byte.
  void populateTables() const noexcept { window_.populateIndex(); }
  uint64_t ticksCompleted() const noexcept { return ticks_completed_; }

  /// The window's fill and losses, published after every tick; readable from any thread.
  struct Snapshot {
    uint64_t ticks = 0;
    uint64_t window_hosts = 0;
    uint64_t window_capacity = 0;
    uint64_t window_evictions = 0;
    uint64_t window_late_drops = 0;
    uint64_t sketch_pool_exhausted = 0;
  };
  Snapshot snapshot() const noexcept { return snapshot_.read(); }
  /// Wall time of each tick: merge, advance and the tick callback (detectors). Readable from any thread.
  const metrics::LatencyHistogram& tickSeconds() const noexcept { return tick_seconds_; }

 private:
  struct Lane {
    Worker* worker;
    bool final = false;
    uint32_t seen = 0;  // the worker's handoffs() count before its ring was last looked at
  };

  /// Completes the lowest pending tick if every running worker has delivered one and returns nullptr;
  /// otherwise returns the lane of a running worker that has not.
  Lane* completeNextTick();

  flow::HostWindow window_;
  std::vector<Lane> lanes_;
  TickCallback on_tick_;
  uint64_t ticks_completed_ = 0;
  SnapshotCell<Snapshot> snapshot_;
  metrics::LatencyHistogram tick_seconds_;
};

}  // namespace vigil::pipeline
