// BruteforceDetector: connection counts to one service with share and target-count guards.
#include "detect/bruteforce_detector.h"

namespace vigil::detect {

BruteforceDetector::BruteforceDetector(const rules::Rule& rule, TrafficClass traffic, bool ssh_banner)
    : Detector(rule, traffic, /*host_is_source=*/true),
      ssh_banner_(ssh_banner),
      min_share_(rule.condition("min_share", 0.5)),
      max_targets_(rule.condition("max_targets", 8)) {}

std::size_t BruteforceDetector::evaluate(const HostSample& host, Finding* out) const {
  const flow::HostCounters& w = host.totals.window;
  double value = measure(host);
  if (ssh_banner_ && rule().measure == rules::Measure::kConnectionAttempts) value = w.conn_out.ssh;
  if (!(value > rule().threshold)) return 0;
  if (ssh_banner_) {
    if (w.conn_out.attempts == 0 || double(w.conn_out.ssh) < min_share_ * double(w.conn_out.attempts)) return 0;
  } else if (share(host) < min_share_) {
    return 0;
  }
  if (double(host.totals.distinctEstimate(flow::HostWindow::kPeersOut)) > max_targets_) return 0;
  Finding& f = out[0];
  f = Finding{};
  f.source = host.ip;
  f.value = value;
  f.transport = "tcp";
  const int top = w.top_out.top();
  if (top >= 0) f.destination = w.top_out.ip[top];
  if (traffic().service() >= 0) f.port = flow::kServicePorts[traffic().service()];
  return 1;
}

}  // namespace vigil::detect
