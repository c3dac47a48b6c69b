// TrafficClass: the mapping from a rule's match block to one per-host counter, with located errors.
#include "detect/traffic_class.h"

#include "decode/packet_view.h"

namespace vigil::detect {
namespace {

common::Error matchError(const rules::Rule& rule, const std::string& what) {
  return common::fail(rule.match_location.toString() + ": rule '" + rule.id + "': match " + what);
}

std::string servicePortList() {
  std::string s;
  for (uint16_t p : flow::kServicePorts) s += (s.empty() ? "" : ", ") + std::to_string(p);
  return s;
}

}  // namespace

common::Result<TrafficClass> TrafficClass::of(const rules::Rule& rule, bool host_is_source) {
  const rules::Match& m = rule.match;
  uint8_t protocol = 0;
  switch (m.protocol) {
    case rules::Protocol::kTcp: protocol = 6; break;
    case rules::Protocol::kUdp: protocol = 17; break;
    case rules::Protocol::kIcmp: protocol = 1; break;
    case rules::Protocol::kAny: break;
  }
  if (m.size_min != 0 || m.size_max != rules::kNoSizeLimit) {
    return matchError(rule, "packet_size: per-host counters do not split traffic by packet size (use a "
                            "condition such as min_response_bytes on the average size instead)");
  }
  if (!m.ports.empty() || !m.source_ports.empty()) {
    if (!m.ports.empty() && !m.source_ports.empty()) {
      return matchError(rule, "sets both ports and source_ports; per-host counters follow one service port");
    }
    const auto& ranges = m.ports.empty() ? m.source_ports : m.ports;
    if (ranges.size() != 1 || ranges[0].first != ranges[0].second) {
      return matchError(rule, "ports: give exactly one service port (one of " + servicePortList() + ")");
    }
    const int index = flow::servicePortIndex(ranges[0].first);
    if (index < 0) {
      return matchError(rule, "ports: " + std::to_string(ranges[0].first) +
                                  " is not a port counted per host (one of " + servicePortList() + ")");
    }
    if (m.flags_set != 0 || m.flags_unset != 0) {
      return matchError(rule, "tcp_flags cannot be combined with ports: per-host counters keep one of them");
    }
    // The packet's destination port is the peer's port when the host sends, its own when it receives.
    const bool destination_port = !m.ports.empty();
    const bool peer = destination_port == host_is_source;
    return TrafficClass(peer ? Counter::kPeerService : Counter::kOwnService, index, protocol);
  }
  if (m.flags_set != 0 || m.flags_unset != 0) {
    if (m.protocol != rules::Protocol::kTcp) return matchError(rule, "tcp_flags needs protocol: tcp");
    using namespace decode;
    const uint8_t set = m.flags_set;
    const uint8_t unset = m.flags_unset;
    if ((set & kTcpSyn) && (unset & kTcpAck)) return TrafficClass(Counter::kSyn, -1, 6);
    if ((set & kTcpSyn) && (set & kTcpAck)) return TrafficClass(Counter::kSynAck, -1, 6);
    if ((unset & (kTcpSyn | kTcpAck | kTcpRst)) == (kTcpSyn | kTcpAck | kTcpRst)) {
      return TrafficClass(Counter::kProbe, -1, 6);
    }
    if (set == kTcpRst && unset == 0) return TrafficClass(Counter::kRst, -1, 6);
    if (set == kTcpFin && unset == 0) return TrafficClass(Counter::kFin, -1, 6);
    return matchError(rule, "tcp_flags: per-host counters keep SYN without ACK {set: [syn], unset: [ack]}, "
                            "SYN+ACK {set: [syn, ack]}, RST {set: [rst]}, FIN {set: [fin]} and FIN/NULL/XMAS "
                            "probes {unset: [syn, ack, rst]}");
  }
  if (m.icmp_types.any()) {
    std::bitset<256> echo;
    echo.set(8);
    echo.set(128);
    if ((m.icmp_types & ~echo).any()) {
      return matchError(rule, "icmp_types: per-host counters keep echo requests (8, and 128 for ICMPv6) apart");
    }
    return TrafficClass(Counter::kIcmpEcho, -1, 1);
  }
  if (m.fragments == rules::FragmentMode::kOnly) return TrafficClass(Counter::kFragments, -1, protocol);
  if (m.fragments == rules::FragmentMode::kExclude) {
    return matchError(rule, "fragments: exclude is not kept per host (include or only)");
  }
  switch (m.protocol) {
    case rules::Protocol::kTcp: return TrafficClass(Counter::kTcp, -1, 6);
    case rules::Protocol::kUdp: return TrafficClass(Counter::kUdp, -1, 17);
    case rules::Protocol::kIcmp: return TrafficClass(Counter::kIcmp, -1, 1);
    case rules::Protocol::kAny: break;
  }
  return TrafficClass(Counter::kPackets, -1, 0);
}

uint32_t TrafficClass::count(const flow::DirectionCounters& d) const noexcept {
  switch (counter_) {
    case Counter::kPackets: return uint32_t(d.packets);
    case Counter::kTcp: return d.tcp;
    case Counter::kSyn: return d.syn;
    case Counter::kSynAck: return d.syn_ack;
    case Counter::kRst: return d.rst;
    case Counter::kFin: return d.fin;
    case Counter::kProbe: return d.probe;
    case Counter::kUdp: return d.udp;
    case Counter::kIcmp: return d.icmp;
    case Counter::kIcmpEcho: return d.icmp_echo;
    case Counter::kFragments: return d.fragments;
    case Counter::kPeerService: return d.service[service_];
    case Counter::kOwnService: return d.served[service_];
  }
  return 0;
}

std::string TrafficClass::describe() const {
  switch (counter_) {
    case Counter::kPackets: return "packets";
    case Counter::kTcp: return "TCP packets";
    case Counter::kSyn: return "TCP SYNs";
    case Counter::kSynAck: return "TCP SYN-ACKs";
    case Counter::kRst: return "TCP RSTs";
    case Counter::kFin: return "TCP FINs";
    case Counter::kProbe: return "TCP FIN/NULL/XMAS probes";
    case Counter::kUdp: return "UDP packets";
    case Counter::kIcmp: return "ICMP packets";
    case Counter::kIcmpEcho: return "ICMP echo requests";
    case Counter::kFragments: return "IP fragments";
    case Counter::kPeerService: return "packets with peer port " + std::to_string(flow::kServicePorts[service_]);
    case Counter::kOwnService: return "packets on its own port " + std::to_string(flow::kServicePorts[service_]);
  }
  return "packets";
}

const char* TrafficClass::transport() const noexcept {
  switch (protocol_) {
    case 6: return "tcp";
    case 17: return "udp";
    case 1: return "icmp";
    default: return "";
  }
}

}  // namespace vigil::detect
