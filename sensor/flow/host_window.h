// HostWindow: the aggregator's per-host sliding window over the last window_ticks ticks, merged from tick tables.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "flow/host_counters.h"
#include "flow/host_table.h"
#include "flow/large_array.h"
#include "flow/sketch_pool.h"
#include "flow/window_config.h"
#include "flow/window_distinct.h"
#include "net/ip_address.h"

namespace vigil::flow {

/// Sliding window per host without one copy per tick: each host keeps a ring of config.slots() slots of
/// slotTicks() ticks each (6 slots of 10 ticks for a 60-tick window) and their running sum. Window sums
/// add the slots still inside the window (or read the running sum when that is all of them). A tick on
/// its own is the workers' tick table, not kept here: no detector reads one.
///
/// Granularity (the approximation): the window always ends at the newest tick and starts at the first
/// tick of the oldest slot still in it. So a contribution stays in the window for at least
/// windowTicks() - slotTicks() + 1 and at most slots() * slotTicks() ticks (== windowTicks() when it is a
/// multiple of kWindowSlots, e.g. 51..60 ticks for 60), and falls out at once when its slot is reused.
/// Totals::span_ticks says how many ticks the sums cover right now, for rates.
/// Distinct counts over the window are the union of the slots' sets: exact while at most 64 items
/// (stamped per tick), else HyperLogLog (~2.3 %) with per-slot register arrays (window_distinct.h).
///
/// Memory is bounded: host_capacity entries (about 2.9 KiB each, allocated as hosts arrive, so only the
/// entries of hosts actually seen are ever touched; the numbers of every slot are kept so
/// that slots can fall out exactly, with their running sum so that a whole-window view reads one set of
/// numbers instead of adding every slot) plus fixed pools of list and dense blocks. Open addressing over a
/// power-of-two slot array, at most kProbeLimit probes; a full probe window reuses an entry whose
/// window has expired, else evicts (and counts) the entry with the fewest packets merged so far, the
/// least recently seen among equals. Not plain LRU on purpose: within one merge every host of the new
/// tick is "more recent" than a flood victim merged a tick ago, and an attack seen 30 s ago must stay
/// in the window although a spoofed churn of one-packet sources is newer. Churn evicts churn; heavy
/// hosts leave only when their window expires. Expired entries are reclaimed by an incremental sweep
/// in advance() (all of the table once per window).
///
/// Threading: one thread (the aggregator). merge() reads tick tables lent by the workers. lookup() and
/// forEach() results point into scratch buffers of this object for list and dense distinct counts: they are
/// valid until the next lookup()/forEach() callback/merge().
class HostWindow {
 public:
  static constexpr uint32_t kProbeLimit = 16;
  /// Views forEachView() visits at once: more than the distinct lengths a window of kWindowSlots slots has.
  static constexpr std::size_t kMaxViews = 32;

  explicit HostWindow(const WindowConfig& config);
  ~HostWindow();
  HostWindow(const HostWindow&) = delete;
  HostWindow& operator=(const HostWindow&) = delete;

  /// Adds a tick table's contents as tick `tick`. Several tables (one per worker) for the same tick add
  /// up. Ticks older than the window are dropped (lateDrops()). O(table size); no allocation.
  void merge(const HostTable& tick_table, uint64_t tick) noexcept;
  /// `tick` is complete: it becomes the window's end; slots older than the window fall out. Also
  /// reclaims a slice (capacity / windowTicks) of expired entries.
  void advance(uint64_t tick) noexcept;

  /// Which distinct set of a host (distinctEstimate()).
  enum DistinctSet { kPeersOut = 0, kPeersIn = 1, kPortsOut = 2, kPortsIn = 3 };

  /// Sums over the window for one host.
  struct Totals {
    HostCounters window;         // sums (numbers) and unions (distinct counters) over the window
    uint32_t ticks_seen = 0;     // ticks within the window in which the host was seen
    uint64_t first_seen_ns = 0;  // first packet since the host (re)entered the window
    uint64_t last_seen_ns = 0;   // last packet
    uint32_t span_ticks = 0;     // ticks the window sums cover now (same for every host): rate = sum / span
    uint32_t packets_bound = 0;  // sent and received since the host entered the window (saturating): no
                                 // packet sum of any view exceeds it

