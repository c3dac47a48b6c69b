// Tests for BufferedPcapSource: reference captures, exact frames, chunk refills, truncated/corrupt records, open
// errors.
#include "capture/buffered_pcap_source.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "capture_test_support.h"

namespace vigil::capture {
namespace {

using testing_support::appendRecord;
using testing_support::Bytes;
using testing_support::FrameCopy;
using testing_support::HeaderSpec;
using testing_support::payload;
using testing_support::pcapHeader;
using testing_support::readAll;
using testing_support::readFile;
using testing_support::referenceCaptures;
using testing_support::referenceDir;
using testing_support::TempDir;
using testing_support::writeFile;

std::string openError(const std::string& path) {
  BufferedPcapSource source(path);
  auto opened = source.open();
  return opened.ok() ? "" : opened.error();
}

TEST(BufferedPcapSourceTest, ReadsEveryClassicReferenceCapture) {
  VIGIL_REQUIRE_REFERENCE_CAPTURES();
  for (const auto& capture : referenceCaptures()) {
    if (!capture.classic) continue;
    SCOPED_TRACE(capture.file);
    const std::string path = referenceDir() + "/" + capture.file;
    BufferedPcapSource source(path);
    auto opened = source.open();
    ASSERT_TRUE(opened.ok()) << opened.error();
    EXPECT_EQ(source.linkType(), capture.link);
    EXPECT_EQ(source.name(), "pcap:" + path);
    const auto frames = readAll(source);
    EXPECT_EQ(frames.size(), capture.packets);
    EXPECT_EQ(source.state(), SourceState::kExhausted);
    const SourceStats stats = source.stats();
    EXPECT_EQ(stats.received, capture.packets);
    EXPECT_EQ(stats.truncated_records, 0u);
    EXPECT_EQ(stats.bytes_total, std::filesystem::file_size(path));
    EXPECT_EQ(stats.bytes_read, stats.bytes_total);
    uint64_t wire = 0;
    for (const auto& f : frames)
      wire += f.wirelen;
    EXPECT_EQ(stats.bytes, wire);
    EXPECT_EQ(source.warning(), "");
  }
}

TEST(BufferedPcapSourceTest, NanosecondFileKeepsNanoseconds) {
  VIGIL_REQUIRE_REFERENCE_CAPTURES();
  BufferedPcapSource source(referenceDir() + "/benign-tcp-nanosec.pcap");
  ASSERT_TRUE(source.open().ok());
  const auto frames = readAll(source);
  ASSERT_EQ(frames.size(), 3u);
  // tcpdump -tt --nano: 1418145369.924505488, 1418145370.052027262, 1418145370.052115157
  EXPECT_EQ(frames[0].ts_ns, 1418145369924505488ull);
  EXPECT_EQ(frames[1].ts_ns, 1418145370052027262ull);
  EXPECT_EQ(frames[2].ts_ns, 1418145370052115157ull);
}

TEST(BufferedPcapSourceTest, BigEndianFile) {
  VIGIL_REQUIRE_REFERENCE_CAPTURES();
  BufferedPcapSource source(referenceDir() + "/benign-nfsv3-bigendian.pcap");
  ASSERT_TRUE(source.open().ok());
  const auto frames = readAll(source);
  ASSERT_EQ(frames.size(), 128u);
  // First record header (big-endian): 944207397 s, 280000 µs, caplen 106, len 106.
  EXPECT_EQ(frames[0].ts_ns, 944207397280000000ull);
  EXPECT_EQ(frames[0].caplen, 106u);
  EXPECT_EQ(frames[0].wirelen, 106u);
  // Ethernet destination 00:c0:95:f8:4d:d3 (tcpdump -e).
  EXPECT_EQ(frames[0].bytes[0], 0x00);
  EXPECT_EQ(frames[0].bytes[1], 0xc0);
  EXPECT_EQ(frames[0].bytes[5], 0xd3);
}

TEST(BufferedPcapSourceTest, SyntheticFramesInBurstsAndByteOrders) {
  for (bool big : {false, true}) {
    for (bool nano : {false, true}) {
      SCOPED_TRACE(testing::Message() << "big=" << big << " nano=" << nano);
      TempDir dir;
      Bytes file = pcapHeader({.linktype = 1, .nanosecond = nano, .big_endian = big});
      appendRecord(file, big, 1700000000, 1, 60, 60, payload(60, 1));
      appendRecord(file, big, 1700000001, 999999, 1514, 1514, payload(1514, 2));
      appendRecord(file, big, 1700000002, 0, 40, 9000, payload(40, 3));
      writeFile(dir.file("s.pcap"), file);

      BufferedPcapSource source(dir.file("s.pcap"));
      ASSERT_TRUE(source.open().ok());
      std::vector<RawFrame> frames(2);
      ASSERT_EQ(source.receiveBurst(frames), 2u);
      EXPECT_EQ(source.state(), SourceState::kActive);
      EXPECT_EQ(frames[0].caplen, 60u);
      EXPECT_EQ(frames[0].ts_ns, 1700000000'000000000ull + (nano ? 1 : 1000));
      EXPECT_EQ(Bytes(frames[1].data, frames[1].data + frames[1].caplen), payload(1514, 2));
      EXPECT_EQ(frames[1].ts_ns, 1700000001'000000000ull + (nano ? 999999 : 999999000));
      ASSERT_EQ(source.receiveBurst(frames), 1u);
      EXPECT_EQ(frames[0].caplen, 40u);
      EXPECT_EQ(frames[0].wirelen, 9000u);
      EXPECT_EQ(Bytes(frames[0].data, frames[0].data + 40), payload(40, 3));
      // End of file is found by the read after the last record.
      EXPECT_EQ(source.receiveBurst(frames), 0u);
      EXPECT_EQ(source.state(), SourceState::kExhausted);
      EXPECT_EQ(source.stats().received, 3u);
      EXPECT_EQ(source.stats().bytes, 60u + 1514u + 9000u);
    }
  }
}

TEST(BufferedPcapSourceTest, EmptyBurstSpanReadsNothing) {
  TempDir dir;
  Bytes file = pcapHeader({});
  appendRecord(file, false, 1, 0, 4, 4, payload(4, 0));
  writeFile(dir.file("a.pcap"), file);
  BufferedPcapSource source(dir.file("a.pcap"));
  ASSERT_TRUE(source.open().ok());
  EXPECT_EQ(source.receiveBurst({}), 0u);
  EXPECT_EQ(source.state(), SourceState::kActive);
  EXPECT_EQ(readAll(source).size(), 1u);
}

TEST(BufferedPcapSourceTest, HeaderOnlyFileIsExhaustedAtOnce) {
  TempDir dir;
  writeFile(dir.file("h.pcap"), pcapHeader({}));
  BufferedPcapSource source(dir.file("h.pcap"));
  ASSERT_TRUE(source.open().ok());
  EXPECT_EQ(readAll(source).size(), 0u);
  EXPECT_EQ(source.state(), SourceState::kExhausted);
  EXPECT_EQ(source.warning(), "");
}

TEST(BufferedPcapSourceTest, TruncatedFinalRecordIsCountedNotFatal) {
  VIGIL_REQUIRE_REFERENCE_CAPTURES();
  TempDir dir;
  Bytes bytes = readFile(referenceDir() + "/benign-wikipedia.pcap");
  // Find the last record (little-endian file) so the expected warning is exact.
  std::size_t offset = 24;
  std::size_t last = 0;
  while (offset + 16 <= bytes.size()) {
    last = offset;
    const uint32_t caplen =
        bytes[offset + 8] | bytes[offset + 9] << 8 | bytes[offset + 10] << 16 | uint32_t{bytes[offset + 11]} << 24;
    offset += 16 + caplen;
  }
  ASSERT_EQ(offset, bytes.size());
  const std::size_t last_size = bytes.size() - last;
  bytes.resize(bytes.size() - 10);
  const std::string path = dir.file("cut.pcap");
  writeFile(path, bytes);

  BufferedPcapSource source(path);
  ASSERT_TRUE(source.open().ok());
  EXPECT_EQ(readAll(source).size(), 135u);
  EXPECT_EQ(source.state(), SourceState::kExhausted);
  EXPECT_EQ(source.stats().truncated_records, 1u);
  EXPECT_EQ(source.stats().received, 135u);
  EXPECT_EQ(source.error(), "");
  EXPECT_EQ(source.warning(), path + ": truncated final record at offset " + std::to_string(last) + " (got " +
                                  std::to_string(last_size - 10) + " of " + std::to_string(last_size) + " bytes)");
}

TEST(BufferedPcapSourceTest, TruncatedRecordHeader) {
  TempDir dir;
  Bytes file = pcapHeader({});
  appendRecord(file, false, 1, 0, 10, 10, payload(10, 0));
  file.insert(file.end(), 6, 0xab);
  const std::string path = dir.file("h.pcap");
  writeFile(path, file);
  BufferedPcapSource source(path);
  ASSERT_TRUE(source.open().ok());
  EXPECT_EQ(readAll(source).size(), 1u);
  EXPECT_EQ(source.stats().truncated_records, 1u);
  EXPECT_EQ(source.warning(), path + ": truncated final record at offset 50 (got 6 of 16 bytes)");
  EXPECT_EQ(source.stats().bytes_read, file.size());
}

TEST(BufferedPcapSourceTest, OversizedCaplenStopsWithError) {
  TempDir dir;
  Bytes file = pcapHeader({});
  appendRecord(file, false, 1, 0, 10, 10, payload(10, 0));
  appendRecord(file, false, 2, 0, 300000, 300000, payload(64, 0));
  const std::string path = dir.file("bad.pcap");
  writeFile(path, file);
  BufferedPcapSource source(path);
  ASSERT_TRUE(source.open().ok());
  std::vector<RawFrame> frames(8);
  EXPECT_EQ(source.receiveBurst(frames), 1u);
  EXPECT_EQ(source.state(), SourceState::kFailed);
  EXPECT_EQ(source.error(), path + ": corrupt record at offset 50: caplen 300000");
  EXPECT_EQ(source.receiveBurst(frames), 0u);
}

TEST(BufferedPcapSourceTest, CaplenAboveSnaplenIsCutLikeLibpcap) {
  TempDir dir;
  Bytes file = pcapHeader({.snaplen = 64});
  const Bytes big = payload(100, 5);
  appendRecord(file, false, 1, 0, 100, 100, big);
  appendRecord(file, false, 2, 0, 20, 20, payload(20, 6));
  writeFile(dir.file("snap.pcap"), file);
  BufferedPcapSource source(dir.file("snap.pcap"));
  ASSERT_TRUE(source.open().ok());
  const auto frames = readAll(source);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].caplen, 64u);
  EXPECT_EQ(frames[0].wirelen, 100u);
  EXPECT_EQ(frames[0].bytes, Bytes(big.begin(), big.begin() + 64));
  EXPECT_EQ(frames[1].bytes, payload(20, 6));
}

TEST(BufferedPcapSourceTest, OldVersionLengthOrder) {
  TempDir dir;
  Bytes file = pcapHeader({.version_minor = 2});
  appendRecord(file, false, 1, 0, /*len first*/ 1500, /*then caplen*/ 30, payload(30, 9));
  writeFile(dir.file("old.pcap"), file);
  BufferedPcapSource source(dir.file("old.pcap"));
  ASSERT_TRUE(source.open().ok());
  const auto frames = readAll(source);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].caplen, 30u);
  EXPECT_EQ(frames[0].wirelen, 1500u);
}

