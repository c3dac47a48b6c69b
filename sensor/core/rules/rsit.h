// The RSIT 1.3 (Reference Security Incident Taxonomy) table that rule classifications are checked against.
#pragma once

#include <string>
#include <string_view>

namespace vigil::rules {

// Values are RSIT machinev1 version 1003 exactly (lower case, hyphenated), which IntelMQ's
// harmonisation also uses except for one spelling (fraud/unauthorised-use-of-resources, where IntelMQ
// writes "unauthorized"); the event codec maps that one on output. IntelMQ-only types outside RSIT
// (other/blacklist, other/tor, ...) are deliberately not accepted. Pure functions, thread-safe.

/// True when `taxonomy` is one of the eleven RSIT taxonomies (abusive-content ... test).
bool isRsitTaxonomy(std::string_view taxonomy) noexcept;
/// True when `type` is listed under `taxonomy` (false for an unknown taxonomy).
bool isRsitType(std::string_view taxonomy, std::string_view type) noexcept;
/// "abusive-content, malicious-code, ..." for error messages.
std::string rsitTaxonomyNames();
/// The types of one taxonomy joined with ", "; empty for an unknown taxonomy.
std::string rsitTypeNames(std::string_view taxonomy);

}  // namespace vigil::rules
