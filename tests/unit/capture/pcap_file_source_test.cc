// Tests for PcapFileSource: every reference capture, stdin and FIFOs, the burst arena, truncation and errors.
#include "capture/pcap_file_source.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <thread>

#include "capture/buffered_pcap_source.h"
#include "capture_test_support.h"

namespace vigil::capture {
namespace {

using testing_support::appendRecord;
using testing_support::Bytes;
using testing_support::FrameCopy;
using testing_support::payload;
using testing_support::pcapHeader;
using testing_support::readAll;
using testing_support::readFile;
using testing_support::referenceCaptures;
using testing_support::referenceDir;
using testing_support::TempDir;
using testing_support::writeFile;

std::string openError(const std::string& path) {
  PcapFileSource source(path);
  auto opened = source.open();
  return opened.ok() ? "" : opened.error();
}

/// Puts `fd` on descriptor 0 for this object's lifetime, then restores the real stdin.
class StdinRedirect {
 public:
  explicit StdinRedirect(int fd) : saved_(::dup(STDIN_FILENO)) {
    EXPECT_GE(saved_, 0);
    EXPECT_EQ(::dup2(fd, STDIN_FILENO), STDIN_FILENO);
    ::close(fd);
  }
  ~StdinRedirect() {
    ::dup2(saved_, STDIN_FILENO);
    ::close(saved_);
  }
  StdinRedirect(const StdinRedirect&) = delete;
  StdinRedirect& operator=(const StdinRedirect&) = delete;

 private:
  int saved_;
};

/// Writes `bytes` into a pipe from a thread and reads them back through PcapFileSource("-").
struct StdinResult {
  std::string open_error;
  std::vector<FrameCopy> frames;
  SourceStats stats;
  std::string warning;
  SourceState state = SourceState::kActive;
};

StdinResult readThroughStdinPipe(const Bytes& bytes) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  std::thread writer([&bytes, fd = fds[1]] {
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n <= 0) break;  // reader gave up (EPIPE is reported as an error return: SIGPIPE is ignored below)
      done += static_cast<std::size_t>(n);
    }
    ::close(fd);
  });
  StdinResult result;
  PcapFileSource source("-");
  {
    StdinRedirect redirect(fds[0]);
    auto opened = source.open();  // duplicates fd 0, so stdin can be restored right away
    if (!opened.ok()) result.open_error = opened.error();
  }
  if (result.open_error.empty()) result.frames = readAll(source);
  writer.join();
  result.stats = source.stats();
  result.warning = source.warning();
  result.state = source.state();
  EXPECT_EQ(source.name(), "pcap:-");
  return result;
}

class PcapFileSourceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ::signal(SIGPIPE, SIG_IGN); }
};

