// Detector: the seam for one rule of the rules file, evaluated once per tick for every host in the window.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

#include "detect/finding.h"
#include "detect/host_sample.h"
#include "detect/traffic_class.h"
#include "rules/rule.h"

namespace vigil::detect {

/// Built from one rule (detector_factory.h), immutable, so a reload swaps a whole set of them at a tick
/// boundary (DESIGN §3). The DetectionEngine visits each host of the window once per tick and per
/// rule window, and calls evaluate() on every detector of that window: rules run over aggregated
/// counters, never per packet, and one visit serves every rule (DESIGN §1).
///
/// Thread: the aggregator's. The rule is owned by the RuleSet the engine keeps alive with the detector.
class Detector {
 public:
  /// At most this many findings per host and tick (a victim plus its dominant sources, say).
  static constexpr std::size_t kMaxFindings = 3;

  Detector(const rules::Rule& rule, TrafficClass traffic, bool host_is_source)
      : rule_(rule), traffic_(traffic), host_is_source_(host_is_source) {}
  virtual ~Detector() = default;
  Detector(const Detector&) = delete;
  Detector& operator=(const Detector&) = delete;

  /// Fills up to kMaxFindings findings for `host` whose condition holds now; returns how many.
  /// Allocation-free: called every tick for the hosts that may meet the rule. The engine skips hosts
  /// nothing was merged into since the last tick, unless they had a finding (DetectionEngine::onTick),
  /// so the result must depend on the sample only, and a condition must not become true as a host's
  /// rates fall with its counts unchanged (a rule fires on more traffic, never on less).
  virtual std::size_t evaluate(const HostSample& host, Finding* out) const = 0;
  /// The evidence of an emitted event (Event::extra): rates, counts, distinct targets, top peers,
  /// window. Called only when the tracker emits. The base writes what every kind shares.
  virtual void describe(const HostSample& host, const Finding& finding, nlohmann::ordered_json& extra) const;

  /// A lower bound on a host's packets (in + out, over the rule's window) below which this detector
  /// cannot fire, for a window of at least `min_seconds`; the engine skips quieter hosts without
  /// summing their counters. The base derives it from the measure and threshold.
  virtual double minPackets(double min_seconds) const noexcept;

  const rules::Rule& rule() const noexcept { return rule_; }
  const TrafficClass& traffic() const noexcept { return traffic_; }
  /// Taxonomy/type/identifier of a finding; the base returns the rule's. (Amplification reflectors differ.)
  virtual const rules::Classification& classification(const Finding&) const noexcept { return rule_.classification; }
  virtual const std::string& identifier(const Finding&) const noexcept { return rule_.identifier; }

 protected:
  /// The rule's measure for this host, in the rule's units (per second for rates, counts otherwise).
  double measure(const HostSample& host) const noexcept;
  /// The host's counters on the rule's side ("out" when the key makes it the source).
  const flow::DirectionCounters& side(const HostSample& host) const noexcept {
    return host_is_source_ ? host.totals.window.out : host.totals.window.in;
  }
  const flow::ConnectionCounters& connections(const HostSample& host) const noexcept {
    return host_is_source_ ? host.totals.window.conn_out : host.totals.window.conn_in;
  }
  /// Matched packets as a share of every packet on the rule's side (0 when there are none).
  double share(const HostSample& host) const noexcept;
  /// The heaviest peer on the rule's side when it carries at least `min_share` of the side's packets.
  std::optional<net::IpAddress> dominantPeer(const HostSample& host, double min_share) const noexcept;
  bool hostIsSource() const noexcept { return host_is_source_; }

 private:
  const rules::Rule& rule_;
  const TrafficClass traffic_;
  const bool host_is_source_;
};

}  // namespace vigil::detect
