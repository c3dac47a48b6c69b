// Tests for Spool: append/read/ack/reopen cycles, segment rotation and deletion, the size cap, fsync policies.
#include "publish/spool.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "spool_test_support.h"

namespace vigil::publish {
namespace {

using testing_support::appendRange;
using testing_support::kRecordBytes;
using testing_support::listDir;
using testing_support::mustOpen;
using testing_support::optionsFor;
using testing_support::payloadFor;
using testing_support::payloadsIntact;
using testing_support::readAll;
using testing_support::segmentFiles;
using testing_support::seqsOf;
using testing_support::TempDir;
using Seqs = std::vector<uint64_t>;
using Names = std::vector<std::string>;

TEST(SpoolTest, AppendReadAckReopen) {
  TempDir dir;
  const SpoolOptions options = optionsFor(dir);
  auto spool = mustOpen(options);
  ASSERT_NE(spool, nullptr);
  EXPECT_EQ(spool->depth(), 0u);
  EXPECT_EQ(spool->lastSeq(), 0u);
  EXPECT_EQ(spool->bytes(), 0u);
  EXPECT_EQ(listDir(dir.file("spool")), Names{"spool.lock"});

  ASSERT_TRUE(appendRange(*spool, 1, 5));
  EXPECT_EQ(spool->depth(), 5u);
  EXPECT_EQ(spool->lastSeq(), 5u);
  EXPECT_EQ(spool->bytes(), 5 * kRecordBytes);
  EXPECT_EQ(segmentFiles(dir.file("spool")), Names{"00000000000000000001.seg"});
  EXPECT_EQ(std::filesystem::file_size(dir.file("spool/00000000000000000001.seg")), 5 * kRecordBytes);

  const auto all = readAll(*spool);
  EXPECT_EQ(seqsOf(all), (Seqs{1, 2, 3, 4, 5}));
  EXPECT_TRUE(payloadsIntact(all));
  std::vector<SpoolRecord> some;
  ASSERT_TRUE(spool->readUnacked(2, 2, some).ok());
  EXPECT_EQ(some, (std::vector<SpoolRecord>{{3, "event-0003"}, {4, "event-0004"}}));
  ASSERT_TRUE(spool->readUnacked(5, 10, some).ok());
  EXPECT_TRUE(some.empty());
  ASSERT_TRUE(spool->readUnacked(0, 0, some).ok());
  EXPECT_TRUE(some.empty());

  spool->ack(1);
  spool->ack(2);
  EXPECT_EQ(spool->depth(), 3u);
  ASSERT_TRUE(spool->sync().ok());
  spool.reset();

  spool = mustOpen(options);
  ASSERT_NE(spool, nullptr);
  EXPECT_EQ(spool->depth(), 3u);
  EXPECT_EQ(spool->lastSeq(), 5u);
  EXPECT_EQ(spool->bytes(), 5 * kRecordBytes);  // the newest segment stays while records 3-5 wait
  EXPECT_EQ(seqsOf(readAll(*spool)), (Seqs{3, 4, 5}));
  ASSERT_TRUE(spool->append(6, payloadFor(6)).ok());  // continues the same segment
  EXPECT_EQ(segmentFiles(dir.file("spool")), Names{"00000000000000000001.seg"});
  EXPECT_EQ(spool->bytes(), 6 * kRecordBytes);
  EXPECT_TRUE(spool->takeWarnings().empty());
}

TEST(SpoolTest, AcksNotYetCheckpointedAreResentAfterReopen) {
  TempDir dir;
  auto spool = mustOpen(optionsFor(dir));
  ASSERT_NE(spool, nullptr);
  ASSERT_TRUE(appendRange(*spool, 1, 3));
  spool->ack(1);
  spool->ack(2);
  spool->ack(3);
  EXPECT_EQ(spool->depth(), 0u);
  spool.reset();  // a crash before any checkpoint: the collector will see duplicates, nothing is lost
  spool = mustOpen(optionsFor(dir));
  ASSERT_NE(spool, nullptr);
  EXPECT_EQ(seqsOf(readAll(*spool)), (Seqs{1, 2, 3}));
}

TEST(SpoolTest, OutOfOrderAcksKeepTheWatermarkAtTheOldestUnacked) {
  TempDir dir;
  auto spool = mustOpen(optionsFor(dir));
  ASSERT_NE(spool, nullptr);
  ASSERT_TRUE(appendRange(*spool, 1, 6));
  spool->ack(5);
  spool->ack(2);
  spool->ack(4);
  spool->ack(99);  // unknown: no-op
  spool->ack(2);   // already acked: no-op
  EXPECT_EQ(spool->depth(), 3u);
  EXPECT_EQ(seqsOf(readAll(*spool)), (Seqs{1, 3, 6}));
  std::vector<SpoolRecord> after_one;
  ASSERT_TRUE(spool->readUnacked(1, 10, after_one).ok());
  EXPECT_EQ(seqsOf(after_one), (Seqs{3, 6}));

  spool->ack(1);  // watermark 2; 4 and 5 are acked above it, in memory only
  ASSERT_TRUE(spool->sync().ok());
  spool.reset();
  spool = mustOpen(optionsFor(dir));
  ASSERT_NE(spool, nullptr);
  EXPECT_EQ(seqsOf(readAll(*spool)), (Seqs{3, 4, 5, 6}));
  EXPECT_EQ(spool->lastSeq(), 6u);
}

TEST(SpoolTest, SegmentsRotateAndFullyAckedOnesAreDeletedAtTheCheckpoint) {
  TempDir dir;
  const SpoolOptions options = optionsFor(dir, /*segment_records=*/3);
  auto spool = mustOpen(options);
  ASSERT_NE(spool, nullptr);
  ASSERT_TRUE(appendRange(*spool, 1, 7));
  const std::string path = dir.file("spool");
  EXPECT_EQ(segmentFiles(path),
            (Names{"00000000000000000001.seg", "00000000000000000004.seg", "00000000000000000007.seg"}));
  EXPECT_EQ(spool->bytes(), 7 * kRecordBytes);

  spool->ack(4);
  spool->ack(5);
  spool->ack(6);
  EXPECT_EQ(segmentFiles(path).size(), 3u);  // deletion waits for the checkpoint
  ASSERT_TRUE(spool->syncIfDue().ok());
  EXPECT_EQ(segmentFiles(path), (Names{"00000000000000000001.seg", "00000000000000000007.seg"}));
  EXPECT_EQ(spool->bytes(), 4 * kRecordBytes);

  for (uint64_t seq : {1, 2, 3, 7})
    spool->ack(seq);
  ASSERT_TRUE(spool->sync().ok());
  EXPECT_EQ(segmentFiles(path), Names{"00000000000000000007.seg"});  // the newest stays, for appends
  EXPECT_EQ(spool->bytes(), kRecordBytes);
  EXPECT_EQ(spool->depth(), 0u);

  spool.reset();
  spool = mustOpen(options);
  ASSERT_NE(spool, nullptr);
  EXPECT_EQ(spool->depth(), 0u);
  EXPECT_EQ(spool->lastSeq(), 7u);
  EXPECT_EQ(spool->bytes(), kRecordBytes);
  ASSERT_TRUE(spool->append(8, payloadFor(8)).ok());
  EXPECT_EQ(segmentFiles(path), Names{"00000000000000000007.seg"});
  EXPECT_EQ(seqsOf(readAll(*spool)), Seqs{8});
}

TEST(SpoolTest, LastSeqSurvivesFullAckSegmentDeletionAndReopen) {
  TempDir dir;
  const SpoolOptions options = optionsFor(dir, /*segment_records=*/3);
  const std::string path = dir.file("spool");
  auto spool = mustOpen(options);
  ASSERT_NE(spool, nullptr);
  ASSERT_TRUE(appendRange(*spool, 1, 7));
  for (uint64_t seq = 1; seq <= 7; ++seq)
    spool->ack(seq);
  ASSERT_TRUE(spool->sync().ok());
  spool.reset();
  // Even with every segment gone, the state file remembers seq 7 was used.
  for (const std::string& name : segmentFiles(path))
    std::filesystem::remove(path + "/" + name);

  spool = mustOpen(options);
  ASSERT_NE(spool, nullptr);
  EXPECT_EQ(spool->lastSeq(), 7u);
  EXPECT_EQ(spool->depth(), 0u);
  EXPECT_EQ(spool->bytes(), 0u);
  auto again = spool->append(7, payloadFor(7));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error(), "spool: seq 7 is not above the last seq 7");
  ASSERT_TRUE(spool->append(8, payloadFor(8)).ok());
  EXPECT_EQ(segmentFiles(path), Names{"00000000000000000008.seg"});
  spool.reset();