TEST_F(PcapFileSourceTest, ReadsEveryReferenceCapture) {
  VIGIL_REQUIRE_REFERENCE_CAPTURES();
  for (const auto& capture : referenceCaptures()) {
    SCOPED_TRACE(capture.file);
    const std::string path = referenceDir() + "/" + capture.file;
    PcapFileSource source(path);
    auto opened = source.open();
    ASSERT_TRUE(opened.ok()) << opened.error();
    EXPECT_EQ(source.linkType(), capture.link);
    const auto frames = readAll(source, 256);
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

TEST_F(PcapFileSourceTest, NanosecondTimestampsAreExact) {
  VIGIL_REQUIRE_REFERENCE_CAPTURES();
  PcapFileSource source(referenceDir() + "/benign-tcp-nanosec.pcap");
  ASSERT_TRUE(source.open().ok());
  const auto frames = readAll(source);
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_EQ(frames[0].ts_ns, 1418145369924505488ull);  // tcpdump -tt --nano: 1418145369.924505488
  EXPECT_EQ(frames[2].ts_ns, 1418145370052115157ull);
}

TEST_F(PcapFileSourceTest, PcapngFirstPacket) {
  VIGIL_REQUIRE_REFERENCE_CAPTURES();
  PcapFileSource source(referenceDir() + "/scan-v-nmap-syn.pcapng");
  ASSERT_TRUE(source.open().ok());
  std::vector<RawFrame> frames(1);
  ASSERT_EQ(source.receiveBurst(frames), 1u);
  // tcpdump -tt --nano -e -c1: 1278275056.274870000 (µs resolution interface), length 58.
  EXPECT_EQ(frames[0].ts_ns, 1278275056274870000ull);
  EXPECT_EQ(frames[0].caplen, 58u);
  EXPECT_EQ(frames[0].wirelen, 58u);
}

TEST_F(PcapFileSourceTest, StdinPipe) {
  VIGIL_REQUIRE_REFERENCE_CAPTURES();
  const auto result = readThroughStdinPipe(readFile(referenceDir() + "/bf-ssh-nmap-port902.pcap"));
  ASSERT_EQ(result.open_error, "");
  EXPECT_EQ(result.frames.size(), 1178u);
  EXPECT_EQ(result.state, SourceState::kExhausted);
  EXPECT_EQ(result.stats.bytes_total, 0u);
  // On a stream the position is counted from the classic layout, which is exact for classic pcap.
  EXPECT_EQ(result.stats.bytes_read, std::filesystem::file_size(referenceDir() + "/bf-ssh-nmap-port902.pcap"));
}

TEST_F(PcapFileSourceTest, StdinPcapngPipe) {
  VIGIL_REQUIRE_REFERENCE_CAPTURES();
  const auto result = readThroughStdinPipe(readFile(referenceDir() + "/scan-v-nmap-syn.pcapng"));
  ASSERT_EQ(result.open_error, "");
  EXPECT_EQ(result.frames.size(), 2011u);
}

TEST_F(PcapFileSourceTest, StdinErrors) {
  EXPECT_EQ(readThroughStdinPipe({}).open_error, "stdin: empty input (no pcap header)");
  EXPECT_EQ(readThroughStdinPipe(Bytes(64, 'x')).open_error, "stdin: not a pcap or pcapng file");
  Bytes short_header = pcapHeader({});
  short_header.resize(12);
  EXPECT_EQ(readThroughStdinPipe(short_header).open_error, "stdin: truncated pcap header (got 12 of 24 bytes)");
  EXPECT_EQ(readThroughStdinPipe(pcapHeader({.linktype = 105})).open_error,
            "stdin: unsupported link type 105 (IEEE802_11); supported: ethernet, linux-sll, linux-sll2, raw, null, "
            "loop");
}

TEST_F(PcapFileSourceTest, StdinFromRegularFile) {
  TempDir dir;
  Bytes file = pcapHeader({});
  appendRecord(file, false, 5, 6, 3, 3, payload(3, 1));
  writeFile(dir.file("s.pcap"), file);
  PcapFileSource source("-");
  {
    const int fd = ::open(dir.file("s.pcap").c_str(), O_RDONLY);
    ASSERT_GE(fd, 0);
    StdinRedirect redirect(fd);
    ASSERT_TRUE(source.open().ok());
  }
  const auto frames = readAll(source);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].ts_ns, 5'000006000ull);
  EXPECT_EQ(frames[0].bytes, payload(3, 1));
}

TEST_F(PcapFileSourceTest, Fifo) {
  VIGIL_REQUIRE_REFERENCE_CAPTURES();
  TempDir dir;
  const std::string fifo = dir.file("cap.fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const Bytes bytes = readFile(referenceDir() + "/c2-emotet-http7080.pcap");
  std::thread writer([&] {
    const int fd = ::open(fifo.c_str(), O_WRONLY);
    if (fd < 0) return;
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    ::close(fd);
  });
  PcapFileSource source(fifo);
  auto opened = source.open();
  ASSERT_TRUE(opened.ok()) << opened.error();
  EXPECT_EQ(readAll(source).size(), 74u);
  EXPECT_EQ(source.stats().bytes_total, 0u);
  writer.join();
}

TEST_F(PcapFileSourceTest, BurstEndsWhenArenaIsFullAndStaysValid) {
  TempDir dir;
  constexpr uint32_t kSize = 65535;
  constexpr int kPackets = 40;
  Bytes file = pcapHeader({.snaplen = kSize});
  for (int i = 0; i < kPackets; ++i) {
    appendRecord(file, false, 100 + i, 0, kSize, kSize, payload(kSize, static_cast<uint8_t>(i)));
  }
  writeFile(dir.file("big.pcap"), file);
  PcapFileSource source(dir.file("big.pcap"));
  ASSERT_TRUE(source.open().ok());
  std::vector<RawFrame> frames(64);
  // The arena takes frames while it holds at most 2 MiB: 32 frames make 2097120 bytes, the 33rd ends it.
  const std::size_t first = source.receiveBurst(frames);
  ASSERT_EQ(first, 33u);
  for (std::size_t i = 0; i < first; ++i) {
    ASSERT_EQ(Bytes(frames[i].data, frames[i].data + frames[i].caplen), payload(kSize, static_cast<uint8_t>(i)))
        << "frame " << i << " was overwritten within its burst";
    EXPECT_EQ(frames[i].ts_ns, (100 + i) * 1'000'000'000ull);
  }
  EXPECT_EQ(source.receiveBurst(frames), 7u);
  EXPECT_EQ(source.state(), SourceState::kExhausted);
}

TEST_F(PcapFileSourceTest, TruncatedFinalRecordMatchesBufferedReader) {
  VIGIL_REQUIRE_REFERENCE_CAPTURES();
  TempDir dir;
  Bytes bytes = readFile(referenceDir() + "/benign-wikipedia.pcap");
  bytes.resize(bytes.size() - 10);
  const std::string path = dir.file("cut.pcap");
  writeFile(path, bytes);

  PcapFileSource source(path);
  ASSERT_TRUE(source.open().ok());
  EXPECT_EQ(readAll(source).size(), 135u);
  EXPECT_EQ(source.state(), SourceState::kExhausted);
  EXPECT_EQ(source.stats().truncated_records, 1u);
  EXPECT_EQ(source.error(), "");

  BufferedPcapSource buffered(path);
  ASSERT_TRUE(buffered.open().ok());
  EXPECT_EQ(readAll(buffered).size(), 135u);
  EXPECT_EQ(source.warning(), buffered.warning());
  EXPECT_NE(source.warning(), "");

  // Through a pipe the offset comes from counting, and must agree too.
  const auto piped = readThroughStdinPipe(bytes);
  EXPECT_EQ(piped.frames.size(), 135u);
  EXPECT_EQ(piped.stats.truncated_records, 1u);
  EXPECT_EQ(piped.state, SourceState::kExhausted);
  EXPECT_EQ("stdin" + piped.warning.substr(piped.warning.find(':')), "stdin" + buffered.warning().substr(path.size()));
}

TEST_F(PcapFileSourceTest, TruncatedRecordHeaderMatchesBufferedReader) {
  TempDir dir;
  Bytes file = pcapHeader({});
  appendRecord(file, false, 1, 0, 10, 10, payload(10, 0));
  file.insert(file.end(), 6, 0xab);
  const std::string path = dir.file("h.pcap");
  writeFile(path, file);
  PcapFileSource source(path);
  ASSERT_TRUE(source.open().ok());
  EXPECT_EQ(readAll(source).size(), 1u);
  EXPECT_EQ(source.warning(), path + ": truncated final record at offset 50 (got 6 of 16 bytes)");
}

TEST_F(PcapFileSourceTest, TruncatedPcapngBlock) {
  VIGIL_REQUIRE_REFERENCE_CAPTURES();
  TempDir dir;
  Bytes bytes = readFile(referenceDir() + "/scan-v-nmap-syn.pcapng");
  bytes.resize(bytes.size() - 10);
  writeFile(dir.file("cut.pcapng"), bytes);
  PcapFileSource source(dir.file("cut.pcapng"));
  ASSERT_TRUE(source.open().ok());
  EXPECT_EQ(readAll(source).size(), 2010u);
  EXPECT_EQ(source.state(), SourceState::kExhausted);
  EXPECT_EQ(source.stats().truncated_records, 1u);
  EXPECT_EQ(source.warning().rfind(dir.file("cut.pcapng") + ": truncated final record at offset ", 0), 0u)
      << source.warning();
}

TEST_F(PcapFileSourceTest, OversizedCaplenMatchesBufferedReader) {
  TempDir dir;
  Bytes file = pcapHeader({});
  appendRecord(file, false, 1, 0, 10, 10, payload(10, 0));
  appendRecord(file, false, 2, 0, 300000, 300000, payload(64, 0));
  const std::string path = dir.file("bad.pcap");
  writeFile(path, file);
  PcapFileSource source(path);
  ASSERT_TRUE(source.open().ok());
  EXPECT_EQ(readAll(source).size(), 1u);
  EXPECT_EQ(source.state(), SourceState::kFailed);
  EXPECT_EQ(source.error(), path + ": corrupt record at offset 50: caplen 300000");
}

TEST_F(PcapFileSourceTest, OpenErrorsMatchBufferedReader) {
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

  // A pcapng whose Section Header Block is garbage after the magic: libpcap's words, trimmed.
  const std::string bad_ng = dir.file("bad.pcapng");
  Bytes shb = {0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0, 0, 0, 0x11, 0x22, 0x33, 0x44};
  shb.resize(28, 0);
  writeFile(bad_ng, shb);
  const std::string error = openError(bad_ng);
  EXPECT_EQ(error.rfind(bad_ng + ": ", 0), 0u) << error;
  EXPECT_EQ(error.find('\n'), std::string::npos);
  EXPECT_EQ(error.find(bad_ng, 1), std::string::npos) << "file name repeated: " << error;

  PcapFileSource twice(wifi);
  (void)twice.open();
  auto again = twice.open();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error(), wifi + ": source already opened");
}

}  // namespace
}  // namespace vigil::capture
