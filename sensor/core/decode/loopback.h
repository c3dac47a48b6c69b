// BSD loopback headers: DLT_NULL (family in the capturing host's byte order) and DLT_LOOP (network order).
#pragma once

#include "decode/byte_order.h"
#include "decode/layer_decoders.h"

namespace vigil::decode::detail {

inline constexpr std::ptrdiff_t kLoopbackHeaderLen = 4;

// Address family values: AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD/OpenBSD), 28 (FreeBSD,
// DragonFly) or 30 (macOS, iOS), and a capture file can come from any of them.
inline constexpr uint32_t kBsdAfInet = 2;
inline constexpr uint32_t kBsdAfInet6NetBsd = 24;
inline constexpr uint32_t kBsdAfInet6FreeBsd = 28;
inline constexpr uint32_t kBsdAfInet6Darwin = 30;

/// Serves both DLT_NULL and DLT_LOOP. The family is read little-endian first; every real family
/// is below 2^16, so a larger value means the other byte order (a big-endian writer, or DLT_LOOP).
inline DecodeStatus decodeLoopback(const uint8_t* p, const uint8_t* end, PacketView& out, unsigned depth) noexcept {
  if (end - p < kLoopbackHeaderLen) return kTruncatedNull;
  uint32_t family = loadLe32(p);
  if (family > 0xffff) family = loadBe32(p);
  switch (family) {
    case kBsdAfInet:
      return decodeIpv4(p + kLoopbackHeaderLen, end, out, depth);
    case kBsdAfInet6NetBsd:
    case kBsdAfInet6FreeBsd:
    case kBsdAfInet6Darwin:
      return decodeIpv6(p + kLoopbackHeaderLen, end, out, depth);
    default:
      return kUnknownNullFamily;
  }
}

}  // namespace vigil::decode::detail
