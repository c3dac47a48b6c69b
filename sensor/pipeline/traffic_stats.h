// TrafficStats: per-worker packet counters by protocol and decode outcome, written by the worker thread only.
#pragma once

#include <cstdint>

#include "decode/decode_status.h"
#include "decode/packet_view.h"

namespace vigil::pipeline {

/// Totals a worker keeps about what it decoded. Plain counters written by one thread; readers on other
/// threads take a copy once the worker has stopped, or accept slightly stale values (metrics scrape).
struct TrafficStats {
  uint64_t packets = 0;    // frames received
  uint64_t bytes = 0;      // wire bytes of received frames
  uint64_t ipv4 = 0;
  uint64_t ipv6 = 0;
  uint64_t tcp = 0;
  uint64_t udp = 0;
  uint64_t icmp = 0;
  uint64_t icmpv6 = 0;
  uint64_t other_ip = 0;   // IP packets with another transport (GRE not decoded, ESP, OSPF, ...)
  uint64_t vlan = 0;
  uint64_t mpls = 0;
  uint64_t tunnelled = 0;
  uint64_t fragments = 0;
  uint64_t later_fragments = 0;
  uint64_t tcp_syn = 0;     // SYN without ACK
  uint64_t tcp_synack = 0;
  uint64_t tcp_rst = 0;
  uint64_t tcp_fin = 0;
  decode::DecodeCounters outcomes{};  // indexed by DecodeStatus: kOk, kNonIp and every error reason

  /// Counts one decoded IP packet (status kOk). Inline: runs once per packet.
  void countPacket(const decode::PacketView& pv) noexcept {
    ipv4 += pv.ip_version == 4;
    ipv6 += pv.ip_version == 6;
    countLinkLayer(pv);
    tunnelled += (pv.flags & decode::kTunnel) != 0;
    fragments += (pv.flags & decode::kFragment) != 0;
    if (pv.isLaterFragment()) {
      // No transport header: counted as a later fragment only, not under its transport protocol.
      ++later_fragments;
      return;
    }
    switch (pv.protocol) {
      case 6: {
        ++tcp;
        const uint8_t f = pv.tcp_flags;
        tcp_syn += (f & (decode::kTcpSyn | decode::kTcpAck)) == decode::kTcpSyn;
        tcp_synack += (f & (decode::kTcpSyn | decode::kTcpAck)) == (decode::kTcpSyn | decode::kTcpAck);
        tcp_rst += (f & decode::kTcpRst) != 0;
        tcp_fin += (f & decode::kTcpFin) != 0;
        break;
      }
      case 17:
        ++udp;
        break;
      case 1:
        ++icmp;
        break;
      case 58:
        ++icmpv6;
        break;
      default:
        ++other_ip;
        break;
    }
  }

  /// VLAN/MPLS framing is counted for every well-formed frame, IP or not (kOk and kNonIp).
  void countLinkLayer(const decode::PacketView& pv) noexcept {
    vlan += (pv.flags & decode::kVlan) != 0;
    mpls += (pv.flags & decode::kMpls) != 0;
  }

  /// Frames that did not decode as IP, by reason (kNonIp included).
  uint64_t decodeErrors() const noexcept {
    uint64_t n = 0;
    for (std::size_t i = 2; i < outcomes.size(); ++i) n += outcomes[i];
    return n;
  }

  void add(const TrafficStats& o) noexcept;
};

}  // namespace vigil::pipeline
