// Tests for Spool recovery: torn tails, corrupt records, damaged state, foreign files, fuzzing, SIGKILL, permissions.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "publish/spool.h"
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
using testing_support::readBytes;
using testing_support::runAsNobody;
using testing_support::segmentFiles;
using testing_support::seqsOf;
using testing_support::TempDir;
using testing_support::writeBytes;
using Seqs = std::vector<uint64_t>;
using Names = std::vector<std::string>;
using Warnings = std::vector<std::string>;

constexpr const char* kFirstSegment = "00000000000000000001.seg";

/// Bytes of the one segment holding records 1..count, written by a real spool.
std::string segmentWith(uint64_t count) {
  TempDir dir;
  auto spool = mustOpen(optionsFor(dir));
  if (spool == nullptr || !appendRange(*spool, 1, count)) return {};
  spool.reset();
  return readBytes(dir.file(std::string("spool/") + kFirstSegment));
}

/// Overwrites one byte of a file in place (XOR 0xff), spool open or not.
void flipByte(const std::string& path, uint64_t offset) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  file.seekg(static_cast<std::streamoff>(offset));
  char c = 0;
  file.get(c);
  file.seekp(static_cast<std::streamoff>(offset));
  file.put(static_cast<char>(c ^ 0xff));
  ASSERT_TRUE(file.good()) << path;
}

TEST(SpoolRecoveryTest, TornTailAtEveryOffsetOfTheLastRecordKeepsTheEarlierOnes) {
  const std::string original = segmentWith(3);
  ASSERT_EQ(original.size(), 3 * kRecordBytes);
  for (uint64_t cut = 2 * kRecordBytes; cut < original.size(); ++cut) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    TempDir dir;
    const SpoolOptions options = optionsFor(dir);
    const std::string segment = dir.file(std::string("spool/") + kFirstSegment);
    std::filesystem::create_directory(options.dir);
    writeBytes(segment, original.substr(0, cut));
    auto spool = mustOpen(options);
    ASSERT_NE(spool, nullptr);
    const auto records = readAll(*spool);
    EXPECT_EQ(seqsOf(records), (Seqs{1, 2}));
    EXPECT_TRUE(payloadsIntact(records));
    EXPECT_EQ(spool->lastSeq(), 2u);
    EXPECT_EQ(spool->corruptRecords(), 0u);
    EXPECT_EQ(std::filesystem::file_size(segment), 2 * kRecordBytes);
    const Warnings expected =
        cut == 2 * kRecordBytes ? Warnings{} : Warnings{segment + ": torn record at offset 60 truncated"};
    EXPECT_EQ(spool->takeWarnings(), expected);
    // Seq 3 never returned from append, so it is free again.
    ASSERT_TRUE(spool->append(3, payloadFor(3)).ok());
    spool.reset();
    spool = mustOpen(options);
    ASSERT_NE(spool, nullptr);
    EXPECT_EQ(seqsOf(readAll(*spool)), (Seqs{1, 2, 3}));
    EXPECT_TRUE(spool->takeWarnings().empty());
  }
}

TEST(SpoolRecoveryTest, TornFirstRecordLeavesNoSegment) {
  const std::string original = segmentWith(1);
  for (uint64_t cut = 1; cut < kRecordBytes; ++cut) {
    TempDir dir;
    const SpoolOptions options = optionsFor(dir);
    const std::string segment = dir.file(std::string("spool/") + kFirstSegment);
    std::filesystem::create_directory(options.dir);
    writeBytes(segment, original.substr(0, cut));
    auto spool = mustOpen(options);
    ASSERT_NE(spool, nullptr);
    EXPECT_EQ(spool->depth(), 0u);
    EXPECT_EQ(spool->lastSeq(), 0u);
    EXPECT_EQ(spool->bytes(), 0u);
    EXPECT_TRUE(segmentFiles(dir.file("spool")).empty());
    EXPECT_EQ(spool->takeWarnings(), Warnings{segment + ": torn record at offset 0 truncated"});
  }
}

struct Corruption {
  uint64_t offset;     // byte flipped
  const char* reason;  // in the warning
  uint64_t record;     // the 1-based record hit
};

