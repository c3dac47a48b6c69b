// HostTable: fixed-capacity per-tick map from host address to HostCounters, evicting the least recently seen.
#pragma once

#include <cstddef>
#include <cstdint>

#include "flow/flow_hash.h"
#include "flow/host_counters.h"
#include "flow/large_array.h"
#include "flow/state_config.h"
#include "net/ip_address.h"

namespace vigil::flow {

/// Open addressing with linear probing over a power-of-two slot array, at most kProbeLimit slots per
/// lookup. Keys live in a compact 32-byte metadata array (address, last-seen time, hit count, record)
/// so a probe touches one or two cache lines (all 16 probes: 8 adjacent ones). The 624-byte counters
/// live in a separate array of records handed out in insertion order: a tick of n hosts touches the
/// first n records only, so memory faulted in (and the cache footprint of the aggregator's merge, which
/// reads them in order) follows the hosts seen rather than the capacity.
///
/// Bounded under any traffic: when all kProbeLimit slots of a new host's probe window are taken, the
/// entry seen least recently (ties: fewer packets) in that window is evicted and counted. A host that
/// keeps sending or receiving (a flood victim) is always the most recently seen entry of any window it
/// is in, so a churn of one-packet sources can never evict it and its counters stay exact. Because the
/// window is bounded, linear-probing clusters make some inserts evict before every slot is used: with
/// kProbeLimit = 16, under 0.1 % of inserts up to 50 % load, about 1 % at 70 %, 5 % at 90 %.
///
/// Threading: owned by one thread at a time. A worker fills it during one tick, hands it to the
/// aggregator, which reads (merge) and clear()s it and hands it back. Nothing here allocates after the
/// constructor; touch() is O(kProbeLimit), clear() is O(hosts inserted since the last clear).
class HostTable {
 public:
  static constexpr uint32_t kProbeLimit = 16;

  explicit HostTable(const StateConfig& config);
  HostTable(const HostTable&) = delete;
  HostTable& operator=(const HostTable&) = delete;

  /// Finds or inserts (evicting if needed) `ip`, marks it seen at `now_ns`. Never null. The pointer is
  /// valid until the next touch() (which may evict it) or clear(). Contract: a caller adds at most one
  /// item to each distinct set of the entry per touch (as WorkerState does); eviction relies on it to
  /// skip entries that cannot have grown into pool blocks. Breaking it only leaks blocks until clear().
  HostCounters* touch(const net::IpAddress& ip, uint64_t now_ns) noexcept { return touch(ip, hashAddress(ip), now_ns); }
  /// Same, with `hash` == hashAddress(ip) already computed (the hot path reuses it for sketches). A host
  /// found in its home slot, most packets' case, is handled inline: the out-of-line probe's call and
  /// register saves cost the worker more than the lookup itself.
  HostCounters* touch(const net::IpAddress& ip, uint64_t hash, uint64_t now_ns) noexcept {
    Meta& m = meta_[uint32_t(hash) & mask_];
    if (m.record != 0 && m.ip == ip) [[likely]] {
      seen(m, now_ns);
      return &records_[m.record - 1].counters;
    }
    return probe(ip, hash, now_ns);
  }

  const HostCounters* find(const net::IpAddress& ip) const noexcept;

  /// f(const net::IpAddress&, const HostCounters&) for every live entry, in insertion order.
  template <class F>
  void forEach(F&& f) const {
    for (uint32_t i = 0; i < used_count_; ++i) {
      const Record& r = records_[i];
      f(meta_[r.slot].ip, r.counters);
    }
  }

  /// One live entry with its first/last packet times, for the aggregator's merge.
  struct EntryView {
    const net::IpAddress& ip;
    const HostCounters& counters;
    uint64_t first_ns;
    uint64_t last_ns;
  };
  /// The i-th live entry in insertion order (i < size()), for the aggregator's merge, which looks ahead
  /// to prefetch.
  EntryView entryAt(std::size_t i) const noexcept {
    const Record& r = records_[i];
    const Meta& m = meta_[r.slot];
    return EntryView{m.ip, r.counters, r.first_ns, m.last_ns};
  }

  /// For the aggregator's merge, which reads entries in insertion order: hints every line of the i-th
  /// live entry's record (i < size()), which a worker wrote on another core, ...
  void prefetchEntryRecord(std::size_t i) const noexcept { prefetchRecordLines</*kForWrite=*/0>(i); }
  /// ... and, a few entries later, once the record has arrived, the metadata line holding its address.
  void prefetchEntryKey(std::size_t i) const noexcept { __builtin_prefetch(&meta_[records_[i].slot]); }

