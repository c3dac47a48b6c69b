// PPPoE session stage (ethertype 0x8864): the 6-byte PPPoE header and the PPP protocol field.
#pragma once

#include "decode/byte_order.h"
#include "decode/layer_decoders.h"

namespace vigil::decode::detail {

inline constexpr std::ptrdiff_t kPppoeHeaderLen = 6;  // ver/type, code, session id, length
inline constexpr std::ptrdiff_t kPppProtocolLen = 2;
inline constexpr uint16_t kPppIpv4 = 0x0021;
inline constexpr uint16_t kPppIpv6 = 0x0057;

/// ISP access links carry subscriber traffic in PPPoE. Control protocols (LCP, IPCP, CHAP, ...)
/// are kNonIp. The PPPoE length field is not used to bound the IP packet: the IP header does that.
inline DecodeStatus decodePppoe(const uint8_t* p, const uint8_t* end, PacketView& out, unsigned depth) noexcept {
  if (end - p < kPppoeHeaderLen + kPppProtocolLen) return kTruncatedPppoe;
  const uint8_t* ip = p + kPppoeHeaderLen + kPppProtocolLen;
  switch (loadBe16(p + kPppoeHeaderLen)) {
    case kPppIpv4:
      return decodeIpv4(ip, end, out, depth);
    case kPppIpv6:
      return decodeIpv6(ip, end, out, depth);
    default:
      return kNonIp;
  }
}

}  // namespace vigil::decode::detail
