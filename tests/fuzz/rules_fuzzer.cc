// libFuzzer target for the rules loader: any bytes as a rules document, includes resolved in an empty directory.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "rules/explain.h"
#include "rules/rule_loader.h"

namespace vigil::rules {
namespace {

// Relative includes and prefix files resolve here and fail cleanly: nothing on disk can steer the run.
const std::string& emptyBaseDir() {
  static const std::string dir = [] {
    std::string pattern = (std::filesystem::temp_directory_path() / "vigil_rules_fuzz_XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    return pattern;
  }();
  return dir;
}

/// A load that "succeeds" must satisfy what the loader promises its consumers.
void checkInvariants(const RuleSet& rules) {
  for (const Rule& rule : rules.rules()) {
    if (rule.id.empty() || rule.identifier.empty()) std::abort();
    if (!(rule.threshold > 0) || rule.window_s < 1 || rule.window_s > 3600 || rule.cooldown_s < 1) std::abort();
    if ((rule.match.flags_set & rule.match.flags_unset) != 0) std::abort();
    if (rule.match.size_min > rule.match.size_max) std::abort();
    if (rule.match.payload_prefix_len > kMaxPayloadPrefix) std::abort();
    if (rule.conditions.size() != rule.condition_locations.size()) std::abort();
    for (const PortRange& range : rule.match.ports) {
      if (range.first > range.second) std::abort();
    }
  }
  if (rules.homeIsEverything() != rules.homePrefixes().empty()) std::abort();
  if (explainRuleSet(rules).empty()) std::abort();
}

}  // namespace
}  // namespace vigil::rules

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace vigil::rules;  // NOLINT(google-build-using-namespace): fuzzer entry point only
  const std::string_view yaml(reinterpret_cast<const char*>(data), size);
  auto loaded = parseRuleSet(yaml, "fuzz.yaml", emptyBaseDir());
  if (loaded.ok()) {
    checkInvariants(**loaded);
  } else if (loaded.error().empty() || loaded.error().find('\n') != std::string::npos) {
    std::abort();  // errors are exactly one line
  }
  return 0;
}
