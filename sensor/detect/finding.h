// Finding: one detector's conclusion about one key (source, destination, port) in one tick, before it becomes an event.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "net/ip_address.h"

namespace vigil::detect {

/// Filled by Detector::evaluate() for a host whose condition holds. Plain value, no allocation: the
/// evidence (Event::extra) is only rendered by Detector::describe() when an event is actually emitted.
struct Finding {
  std::optional<net::IpAddress> source;       // the offending host; absent when sources are spoofed
  std::optional<net::IpAddress> destination;  // the target / victim when there is one
  std::optional<uint16_t> port;               // destination.port when single
  std::string_view transport;                 // "tcp" | "udp" | "icmp" | "" (static strings only)
  double value = 0;                           // the rule's measure, compared with its threshold
  /// Detector-specific variant, so one rule can emit distinct findings for one host (amplification:
  /// 0 = the victim, 1 = the host as an abused reflector; SYN flood: 1 = a dominant source).
  uint8_t role = 0;
  /// Part of the finding's identity although it is not reported as source or destination (the claimed
  /// address of a spoofed-source finding): two such findings with the same victim stay apart.
  std::optional<net::IpAddress> subject;
};

/// The identity of a finding across ticks (what the FindingTracker follows).
struct FindingKey {
  uint32_t rule = 0;  // index into the engine's detectors
  uint8_t role = 0;
  net::IpAddress source;  // :: when absent
  net::IpAddress destination;
  net::IpAddress subject;  // Finding::subject, :: when absent
  uint32_t port = 0;       // port + 1, 0 when absent

  friend bool operator==(const FindingKey&, const FindingKey&) = default;
};

}  // namespace vigil::detect
