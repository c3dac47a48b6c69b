// FrameBuilder: writes Ethernet/802.1Q + IPv4/IPv6 + TCP/UDP/ICMP frames with correct checksums.
#pragma once

#include <cstdint>

#include "pcapgen/wire/packet_spec.h"

namespace vigil::pcapgen {

/// Turns a PacketSpec into frame bytes. Immutable after construction, so one instance is shared
/// by every traffic source of a run (single thread). build() is the per-packet hot path: no
/// allocation, no syscall; cost is the header writes plus one checksum pass over the payload.
///
/// Checksums: the IPv4 header checksum and the TCP, UDP (IPv4 and IPv6), ICMP and ICMPv6
/// checksums are all computed, so tcpdump -vv and any checksum-validating tool accept the frames.
///
/// Sizes: frames shorter than 60 bytes are zero-padded to 60 (Ethernet minimum without FCS).
/// In fixed-frame mode every frame is exactly `fixed_frame` bytes: TCP options are dropped,
/// payloads are cut to what fits and the rest is padding.
class FrameBuilder {
 public:
  static constexpr uint32_t kMtu = 1500;             // IP bytes per frame
  static constexpr uint32_t kMinFrame = 60;
  static constexpr uint32_t kMaxFrame = 1518;        // 1500 + Ethernet + one VLAN tag
  static constexpr uint32_t kMaxPayload = 16384;     // largest transport payload build() accepts
  static constexpr uint32_t kMinFixedFrame = 60;
  static constexpr uint32_t kMaxFixedFrame = 1514;
  static constexpr uint8_t kHomeRouterMac[6] = {0x02, 0x76, 0x67, 0x00, 0x00, 0x01};
  static constexpr uint8_t kUpstreamMac[6] = {0x02, 0x76, 0x67, 0x00, 0x00, 0x02};

  /// fixed_frame 0 gives natural sizes; otherwise it must be within [kMinFixedFrame, kMaxFixedFrame].
  explicit FrameBuilder(uint32_t fixed_frame = 0) noexcept : fixed_(fixed_frame) {}

  uint32_t fixedFrame() const noexcept { return fixed_; }

  /// Transport payload bytes one frame can carry for this header combination (TCP without
  /// options): the MTU limit, or what the fixed frame size leaves (possibly 0).
  uint32_t payloadRoom(bool ipv6, bool vlan, uint8_t protocol) const noexcept;

  /// Writes the frame for `spec` into out and returns its length, or 0 when it would not fit in
  /// `capacity` (or, in fixed mode, the headers alone exceed the fixed size). Datagrams larger
  /// than the MTU are written whole: FragmentedDatagram cuts them afterwards.
  uint32_t build(const PacketSpec& spec, uint8_t* out, uint32_t capacity, FrameSummary& summary) const noexcept;

  /// Writes an ARP request (to broadcast) or reply; returns the frame length (0 if no room).
  uint32_t buildArp(const ArpSpec& spec, uint8_t* out, uint32_t capacity, FrameSummary& summary) const noexcept;

  /// kMaxPayload bytes of pseudo-random fill starting at `offset` (taken modulo 32768); the same
  /// bytes in every run, so frames are reproducible.
  static const uint8_t* fillPattern(uint32_t offset) noexcept;

 private:
  uint32_t finishFrame(uint8_t* out, uint32_t len) const noexcept;

  uint32_t fixed_;
};

}  // namespace vigil::pcapgen
