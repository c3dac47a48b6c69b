// RSIT 1.3 taxonomy -> types table (CERT-FORMATS §3), used to validate rule and blocklist classifications.
#include "rules/rsit.h"

#include <array>

namespace vigil::rules {
namespace {

// RSIT has at most five types per taxonomy; unused slots stay empty and are skipped.
struct TaxonomyEntry {
  std::string_view taxonomy;
  std::array<std::string_view, 5> types;
};

constexpr std::array<TaxonomyEntry, 11> kTable = {{
    {"abusive-content", {"spam", "harmful-speech", "violence"}},
    {"malicious-code", {"infected-system", "c2-server", "malware-distribution", "malware-configuration"}},
    {"information-gathering", {"scanner", "sniffing", "social-engineering"}},
    {"intrusion-attempts", {"ids-alert", "brute-force", "exploit"}},
    {"intrusions",
     {"privileged-account-compromise", "unprivileged-account-compromise", "application-compromise", "system-compromise",
      "burglary"}},
    {"availability", {"dos", "ddos", "misconfiguration", "sabotage", "outage"}},
    {"information-content-security",
     {"unauthorised-information-access", "unauthorised-information-modification", "data-loss", "data-leak"}},
    {"fraud", {"unauthorised-use-of-resources", "copyright", "masquerade", "phishing"}},
    {"vulnerable",
     {"weak-crypto", "ddos-amplifier", "potentially-unwanted-accessible", "information-disclosure",
      "vulnerable-system"}},
    {"other", {"other", "undetermined"}},
    {"test", {"test"}},
}};

const TaxonomyEntry* find(std::string_view taxonomy) noexcept {
  for (const TaxonomyEntry& entry : kTable) {
    if (entry.taxonomy == taxonomy) return &entry;
  }
  return nullptr;
}

}  // namespace

bool isRsitTaxonomy(std::string_view taxonomy) noexcept {
  return find(taxonomy) != nullptr;
}

bool isRsitType(std::string_view taxonomy, std::string_view type) noexcept {
  const TaxonomyEntry* entry = find(taxonomy);
  if (entry == nullptr) return false;
  for (std::string_view candidate : entry->types) {
    if (!candidate.empty() && candidate == type) return true;
  }
  return false;
}

std::string rsitTaxonomyNames() {
  std::string out;
  for (const TaxonomyEntry& entry : kTable) {
    if (!out.empty()) out += ", ";
    out += entry.taxonomy;
  }
  return out;
}

std::string rsitTypeNames(std::string_view taxonomy) {
  std::string out;
  const TaxonomyEntry* entry = find(taxonomy);
  if (entry == nullptr) return out;
  for (std::string_view type : entry->types) {
    if (type.empty()) continue;
    if (!out.empty()) out += ", ";
    out += type;
  }
  return out;
}

}  // namespace vigil::rules
