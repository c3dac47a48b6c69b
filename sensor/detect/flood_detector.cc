// FloodDetector: victim-side rate thresholds with handshake and amplification guards, dominant sources.
#include "detect/flood_detector.h"

#include "detect/amplification_detector.h"

namespace vigil::detect {

bool mostlyAmplification(const flow::DirectionCounters& in) noexcept {
  uint64_t from_services = in.fragments;
  for (std::size_t i = 0; i < kAmplificationServices; ++i) from_services += in.service[i];
  return in.udp > 0 && from_services * 2 > in.udp;
}

FloodDetector::FloodDetector(const rules::Rule& rule, TrafficClass traffic)
    : Detector(rule, traffic, /*host_is_source=*/false),
      min_share_(rule.condition("min_share", 0.5)),
      max_completion_ratio_(rule.condition("max_completion_ratio", 0.5)),
      skip_amplification_(rule.condition("skip_amplification", 1) != 0),
      dominant_share_(rule.condition("dominant_share", 0.5)),
      source_share_(rule.condition("source_share", 0.25)),
      max_ports_(rule.condition("max_ports", 20)) {}

std::size_t FloodDetector::evaluate(const HostSample& host, Finding* out) const {
  if (share(host) < min_share_) return 0;
  const double value = measure(host);
  if (!(value > rule().threshold)) return 0;
  const flow::HostCounters& w = host.totals.window;
  using Counter = TrafficClass::Counter;
  const Counter c = traffic().counter();
  if (c == Counter::kSyn && w.conn_in.attempts > 0 &&
      double(w.conn_in.completed) > max_completion_ratio_ * double(w.conn_in.attempts)) {
    return 0;
  }
  if (skip_amplification_ && c == Counter::kUdp && mostlyAmplification(w.in)) return 0;
  const std::optional<net::IpAddress> dominant = dominantPeer(host, dominant_share_);
  // One source hitting many ports of the victim is a port scan (scan-vertical's finding), not a flood.
  if (c == Counter::kSyn && dominant && double(host.totals.distinctEstimate(flow::HostWindow::kPortsIn)) > max_ports_) return 0;

  Finding base;
  base.destination = host.ip;
  base.value = value;
  base.transport = traffic().transport();
  if (dominant) {
    out[0] = base;
    out[0].source = dominant;
    return 1;
  }
  out[0] = base;
  std::size_t n = 1;
  const flow::TopPeers& top = w.top_in;
  for (int i = 0; i < 2; ++i) {
    if (top.count[i] == 0 || double(top.count[i]) < source_share_ * double(w.in.packets)) continue;
    out[n] = base;
    out[n].source = top.ip[i];
    out[n].role = 1;  // the source in the key tells the two apart
    ++n;
  }
  return n;
}

}  // namespace vigil::detect
