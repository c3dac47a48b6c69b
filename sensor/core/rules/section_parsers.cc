// home_networks / allowlist prefix lists and files, blocklists, sensors and defaults sections.
#include "rules/section_parsers.h"

#include <array>

#include "net/prefix_file.h"
#include "rules/rule_parser.h"
#include "rules/yaml_errors.h"

namespace vigil::rules {
namespace {

constexpr std::array<std::string_view, 6> kBlocklistKeys = {"name",           "file",     "identifier",
                                                            "classification", "severity", "tlp"};
constexpr std::array<std::string_view, 2> kSensorKeys = {"home_networks", "inbound_only"};
constexpr std::array<std::string_view, 4> kDefaultsKeys = {"severity", "tlp", "cooldown", "min_duration"};

}  // namespace

common::Result<std::vector<net::Prefix>> readPrefixList(const Field& field, bool non_empty) {
  auto entries = readList(field, "CIDRs such as 192.0.2.0/24");
  if (!entries.ok()) return common::fail(entries.error());
  if (non_empty && entries->empty()) {
    return field.error("'" + field.name +
                       "' must list at least one CIDR (leave it out to treat every address as home)");
  }
  std::vector<net::Prefix> prefixes;
  prefixes.reserve(entries->size());
  for (const YAML::Node& entry : *entries) {
    const SourceLocation at = entryLocation(field, entry);
    if (!entry.IsScalar()) {
      return errorAt(at, "'" + field.name + "' entry must be an IP address or CIDR such as 192.0.2.0/24 (got " +
                             describeNode(entry) + ")");
    }
    auto prefix = net::Prefix::parseStrict(entry.Scalar());
    // parseStrict's reason starts with the quoted text: "'10.0.0.0/33': IPv4 prefix length must be 0-32".
    if (!prefix.ok()) return errorAt(at, "'" + field.name + "' entry " + prefix.error());
    prefixes.push_back(*prefix);
  }
  return prefixes;
}

common::Result<PrefixFileContents> readPrefixFileField(const Field& field, const SourceFile& from,
                                                       std::string_view where) {
  auto written = readScalar(field, "the path of a prefix file (one IP or CIDR per line)");
  if (!written.ok()) return common::fail(written.error());
  const SourceFile file = from.resolve(*written);
  auto text = readSourceFile(file);
  if (!text.ok()) {
    return field.error("'" + field.name + "'" + (where.empty() ? "" : " " + std::string(where)) + ": " + text.error());
  }
  // Parsed from memory under the display name, so line errors read "c2.txt:3: ..." as the operator wrote it.
  auto prefixes = net::parsePrefixList(*text, file.display);
  if (!prefixes.ok()) return common::fail(prefixes.error());
  return PrefixFileContents{file.display, std::move(*prefixes)};
}

common::Result<Blocklist> parseBlocklist(const Field& list, const YAML::Node& entry, std::size_t index,
                                         const SourceFile& from) {
  const std::string& file = *list.file;
  if (!entry.IsMap()) {
    return errorAt(entryLocation(list, entry), "'blocklists' entry #" + std::to_string(index) +
                                                   " must be a mapping with name and file (got " + describeNode(entry) +
                                                   ")");
  }
  Blocklist blocklist;
  blocklist.location = locationOf(entry, file);
  blocklist.identifier = "c2-contact";
  blocklist.classification = Classification{"malicious-code", "infected-system"};

  std::string where = "in blocklist #" + std::to_string(index);
  for (auto it = entry.begin(); it != entry.end(); ++it) {
    if (!it->first.IsScalar() || it->first.Scalar() != "name") continue;
    const Field name{&file, it->first, it->second, "name"};
    auto text = readRuleId(name);
    if (!text.ok()) return common::fail(text.error());
    blocklist.name = *text;
    where = "in blocklist '" + blocklist.name + "'";
    break;
  }
  auto fields = mappingFields(file, entry, kBlocklistKeys, where);
  if (!fields.ok()) return common::fail(fields.error());
  for (std::string_view required : {std::string_view("name"), std::string_view("file")}) {
    if (findField(*fields, required) == nullptr) {
      return errorAt(blocklist.location, "missing required key '" + std::string(required) + "' " + where);
    }
  }

  for (const Field& field : *fields) {
    if (field.name == "file") {
      auto contents = readPrefixFileField(field, from, where);
      if (!contents.ok()) return common::fail(contents.error());
      blocklist.file = contents->display;
      blocklist.entries = contents->prefixes.size();
      blocklist.prefixes = net::PrefixSet(contents->prefixes);
    } else if (field.name == "identifier") {
      auto identifier = readIdentifier(field);
      if (!identifier.ok()) return common::fail(identifier.error());
      blocklist.identifier = *identifier;
    } else if (field.name == "classification") {
      auto classification = parseClassification(field, where);
      if (!classification.ok()) return common::fail(classification.error());
      blocklist.classification = std::move(*classification);
    } else if (field.name == "severity") {
      auto severity = readEnum<Severity>(field, parseSeverity, severityNames());
      if (!severity.ok()) return common::fail(severity.error());
      blocklist.severity = *severity;
    } else if (field.name == "tlp") {
      auto tlp = readEnum<Tlp>(field, parseTlp, tlpNames());
      if (!tlp.ok()) return common::fail(tlp.error());
      blocklist.tlp = *tlp;
    }
  }
  return blocklist;
}

common::Result<SensorOverrides> parseSensor(const Field& field) {
  auto map = readMap(field, "home_networks and inbound_only");
  if (!map.ok()) return common::fail(map.error());
  auto fields = mappingFields(*field.file, *map, kSensorKeys, "in sensor " + quoteText(field.name));
  if (!fields.ok()) return common::fail(fields.error());
  SensorOverrides overrides;
  overrides.location = field.keyLocation();
  for (const Field& sub : *fields) {
    if (sub.name == "home_networks") {
      auto prefixes = readPrefixList(sub, /*non_empty=*/true);
      if (!prefixes.ok()) return common::fail(prefixes.error());
      overrides.home = net::PrefixSet(*prefixes);
    } else {
      auto inbound_only = readBool(sub);
      if (!inbound_only.ok()) return common::fail(inbound_only.error());
      overrides.inbound_only = *inbound_only;
    }
  }
  return overrides;
}

common::Result<void> parseDefaults(const Field& field, RuleDefaults& defaults) {
  auto map = readMap(field, "severity, tlp, cooldown and min_duration");
  if (!map.ok()) return common::fail(map.error());
  auto fields = mappingFields(*field.file, *map, kDefaultsKeys, "in 'defaults'");
  if (!fields.ok()) return common::fail(fields.error());
  for (const Field& sub : *fields) {
    if (sub.name == "severity") {
      auto severity = readEnum<Severity>(sub, parseSeverity, severityNames());
      if (!severity.ok()) return common::fail(severity.error());
      defaults.severity = *severity;
    } else if (sub.name == "tlp") {
      auto tlp = readEnum<Tlp>(sub, parseTlp, tlpNames());
      if (!tlp.ok()) return common::fail(tlp.error());
      defaults.tlp = *tlp;
    } else if (sub.name == "cooldown") {
      auto cooldown = readDurationSeconds(sub, kMinCooldownSeconds, kMaxCooldownSeconds);
      if (!cooldown.ok()) return common::fail(cooldown.error());
      defaults.cooldown_s = *cooldown;
    } else {
      auto min_duration = readDurationSeconds(sub, 0, kMaxCooldownSeconds);
      if (!min_duration.ok()) return common::fail(min_duration.error());
      defaults.min_duration_s = *min_duration;
    }
  }
  return {};
}

}  // namespace vigil::rules
