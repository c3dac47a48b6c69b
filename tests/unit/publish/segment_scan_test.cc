// Tests for scanSegment: intact files, order checks against the name and earlier segments, torn versus corrupt.
#include "publish/segment_scan.h"

#include <fcntl.h>
#include <gtest/gtest.h>

#include "publish/spool_format.h"
#include "spool_test_support.h"

namespace vigil::publish {
namespace {

using testing_support::TempDir;
using testing_support::writeBytes;

std::string record(uint64_t seq, const std::string& payload) {
  uint8_t header[kRecordHeaderSize];
  encodeRecordHeader(seq, payload, header);
  return std::string(reinterpret_cast<const char*>(header), kRecordHeaderSize) + payload;
}

/// Writes `bytes` to a file and scans it as segment `name_seq` after a segment ending at `after`.
SegmentScan scan(const std::string& bytes, uint64_t name_seq, uint64_t after, const TempDir& dir) {
  const std::string path = dir.file("x.seg");
  writeBytes(path, bytes);
  auto file = SpoolFile::open(path, O_RDONLY);
  EXPECT_TRUE(file.ok()) << file.error();
  auto result = scanSegment(*file, name_seq, after);
  EXPECT_TRUE(result.ok()) << result.error();
  return result.ok() ? *result : SegmentScan{};
}

std::vector<uint64_t> seqs(const SegmentScan& s) {
  std::vector<uint64_t> out;
  for (const ScannedRecord& r : s.records)
    out.push_back(r.seq);
  return out;
}

TEST(SegmentScanTest, IntactFileYieldsEveryRecordWithItsLocation) {
  TempDir dir;
  const SegmentScan s = scan(record(7, "a") + record(8, "") + record(10, "ccc"), 7, 6, dir);
  ASSERT_EQ(s.records.size(), 3u);
  EXPECT_EQ(s.records[0].seq, 7u);
  EXPECT_EQ(s.records[0].offset, 0u);
  EXPECT_EQ(s.records[0].length, 1u);
  EXPECT_EQ(s.records[1].offset, 21u);
  EXPECT_EQ(s.records[1].length, 0u);
  EXPECT_EQ(s.records[2].seq, 10u);
  EXPECT_EQ(s.records[2].offset, 41u);
  EXPECT_EQ(s.valid_bytes, 64u);
  EXPECT_EQ(s.file_bytes, 64u);
  EXPECT_EQ(s.lost_records, 0u);
  EXPECT_EQ(s.problem, "");
}

TEST(SegmentScanTest, EmptyFileIsIntactAndEmpty) {
  TempDir dir;
  const SegmentScan s = scan("", 1, 0, dir);
  EXPECT_TRUE(s.records.empty());
  EXPECT_EQ(s.valid_bytes, 0u);
  EXPECT_EQ(s.problem, "");
}

TEST(SegmentScanTest, SeqsMustRiseAndRespectTheNameAndEarlierSegments) {
  TempDir dir;
  const std::string path = dir.file("x.seg");
  // A repeated seq with intact records after it: corrupt, not torn.
  SegmentScan s = scan(record(1, "a") + record(2, "b") + record(2, "c") + record(3, "d"), 1, 0, dir);
  EXPECT_EQ(seqs(s), (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(s.lost_records, 2u);
  EXPECT_EQ(s.lost_max_seq, 3u);
  EXPECT_EQ(s.problem, path + ": corrupt record at offset 42 (seq out of order), 2 record(s) lost, truncated there");
  // An intact but out-of-order last record is still corrupt (a crash cannot write one).
  s = scan(record(5, "a") + record(4, "b"), 1, 0, dir);
  EXPECT_EQ(seqs(s), std::vector<uint64_t>{5});
  EXPECT_EQ(s.lost_records, 1u);
  // Below the seq in the file name.
  s = scan(record(5, "a"), 6, 0, dir);
  EXPECT_TRUE(s.records.empty());
  EXPECT_EQ(s.lost_records, 1u);
  // Not above the last seq of the segments before.
  s = scan(record(5, "a") + record(6, "b"), 5, 5, dir);
  EXPECT_TRUE(s.records.empty());
  EXPECT_EQ(s.lost_records, 2u);
  EXPECT_EQ(s.lost_max_seq, 6u);
  // Seq 0 is never appended.
  s = scan(record(0, "a"), 0, 0, dir);
  EXPECT_TRUE(s.records.empty());
}

TEST(SegmentScanTest, GarbageAfterTheLastRecordIsATornTail) {
  TempDir dir;
  const std::string path = dir.file("x.seg");
  const SegmentScan s = scan(record(1, "a") + std::string(50, '\0'), 1, 0, dir);
  EXPECT_EQ(seqs(s), std::vector<uint64_t>{1});
  EXPECT_EQ(s.valid_bytes, 21u);
  EXPECT_EQ(s.file_bytes, 71u);
  EXPECT_EQ(s.lost_records, 0u);
  EXPECT_EQ(s.problem, path + ": torn record at offset 21 truncated");
}

TEST(SegmentScanTest, ResyncCountsRecordsAfterGarbageInTheMiddle) {
  TempDir dir;
  const std::string bytes = record(1, "a") + "VSR1 not a record" + record(2, "bb") + "junk" + record(3, "c");
  const SegmentScan s = scan(bytes, 1, 0, dir);
  EXPECT_EQ(seqs(s), std::vector<uint64_t>{1});
  EXPECT_EQ(s.valid_bytes, 21u);
  EXPECT_EQ(s.lost_records, 3u);  // the garbage counted as one record, then 2 and 3
  EXPECT_EQ(s.lost_max_seq, 3u);
}

}  // namespace
}  // namespace vigil::publish
