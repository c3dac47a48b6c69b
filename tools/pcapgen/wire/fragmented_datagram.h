// FragmentedDatagram: builds one large IPv4 datagram and cuts it into MTU-sized IP fragments.
#pragma once

#include <cstdint>
#include <memory>

#include "pcapgen/wire/frame_builder.h"

namespace vigil::pcapgen {

/// Amplification answers are often larger than the MTU and arrive as IP fragments: the first
/// carries the UDP header, the later ones only data (RFC 791). prepare() builds the whole
/// datagram once (so the UDP checksum covers all of it) into a scratch buffer owned here;
/// emit() then writes fragment i as its own frame.
///
/// Ownership/threading: owns a ~16 KiB scratch allocated at construction; one per source, used
/// by one thread. prepare() costs one frame build; emit() one copy and an IPv4 header checksum.
class FragmentedDatagram {
 public:
  FragmentedDatagram();

  /// Builds the datagram for `spec` (IPv4, payload up to FrameBuilder::kMaxPayload, builder not
  /// in fixed-frame mode) and returns how many frames it takes (1 when it fits the MTU), or 0 when
  /// the spec cannot be built.
  uint32_t prepare(const FrameBuilder& builder, const PacketSpec& spec) noexcept;

  uint32_t fragmentCount() const noexcept { return count_; }

  /// Writes frame `index` (< fragmentCount()) into out (FrameBuilder::kMaxFrame bytes) and returns
  /// its length.
  uint32_t emit(uint32_t index, uint8_t* out, FrameSummary& summary) const noexcept;

 private:
  static constexpr uint32_t kFragmentData = FrameBuilder::kMtu - 20;  // multiple of 8
  static constexpr uint32_t kScratchBytes = FrameBuilder::kMaxPayload + 128;

  std::unique_ptr<uint8_t[]> scratch_;
  FrameSummary whole_{};
  uint32_t ip_payload_ = 0;  // bytes after the IPv4 header
  uint32_t count_ = 0;
};

}  // namespace vigil::pcapgen
