// WorkerState: all per-worker flow and host state, and the per-packet update that feeds it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "decode/packet_view.h"
#include "flow/flow_table.h"
#include "flow/host_table.h"
#include "flow/state_config.h"

namespace vigil::flow {

/// Owned by exactly one worker thread (DESIGN §5: shared-nothing, cache-line aligned, no atomics).
/// It owns the worker's FlowTable; the per-tick HostTables are owned by the caller (the pipeline
/// rotates several) and lent through setTickTable(): the current one belongs to this worker until the
/// pipeline hands it to the aggregator and lends another, cleared one.
///
/// Per packet (onPacket): two address hashes, one flow probe, two host probes, counter updates; no
/// allocation, no locks, no syscalls. The distinct sets (peers, ports) are fed only by the first packet
/// of each flow and direction in a tick: later ones carry the same peer and port, and skipping them
/// saves most sketch work. Call setTickTable() before the first packet; packets arriving without a
/// table are counted (packetsWithoutTable()) and otherwise ignored.
class alignas(64) WorkerState {
 public:
  explicit WorkerState(const StateConfig& config);
  WorkerState(const WorkerState&) = delete;
  WorkerState& operator=(const WorkerState&) = delete;

  /// THE hot path: flow update, then the source's "out" and the destination's "in" counters.
  void onPacket(const decode::PacketView& pv) noexcept;
  /// Same result as onPacket() on each of `n` packets in order, but faster on tables larger than the
  /// CPU caches: the table slots of the next few packets are prefetched while one is processed, so
  /// their cache misses overlap (software pipelining, as DPDK's bulk hash lookups). Use it with the
  /// packets of a receive burst. `classes`, when given, holds packet_class::of() of each packet (the
  /// caller computed them already, for its own counts).
  void onPackets(const decode::PacketView* packets, std::size_t n, const uint8_t* classes = nullptr) noexcept;

  /// The table receiving the current tick (nullptr before the first setTickTable()).
  HostTable* tickTable() noexcept { return tick_; }
  /// Lends the table for the next tick (cleared, built with the same StateConfig). The previous table
  /// is not touched again: it may already belong to the aggregator.
  void setTickTable(HostTable* table) noexcept;

  /// Flow timeouts, once per tick boundary, BEFORE the tick table is handed off: expired flows report
  /// their outcomes into the current table, and the table's eviction counts are collected here (so
  /// hostEvictions() includes this tick). Visits a bounded slice of the flow table (flow_table.h).
  void expire(uint64_t now_ns) noexcept;
  /// End of input: ends every flow now, reporting outcomes (e.g. SYNs never answered) into the current
  /// tick table, and collects its counts like expire(). O(flow capacity); call once, before the last handoff.
  void flush(uint64_t now_ns) noexcept;

  const FlowTable& flows() const noexcept { return flows_; }
  const StateConfig& config() const noexcept { return config_; }

  /// Host-table evictions, summed over every tick table this worker filled, up to the last expire()/flush().
  uint64_t hostEvictions() const noexcept { return host_evictions_; }
  uint64_t flowEvictions() const noexcept { return flows_.evictions(); }
  /// Distinct counters left saturated because a tick table's sketch pool was empty (as hostEvictions()).
  uint64_t sketchPoolExhausted() const noexcept { return sketch_pool_exhausted_; }
  uint64_t packetsWithoutTable() const noexcept { return packets_without_table_; }

 private:
  /// Adds what the current table counted since the last collection to the running totals.
  void collectTableCounts() noexcept;
  /// Flow, then source, then destination updates of one packet whose hashes and flow key are known.
  void apply(const decode::PacketView& pv, uint8_t packet_class, uint64_t src_hash, uint64_t dst_hash,
             const FlowTable::Key& key, HostTable& table) noexcept;

  const StateConfig config_;
  FlowTable flows_;
  HostTable* tick_ = nullptr;
  uint64_t seen_evictions_ = 0;  // tick_->evictions() at the last collection
  uint64_t seen_exhausted_ = 0;  // tick_->sketchPoolExhausted() at the last collection
  uint64_t host_evictions_ = 0;
  uint64_t sketch_pool_exhausted_ = 0;
  uint64_t packets_without_table_ = 0;
  uint8_t epoch_ = 1;  // identifies the current tick table to the flow table (1..FlowTable::kMaxEpoch)
};

}  // namespace vigil::flow
