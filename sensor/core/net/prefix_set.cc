// PrefixSet: interval normalisation (sort, merge adjacent and overlapping) and binary-search lookup.
#include "net/prefix_set.h"

#include <algorithm>

namespace vigil::net {
namespace {

// The IPv4-mapped range ::ffff:0:0/96 as keys.
constexpr uint64_t kMappedHi = 0;
constexpr uint64_t kMappedFirstLo = 0x0000ffff00000000ULL;
constexpr uint64_t kMappedLastLo = 0x0000ffffffffffffULL;

}  // namespace

PrefixSet::Key PrefixSet::keyOf(const IpAddress& ip) noexcept {
  Key k;
  const auto& b = ip.bytes();
  for (int i = 0; i < 8; ++i) {
    k.hi = k.hi << 8 | b[i];
    k.lo = k.lo << 8 | b[8 + i];
  }
  return k;
}

PrefixSet::PrefixSet(std::span<const Prefix> prefixes) : given_(prefixes.size()) {
  std::vector<Interval> raw;
  raw.reserve(prefixes.size() + 1);
  const Key mapped_first{kMappedHi, kMappedFirstLo};
  const Key mapped_last{kMappedHi, kMappedLastLo};
  for (const Prefix& p : prefixes) {
    const Interval r{keyOf(p.first()), keyOf(p.last())};
    if (p.isV4() || r.last < mapped_first || mapped_last < r.first) {
      raw.push_back(r);
      continue;
    }
    // An IPv6 block over the mapped range: keep what lies outside it.
    if (r.first < mapped_first) raw.push_back({r.first, Key{kMappedHi, kMappedFirstLo - 1}});
    if (mapped_last < r.last) raw.push_back({Key{kMappedHi, kMappedLastLo + 1}, r.last});
  }
  build(std::move(raw));
}

PrefixSet PrefixSet::everything() {
  const Prefix all[] = {*Prefix::parse("0.0.0.0/0"), *Prefix::parse("::/0")};
  return PrefixSet(all);
}

void PrefixSet::build(std::vector<Interval> raw) {
  std::sort(raw.begin(), raw.end(), [](const Interval& a, const Interval& b) { return a.first < b.first; });
  for (const Interval& r : raw) {
    if (!intervals_.empty()) {
      Interval& back = intervals_.back();
      // Overlapping or adjacent (back.last + 1 == r.first) intervals merge.
      const bool max = back.last.hi == ~uint64_t(0) && back.last.lo == ~uint64_t(0);
      Key next = back.last;
      if (!max) {
        next.lo += 1;
        if (next.lo == 0) next.hi += 1;
      }
      if (max || !(next < r.first)) {
        if (back.last < r.last) back.last = r.last;
        continue;
      }
    }
    intervals_.push_back(r);
  }
  intervals_.shrink_to_fit();
}

bool PrefixSet::contains(const IpAddress& ip) const noexcept {
  const Key k = keyOf(ip);
  // The last interval starting at or before k.
  auto it = std::upper_bound(intervals_.begin(), intervals_.end(), k,
                             [](const Key& key, const Interval& r) { return key < r.first; });
  if (it == intervals_.begin()) return false;
  --it;
  return !(it->last < k);
}

}  // namespace vigil::net
