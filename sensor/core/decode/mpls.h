// MPLS label stack (ethertypes 0x8847/0x8848): skip to bottom of stack, then guess the payload.
#pragma once

#include "decode/layer_decoders.h"

namespace vigil::decode::detail {

inline constexpr std::ptrdiff_t kMplsLabelLen = 4;

/// MPLS carries no payload type, so the first nibble after the bottom label decides, as routers
/// and tcpdump do: 4 -> IPv4, 6 -> IPv6. Anything else (a pseudowire control word, Ethernet over
/// MPLS without one) is reported as kNonIp rather than guessed at.
inline DecodeStatus decodeMpls(const uint8_t* p, const uint8_t* end, PacketView& out, unsigned depth) noexcept {
  out.flags |= kMpls;
  for (unsigned labels = 1;; ++labels) {
    if (labels > kMaxMplsLabels) return kTooManyMplsLabels;
    if (end - p < kMplsLabelLen) return kTruncatedMpls;
    const bool bottom_of_stack = p[2] & 0x01;
    p += kMplsLabelLen;
    if (bottom_of_stack) break;
  }
  if (p >= end) return kTruncatedMpls;
  switch (p[0] >> 4) {
    case 4:
      return decodeIpv4(p, end, out, depth);
    case 6:
      return decodeIpv6(p, end, out, depth);
    default:
      return kNonIp;
  }
}

}  // namespace vigil::decode::detail
