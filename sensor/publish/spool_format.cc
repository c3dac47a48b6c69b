// Spool on-disk layout: little-endian field packing, CRC-32C via Boost.CRC, segment file names.
#include "publish/spool_format.h"

#include <boost/crc.hpp>
#include <charconv>
#include <cstdio>

namespace vigil::publish {
namespace {

// CRC-32C (Castagnoli, iSCSI/ext4/Kafka): reflected, init and final XOR all ones.
using Crc32c = boost::crc_optimal<32, 0x1EDC6F41, 0xFFFFFFFF, 0xFFFFFFFF, true, true>;

constexpr std::size_t kSegmentDigits = 20;  // digits of UINT64_MAX
constexpr std::string_view kSegmentSuffix = ".seg";

void putU32(uint8_t* out, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    out[i] = static_cast<uint8_t>(v >> (8 * i));
}

void putU64(uint8_t* out, uint64_t v) {
  for (int i = 0; i < 8; ++i)
    out[i] = static_cast<uint8_t>(v >> (8 * i));
}

uint32_t getU32(const uint8_t* in) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i)
    v = v << 8 | in[i];
  return v;
}

uint64_t getU64(const uint8_t* in) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i)
    v = v << 8 | in[i];
  return v;
}

}  // namespace

uint32_t recordCrc(uint64_t seq, std::string_view payload) {
  uint8_t seq_bytes[8];
  putU64(seq_bytes, seq);
  Crc32c crc;
  crc.process_bytes(seq_bytes, sizeof seq_bytes);
  crc.process_bytes(payload.data(), payload.size());
  return crc.checksum();
}

void encodeRecordHeader(uint64_t seq, std::string_view payload, uint8_t (&out)[kRecordHeaderSize]) {
  putU32(out, kRecordMagic);
  putU32(out + 4, static_cast<uint32_t>(payload.size()));
  putU64(out + 8, seq);
  putU32(out + 16, recordCrc(seq, payload));
}

RecordHeader parseRecordHeader(std::span<const uint8_t, kRecordHeaderSize> bytes) {
  const uint8_t* in = bytes.data();
  return {getU32(in), getU32(in + 4), getU64(in + 8), getU32(in + 16)};
}

void encodeState(const SpoolState& state, uint8_t (&out)[kStateSize]) {
  putU32(out, kStateMagic);
  putU32(out + 4, 0);
  putU64(out + 8, state.acked);
  putU64(out + 16, state.last_seq);
  Crc32c crc;
  crc.process_bytes(out, 24);
  putU32(out + 24, crc.checksum());
}

std::optional<SpoolState> decodeState(std::span<const uint8_t> bytes) {
  if (bytes.size() != kStateSize) return std::nullopt;
  const uint8_t* in = bytes.data();
  Crc32c crc;
  crc.process_bytes(in, 24);
  if (getU32(in) != kStateMagic || getU32(in + 24) != crc.checksum()) return std::nullopt;
  SpoolState state{getU64(in + 8), getU64(in + 16)};
  if (state.acked > state.last_seq) return std::nullopt;
  return state;
}

std::string segmentFileName(uint64_t first_seq) {
  char name[kSegmentDigits + kSegmentSuffix.size() + 1];
  std::snprintf(name, sizeof name, "%020llu.seg", static_cast<unsigned long long>(first_seq));
  return name;
}

std::optional<uint64_t> parseSegmentFileName(std::string_view name) {
  if (name.size() != kSegmentDigits + kSegmentSuffix.size() || !name.ends_with(kSegmentSuffix)) return std::nullopt;
  const std::string_view digits = name.substr(0, kSegmentDigits);
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  uint64_t seq = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), seq);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;  // above UINT64_MAX
  return seq;
}

}  // namespace vigil::publish
