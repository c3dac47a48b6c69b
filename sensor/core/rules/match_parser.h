// parseMatch: reads a rule's `match:` mapping into a Match, checking every key with located errors.
#pragma once

#include <string_view>

#include "common/result.h"
#include "rules/match.h"
#include "rules/yaml_fields.h"

namespace vigil::rules {

/// `field` is the rule's `match` entry; `rule_where` names the rule in messages ("in rule 'syn-scan'").
/// Checks cross-key constraints too: tcp_flags only with protocol tcp, icmp_types only with protocol
/// icmp, no flag both set and unset, packet_size min <= max. Load-time only (allocates).
common::Result<Match> parseMatch(const Field& field, std::string_view rule_where);

}  // namespace vigil::rules
