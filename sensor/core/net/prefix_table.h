// PrefixTable: longest-prefix match from an IP address to a caller's value, sized for a full routing table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "net/ip_address.h"
#include "net/prefix.h"

namespace vigil::net {

/// Answers "which prefix is responsible for this address" with the most specific one, e.g. for the
/// collector's prefix -> AS -> organisation step. Built once, then immutable: lookup() and lookupAll()
/// may run on any number of threads at once. Owns copies of the prefixes; a value is an opaque index
/// the caller owns (a row of its organisation table, an AS number). Up to 2^30 prefixes.
///
/// IPv4 and IPv6 are separate spaces exactly as Prefix::contains defines them: ::/0 does not contain
/// 10.0.0.1, and ::ffff:10.0.0.1 is the IPv4 address 10.0.0.1.
///
/// Layout, and why. The nested prefixes are flattened at build time into sorted, disjoint intervals
/// that each carry the most specific entry covering them (one sweep over the sorted prefixes with a
/// stack of the ones still open), so a lookup never backtracks to a less specific prefix as a trie
/// or a per-length hash does. An index over the top 16 bits of the address (fewer in a small table)
/// gives the intervals starting in its block; the few blocks where real tables crowd (the /16s of
/// 2a00::/12 hold thousands of IPv6 intervals, some IPv4 /16s hundreds) get a second level over the
/// next bits, so that in a full table a slot leads to one or two intervals. A branch-free search over
/// {start, entry} pairs finishes (1.7 steps on average), then one load of the entry (prefix, value,
/// less specific parent). That is three to four dependent memory accesses, two of them in arrays of
/// tens of MB: with DRAM at ~150 ns on the benchmark VM they set the latency, so the arrays are
/// backed by huge pages (madvise at build) to keep TLB misses out of it. A DIR-24-8 or Poptrie saves
/// one access on IPv4 but costs 32+ MB before the first prefix and needs another design for IPv6.
///
/// Costs (tools/bench/prefix_table_bench.cc: 950k IPv4 + 200k IPv6 synthetic prefixes, 2-vCPU VM
/// shared with other builds): build 0.3-0.4 s, 58 bytes per prefix (67 MB); lookup() 110-210 ns per
/// address when lookups overlap (a batch), 190-600 ns for one alone (IPv6 the lower end), no
/// allocation, no locks. lookupAll() adds one load per less specific prefix.
class PrefixTable {
 public:
  /// The most specific prefix containing the address, and the value given with it.
  struct Match {
    uint32_t value = 0;
    Prefix prefix;
    friend bool operator==(const Match& a, const Match& b) noexcept = default;
  };

  /// Empty: every lookup misses.
  PrefixTable() = default;
  /// When the same prefix is given more than once the LAST one wins (imported data first, manual
  /// entries last), and duplicates() counts the entries it replaced.
  explicit PrefixTable(std::span<const std::pair<Prefix, uint32_t>> entries);

  /// No allocation, no locks: a few loads and about 20 compares with a million prefixes.
  std::optional<Match> lookup(const IpAddress& ip) const noexcept;
  /// Every prefix containing `ip`, most specific first, replacing the contents of `out` (empty on a
  /// miss). Allocates only when `out` must grow.
  void lookupAll(const IpAddress& ip, std::vector<Match>& out) const;

  /// Distinct prefixes held (entries given minus duplicates()).
  std::size_t size() const noexcept { return entries_.size(); }
  bool empty() const noexcept { return entries_.empty(); }
  /// Entries given that a later entry with the same prefix replaced.
  std::size_t duplicates() const noexcept { return duplicates_; }
  /// Disjoint intervals after flattening, both families (a measure of the lookup's search depth).
  std::size_t intervals() const noexcept { return v4_.intervals.size() + v6_.intervals.size(); }
  /// Heap bytes held plus the object itself.
  std::size_t memoryBytes() const noexcept;

  /// A sentinel entry index: no prefix covers the interval / no less specific parent.
  static constexpr uint32_t kNone = ~uint32_t(0);

 private:
  /// An IPv6 address as a 128-bit number (big-endian halves), ordered numerically.
  struct V6Key {
    uint64_t hi = 0;
    uint64_t lo = 0;
    friend bool operator==(const V6Key& a, const V6Key& b) noexcept = default;
    friend bool operator<(const V6Key& a, const V6Key& b) noexcept { return a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo; }
  };
  /// From `start` up to the next interval's start, `entry` (or kNone) is the most specific prefix.
  template <typename K>
  struct Interval {
    K start{};
    uint32_t entry = kNone;
  };
  /// A top-level block: its intervals are [begin, next block's begin); a crowded block has a
  /// sub-index of 2^sub_bits + 1 slots at sub[sub_offset] over the key's next bits, same meaning.
  struct Slot {
    uint32_t begin = 0;
    uint32_t sub_offset = 0;
    uint8_t sub_bits = 0;  // 0: no sub-index
  };
  /// One address family: intervals sorted by start, the first starting at 0, and the two-level index
  /// over the key's top bits (top_bits of them at the first level). All empty when the family has no prefix.
  template <typename K>
  struct Space {
    std::vector<Slot> top;
    std::vector<uint32_t> sub;
    std::vector<Interval<K>> intervals;
    unsigned top_bits = 0;
  };
  struct Entry {
    Prefix prefix;
    uint32_t value = 0;
    uint32_t parent = kNone;  // the most specific strictly shorter prefix containing this one
  };
  template <typename K>
  struct Item;

  template <typename K>
  void sortUnique(std::vector<Item<K>>& items);
  template <typename K>
  void addFamily(const std::vector<Item<K>>& items, std::span<const std::pair<Prefix, uint32_t>> given,
                 Space<K>& space);
  template <typename K>
  static void buildIndex(Space<K>& space);
  template <typename K>
  static uint32_t find(const Space<K>& space, K key) noexcept;
  uint32_t findEntry(const IpAddress& ip) const noexcept;

  Space<uint32_t> v4_;
  Space<V6Key> v6_;
  std::vector<Entry> entries_;  // IPv4 then IPv6, each in address order
  std::size_t duplicates_ = 0;
};

}  // namespace vigil::net
