// Rule: one validated entry of a rules file's `rules:` list, as the detector factory consumes it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/match.h"
#include "rules/rule_types.h"
#include "rules/source_location.h"

namespace vigil::rules {

/// RSIT classification.taxonomy / classification.type pair (validated against rsit.h).
struct Classification {
  std::string taxonomy;
  std::string type;

  friend bool operator==(const Classification&, const Classification&) = default;
};

/// A rule with every default resolved (the `defaults:` block, built-in defaults, derived identifier
/// and classification), so consumers never look anything up. Plain value owned by its RuleSet and
/// read-only there; copying one is cheap enough for start-up code but not meant for per-packet use.
/// The *_location fields point at what was written, so later validation (detector factory) can
/// report "file:line:column" like the loader does; for a value taken from a default they point at
/// the rule itself.
struct Rule {
  std::string id;  // [a-z0-9][a-z0-9._-]*, at most 64 characters, unique in the set
  Kind kind = Kind::kScanHorizontal;
  Match match;
  KeyKind key = KeyKind::kSource;
  Measure measure = Measure::kPacketsPerSecond;
  double threshold = 0;         // > 0; rate per second for *_per_second measures, else count per window
  uint32_t window_s = 0;        // 1..3600
  uint32_t min_duration_s = 0;  // condition must hold this long before the first event
  uint32_t cooldown_s = 0;      // >= 1: at most one update event per cooldown while it persists
  Classification classification;
  std::string identifier;  // classification.identifier, [a-z0-9][a-z0-9-]*
  Severity severity = Severity::kMedium;
  Tlp tlp = Tlp::kAmber;
  std::string description;  // free text, may be empty
  bool enabled = true;      // `enabled: false` keeps the rule in the set, flagged; detectors skip it

  /// Kind-specific extra thresholds, names [a-z_]+, in file order; not validated here (the detector
  /// factory knows which names each kind takes). condition_locations[i] is where conditions[i]'s
  /// name was written.
  std::vector<std::pair<std::string, double>> conditions;
  std::vector<SourceLocation> condition_locations;

  SourceLocation location;  // the rule's mapping (its first key)
  SourceLocation match_location;
  SourceLocation key_location;
  SourceLocation measure_location;
  SourceLocation threshold_location;
  SourceLocation window_location;

  /// The value of condition `name`, or `fallback` when the rule does not set it.
  double condition(std::string_view name, double fallback) const noexcept {
    for (const auto& [condition_name, value] : conditions) {
      if (condition_name == name) return value;
    }
    return fallback;
  }
};

}  // namespace vigil::rules
