// RuleSet construction from the loader's parts, and its lookups.
#include "rules/rule_set.h"

#include <utility>

namespace vigil::rules {

RuleSet::RuleSet(Parts parts)
    : allowlist_(parts.allowlist),
      allowlist_prefixes_(std::move(parts.allowlist)),
      blocklists_(std::move(parts.blocklists)),
      rules_(std::move(parts.rules)),
      sensors_(std::move(parts.sensors)),
      files_(std::move(parts.files)) {
  if (parts.home.has_value()) {
    home_ = net::PrefixSet(*parts.home);
    home_prefixes_ = std::move(*parts.home);
  } else {
    home_ = net::PrefixSet::everything();
    home_is_everything_ = true;
  }
}

const Rule* RuleSet::findRule(std::string_view id) const noexcept {
  for (const Rule& rule : rules_) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

std::size_t RuleSet::disabledRuleCount() const noexcept {
  std::size_t count = 0;
  for (const Rule& rule : rules_)
    count += rule.enabled ? 0 : 1;
  return count;
}

std::size_t RuleSet::blocklistEntryCount() const noexcept {
  std::size_t count = 0;
  for (const Blocklist& blocklist : blocklists_)
    count += blocklist.entries;
  return count;
}

const SensorOverrides* RuleSet::sensor(std::string_view id) const noexcept {
  const auto it = sensors_.find(id);
  return it == sensors_.end() ? nullptr : &it->second;
}

const net::PrefixSet& RuleSet::homeFor(std::string_view sensor_id) const noexcept {
  const SensorOverrides* overrides = sensor(sensor_id);
  if (overrides != nullptr && overrides->home.has_value()) return *overrides->home;
  return home_;
}

}  // namespace vigil::rules
