// Hashing for the flow module: 64-bit mixes of addresses, ports and 5-tuples used by every table and sketch.
#pragma once

#include <bit>
#include <cstdint>

#include "net/ip_address.h"

namespace vigil::flow {

/// Finaliser of MurmurHash3 (fmix64): every input bit affects every output bit. Written here, not copied
/// from a library. The seeds below are fixed so that replaying a capture evicts the same entries every
/// time (DESIGN §1: same input, same events); a per-process random seed would make overload behaviour
/// irreproducible. Costs about 5 ns for an address on a current core.
constexpr uint64_t mix64(uint64_t x) noexcept {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

inline constexpr uint64_t kAddressSeed = 0x9e3779b97f4a7c15ULL;
inline constexpr uint64_t kPortSeed = 0x2545f4914f6cdd1dULL;
inline constexpr uint64_t kFlowSeed = 0xd6e8feb86659fd93ULL;

/// Hash of an address. Tables index with the low bits, distinct-count sketches use the high 32 bits,
/// so one hash per address and packet serves both. Both halves are mixed (not just xor-ed) so crafted
/// IPv6 sources cannot cancel each other out into one probe window.
inline uint64_t hashAddress(const net::IpAddress& ip) noexcept {
  return mix64(ip.lo() ^ mix64(ip.hi() ^ kAddressSeed));
}

/// Hash of a transport port, for the distinct-ports sketches.
constexpr uint64_t hashPort(uint16_t port) noexcept {
  return mix64(uint64_t(port) ^ kPortSeed);
}

/// Hash of a 5-tuple given as its canonical (a, b) endpoint order: the address hashes of a and b plus
/// ports and protocol packed in `tuple`. Canonical order makes both directions of a flow hash alike.
constexpr uint64_t hashFlow(uint64_t hash_a, uint64_t hash_b, uint64_t tuple) noexcept {
  return mix64(hash_a ^ std::rotl(hash_b, 29) ^ (tuple * kFlowSeed));
}

}  // namespace vigil::flow