    /// Estimated size of one distinct set over the window. Filled eagerly by lookup()/forEach(); in
    /// forEachView() the window's distinct counters are left empty and this computes (and caches)
    /// only the sets a caller asks for: the union of dense slot sketches is the costly part of a view.
    uint64_t distinctEstimate(DistinctSet which) const noexcept;

   private:
    friend class HostWindow;
    const HostWindow* owner_ = nullptr;  // set when distinct sets are computed on demand
    uint32_t slot_ = 0;
    uint32_t positions_ = 0;
    uint64_t first_slot_ = 0;
    mutable uint8_t ready_ = 0;  // bit per DistinctSet already in cache_
    mutable uint64_t cache_[4] = {};
  };
  /// False if the host is unknown or has nothing left in the window.
  bool lookup(const net::IpAddress& ip, Totals& out) const;
  /// f(const net::IpAddress&, const Totals&) for every host with something in the window. The Totals
  /// object is reused between calls. O(capacity) plus O(dense sketches).
  template <class F>
  void forEach(F&& f) const {
    for (uint32_t slot = 0; slot <= mask_; ++slot) {
      if (!liveAt(slot)) continue;
      fill(slot, scratch_totals_, 0);
      f(meta_[slot].ip, static_cast<const Totals&>(scratch_totals_));
    }
  }
  /// Which hosts a walk visits.
  enum class Visit : uint8_t {
    kAll,      // every host with something in the window
    kChanged,  // only hosts merged since the previous walk, and those the previous walk asked to watch
  };
  /// Calls f(const net::IpAddress&, const Totals&) for every host with something in the window, with
  /// window sums over each of several shorter views: for host h, f(ip, totals_k) is called once per
  /// entry of `view_slots` (k = 0..), each the sums over the newest view_slots[k] slots only (0 = the
  /// whole window; span_ticks follows). The callback gets the view index as third argument. Hosts
  /// with nothing in a shorter view are still visited (counters zero there). Distinct sets are
  /// computed on demand: use Totals::distinctEstimate(), not window.peers_out and the like.
  template <class F>
  void forEachView(const uint32_t* view_slots, std::size_t views, F&& f) const {
    forEachView(
        view_slots, views, Visit::kAll, [](const net::IpAddress&, uint32_t, std::size_t) { return true; },
        [&f](const net::IpAddress& ip, const Totals& t, std::size_t k) {
          f(ip, t, k);
          return false;
        });
  }
  /// Same, visiting view k of a host only if keep(ip, packets, k) says so, where `packets` is what the
  /// host sent and received since it entered the window (a bound on its window sums that costs no visit
  /// of the entry): callers that know no rule can fire below some volume skip summing the slots of
  /// every quiet host. At most kMaxViews views. keep() is asked about a host before f() is called for
  /// the hosts just before it (a few, for the look-ahead): it must not depend on what f() does.
  ///
  /// f returns a bool: true asks the next Visit::kChanged walk to visit the host again even if nothing
  /// is merged into it by then. Every walk, of either kind, starts the record of changes afresh. Between
  /// two walks in which the window's newest slot stays the same, the sums of a host nothing was merged
  /// into stay the same and its spans only grow: a caller whose findings can only appear with more
  /// traffic (or a shorter span) walks kChanged hosts, plus those it still has findings about.
  template <class Keep, class F>
  void forEachView(const uint32_t* view_slots, std::size_t views, Visit which, Keep&& keep, F&& f) const {
    // Entries lie scattered over tens of MB: the lines a view reads (the running sums, and the newest
    // slot for shorter views) are fetched when a host to visit is found, and it is visited kViewAhead
    // such hosts later, so their misses overlap. Quiet hosts are never fetched.
    constexpr uint32_t kViewAhead = 4;
    struct Pending {
      uint32_t slot;
      uint32_t views;  // bit k: view k is visited
    };
    Pending pending[kViewAhead];
    uint32_t found = 0;
    const auto visit = [&](const Pending& p) {
      bool watch = false;
      for (std::size_t k = 0; k < views; ++k) {
        if (!(p.views & (1u << k))) continue;
        fill(p.slot, scratch_totals_, view_slots[k], /*lazy_distinct=*/true);
        watch |= bool(f(meta_[p.slot].ip, static_cast<const Totals&>(scratch_totals_), k));
      }
      if (watch) markChanged(p.slot);  // its word was cleared when the walk reached it, before this
    };
    clearDistinct(scratch_totals_);                 // lazy fills never write them
    const uint64_t first_slot = firstWindowSlot();  // liveAt(), with the window's start worked out once
    for (std::size_t word = 0; word < changed_.size(); ++word) {
      uint64_t bits = which == Visit::kAll ? ~uint64_t(0) : changed_[word];
      changed_[word] = 0;
      for (; bits != 0; bits &= bits - 1) {
        const uint32_t slot = uint32_t(word * 64 + uint32_t(std::countr_zero(bits)));
        if (slot > mask_) break;  // a capacity below 64 slots
        const Meta& m = meta_[slot];
        if (m.state != kUsed || m.newest_slot < first_slot) continue;
        uint32_t kept = 0;
        for (std::size_t k = 0; k < views && k < kMaxViews; ++k)
          kept |= uint32_t(keep(m.ip, m.weight, k)) << k;
        if (kept == 0) continue;
        prefetchEntry(m.entry, geometry_.positionOf(m.newest_slot), false);
        Pending& due = pending[found % kViewAhead];
        if (found >= kViewAhead) visit(due);  // the host found kViewAhead hosts ago
        due = Pending{slot, kept};
        ++found;
      }
    }
    for (uint32_t i = found > kViewAhead ? found - kViewAhead : 0; i < found; ++i)
      visit(pending[i % kViewAhead]);
  }
  /// The n hosts with the most packets (in + out) over the window, most first. Allocates; not for hot paths.
  std::vector<std::pair<net::IpAddress, uint64_t>> topByPackets(std::size_t n) const;

