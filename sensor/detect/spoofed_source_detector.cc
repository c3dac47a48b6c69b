// SpoofedSourceDetector: bogon sources and home addresses arriving on an inbound-only link.
#include "detect/spoofed_source_detector.h"

#include "net/special_prefixes.h"

namespace vigil::detect {

SpoofedSourceDetector::SpoofedSourceDetector(const rules::Rule& rule, TrafficClass traffic, bool inbound_only)
    : Detector(rule, traffic, /*host_is_source=*/true),
      inbound_only_(inbound_only),
      bogons_(rule.condition("bogons", 1) != 0) {}

std::size_t SpoofedSourceDetector::evaluate(const HostSample& host, Finding* out) const {
  if (host.totals.window.out.packets == 0) return 0;
  const bool spoofed = host.listed_home ? inbound_only_ : (bogons_ && net::bogonPrefixes().contains(host.ip));
  if (!spoofed) return 0;
  const double value = measure(host);
  if (!(value > rule().threshold)) return 0;
  Finding& f = out[0];
  f = Finding{};
  const flow::TopPeers& top = host.totals.window.top_out;
  if (top.top() < 0) return 0;
  f.destination = top.ip[top.top()];
  f.subject = host.ip;
  f.value = value;
  f.transport = traffic().transport();
  return 1;
}

void SpoofedSourceDetector::describe(const HostSample& host, const Finding& finding,
                                     nlohmann::ordered_json& extra) const {
  Detector::describe(host, finding, extra);
  extra["spoofed_source"] = host.ip.toString();
  const std::string_view kind = net::specialPurposeName(host.ip);
  extra["reason"] = host.listed_home ? "home address arriving on an inbound-only link" : std::string("bogon: ") + std::string(kind);
}

}  // namespace vigil::detect
