// Transport headers (TCP, UDP, SCTP, ICMP, ICMPv6): ports, flags, ICMP type/code, payload bounds.
#pragma once

#include <algorithm>

#include "decode/byte_order.h"
#include "decode/layer_decoders.h"

namespace vigil::decode::detail {

inline constexpr std::ptrdiff_t kSctpCommonHeaderLen = 12;  // ports, verification tag, checksum
inline constexpr std::ptrdiff_t kIcmpHeaderLen = 8;         // type, code, checksum, 4 type-specific bytes

/// ICMP errors quote the offending packet: unreachable, source quench, redirect, time exceeded,
/// parameter problem. They matter for backscatter and scan-response heuristics.
inline bool isIcmpError(uint8_t type) noexcept {
  return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

/// ICMPv6 errors: destination unreachable, packet too big, time exceeded, parameter problem.
inline bool isIcmpv6Error(uint8_t type) noexcept {
  return type >= 1 && type <= 4;
}

inline DecodeStatus decodeTcp(const uint8_t* p, const uint8_t* end, PacketView& out) noexcept {
  if (end - p < kTcpMinHeaderLen) return kTruncatedTcp;
  const std::ptrdiff_t header_len = (p[12] >> 4) * 4;
  if (header_len < kTcpMinHeaderLen) return kBadTcpDataOffset;
  if (end - p < header_len) return kTruncatedTcp;
  out.src_port = loadBe16(p);
  out.dst_port = loadBe16(p + 2);
  out.tcp_seq = loadBe32(p + 4);
  out.tcp_ack = loadBe32(p + 8);
  out.tcp_flags = p[13];
  out.flags |= kHasPorts;
  setPayload(p + header_len, end, out);
  return kOk;
}

/// The UDP length bounds the payload as well as the IP length does; when they disagree the
/// smaller one wins, so a lying length field never widens what is handed on.
inline DecodeStatus decodeUdp(const uint8_t* p, const uint8_t* end, PacketView& out) noexcept {
  if (end - p < kUdpHeaderLen) return kTruncatedUdp;
  const uint16_t udp_len = loadBe16(p + 4);
  if (udp_len < kUdpHeaderLen) return kBadUdpLength;
  out.src_port = loadBe16(p);
  out.dst_port = loadBe16(p + 2);
  out.flags |= kHasPorts;
  setPayload(p + kUdpHeaderLen, p + std::min<std::ptrdiff_t>(udp_len, end - p), out);
  return kOk;
}

inline DecodeStatus decodeSctp(const uint8_t* p, const uint8_t* end, PacketView& out) noexcept {
  if (end - p < kSctpCommonHeaderLen) return kTruncatedSctp;
  out.src_port = loadBe16(p);
  out.dst_port = loadBe16(p + 2);
  out.flags |= kHasPorts;
  setPayload(p + kSctpCommonHeaderLen, end, out);
  return kOk;
}

/// Serves ICMP and ICMPv6; the payload of an error message is the quoted original packet.
inline DecodeStatus decodeIcmp(const uint8_t* p, const uint8_t* end, PacketView& out, bool v6) noexcept {
  if (end - p < kIcmpHeaderLen) return v6 ? kTruncatedIcmpv6 : kTruncatedIcmp;
  out.icmp_type = p[0];
  out.icmp_code = p[1];
  if (v6 ? isIcmpv6Error(p[0]) : isIcmpError(p[0])) out.flags |= kIcmpError;
  setPayload(p + kIcmpHeaderLen, end, out);
  return kOk;
}

/// `p` is the first byte after the IP header chain, `end` the end of the datagram (or capture).
/// Tunnels inside a fragment are not entered: the inner packet is incomplete without reassembly,
/// so the outer packet is reported as it is (protocol 4/41/47, kFragment, no kTunnel).
inline DecodeStatus decodeTransport(uint8_t protocol, const uint8_t* p, const uint8_t* end, PacketView& out,
                                    unsigned depth) noexcept {
  switch (protocol) {
    case kProtoTcp:
      return decodeTcp(p, end, out);
    case kProtoUdp:
      return decodeUdp(p, end, out);
    case kProtoIcmp:
      return decodeIcmp(p, end, out, false);
    case kProtoIcmpv6:
      return decodeIcmp(p, end, out, true);
    case kProtoSctp:
      return decodeSctp(p, end, out);
    case kProtoGre:
    case kProtoIpIp:
    case kProtoIpv6InIp:
      if (!(out.flags & kFragment)) return decodeTunnel(protocol, p, end, out, depth);
      setPayload(p, end, out);
      return kOk;
    default:
      setPayload(p, end, out);  // ESP, OSPF, IGMP, PIM, ...: addresses and protocol only
      return kOk;
  }
}

}  // namespace vigil::decode::detail
