// AddressBlock: a CIDR block (IPv4 or IPv6) whose addresses can be picked by index.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "net/ip_address.h"

namespace vigil::pcapgen {

/// "198.51.100.0/24", "2001:db8::/64" or a single address (a /32 or /128). Only the low 32 bits
/// of the host part are addressable, so size() is at most 2^32 even for a short IPv6 prefix.
/// Value type; at() is a handful of byte operations.
class AddressBlock {
 public:
  AddressBlock() = default;
  AddressBlock(net::IpAddress base, uint32_t prefix_len) noexcept;

  /// Parses CIDR or bare address text; nullopt when invalid. Host bits are cleared.
  static std::optional<AddressBlock> parse(std::string_view text);

  bool isV4() const noexcept { return base_.isV4(); }
  uint32_t prefixLength() const noexcept { return prefix_len_; }
  uint64_t size() const noexcept { return size_; }

  /// Address number i (i < size()): base + i in the low 32 bits.
  net::IpAddress at(uint64_t i) const noexcept;

  bool contains(const net::IpAddress& a) const noexcept;

  /// "a.b.c.d/len" (or the bare address for a single-address block).
  std::string toString() const;

 private:
  net::IpAddress base_;
  uint32_t prefix_len_ = 32;
  uint64_t size_ = 1;
};

}  // namespace vigil::pcapgen
