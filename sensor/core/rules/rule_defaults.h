// Per-kind defaults of a rule: RSIT classification and classification.identifier (derived from ports).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "rules/match.h"
#include "rules/rule.h"
#include "rules/rule_types.h"

namespace vigil::rules {

/// The classification a rule of `kind` gets when it names none:
///   scan-*                                        information-gathering / scanner
///   syn-flood, udp-flood, icmp-flood, amplification availability / ddos
///   bruteforce                                    intrusion-attempts / brute-force
///   c2-contact                                    malicious-code / infected-system
///   spam                                          abusive-content / spam
///   spoofed-source                                other / other (RSIT has no spoofing type)
Classification defaultClassification(Kind kind);

/// Service name of a well-known port used in identifiers ("dns" for 53, "ssh" for 22, ...), or nullopt.
/// One table for both amplification and brute force: 53 dns, 123 ntp, 1900 ssdp, 11211 memcached,
/// 389 cldap, 161 snmp, 19 chargen, 22 ssh, 23 telnet, 3389 rdp, 21 ftp.
std::optional<std::string_view> serviceName(uint16_t port) noexcept;
/// "53 dns, 123 ntp, ..." for error messages.
std::string serviceTable();

/// The identifier a rule gets when it names none, or nullopt when it cannot be derived:
/// the kind name for most kinds; "amplification-<service>" from the first match.source_ports port;
/// "bruteforce-<service>" from the first match.ports port, else "bruteforce-ssh" when
/// match.payload_prefix is "SSH-" (with no ports, or ports not in the table).
std::optional<std::string> defaultIdentifier(Kind kind, const Match& match);

}  // namespace vigil::rules
