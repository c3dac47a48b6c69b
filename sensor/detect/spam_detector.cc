// SpamDetector: SMTP share guard on top of the fan-out threshold.
#include "detect/spam_detector.h"

namespace vigil::detect {

SpamDetector::SpamDetector(const rules::Rule& rule, TrafficClass traffic)
    : Detector(rule, traffic, /*host_is_source=*/true), min_share_(rule.condition("min_share", 0.3)) {}

std::size_t SpamDetector::evaluate(const HostSample& host, Finding* out) const {
  if (share(host) < min_share_) return 0;
  const double value = measure(host);
  if (!(value > rule().threshold)) return 0;
  Finding& f = out[0];
  f = Finding{};
  f.source = host.ip;
  f.value = value;
  f.transport = "tcp";
  if (traffic().service() >= 0) f.port = flow::kServicePorts[traffic().service()];
  return 1;
}

}  // namespace vigil::detect
