// Default classification per rule kind and identifier derivation from well-known service ports.
#include "rules/rule_defaults.h"

#include <array>

namespace vigil::rules {
namespace {

struct Service {
  uint16_t port;
  std::string_view name;
};

// Amplification reflectors first, then login services; the order is the one error messages print.
constexpr std::array<Service, 11> kServices = {{
    {53, "dns"},
    {123, "ntp"},
    {1900, "ssdp"},
    {11211, "memcached"},
    {389, "cldap"},
    {161, "snmp"},
    {19, "chargen"},
    {22, "ssh"},
    {23, "telnet"},
    {3389, "rdp"},
    {21, "ftp"},
}};

std::optional<std::string> withService(std::string_view prefix, const std::vector<PortRange>& ports) {
  if (ports.empty()) return std::nullopt;
  const std::optional<std::string_view> service = serviceName(ports.front().first);
  if (!service.has_value()) return std::nullopt;
  return std::string(prefix) + "-" + std::string(*service);
}

}  // namespace

Classification defaultClassification(Kind kind) {
  switch (kind) {
    case Kind::kScanHorizontal:
    case Kind::kScanVertical:
      return {"information-gathering", "scanner"};
    case Kind::kSynFlood:
    case Kind::kUdpFlood:
    case Kind::kIcmpFlood:
    case Kind::kAmplification:
      return {"availability", "ddos"};
    case Kind::kBruteforce:
      return {"intrusion-attempts", "brute-force"};
    case Kind::kC2Contact:
      return {"malicious-code", "infected-system"};
    case Kind::kSpam:
      return {"abusive-content", "spam"};
    case Kind::kSpoofedSource:
      // RSIT 1.3 has no type for forged source addresses; other/other is its "uncategorised".
      return {"other", "other"};
  }
  return {"other", "other"};
}

std::optional<std::string_view> serviceName(uint16_t port) noexcept {
  for (const Service& service : kServices) {
    if (service.port == port) return service.name;
  }
  return std::nullopt;
}

std::string serviceTable() {
  std::string out;
  for (const Service& service : kServices) {
    if (!out.empty()) out += ", ";
    out += std::to_string(service.port);
    out += ' ';
    out += service.name;
  }
  return out;
}

std::optional<std::string> defaultIdentifier(Kind kind, const Match& match) {
  switch (kind) {
    case Kind::kAmplification:
      // Reflected responses come *from* the service port.
      return withService("amplification", match.source_ports);
    case Kind::kBruteforce: {
      std::optional<std::string> from_port = withService("bruteforce", match.ports);
      if (from_port.has_value()) return from_port;
      // The SSH banner identifies the service on any port (sshd on 2222 is common).
      if (match.payloadPrefix() == "SSH-") return std::string("bruteforce-ssh");
      return std::nullopt;
    }
    case Kind::kScanHorizontal:
    case Kind::kScanVertical:
    case Kind::kSynFlood:
    case Kind::kUdpFlood:
    case Kind::kIcmpFlood:
    case Kind::kC2Contact:
    case Kind::kSpam:
    case Kind::kSpoofedSource:
      return std::string(kindName(kind));
  }
  return std::nullopt;
}

}  // namespace vigil::rules
