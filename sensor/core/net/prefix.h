// Prefix: an IPv4 or IPv6 CIDR block, parsed strictly so operators learn about typos instead of matching nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "net/ip_address.h"

namespace vigil::net {

/// Value type. IPv4 prefixes live in the IPv4-mapped space like IpAddress, but an IPv4 prefix only
/// ever contains IPv4 addresses and an IPv6 prefix only IPv6 ones (::/0 does not contain 10.0.0.1).
/// The address is always masked; length() is in the family's own terms (0-32 or 0-128).
/// Default-constructed: ::/0.
class Prefix {
 public:
  Prefix() = default;

  /// "10.0.0.0/8", "2001:db8::/32", "192.0.2.1" (a /32), "2001:db8::1" (a /128). nullopt for anything
  /// else, host bits set included (see parseStrict for why).
  static std::optional<Prefix> parse(std::string_view text);
  /// As parse(), with the reason: "'10.0.0.1/8' has host bits set (did you mean 10.0.0.0/8?)",
  /// "'10.0.0.0/33': IPv4 prefix length must be 0-32", "'x' is not an IP address or CIDR". Host bits
  /// are an error, not silently masked: "10.1.2.3/16" is far more often a typo than an intent.
  static common::Result<Prefix> parseStrict(std::string_view text);
  static Prefix host(const IpAddress& ip) noexcept;

  const IpAddress& address() const noexcept { return address_; }
  uint8_t length() const noexcept { return length_; }
  bool isV4() const noexcept { return v4_; }
  bool contains(const IpAddress& ip) const noexcept;
  bool contains(const Prefix& other) const noexcept;
  IpAddress first() const noexcept { return address_; }
  IpAddress last() const noexcept;
  std::string toString() const;

  friend bool operator==(const Prefix& a, const Prefix& b) noexcept {
    return a.v4_ == b.v4_ && a.length_ == b.length_ && a.address_ == b.address_;
  }
  friend bool operator<(const Prefix& a, const Prefix& b) noexcept {
    if (a.address_ != b.address_) return a.address_ < b.address_;
    return a.length_ < b.length_;
  }

 private:
  /// Length in the 128-bit mapped space.
  unsigned bits() const noexcept { return v4_ ? 96u + length_ : length_; }

  IpAddress address_;
  uint8_t length_ = 0;
  bool v4_ = false;
};

}  // namespace vigil::net
