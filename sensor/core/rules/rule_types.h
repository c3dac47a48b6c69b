// The rules file's enumerations (kind, key, measure, protocol, fragments, severity, TLP): names and parsers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::rules {

// Every enum here has exactly one accepted spelling per value (TLP also takes the TLP 1.0 alias
// TLP:WHITE), a name function returning that spelling, a parser returning nullopt for anything
// else, and a "...Names()" list joined with ", " for "must be one of ..." messages.
// All functions are pure and thread-safe; the parsers do not allocate.

/// What a rule detects; decides the default classification and identifier.
enum class Kind : uint8_t {
  kScanHorizontal,  // scan-horizontal: one source, many destination hosts
  kScanVertical,    // scan-vertical: one source, many ports of one host
  kSynFlood,        // syn-flood
  kUdpFlood,        // udp-flood
  kIcmpFlood,       // icmp-flood
  kAmplification,   // amplification: reflected UDP responses towards a victim
  kBruteforce,      // bruteforce: many short login connections
  kC2Contact,       // c2-contact: traffic to a blocklisted C2 address
  kSpam,            // spam: SMTP fan-out
  kSpoofedSource,   // spoofed-source: home source address seen arriving from outside
};
inline constexpr std::size_t kKindCount = 10;
std::string_view kindName(Kind kind) noexcept;
std::optional<Kind> parseKind(std::string_view text) noexcept;
std::string kindNames();

/// Which addresses (and port) the counters of a rule are kept per.
enum class KeyKind : uint8_t {
  kSource,                 // source
  kDestination,            // destination
  kSourceDestination,      // source->destination
  kSourceDestinationPort,  // source->destination:port
};
inline constexpr std::size_t kKeyKindCount = 4;
std::string_view keyKindName(KeyKind key) noexcept;
std::optional<KeyKind> parseKeyKind(std::string_view text) noexcept;
std::string keyKindNames();

/// What is compared with the threshold. Rates are averaged over the rule's window; the others are
/// counts over the window.
enum class Measure : uint8_t {
  kPacketsPerSecond,      // packets_per_second   (packets/s)
  kBitsPerSecond,         // bits_per_second      (bits/s, wire length)
  kFlowsPerSecond,        // flows_per_second     (new flows/s)
  kDistinctDestinations,  // distinct_destinations (hosts)
  kDistinctSources,       // distinct_sources     (hosts)
  kDistinctPorts,         // distinct_ports       (destination ports)
  kConnectionAttempts,    // connection_attempts  (TCP SYNs without ACK / new UDP flows)
  kShortConnections,      // short_connections    (connections closed within a few packets)
  kFailedConnections,     // failed_connections   (attempts answered by RST / ICMP unreachable / nothing)
  kPackets,               // packets
  kBytes,                 // bytes (wire length)
};
inline constexpr std::size_t kMeasureCount = 11;
std::string_view measureName(Measure measure) noexcept;
std::optional<Measure> parseMeasure(std::string_view text) noexcept;
std::string measureNames();
/// True for the three "..._per_second" measures.
bool measureIsRate(Measure measure) noexcept;
/// Unit words for explanations and the README: "packets per second", "distinct destination hosts", ...
std::string_view measureUnit(Measure measure) noexcept;

/// match.protocol. kIcmp matches ICMP and ICMPv6.
enum class Protocol : uint8_t { kAny, kTcp, kUdp, kIcmp };
inline constexpr std::size_t kProtocolCount = 4;
std::string_view protocolName(Protocol protocol) noexcept;
std::optional<Protocol> parseProtocol(std::string_view text) noexcept;
std::string protocolNames();

/// match.fragments: whether IP fragments count towards the rule.
enum class FragmentMode : uint8_t { kInclude, kExclude, kOnly };
inline constexpr std::size_t kFragmentModeCount = 3;
std::string_view fragmentModeName(FragmentMode mode) noexcept;
std::optional<FragmentMode> parseFragmentMode(std::string_view text) noexcept;
std::string fragmentModeNames();

/// Event severity, as written in the event's "severity" field.
enum class Severity : uint8_t { kLow, kMedium, kHigh };
inline constexpr std::size_t kSeverityCount = 3;
std::string_view severityName(Severity severity) noexcept;
std::optional<Severity> parseSeverity(std::string_view text) noexcept;
std::string severityNames();

/// Traffic Light Protocol 2.0 label.
enum class Tlp : uint8_t { kClear, kGreen, kAmber, kAmberStrict, kRed };
inline constexpr std::size_t kTlpCount = 5;
/// Canonical TLP 2.0 spelling: "TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED".
std::string_view tlpName(Tlp tlp) noexcept;
/// Case-insensitive; "TLP:WHITE" (TLP 1.0) is read as kClear, which replaced it.
std::optional<Tlp> parseTlp(std::string_view text) noexcept;
std::string tlpNames();

}  // namespace vigil::rules
