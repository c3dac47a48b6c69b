// Classic pcap file header parsing and validation, matching what libpcap accepts.
#include "capture/pcap_format.h"

#include <string>

namespace vigil::capture {
namespace {

// Bits above the link type carry FCS length and flags (pcap-linktype(7)); they do not change decoding.
constexpr uint32_t kLinkTypeMask = 0x03ffffff;

uint16_t loadU16(const uint8_t* p, bool swapped) noexcept {
  uint16_t v;
  std::memcpy(&v, p, sizeof v);
  return swapped ? __builtin_bswap16(v) : v;
}

}  // namespace

bool isClassicPcapMagic(uint32_t magic) noexcept {
  return magic == kPcapMagicMicro || magic == kPcapMagicMicroSwapped || magic == kPcapMagicNano ||
         magic == kPcapMagicNanoSwapped;
}

bool isReadableCaptureMagic(uint32_t magic) noexcept {
  return isClassicPcapMagic(magic) || magic == kPcapMagicKuznetzov || magic == kPcapMagicKuznetzovSwapped ||
         magic == kPcapngMagic;
}

uint32_t PcapFileHeader::effectiveSnaplen() const noexcept {
  // libpcap stores the snaplen in an int: values with the top bit set are negative, hence "unbounded".
  if (snaplen == 0 || snaplen > kMaxCaplen) return kMaxCaplen;
  return snaplen;
}

common::Result<PcapFileHeader> parsePcapFileHeader(std::string_view label, std::span<const uint8_t> head) {
  const std::string name(label);
  if (head.size() < kPcapFileHeaderSize) {
    return common::fail(name + ": truncated pcap header (got " + std::to_string(head.size()) + " of " +
                        std::to_string(kPcapFileHeaderSize) + " bytes)");
  }
  const uint32_t magic = readMagic(head);
  if (!isClassicPcapMagic(magic)) {
    return common::fail(name + ": not a classic pcap file");
  }
  PcapFileHeader h;
  // Magic numbers above are the file's bytes read big-endian; compare with the host's view of them.
  uint32_t native;
  std::memcpy(&native, head.data(), sizeof native);
  h.swapped = native != kPcapMagicMicro && native != kPcapMagicNano;
  h.nanosecond = magic == kPcapMagicNano || magic == kPcapMagicNanoSwapped;
  h.version_major = loadU16(head.data() + 4, h.swapped);
  h.version_minor = loadU16(head.data() + 6, h.swapped);
  h.snaplen = loadU32(head.data() + 16, h.swapped);
  h.linktype = loadU32(head.data() + 20, h.swapped) & kLinkTypeMask;

  // Same version policy as libpcap: 2.0-2.4, plus DG/UX tcpdump's 543.0.
  if (h.version_major == 2 && h.version_minor <= 4) {
    h.length_order = h.version_minor < 3    ? LengthOrder::kSwapped
                     : h.version_minor == 3 ? LengthOrder::kMaybeSwapped
                                            : LengthOrder::kNormal;
  } else if (h.version_major == 543 && h.version_minor == 0) {
    h.length_order = LengthOrder::kSwapped;
  } else {
    return common::fail(name + ": unsupported pcap version " + std::to_string(h.version_major) + "." +
                        std::to_string(h.version_minor));
  }
  return h;
}

}  // namespace vigil::capture
