// Linux cooked capture headers: SLL v1 (16 bytes, LINKTYPE 113) and SLL2 (20 bytes, LINKTYPE 276).
#pragma once

#include "decode/byte_order.h"
#include "decode/layer_decoders.h"

namespace vigil::decode::detail {

inline constexpr std::ptrdiff_t kSllHeaderLen = 16;   // packet type, ARPHRD, addr len, addr[8], protocol
inline constexpr std::ptrdiff_t kSll2HeaderLen = 20;  // protocol, reserved, ifindex, ARPHRD, pkttype, addr len, addr[8]

/// The protocol field is an ethertype for every device type that carries IP. The Linux pseudo
/// values (0x0001 802.3, 0x0004 802.2 LLC, CAN, ...) and netlink families are all below 1536 and
/// fall to kNonIp. VLAN tags the NIC did not strip appear as 0x8100 and are peeled as on Ethernet.
inline DecodeStatus decodeLinuxSll(const uint8_t* p, const uint8_t* end, PacketView& out, unsigned depth) noexcept {
  if (end - p < kSllHeaderLen) return kTruncatedSll;
  return decodeEthertype(loadBe16(p + 14), p + kSllHeaderLen, end, out, depth);
}

inline DecodeStatus decodeLinuxSll2(const uint8_t* p, const uint8_t* end, PacketView& out, unsigned depth) noexcept {
  if (end - p < kSll2HeaderLen) return kTruncatedSll2;
  return decodeEthertype(loadBe16(p), p + kSll2HeaderLen, end, out, depth);
}

}  // namespace vigil::decode::detail
