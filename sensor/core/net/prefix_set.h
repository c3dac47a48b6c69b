// PrefixSet: an immutable set of CIDR blocks answering "is this address in it" without allocating.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "net/ip_address.h"
#include "net/prefix.h"

namespace vigil::net {

/// Built once (home networks, allowlists, blocklists), then read from any number of threads. The
/// prefixes become sorted, merged, non-overlapping 128-bit intervals, so contains() is one binary
/// search: about 20 compares for a million entries, no allocation. IPv6 prefixes that span the
/// IPv4-mapped range (::/0, ::/1, ...) are split around it: an IPv6 block never contains an IPv4
/// address, as Prefix::contains says.
class PrefixSet {
 public:
  PrefixSet() = default;
  explicit PrefixSet(std::span<const Prefix> prefixes);
  /// Every IPv4 and every IPv6 address.
  static PrefixSet everything();

  bool contains(const IpAddress& ip) const noexcept;
  bool empty() const noexcept { return intervals_.empty(); }
  /// Disjoint intervals after merging.
  std::size_t intervals() const noexcept { return intervals_.size(); }
  /// Prefixes given, before merging (for "N entries" messages).
  std::size_t prefixCount() const noexcept { return given_; }

 private:
  struct Key {
    uint64_t hi = 0;  // big-endian numeric value of bytes 0-7
    uint64_t lo = 0;  // bytes 8-15
    friend bool operator<(const Key& a, const Key& b) noexcept { return a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo; }
    friend bool operator==(const Key& a, const Key& b) noexcept = default;
  };
  struct Interval {
    Key first;
    Key last;
  };
  static Key keyOf(const IpAddress& ip) noexcept;
  void build(std::vector<Interval> raw);

  std::vector<Interval> intervals_;
  std::size_t given_ = 0;
};

}  // namespace vigil::net
