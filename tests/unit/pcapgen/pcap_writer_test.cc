// Tests for PcapWriter: file header bytes, µs/ns records, buffer flushing and I/O errors.
#include "pcapgen/wire/pcap_writer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "pcapgen_test_support.h"

namespace vigil::pcapgen {
namespace {

std::vector<uint8_t> readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

uint32_t le32(const uint8_t* p) { return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24; }

TEST(PcapWriterTest, MicrosecondHeaderAndRecord) {
  const std::string path = pgtest::tempPath("writer_us.pcap");
  auto w = PcapWriter::open(path, TimestampPrecision::kMicro);
  ASSERT_TRUE(w.ok()) << w.error();
  uint8_t* p = w->reserve(60);
  for (int i = 0; i < 60; ++i) p[i] = static_cast<uint8_t>(i);
  w->commit(1735689600123456789ULL, 60);
  ASSERT_TRUE(w->finish().ok());
  const auto bytes = readAll(path);
  ASSERT_EQ(bytes.size(), 24u + 16 + 60);
  EXPECT_EQ(le32(bytes.data()), 0xa1b2c3d4u);
  EXPECT_EQ(bytes[4], 2);
  EXPECT_EQ(bytes[6], 4);
  EXPECT_EQ(le32(bytes.data() + 16), 65535u);
  EXPECT_EQ(le32(bytes.data() + 20), 1u);
  EXPECT_EQ(le32(bytes.data() + 24), 1735689600u);
  EXPECT_EQ(le32(bytes.data() + 28), 123456u);
  EXPECT_EQ(le32(bytes.data() + 32), 60u);
  EXPECT_EQ(le32(bytes.data() + 36), 60u);
  EXPECT_EQ(bytes[40 + 59], 59);
}

TEST(PcapWriterTest, NanosecondMagicAndFraction) {
  const std::string path = pgtest::tempPath("writer_ns.pcap");
  auto w = PcapWriter::open(path, TimestampPrecision::kNano);
  ASSERT_TRUE(w.ok());
  w->reserve(64);
  w->commit(1735689600123456789ULL, 64);
  ASSERT_TRUE(w->finish().ok());
  const auto bytes = readAll(path);
  EXPECT_EQ(le32(bytes.data()), 0xa1b23c4du);
  EXPECT_EQ(le32(bytes.data() + 28), 123456789u);
  const auto records = pgtest::readWithLibpcap(path);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].ts_ns, 1735689600123456789ULL);
}

TEST(PcapWriterTest, ManyBuffersOfRecordsReadBackInOrder) {
  const std::string path = pgtest::tempPath("writer_many.pcap");
  auto w = PcapWriter::open(path, TimestampPrecision::kMicro);
  ASSERT_TRUE(w.ok());
  constexpr uint32_t kFrames = 3000;  // 3000 x 1534 bytes: several 1 MiB flushes
  for (uint32_t i = 0; i < kFrames; ++i) {
    uint8_t* p = w->reserve(1518);
    std::memset(p, static_cast<int>(i & 0xff), 1518);
    w->commit(uint64_t(i) * 1000, 1518);
  }
  ASSERT_TRUE(w->finish().ok());
  int link = -1;
  const auto records = pgtest::readWithLibpcap(path, &link);
  EXPECT_EQ(link, 1);
  ASSERT_EQ(records.size(), kFrames);
  for (uint32_t i = 0; i < kFrames; i += 499) {
    EXPECT_EQ(records[i].ts_ns, uint64_t(i) * 1000);
    EXPECT_EQ(records[i].caplen, 1518u);
    EXPECT_EQ(records[i].data[1000], i & 0xff);
  }
}

TEST(PcapWriterTest, ErrorsNameThePath) {
  auto w = PcapWriter::open("/nonexistent-dir/x.pcap", TimestampPrecision::kMicro);
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.error().find("/nonexistent-dir/x.pcap"), std::string::npos);
  auto full = PcapWriter::open("/dev/full", TimestampPrecision::kMicro);
  ASSERT_TRUE(full.ok());
  full->reserve(60);
  full->commit(0, 60);
  const auto done = full->finish();
  ASSERT_FALSE(done.ok());
  EXPECT_NE(done.error().find("/dev/full"), std::string::npos);
}

}  // namespace
}  // namespace vigil::pcapgen