TEST(BufferedPcapSourceTest, OpenErrorsNameTheFileAndProblem) {
  TempDir dir;
  const std::string missing = dir.file("missing.pcap");
  EXPECT_EQ(openError(missing), missing + ": no such file");
  EXPECT_EQ(openError(dir.path()), dir.path() + ": is a directory");

  const std::string empty = dir.file("empty.pcap");
  writeFile(empty, {});
  EXPECT_EQ(openError(empty), empty + ": empty file (no pcap header)");

  const std::string garbage = dir.file("garbage.pcap");
  writeFile(garbage, Bytes(100, 0x42));
  EXPECT_EQ(openError(garbage), garbage + ": not a pcap or pcapng file (bad magic 0x42424242)");

  const std::string short_header = dir.file("short.pcap");
  Bytes head = pcapHeader({});
  head.resize(17);
  writeFile(short_header, head);
  EXPECT_EQ(openError(short_header), short_header + ": truncated pcap header (got 17 of 24 bytes)");

  const std::string wifi = dir.file("wifi.pcap");
  writeFile(wifi, pcapHeader({.linktype = 105}));
  EXPECT_EQ(openError(wifi), wifi +
                                 ": unsupported link type 105 (IEEE802_11); supported: ethernet, linux-sll, "
                                 "linux-sll2, raw, null, loop");

  const std::string version = dir.file("v3.pcap");
  writeFile(version, pcapHeader({.version_major = 3, .version_minor = 0}));
  EXPECT_EQ(openError(version), version + ": unsupported pcap version 3.0");
}

