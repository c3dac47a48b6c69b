// HostPlan: index-to-address mapping of the background's hosts.
#include "pcapgen/traffic/host_plan.h"

#include <algorithm>

#include "pcapgen/traffic/rng.h"

namespace vigil::pcapgen {
namespace {

uint32_t clampCount(double v, uint32_t lo, uint32_t hi) {
  if (!(v > lo)) return lo;
  if (v > hi) return hi;
  return static_cast<uint32_t>(v);
}

net::IpAddress v6(uint16_t w2, uint16_t w3, uint64_t low) {
  uint8_t b[16] = {0x20, 0x01, 0x0d, 0xb8};
  b[4] = static_cast<uint8_t>(w2 >> 8);
  b[5] = static_cast<uint8_t>(w2);
  b[6] = static_cast<uint8_t>(w3 >> 8);
  b[7] = static_cast<uint8_t>(w3);
  for (int i = 0; i < 8; ++i) b[15 - i] = static_cast<uint8_t>(low >> (8 * i));
  return net::IpAddress::fromV6Bytes(b);
}

}  // namespace

HostPlan::HostPlan(double pps, uint64_t seed) noexcept
    : clients_(clampCount(pps / 50.0, 64, kMaxClients)),
      servers_(clampCount(pps / 25.0, 256, kMaxServers)),
      resolvers_(std::max<uint32_t>(2, clients_ / 500)),
      ntp_servers_(std::max<uint32_t>(1, clients_ / 1000)),
      seed_(seed),
      client_order_(kMaxClients, deriveSeed(seed, 1)),
      server_order_(kMaxServers, deriveSeed(seed, 2)) {}

uint32_t HostPlan::clientV4(uint32_t c) const noexcept {
  const auto x = static_cast<uint32_t>(client_order_.at(c));
  return 0x0a010000u | (x / 254) << 8 | (x % 254 + 1);
}

net::IpAddress HostPlan::client(uint32_t c, bool is_v6) const noexcept {
  if (!is_v6) return net::IpAddress::fromV4(clientV4(c));
  const auto x = static_cast<uint32_t>(client_order_.at(c));
  // SLAAC-style random interface id inside the client's /64
  return v6(0x0001, static_cast<uint16_t>(x / 254), mix64(seed_ ^ x) | 0x0200000000000000ULL);
}

net::IpAddress HostPlan::server(uint32_t s, bool is_v6) const noexcept {
  const auto x = static_cast<uint32_t>(server_order_.at(s));
  if (is_v6) return v6(0xffff, 0, x + 1);
  return net::IpAddress::fromV4(0xc6120000u | (x / 254) << 8 | (x % 254 + 1));
}

net::IpAddress HostPlan::resolver(uint32_t c, bool is_v6) const noexcept {
  const uint32_t r = c % resolvers_;
  if (is_v6) return v6(0xffff, 0x0053, r + 1);
  return net::IpAddress::fromV4(0xc613ff00u + 1 + r % 254);
}

net::IpAddress HostPlan::ntpServer(uint32_t c) const noexcept {
  return net::IpAddress::fromV4(0xc613fe00u + 1 + (c % ntp_servers_) % 254);
}

uint32_t HostPlan::favoriteServer(uint32_t c, uint32_t k) const noexcept {
  return static_cast<uint32_t>(hash2(seed_ ^ c, k) % servers_);
}

uint16_t HostPlan::clientVlan(uint32_t c, double vlan_share) const noexcept {
  const uint64_t h = hash2(seed_ + 7, c);
  if (static_cast<double>(h % 10000) >= vlan_share * 10000.0) return 0;
  static constexpr uint16_t kVlans[3] = {100, 200, 300};
  return kVlans[(h >> 32) % 3];
}

uint8_t HostPlan::clientTtl(uint32_t c) const noexcept { return hash2(seed_ + 3, c) % 3 == 0 ? 128 : 64; }

uint8_t HostPlan::serverTtl(uint32_t s) const noexcept {
  const uint64_t h = hash2(seed_ + 5, s);
  return static_cast<uint8_t>((h % 4 == 0 ? 128 : 64) - 6 - (h >> 8) % 14);  // 6-19 hops away
}

void HostPlan::clientMac(uint32_t c, uint8_t mac[6]) const noexcept {
  const uint32_t ip = clientV4(c);
  mac[0] = 0x02;
  mac[1] = 0x10;
  mac[2] = static_cast<uint8_t>(ip >> 24);
  mac[3] = static_cast<uint8_t>(ip >> 16);
  mac[4] = static_cast<uint8_t>(ip >> 8);
  mac[5] = static_cast<uint8_t>(ip);
}

}  // namespace vigil::pcapgen
