// Tests for PcapReadAhead: framing for any chunk and ring size, held batches, big records, ends, growth, stopping.
#include "capture/pcap_read_ahead.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "capture_test_support.h"
#include "thread_names.h"

namespace vigil::capture {
namespace {

using testing_support::appendRecord;
using testing_support::Bytes;
using testing_support::FrameCopy;
using testing_support::pcapHeader;
using testing_support::TempDir;
using testing_support::writeFile;

/// Record bytes without a short period, so frames taken from the wrong place are noticed.
Bytes payload(std::size_t size, uint32_t seed) {
  Bytes out(size);
  for (std::size_t i = 0; i < size; ++i)
    out[i] = static_cast<uint8_t>((uint32_t(i) * 2654435761u + seed * 40503u) >> 11);
  return out;
}

/// An open descriptor, closed at the end of the scope (after the reader that borrows it).
class Fd {
 public:
  explicit Fd(const std::string& path, int flags = O_RDONLY) : fd_(::open(path.c_str(), flags)) {
    EXPECT_GE(fd_, 0) << path;
  }
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

PcapFileHeader header(uint32_t snaplen = 65535) {
  PcapFileHeader h;
  h.snaplen = snaplen;
  h.version_major = 2;
  h.version_minor = 4;
  h.linktype = 1;
  return h;
}

struct Result {
  std::vector<FrameCopy> frames;
  PcapReadAhead::Batch last;  // frames pointer not valid any more
  std::size_t batches = 0;
};

/// Takes batches until one ends the file, copying their frames and checking batches follow on.
Result readToEnd(PcapReadAhead& reader) {
  Result r;
  uint64_t offset = kPcapFileHeaderSize;
  for (;;) {
    const PcapReadAhead::Batch& b = reader.next();
    ++r.batches;
    EXPECT_GE(b.end_offset, offset);
    offset = b.end_offset;
    for (std::size_t i = 0; i < b.count; ++i) {
      const RawFrame& f = b.frames[i];
      r.frames.push_back({f.caplen, f.wirelen, f.ts_ns, Bytes(f.data, f.data + f.caplen)});
    }
    r.last = b;
    reader.release();
    if (r.last.end != PcapReadAhead::End::kMore) return r;
  }
}

TEST(PcapReadAheadTest, FramesEveryRecordForAnyChunkAndRingSize) {
  TempDir dir;
  Bytes file = pcapHeader({});
  std::vector<FrameCopy> want;
  for (uint32_t i = 0; i < 200; ++i) {
    const uint32_t size = i % 9 == 0 ? 0 : (i * 53) % 1700 + 1;
    appendRecord(file, false, 1700000000 + i, i, size, size + 2, payload(size, i));
    want.push_back({size, size + 2, (1700000000ull + i) * 1'000'000'000ull + i * 1000ull, payload(size, i)});
  }
  writeFile(dir.file("f.pcap"), file);
  for (std::size_t chunk :
       {std::size_t(1), std::size_t(7), std::size_t(100), std::size_t(4096), std::size_t(1) << 20}) {
    for (uint32_t slots : {2u, 3u, 8u}) {
      SCOPED_TRACE(testing::Message() << "chunk=" << chunk << " slots=" << slots);
      Fd fd(dir.file("f.pcap"));
      PcapReadAhead reader(fd.get(), header(), chunk, slots);
      const Result r = readToEnd(reader);
      EXPECT_EQ(r.frames, want);
      EXPECT_EQ(r.last.end, PcapReadAhead::End::kExhausted);
      EXPECT_EQ(r.last.end_offset, file.size());
    }
  }
}

TEST(PcapReadAheadTest, CaplenAboveSnaplenIsCut) {
  TempDir dir;
  Bytes file = pcapHeader({.snaplen = 16});
  appendRecord(file, false, 1, 0, 40, 60, payload(40, 1));
  writeFile(dir.file("f.pcap"), file);
  Fd fd(dir.file("f.pcap"));
  PcapReadAhead reader(fd.get(), header(16), 4096, 2);
  const Result r = readToEnd(reader);
  ASSERT_EQ(r.frames.size(), 1u);
  EXPECT_EQ(r.frames[0].caplen, 16u);
  EXPECT_EQ(r.frames[0].wirelen, 60u);
  const Bytes record = payload(40, 1);
  EXPECT_EQ(r.frames[0].bytes, Bytes(record.begin(), record.begin() + 16));
}

/// 40 records of 84 bytes, record i holding payload(84, i); returns the file's path.
std::string writeFortyRecords(TempDir& dir) {
  Bytes file = pcapHeader({});
  for (uint32_t i = 0; i < 40; ++i)
    appendRecord(file, false, i, 0, 84, 84, payload(84, i));
  writeFile(dir.file("f.pcap"), file);
  return dir.file("f.pcap");
}

// Named so that `top -H` and perf tell its copying apart from the worker's decoding.
TEST(PcapReadAheadTest, ReaderThreadIsNamed) {
  TempDir dir;
  Fd fd(writeFortyRecords(dir));
  PcapReadAhead reader(fd.get(), header(), 500, 2);
  (void)reader.next();  // the thread has named itself before its first batch, and waits for this one back
  const std::vector<std::string> names = testing_util::threadNames();
  EXPECT_EQ(std::count(names.begin(), names.end(), "vigil-reader"), 1);
  reader.release();
}

TEST(PcapReadAheadTest, ConsumerMayHoldEverySlot) {
  TempDir dir;
  Fd fd(writeFortyRecords(dir));
  PcapReadAhead reader(fd.get(), header(), 500, 4);  // 5 records a batch
  std::vector<const PcapReadAhead::Batch*> held;
  for (int i = 0; i < 4; ++i)
    held.push_back(&reader.next());
  // Four buffers taken, the reader blocked: every frame still holds its own record.
  uint32_t record = 0;
  for (const PcapReadAhead::Batch* b : held) {
    ASSERT_GT(b->count, 0u);
    for (std::size_t i = 0; i < b->count; ++i, ++record)
      EXPECT_EQ(Bytes(b->frames[i].data, b->frames[i].data + 84), payload(84, record));
  }
  for (int i = 0; i < 4; ++i)
    reader.release();
  const Result rest = readToEnd(reader);
  EXPECT_EQ(record + rest.frames.size(), 40u);
  EXPECT_EQ(rest.frames.front().bytes, payload(84, record));
}

// A record larger than a chunk is completed by one read once its header is known, not carried from
// buffer to buffer a chunk at a time (which would copy it over and over).
TEST(PcapReadAheadTest, RecordLargerThanTheChunkTakesOneMoreRead) {
  TempDir dir;
  Bytes file = pcapHeader({.snaplen = kMaxCaplen});
  appendRecord(file, false, 1, 0, kMaxCaplen, kMaxCaplen, payload(kMaxCaplen, 2));
  appendRecord(file, false, 2, 0, 20, 20, payload(20, 3));
  writeFile(dir.file("f.pcap"), file);
  Fd fd(dir.file("f.pcap"));
  PcapReadAhead reader(fd.get(), header(kMaxCaplen), 1, 2);
  const Result r = readToEnd(reader);
  ASSERT_EQ(r.frames.size(), 2u);
  EXPECT_EQ(r.frames[0].bytes, payload(kMaxCaplen, 2));
  EXPECT_EQ(r.frames[1].bytes, payload(20, 3));
  // A byte at a time up to each header, one read for each record's rest, and the end.
  EXPECT_LE(r.batches, 2u * (kPcapRecordHeaderSize + 1) + 1);
}

TEST(PcapReadAheadTest, EachKindOfEndSaysWhere) {
  TempDir dir;
  const testing_support::BadEndings files = testing_support::badEndings();
  writeFile(dir.file("cut.pcap"), files.cut);
  writeFile(dir.file("bad.pcap"), files.corrupt);
  Bytes half_header = files.file;
  half_header.resize(half_header.size() + 7, 0);
  writeFile(dir.file("half.pcap"), half_header);
  writeFile(dir.file("empty.pcap"), pcapHeader({}));
  for (std::size_t chunk : {std::size_t(3), std::size_t(50), std::size_t(4096)}) {
    SCOPED_TRACE(chunk);
    {
      Fd fd(dir.file("cut.pcap"));
      PcapReadAhead reader(fd.get(), header(), chunk, 3);
      const Result r = readToEnd(reader);
      EXPECT_EQ(r.frames.size(), 4u);
      EXPECT_EQ(r.last.end, PcapReadAhead::End::kTruncated);
      EXPECT_EQ(r.last.offset, 488u);
      EXPECT_EQ(r.last.got, 86u);
      EXPECT_EQ(r.last.want, 116u);
    }
    {
      Fd fd(dir.file("bad.pcap"));
      PcapReadAhead reader(fd.get(), header(), chunk, 3);
      const Result r = readToEnd(reader);
      EXPECT_EQ(r.frames.size(), 5u);
      EXPECT_EQ(r.last.end, PcapReadAhead::End::kCorrupt);
      EXPECT_EQ(r.last.offset, 604u);
      EXPECT_EQ(r.last.want, kMaxCaplen + 1);
    }
    {
      Fd fd(dir.file("half.pcap"));
      PcapReadAhead reader(fd.get(), header(), chunk, 3);
      const Result r = readToEnd(reader);
      EXPECT_EQ(r.frames.size(), 5u);
      EXPECT_EQ(r.last.end, PcapReadAhead::End::kTruncated);
      EXPECT_EQ(r.last.got, 7u);
      EXPECT_EQ(r.last.want, kPcapRecordHeaderSize);
    }
    {
      Fd fd(dir.file("empty.pcap"));
      PcapReadAhead reader(fd.get(), header(), chunk, 3);
      const Result r = readToEnd(reader);
      EXPECT_TRUE(r.frames.empty());
      EXPECT_EQ(r.last.end, PcapReadAhead::End::kExhausted);
      EXPECT_EQ(r.last.end_offset, kPcapFileHeaderSize);
    }
  }
}

TEST(PcapReadAheadTest, ReadErrorEndsTheFileWithItsErrno) {
  TempDir dir;
  // pread() on a directory fails with EISDIR.
  Fd fd(dir.path(), O_RDONLY | O_DIRECTORY);
  PcapReadAhead reader(fd.get(), header(), 4096, 2);
  const Result r = readToEnd(reader);
  EXPECT_TRUE(r.frames.empty());
  EXPECT_EQ(r.last.end, PcapReadAhead::End::kReadError);
  EXPECT_EQ(r.last.offset, kPcapFileHeaderSize);
  EXPECT_EQ(r.last.want, uint64_t(EISDIR));
}

// The end that counts is the one the consumer reaches: records appended after the reader thread met
// the end (it most likely has, after the pause; if not, it reads them itself) are still read.
TEST(PcapReadAheadTest, RecordsAppendedAfterTheReaderMetTheEndAreRead) {
  TempDir dir;
  const std::string path = dir.file("grow.pcap");
  Bytes file = pcapHeader({});
  appendRecord(file, false, 1, 0, 40, 40, payload(40, 1));
  // The start of the next record, whose rest comes later: the carried bytes must survive the handover.
  Bytes second;
  appendRecord(second, false, 2, 0, 50, 50, payload(50, 2));
  file.insert(file.end(), second.begin(), second.begin() + 10);
  writeFile(path, file);
  Fd fd(path);
  PcapReadAhead reader(fd.get(), header(), 4096, 4);
  const PcapReadAhead::Batch& first = reader.next();
  ASSERT_EQ(first.count, 1u);
  EXPECT_EQ(first.end, PcapReadAhead::End::kMore);
  reader.release();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  file.insert(file.end(), second.begin() + 10, second.end());
  writeFile(path, file);
  const Result r = readToEnd(reader);
  ASSERT_EQ(r.frames.size(), 1u);
  EXPECT_EQ(r.frames[0].bytes, payload(50, 2));
  EXPECT_EQ(r.last.end, PcapReadAhead::End::kExhausted);
  EXPECT_EQ(r.last.end_offset, file.size());
}

// A consumer that stops early (requestStop) destroys the reader while it sleeps for a free buffer,
// or before anything was taken: the destructor must return.
TEST(PcapReadAheadTest, DestructorStopsAReaderWaitingForABuffer) {
  TempDir dir;
  Bytes file = pcapHeader({});
  for (uint32_t i = 0; i < 1000; ++i)
    appendRecord(file, false, i, 0, 64, 64, payload(64, i));
  writeFile(dir.file("f.pcap"), file);
  Fd fd(dir.file("f.pcap"));
  { PcapReadAhead untouched(fd.get(), header(), 1024, 2); }
  PcapReadAhead reader(fd.get(), header(), 1024, 2);
  (void)reader.next();
  (void)reader.next();
}

}  // namespace
}  // namespace vigil::capture
