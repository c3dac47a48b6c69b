// TrafficStats: per-worker packet counters by protocol and decode outcome, written by the worker thread only.
#pragma once

#include <cstdint>

#include "decode/decode_status.h"
#include "decode/packet_view.h"

namespace vigil::pipeline {

/// Totals a worker keeps about what it decoded. Plain counters written by one thread; readers on other
/// threads take a copy once the worker has stopped, or accept slightly stale values (metrics scrape).
struct TrafficStats {
  uint64_t packets = 0;  // frames received
  uint64_t bytes = 0;    // wire bytes of received frames
  uint64_t ipv4 = 0;
  uint64_t ipv6 = 0;
  uint64_t tcp = 0;
  uint64_t udp = 0;
  uint64_t icmp = 0;
  uint64_t icmpv6 = 0;
  uint64_t other_ip = 0;  // IP packets with another transport (GRE not decoded, ESP, OSPF, ...)
  uint64_t vlan = 0;
  uint64_t mpls = 0;
  uint64_t tunnelled = 0;
  uint64_t fragments = 0;
  uint64_t later_fragments = 0;
  uint64_t tcp_syn = 0;  // SYN without ACK
  uint64_t tcp_synack = 0;
  uint64_t tcp_rst = 0;
  uint64_t tcp_fin = 0;
  decode::DecodeCounters outcomes{};  // indexed by DecodeStatus: kOk, kNonIp and every error reason

  /// VLAN/MPLS framing of a well-formed frame that is not IP (kNonIp); a worker tallies that of IP
  /// packets with the rest of their protocol counts (PacketTally).
  void countLinkLayer(const decode::PacketView& pv) noexcept {
    vlan += (pv.flags & decode::kVlan) != 0;
    mpls += (pv.flags & decode::kMpls) != 0;
  }

  /// Frames that did not decode as IP, by reason (kNonIp included).
  uint64_t decodeErrors() const noexcept {
    uint64_t n = 0;
    for (std::size_t i = 2; i < outcomes.size(); ++i)
      n += outcomes[i];
    return n;
  }

  void add(const TrafficStats& o) noexcept;
};

}  // namespace vigil::pipeline
