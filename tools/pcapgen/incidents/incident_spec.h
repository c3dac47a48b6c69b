// IncidentSpec: one --incident argument, parsed into a kind and its key=value pairs.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "pcapgen/incidents/incident_kind.h"

namespace vigil::pcapgen {

/// "KIND[:key=value,key=value...]". A comma-separated piece without '=' continues the previous
/// value, so lists read naturally: "scan-vertical:ports=22,80,443,rate=50". Keys are checked
/// against the kind's table (unknown or repeated keys are errors); values are checked later
/// by IncidentParams. Plain value type.
struct IncidentSpec {
  IncidentKind kind = IncidentKind::kScanHorizontal;
  std::string text;  // as given, for the truth file
  std::vector<std::pair<std::string, std::string>> values;

  static common::Result<IncidentSpec> parse(std::string_view text);

  /// The value of `key`, or nullptr when absent.
  const std::string* find(std::string_view key) const noexcept;

  /// Sets (or replaces) a value; used to pin a derived count.
  void set(std::string_view key, std::string value);
};

}  // namespace vigil::pcapgen
