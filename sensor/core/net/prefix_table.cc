// PrefixTable: sort and deduplicate, flatten nested prefixes into disjoint intervals, index, search.
#include "net/prefix_table.h"

#include <sys/mman.h>

#include <algorithm>
#include <bit>
#include <type_traits>

namespace vigil::net {
namespace {

// Index shape (see the header): up to 2^16 top-level blocks, at most one per interval; a block holding
// more than kCrowded intervals gets a sub-index over the next bits with one slot per one to two intervals.
// Measured on the benchmark's full table: 16 top bits with sub-indexes beat a flat 20-bit index (4 MB)
// on IPv6 by 2x and matched it on IPv4; thresholds 4 and 16 measured no better than 8.
constexpr unsigned kTopBits = 16;
constexpr uint32_t kCrowded = 8;
constexpr unsigned kMaxSubBits = 16;

template <typename K>
constexpr bool kIsV4 = std::is_same_v<K, uint32_t>;

template <typename K>
K keyOf(const IpAddress& ip) noexcept {
  if constexpr (kIsV4<K>) {
    return ip.v4();
  } else {
    const auto& b = ip.bytes();
    K k;
    for (int i = 0; i < 8; ++i) {
      k.hi = k.hi << 8 | b[i];
      k.lo = k.lo << 8 | b[8 + i];
    }
    return k;
  }
}

/// The last address of the prefix starting at `first` with `length` bits (family terms).
template <typename K>
K lastKey(K first, unsigned length) noexcept {
  if constexpr (kIsV4<K>) {
    return length == 32 ? first : first | ~uint32_t(0) >> length;
  } else {
    if (length <= 64) {
      if (length < 64) first.hi |= ~uint64_t(0) >> length;
      first.lo = ~uint64_t(0);
    } else if (length < 128) {
      first.lo |= ~uint64_t(0) >> (length - 64);
    }
    return first;
  }
}

template <typename K>
bool isMaxKey(const K& k) noexcept {
  if constexpr (kIsV4<K>) {
    return k == ~uint32_t(0);
  } else {
    return k.hi == ~uint64_t(0) && k.lo == ~uint64_t(0);
  }
}

/// k + 1; only called when k is not the largest key.
template <typename K>
K nextKey(K k) noexcept {
  if constexpr (kIsV4<K>) {
    return k + 1;
  } else {
    if (++k.lo == 0) ++k.hi;
    return k;
  }
}

/// The key's leading bits, left-aligned in 64 bits: what both index levels slice.
template <typename K>
uint64_t high64(const K& k) noexcept {
  if constexpr (kIsV4<K>) {
    return uint64_t(k) << 32;
  } else {
    return k.hi;
  }
}

/// `count` (1-63) bits of `high` starting `skip` bits from the top.
inline uint32_t bitsAt(uint64_t high, unsigned skip, unsigned count) noexcept {
  return uint32_t((high << skip) >> (64 - count));
}

/// Asks the kernel to back the 2 MB-aligned part of v's reserved, still untouched storage with huge
/// pages. A lookup touches three random places in tens of MB; with 4 KB pages each is a TLB miss too,
/// which under virtualisation costs about as much again as the cache miss (see the header).
template <typename T>
void adviseHugePages(std::vector<T>& v) {
  constexpr uintptr_t kHuge = uintptr_t(2) << 20;
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(v.data()) + kHuge - 1) & ~(kHuge - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(v.data() + v.capacity())) & ~(kHuge - 1);
  if (begin < end) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);  // a hint: failure is fine
}

}  // namespace

/// One given prefix during the build: its address range, where it came from, its length.
template <typename K>
struct PrefixTable::Item {
  K first;
  K last;
  uint32_t given;
  uint8_t length;
};

