// Match predicates and the TCP flag / port range text used by the loader and explanations.
#include "rules/match.h"

#include <cctype>
#include <cstring>

namespace vigil::rules {
namespace {

constexpr uint8_t kIpProtoIcmp = 1;
constexpr uint8_t kIpProtoTcp = 6;
constexpr uint8_t kIpProtoUdp = 17;
constexpr uint8_t kIpProtoIcmpv6 = 58;

struct FlagName {
  std::string_view name;
  uint8_t bit;
};
// Header order (low bit first), which is also the order explanations print them in.
constexpr FlagName kFlagNames[] = {
    {"fin", decode::kTcpFin}, {"syn", decode::kTcpSyn}, {"rst", decode::kTcpRst}, {"psh", decode::kTcpPsh},
    {"ack", decode::kTcpAck}, {"urg", decode::kTcpUrg}, {"ece", decode::kTcpEce}, {"cwr", decode::kTcpCwr},
};

}  // namespace

bool Match::matchesProtocol(uint8_t ip_protocol) const noexcept {
  switch (protocol) {
    case Protocol::kAny:
      return true;
    case Protocol::kTcp:
      return ip_protocol == kIpProtoTcp;
    case Protocol::kUdp:
      return ip_protocol == kIpProtoUdp;
    case Protocol::kIcmp:
      return ip_protocol == kIpProtoIcmp || ip_protocol == kIpProtoIcmpv6;
  }
  return false;
}

bool Match::matchesFragment(bool is_fragment) const noexcept {
  switch (fragments) {
    case FragmentMode::kInclude:
      return true;
    case FragmentMode::kExclude:
      return !is_fragment;
    case FragmentMode::kOnly:
      return is_fragment;
  }
  return false;
}

bool Match::matchesPayload(const uint8_t* data, std::size_t len) const noexcept {
  if (payload_prefix_len == 0) return true;
  if (data == nullptr || len < payload_prefix_len) return false;
  return std::memcmp(data, payload_prefix.data(), payload_prefix_len) == 0;
}

bool Match::matchesPacket(const decode::PacketView& packet) const noexcept {
  if (!matchesProtocol(packet.protocol)) return false;
  if (!matchesSize(packet.wire_len)) return false;
  if (!matchesFragment(packet.isFragment())) return false;
  if ((flags_set | flags_unset) != 0) {
    // A later fragment has no TCP header, so its flags are unknown rather than zero.
    if (packet.protocol != kIpProtoTcp || packet.isLaterFragment()) return false;
    if (!matchesFlags(packet.tcp_flags)) return false;
  }
  if (!ports.empty() || !source_ports.empty()) {
    if (!packet.hasPorts()) return false;
    if (!matchesDestinationPort(packet.dst_port) || !matchesSourcePort(packet.src_port)) return false;
  }
  if (icmp_types.any()) {
    const bool icmp = packet.protocol == kIpProtoIcmp || packet.protocol == kIpProtoIcmpv6;
    if (!icmp || packet.isLaterFragment() || !icmp_types.test(packet.icmp_type)) return false;
  }
  return true;
}

std::optional<uint8_t> parseTcpFlag(std::string_view name) noexcept {
  for (const FlagName& flag : kFlagNames) {
    if (flag.name == name) return flag.bit;
  }
  return std::nullopt;
}

std::string tcpFlagNames() {
  std::string out;
  for (const FlagName& flag : kFlagNames) {
    if (!out.empty()) out += ", ";
    out += flag.name;
  }
  return out;
}

std::string tcpFlagList(uint8_t mask, std::string_view separator) {
  std::string out;
  for (const FlagName& flag : kFlagNames) {
    if ((mask & flag.bit) == 0) continue;
    if (!out.empty()) out += separator;
    for (char c : flag.name)
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string formatPortRanges(const std::vector<PortRange>& ranges) {
  std::string out;
  for (const PortRange& range : ranges) {
    if (!out.empty()) out += ", ";
    out += std::to_string(range.first);
    if (range.second != range.first) {
      out += '-';
      out += std::to_string(range.second);
    }
  }
  return out;
}

}  // namespace vigil::rules