  // Without the state file the segments still tell: seq 8 is resent, lastSeq stays 8.
  std::filesystem::remove(path + "/spool.state");
  spool = mustOpen(options);
  ASSERT_NE(spool, nullptr);
  EXPECT_EQ(spool->lastSeq(), 8u);
  EXPECT_EQ(seqsOf(readAll(*spool)), Seqs{8});
  EXPECT_TRUE(spool->takeWarnings().empty());
}

TEST(SpoolTest, CapDropsTheOldestSegmentsAndCountsTheirUnackedRecords) {
  TempDir dir;
  const SpoolOptions options = optionsFor(dir, /*segment_records=*/3, /*max_records=*/6);
  const std::string path = dir.file("spool");
  auto spool = mustOpen(options);
  ASSERT_NE(spool, nullptr);
  ASSERT_TRUE(appendRange(*spool, 1, 6));
  EXPECT_EQ(spool->bytes(), 180u);
  EXPECT_EQ(spool->droppedFull(), 0u);

  ASSERT_TRUE(spool->append(7, payloadFor(7)).ok());
  EXPECT_EQ(spool->droppedFull(), 3u);
  EXPECT_EQ(spool->bytes(), 120u);
  EXPECT_EQ(segmentFiles(path), (Names{"00000000000000000004.seg", "00000000000000000007.seg"}));
  EXPECT_EQ(seqsOf(readAll(*spool)), (Seqs{4, 5, 6, 7}));
  EXPECT_EQ(spool->takeWarnings(),
            std::vector<std::string>{path + ": spool full (max_bytes 180): deleted 1 oldest segment(s) with 3 unacked "
                                            "record(s)"});

  spool->ack(5);  // acked records are not counted as dropped
  ASSERT_TRUE(appendRange(*spool, 8, 10));
  EXPECT_EQ(spool->droppedFull(), 5u);
  EXPECT_EQ(segmentFiles(path), (Names{"00000000000000000007.seg", "00000000000000000010.seg"}));
  EXPECT_EQ(seqsOf(readAll(*spool)), (Seqs{7, 8, 9, 10}));

  // A fully acked segment makes room first, at no loss.
  for (uint64_t seq : {7, 8, 9})
    spool->ack(seq);
  ASSERT_TRUE(appendRange(*spool, 11, 13));
  EXPECT_EQ(spool->droppedFull(), 5u);
  EXPECT_EQ(segmentFiles(path), (Names{"00000000000000000010.seg", "00000000000000000013.seg"}));

  // The state written before each drop moved the watermark past the dropped records.
  spool.reset();
  spool = mustOpen(options);
  ASSERT_NE(spool, nullptr);
  EXPECT_EQ(seqsOf(readAll(*spool)), (Seqs{10, 11, 12, 13}));
  EXPECT_EQ(spool->lastSeq(), 13u);
  EXPECT_EQ(spool->droppedFull(), 0u);  // per process
}

TEST(SpoolTest, CapBelowTheSegmentSizeDropsTheActiveSegmentToo) {
  TempDir dir;
  const SpoolOptions options = optionsFor(dir, /*segment_records=*/10, /*max_records=*/2);
  auto spool = mustOpen(options);
  ASSERT_NE(spool, nullptr);
  ASSERT_TRUE(appendRange(*spool, 1, 3));
  EXPECT_EQ(spool->droppedFull(), 2u);
  EXPECT_EQ(segmentFiles(dir.file("spool")), Names{"00000000000000000003.seg"});
  EXPECT_EQ(spool->bytes(), kRecordBytes);
  EXPECT_EQ(seqsOf(readAll(*spool)), Seqs{3});

  auto oversize = spool->append(4, std::string(41, 'x'));
  ASSERT_FALSE(oversize.ok());
  EXPECT_EQ(oversize.error(), "spool: payload of 41 bytes (+20 header) exceeds the size cap of 60 bytes");
  ASSERT_TRUE(spool->append(4, std::string(40, 'x')).ok());
  EXPECT_EQ(spool->droppedFull(), 3u);
  spool.reset();
  spool = mustOpen(options);
  ASSERT_NE(spool, nullptr);
  EXPECT_EQ(spool->lastSeq(), 4u);
  EXPECT_EQ(seqsOf(readAll(*spool)), Seqs{4});
}

TEST(SpoolTest, OversizePayloadIsRefusedAndNothingIsWritten) {
  TempDir dir;
  SpoolOptions options = optionsFor(dir);
  options.segment_bytes = 100;
  auto spool = mustOpen(options);
  ASSERT_NE(spool, nullptr);
  auto refused = spool->append(1, std::string(81, 'x'));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error(), "spool: payload of 81 bytes (+20 header) exceeds the segment size of 100 bytes");
  EXPECT_EQ(spool->bytes(), 0u);
  EXPECT_EQ(spool->lastSeq(), 0u);
  EXPECT_TRUE(segmentFiles(dir.file("spool")).empty());
  ASSERT_TRUE(spool->append(1, std::string(80, 'x')).ok());
  EXPECT_EQ(spool->bytes(), 100u);
}

