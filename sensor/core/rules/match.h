// Match: the packet filter of a rule (protocol, TCP flags, ports, size, fragments, ICMP types, payload banner).
#pragma once

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "decode/packet_view.h"
#include "rules/rule_types.h"

namespace vigil::rules {

/// Inclusive port range; a single port p is {p, p}.
using PortRange = std::pair<uint16_t, uint16_t>;

/// Longest accepted match.payload_prefix, in bytes.
inline constexpr std::size_t kMaxPayloadPrefix = 16;
/// size_max when the rule sets no upper bound.
inline constexpr uint32_t kNoSizeLimit = std::numeric_limits<uint32_t>::max();

/// The `match:` block of one rule in a compact form. Built once by the loader, then read-only:
/// the match* methods are const, noexcept, allocation-free and safe to call from any number of
/// threads at once, so detectors may run them per packet. An empty constraint (no ports, no ICMP
/// types, ...) matches everything. Costs: ports are a linear scan over the ranges as written
/// (rules name a handful); everything else is O(1).
struct Match {
  Protocol protocol = Protocol::kAny;
  uint8_t flags_set = 0;                // decode::TcpFlag bits that must all be set (protocol tcp only)
  uint8_t flags_unset = 0;              // decode::TcpFlag bits that must all be clear
  std::vector<PortRange> ports;         // destination ports, in file order; empty = any
  std::vector<PortRange> source_ports;  // source ports, in file order; empty = any
  uint32_t size_min = 0;                // wire length bounds, inclusive
  uint32_t size_max = kNoSizeLimit;
  FragmentMode fragments = FragmentMode::kInclude;
  std::bitset<256> icmp_types;  // ICMP / ICMPv6 type numbers; none set = any
  std::array<uint8_t, kMaxPayloadPrefix> payload_prefix{};
  uint8_t payload_prefix_len = 0;  // 0 = no banner constraint

  /// `ip_protocol` is the transport protocol number (6, 17, 1, 58, ...); icmp covers 1 and 58.
  bool matchesProtocol(uint8_t ip_protocol) const noexcept;
  /// `tcp_flags` is the TCP header's flags byte (decode::TcpFlag bits).
  bool matchesFlags(uint8_t tcp_flags) const noexcept {
    return (tcp_flags & flags_set) == flags_set && (tcp_flags & flags_unset) == 0;
  }
  bool matchesDestinationPort(uint16_t port) const noexcept { return inRanges(ports, port); }
  bool matchesSourcePort(uint16_t port) const noexcept { return inRanges(source_ports, port); }
  bool matchesSize(uint32_t wire_len) const noexcept { return wire_len >= size_min && wire_len <= size_max; }
  bool matchesFragment(bool is_fragment) const noexcept;
  bool matchesIcmpType(uint8_t type) const noexcept { return icmp_types.none() || icmp_types.test(type); }
  /// True when there is no banner constraint or `data` (len bytes) starts with the banner.
  bool matchesPayload(const uint8_t* data, std::size_t len) const noexcept;
  std::string_view payloadPrefix() const noexcept {
    return {reinterpret_cast<const char*>(payload_prefix.data()), payload_prefix_len};
  }

  /// Every constraint except the payload banner (which is about a flow's first payload, not any
  /// packet) against one decoded packet. Port and ICMP-type constraints fail for packets that do not
  /// carry them (later fragments, other protocols).
  bool matchesPacket(const decode::PacketView& packet) const noexcept;

 private:
  static bool inRanges(const std::vector<PortRange>& ranges, uint16_t port) noexcept {
    if (ranges.empty()) return true;
    for (const PortRange& range : ranges) {
      if (port >= range.first && port <= range.second) return true;
    }
    return false;
  }
};

/// Rule-file flag names (fin syn rst psh ack urg ece cwr) -> decode::TcpFlag bit; nullopt otherwise.
std::optional<uint8_t> parseTcpFlag(std::string_view name) noexcept;
/// "fin, syn, rst, psh, ack, urg, ece, cwr" for error messages.
std::string tcpFlagNames();
/// Upper-case names of the bits in `mask`, in header order, joined by `separator`: "SYN+ACK".
std::string tcpFlagList(uint8_t mask, std::string_view separator);
/// "22, 2222, 8000-8080" as written.
std::string formatPortRanges(const std::vector<PortRange>& ranges);

}  // namespace vigil::rules
