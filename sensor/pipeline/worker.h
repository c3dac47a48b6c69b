// Worker: one capture loop (source -> decode -> flow state), shared-nothing, handing tick tables to the aggregator.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "capture/packet_source.h"
#include "decode/decoder.h"
#include "flow/host_table.h"
#include "flow/worker_state.h"
#include "pipeline/packet_tally.h"
#include "pipeline/snapshot_cell.h"
#include "pipeline/spsc_ring.h"
#include "pipeline/tick_handoff.h"
#include "pipeline/traffic_stats.h"

namespace vigil::pipeline {

struct WorkerConfig {
  std::size_t burst = 64;           // frames per receiveBurst
  uint32_t tick_tables = 3;         // host tables in rotation (2 = double buffering; 3 gives the aggregator slack)
  bool wait_for_aggregator = true;  // offline: wait for a free table; live: merge ticks instead and count it
};

/// Owns one PacketSource, its decoder, its WorkerState and its tick tables. run() executes on the
/// worker's own thread; all state is touched only there, except:
///  - the two SpscRings shared with the aggregator (handoff protocol in tick_handoff.h);
///  - progress(), which other threads may read at any time (relaxed atomics, slightly stale).
/// Construction allocates everything; run() allocates nothing.
class alignas(64) Worker {
 public:
  /// `source` must already be open.
  Worker(uint32_t id, std::unique_ptr<capture::PacketSource> source, const flow::StateConfig& state,
         const WorkerConfig& config);
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  /// Reads until the source is exhausted or failed, or `stop` becomes true; always ends by handing
  /// its last tick to the aggregator with final = true.
  void run(const std::atomic<bool>& stop);

  uint32_t id() const noexcept { return id_; }
  SpscRing<TickHandoff>& filled() noexcept { return filled_; }
  /// Bumped (and waiters woken, futex-style) after every push to filled(): the aggregator sleeps on it
  /// until this worker hands a tick over, instead of polling. Any thread may load or wait on it.
  std::atomic<uint32_t>& handoffs() noexcept { return handoffs_; }
  /// The aggregator hands a merged and cleared tick table back. It wakes the worker if it sleeps waiting
  /// for a table (offline), and costs no system call otherwise. Never fails: the ring holds more slots
  /// than the worker has tables.
  void returnTable(flow::HostTable* table) noexcept {
    (void)cleared_.tryPush(table);
    returns_.fetch_add(1, std::memory_order_release);
    returns_.notify_one();
  }

  struct Progress {
    uint64_t packets = 0;
    uint64_t bytes_read = 0;
    uint64_t bytes_total = 0;
  };
  /// Safe from any thread.
  Progress progress() const noexcept;

  /// What the metrics endpoint shows of this worker; published by the worker thread at every tick and
  /// every kPublishEvery bursts, readable from any thread (SnapshotCell).
  struct Snapshot {
    TrafficStats traffic;
    capture::SourceStats source;
    uint64_t ticks = 0;
    uint64_t aggregator_stalls = 0;
    uint64_t host_evictions = 0;
    uint64_t flow_evictions = 0;
    uint64_t flows = 0;  // flows in the table now
    uint64_t flow_capacity = 0;
  };
  Snapshot snapshot() const noexcept { return snapshot_.read(); }
  static constexpr uint32_t kPublishEvery = 2048;

  /// Valid after run() returned (read by the thread that joined the worker), or on the worker thread.
  TrafficStats stats() const noexcept {
    TrafficStats s = stats_;
    tally_.addTo(s);
    return s;
  }
  const capture::PacketSource& source() const noexcept { return *source_; }
  const flow::WorkerState& state() const noexcept { return state_; }
  /// Faults in the hash-indexed arrays of the flow table and every tick table, so that run() does not
  /// stall on their first-touch page faults. Any thread, before or during run(); changes no byte.
  void populateTables() const noexcept;
  uint64_t ticks() const noexcept { return ticks_; }
  uint64_t aggregatorStalls() const noexcept { return aggregator_stalls_; }

 private:
  void process(const capture::RawFrame* frames, std::size_t n) noexcept;
  void closeTick(uint64_t end_ns, bool final) noexcept;
  void publishSnapshot() noexcept;
  /// Live sources: closes the current tick once the clock has passed its end.
  void advanceClock(uint64_t now_ns) noexcept;

  const uint32_t id_;
  const WorkerConfig config_;
  std::unique_ptr<capture::PacketSource> source_;
  decode::Decoder decoder_;
  flow::WorkerState state_;
  std::vector<std::unique_ptr<flow::HostTable>> tables_;
  SpscRing<TickHandoff> filled_;
  SpscRing<flow::HostTable*> cleared_;
  alignas(64) std::atomic<uint32_t> handoffs_{0};
  alignas(64) std::atomic<uint32_t> returns_{0};  // tables handed back (returnTable)
  std::vector<capture::RawFrame> burst_;
  std::vector<decode::PacketView> views_;  // decoded views of the current burst
  std::vector<uint8_t> classes_;           // their packet classes (flow::packet_class), for the tally and the state
  TrafficStats stats_;                     // packets, bytes, decode outcomes, and the framing of non-IP frames
  PacketTally tally_;                      // the protocol counts of IP packets
  uint64_t tick_ns_;
  const bool live_;                // the source is an interface: ticks follow the clock
  uint64_t tick_ = 0;              // current tick index
  uint64_t next_boundary_ns_ = 0;  // first timestamp that belongs to the next tick; 0 before the first packet
  uint64_t last_ts_ns_ = 0;
  uint64_t ticks_ = 0;
  uint64_t aggregator_stalls_ = 0;
  const std::atomic<bool>* stop_ = nullptr;  // set by run()
  std::atomic<uint64_t> progress_packets_{0};
  std::atomic<uint64_t> progress_bytes_read_{0};
  std::atomic<uint64_t> progress_bytes_total_{0};
  uint32_t bursts_since_publish_ = 0;
  SnapshotCell<Snapshot> snapshot_;
};

}  // namespace vigil::pipeline