TEST(SpoolTest, SeqMustRise) {
  TempDir dir;
  auto spool = mustOpen(optionsFor(dir));
  ASSERT_NE(spool, nullptr);
  auto zero = spool->append(0, "x");
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error(), "spool: seq 0 is not above the last seq 0");
  ASSERT_TRUE(spool->append(5, "x").ok());
  auto lower = spool->append(3, "x");
  ASSERT_FALSE(lower.ok());
  EXPECT_EQ(lower.error(), "spool: seq 3 is not above the last seq 5");
  ASSERT_TRUE(spool->append(9, "y").ok());  // gaps are allowed
  EXPECT_EQ(seqsOf(readAll(*spool)), (Seqs{5, 9}));
  spool->ack(9);
  ASSERT_TRUE(spool->sync().ok());
  spool.reset();
  spool = mustOpen(optionsFor(dir));
  ASSERT_NE(spool, nullptr);
  EXPECT_EQ(seqsOf(readAll(*spool)), (Seqs{5, 9}));  // 9 was acked above the watermark (4)
}

TEST(SpoolTest, IntervalAndNeverPoliciesCheckpointOnlyWhenDue) {
  for (FsyncPolicy policy : {FsyncPolicy::kInterval, FsyncPolicy::kNever}) {
    SCOPED_TRACE(policy == FsyncPolicy::kInterval ? "interval" : "never");
    TempDir dir;
    SpoolOptions options = optionsFor(dir);
    options.fsync = policy;
    options.fsync_interval = std::chrono::milliseconds(0);
    auto spool = mustOpen(options);
    ASSERT_NE(spool, nullptr);
    ASSERT_TRUE(appendRange(*spool, 1, 4));
    spool->ack(1);
    spool->ack(2);
    ASSERT_TRUE(spool->syncIfDue().ok());
    spool.reset();
    spool = mustOpen(options);
    ASSERT_NE(spool, nullptr);
    EXPECT_EQ(seqsOf(readAll(*spool)), (Seqs{3, 4}));
  }
  TempDir dir;
  SpoolOptions options = optionsFor(dir);
  options.fsync = FsyncPolicy::kInterval;
  options.fsync_interval = std::chrono::hours(1);
  auto spool = mustOpen(options);
  ASSERT_NE(spool, nullptr);
  ASSERT_TRUE(appendRange(*spool, 1, 4));
  spool->ack(1);
  ASSERT_TRUE(spool->syncIfDue().ok());  // not due for an hour
  EXPECT_FALSE(std::filesystem::exists(dir.file("spool/spool.state")));
  ASSERT_TRUE(spool->sync().ok());
  EXPECT_TRUE(std::filesystem::exists(dir.file("spool/spool.state")));
  spool.reset();
  spool = mustOpen(options);
  ASSERT_NE(spool, nullptr);
  EXPECT_EQ(seqsOf(readAll(*spool)), (Seqs{2, 3, 4}));
}

