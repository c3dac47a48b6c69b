// ScanDetector: probing guards (share, handshake completion, replies) on top of the rule's threshold.
#include "detect/scan_detector.h"

namespace vigil::detect {

ScanDetector::ScanDetector(const rules::Rule& rule, TrafficClass traffic, bool vertical)
    : Detector(rule, traffic, /*host_is_source=*/true),
      vertical_(vertical),
      min_share_(rule.condition("min_share", 0.5)),
      max_completion_ratio_(rule.condition("max_completion_ratio", 0.3)),
      max_reply_ratio_(rule.condition("max_reply_ratio", 0.2)),
      max_targets_(rule.condition("max_targets", 4)),
      max_average_bytes_(rule.condition("max_average_bytes", 300)) {}

std::size_t ScanDetector::evaluate(const HostSample& host, Finding* out) const {
  // Numbers first: the measure may need a distinct set, the costly part of a host visit.
  if (share(host) < min_share_) return 0;
  const flow::HostCounters& w = host.totals.window;
  if (w.out.packets != 0 && double(w.out.bytes) > max_average_bytes_ * double(w.out.packets)) return 0;
  if (rule().measure == rules::Measure::kDistinctDestinations || rule().measure == rules::Measure::kDistinctPorts) {
    // Every distinct target took at least one matched probe.
    if (!(double(traffic().count(w.out)) > rule().threshold)) return 0;
  }
  const double value = measure(host);
  if (!(value > rule().threshold)) return 0;
  using Counter = TrafficClass::Counter;
  const Counter c = traffic().counter();
  if (c == Counter::kSyn && w.conn_out.attempts > 0 &&
      double(w.conn_out.completed) > max_completion_ratio_ * double(w.conn_out.attempts)) {
    return 0;
  }
  const bool udp = c == Counter::kUdp || std::string_view(traffic().transport()) == "udp" ||
                   ((c == Counter::kPeerService || c == Counter::kOwnService) && w.out.udp * 2 > w.out.packets);
  if (udp && double(w.in.udp) > max_reply_ratio_ * double(w.out.udp)) return 0;
  Finding& f = out[0];
  f = Finding{};
  f.source = host.ip;
  f.value = value;
  f.transport = traffic().transport();
  if (vertical_) {
    if (double(host.totals.distinctEstimate(flow::HostWindow::kPeersOut)) > max_targets_) return 0;
    const std::optional<net::IpAddress> target = dominantPeer(host, 0.5);
    if (!target) return 0;
    f.destination = target;
  }
  if (traffic().service() >= 0) f.port = flow::kServicePorts[traffic().service()];
  return 1;
}

}  // namespace vigil::detect
