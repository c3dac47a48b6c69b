// CaptureCounts: per-class packet counters of everything written, as a correct decoder counts them.
#pragma once

#include <cstdint>

#include "pcapgen/wire/packet_spec.h"

namespace vigil::pcapgen {

/// Definitions (the truth file's capture.counts, checked against an independent re-parse):
///  ipv4/ipv6   packets with that IP header (fragments included); non_ip: ARP frames
///  tcp/udp/icmp/icmpv6  packets whose transport header is present: unfragmented packets and
///              first fragments. Later fragments (all UDP here) count only in later_fragments.
///  fragments   first and later fragments; later_fragments: fragment offset != 0
///  vlan        frames with an 802.1Q tag
///  tcp_syn     SYN without ACK; tcp_synack SYN+ACK; tcp_rst any RST; tcp_fin any FIN
/// Plain counters, updated once per frame by the generator thread.
struct CaptureCounts {
  uint64_t packets = 0;
  uint64_t frame_bytes = 0;
  uint64_t ipv4 = 0;
  uint64_t ipv6 = 0;
  uint64_t tcp = 0;
  uint64_t udp = 0;
  uint64_t icmp = 0;
  uint64_t icmpv6 = 0;
  uint64_t vlan = 0;
  uint64_t fragments = 0;
  uint64_t later_fragments = 0;
  uint64_t tcp_syn = 0;
  uint64_t tcp_synack = 0;
  uint64_t tcp_rst = 0;
  uint64_t tcp_fin = 0;
  uint64_t non_ip = 0;

  /// Per-frame overhead on an Ethernet link beyond the frame itself: FCS 4 + preamble/SFD 8 +
  /// inter-frame gap 12.
  static constexpr uint64_t kWireOverhead = 24;

  void add(const FrameSummary& f) noexcept {
    ++packets;
    frame_bytes += f.length;
    vlan += f.vlan;
    switch (f.ip_version) {
      case 4: ++ipv4; break;
      case 6: ++ipv6; break;
      default: ++non_ip; return;
    }
    fragments += f.fragment;
    if (f.later_fragment) {
      ++later_fragments;
      return;
    }
    switch (f.protocol) {
      case kProtoTcp:
        ++tcp;
        tcp_syn += (f.tcp_flags & (kSyn | kAck)) == kSyn;
        tcp_synack += (f.tcp_flags & (kSyn | kAck)) == (kSyn | kAck);
        tcp_rst += (f.tcp_flags & kRst) != 0;
        tcp_fin += (f.tcp_flags & kFin) != 0;
        break;
      case kProtoUdp: ++udp; break;
      case kProtoIcmp: ++icmp; break;
      case kProtoIcmpv6: ++icmpv6; break;
      default: break;
    }
  }

  /// Bytes the frames occupy on the link: frame_bytes + kWireOverhead per frame.
  uint64_t wireBytes() const noexcept { return frame_bytes + kWireOverhead * packets; }
};

}  // namespace vigil::pcapgen