  /// Entries holding a host, including ones whose window expired but that the sweep has not reclaimed yet.
  std::size_t size() const noexcept { return size_; }
  std::size_t capacity() const noexcept { return std::size_t(mask_) + 1; }
  uint64_t evictions() const noexcept { return evictions_; }
  /// Tick-table entries dropped because their tick was already older than the window.
  uint64_t lateDrops() const noexcept { return late_drops_; }
  /// Failed promotions of window distinct sets (dense pool empty; a set that finds the list pool empty
  /// goes dense instead, which is no loss).
  uint64_t sketchPoolExhausted() const noexcept { return pools_.dense.exhausted(); }
  /// The pools of window list and dense blocks (for the metrics and tests).
  const WindowPools& sketches() const noexcept { return pools_; }
  /// The newest tick merged or advanced (the window's end).
  uint64_t newestTick() const noexcept { return newest_tick_; }
  /// Ticks the sums of a view over the newest `view_slots` slots cover now (0 = the whole window): the
  /// span_ticks of every host's Totals for that view.
  uint32_t spanTicks(uint32_t view_slots = 0) const noexcept;
  const WindowGeometry& geometry() const noexcept { return geometry_; }

  /// Faults in the whole metadata array (hashed; entries are handed out densely). Any thread, even
  /// while the aggregator works: see LargeArray::populate.
  void populateIndex() const noexcept { (void)meta_.populate(); }

  static std::size_t memoryBytes(const WindowConfig& config);

 private:
  struct Entry;
  /// Probed on every merge and sweep: everything needed to find, expire or choose a victim, without
  /// touching the 2.9 KiB entry.
  struct alignas(32) Meta {
    net::IpAddress ip;
    uint64_t newest_slot : 62 = 0;  // slot of the newest tick merged; ring holds (newest_slot - slots, newest_slot]
    uint64_t state : 2 = 0;         // kNever, kUsed, kFreed
    uint32_t weight = 0;            // packets merged since the entry was created (saturating): eviction order
    uint32_t entry = 0;             // index into entries_ while kUsed
  };
  static_assert(sizeof(Meta) == 32);
  static constexpr uint32_t kNever = 0;
  static constexpr uint32_t kUsed = 1;
  static constexpr uint32_t kFreed = 2;  // tombstone: reusable, but lookups probe past it

