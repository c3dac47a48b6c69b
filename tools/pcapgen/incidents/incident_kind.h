// IncidentKind: the injectable incident kinds, their identifiers (DESIGN §4) and documented keys.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace vigil::pcapgen {

/// Names are the event identifiers of DESIGN.md §4 (classification.identifier), except
/// backscatter, which is benign and must raise nothing.
enum class IncidentKind : uint8_t {
  kScanHorizontal,
  kScanVertical,
  kSynFlood,
  kUdpFlood,
  kIcmpFlood,
  kAmplificationDns,
  kAmplificationNtp,
  kAmplificationSsdp,
  kAmplificationMemcached,
  kAmplificationCldap,
  kAmplificationSnmp,
  kAmplificationChargen,
  kBruteforceSsh,
  kBruteforceTelnet,
  kBruteforceRdp,
  kBruteforceFtp,
  kC2Contact,
  kSpam,
  kBackscatter,
};

/// One key an incident kind accepts, with its help text (shown by --help and in README.md).
struct IncidentKey {
  std::string_view name;
  std::string_view help;
};

/// Static description of a kind.
struct IncidentKindInfo {
  IncidentKind kind;
  std::string_view name;     // identifier, e.g. "scan-horizontal"
  std::string_view summary;  // one line
  std::string_view count;    // what count= counts for this kind
  double default_rate;       // packets per second when neither rate= nor duration= is given
  std::span<const IncidentKey> keys;  // kind-specific keys (at, duration, rate, count are common)
};

/// Keys every kind accepts.
std::span<const IncidentKey> commonIncidentKeys() noexcept;

/// All kinds, in enum order.
std::span<const IncidentKindInfo> incidentKinds() noexcept;

const IncidentKindInfo& incidentKindInfo(IncidentKind kind) noexcept;
std::string_view incidentKindName(IncidentKind kind) noexcept;
std::optional<IncidentKind> incidentKindFromName(std::string_view name) noexcept;

/// True when `key` is common or listed for `kind`.
bool incidentKeyAllowed(IncidentKind kind, std::string_view key) noexcept;

/// The help text for every kind and key (the --help footer).
std::string incidentHelpText();

}  // namespace vigil::pcapgen
