// Declarations shared by the per-layer decoders: their common signature, limits and protocol numbers.
#pragma once

#include <cstddef>
#include <cstdint>

#include "decode/decode_status.h"
#include "decode/packet_view.h"

// Every layer decoder has the same shape:
//
//   DecodeStatus decodeX(const uint8_t* p, const uint8_t* end, PacketView& out, unsigned depth)
//
// `p` is the first byte of the layer, `end` one past the last byte the layer may read: the end of
// the captured frame, narrowed by each IP layer to the end of its datagram so Ethernet padding or
// an FCS is never taken for payload. A decoder checks `end - p` before every read, fills its
// fields of `out` and tail-calls the next layer; nothing allocates and nothing is virtual.
// `depth` counts the tunnels already entered (GRE, ERSPAN, IP-in-IP) and bounds the recursion.
//
// The layers call each other in a cycle (IP -> GRE -> Ethernet -> IP), so they are declared here
// and defined inline in one header per layer. Only decoder.cc includes the layer headers: that
// keeps the whole chain in one translation unit where the compiler can inline it.

namespace vigil::decode::detail {

// The layer code names statuses on almost every line; this namespace is private to decoder.cc.
using enum DecodeStatus;

// Limits on attacker-controlled repetition. Real traffic uses at most 2 VLAN tags, 3-4 MPLS
// labels, 2-3 IPv6 extension headers and 1 tunnel; the limits leave room and bound the work.
inline constexpr unsigned kMaxVlanTags = 4;
inline constexpr unsigned kMaxMplsLabels = 8;
inline constexpr unsigned kMaxIpv6Extensions = 8;
inline constexpr unsigned kMaxTunnelDepth = 3;

// Header lengths the fast path (fast_path.h) checks as well as the layer decoders.
inline constexpr std::ptrdiff_t kEthernetHeaderLen = 14;
inline constexpr std::ptrdiff_t kIpv4MinHeaderLen = 20;
inline constexpr std::ptrdiff_t kTcpMinHeaderLen = 20;
inline constexpr std::ptrdiff_t kUdpHeaderLen = 8;

// Ethertypes (also used by SLL/SLL2 protocol fields and GRE protocol types).
inline constexpr uint16_t kEtherIpv4 = 0x0800;
inline constexpr uint16_t kEtherIpv6 = 0x86dd;
inline constexpr uint16_t kEtherVlan = 0x8100;
inline constexpr uint16_t kEtherQinQ = 0x88a8;
inline constexpr uint16_t kEtherQinQLegacy = 0x9100;
inline constexpr uint16_t kEtherMplsUnicast = 0x8847;
inline constexpr uint16_t kEtherMplsMulticast = 0x8848;
inline constexpr uint16_t kEtherPppoeSession = 0x8864;
inline constexpr uint16_t kEtherTransparentBridging = 0x6558;
inline constexpr uint16_t kEtherErspan2 = 0x88be;
inline constexpr uint16_t kEtherErspan3 = 0x22eb;

// IP protocol numbers.
inline constexpr uint8_t kProtoHopByHop = 0;
inline constexpr uint8_t kProtoIcmp = 1;
inline constexpr uint8_t kProtoIpIp = 4;
inline constexpr uint8_t kProtoTcp = 6;
inline constexpr uint8_t kProtoUdp = 17;
inline constexpr uint8_t kProtoIpv6InIp = 41;
inline constexpr uint8_t kProtoIpv6Routing = 43;
inline constexpr uint8_t kProtoIpv6Fragment = 44;
inline constexpr uint8_t kProtoGre = 47;
inline constexpr uint8_t kProtoEsp = 50;
inline constexpr uint8_t kProtoAh = 51;
inline constexpr uint8_t kProtoIcmpv6 = 58;
inline constexpr uint8_t kProtoNoNextHeader = 59;
inline constexpr uint8_t kProtoIpv6DestOptions = 60;
inline constexpr uint8_t kProtoSctp = 132;
inline constexpr uint8_t kProtoMobility = 135;
inline constexpr uint8_t kProtoHip = 139;
inline constexpr uint8_t kProtoShim6 = 140;

// Link layers (ethernet.h, mpls.h, pppoe.h, linux_sll.h, loopback.h).
inline DecodeStatus decodeEthernet(const uint8_t* p, const uint8_t* end, PacketView& out, unsigned depth) noexcept;
inline DecodeStatus decodeEthertype(uint16_t type, const uint8_t* p, const uint8_t* end, PacketView& out,
                                    unsigned depth) noexcept;
inline DecodeStatus decodeMpls(const uint8_t* p, const uint8_t* end, PacketView& out, unsigned depth) noexcept;
inline DecodeStatus decodePppoe(const uint8_t* p, const uint8_t* end, PacketView& out, unsigned depth) noexcept;
inline DecodeStatus decodeLinuxSll(const uint8_t* p, const uint8_t* end, PacketView& out, unsigned depth) noexcept;
inline DecodeStatus decodeLinuxSll2(const uint8_t* p, const uint8_t* end, PacketView& out, unsigned depth) noexcept;
inline DecodeStatus decodeLoopback(const uint8_t* p, const uint8_t* end, PacketView& out, unsigned depth) noexcept;

// Network layers (raw_ip.h, ipv4.h, ipv6.h).
inline DecodeStatus decodeRawIp(const uint8_t* p, const uint8_t* end, PacketView& out, unsigned depth) noexcept;
inline DecodeStatus decodeIpv4(const uint8_t* p, const uint8_t* end, PacketView& out, unsigned depth) noexcept;
inline DecodeStatus decodeIpv6(const uint8_t* p, const uint8_t* end, PacketView& out, unsigned depth) noexcept;

// Above IP (transport.h, tunnel.h). `protocol` is the IP protocol / last IPv6 next-header value.
inline DecodeStatus decodeTransport(uint8_t protocol, const uint8_t* p, const uint8_t* end, PacketView& out,
                                    unsigned depth) noexcept;
inline DecodeStatus decodeTunnel(uint8_t protocol, const uint8_t* p, const uint8_t* end, PacketView& out,
                                 unsigned depth) noexcept;

/// Records the bytes in [p, end) as the packet's payload (clamped to the 16-bit payload_len).
inline void setPayload(const uint8_t* p, const uint8_t* end, PacketView& out) noexcept {
  const std::ptrdiff_t n = end - p;
  out.payload = p;
  out.payload_len = static_cast<uint16_t>(n <= 0 ? 0 : n > 0xffff ? 0xffff : n);
}

}  // namespace vigil::decode::detail
