// PacketTally: a worker's per-protocol packet counts kept as two small histograms, one increment each per packet.
#pragma once

#include <array>
#include <cstdint>

#include "decode/packet_view.h"
#include "flow/packet_class.h"
#include "pipeline/traffic_stats.h"

namespace vigil::pipeline {

/// The protocol fields of TrafficStats (IP version, VLAN/MPLS/tunnel framing, fragments, transport,
/// TCP flags) are each a function of a packet's PacketClass and of its version and framing bits. So a
/// packet costs two increments, chosen without a branch, instead of a dozen counters and a switch on
/// the protocol that mispredicts with the traffic mix; addTo() expands the histograms into the fields.
/// Plain value type, written by the worker thread only.
class PacketTally {
 public:
  /// Counts one decoded IP packet (status kOk).
  void count(const decode::PacketView& pv) noexcept { count(pv, flow::packet_class::of(pv)); }
  /// The same when the packet's class (flow::packet_class::of(pv)) is already known.
  void count(const decode::PacketView& pv, uint8_t packet_class) noexcept {
    ++by_class_[packet_class];
    ++by_framing_[framingOf(pv)];
  }

  /// Adds the counts tallied so far to the protocol fields of `stats` (not packets, bytes, outcomes).
  void addTo(TrafficStats& stats) const noexcept;

 private:
  static constexpr unsigned kV6 = 1;
  static constexpr unsigned kVlan = 2;
  static constexpr unsigned kMpls = 4;
  static constexpr unsigned kTunnel = 8;
  static unsigned framingOf(const decode::PacketView& pv) noexcept {
    return (pv.ip_version == 6 ? kV6 : 0) | ((pv.flags & decode::kVlan) ? kVlan : 0) |
           ((pv.flags & decode::kMpls) ? kMpls : 0) | ((pv.flags & decode::kTunnel) ? kTunnel : 0);
  }

  std::array<uint64_t, flow::packet_class::kCount> by_class_{};
  std::array<uint64_t, 16> by_framing_{};
};

}  // namespace vigil::pipeline
