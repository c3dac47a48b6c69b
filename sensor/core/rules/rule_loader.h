// loadRuleSet / parseRuleSet: a YAML rules file (with its includes and prefix files) -> immutable RuleSet.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "rules/rule_set.h"

namespace vigil::rules {

/// Include chains deeper than this are refused (a chain this long is a mistake, and it bounds recursion).
inline constexpr int kMaxIncludeDepth = 16;

/// Loads the rules file at `path` (as given: relative to the working directory, and shown that way
/// in messages). Semantics, in short (rules/README.md has the full reference):
///   - `include:` files load first, in order, each at most once; then this file's own keys.
///     Later files override earlier ones for home_networks(_file), each `defaults` key and each
///     `sensors.<id>`; allowlist, blocklists and rules add up; a rule whose id was seen in an earlier
///     file replaces it in place. Include cycles are errors naming the chain.
///   - Relative paths (includes, *_file keys, blocklist files) resolve against the directory of
///     the file naming them, never the working directory.
///   - `defaults` are applied after everything is read, so an overlay's defaults also cover the
///     rules it includes.
/// The first problem stops loading and comes back as one line "FILE:LINE:COLUMN: what; expected".
/// Start-up / reload path: reads files, allocates, may take milliseconds for large blocklists.
/// Thread-safe (no shared state); never throws.
common::Result<std::shared_ptr<const RuleSet>> loadRuleSet(const std::string& path);

/// The same for an in-memory document (tests, fuzzing): `display_name` names it in messages, and its
/// relative paths resolve under `base_dir` (shown relative to display_name's directory).
common::Result<std::shared_ptr<const RuleSet>> parseRuleSet(std::string_view yaml, std::string_view display_name,
                                                            const std::string& base_dir);

}  // namespace vigil::rules
