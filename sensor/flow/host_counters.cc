// HostCounters: field-by-field sums.
#include "flow/host_counters.h"

namespace vigil::flow {

void DirectionCounters::add(const DirectionCounters& o) noexcept {
  packets += o.packets;
  bytes += o.bytes;
  tcp += o.tcp;
  syn += o.syn;
  syn_ack += o.syn_ack;
  rst += o.rst;
  fin += o.fin;
  probe += o.probe;
  udp += o.udp;
  icmp += o.icmp;
  icmp_echo += o.icmp_echo;
  fragments += o.fragments;
  for (size_t i = 0; i < kServicePortCount; ++i) {
    service[i] += o.service[i];
    served[i] += o.served[i];
  }
}

void ConnectionCounters::add(const ConnectionCounters& o) noexcept {
  attempts += o.attempts;
  completed += o.completed;
  short_lived += o.short_lived;
  refused += o.refused;
  unanswered += o.unanswered;
  flows += o.flows;
  ssh += o.ssh;
}

}  // namespace vigil::flow