  /// Empties the table and its sketch pool; counters (evictions, pool exhaustion) restart from zero.
  void clear() noexcept;

  size_t size() const noexcept { return used_count_; }
  size_t capacity() const noexcept { return mask_ + 1; }
  /// Entries evicted since construction or the last clear().
  uint64_t evictions() const noexcept { return evictions_; }
  /// Distinct-counter growths that found their pool empty since the last clear().
  uint64_t sketchPoolExhausted() const noexcept { return pools_.exhausted(); }

  /// The pools this table's distinct counters grow into.
  DistinctPools& sketches() noexcept { return pools_; }
  const DistinctPools& sketches() const noexcept { return pools_; }

  /// Hints the CPU to fetch the home metadata slot of `hash`, where the entry most likely is; a wrong
  /// guess only costs bandwidth. Lets a caller overlap the cache misses of several lookups.
  void prefetch(uint64_t hash) const noexcept { __builtin_prefetch(&meta_[uint32_t(hash) & mask_], 1); }
  /// Second stage, once the metadata line has arrived (a few packets after prefetch()): if `ip` sits in
  /// its home slot, hints the pair of lines of its "out" (source) or "in" (destination) side that every
  /// packet updates (top peers, packets, bytes, flags; see HostCounters). (Prefetching the distinct-set
  /// lines too measured slower: too many lines in flight.)
  void prefetchRecord(const net::IpAddress& ip, uint64_t hash, bool as_source) const noexcept {
    const Meta& m = meta_[uint32_t(hash) & mask_];
    if (m.record == 0 || !(m.ip == ip)) return;
    const char* r = reinterpret_cast<const char*>(&records_[m.record - 1]) + (as_source ? kOutHotOffset : kInHotOffset);
    __builtin_prefetch(r, 1);
    __builtin_prefetch(r + 64, 1);
  }

  /// Faults in the whole metadata array (hashed, so traffic reaches every page of it within a tick or
  /// two; the records are handed out densely and stay untouched until used). Any thread, even while
  /// the owner works: see LargeArray::populate.
  void populateIndex() const noexcept { (void)meta_.populate(); }

  static std::size_t memoryBytes(const StateConfig& config);

 private:
  struct alignas(32) Meta {
    net::IpAddress ip;
    uint64_t last_ns = 0;
    uint32_t hits = 0;    // touches this tick: eviction tie-breaker
    uint32_t record = 0;  // 1 + index into records_ while the slot is in use; 0 = free
  };
  struct alignas(64) Record {
    HostCounters counters;
    uint64_t first_ns = 0;
    uint32_t slot = 0;  // metadata slot of this record
  };
  static_assert(sizeof(Meta) == 32);
  static_assert(sizeof(Record) == 640, "the record index costs no memory");
  // Records start at multiples of 640 bytes from a 2 MiB boundary, so HostCounters' aligned line pairs
  // stay aligned in the table.
  static_assert(sizeof(Record) % 128 == 0);

  /// Hints every line of records_[i]; kForWrite 1 also asks for ownership (the record is about to be written).
  template <int kForWrite>
  void prefetchRecordLines(std::size_t i) const noexcept {
    const auto* r = reinterpret_cast<const char*>(&records_[i]);
    for (std::size_t off = 0; off < sizeof(Record); off += 64)
      __builtin_prefetch(r + off, kForWrite);
  }
  static void seen(Meta& m, uint64_t now_ns) noexcept {
    if (now_ns > m.last_ns) m.last_ns = now_ns;
    ++m.hits;
  }
  /// touch() past the home slot: the rest of the probe window, a free slot, or an eviction.
  HostCounters* probe(const net::IpAddress& ip, uint64_t hash, uint64_t now_ns) noexcept;
  /// Gives the entry at metadata `slot` to `ip`, with the empty record `record` (1-based).
  HostCounters* claim(uint32_t slot, uint32_t record, const net::IpAddress& ip, uint64_t now_ns) noexcept;

  const uint32_t mask_;
  LargeArray<Meta> meta_;
  LargeArray<Record> records_;
  uint32_t used_count_ = 0;  // records_[0, used_count_) are in use: clear() and forEach() are O(size)
  uint64_t evictions_ = 0;
  DistinctPools pools_;
};

}  // namespace vigil::flow
