// packet_class: a decoded packet's transport, TCP flags and fragment state as one small number, for table-driven
// counts.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "decode/packet_view.h"

namespace vigil::flow {

/// Every per-packet counter that depends on the transport (TCP flags, UDP, ICMP echo, fragments) is a
/// function of a packet's class, so counting is a table lookup and a few adds instead of a chain of
/// compares, which depend on the traffic mix and mispredict on a large share of packets.
///
/// Layout: classes [0, kHeaderClasses) are packets whose transport header was seen: TCP by its FIN,
/// SYN, RST and ACK bits (16), then UDP, ICMP echo request, other ICMP, ICMPv6 echo request, other
/// ICMPv6, other IP protocols. Then later fragments, which carry no header, by protocol: TCP, UDP, ICMP,
/// ICMPv6, other. The whole range again with kFragmentOffset added for packets that are part of a
/// fragmented datagram (later fragments always are).
namespace packet_class {

inline constexpr uint8_t kUdp = 16;
inline constexpr uint8_t kIcmp = 17;    // + 1: echo request
inline constexpr uint8_t kIcmpv6 = 19;  // + 1: echo request
inline constexpr uint8_t kOtherIp = 21;
inline constexpr uint8_t kHeaderClasses = 22;
inline constexpr uint8_t kLaterTcp = kHeaderClasses;
inline constexpr uint8_t kLaterUdp = kLaterTcp + 1;
inline constexpr uint8_t kLaterIcmp = kLaterTcp + 2;
inline constexpr uint8_t kLaterIcmpv6 = kLaterTcp + 3;
inline constexpr uint8_t kLaterOther = kLaterTcp + 4;
inline constexpr uint8_t kFragmentOffset = kLaterOther + 1;
inline constexpr std::size_t kCount = 2 * kFragmentOffset;

/// The TCP class of flag byte `f`: FIN, SYN and RST keep their bits 0-2, ACK (bit 4) moves to bit 3.
constexpr uint8_t tcpClass(uint8_t f) noexcept {
  return uint8_t((f & (decode::kTcpFin | decode::kTcpSyn | decode::kTcpRst)) | ((f & decode::kTcpAck) >> 1));
}

namespace detail {
/// What a packet's protocol number says of its class, so that of() is one load and a few selects.
struct alignas(8) ProtocolEntry {
  uint8_t header = kOtherIp;    // class with a header, before TCP flags and echo
  uint8_t later = kLaterOther;  // class of a later fragment
  uint8_t tcp_mask = 0;         // 0x0f for TCP: tcpClass() bits count
  uint16_t echo_type = 0x100;   // ICMP type of an echo request; 0x100 (no ICMP type) for other protocols
};
consteval std::array<ProtocolEntry, 256> buildProtocolEntries() {
  std::array<ProtocolEntry, 256> t{};
  t[6] = {0, kLaterTcp, 0x0f, 0x100};
  t[17] = {kUdp, kLaterUdp, 0, 0x100};
  t[1] = {kIcmp, kLaterIcmp, 0, 8};
  t[58] = {kIcmpv6, kLaterIcmpv6, 0, 128};
  return t;
}
inline constexpr std::array<ProtocolEntry, 256> kProtocolEntries = buildProtocolEntries();
}  // namespace detail

/// The class of `pv`: one table load and selects, no branch on the packet's contents.
inline uint8_t of(const decode::PacketView& pv) noexcept {
  const detail::ProtocolEntry e = detail::kProtocolEntries[pv.protocol];
  const bool echo = pv.icmp_type == e.echo_type;
  const uint8_t header = uint8_t(e.header + (tcpClass(pv.tcp_flags) & e.tcp_mask) + echo);
  return uint8_t((pv.isLaterFragment() ? e.later : header) + (pv.isFragment() ? kFragmentOffset : 0));
}

/// Whether packets of class `c` are part of a fragmented datagram, and the class without that.
constexpr bool isFragment(uint8_t c) noexcept {
  return c >= kFragmentOffset;
}
constexpr uint8_t unfragmented(uint8_t c) noexcept {
  return isFragment(c) ? uint8_t(c - kFragmentOffset) : c;
}
/// The transport protocol number of class `c`, or -1 for "other".
constexpr int protocolOf(uint8_t c) noexcept {
  const uint8_t u = unfragmented(c);
  if (u < kUdp || u == kLaterTcp) return 6;
  if (u == kUdp || u == kLaterUdp) return 17;
  if (u == kIcmp || u == kIcmp + 1 || u == kLaterIcmp) return 1;
  if (u == kIcmpv6 || u == kIcmpv6 + 1 || u == kLaterIcmpv6) return 58;
  return -1;
}
constexpr bool isLaterFragment(uint8_t c) noexcept {
  return unfragmented(c) >= kHeaderClasses;
}
/// TCP flag bits known for class `c` (FIN, SYN, RST, ACK; 0 when not TCP or a later fragment).
constexpr uint8_t tcpFlagsOf(uint8_t c) noexcept {
  const uint8_t u = unfragmented(c);
  if (u >= kUdp) return 0;
  return uint8_t((u & 0x07) | ((u & 0x08) << 1));
}
constexpr bool isEchoRequest(uint8_t c) noexcept {
  const uint8_t u = unfragmented(c);
  return u == kIcmp + 1 || u == kIcmpv6 + 1;
}

}  // namespace packet_class
}  // namespace vigil::flow