TEST(SpoolRecoveryTest, CorruptMiddleRecordCutsItsSegmentAndCountsTheLoss) {
  const std::string original = segmentWith(5);
  const Corruption cases[] = {
      {kRecordBytes + 20 + 3, "bad checksum", 2},              // payload byte
      {kRecordBytes + 9, "bad checksum", 2},                   // seq byte
      {2 * kRecordBytes, "bad magic", 3},                      // magic
      {kRecordBytes + 7, "runs past the end of the file", 2},  // top byte of the length
  };
  for (const Corruption& c : cases) {
    SCOPED_TRACE(c.reason);
    TempDir dir;
    const SpoolOptions options = optionsFor(dir);
    const std::string segment = dir.file(std::string("spool/") + kFirstSegment);
    std::filesystem::create_directory(options.dir);
    writeBytes(segment, original);
    flipByte(segment, c.offset);
    auto spool = mustOpen(options);
    ASSERT_NE(spool, nullptr);
    Seqs kept;
    for (uint64_t seq = 1; seq < c.record; ++seq)
      kept.push_back(seq);
    const auto records = readAll(*spool);
    EXPECT_EQ(seqsOf(records), kept);
    EXPECT_TRUE(payloadsIntact(records));
    const uint64_t lost = 5 - (c.record - 1);
    EXPECT_EQ(spool->corruptRecords(), lost);
    const uint64_t at = (c.record - 1) * kRecordBytes;
    EXPECT_EQ(spool->takeWarnings(),
              Warnings{segment + ": corrupt record at offset " + std::to_string(at) + " (" + c.reason + "), " +
                       std::to_string(lost) + " record(s) lost, truncated there"});
    EXPECT_EQ(std::filesystem::file_size(segment), at);
    // Seqs 3-5 were readable after the damage, may have been sent: never handed out again.
    EXPECT_EQ(spool->lastSeq(), 5u);
    EXPECT_FALSE(spool->append(5, "x").ok());
    EXPECT_TRUE(spool->append(6, "x").ok());
  }
}

