// TrafficStats merging across workers.
#include "pipeline/traffic_stats.h"

namespace vigil::pipeline {

void TrafficStats::add(const TrafficStats& o) noexcept {
  packets += o.packets;
  bytes += o.bytes;
  ipv4 += o.ipv4;
  ipv6 += o.ipv6;
  tcp += o.tcp;
  udp += o.udp;
  icmp += o.icmp;
  icmpv6 += o.icmpv6;
  other_ip += o.other_ip;
  vlan += o.vlan;
  mpls += o.mpls;
  tunnelled += o.tunnelled;
  fragments += o.fragments;
  later_fragments += o.later_fragments;
  tcp_syn += o.tcp_syn;
  tcp_synack += o.tcp_synack;
  tcp_rst += o.tcp_rst;
  tcp_fin += o.tcp_fin;
  for (std::size_t i = 0; i < outcomes.size(); ++i) outcomes[i] += o.outcomes[i];
}

}  // namespace vigil::pipeline
