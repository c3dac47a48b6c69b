// PacketView: the decoded summary of one packet that every later stage (flow, host counters) reads.
#pragma once

#include <cstdint>

#include "net/ip_address.h"

namespace vigil::decode {

/// TCP flag bits as in the TCP header's flags byte (CWR and ECE included).
enum TcpFlag : uint8_t {
  kTcpFin = 0x01,
  kTcpSyn = 0x02,
  kTcpRst = 0x04,
  kTcpPsh = 0x08,
  kTcpAck = 0x10,
  kTcpUrg = 0x20,
  kTcpEce = 0x40,
  kTcpCwr = 0x80,
};

/// Bits of PacketView::flags.
enum PacketFlag : uint16_t {
  kHasPorts = 0x0001,       // src_port/dst_port are valid (TCP/UDP, unfragmented or first fragment)
  kFragment = 0x0002,       // part of a fragmented IP datagram (first or later)
  kLaterFragment = 0x0004,  // a non-first fragment: no transport header, counted towards hosts only
  kVlan = 0x0008,           // had at least one 802.1Q/802.1ad tag
  kMpls = 0x0010,           // had an MPLS label stack
  kTunnel = 0x0020,         // decoded through GRE or IP-in-IP; addresses are the inner packet's
  kIcmpError = 0x0040,      // ICMP/ICMPv6 error message (unreachable, time exceeded, ...)
};

/// Filled by Decoder::decode for each IP packet. Plain data, no ownership: `payload` points
/// into the frame, valid only until the PacketSource releases the burst.
struct PacketView {
  uint64_t ts_ns = 0;        // capture timestamp, ns since the Unix epoch
  uint32_t wire_len = 0;     // frame length on the wire (may exceed the captured length)
  uint32_t ip_len = 0;       // IP datagram length from the IP header (total/payload length + header)
  net::IpAddress src;        // innermost IP source
  net::IpAddress dst;        // innermost IP destination
  uint16_t src_port = 0;     // valid when flags & kHasPorts
  uint16_t dst_port = 0;     // valid when flags & kHasPorts
  uint16_t flags = 0;        // PacketFlag bits
  uint16_t vlan_id = 0;      // outermost VLAN id when flags & kVlan
  uint16_t payload_len = 0;  // captured transport payload bytes available at `payload`
  uint8_t ip_version = 0;    // 4 or 6
  uint8_t protocol = 0;      // transport protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, ...)
  uint8_t tcp_flags = 0;     // TcpFlag bits when protocol == 6
  uint8_t icmp_type = 0;     // when protocol is ICMP/ICMPv6 and not a later fragment
  uint8_t icmp_code = 0;
  uint8_t ttl = 0;                   // IPv4 TTL / IPv6 hop limit
  uint32_t tcp_seq = 0;              // TCP sequence number (for SYN cookies / backscatter heuristics)
  uint32_t tcp_ack = 0;              // TCP acknowledgement number
  const uint8_t* payload = nullptr;  // first transport payload byte (e.g. "SSH-" banners)

  bool hasPorts() const noexcept { return flags & kHasPorts; }
  bool isFragment() const noexcept { return flags & kFragment; }
  bool isLaterFragment() const noexcept { return flags & kLaterFragment; }
  /// Field by field (the decoder's fast path is held to the layer decoders with it).
  bool operator==(const PacketView&) const = default;
};

}  // namespace vigil::decode
