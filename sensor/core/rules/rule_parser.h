// parseRule: one entry of `rules:` -> Rule, with located errors; defaults are applied later by the loader.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.h"
#include "rules/rule.h"
#include "rules/source_location.h"
#include "rules/yaml_fields.h"

namespace vigil::rules {

inline constexpr std::size_t kMaxIdLength = 64;
inline constexpr uint32_t kMaxWindowSeconds = 3600;
inline constexpr uint32_t kMaxCooldownSeconds = 86400;  // cooldown and min_duration at most a day
inline constexpr uint32_t kMinCooldownSeconds = 1;

/// A rule as written, plus which of the defaultable fields the file left out (the loader fills
/// those from the final `defaults:` once every include is read).
struct ParsedRule {
  Rule rule;
  bool has_severity = false;
  bool has_tlp = false;
  bool has_cooldown = false;
  bool has_min_duration = false;
};

/// `node` is the entry; `index` its 1-based position in the file's list (names the rule in messages
/// until its id is known); `list_location` is where the `rules` list is. Checks every key, derives
/// the classification and identifier. Load-time only (allocates).
common::Result<ParsedRule> parseRule(const std::string& file, const YAML::Node& node, std::size_t index,
                                     const SourceLocation& list_location);

/// A `classification:` mapping {taxonomy, type}, both required and checked against RSIT (rsit.h).
/// `where` names the owner in messages ("in rule 'x'", "in blocklist 'c2'").
common::Result<Classification> parseClassification(const Field& field, std::string_view where);

/// True for [a-z0-9][a-z0-9._-]* of at most kMaxIdLength characters (rule ids, blocklist names).
bool isValidRuleId(std::string_view id) noexcept;
/// True for [a-z0-9][a-z0-9-]* of at most kMaxIdLength characters.
bool isValidIdentifier(std::string_view identifier) noexcept;
/// A scalar that isValidRuleId (`id`, blocklist `name`), or a located error.
common::Result<std::string> readRuleId(const Field& field);
/// A scalar that isValidIdentifier, or a located error.
common::Result<std::string> readIdentifier(const Field& field);

}  // namespace vigil::rules
