// StateConfig: capacities and timeouts of one worker's flow and host tables, and the memory they take.
#pragma once

#include <cstddef>
#include <cstdint>

namespace vigil::flow {

/// Sizing of the per-worker state (WorkerState's FlowTable and every HostTable rotating through it).
/// Everything is allocated from these numbers at construction; nothing grows later. Capacities are
/// rounded up to a power of two (hostSlots()/flowSlots() give the real figures).
struct StateConfig {
  uint32_t host_capacity = 1u << 18;  // hosts per tick table
  uint32_t flow_capacity = 1u << 20;  // flows per worker
  uint64_t tick_ns = 1'000'000'000;   // tick length in packet time
  uint64_t flow_idle_timeout_ns = 60'000'000'000;
  uint64_t flow_active_timeout_ns = 300'000'000'000;
  uint64_t short_connection_ns = 5'000'000'000;
  /// Per host table, for distinct sets (peers, ports) that outgrow the 8 items kept inline within one
  /// tick: item lists (256 bytes, up to 64 items, exact; 0 = host_capacity / 4, at least 64) and
  /// HyperLogLog blocks beyond that (2 KiB; 0 = host_capacity / 64, at least 64). When one runs out the
  /// sets stop growing (lower bounds) and sketchPoolExhausted() counts it.
  uint32_t list_sketches = 0;
  uint32_t dense_sketches = 0;
  /// Ticks over which flow expiry visits the whole flow table (expiry is incremental, so no tick pays
  /// O(flow_capacity)). 0 = a quarter of the shorter timeout, in ticks, at least 1.
  uint32_t flow_sweep_ticks = 0;

  uint32_t hostSlots() const noexcept;
  uint32_t flowSlots() const noexcept;
  uint32_t listSketches() const noexcept;
  uint32_t denseSketches() const noexcept;
  uint32_t flowSweepTicks() const noexcept;

  /// Bytes one HostTable allocates (slots + sketch pool).
  std::size_t hostTableBytes() const;
  /// Bytes one FlowTable (one per WorkerState) allocates.
  std::size_t flowTableBytes() const;
  /// Bytes of one WorkerState plus ONE HostTable: a worker rotating k tick tables allocates
  /// flowTableBytes() + k * hostTableBytes().
  std::size_t memoryBytes() const;
};

/// Smallest power of two >= n, clamped to [16, 2^31].
uint32_t roundUpPowerOfTwo(uint32_t n) noexcept;

}  // namespace vigil::flow
