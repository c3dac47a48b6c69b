// Incident: a labelled traffic source with ground truth (who attacked whom) for the truth file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "net/ip_address.h"
#include "pcapgen/incidents/incident_kind.h"
#include "pcapgen/traffic/traffic_source.h"
#include "pcapgen/wire/frame_builder.h"

namespace vigil::pcapgen {

/// What the truth file says about an incident besides its timing and packet/byte totals,
/// which the generator measures from what was actually written.
struct IncidentTruth {
  std::vector<std::string> attackers;   // offending hosts; empty when spoofed or benign
  std::vector<std::string> victims;     // targets; a CIDR when drawn from a block
  std::vector<std::string> reflectors;  // amplification only
  std::string protocol;                 // tcp | udp | icmp
  int port = -1;                        // the one service port, when there is one
  bool benign = false;                  // backscatter: must raise no finding
  nlohmann::ordered_json extra = nlohmann::ordered_json::object();  // kind-specific facts
};

/// What every incident constructor gets: the shared builder (outlives the incident), the run
/// seed and the incident's position on the command line (0-based; picks default addresses).
struct IncidentContext {
  const FrameBuilder& builder;
  uint64_t seed;
  uint32_t index;
};

/// Base of every kind. An incident is a finite packet sequence fixed at construction (all
/// per-unit randomness is a hash of seed and unit number), so expectedPackets() is exact and
/// the generator can place it in time before emitting anything. emit() is allocation-free.
class Incident : public TrafficSource {
 public:
  explicit Incident(IncidentKind kind) noexcept : kind_(kind) {}

  IncidentKind kind() const noexcept { return kind_; }

  /// Packets the whole sequence has.
  virtual uint64_t expectedPackets() const noexcept = 0;

  /// The count= units this instance was built with (to derive count from rate x duration).
  virtual uint64_t units() const noexcept = 0;

  virtual IncidentTruth truth() const = 0;

 private:
  IncidentKind kind_;
};

/// Default addresses, distinct per incident number i (documented in --help and README.md).
inline net::IpAddress defaultHomeHost(uint32_t i) { return net::IpAddress::fromV4(0x0a01fa00u + 10 + i % 240); }
inline net::IpAddress defaultHomeVictim(uint32_t i) { return net::IpAddress::fromV4(0x0a01fb00u + 10 + i % 240); }
inline net::IpAddress defaultRemoteServer(uint32_t i) { return net::IpAddress::fromV4(0xc6336400u + 10 + i % 90); }
inline net::IpAddress defaultRemoteAttacker(uint32_t i) { return net::IpAddress::fromV4(0xcb007100u + 10 + i % 240); }
inline net::IpAddress defaultC2(uint32_t i) { return net::IpAddress::fromV4(0xc0000200u + 10 + i % 240); }

}  // namespace vigil::pcapgen

namespace vigil::pcapgen {

/// Frames from addresses in the home ranges (10.0.0.0/8, 2001:db8:1::/48) travel outwards.
inline bool isHomeAddress(const net::IpAddress& a) {
  const auto& b = a.bytes();
  if (a.isV4()) return b[12] == 10;
  return b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8 && b[4] == 0 && b[5] == 1;
}

}  // namespace vigil::pcapgen
