// PacketTally: expanding the class and framing histograms into TrafficStats' named counters.
#include "pipeline/packet_tally.h"

namespace vigil::pipeline {

void PacketTally::addTo(TrafficStats& s) const noexcept {
  namespace pc = flow::packet_class;
  for (std::size_t c = 0; c < by_class_.size(); ++c) {
    const uint64_t n = by_class_[c];
    if (n == 0) continue;
    const uint8_t cls = uint8_t(c);
    if (pc::isFragment(cls)) s.fragments += n;
    if (pc::isLaterFragment(cls)) {
      // No transport header: counted as a later fragment only, not under its transport protocol.
      s.later_fragments += n;
      continue;
    }
    switch (pc::protocolOf(cls)) {
      case 6: {
        s.tcp += n;
        const uint8_t f = pc::tcpFlagsOf(cls);
        if ((f & (decode::kTcpSyn | decode::kTcpAck)) == decode::kTcpSyn) s.tcp_syn += n;
        if ((f & (decode::kTcpSyn | decode::kTcpAck)) == (decode::kTcpSyn | decode::kTcpAck)) s.tcp_synack += n;
        if (f & decode::kTcpRst) s.tcp_rst += n;
        if (f & decode::kTcpFin) s.tcp_fin += n;
        break;
      }
      case 17:
        s.udp += n;
        break;
      case 1:
        s.icmp += n;
        break;
      case 58:
        s.icmpv6 += n;
        break;
      default:
        s.other_ip += n;
        break;
    }
  }
  for (unsigned k = 0; k < by_framing_.size(); ++k) {
    const uint64_t n = by_framing_[k];
    ((k & kV6) ? s.ipv6 : s.ipv4) += n;
    if (k & kVlan) s.vlan += n;
    if (k & kMpls) s.mpls += n;
    if (k & kTunnel) s.tunnelled += n;
  }
}

}  // namespace vigil::pipeline
