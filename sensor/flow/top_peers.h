// TopPeers: the two heaviest peers of a host in a fixed 48 bytes (Misra-Gries), for evidence and for naming targets.
#pragma once

#include <cstdint>

#include "net/ip_address.h"

namespace vigil::flow {

/// Misra-Gries summary with two counters: any peer that carries more than a third of the packets is
/// guaranteed to be in it, and its count is at most (total / 3) too low. That is what detectors need:
/// the victim a scanner or brute-forcer keeps hitting, the one or two sources behind most of a flood.
/// Per packet: two 16-byte compares and an increment. Merging (per tick into the window) keeps the
/// guarantee for the sum of the two streams. Plain value type; all-zero is empty.
struct TopPeers {
  net::IpAddress ip[2];
  uint32_t count[2] = {0, 0};

  void add(const net::IpAddress& peer, uint32_t weight = 1) noexcept {
    if (count[0] != 0 && ip[0] == peer) {
      count[0] += weight;
    } else if (count[1] != 0 && ip[1] == peer) {
      count[1] += weight;
    } else if (count[0] == 0) {
      ip[0] = peer;
      count[0] = weight;
    } else if (count[1] == 0) {
      ip[1] = peer;
      count[1] = weight;
    } else {
      // Decrement both by the smaller of weight and the counts (one Misra-Gries step per unit of weight).
      const uint32_t m = weight < count[0] ? (weight < count[1] ? weight : count[1]) : (count[0] < count[1] ? count[0] : count[1]);
      count[0] -= m;
      count[1] -= m;
      if (weight > m) add(peer, weight - m);
    }
  }
  void merge(const TopPeers& o) noexcept {
    for (int i = 0; i < 2; ++i)
      if (o.count[i] != 0) add(o.ip[i], o.count[i]);
  }
  /// Halves the counts: old traffic weighs less than new as the window slides.
  void decay() noexcept {
    count[0] >>= 1;
    count[1] >>= 1;
  }
  /// Index of the heavier entry, or -1 if empty.
  int top() const noexcept {
    if (count[0] == 0 && count[1] == 0) return -1;
    return count[0] >= count[1] ? 0 : 1;
  }
};

}  // namespace vigil::flow
