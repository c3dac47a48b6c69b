// SensorEngine: wires sources, workers and the aggregator into running threads; what vigil-sensor's main drives.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "capture/packet_source.h"
#include "flow/host_window.h"
#include "flow/worker_state.h"
#include "pipeline/aggregator.h"
#include "pipeline/traffic_stats.h"
#include "pipeline/worker.h"

namespace vigil::pipeline {

struct EngineConfig {
  flow::StateConfig state;    // per-worker tables
  flow::WindowConfig window;  // aggregator's sliding window
  WorkerConfig worker;
  std::vector<int> worker_cpus;  // worker i pins itself to worker_cpus[i] (common::CpuPlan); empty: no pinning
};

/// Totals after a run, summed over workers. Read on the thread that called wait().
struct EngineTotals {
  TrafficStats traffic;
  capture::SourceStats source;
  uint64_t ticks = 0;
  uint64_t host_evictions = 0;
  uint64_t flow_evictions = 0;
  uint64_t window_evictions = 0;
  /// Distinct sets that could not grow because their sketch pool was empty (counts become lower bounds).
  uint64_t tick_sketch_exhausted = 0;
  uint64_t window_sketch_exhausted = 0;
  uint64_t window_sketch_reclaimed = 0;  // dense window blocks handed from a small set to a growing one
  uint64_t aggregator_stalls = 0;
  std::vector<std::string> warnings;  // one line each, from the sources
  std::vector<std::string> errors;    // sources that failed (kFailed)
};

/// Lifecycle: construct (allocates every table), start() (one thread per worker + the aggregator, and a
/// short-lived one that faults in the hash-indexed tables),
/// then either wait() for end of input or requestStop() + wait(). Not copyable; start() once.
/// Threads are named for `top -H` and perf: vigil-worker<N>, vigil-aggr, vigil-populate (and the file
/// reader's vigil-reader, see PcapReadAhead). With EngineConfig::worker_cpus, each worker pins itself to
/// its CPU; the other threads keep the CPUs of the thread that calls start() (see common::CpuPlan).
class SensorEngine {
 public:
  /// Nice steps the aggregator runs below the workers. Its work waits well (tick tables queue up behind
  /// it, and a worker never waits for it live), while a worker's reader or the worker itself losing its
  /// core means packets wait. With more threads than cores (the 2-core bench runs reader, worker and
  /// aggregator) the kernel then gives the packet path the shared core first; the aggregator still gets
  /// every idle moment. On 2 cores, a 10M-packet IMIX file: median throughput up 3 to 13 % in four sets
  /// of 8 alternated runs against equal priority; 64-byte frames, where the reader is light, 0 to 5 %.
  /// The lowest priority (19, not 10): at 10 the worker still waited 30-50 ms per IMIX run for a reader
  /// that shared its core with the aggregator, at 19 about 10 ms (median wall 1.211 -> 1.191 s).
  static constexpr int kAggregatorNiceSteps = 19;

  /// `sources` must be open; one worker is created per source.
  SensorEngine(const EngineConfig& config, std::vector<std::unique_ptr<capture::PacketSource>> sources,
               Aggregator::TickCallback on_tick = {});
  ~SensorEngine();
  SensorEngine(const SensorEngine&) = delete;
  SensorEngine& operator=(const SensorEngine&) = delete;

  /// `on_finished`, if set, is called once, on the last worker or aggregator thread to return, so a
  /// waiting thread can be woken at once instead of polling finished().
  void start(std::function<void()> on_finished = {});
  void requestStop() noexcept { stop_.store(true, std::memory_order_relaxed); }
  /// Joins all threads. Returns false if any source failed (errors in totals()).
  bool wait();
  /// True once every worker and the aggregator have returned (poll from a monitoring thread).
  bool finished() const noexcept { return running_.load(std::memory_order_acquire) == 0; }

  /// Progress summed over workers; safe from any thread while running.
  Worker::Progress progress() const noexcept;

  /// After wait().
  EngineTotals totals() const;

  /// For the metrics endpoint, from any thread while running: each worker's source name and latest
  /// snapshot, the aggregator's, and the tick duration histogram.
  std::vector<std::pair<std::string, Worker::Snapshot>> workerSnapshots() const;
  Aggregator::Snapshot aggregatorSnapshot() const noexcept { return aggregator_->snapshot(); }
  const metrics::LatencyHistogram& tickSeconds() const noexcept { return aggregator_->tickSeconds(); }
  const flow::HostWindow& window() const noexcept { return aggregator_->window(); }

  /// Bytes the engine's tables allocate (for the startup line and the memory-bound test).
  static std::size_t memoryBytes(const EngineConfig& config, std::size_t workers);

 private:
  const std::vector<int> worker_cpus_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::unique_ptr<Aggregator> aggregator_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stop_{false};
  std::atomic<int> running_{0};
  std::function<void()> on_finished_;
};

}  // namespace vigil::pipeline
