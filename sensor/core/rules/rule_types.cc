// Name tables for the rules file's enumerations; one array per enum, indexed by the enum value.
#include "rules/rule_types.h"

#include <array>
#include <cctype>

namespace vigil::rules {
namespace {

// The arrays are indexed by the enum's value; their sizes are tied to the kXCount constants so an
// enum value added without a name fails to compile.
constexpr std::array<std::string_view, kKindCount> kKindNames = {
    "scan-horizontal", "scan-vertical", "syn-flood",  "udp-flood", "icmp-flood",
    "amplification",   "bruteforce",    "c2-contact", "spam",      "spoofed-source",
};
constexpr std::array<std::string_view, kKeyKindCount> kKeyKindNames = {"source", "destination", "source->destination",
                                                                       "source->destination:port"};
constexpr std::array<std::string_view, kMeasureCount> kMeasureNames = {
    "packets_per_second",
    "bits_per_second",
    "flows_per_second",
    "distinct_destinations",
    "distinct_sources",
    "distinct_ports",
    "connection_attempts",
    "short_connections",
    "failed_connections",
    "packets",
    "bytes",
};
constexpr std::array<std::string_view, kMeasureCount> kMeasureUnits = {
    "packets per second",
    "bits per second",
    "new flows per second",
    "distinct destination hosts",
    "distinct source hosts",
    "distinct destination ports",
    "connection attempts",
    "short connections",
    "failed connections",
    "packets",
    "bytes",
};
constexpr std::array<std::string_view, kProtocolCount> kProtocolNames = {"any", "tcp", "udp", "icmp"};
constexpr std::array<std::string_view, kFragmentModeCount> kFragmentModeNames = {"include", "exclude", "only"};
constexpr std::array<std::string_view, kSeverityCount> kSeverityNames = {"low", "medium", "high"};
constexpr std::array<std::string_view, kTlpCount> kTlpNames = {"TLP:CLEAR", "TLP:GREEN", "TLP:AMBER",
                                                               "TLP:AMBER+STRICT", "TLP:RED"};

template <typename E, std::size_t N>
std::string_view nameOf(const std::array<std::string_view, N>& names, E value) noexcept {
  const auto index = static_cast<std::size_t>(value);
  return index < N ? names[index] : std::string_view("unknown");
}

template <typename E, std::size_t N>
std::optional<E> parseExact(const std::array<std::string_view, N>& names, std::string_view text) noexcept {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<E>(i);
  }
  return std::nullopt;
}

template <std::size_t N>
std::string joinNames(const std::array<std::string_view, N>& names) {
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string_view kindName(Kind kind) noexcept {
  return nameOf(kKindNames, kind);
}
std::optional<Kind> parseKind(std::string_view text) noexcept {
  return parseExact<Kind>(kKindNames, text);
}
std::string kindNames() {
  return joinNames(kKindNames);
}

std::string_view keyKindName(KeyKind key) noexcept {
  return nameOf(kKeyKindNames, key);
}
std::optional<KeyKind> parseKeyKind(std::string_view text) noexcept {
  return parseExact<KeyKind>(kKeyKindNames, text);
}
std::string keyKindNames() {
  return joinNames(kKeyKindNames);
}

std::string_view measureName(Measure measure) noexcept {
  return nameOf(kMeasureNames, measure);
}
std::optional<Measure> parseMeasure(std::string_view text) noexcept {
  return parseExact<Measure>(kMeasureNames, text);
}
std::string measureNames() {
  return joinNames(kMeasureNames);
}
bool measureIsRate(Measure measure) noexcept {
  return measure == Measure::kPacketsPerSecond || measure == Measure::kBitsPerSecond ||
         measure == Measure::kFlowsPerSecond;
}
std::string_view measureUnit(Measure measure) noexcept {
  return nameOf(kMeasureUnits, measure);
}

std::string_view protocolName(Protocol protocol) noexcept {
  return nameOf(kProtocolNames, protocol);
}
std::optional<Protocol> parseProtocol(std::string_view text) noexcept {
  return parseExact<Protocol>(kProtocolNames, text);
}
std::string protocolNames() {
  return joinNames(kProtocolNames);
}

std::string_view fragmentModeName(FragmentMode mode) noexcept {
  return nameOf(kFragmentModeNames, mode);
}
std::optional<FragmentMode> parseFragmentMode(std::string_view text) noexcept {
  return parseExact<FragmentMode>(kFragmentModeNames, text);
}
std::string fragmentModeNames() {
  return joinNames(kFragmentModeNames);
}

std::string_view severityName(Severity severity) noexcept {
  return nameOf(kSeverityNames, severity);
}
std::optional<Severity> parseSeverity(std::string_view text) noexcept {
  return parseExact<Severity>(kSeverityNames, text);
}
std::string severityNames() {
  return joinNames(kSeverityNames);
}

std::string_view tlpName(Tlp tlp) noexcept {
  return nameOf(kTlpNames, tlp);
}
std::optional<Tlp> parseTlp(std::string_view text) noexcept {
  for (std::size_t i = 0; i < kTlpCount; ++i) {
    if (equalsIgnoreCase(kTlpNames[i], text)) return static_cast<Tlp>(i);
  }
  // TLP 2.0 renamed WHITE to CLEAR with the same meaning; older rule sets and feeds still say WHITE.
  if (equalsIgnoreCase("TLP:WHITE", text)) return Tlp::kClear;
  return std::nullopt;
}
std::string tlpNames() {
  return joinNames(kTlpNames);
}

}  // namespace vigil::rules