PrefixTable::PrefixTable(std::span<const std::pair<Prefix, uint32_t>> entries) {
  std::vector<Item<uint32_t>> v4;
  std::vector<Item<V6Key>> v6;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Prefix& p = entries[i].first;
    if (p.isV4()) {
      const uint32_t first = keyOf<uint32_t>(p.address());
      v4.push_back({first, lastKey(first, p.length()), uint32_t(i), p.length()});
    } else {
      const V6Key first = keyOf<V6Key>(p.address());
      v6.push_back({first, lastKey(first, p.length()), uint32_t(i), p.length()});
    }
  }
  sortUnique(v4);
  sortUnique(v6);
  entries_.reserve(v4.size() + v6.size());
  adviseHugePages(entries_);
  addFamily(v4, entries, v4_);
  addFamily(v6, entries, v6_);
}

template <typename K>
void PrefixTable::sortUnique(std::vector<Item<K>>& items) {
  // Address order, a prefix before the more specific ones starting at the same address, and equal
  // prefixes in the order given so that the last of each run is the one that wins.
  std::sort(items.begin(), items.end(), [](const Item<K>& a, const Item<K>& b) {
    if (!(a.first == b.first)) return a.first < b.first;
    if (a.length != b.length) return a.length < b.length;
    return a.given < b.given;
  });
  std::size_t kept = 0;
  for (const Item<K>& item : items) {
    if (kept > 0 && items[kept - 1].first == item.first && items[kept - 1].length == item.length) {
      items[kept - 1] = item;
      ++duplicates_;
      continue;
    }
    items[kept++] = item;
  }
  items.resize(kept);
}

template <typename K>
void PrefixTable::addFamily(const std::vector<Item<K>>& items, std::span<const std::pair<Prefix, uint32_t>> given,
                            Space<K>& space) {
  if (items.empty()) return;
  const uint32_t base = uint32_t(entries_.size());
  for (const Item<K>& item : items) {
    entries_.push_back({given[item.given].first, given[item.given].second, kNone});
  }

  // Sweep: `open` holds the prefixes containing the current position, outermost first. CIDR blocks
  // either nest or are disjoint, so a prefix that does not contain the next one has ended before it.
  std::vector<Interval<K>> out;
  out.reserve(2 * items.size() + 1);
  const auto emit = [&out](K start, uint32_t entry) {
    if (!out.empty() && out.back().start == start) out.pop_back();  // a more specific prefix starts here
    if (!out.empty() && out.back().entry == entry) return;          // same owner continues
    out.push_back({start, entry});
  };
  std::vector<uint32_t> open;
  const auto close = [&]() {
    const K end = items[open.back()].last;
    open.pop_back();
    if (isMaxKey(end)) {
      open.clear();  // everything still open ends at the top of the space too
      return;
    }
    emit(nextKey(end), open.empty() ? kNone : base + open.back());
  };
  emit(K{}, kNone);
  for (uint32_t j = 0; j < items.size(); ++j) {
    while (!open.empty() && items[open.back()].last < items[j].first) {
      close();
    }
    emit(items[j].first, base + j);
    entries_[base + j].parent = open.empty() ? kNone : base + open.back();
    open.push_back(j);
  }
  while (!open.empty()) {
    close();
  }
  space.intervals.reserve(out.size());
  adviseHugePages(space.intervals);
  space.intervals.assign(out.begin(), out.end());

  buildIndex(space);
}

