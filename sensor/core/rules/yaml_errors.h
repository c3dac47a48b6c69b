// Located rules-file errors: yaml-cpp marks -> 1-based file:line:column, value descriptions, "did you mean".
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "common/result.h"
#include "rules/source_location.h"

namespace vigil::rules {

// Every loader error is one line "FILE:LINE:COLUMN: what is wrong; what was expected". These helpers
// build the pieces; they are used at load time only (they allocate) and never throw.

/// Where `node` starts in `file` (1-based). A node without a mark (yaml-cpp gives -1) yields line 0,
/// which SourceLocation prints as the file name alone.
SourceLocation locationOf(const YAML::Node& node, const std::string& file);

/// The same for a yaml-cpp Mark (as carried by its exceptions).
SourceLocation locationOfMark(const YAML::Mark& mark, const std::string& file);

/// "location: message" as a common::Error.
common::Error errorAt(const SourceLocation& at, std::string_view message);

/// How a value is named in "(got ...)": "nothing", "a list", "a mapping", or the scalar quoted.
std::string describeNode(const YAML::Node& node);

/// Quotes operator text for a message: 'text', with control and non-ASCII bytes shown as \xNN and
/// anything past 60 characters cut to "...", so a hostile file cannot produce a multi-line error.
std::string quoteText(std::string_view text);

/// `text` with control bytes (newlines included) shown as \xNN, so any message stays one line.
std::string oneLine(std::string_view text);

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
std::size_t editDistance(std::string_view a, std::string_view b);

/// " (did you mean 'threshold'?)" for the closest candidate within a small edit distance, else "".
std::string didYouMean(std::string_view word, std::span<const std::string_view> candidates);

/// "a, b, c".
std::string joinNames(std::span<const std::string_view> names);

}  // namespace vigil::rules