  void noteTick(uint64_t tick) noexcept;
  void markChanged(uint32_t slot) const noexcept { changed_[slot / 64] |= uint64_t(1) << (slot % 64); }
  uint64_t firstWindowSlot() const noexcept;
  /// The first slot of a view over the newest `view_slots` slots of the window (0 = the whole window).
  uint64_t firstViewSlot(uint32_t view_slots) const noexcept;
  /// Ticks from the start of slot `first_slot` (or the first tick seen, if later) to the newest tick.
  uint32_t spanFrom(uint64_t first_slot) const noexcept;
  bool expired(const Meta& m) const noexcept { return m.newest_slot < firstWindowSlot(); }
  bool liveAt(uint32_t slot) const noexcept;
  int64_t findSlot(const net::IpAddress& ip, uint64_t hash) const noexcept;
  /// Finds or makes room for `ip` (merged into slot `slot`) and adds `packets` to its weight. `fresh` is
  /// set when the entry was (re)started empty: new, reused, or its window had expired.
  uint32_t touch(const net::IpAddress& ip, uint64_t hash, uint64_t slot, uint64_t packets, bool& fresh) noexcept;
  void resetEntry(Entry& e) noexcept;
  const Entry& entryAt(uint32_t slot) const noexcept;
  /// An empty entry: the most recently released one, else the first never used.
  uint32_t allocateEntry() noexcept { return free_count_ != 0 ? free_entries_[--free_count_] : entries_used_++; }
  /// Empties entry `i` (returning its blocks) and makes it the next one allocated.
  void releaseEntry(uint32_t i) noexcept;
  /// `hash` == hashAddress(v.ip).
  void mergeHost(const HostTable::EntryView& v, uint64_t hash, uint64_t tick) noexcept;
  /// Hints the lines of entry `entry` that a view (the running sums, top peers, times), ring position
  /// `position`'s numbers, and, if `distinct`, the distinct sets' headers.
  void prefetchEntry(uint32_t entry, uint32_t position, bool distinct) const noexcept;
  /// Empties the four distinct counters of `t.window`.
  static void clearDistinct(Totals& t) noexcept;
  /// `window_slots`: 0 = the whole window, else only its newest window_slots slots. With `lazy_distinct`
  /// the distinct counters of `out.window` are not written (see forEachView()).
  void fill(uint32_t slot, Totals& out, uint32_t window_slots, bool lazy_distinct = false) const noexcept;
  /// Estimate of one distinct set of the host at `slot` over `positions` (see Totals::distinctEstimate).
  uint64_t distinctEstimate(uint32_t slot, uint32_t positions, uint64_t first_slot, int which) const noexcept;
  void sweep(std::size_t slots) noexcept;

  const WindowGeometry geometry_;
  const uint32_t window_ticks_;
  const uint32_t mask_;
  LargeArray<Meta> meta_;
  // Entries are allocated densely (Meta::entry), not one per probe slot: the pages of entries_ that are
  // touched (and the RSS) follow the number of hosts in the window, not the capacity. Released entries
  // are reused last-in first-out, so a steady population keeps reusing the same pages.
  LargeArray<Entry> entries_;  // Entry is defined in the .cc
  LargeArray<uint32_t> free_entries_;
  uint32_t free_count_ = 0;
  uint32_t entries_used_ = 0;  // entries_[entries_used_..] were never used (still all zero)
  WindowPools pools_;
  LargeArray<uint8_t> scratch_;  // 4 register arrays: the window views of the 4 distinct sets
  // Bit per metadata slot: merged into, or watched, since the last walk (forEachView). Bookkeeping of the
  // walks, which are reads of the window: hence mutable.
  mutable LargeArray<uint64_t> changed_;
  mutable Totals scratch_totals_;
  std::size_t size_ = 0;
  uint64_t evictions_ = 0;
  uint64_t late_drops_ = 0;
  uint64_t newest_tick_ = 0;
  uint64_t first_tick_ = 0;
  bool any_tick_ = false;
  uint32_t sweep_cursor_ = 0;
};

}  // namespace vigil::flow
