// BlocklistDetector: home hosts in contact with an address on a blocklist (botnet C2 servers and the like).
#pragma once

#include "detect/detector.h"
#include "rules/blocklist.h"

namespace vigil::detect {

/// One per `blocklists:` entry, with a rule synthesised by the engine (identifier, classification,
/// severity, TLP from the blocklist; threshold, window and cooldown from a `kind: c2-contact` rule if
/// the file has one). For every listed address seen in the window, each of its heaviest peers (both
/// directions) that is a home host and exchanged more than `threshold` packets with it gives a finding:
/// source.ip = the home host (the infected one), destination.ip = the listed address. Per-host state
/// keeps the two heaviest peers of each host, so a C2 contacted by many home hosts in one window names
/// the two busiest of them in that window (the others follow as they become its heaviest peers).
class BlocklistDetector final : public Detector {
 public:
  /// `home` is the rule set's home predicate: contains(ip) for home hosts (everything when none listed).
  BlocklistDetector(const rules::Rule& rule, const rules::Blocklist& list, const net::PrefixSet* home);
  std::size_t evaluate(const HostSample& host, Finding* out) const override;
  /// Listed hosts are visited whatever their volume (the engine asks isListed()), so no bound here.
  double minPackets(double) const noexcept override { return 1e18; }
  bool isListed(const net::IpAddress& ip) const noexcept { return list_.prefixes.contains(ip); }
  void describe(const HostSample& host, const Finding& finding, nlohmann::ordered_json& extra) const override;

 private:
  const rules::Blocklist& list_;
  const net::PrefixSet* home_;  // nullptr = every address is home
};

}  // namespace vigil::detect