TEST(SpoolTest, OptionsAreChecked) {
  TempDir dir;
  SpoolOptions options = optionsFor(dir);
  options.segment_bytes = 20;
  auto small_segment = Spool::open(options);
  ASSERT_FALSE(small_segment.ok());
  EXPECT_EQ(small_segment.error(), "spool: segment_bytes 20 is too small (at least 21)");
  options = optionsFor(dir);
  options.max_bytes = 0;
  auto no_cap = Spool::open(options);
  ASSERT_FALSE(no_cap.ok());
  EXPECT_EQ(no_cap.error(), "spool: max_bytes 0 is too small (at least 21)");
  auto no_dir = Spool::open(SpoolOptions{});
  ASSERT_FALSE(no_dir.ok());
  EXPECT_EQ(no_dir.error(), "spool: no directory given");
}

TEST(SpoolTest, CreatesAPrivateDirectoryAndLocksIt) {
  TempDir dir;
  SpoolOptions options;
  options.dir = dir.file("var/lib/vigil/spool");
  auto spool = mustOpen(options);
  ASSERT_NE(spool, nullptr);
  struct stat st {};
  ASSERT_EQ(::stat(options.dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);

  auto second = Spool::open(options);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error(), options.dir.string() + "/spool.lock: in use by another process");
  spool.reset();
  EXPECT_TRUE(Spool::open(options).ok());
}

}  // namespace
}  // namespace vigil::publish
