// parseYamlDocument: rules-file text -> the one YAML document it must hold, with located syntax errors.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>

#include "common/result.h"

namespace vigil::rules {

/// Parses `text` (named `display` in messages) as exactly one YAML document. Errors:
///   "f.yaml:3:1: YAML syntax: <yaml-cpp's reason>"
///   "f.yaml: empty rules file"                      (nothing but comments / blank lines / '---')
///   "f.yaml:9:1: a rules file holds one YAML document; found a second one (...)"
/// Never throws. yaml-cpp 0.7's LoadAll loops forever on some malformed input (a stray ',' at
/// document level), so documents are counted with a bounded event pass instead.
/// Load-time only; parses the text twice (rules files are small; prefix lists live in other files).
common::Result<YAML::Node> parseYamlDocument(std::string_view text, const std::string& display);

}  // namespace vigil::rules
