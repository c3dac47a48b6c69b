// Plain-words explanations of rules, blocklists and whole rule sets, for `vigil-rules explain` and `check`.
#pragma once

#include <string>

#include "rules/blocklist.h"
#include "rules/rule.h"
#include "rules/rule_set.h"

namespace vigil::rules {

// Operator-facing text; allocates; any thread. The wording is part of the tool's interface (tests
// pin it), so change it deliberately.

/// One paragraph, e.g. "syn-scan: report a source that sends TCP SYNs (SYN set, ACK unset) to more
/// than 256 distinct hosts within 60 s as information-gathering/scanner (identifier scan-horizontal,
/// severity medium, TLP:AMBER); at most one update every 300 s while it lasts."
std::string explainRule(const Rule& rule);

/// One sentence about a blocklist: what is reported, from which file, how it is classified.
std::string explainBlocklist(const Blocklist& blocklist);

/// The `check` summary: "N rules (M disabled), K blocklists with E entries, H home prefixes"
/// ("every address is home" instead of the last part when no home networks are given).
std::string summarizeRuleSet(const RuleSet& rules);

/// Every rule, then blocklists, home networks, allowlist, sensors and the files read; one item per
/// line, rules separated by blank lines.
std::string explainRuleSet(const RuleSet& rules);

}  // namespace vigil::rules