// Records of every size, straddling refills at every offset: tiny chunks and bursts must give exactly the
// frames that one big chunk gives, and each burst's frames must stay intact until the next call.
TEST(BufferedPcapSourceTest, ChunkAndBurstSizesGiveIdenticalFrames) {
  TempDir dir;
  Bytes file = pcapHeader({});
  std::vector<FrameCopy> want;
  for (uint32_t i = 0; i < 300; ++i) {
    const uint32_t size = i % 7 == 0 ? 0 : (i * 37) % 1600 + 1;
    appendRecord(file, false, 1700000000 + i, i, size, size + 4, payload(size, uint8_t(i)));
    want.push_back({size, size + 4, (1700000000ull + i) * 1'000'000'000ull + i * 1000ull, payload(size, uint8_t(i))});
  }
  const std::string path = dir.file("sizes.pcap");
  writeFile(path, file);
  for (std::size_t chunk : {std::size_t(1), std::size_t(7), std::size_t(16), std::size_t(1000), std::size_t(5000),
                            BufferedPcapSource::kDefaultChunkBytes}) {
    for (std::size_t burst : {std::size_t(1), std::size_t(3), std::size_t(64)}) {
      SCOPED_TRACE(testing::Message() << "chunk=" << chunk << " burst=" << burst);
      BufferedPcapSource source(path, chunk);
      ASSERT_TRUE(source.open().ok());
      EXPECT_EQ(readAll(source, burst), want);
      EXPECT_EQ(source.state(), SourceState::kExhausted);
      EXPECT_EQ(source.stats().received, want.size());
      EXPECT_EQ(source.stats().bytes_read, file.size());
      EXPECT_EQ(source.warning(), "");
    }
  }
}

TEST(BufferedPcapSourceTest, LargestRecordFitsWithTheSmallestChunk) {
  TempDir dir;
  Bytes file = pcapHeader({.snaplen = kMaxCaplen});
  appendRecord(file, false, 1, 0, 10, 10, payload(10, 1));
  appendRecord(file, false, 2, 0, kMaxCaplen, kMaxCaplen, payload(kMaxCaplen, 2));
  appendRecord(file, false, 3, 0, 20, 20, payload(20, 3));
  const std::string path = dir.file("big.pcap");
  writeFile(path, file);
  for (std::size_t chunk : {std::size_t(1), std::size_t(4096), BufferedPcapSource::kDefaultChunkBytes}) {
    SCOPED_TRACE(chunk);
    BufferedPcapSource source(path, chunk);
    ASSERT_TRUE(source.open().ok());
    const auto frames = readAll(source, 2);
    ASSERT_EQ(frames.size(), 3u);
    EXPECT_EQ(frames[1].bytes, payload(kMaxCaplen, 2));
    EXPECT_EQ(frames[2].bytes, payload(20, 3));
    EXPECT_EQ(source.state(), SourceState::kExhausted);
  }
}

TEST(BufferedPcapSourceTest, TruncationAndCorruptionFoundAcrossRefills) {
  TempDir dir;
  const testing_support::BadEndings files = testing_support::badEndings();
  const Bytes& cut = files.cut;
  writeFile(dir.file("cut.pcap"), cut);
  writeFile(dir.file("bad.pcap"), files.corrupt);
  for (std::size_t chunk : {std::size_t(3), std::size_t(50), std::size_t(1000)}) {
    SCOPED_TRACE(chunk);
    BufferedPcapSource truncated(dir.file("cut.pcap"), chunk);
    ASSERT_TRUE(truncated.open().ok());
    EXPECT_EQ(readAll(truncated, 2).size(), 4u);
    EXPECT_EQ(truncated.stats().truncated_records, 1u);
    EXPECT_EQ(truncated.warning(),
              dir.file("cut.pcap") + ": truncated final record at offset 488 (got 86 of 116 bytes)");
    EXPECT_EQ(truncated.stats().bytes_read, cut.size());

    BufferedPcapSource corrupt(dir.file("bad.pcap"), chunk);
    ASSERT_TRUE(corrupt.open().ok());
    EXPECT_EQ(readAll(corrupt, 2).size(), 5u);
    EXPECT_EQ(corrupt.state(), SourceState::kFailed);
    EXPECT_EQ(corrupt.error(), dir.file("bad.pcap") + ": corrupt record at offset 604: caplen 262145");
  }
}

// The size at open() is only for progress: records appended while the file is read are read too.
TEST(BufferedPcapSourceTest, FileThatGrowsIsReadToItsEnd) {
  TempDir dir;
  const std::string path = dir.file("grow.pcap");
  Bytes file = pcapHeader({});
  appendRecord(file, false, 1, 0, 40, 40, payload(40, 1));
  writeFile(path, file);
  BufferedPcapSource source(path, 16);
  ASSERT_TRUE(source.open().ok());
  std::vector<RawFrame> frames(1);
  ASSERT_EQ(source.receiveBurst(frames), 1u);
  appendRecord(file, false, 2, 0, 50, 50, payload(50, 2));
  writeFile(path, file);
  ASSERT_EQ(source.receiveBurst(frames), 1u);
  EXPECT_EQ(Bytes(frames[0].data, frames[0].data + 50), payload(50, 2));
  EXPECT_EQ(source.receiveBurst(frames), 0u);
  EXPECT_EQ(source.state(), SourceState::kExhausted);
  EXPECT_EQ(source.stats().bytes_read, file.size());
  EXPECT_EQ(source.stats().bytes_total, file.size());
}

TEST(BufferedPcapSourceTest, RefusesPcapngAndSecondOpen) {
  TempDir dir;
  const std::string ng = dir.file("x.pcapng");
  Bytes shb = {0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0};
  shb.resize(28, 0xff);
  writeFile(ng, shb);
  EXPECT_EQ(openError(ng), ng + ": not a classic pcap file");

  writeFile(dir.file("ok.pcap"), pcapHeader({}));
  BufferedPcapSource source(dir.file("ok.pcap"));
  ASSERT_TRUE(source.open().ok());
  auto again = source.open();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error(), dir.file("ok.pcap") + ": source already opened");
}

}  // namespace
}  // namespace vigil::capture
