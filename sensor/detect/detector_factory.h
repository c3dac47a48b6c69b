// Detector factory: turns a loaded RuleSet into the detectors that run it, validating what each kind needs.
#pragma once

#include <deque>
#include <memory>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "detect/detector.h"
#include "rules/rule_set.h"

namespace vigil::detect {

/// Everything one rule set runs with: the detectors and what they point into (the RuleSet, the rules
/// synthesised for blocklists). Immutable once built; the engine swaps whole sets (DESIGN §3).
struct DetectorSet {
  std::shared_ptr<const rules::RuleSet> rules;
  std::deque<rules::Rule> synthetic;  // one per blocklist (stable addresses: detectors keep references)
  std::vector<std::unique_ptr<Detector>> detectors;
  const net::PrefixSet* home = nullptr;  // nullptr = every address is home
  bool inbound_only = false;
};

/// Validates every enabled rule against its kind (key, measure, match class, condition names) and
/// builds its detector; disabled rules are skipped. `sensor_id` selects the `sensors:` overrides (home
/// networks, inbound_only). The first problem is returned as "FILE:LINE:COL: rule 'ID': ...".
common::Result<std::unique_ptr<DetectorSet>> buildDetectors(std::shared_ptr<const rules::RuleSet> rules,
                                                           std::string_view sensor_id);

}  // namespace vigil::detect
