// Classic pcap file format: magic numbers, the 24-byte file header and the 16-byte record header.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

#include "common/result.h"

namespace vigil::capture {

/// Magic numbers as read big-endian from the first four bytes of a file.
inline constexpr uint32_t kPcapMagicMicro = 0xa1b2c3d4;
inline constexpr uint32_t kPcapMagicMicroSwapped = 0xd4c3b2a1;
inline constexpr uint32_t kPcapMagicNano = 0xa1b23c4d;
inline constexpr uint32_t kPcapMagicNanoSwapped = 0x4d3cb2a1;
/// Alexey Kuznetzov's patched format (24-byte records): libpcap reads it, the buffered reader does not.
inline constexpr uint32_t kPcapMagicKuznetzov = 0xa1b2cd34;
inline constexpr uint32_t kPcapMagicKuznetzovSwapped = 0x34cdb2a1;
/// pcapng Section Header Block type; the same bytes in either byte order.
inline constexpr uint32_t kPcapngMagic = 0x0a0d0d0a;

inline constexpr std::size_t kPcapFileHeaderSize = 24;
inline constexpr std::size_t kPcapRecordHeaderSize = 16;
inline constexpr std::size_t kPcapngMinHeaderSize = 28;  // smallest Section Header Block

/// The largest caplen any reader accepts (libpcap's MAXIMUM_SNAPLEN for every link type we decode).
/// A bigger record is corruption, not a jumbo frame.
inline constexpr uint32_t kMaxCaplen = 256 * 1024;

/// How a file's caplen/len fields are ordered; versions before 2.3 (and DG/UX 543.0) wrote len first,
/// and some 2.3 writers did either. Mirrors libpcap so both readers hand out the same frames.
enum class LengthOrder : uint8_t { kNormal, kSwapped, kMaybeSwapped };

/// The first four bytes of a file, big-endian. Requires head.size() >= 4.
inline uint32_t readMagic(std::span<const uint8_t> head) noexcept {
  return (uint32_t{head[0]} << 24) | (uint32_t{head[1]} << 16) | (uint32_t{head[2]} << 8) | head[3];
}

/// True for the four magics the buffered reader handles (µs/ns, either byte order).
bool isClassicPcapMagic(uint32_t magic) noexcept;
/// True for every magic libpcap reads: the classic ones, Kuznetzov's, and pcapng.
bool isReadableCaptureMagic(uint32_t magic) noexcept;

/// A parsed classic pcap file header (values already in host order).
struct PcapFileHeader {
  bool swapped = false;     // file byte order differs from ours
  bool nanosecond = false;  // record fraction field holds ns instead of µs
  uint16_t version_major = 0;
  uint16_t version_minor = 0;
  uint32_t snaplen = 0;   // as stored; see effectiveSnaplen()
  uint32_t linktype = 0;  // LINKTYPE number, FCS/extension bits removed
  LengthOrder length_order = LengthOrder::kNormal;

  /// The snapshot libpcap applies: a 0, negative or oversized snaplen means kMaxCaplen.
  uint32_t effectiveSnaplen() const noexcept;
};

/// Parses and validates the 24-byte header of a classic pcap (one of the isClassicPcapMagic magics).
/// `label` names the input in errors: "x.pcap: unsupported pcap version 3.0".
common::Result<PcapFileHeader> parsePcapFileHeader(std::string_view label, std::span<const uint8_t> head);

/// One record header, decoded. Pure arithmetic over 16 bytes: safe on the per-packet path.
struct PcapRecord {
  uint32_t ts_sec = 0;
  uint32_t ts_frac = 0;  // µs or ns per PcapFileHeader::nanosecond
  uint32_t caplen = 0;   // bytes stored in the file after the header
  uint32_t wirelen = 0;
};

inline uint32_t loadU32(const uint8_t* p, bool swapped) noexcept {
  uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return swapped ? __builtin_bswap32(v) : v;
}

/// Decodes the record header at `p` (which must have kPcapRecordHeaderSize readable bytes).
inline PcapRecord readPcapRecord(const uint8_t* p, bool swapped, LengthOrder order) noexcept {
  PcapRecord r{loadU32(p, swapped), loadU32(p + 4, swapped), loadU32(p + 8, swapped), loadU32(p + 12, swapped)};
  if (order == LengthOrder::kSwapped || (order == LengthOrder::kMaybeSwapped && r.caplen > r.wirelen)) {
    const uint32_t t = r.caplen;
    r.caplen = r.wirelen;
    r.wirelen = t;
  }
  return r;
}

/// Capture time in ns since the epoch. The 32-bit seconds field is unsigned (valid until 2106).
/// A fraction of one second or more is corrupt and counts as 0: libpcap widens that field as
/// signed in native-order files and unsigned in swapped ones, so this is the only reading on
/// which both readers can agree (PcapFileSource applies the same rule).
inline constexpr uint64_t kNsPerSecond = 1'000'000'000u;
inline uint64_t recordTimestampNs(const PcapRecord& r, bool nanosecond) noexcept {
  const uint64_t frac = uint64_t{r.ts_frac} * (nanosecond ? 1u : 1000u);
  return uint64_t{r.ts_sec} * kNsPerSecond + (frac < kNsPerSecond ? frac : 0);
}

}  // namespace vigil::capture
