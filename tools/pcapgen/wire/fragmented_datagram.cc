// FragmentedDatagram: RFC 791 fragmentation of a datagram built whole by the FrameBuilder.
#include "pcapgen/wire/fragmented_datagram.h"

#include <algorithm>
#include <cstring>

#include "pcapgen/wire/checksum.h"

namespace vigil::pcapgen {

FragmentedDatagram::FragmentedDatagram() : scratch_(std::make_unique<uint8_t[]>(kScratchBytes)) {}

uint32_t FragmentedDatagram::prepare(const FrameBuilder& builder, const PacketSpec& spec) noexcept {
  count_ = 0;
  if (!spec.src.isV4() || builder.fixedFrame() != 0) return 0;
  if (builder.build(spec, scratch_.get(), kScratchBytes, whole_) == 0) return 0;
  const uint8_t* ip = scratch_.get() + whole_.l3_offset;
  ip_payload_ = getBe16(ip + 2) - 20u;
  count_ = ip_payload_ <= kFragmentData ? 1 : (ip_payload_ + kFragmentData - 1) / kFragmentData;
  return count_;
}

uint32_t FragmentedDatagram::emit(uint32_t index, uint8_t* out, FrameSummary& summary) const noexcept {
  const uint32_t l3 = whole_.l3_offset;
  if (count_ == 1) {
    const uint32_t len = std::min(whole_.length, FrameBuilder::kMaxFrame);
    std::memcpy(out, scratch_.get(), len);
    summary = whole_;
    return len;
  }
  const uint32_t offset = index * kFragmentData;
  const uint32_t data = std::min(kFragmentData, ip_payload_ - offset);
  const bool more = index + 1 < count_;
  std::memcpy(out, scratch_.get(), l3 + 20);
  uint8_t* ip = out + l3;
  putBe16(ip + 2, static_cast<uint16_t>(20 + data));
  putBe16(ip + 6, static_cast<uint16_t>((more ? 0x2000 : 0) | (offset / 8)));
  ip[10] = ip[11] = 0;
  checksumStore(ip + 10, checksumFinish(checksumAdd(0, ip, 20)));
  std::memcpy(ip + 20, scratch_.get() + l3 + 20 + offset, data);
  uint32_t len = l3 + 20 + data;
  if (len < FrameBuilder::kMinFrame) {
    std::memset(out + len, 0, FrameBuilder::kMinFrame - len);
    len = FrameBuilder::kMinFrame;
  }
  summary = whole_;
  summary.length = len;
  summary.fragment = true;
  summary.later_fragment = index != 0;
  if (index != 0) summary.tcp_flags = 0;
  return len;
}

}  // namespace vigil::pcapgen
