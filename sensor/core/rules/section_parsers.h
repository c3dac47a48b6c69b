// Readers for top-level sections besides rules/include: prefix lists and files, blocklists, sensors, defaults.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "net/prefix.h"
#include "rules/blocklist.h"
#include "rules/rule_set.h"
#include "rules/rule_types.h"
#include "rules/source_file.h"
#include "rules/yaml_fields.h"

namespace vigil::rules {

// All of these run at load time only, allocate, and report the first problem as a located error.
// `from` is the rules file being read (relative paths resolve against its directory).

/// The `defaults:` block. Each key set in a later file overrides the same key of an earlier one.
struct RuleDefaults {
  std::optional<Severity> severity;
  std::optional<Tlp> tlp;
  std::optional<uint32_t> cooldown_s;
  std::optional<uint32_t> min_duration_s;
};
inline constexpr Severity kBuiltinSeverity = Severity::kMedium;
inline constexpr Tlp kBuiltinTlp = Tlp::kAmber;
inline constexpr uint32_t kBuiltinCooldownSeconds = 300;
inline constexpr uint32_t kBuiltinMinDurationSeconds = 0;

/// A list of CIDRs / addresses (home_networks, allowlist, sensors.<id>.home_networks). When
/// `non_empty`, an empty list is an error (an empty home would silence every rule).
common::Result<std::vector<net::Prefix>> readPrefixList(const Field& field, bool non_empty);

/// A prefix file as read: its display path and its entries in file order.
struct PrefixFileContents {
  std::string display;
  std::vector<net::Prefix> prefixes;
};

/// A `*_file:` value: reads the prefix file named by the field (one IP/CIDR per line, '#'
/// comments). Errors inside the file name the file and line ("c2.txt:3: ..."); an unreadable file is
/// blamed on the field. `where` names the owner ("in blocklist 'c2'"), may be empty.
common::Result<PrefixFileContents> readPrefixFileField(const Field& field, const SourceFile& from,
                                                       std::string_view where);

/// One entry of `blocklists:` (1-based `index` in this file's list), with its file loaded
/// (Blocklist::file is the display path of that file).
common::Result<Blocklist> parseBlocklist(const Field& list, const YAML::Node& entry, std::size_t index,
                                         const SourceFile& from);

/// One `sensors:` entry: `field.name` is the sensor id.
common::Result<SensorOverrides> parseSensor(const Field& field);

/// The `defaults:` block, merged into `defaults` key by key.
common::Result<void> parseDefaults(const Field& field, RuleDefaults& defaults);

}  // namespace vigil::rules
