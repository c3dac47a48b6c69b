// libFuzzer target for decode::Decoder: byte 0 picks the link type, the rest is the frame.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "decode/decoder.h"

namespace vigil::decode {
namespace {

// Index = input byte 0 modulo the table size. make_corpus.py writes seeds with the same table;
// keep the two in the same order.
constexpr LinkType kLinkTypes[] = {
    LinkType::kEthernet, LinkType::kLinuxSll, LinkType::kLinuxSll2, LinkType::kRaw,
    LinkType::kIpv4,     LinkType::kIpv6,     LinkType::kNull,      LinkType::kLoop,
};
constexpr std::size_t kLinkTypeCount = sizeof(kLinkTypes) / sizeof(kLinkTypes[0]);

/// ASan/UBSan catch bad reads; these catch a decode that "succeeds" with an inconsistent view.
void checkInvariants(DecodeStatus status, const PacketView& v, const uint8_t* frame, std::size_t size) {
  if (static_cast<std::size_t>(status) >= kDecodeStatusCount) std::abort();
  if (status != DecodeStatus::kOk) return;
  if (v.ip_version != 4 && v.ip_version != 6) std::abort();
  if (v.payload != nullptr) {
    if (v.payload < frame || v.payload > frame + size) std::abort();
    if (v.payload_len > static_cast<std::size_t>(frame + size - v.payload)) std::abort();
  } else if (v.payload_len != 0) {
    std::abort();
  }
  if (v.hasPorts() && v.protocol != 6 && v.protocol != 17 && v.protocol != 132) std::abort();
  if (v.isLaterFragment() && (v.hasPorts() || !v.isFragment())) std::abort();
  if (v.ip_version == 4 && !v.src.isV4()) std::abort();
}

}  // namespace
}  // namespace vigil::decode

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace vigil::decode;  // NOLINT(google-build-using-namespace): fuzzer entry point only
  if (size == 0) return 0;
  const Decoder decoder(kLinkTypes[data[0] % kLinkTypeCount]);
  const uint8_t* frame = data + 1;
  const std::size_t frame_size = size - 1;
  PacketView view;
  const DecodeStatus status =
      decoder.decode(frame, static_cast<uint32_t>(frame_size), static_cast<uint32_t>(frame_size), 1, view);
  checkInvariants(status, view, frame, frame_size);
  // The fast path (decode() on Ethernet) must give exactly what the layer decoders give.
  PacketView layered;
  const DecodeStatus layered_status =
      decoder.decodeLayers(frame, static_cast<uint32_t>(frame_size), static_cast<uint32_t>(frame_size), 1, layered);
  if (layered_status != status || !(layered == view)) std::abort();
  return 0;
}
