// Hashing for the flow module: 64-bit mixes of addresses, ports and 5-tuples used by every table and sketch.
#pragma once

#include <bit>
#include <cstdint>

#include "net/ip_address.h"

namespace vigil::flow {

/// Finaliser of MurmurHash3 (fmix64): every input bit affects every output bit. Written here, not copied
/// from a library. Used where a value is hashed once per tick or less; the per-packet hashes below use
/// fold64(), which costs one multiply instead of two multiplies in a chain of five steps.
constexpr uint64_t mix64(uint64_t x) noexcept {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

/// Folded 64x64->128-bit multiply (the "mum" step of wyhash-style hashes): the high half carries every
/// input bit, so xor-ing it onto the low half leaves no weak bits at either end. Tables index with the
/// low bits and sketches read the high 32, so both must be good. About 4 cycles.
constexpr uint64_t fold64(uint64_t x, uint64_t key) noexcept {
  __extension__ using U128 = unsigned __int128;  // GCC and clang on every 64-bit target we build for
  const U128 p = static_cast<U128>(x) * key;
  return uint64_t(p) ^ uint64_t(p >> 64);
}

/// The seeds are fixed so that replaying a capture evicts the same entries every time (DESIGN §1: same
/// input, same events); a per-process random seed would make overload behaviour irreproducible.
inline constexpr uint64_t kAddressSeed = 0x9e3779b97f4a7c15ULL;
inline constexpr uint64_t kAddressSeedHigh = 0x8bb84b93962eacc9ULL;
inline constexpr uint64_t kPortSeed = 0x2545f4914f6cdd1dULL;
inline constexpr uint64_t kFlowSeed = 0xd6e8feb86659fd93ULL;
inline constexpr uint64_t kMultiplier = 0xa0761d6478bd642fULL;
inline constexpr uint64_t kMultiplierHigh = 0xe7037ed1a0b428dbULL;

/// Hash of an address. Tables index with the low bits, distinct-count sketches use the high 32 bits,
/// so one hash per address and packet serves both. The two halves go through independent multiplies
/// (they run in parallel), so IPv6 sources crafted in one half do not collapse into one probe window;
/// a second fold spreads consecutive addresses (a spoofed sweep) evenly over the sketches' high bits.
inline uint64_t hashAddress(const net::IpAddress& ip) noexcept {
  const uint64_t h = fold64(ip.lo() ^ kAddressSeed, kMultiplier) ^ fold64(ip.hi() ^ kAddressSeedHigh, kMultiplierHigh);
  return fold64(h ^ kFlowSeed, kMultiplier);
}

/// Hash of a transport port, for the distinct-ports sketches.
constexpr uint64_t hashPort(uint16_t port) noexcept {
  return fold64(uint64_t(port) ^ kPortSeed, kMultiplier);
}

/// Hash of a 5-tuple given as its canonical (a, b) endpoint order: the address hashes of a and b plus
/// ports and protocol packed in `tuple`. Canonical order makes both directions of a flow hash alike.
constexpr uint64_t hashFlow(uint64_t hash_a, uint64_t hash_b, uint64_t tuple) noexcept {
  return fold64(hash_a ^ std::rotl(hash_b, 29) ^ (tuple * kFlowSeed), kMultiplierHigh);
}

}  // namespace vigil::flow