TEST(SpoolRecoveryTest, CorruptionInOneSegmentLeavesTheOthersReadable) {
  TempDir dir;
  const SpoolOptions options = optionsFor(dir, /*segment_records=*/3);
  auto spool = mustOpen(options);
  ASSERT_NE(spool, nullptr);
  ASSERT_TRUE(appendRange(*spool, 1, 9));
  spool.reset();
  flipByte(dir.file(std::string("spool/") + kFirstSegment), kRecordBytes + 25);
  spool = mustOpen(options);
  ASSERT_NE(spool, nullptr);
  EXPECT_EQ(seqsOf(readAll(*spool)), (Seqs{1, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(spool->corruptRecords(), 2u);
  EXPECT_EQ(spool->takeWarnings().size(), 1u);
}

TEST(SpoolRecoveryTest, DamageFoundByReadIsDroppedCountedAndWarned) {
  TempDir dir;
  auto spool = mustOpen(optionsFor(dir));
  ASSERT_NE(spool, nullptr);
  ASSERT_TRUE(appendRange(*spool, 1, 3));
  const std::string segment = dir.file(std::string("spool/") + kFirstSegment);
  flipByte(segment, kRecordBytes + 22);
  EXPECT_EQ(seqsOf(readAll(*spool)), (Seqs{1, 3}));
  EXPECT_EQ(spool->corruptRecords(), 1u);
  EXPECT_EQ(spool->depth(), 2u);
  EXPECT_EQ(spool->takeWarnings(), Warnings{segment + ": record seq 2 at offset 30 damaged since start-up, dropped"});
  EXPECT_EQ(seqsOf(readAll(*spool)), (Seqs{1, 3}));
  EXPECT_EQ(spool->corruptRecords(), 1u);
}

TEST(SpoolRecoveryTest, DamagedStateFileIsWarnedAndEverythingResent) {
  struct Case {
    std::string bytes;
    std::string problem;
  };
  const Case cases[] = {
      {std::string(28, 'z'), "damaged (bad magic or checksum)"},
      {"short", "damaged (5 bytes, expected 28)"},
  };
  for (const Case& c : cases) {
    TempDir dir;
    const SpoolOptions options = optionsFor(dir);
    auto spool = mustOpen(options);
    ASSERT_NE(spool, nullptr);
    ASSERT_TRUE(appendRange(*spool, 1, 3));
    spool->ack(1);
    spool->ack(2);
    ASSERT_TRUE(spool->sync().ok());
    spool.reset();
    const std::string state = dir.file("spool/spool.state");
    writeBytes(state, c.bytes);
    spool = mustOpen(options);
    ASSERT_NE(spool, nullptr);
    EXPECT_EQ(spool->takeWarnings(),
              Warnings{state + ": " + c.problem + "; acks forgotten, unacked records will be resent"});
    EXPECT_EQ(seqsOf(readAll(*spool)), (Seqs{1, 2, 3}));
    EXPECT_EQ(spool->lastSeq(), 3u);
  }
}

TEST(SpoolRecoveryTest, ForeignFilesAreIgnoredAndLeftAlone) {
  TempDir dir;
  const SpoolOptions options = optionsFor(dir);
  const std::string path = dir.file("spool");
  std::filesystem::create_directory(path);
  writeBytes(path + "/notes.txt", "hello");
  writeBytes(path + "/1.seg", "garbage");
  writeBytes(path + "/0000000000000000000x.seg", "garbage");
  writeBytes(path + "/00000000000000000001.seg.bak", "garbage");
  writeBytes(path + "/99999999999999999999.seg", "garbage");  // above UINT64_MAX: not a name we write
  writeBytes(path + "/spool.state.tmp", "left by a crash");
  std::filesystem::create_directory(path + "/00000000000000000099.seg");
  std::filesystem::create_symlink(path + "/notes.txt", path + "/00000000000000000050.seg");
  auto spool = mustOpen(options);
  ASSERT_NE(spool, nullptr);
  ASSERT_TRUE(appendRange(*spool, 1, 2));
  spool.reset();
  spool = mustOpen(options);
  ASSERT_NE(spool, nullptr);
  EXPECT_EQ(seqsOf(readAll(*spool)), (Seqs{1, 2}));
  EXPECT_EQ(spool->lastSeq(), 2u);
  EXPECT_TRUE(spool->takeWarnings().empty());
  Names expected{"00000000000000000001.seg",
                 "00000000000000000001.seg.bak",
                 "00000000000000000050.seg",
                 "00000000000000000099.seg",
                 "0000000000000000000x.seg",
                 "1.seg",
                 "99999999999999999999.seg",
                 "notes.txt",
                 "spool.lock"};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(listDir(path), expected);
  EXPECT_EQ(readBytes(path + "/notes.txt"), "hello");
}

/// Random damage to a real spool: open() must succeed and only ever return records as written.
TEST(SpoolRecoveryTest, RandomGarbageAndTruncationsNeverCrashOrForgeRecords) {
  TempDir source;
  SpoolOptions base = optionsFor(source, /*segment_records=*/3);
  {
    auto spool = mustOpen(base);
    ASSERT_NE(spool, nullptr);
    ASSERT_TRUE(appendRange(*spool, 1, 12));
    spool->ack(1);
    ASSERT_TRUE(spool->sync().ok());
  }
  std::vector<std::pair<std::string, std::string>> files;
  for (const std::string& name : listDir(base.dir.string())) {
    if (name != "spool.lock") files.emplace_back(name, readBytes(base.dir.string() + "/" + name));
  }
  ASSERT_EQ(files.size(), 5u);  // 4 segments and the state

  std::mt19937_64 rng(20240611);
  const auto randomBytes = [&](std::size_t n) {
    std::string s(n, '\0');
    for (char& c : s)
      c = static_cast<char>(rng());
    return s;
  };
  for (int round = 0; round < 150; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    TempDir dir;
    SpoolOptions options = base;
    options.dir = dir.file("spool");
    options.fsync = FsyncPolicy::kNever;  // recovery is the same; keeps 150 rounds fast
    std::filesystem::create_directory(options.dir);
    for (auto [name, bytes] : files) {
      switch (rng() % 5) {
        case 0:
          bytes.resize(rng() % (bytes.size() + 1));
          break;
        case 1:
          for (int i = 0, n = 1 + int(rng() % 4); i < n && !bytes.empty(); ++i)
            bytes[rng() % bytes.size()] ^= char(1 + rng() % 255);
          break;
        case 2:
          bytes = randomBytes(rng() % 200);
          break;
        default:
          break;  // intact
      }
      writeBytes(options.dir.string() + "/" + name, bytes);
    }
    if (rng() % 2) {
      writeBytes(options.dir.string() + "/" + segmentFileName(rng() % 20), randomBytes(rng() % 300));
    }
    auto spool = mustOpen(options);
    ASSERT_NE(spool, nullptr);
    const auto records = readAll(*spool);
    EXPECT_TRUE(payloadsIntact(records));
    EXPECT_EQ(spool->depth(), records.size());
    for (std::size_t i = 1; i < records.size(); ++i)
      EXPECT_LT(records[i - 1].seq, records[i].seq);
    if (!records.empty()) {
      EXPECT_LE(records.back().seq, spool->lastSeq());
    }
    EXPECT_TRUE(spool->append(spool->lastSeq() + 1, "after recovery").ok());
    spool.reset();
    spool = mustOpen(options);  // the first recovery left a clean spool
    ASSERT_NE(spool, nullptr);
    for (const std::string& warning : spool->takeWarnings())
      EXPECT_EQ(warning.find(".seg:"), std::string::npos);
  }
}

/// A child appends with kAlways and reports each seq append returned; SIGKILL at a random moment must lose
/// none of them.
TEST(SpoolRecoveryTest, SigkillMidAppendLosesNoReturnedRecord) {
  TempDir dir;
  SpoolOptions options = optionsFor(dir, /*segment_records=*/50);
  std::random_device seed;
  std::mt19937 rng(seed());
  uint64_t expected_last = 0;
  for (int round = 0; round < 3; ++round) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(fds[0]);
      auto spool = Spool::open(options);
      if (!spool) ::_exit(1);
      for (uint64_t seq = (*spool)->lastSeq() + 1;; ++seq) {
        if (!(*spool)->append(seq, payloadFor(seq)).ok()) ::_exit(2);
        if (::write(fds[1], &seq, sizeof seq) != sizeof seq) ::_exit(3);
      }
    }
    ::close(fds[1]);
    std::this_thread::sleep_for(std::chrono::milliseconds(5 + rng() % 40));
    ASSERT_EQ(::kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << "child exited early with " << WEXITSTATUS(status);
    Seqs reported;
    uint64_t seq = 0;
    while (::read(fds[0], &seq, sizeof seq) == sizeof seq)
      reported.push_back(seq);
    ::close(fds[0]);

    auto spool = mustOpen(options);
    ASSERT_NE(spool, nullptr);
    const auto records = readAll(*spool);
    EXPECT_TRUE(payloadsIntact(records));
    // Everything reported, in order from 1, plus at most the one whose report the kill cut off.
    ASSERT_GE(records.size(), expected_last + reported.size());
    ASSERT_LE(records.size(), expected_last + reported.size() + 1);
    for (std::size_t i = 0; i < records.size(); ++i)
      EXPECT_EQ(records[i].seq, i + 1);
    if (!reported.empty()) {
      EXPECT_EQ(reported.back(), expected_last + reported.size());
    }
    EXPECT_EQ(spool->lastSeq(), records.size());
    EXPECT_EQ(spool->corruptRecords(), 0u);
    expected_last = spool->lastSeq();
  }
}

TEST(SpoolRecoveryTest, PathProblemsAreErrorsNamingThePath) {
  TempDir dir;
  writeBytes(dir.file("file"), "x");
  SpoolOptions options;
  options.dir = dir.file("file");
  auto not_dir = Spool::open(options);
  ASSERT_FALSE(not_dir.ok());
  EXPECT_EQ(not_dir.error(), dir.file("file") + ": not a directory");
  options.dir = dir.file("file/spool");
  auto under_file = Spool::open(options);
  ASSERT_FALSE(under_file.ok());
  EXPECT_EQ(under_file.error(), dir.file("file/spool") + ": cannot create directory: not a directory");
}

TEST(SpoolRecoveryTest, UnwritableDirectoryIsAnErrorNamingThePath) {
  TempDir dir;
  ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0);
  const std::string read_only = dir.file("ro");
  ASSERT_EQ(::mkdir(read_only.c_str(), 0755), 0);  // root's: others may look, not write
  {
    SpoolOptions options;
    options.dir = dir.file("private");
    ASSERT_NE(mustOpen(options), nullptr);  // root's, 0700
  }
  const auto expectError = [](const std::string& path, const std::string& message) {
    SpoolOptions options;
    options.dir = path;
    auto spool = Spool::open(options);
    if (spool.ok()) {
      std::fprintf(stderr, "%s: opened\n", path.c_str());
      return false;
    }
    if (spool.error() != message) std::fprintf(stderr, "got: %s\n", spool.error().c_str());
    return spool.error() == message;
  };
  EXPECT_EQ(runAsNobody([&] { return expectError(read_only, read_only + "/spool.lock: permission denied"); }), 0);
  EXPECT_EQ(runAsNobody([&] {
              return expectError(read_only + "/spool",
                                 read_only + "/spool: cannot create directory: permission denied");
            }),
            0);
  EXPECT_EQ(runAsNobody([&] { return expectError(dir.file("private"), dir.file("private") + ": permission denied"); }),
            0);
}

}  // namespace
}  // namespace vigil::publish
