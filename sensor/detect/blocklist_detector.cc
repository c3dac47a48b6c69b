// BlocklistDetector: listed addresses in the window, paired with their home peers.
#include "detect/blocklist_detector.h"

namespace vigil::detect {

BlocklistDetector::BlocklistDetector(const rules::Rule& rule, const rules::Blocklist& list,
                                     const net::PrefixSet* home)
    : Detector(rule, TrafficClass::all(), /*host_is_source=*/false), list_(list), home_(home) {}

std::size_t BlocklistDetector::evaluate(const HostSample& host, Finding* out) const {
  if (!list_.prefixes.contains(host.ip)) return 0;
  const flow::HostCounters& w = host.totals.window;
  std::size_t n = 0;
  // The same home host may be both the heaviest sender to and receiver from the listed address.
  net::IpAddress named[4];
  std::size_t named_count = 0;
  for (const flow::TopPeers* top : {&w.top_in, &w.top_out}) {
    for (int i = 0; i < 2 && n < kMaxFindings; ++i) {
      if (top->count[i] == 0 || double(top->count[i]) <= rule().threshold) continue;
      const net::IpAddress& peer = top->ip[i];
      if (home_ != nullptr && !home_->contains(peer)) continue;
      if (list_.prefixes.contains(peer)) continue;
      bool seen = false;
      for (std::size_t k = 0; k < named_count; ++k) seen = seen || named[k] == peer;
      if (seen) continue;
      named[named_count++] = peer;
      Finding& f = out[n++];
      f = Finding{};
      f.source = peer;
      f.destination = host.ip;
      f.value = top->count[i];
    }
  }
  return n;
}

void BlocklistDetector::describe(const HostSample& host, const Finding& finding, nlohmann::ordered_json& extra) const {
  Detector::describe(host, finding, extra);
  extra["blocklist"] = list_.name;
  extra["packets_with_listed_host"] = finding.value;
}

}  // namespace vigil::detect
