// Spool on-disk layout: record header, ack-state blob and file names, as pure encode/decode functions (no I/O).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace vigil::publish {

/// Every integer is little-endian whatever the host, so a spool moved between machines still reads.
///
/// Record (kRecordHeaderSize bytes, then the payload):
///   0  u32 magic kRecordMagic ("VSR1")
///   4  u32 payload length
///   8  u64 seq
///  16  u32 CRC-32C over the 8 seq bytes followed by the payload
/// The length is not covered by the CRC: a damaged length reads the wrong payload bytes, which the
/// CRC then rejects, and a length running past the end of the file is caught before reading.
inline constexpr std::size_t kRecordHeaderSize = 20;
inline constexpr uint32_t kRecordMagic = 0x31525356;  // "VSR1" in file order

/// State file (kStateSize bytes), replaced atomically, never edited in place:
///   0  u32 magic kStateMagic ("VSS1")
///   4  u32 reserved, 0
///   8  u64 acked watermark: every record with seq <= this is acked
///  16  u64 last seq ever appended
///  24  u32 CRC-32C over bytes 0-23
inline constexpr std::size_t kStateSize = 28;
inline constexpr uint32_t kStateMagic = 0x31535356;  // "VSS1"

inline constexpr std::string_view kStateFileName = "spool.state";
inline constexpr std::string_view kStateTempName = "spool.state.tmp";
inline constexpr std::string_view kLockFileName = "spool.lock";

/// A record header as found on disk; nothing verified but what parseRecordHeader says.
struct RecordHeader {
  uint32_t magic = 0;
  uint32_t length = 0;
  uint64_t seq = 0;
  uint32_t crc = 0;
};

/// What the state file holds.
struct SpoolState {
  uint64_t acked = 0;
  uint64_t last_seq = 0;
  bool operator==(const SpoolState&) const = default;
};

/// CRC-32C (Castagnoli) of seq (as its 8 little-endian bytes) followed by the payload.
uint32_t recordCrc(uint64_t seq, std::string_view payload);

/// Fills `out` with the header of a record holding `payload` (length and CRC computed here).
void encodeRecordHeader(uint64_t seq, std::string_view payload, uint8_t (&out)[kRecordHeaderSize]);
/// Reads the fields of a header; `bytes` must hold kRecordHeaderSize bytes.
RecordHeader parseRecordHeader(std::span<const uint8_t, kRecordHeaderSize> bytes);

void encodeState(const SpoolState& state, uint8_t (&out)[kStateSize]);
/// nullopt when the magic or CRC is wrong or the watermark is above the last seq.
std::optional<SpoolState> decodeState(std::span<const uint8_t> bytes);

/// "00000000000000000042.seg": the first seq of the segment, 20 digits so names sort like numbers.
std::string segmentFileName(uint64_t first_seq);
/// The first seq from a segment file name; nullopt for any other name (those files are not ours).
std::optional<uint64_t> parseSegmentFileName(std::string_view name);

}  // namespace vigil::publish
