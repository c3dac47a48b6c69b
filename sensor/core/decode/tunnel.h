// Tunnels decoded to the inner packet: GRE (IP, transparent Ethernet, ERSPAN II/III) and IP-in-IP (4, 41).
#pragma once

#include "decode/byte_order.h"
#include "decode/layer_decoders.h"

namespace vigil::decode::detail {

inline constexpr std::ptrdiff_t kGreBaseHeaderLen = 4;
inline constexpr std::ptrdiff_t kGreOptionalFieldLen = 4;
inline constexpr uint16_t kGreChecksumPresent = 0x8000;
inline constexpr uint16_t kGreRoutingPresent = 0x4000;
inline constexpr uint16_t kGreKeyPresent = 0x2000;
inline constexpr uint16_t kGreSequencePresent = 0x1000;
inline constexpr uint16_t kGreVersionMask = 0x0007;
inline constexpr std::ptrdiff_t kErspan2HeaderLen = 8;
inline constexpr std::ptrdiff_t kErspan3HeaderLen = 12;
inline constexpr std::ptrdiff_t kErspan3PlatformLen = 8;  // optional sub-header when the O bit is set

enum class InnerLayer : uint8_t { kIpv4, kIpv6, kEthernet };

/// Every descent goes through here, so kMaxTunnelDepth bounds the recursion whatever the nesting.
/// The inner decoders overwrite the outer addresses, protocol, ttl and ip_len; kVlan/kMpls and the
/// outer VLAN id stay, since they describe where the packet was captured.
inline DecodeStatus enterTunnel(InnerLayer inner, const uint8_t* p, const uint8_t* end, PacketView& out,
                                unsigned depth) noexcept {
  if (depth >= kMaxTunnelDepth) return kTunnelTooDeep;
  out.flags |= kTunnel;
  switch (inner) {
    case InnerLayer::kIpv4:
      return decodeIpv4(p, end, out, depth + 1);
    case InnerLayer::kIpv6:
      return decodeIpv6(p, end, out, depth + 1);
    case InnerLayer::kEthernet:
      return decodeEthernet(p, end, out, depth + 1);
  }
  return kTunnelTooDeep;  // unreachable: the switch covers every InnerLayer
}

/// The outer packet stands as decoded (protocol 47, no ports); the payload is the GRE packet.
inline DecodeStatus keepOuterPacket(const uint8_t* p, const uint8_t* end, PacketView& out) noexcept {
  setPayload(p, end, out);
  return kOk;
}

/// ERSPAN type I has no header (GRE without S bit); type II has 8 bytes (RFC draft-foschiano-erspan).
inline DecodeStatus decodeErspan2(bool has_header, const uint8_t* p, const uint8_t* end, PacketView& out,
                                  unsigned depth) noexcept {
  if (!has_header) return enterTunnel(InnerLayer::kEthernet, p, end, out, depth);
  if (end - p < kErspan2HeaderLen) return kTruncatedErspan;
  return enterTunnel(InnerLayer::kEthernet, p + kErspan2HeaderLen, end, out, depth);
}

/// ERSPAN type III: 12 bytes, plus 8 when O is set; frame type 0 is Ethernet, others (IP) are rare
/// and left as the outer packet.
inline DecodeStatus decodeErspan3(const uint8_t* p, const uint8_t* end, PacketView& out, unsigned depth) noexcept {
  if (end - p < kErspan3HeaderLen) return kTruncatedErspan;
  const std::ptrdiff_t len = kErspan3HeaderLen + ((p[11] & 0x01) ? kErspan3PlatformLen : 0);
  if (end - p < len) return kTruncatedErspan;
  const unsigned frame_type = (p[10] >> 2) & 0x1f;
  if (frame_type != 0) return keepOuterPacket(p, end, out);
  return enterTunnel(InnerLayer::kEthernet, p + len, end, out, depth);
}

/// GRE version 0 (RFC 2784/2890) with optional checksum, key and sequence fields. Version 1 is
/// PPTP's enhanced GRE carrying PPP, usually compressed or encrypted: not a tunnel we can see
/// through, so it is a plain IP packet with protocol 47 and no ports, not an error. Other versions
/// and RFC 1701 source routing (R bit, obsolete) are kUnsupportedGre. A GRE payload type we do not
/// know (PPP, MPLS, NSH, ...) leaves the outer packet as decoded.
inline DecodeStatus decodeGre(const uint8_t* p, const uint8_t* end, PacketView& out, unsigned depth) noexcept {
  if (end - p < kGreBaseHeaderLen) return kTruncatedGre;
  const uint16_t bits = loadBe16(p);
  const unsigned version = bits & kGreVersionMask;
  if (version == 1) return keepOuterPacket(p, end, out);
  if (version != 0 || (bits & kGreRoutingPresent)) return kUnsupportedGre;
  const std::ptrdiff_t len = kGreBaseHeaderLen + ((bits & kGreChecksumPresent) ? kGreOptionalFieldLen : 0) +
                             ((bits & kGreKeyPresent) ? kGreOptionalFieldLen : 0) +
                             ((bits & kGreSequencePresent) ? kGreOptionalFieldLen : 0);
  if (end - p < len) return kTruncatedGre;
  const uint8_t* inner = p + len;
  switch (loadBe16(p + 2)) {
    case kEtherIpv4:
      return enterTunnel(InnerLayer::kIpv4, inner, end, out, depth);
    case kEtherIpv6:
      return enterTunnel(InnerLayer::kIpv6, inner, end, out, depth);
    case kEtherTransparentBridging:
      return enterTunnel(InnerLayer::kEthernet, inner, end, out, depth);
    case kEtherErspan2:
      return decodeErspan2(bits & kGreSequencePresent, inner, end, out, depth);
    case kEtherErspan3:
      return decodeErspan3(inner, end, out, depth);
    default:
      return keepOuterPacket(p, end, out);
  }
}

inline DecodeStatus decodeTunnel(uint8_t protocol, const uint8_t* p, const uint8_t* end, PacketView& out,
                                 unsigned depth) noexcept {
  switch (protocol) {
    case kProtoIpIp:
      return enterTunnel(InnerLayer::kIpv4, p, end, out, depth);
    case kProtoIpv6InIp:
      return enterTunnel(InnerLayer::kIpv6, p, end, out, depth);
    default:
      return decodeGre(p, end, out, depth);
  }
}

}  // namespace vigil::decode::detail
