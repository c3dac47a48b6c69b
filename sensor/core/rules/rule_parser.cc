// One rule mapping -> ParsedRule: required keys, enums, threshold, durations, classification, identifier.
#include "rules/rule_parser.h"

#include <array>
#include <string_view>
#include <vector>

#include "rules/match_parser.h"
#include "rules/rsit.h"
#include "rules/rule_defaults.h"
#include "rules/yaml_errors.h"
#include "rules/yaml_fields.h"

namespace vigil::rules {
namespace {

constexpr std::array<std::string_view, 16> kRuleKeys = {
    "id",       "kind",       "match",          "key",        "measure",  "threshold", "window",      "min_duration",
    "cooldown", "conditions", "classification", "identifier", "severity", "tlp",       "description", "enabled"};
constexpr std::array<std::string_view, 6> kRequiredKeys = {"id", "kind", "key", "measure", "threshold", "window"};
constexpr std::array<std::string_view, 2> kClassificationKeys = {"taxonomy", "type"};

bool isLowerOrDigit(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// Shared by rule ids and identifiers: first character [a-z0-9], the rest from `extra` too.
bool isToken(std::string_view text, std::string_view extra) noexcept {
  if (text.empty() || text.size() > kMaxIdLength || !isLowerOrDigit(text.front())) return false;
  for (char c : text) {
    if (!isLowerOrDigit(c) && extra.find(c) == std::string_view::npos) return false;
  }
  return true;
}

bool isConditionName(std::string_view name) noexcept {
  if (name.empty() || name.size() > kMaxIdLength) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
  }
  return true;
}

}  // namespace

common::Result<Classification> parseClassification(const Field& field, std::string_view where) {
  auto map = readMap(field, "taxonomy and type");
  if (!map.ok()) return common::fail(map.error());
  auto fields = mappingFields(*field.file, *map, kClassificationKeys, "in 'classification' " + std::string(where));
  if (!fields.ok()) return common::fail(fields.error());
  const Field* taxonomy = findField(*fields, "taxonomy");
  const Field* type = findField(*fields, "type");
  if (taxonomy == nullptr || type == nullptr) {
    return field.error(
        "'classification' must give both taxonomy and type (RSIT), e.g. "
        "{taxonomy: information-gathering, type: scanner}");
  }
  auto taxonomy_text = readScalar(*taxonomy, "an RSIT taxonomy");
  if (!taxonomy_text.ok()) return common::fail(taxonomy_text.error());
  if (!isRsitTaxonomy(*taxonomy_text)) {
    return taxonomy->error("'taxonomy' must be one of " + rsitTaxonomyNames() + " (got " + quoteText(*taxonomy_text) +
                           ")");
  }
  auto type_text = readScalar(*type, "an RSIT type");
  if (!type_text.ok()) return common::fail(type_text.error());
  if (!isRsitType(*taxonomy_text, *type_text)) {
    return type->error("'type' must be one of " + rsitTypeNames(*taxonomy_text) + " for taxonomy " +
                       quoteText(*taxonomy_text) + " (got " + quoteText(*type_text) + ")");
  }
  return Classification{*taxonomy_text, *type_text};
}

namespace {

common::Result<void> readConditions(const Field& field, std::string_view where, Rule& rule) {
  auto map = readMap(field, "condition names to numbers");
  if (!map.ok()) return common::fail(map.error());
  for (auto it = map->begin(); it != map->end(); ++it) {
    const Field condition{field.file, it->first, it->second, it->first.IsScalar() ? it->first.Scalar() : ""};
    if (!isConditionName(condition.name)) {
      return errorAt(condition.keyLocation(), "condition name " + describeNode(condition.key) + " " +
                                                  std::string(where) + " must be lower-case letters and '_'");
    }
    for (const auto& [name, value] : rule.conditions) {
      if (name == condition.name) {
        return errorAt(condition.keyLocation(), "duplicate condition " + quoteText(name) + " " + std::string(where));
      }
    }
    auto value = readNumber(condition, /*allow_si=*/true);
    if (!value.ok()) return common::fail(value.error());
    rule.conditions.emplace_back(condition.name, *value);
    rule.condition_locations.push_back(condition.keyLocation());
  }
  return {};
}

std::string underivableIdentifier(const Rule& rule, std::string_view where) {
  std::string message = "identifier required " + std::string(where) + ": kind " + std::string(kindName(rule.kind));
  if (rule.kind == Kind::kAmplification) {
    message += " takes it from the first match.source_ports port";
  } else {
    message += " takes it from the first match.ports port (or payload_prefix \"SSH-\")";
  }
  return message + ", which must be one of " + serviceTable() + "; otherwise set 'identifier'";
}

// Reads every field but id into `parsed`; split from parseRule to keep the per-key dispatch in one place.
common::Result<void> readField(const Field& field, std::string_view where, ParsedRule& parsed) {
  Rule& rule = parsed.rule;
  const std::string_view name = field.name;
  if (name == "kind") {
    auto kind = readEnum<Kind>(field, parseKind, kindNames());
    if (!kind.ok()) return common::fail(kind.error());
    rule.kind = *kind;
  } else if (name == "match") {
    auto match = parseMatch(field, where);
    if (!match.ok()) return common::fail(match.error());
    rule.match = std::move(*match);
    rule.match_location = field.keyLocation();
  } else if (name == "key") {
    auto key = readEnum<KeyKind>(field, parseKeyKind, keyKindNames());
    if (!key.ok()) return common::fail(key.error());
    rule.key = *key;
    rule.key_location = field.valueLocation();
  } else if (name == "measure") {
    auto measure = readEnum<Measure>(field, parseMeasure, measureNames());
    if (!measure.ok()) return common::fail(measure.error());
    rule.measure = *measure;
    rule.measure_location = field.valueLocation();
  } else if (name == "threshold") {
    auto threshold = readNumber(field, /*allow_si=*/true);
    if (!threshold.ok()) return common::fail(threshold.error());
    if (*threshold <= 0)
      return field.error("'threshold' must be greater than 0 (got " + describeNode(field.value) + ")");
    rule.threshold = *threshold;
    rule.threshold_location = field.valueLocation();
  } else if (name == "window") {
    auto window = readDurationSeconds(field, 1, kMaxWindowSeconds);
    if (!window.ok()) return common::fail(window.error());
    rule.window_s = *window;
    rule.window_location = field.valueLocation();
  } else if (name == "min_duration") {
    auto duration = readDurationSeconds(field, 0, kMaxCooldownSeconds);
    if (!duration.ok()) return common::fail(duration.error());
    rule.min_duration_s = *duration;
    parsed.has_min_duration = true;
  } else if (name == "cooldown") {
    auto cooldown = readDurationSeconds(field, kMinCooldownSeconds, kMaxCooldownSeconds);
    if (!cooldown.ok()) return common::fail(cooldown.error());
    rule.cooldown_s = *cooldown;
    parsed.has_cooldown = true;
  } else if (name == "conditions") {
    return readConditions(field, where, rule);
  } else if (name == "classification") {
    auto classification = parseClassification(field, where);
    if (!classification.ok()) return common::fail(classification.error());
    rule.classification = std::move(*classification);
  } else if (name == "identifier") {
    auto identifier = readIdentifier(field);
    if (!identifier.ok()) return common::fail(identifier.error());
    rule.identifier = std::move(*identifier);
  } else if (name == "severity") {
    auto severity = readEnum<Severity>(field, parseSeverity, severityNames());
    if (!severity.ok()) return common::fail(severity.error());
    rule.severity = *severity;
    parsed.has_severity = true;
  } else if (name == "tlp") {
    auto tlp = readEnum<Tlp>(field, parseTlp, tlpNames());
    if (!tlp.ok()) return common::fail(tlp.error());
    rule.tlp = *tlp;
    parsed.has_tlp = true;
  } else if (name == "description") {
    auto description = readScalar(field, "text");
    if (!description.ok()) return common::fail(description.error());
    rule.description = std::move(*description);
  } else if (name == "enabled") {
    auto enabled = readBool(field);
    if (!enabled.ok()) return common::fail(enabled.error());
    rule.enabled = *enabled;
  }
  return {};
}

}  // namespace

bool isValidRuleId(std::string_view id) noexcept {
  return isToken(id, "._-");
}
bool isValidIdentifier(std::string_view identifier) noexcept {
  return isToken(identifier, "-");
}

common::Result<std::string> readRuleId(const Field& field) {
  auto text = readScalar(field, "a name such as \"syn-scan\"");
  if (!text.ok()) return text;
  if (!isValidRuleId(*text)) {
    return field.error("'" + field.name +
                       "' must be lower-case letters, digits, '.', '_' and '-', starting with a "
                       "letter or digit, at most 64 characters (got " +
                       quoteText(*text) + ")");
  }
  return text;
}

common::Result<std::string> readIdentifier(const Field& field) {
  auto text = readScalar(field, "an identifier such as \"scan-horizontal\"");
  if (!text.ok()) return text;
  if (!isValidIdentifier(*text)) {
    return field.error(
        "'identifier' must be lower-case letters, digits and '-', starting with a letter or digit, "
        "at most 64 characters (got " +
        quoteText(*text) + ")");
  }
  return text;
}

common::Result<ParsedRule> parseRule(const std::string& file, const YAML::Node& node, std::size_t index,
                                     const SourceLocation& list_location) {
  std::string where = "in rule #" + std::to_string(index);
  if (!node.IsMap()) {
    const SourceLocation at = node.IsNull() ? list_location : locationOf(node, file);
    return errorAt(at, "'rules' entry #" + std::to_string(index) +
                           " must be a mapping with id, kind, key, measure, "
                           "threshold and window (got " +
                           describeNode(node) + ")");
  }
  ParsedRule parsed;
  Rule& rule = parsed.rule;
  rule.location = locationOf(node, file);
  rule.match_location = rule.key_location = rule.measure_location = rule.location;

  // The id first, so every later message can name the rule.
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar() || it->first.Scalar() != "id") continue;
    const Field id{&file, it->first, it->second, "id"};
    auto text = readRuleId(id);
    if (!text.ok()) return common::fail(text.error());
    rule.id = *text;
    where = "in rule '" + rule.id + "'";
    break;
  }

  auto fields = mappingFields(file, node, kRuleKeys, where);
  if (!fields.ok()) return common::fail(fields.error());
  // Present keys first, in file order, so the reported error is the first one reading down the file.
  for (const Field& field : *fields) {
    if (field.name == "id") continue;
    auto done = readField(field, where, parsed);
    if (!done.ok()) return common::fail(done.error());
  }
  for (std::string_view required : kRequiredKeys) {
    if (findField(*fields, required) == nullptr) {
      return errorAt(rule.location, "missing required key '" + std::string(required) + "' " + where);
    }
  }

  if (findField(*fields, "classification") == nullptr) rule.classification = defaultClassification(rule.kind);
  if (rule.identifier.empty()) {
    std::optional<std::string> identifier = defaultIdentifier(rule.kind, rule.match);
    if (!identifier.has_value()) return errorAt(rule.location, underivableIdentifier(rule, where));
    rule.identifier = std::move(*identifier);
  }
  return parsed;
}

}  // namespace vigil::rules
