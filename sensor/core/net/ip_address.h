// IpAddress: an IPv4 or IPv6 address in one 16-byte value (IPv4 stored IPv4-mapped), cheap to hash and compare.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::net {

/// Value type, trivially copyable; all bytes in network order. IPv4 a.b.c.d is stored as
/// ::ffff:a.b.c.d so one key type serves both families in hash tables.
class IpAddress {
 public:
  constexpr IpAddress() = default;

  /// From 4 bytes in network order (as found in an IPv4 header).
  static IpAddress fromV4Bytes(const uint8_t* p) noexcept {
    IpAddress a;
    a.bytes_[10] = 0xff;
    a.bytes_[11] = 0xff;
    std::memcpy(a.bytes_.data() + 12, p, 4);
    return a;
  }
  /// From a host-order IPv4 value, e.g. 0x0a000001 for 10.0.0.1.
  static IpAddress fromV4(uint32_t host_order) noexcept {
    const uint8_t b[4] = {uint8_t(host_order >> 24), uint8_t(host_order >> 16), uint8_t(host_order >> 8),
                          uint8_t(host_order)};
    return fromV4Bytes(b);
  }
  /// From 16 bytes in network order (as found in an IPv6 header).
  static IpAddress fromV6Bytes(const uint8_t* p) noexcept {
    IpAddress a;
    std::memcpy(a.bytes_.data(), p, 16);
    return a;
  }
  /// Parses dotted-quad IPv4 or any RFC 4291 IPv6 text form; nullopt if invalid.
  static std::optional<IpAddress> parse(std::string_view text);

  bool isV4() const noexcept {
    static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    return std::memcmp(bytes_.data(), kMapped, 12) == 0;
  }
  /// Host-order IPv4 value; only meaningful when isV4().
  uint32_t v4() const noexcept {
    return uint32_t(bytes_[12]) << 24 | uint32_t(bytes_[13]) << 16 | uint32_t(bytes_[14]) << 8 | bytes_[15];
  }
  const std::array<uint8_t, 16>& bytes() const noexcept { return bytes_; }

  /// 64-bit halves, for hashing.
  uint64_t hi() const noexcept {
    uint64_t v;
    std::memcpy(&v, bytes_.data(), 8);
    return v;
  }
  uint64_t lo() const noexcept {
    uint64_t v;
    std::memcpy(&v, bytes_.data() + 8, 8);
    return v;
  }

  /// Canonical text: dotted quad for IPv4, RFC 5952 for IPv6.
  std::string toString() const;

  friend bool operator==(const IpAddress& a, const IpAddress& b) noexcept {
    return a.hi() == b.hi() && a.lo() == b.lo();
  }
  friend bool operator!=(const IpAddress& a, const IpAddress& b) noexcept { return !(a == b); }
  friend bool operator<(const IpAddress& a, const IpAddress& b) noexcept { return a.bytes_ < b.bytes_; }

 private:
  alignas(8) std::array<uint8_t, 16> bytes_{};
};

}  // namespace vigil::net
