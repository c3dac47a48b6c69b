// Typed reads of rules-file values (strings, numbers, durations, lists, mappings) with located errors.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "rules/source_location.h"
#include "rules/yaml_errors.h"

namespace vigil::rules {

/// One `key: value` pair of a mapping, with what is needed to blame the right place. Load-time
/// only; holds yaml-cpp node handles (cheap, shared) and a pointer to the display file name,
/// which must outlive it.
struct Field {
  const std::string* file = nullptr;
  YAML::Node key;
  YAML::Node value;
  std::string name;  // the key as written

  SourceLocation keyLocation() const;
  /// Where the value starts; the key's location when the value is empty (yaml-cpp then marks the
  /// next token, which may be lines away).
  SourceLocation valueLocation() const;
  /// errorAt(valueLocation(), message).
  common::Error error(std::string_view message) const;
};

/// Checks that every key of the mapping `map` is a plain scalar, appears once and is one of
/// `allowed`; returns the fields in file order. Errors: "<noun> 'x' <where> (did you mean 'y'?)" or
/// "...; expected one of a, b, c", and "duplicate key 'x' <where> (first at line N)".
/// Precondition: map.IsMap().
common::Result<std::vector<Field>> mappingFields(const std::string& file, const YAML::Node& map,
                                                 std::span<const std::string_view> allowed, std::string_view where,
                                                 std::string_view noun = "unknown key");

/// The field named `name`, or nullptr.
const Field* findField(const std::vector<Field>& fields, std::string_view name) noexcept;

/// Location of a list entry: the entry itself, or the list's field when the entry is empty.
SourceLocation entryLocation(const Field& list, const YAML::Node& entry);

// The readers below fail with "'<name>' must be <expected> (got <what was there>)" at the value.

/// Any scalar (quoted or not; "123" and 123 alike), not empty. `expected` completes "must be ...".
common::Result<std::string> readScalar(const Field& field, std::string_view expected = "a string");
/// A decimal number, optionally with a k/M/G suffix when `allow_si` ("10k", "1.5M").
common::Result<double> readNumber(const Field& field, bool allow_si = false);
/// An integer within [lo, hi].
common::Result<int64_t> readInteger(const Field& field, int64_t lo, int64_t hi);
/// true/false (also yes/no, as YAML 1.1 writers produce).
common::Result<bool> readBool(const Field& field);
/// A duration ("10s", "5m", "1h", "500ms", or bare seconds) of whole seconds within [min_s, max_s].
common::Result<uint32_t> readDurationSeconds(const Field& field, uint32_t min_s, uint32_t max_s);
/// A list (possibly empty); `entries` completes "must be a list of ...".
common::Result<std::vector<YAML::Node>> readList(const Field& field, std::string_view entries);
/// One name of an enumeration, via its parser (parseKind, parseTlp, ...); `names` lists the choices.
template <typename E, typename Parse>
common::Result<E> readEnum(const Field& field, Parse parse, const std::string& names) {
  const std::optional<E> value = field.value.IsScalar() ? parse(field.value.Scalar()) : std::nullopt;
  if (!value.has_value()) {
    return field.error("'" + field.name + "' must be one of " + names + " (got " + describeNode(field.value) + ")");
  }
  return *value;
}
/// A mapping; `what` completes "must be a mapping of ..." / "must be a mapping".
common::Result<YAML::Node> readMap(const Field& field, std::string_view what = {});

}  // namespace vigil::rules
