// Tests for the spool's on-disk layout: CRC-32C parameters, exact header and state bytes, segment file names.
#include "publish/spool_format.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace vigil::publish {
namespace {

// Bit-at-a-time CRC-32C straight from the definition (reflected polynomial 0x82F63B78).
uint32_t referenceCrc32c(const std::string& bytes) {
  uint32_t crc = 0xFFFFFFFF;
  for (unsigned char byte : bytes) {
    crc ^= byte;
    for (int i = 0; i < 8; ++i)
      crc = (crc >> 1) ^ (0x82F63B78 & (0 - (crc & 1)));
  }
  return ~crc;
}

std::string hex(const uint8_t* bytes, std::size_t n) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 15];
  }
  return out;
}

TEST(SpoolFormatTest, RecordCrcIsCrc32cOverLittleEndianSeqThenPayload) {
  ASSERT_EQ(referenceCrc32c("123456789"), 0xE3069283u);  // the published CRC-32C check value
  const std::string seq_bytes("\x08\x07\x06\x05\x04\x03\x02\x01", 8);
  EXPECT_EQ(recordCrc(0x0102030405060708, "payload"), referenceCrc32c(seq_bytes + "payload"));
  EXPECT_EQ(recordCrc(0, ""), referenceCrc32c(std::string(8, '\0')));
  EXPECT_NE(recordCrc(1, "a"), recordCrc(2, "a"));
}

TEST(SpoolFormatTest, RecordHeaderBytesAreExact) {
  uint8_t header[kRecordHeaderSize];
  encodeRecordHeader(0x0102030405060708, "abc", header);
  const uint32_t crc = recordCrc(0x0102030405060708, "abc");
  const uint8_t crc_bytes[4] = {uint8_t(crc), uint8_t(crc >> 8), uint8_t(crc >> 16), uint8_t(crc >> 24)};
  EXPECT_EQ(hex(header, kRecordHeaderSize),
            "56535231"
            "03000000"
            "0807060504030201" +
                hex(crc_bytes, 4));
  const RecordHeader parsed = parseRecordHeader(header);
  EXPECT_EQ(parsed.magic, kRecordMagic);
  EXPECT_EQ(parsed.length, 3u);
  EXPECT_EQ(parsed.seq, 0x0102030405060708u);
  EXPECT_EQ(parsed.crc, crc);
}

TEST(SpoolFormatTest, StateRoundTripsAndEveryFlippedBitIsRejected) {
  const SpoolState state{41, 0x0102030405060708};
  uint8_t bytes[kStateSize];
  encodeState(state, bytes);
  EXPECT_EQ(hex(bytes, 24),
            "56535331"
            "00000000"
            "2900000000000000"
            "0807060504030201");
  ASSERT_EQ(decodeState(bytes), state);
  for (std::size_t bit = 0; bit < kStateSize * 8; ++bit) {
    uint8_t damaged[kStateSize];
    std::copy(bytes, bytes + kStateSize, damaged);
    damaged[bit / 8] ^= uint8_t(1u << (bit % 8));
    EXPECT_EQ(decodeState(damaged), std::nullopt) << "bit " << bit;
  }
  EXPECT_EQ(decodeState(std::span<const uint8_t>(bytes, kStateSize - 1)), std::nullopt);
  encodeState({5, 4}, bytes);  // watermark above the last seq cannot be
  EXPECT_EQ(decodeState(bytes), std::nullopt);
  encodeState({}, bytes);
  EXPECT_EQ(decodeState(bytes), SpoolState{});
}

TEST(SpoolFormatTest, SegmentNamesSortLikeTheirSeqs) {
  EXPECT_EQ(segmentFileName(42), "00000000000000000042.seg");
  EXPECT_EQ(segmentFileName(UINT64_MAX), "18446744073709551615.seg");
  EXPECT_EQ(parseSegmentFileName("00000000000000000042.seg"), 42u);
  EXPECT_EQ(parseSegmentFileName("18446744073709551615.seg"), UINT64_MAX);
  EXPECT_EQ(parseSegmentFileName("00000000000000000000.seg"), 0u);
  for (const char* other : {"42.seg", "0000000000000000004a.seg", "00000000000000000042.seg.tmp",
                            "18446744073709551616.seg", "00000000000000000042.SEG", "-0000000000000000042.seg",
                            "+0000000000000000042.seg", "spool.state", "", ".seg"}) {
    EXPECT_EQ(parseSegmentFileName(other), std::nullopt) << other;
  }
}

}  // namespace
}  // namespace vigil::publish
