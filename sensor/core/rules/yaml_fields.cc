// Typed, located reads of YAML values for the rules loader; nothing here calls yaml-cpp's as<T>().
#include "rules/yaml_fields.h"

#include "rules/duration.h"
#include "rules/yaml_errors.h"

namespace vigil::rules {
namespace {

// "1s", "1h", "24h": the bounds as an operator would write them in the file.
std::string boundText(uint32_t seconds) {
  if (seconds != 0 && seconds % 3600 == 0) return std::to_string(seconds / 3600) + "h";
  if (seconds != 0 && seconds % 60 == 0) return std::to_string(seconds / 60) + "m";
  return std::to_string(seconds) + "s";
}

bool isEmpty(const YAML::Node& node) {
  return !node.IsDefined() || node.IsNull();
}

common::Error mustBe(const Field& field, std::string_view expected) {
  return field.error("'" + field.name + "' must be " + std::string(expected) + " (got " + describeNode(field.value) +
                     ")");
}

}  // namespace

SourceLocation Field::keyLocation() const {
  return locationOf(key, *file);
}

SourceLocation Field::valueLocation() const {
  if (isEmpty(value)) return keyLocation();
  return locationOf(value, *file);
}

common::Error Field::error(std::string_view message) const {
  return errorAt(valueLocation(), message);
}

common::Result<std::vector<Field>> mappingFields(const std::string& file, const YAML::Node& map,
                                                 std::span<const std::string_view> allowed, std::string_view where,
                                                 std::string_view noun) {
  std::vector<Field> fields;
  const std::string suffix = where.empty() ? std::string() : " " + std::string(where);
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      return errorAt(locationOf(key, file), "keys must be plain names" + suffix + " (got " + describeNode(key) + ")");
    }
    const std::string& name = key.Scalar();
    bool known = false;
    for (std::string_view candidate : allowed)
      known = known || candidate == name;
    if (!known) {
      std::string hint = didYouMean(name, allowed);
      if (hint.empty()) hint = "; expected one of " + joinNames(allowed);
      return errorAt(locationOf(key, file), std::string(noun) + " " + quoteText(name) + suffix + hint);
    }
    if (const Field* first = findField(fields, name)) {
      return errorAt(locationOf(key, file), "duplicate key " + quoteText(name) + suffix + " (first at line " +
                                                std::to_string(first->keyLocation().line) + ")");
    }
    fields.push_back(Field{&file, key, it->second, name});
  }
  return fields;
}

const Field* findField(const std::vector<Field>& fields, std::string_view name) noexcept {
  for (const Field& field : fields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

SourceLocation entryLocation(const Field& list, const YAML::Node& entry) {
  if (isEmpty(entry)) return list.valueLocation();
  return locationOf(entry, *list.file);
}

common::Result<std::string> readScalar(const Field& field, std::string_view expected) {
  if (!field.value.IsScalar() || field.value.Scalar().empty()) return mustBe(field, expected);
  return field.value.Scalar();
}

common::Result<double> readNumber(const Field& field, bool allow_si) {
  const std::string_view expected = allow_si ? "a number such as 100, 0.5, \"10k\" or \"1.5M\"" : "a number";
  if (!field.value.IsScalar()) return mustBe(field, expected);
  const std::string& text = field.value.Scalar();
  // parseSiNumber reads plain numbers too; without allow_si a suffix is rejected here.
  const bool has_suffix = !text.empty() && (text.back() == 'k' || text.back() == 'M' || text.back() == 'G');
  const std::optional<double> value = parseSiNumber(text);
  if (!value.has_value() || (!allow_si && has_suffix)) return mustBe(field, expected);
  return *value;
}

common::Result<int64_t> readInteger(const Field& field, int64_t lo, int64_t hi) {
  const std::string expected = "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
  if (!field.value.IsScalar()) return mustBe(field, expected);
  const std::optional<int64_t> value = parseInteger(field.value.Scalar());
  if (!value.has_value() || *value < lo || *value > hi) return mustBe(field, expected);
  return *value;
}

common::Result<bool> readBool(const Field& field) {
  if (field.value.IsScalar()) {
    const std::string& text = field.value.Scalar();
    if (text == "true" || text == "yes") return true;
    if (text == "false" || text == "no") return false;
  }
  return mustBe(field, "true or false");
}

common::Result<uint32_t> readDurationSeconds(const Field& field, uint32_t min_s, uint32_t max_s) {
  constexpr std::string_view kExpected = "a duration such as 10s, 5m or 1h, or a number of seconds";
  if (!field.value.IsScalar()) return mustBe(field, kExpected);
  const std::string& text = field.value.Scalar();
  const std::optional<uint64_t> ms = parseDurationMs(text);
  if (!ms.has_value()) return mustBe(field, kExpected);
  // Bounds first, so "500ms" reads "at least 1s" rather than "whole seconds".
  if (*ms < uint64_t{min_s} * 1000) {
    return field.error(field.name + " must be at least " + boundText(min_s) + " (got " + quoteText(text) + ")");
  }
  if (*ms > uint64_t{max_s} * 1000) {
    return field.error(field.name + " must be at most " + boundText(max_s) + " (got " + quoteText(text) + ")");
  }
  if (*ms % 1000 != 0) {
    return field.error(field.name + " must be a whole number of seconds (got " + quoteText(text) + ")");
  }
  return static_cast<uint32_t>(*ms / 1000);
}

common::Result<std::vector<YAML::Node>> readList(const Field& field, std::string_view entries) {
  if (!field.value.IsSequence()) return mustBe(field, "a list of " + std::string(entries));
  std::vector<YAML::Node> out;
  for (auto it = field.value.begin(); it != field.value.end(); ++it)
    out.push_back(*it);
  return out;
}

common::Result<YAML::Node> readMap(const Field& field, std::string_view what) {
  if (!field.value.IsMap()) {
    return mustBe(field, what.empty() ? std::string("a mapping") : "a mapping of " + std::string(what));
  }
  return field.value;
}

}  // namespace vigil::rules
