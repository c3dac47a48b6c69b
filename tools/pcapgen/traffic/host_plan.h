// HostPlan: the background's address plan (home clients, remote servers, resolvers) and per-host traits.
#pragma once

#include <cstdint>

#include "net/ip_address.h"
#include "pcapgen/traffic/permutation.h"

namespace vigil::pcapgen {

/// Background hosts, chosen so no host looks like an incident: each home client talks to at most
/// kFavorites servers plus one resolver and one NTP server, and clients are many enough that each
/// sends only a few tens of packets per second.
///
///  home clients   10.1.0.1 - 10.1.239.254   and 2001:db8:1::/48 (one address per client)
///  servers        198.18.0.0/16             and 2001:db8:ffff::/64
///  resolvers      198.19.255.1...           and 2001:db8:ffff:53::1...
///  NTP servers    198.19.254.1...           (IPv4 only)
///  gateway        10.1.255.254              (ARP target)
/// Incidents use other ranges by default (10.1.250.0/23 sits outside the clients' ones as they
/// stop at 10.1.239.254). Immutable after construction; lookups are a Feistel permutation.
class HostPlan {
 public:
  static constexpr uint32_t kMaxClients = 240 * 254;
  static constexpr uint32_t kMaxServers = 256 * 254;
  static constexpr uint32_t kFavorites = 8;
  static constexpr uint32_t kGatewayV4 = 0x0a01fffe;  // 10.1.255.254

  /// Sizes the plan for a packet rate: about one client per 50 packets/s.
  HostPlan(double pps, uint64_t seed) noexcept;

  uint32_t clients() const noexcept { return clients_; }
  uint32_t servers() const noexcept { return servers_; }

  net::IpAddress client(uint32_t c, bool v6) const noexcept;
  net::IpAddress server(uint32_t s, bool v6) const noexcept;
  /// The resolver and NTP server client c uses.
  net::IpAddress resolver(uint32_t c, bool v6) const noexcept;
  net::IpAddress ntpServer(uint32_t c) const noexcept;
  /// Server number k (< kFavorites) of the few client c talks to.
  uint32_t favoriteServer(uint32_t c, uint32_t k) const noexcept;

  uint32_t clientV4(uint32_t c) const noexcept;  // host order
  uint16_t clientVlan(uint32_t c, double vlan_share) const noexcept;
  uint8_t clientTtl(uint32_t c) const noexcept;
  uint8_t serverTtl(uint32_t s) const noexcept;
  void clientMac(uint32_t c, uint8_t mac[6]) const noexcept;

 private:
  uint32_t clients_;
  uint32_t servers_;
  uint32_t resolvers_;
  uint32_t ntp_servers_;
  uint64_t seed_;
  Permutation client_order_;
  Permutation server_order_;
};

}  // namespace vigil::pcapgen
