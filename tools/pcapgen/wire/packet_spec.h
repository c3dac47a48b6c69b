// PacketSpec / FrameSummary: what a traffic source asks the frame builder for, and what came out.
#pragma once

#include <cstdint>

#include "net/ip_address.h"

namespace vigil::pcapgen {

inline constexpr uint8_t kProtoIcmp = 1;
inline constexpr uint8_t kProtoTcp = 6;
inline constexpr uint8_t kProtoUdp = 17;
inline constexpr uint8_t kProtoIcmpv6 = 58;

/// TCP flag bits (same values as the header's flags byte).
inline constexpr uint8_t kFin = 0x01;
inline constexpr uint8_t kSyn = 0x02;
inline constexpr uint8_t kRst = 0x04;
inline constexpr uint8_t kPsh = 0x08;
inline constexpr uint8_t kAck = 0x10;
inline constexpr uint8_t kUrg = 0x20;
inline constexpr uint8_t kEce = 0x40;
inline constexpr uint8_t kCwr = 0x80;

/// One IP packet to build. src and dst must be of the same family (IPv4-mapped or IPv6).
/// Plain data, filled per packet by a source; pointers must stay valid until build() returns.
struct PacketSpec {
  net::IpAddress src;
  net::IpAddress dst;
  uint8_t protocol = kProtoTcp;
  uint8_t ttl = 64;
  uint8_t tcp_flags = 0;
  uint8_t icmp_type = 0;             // ICMP/ICMPv6 type; code below
  uint8_t icmp_code = 0;
  uint8_t tcp_options_len = 0;       // multiple of 4, at most 40
  bool from_home = true;             // picks the Ethernet MAC direction
  uint16_t src_port = 0;             // TCP/UDP ports; for ICMP echo the identifier
  uint16_t dst_port = 0;             // for ICMP echo the sequence number
  uint16_t vlan = 0;                 // 802.1Q VLAN id, 0 = untagged
  uint16_t ip_id = 0;                // IPv4 identification
  uint16_t window = 64240;
  uint16_t payload_prefix_len = 0;   // bytes taken from `payload` first
  uint32_t seq = 0;
  uint32_t ack = 0;
  uint32_t payload_len = 0;          // total transport payload; after the prefix, fill pattern bytes
  uint32_t fill_offset = 0;          // where in the fill pattern the remainder starts
  const uint8_t* tcp_options = nullptr;
  const uint8_t* payload = nullptr;
};

/// One ARP frame (the background's non-IP traffic).
struct ArpSpec {
  uint16_t operation = 1;  // 1 request, 2 reply
  uint16_t vlan = 0;
  uint32_t sender_ip = 0;  // host order
  uint32_t target_ip = 0;  // host order
  uint8_t sender_mac[6] = {};
  uint8_t target_mac[6] = {};  // all zero in requests (sent to broadcast)
};

/// What was written, as a decoder would see it; CaptureCounts adds these up.
struct FrameSummary {
  uint32_t length = 0;       // frame bytes written (incl_len = orig_len)
  uint16_t l3_offset = 0;    // where the IP header starts
  uint8_t ip_version = 0;    // 0 for non-IP
  uint8_t protocol = 0;      // IP protocol number
  uint8_t tcp_flags = 0;     // when protocol is TCP and the header is present
  bool vlan = false;
  bool fragment = false;        // part of a fragmented datagram
  bool later_fragment = false;  // non-first fragment: no transport header
};

}  // namespace vigil::pcapgen
