// Detector factory: per-kind validation (key, measure, match class, conditions) and construction.
#include "detect/detector_factory.h"

#include <algorithm>
#include <iterator>
#include <string>

#include "detect/amplification_detector.h"
#include "detect/blocklist_detector.h"
#include "detect/bruteforce_detector.h"
#include "detect/flood_detector.h"
#include "detect/scan_detector.h"
#include "detect/spam_detector.h"
#include "detect/spoofed_source_detector.h"

namespace vigil::detect {
namespace {

using rules::Kind;
using rules::KeyKind;
using rules::Measure;
using Counter = TrafficClass::Counter;

common::Error ruleError(const rules::SourceLocation& at, const rules::Rule& rule, const std::string& what) {
  return common::fail(at.toString() + ": rule '" + rule.id + "': " + what);
}

template <std::size_t N>
common::Result<void> checkConditions(const rules::Rule& rule, const char* const (&allowed)[N]) {
  for (std::size_t i = 0; i < rule.conditions.size(); ++i) {
    const std::string& name = rule.conditions[i].first;
    if (std::find(std::begin(allowed), std::end(allowed), name) != std::end(allowed)) continue;
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    const rules::SourceLocation& at = i < rule.condition_locations.size() ? rule.condition_locations[i] : rule.location;
    return ruleError(at, rule,
                     "unknown condition '" + name + "' for kind " + std::string(rules::kindName(rule.kind)) +
                         " (one of " + list + ")");
  }
  return {};
}
common::Result<void> noConditions(const rules::Rule& rule) {
  static constexpr const char* kNone[] = {"(none)"};
  if (rule.conditions.empty()) return {};
  return checkConditions(rule, kNone);
}

common::Result<void> expectKey(const rules::Rule& rule, std::initializer_list<KeyKind> keys) {
  if (std::find(keys.begin(), keys.end(), rule.key) != keys.end()) return {};
  std::string list;
  for (KeyKind k : keys) list += (list.empty() ? "" : " or ") + std::string(rules::keyKindName(k));
  return ruleError(rule.key_location, rule,
                   "kind " + std::string(rules::kindName(rule.kind)) + " needs key " + list + " (got " +
                       std::string(rules::keyKindName(rule.key)) + ")");
}

common::Result<void> expectClass(const rules::Rule& rule, const TrafficClass& t, std::initializer_list<Counter> ok,
                                 const char* hint) {
  if (std::find(ok.begin(), ok.end(), t.counter()) != ok.end()) return {};
  return ruleError(rule.match_location, rule,
                   "kind " + std::string(rules::kindName(rule.kind)) + " needs " + hint + " (match selects " +
                       t.describe() + ")");
}

/// Distinct destinations are kept for senders, distinct sources for receivers.
common::Result<void> checkMeasureSide(const rules::Rule& rule, bool host_is_source) {
  if (rule.measure == Measure::kDistinctDestinations && !host_is_source) {
    return ruleError(rule.measure_location, rule, "distinct_destinations needs a key starting with source");
  }
  if (rule.measure == Measure::kDistinctSources && host_is_source) {
    return ruleError(rule.measure_location, rule, "distinct_sources needs key destination");
  }
  return {};
}

#define VIGIL_TRY(expr)                             \
  do {                                              \
    if (auto r_ = (expr); !r_) return common::fail(r_.error()); \
  } while (0)

common::Result<std::unique_ptr<Detector>> build(const rules::Rule& rule, bool inbound_only) {
  const bool host_is_source = rule.key != KeyKind::kDestination;
  if (rule.match.payload_prefix_len != 0 &&
      !(rule.kind == Kind::kBruteforce && rule.match.payloadPrefix() == "SSH-")) {
    return ruleError(rule.match_location, rule,
                     "payload_prefix: only \"SSH-\" (kind bruteforce) is recognised, from the server's first payload");
  }
  auto traffic = TrafficClass::of(rule, host_is_source);
  if (!traffic) return common::fail(traffic.error());
  const TrafficClass t = *traffic;
  VIGIL_TRY(checkMeasureSide(rule, host_is_source));
  switch (rule.kind) {
    case Kind::kScanHorizontal:
      VIGIL_TRY(expectKey(rule, {KeyKind::kSource}));
      VIGIL_TRY(checkConditions(rule, ScanDetector::kConditions));
      return std::unique_ptr<Detector>(std::make_unique<ScanDetector>(rule, t, false));
    case Kind::kScanVertical:
      VIGIL_TRY(expectKey(rule, {KeyKind::kSourceDestination, KeyKind::kSourceDestinationPort}));
      VIGIL_TRY(checkConditions(rule, ScanDetector::kConditions));
      return std::unique_ptr<Detector>(std::make_unique<ScanDetector>(rule, t, true));
    case Kind::kSynFlood:
    case Kind::kUdpFlood:
    case Kind::kIcmpFlood:
      VIGIL_TRY(expectKey(rule, {KeyKind::kDestination}));
      if (rule.kind == Kind::kSynFlood) {
        VIGIL_TRY(expectClass(rule, t, {Counter::kSyn}, "tcp_flags {set: [syn], unset: [ack]}"));
      } else if (rule.kind == Kind::kUdpFlood) {
        VIGIL_TRY(expectClass(rule, t, {Counter::kUdp, Counter::kFragments}, "protocol: udp"));
      } else {
        VIGIL_TRY(expectClass(rule, t, {Counter::kIcmp, Counter::kIcmpEcho}, "protocol: icmp"));
      }
      VIGIL_TRY(checkConditions(rule, FloodDetector::kConditions));
      return std::unique_ptr<Detector>(std::make_unique<FloodDetector>(rule, t));
    case Kind::kAmplification:
      VIGIL_TRY(expectKey(rule, {KeyKind::kDestination}));
      // On the victim's side the responses' source port is the peer's: kPeerService, one of the first 7.
      if (t.counter() != Counter::kPeerService || t.service() >= int(kAmplificationServices)) {
        return ruleError(rule.match_location, rule,
                         "kind amplification needs source_ports with one of 53, 123, 1900, 11211, 389, 161, 19");
      }
      VIGIL_TRY(checkConditions(rule, AmplificationDetector::kConditions));
      return std::unique_ptr<Detector>(std::make_unique<AmplificationDetector>(rule, t));
    case Kind::kBruteforce: {
      VIGIL_TRY(expectKey(rule, {KeyKind::kSourceDestinationPort, KeyKind::kSourceDestination}));
      const bool banner = rule.match.payload_prefix_len != 0;
      if (!banner && (t.counter() != Counter::kPeerService || t.service() < int(kAmplificationServices))) {
        return ruleError(rule.match_location, rule,
                         "kind bruteforce needs ports with one of 22, 23, 3389, 21, 25, 445, or payload_prefix \"SSH-\"");
      }
      VIGIL_TRY(checkConditions(rule, BruteforceDetector::kConditions));
      return std::unique_ptr<Detector>(std::make_unique<BruteforceDetector>(rule, t, banner));
    }
    case Kind::kSpam:
      VIGIL_TRY(expectKey(rule, {KeyKind::kSource}));
      VIGIL_TRY(expectClass(rule, t, {Counter::kPeerService}, "ports: [25]"));
      VIGIL_TRY(checkConditions(rule, SpamDetector::kConditions));
      return std::unique_ptr<Detector>(std::make_unique<SpamDetector>(rule, t));
    case Kind::kSpoofedSource:
      VIGIL_TRY(expectKey(rule, {KeyKind::kSource}));
      VIGIL_TRY(checkConditions(rule, SpoofedSourceDetector::kConditions));
      return std::unique_ptr<Detector>(std::make_unique<SpoofedSourceDetector>(rule, t, inbound_only));
    case Kind::kC2Contact:
      break;  // settings for the blocklist detectors, built by the caller
  }
  return std::unique_ptr<Detector>();
}

}  // namespace

common::Result<std::unique_ptr<DetectorSet>> buildDetectors(std::shared_ptr<const rules::RuleSet> rules,
                                                           std::string_view sensor_id) {
  auto set = std::make_unique<DetectorSet>();
  set->rules = rules;
  const rules::SensorOverrides* overrides = rules->sensor(sensor_id);
  set->inbound_only = overrides != nullptr && overrides->inbound_only;
  const bool everything = rules->homeIsEverything() && (overrides == nullptr || !overrides->home);
  set->home = everything ? nullptr : &rules->homeFor(sensor_id);

  const rules::Rule* c2 = nullptr;
  for (const rules::Rule& rule : rules->rules()) {
    if (!rule.enabled) continue;
    if (rule.kind == Kind::kC2Contact) {
      VIGIL_TRY(noConditions(rule));
      c2 = &rule;  // the last one wins, like every other override
      continue;
    }
    auto detector = build(rule, set->inbound_only);
    if (!detector) return common::fail(detector.error());
    set->detectors.push_back(std::move(detector).value());
  }
  for (const rules::Blocklist& list : rules->blocklists()) {
    rules::Rule r;
    r.id = c2 != nullptr ? c2->id + ":" + list.name : "blocklist:" + list.name;
    r.kind = Kind::kC2Contact;
    r.key = KeyKind::kSourceDestination;
    r.measure = Measure::kPackets;
    r.threshold = c2 != nullptr ? c2->threshold : 0;
    r.window_s = c2 != nullptr ? c2->window_s : 60;
    r.min_duration_s = c2 != nullptr ? c2->min_duration_s : 0;
    r.cooldown_s = c2 != nullptr ? c2->cooldown_s : 3600;
    r.classification = list.classification;
    r.identifier = list.identifier;
    r.severity = list.severity;
    r.tlp = list.tlp;
    r.location = list.location;
    set->synthetic.push_back(std::move(r));
    set->detectors.push_back(std::make_unique<BlocklistDetector>(set->synthetic.back(), list, set->home));
  }
  return set;
}

}  // namespace vigil::detect