template <typename K>
void PrefixTable::buildIndex(Space<K>& space) {
  const std::vector<Interval<K>>& iv = space.intervals;
  // The first interval in [from, end) whose start's bits [skip, skip + count) are >= v (or end).
  const auto firstAtOrAfter = [&iv](uint32_t from, uint32_t end, unsigned skip, unsigned count, uint64_t v) {
    while (from < end && bitsAt(high64(iv[from].start), skip, count) < v) {
      ++from;
    }
    return from;
  };
  space.top_bits = std::clamp(unsigned(std::bit_width(iv.size())), 1u, kTopBits);
  const uint32_t blocks = uint32_t(1) << space.top_bits;
  space.top.reserve(blocks + 1);
  adviseHugePages(space.top);
  space.top.resize(blocks + 1);
  uint32_t i = 0;
  for (uint32_t b = 0; b < blocks; ++b) {
    i = firstAtOrAfter(i, uint32_t(iv.size()), 0, space.top_bits, b);
    space.top[b].begin = i;
  }
  space.top[blocks].begin = uint32_t(iv.size());
  // Crowded blocks (real tables crowd into a few: 2a00::/12, the /16s of large IPv4 holders).
  std::size_t sub_size = 0;
  for (uint32_t b = 0; b < blocks; ++b) {
    const uint32_t n = space.top[b + 1].begin - space.top[b].begin;
    if (n > kCrowded) sub_size += (std::size_t(1) << std::min(unsigned(std::bit_width(n)) - 1, kMaxSubBits)) + 1;
  }
  space.sub.reserve(sub_size);
  adviseHugePages(space.sub);
  for (uint32_t b = 0; b < blocks; ++b) {
    const uint32_t begin = space.top[b].begin;
    const uint32_t end = space.top[b + 1].begin;
    if (end - begin <= kCrowded) continue;
    const unsigned bits = std::min(unsigned(std::bit_width(end - begin)) - 1, kMaxSubBits);
    space.top[b].sub_bits = uint8_t(bits);
    space.top[b].sub_offset = uint32_t(space.sub.size());
    uint32_t j = begin;
    for (uint32_t v = 0; v < (uint32_t(1) << bits); ++v) {
      j = firstAtOrAfter(j, end, space.top_bits, bits, v);
      space.sub.push_back(j);
    }
    space.sub.push_back(end);
  }
}

template <typename K>
uint32_t PrefixTable::find(const Space<K>& space, K key) noexcept {
  if (space.top.empty()) return kNone;
  const uint64_t high = high64(key);
  const uint32_t block = bitsAt(high, 0, space.top_bits);
  const Slot& slot = space.top[block];
  uint32_t begin = slot.begin;
  uint32_t end = space.top[block + 1].begin;
  if (slot.sub_bits != 0) {
    const uint32_t* sub = space.sub.data() + slot.sub_offset + bitsAt(high, space.top_bits, slot.sub_bits);
    begin = sub[0];
    end = sub[1];
  }
  // The interval before the first one starting in this block covers the block's start (interval 0
  // starts at 0, so begin == 0 only in the first block, where interval 0 already starts <= key).
  uint32_t at = begin == 0 ? 0 : begin - 1;
  uint32_t n = end - at;
  const Interval<K>* iv = space.intervals.data();
  // Last interval in [at, at + n) whose start <= key; iv[at] qualifies. Branch-free (cmov) halving.
  while (n > 1) {
    const uint32_t half = n / 2;
    at = key < iv[at + half].start ? at : at + half;
    n -= half;
  }
  return iv[at].entry;
}

uint32_t PrefixTable::findEntry(const IpAddress& ip) const noexcept {
  if (ip.isV4()) return find(v4_, keyOf<uint32_t>(ip));
  return find(v6_, keyOf<V6Key>(ip));
}

std::optional<PrefixTable::Match> PrefixTable::lookup(const IpAddress& ip) const noexcept {
  const uint32_t e = findEntry(ip);
  if (e == kNone) return std::nullopt;
  return Match{entries_[e].value, entries_[e].prefix};
}

void PrefixTable::lookupAll(const IpAddress& ip, std::vector<Match>& out) const {
  out.clear();
  for (uint32_t e = findEntry(ip); e != kNone; e = entries_[e].parent) {
    out.push_back({entries_[e].value, entries_[e].prefix});
  }
}

std::size_t PrefixTable::memoryBytes() const noexcept {
  return sizeof(*this) + entries_.capacity() * sizeof(Entry) +
         (v4_.top.capacity() + v6_.top.capacity()) * sizeof(Slot) +
         (v4_.sub.capacity() + v6_.sub.capacity()) * sizeof(uint32_t) +
         v4_.intervals.capacity() * sizeof(Interval<uint32_t>) + v6_.intervals.capacity() * sizeof(Interval<V6Key>);
}

}  // namespace vigil::net
