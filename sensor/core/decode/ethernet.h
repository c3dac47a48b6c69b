// Ethernet II framing and the ethertype dispatch shared by every link layer (802.1Q/802.1ad tag stack).
#pragma once

#include "decode/byte_order.h"
#include "decode/layer_decoders.h"

namespace vigil::decode::detail {

inline constexpr std::ptrdiff_t kVlanTagLen = 4;

/// Destination and source MAC, then the ethertype. A value below 1536 there is an 802.3 length
/// (LLC/SNAP: STP, CDP, ...), which falls through decodeEthertype's default to kNonIp.
inline DecodeStatus decodeEthernet(const uint8_t* p, const uint8_t* end, PacketView& out, unsigned depth) noexcept {
  if (end - p < kEthernetHeaderLen) return kTruncatedEthernet;
  return decodeEthertype(loadBe16(p + 12), p + kEthernetHeaderLen, end, out, depth);
}

/// `p` is the first byte after an ethertype field (Ethernet, SLL, SLL2 or GRE-bridged Ethernet).
/// Peels 802.1Q / 802.1ad (0x88a8) / legacy QinQ (0x9100) tags, then dispatches. Only the outermost
/// VLAN id is kept: that is the one an operator configured on the capture port.
inline DecodeStatus decodeEthertype(uint16_t type, const uint8_t* p, const uint8_t* end, PacketView& out,
                                    unsigned depth) noexcept {
  unsigned tags = 0;
  while (type == kEtherVlan || type == kEtherQinQ || type == kEtherQinQLegacy) {
    if (++tags > kMaxVlanTags) return kTooManyVlanTags;
    if (end - p < kVlanTagLen) return kTruncatedVlan;
    if (!(out.flags & kVlan)) {
      out.flags |= kVlan;
      out.vlan_id = loadBe16(p) & 0x0fff;
    }
    type = loadBe16(p + 2);
    p += kVlanTagLen;
  }
  switch (type) {
    case kEtherIpv4:
      return decodeIpv4(p, end, out, depth);
    case kEtherIpv6:
      return decodeIpv6(p, end, out, depth);
    case kEtherMplsUnicast:
    case kEtherMplsMulticast:
      return decodeMpls(p, end, out, depth);
    case kEtherPppoeSession:
      return decodePppoe(p, end, out, depth);
    default:
      return kNonIp;  // ARP, LLDP, 802.3 length field, PPPoE discovery, ...
  }
}

}  // namespace vigil::decode::detail
