// Blocklist: a named prefix file whose addresses, when contacted, produce a finding (C2 lists and the like).
#pragma once

#include <cstddef>
#include <string>

#include "net/prefix_set.h"
#include "rules/rule.h"
#include "rules/rule_types.h"
#include "rules/source_location.h"

namespace vigil::rules {

/// One `blocklists:` entry with its prefix file loaded. Owned by the RuleSet, read-only after
/// loading; `prefixes` is the lookup structure the blocklist detector queries per flow.
struct Blocklist {
  std::string name;               // unique in the set
  std::string file;               // the prefix file as resolved (display path, relative to the yaml's directory)
  std::string identifier;         // default "c2-contact"
  Classification classification;  // default malicious-code / infected-system
  Severity severity = Severity::kHigh;
  Tlp tlp = Tlp::kAmber;
  net::PrefixSet prefixes;
  std::size_t entries = 0;  // prefixes read from the file (before any merging in PrefixSet)
  SourceLocation location;  // the entry's mapping in the rules file
};

}  // namespace vigil::rules
