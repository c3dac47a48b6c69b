// RuleSet: the immutable result of loading a rules file (home networks, allowlist, blocklists, rules, sensors).
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/prefix.h"
#include "net/prefix_set.h"
#include "rules/blocklist.h"
#include "rules/rule.h"
#include "rules/source_location.h"

namespace vigil::rules {

/// Per-sensor settings from `sensors: <id>:`. Unset fields fall back to the file-wide values.
struct SensorOverrides {
  std::optional<net::PrefixSet> home;  // replaces RuleSet::home() for this sensor when set
  bool inbound_only = false;  // the link only carries traffic entering the home networks: a home source is spoofed
  SourceLocation location;
};

/// Everything a rules file (with its includes) says, validated and with defaults resolved.
/// Built once by loadRuleSet/parseRuleSet (rule_loader.h), then never modified: share it as
/// std::shared_ptr<const RuleSet> between the aggregator, detectors and the reload path; all const
/// methods are safe to call from any thread concurrently. A reload builds a new RuleSet and swaps the
/// pointer. The PrefixSets answer contains() without allocating; the other accessors return
/// references into the set, valid as long as the set lives.
class RuleSet {
 public:
  /// The loader's output, moved in whole.
  struct Parts {
    std::optional<std::vector<net::Prefix>> home;  // nullopt: no home_networks anywhere = every address
    std::vector<net::Prefix> allowlist;
    std::vector<Blocklist> blocklists;  // in file order
    std::vector<Rule> rules;            // in file order; a replaced rule keeps its first position
    std::map<std::string, SensorOverrides, std::less<>> sensors;
    std::vector<std::string> files;  // every file read (yaml and prefix files), display paths, load order
  };

  explicit RuleSet(Parts parts);

  /// Home networks: whose hosts we report. PrefixSet::everything() when the file names none.
  const net::PrefixSet& home() const noexcept { return home_; }
  bool homeIsEverything() const noexcept { return home_is_everything_; }
  /// The home prefixes as written (empty when homeIsEverything()), for summaries.
  const std::vector<net::Prefix>& homePrefixes() const noexcept { return home_prefixes_; }
  /// Addresses never reported, as source or destination of a finding.
  const net::PrefixSet& allowlist() const noexcept { return allowlist_; }
  const std::vector<net::Prefix>& allowlistPrefixes() const noexcept { return allowlist_prefixes_; }
  const std::vector<Blocklist>& blocklists() const noexcept { return blocklists_; }
  /// All rules, disabled ones included (Rule::enabled false), after include/override resolution.
  const std::vector<Rule>& rules() const noexcept { return rules_; }
  /// The rule with this id, or nullptr.
  const Rule* findRule(std::string_view id) const noexcept;
  std::size_t disabledRuleCount() const noexcept;
  /// Total entries over all blocklists.
  std::size_t blocklistEntryCount() const noexcept;
  /// Overrides for one sensor id, or nullptr when the file says nothing about it.
  const SensorOverrides* sensor(std::string_view id) const noexcept;
  const std::map<std::string, SensorOverrides, std::less<>>& sensors() const noexcept { return sensors_; }
  /// The home networks in effect for a sensor: its override if any, else home().
  const net::PrefixSet& homeFor(std::string_view sensor_id) const noexcept;
  /// Every file that was read, so a reloader can watch them.
  std::vector<std::string> files() const { return files_; }

 private:
  net::PrefixSet home_;
  bool home_is_everything_ = false;
  std::vector<net::Prefix> home_prefixes_;
  net::PrefixSet allowlist_;
  std::vector<net::Prefix> allowlist_prefixes_;
  std::vector<Blocklist> blocklists_;
  std::vector<Rule> rules_;
  std::map<std::string, SensorOverrides, std::less<>> sensors_;
  std::vector<std::string> files_;
};

}  // namespace vigil::rules
