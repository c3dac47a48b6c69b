// PcapReadAhead: fill (pread, then framing), the reader thread's loop, and the counters that hand buffers over.
#include "capture/pcap_read_ahead.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <new>

#include "common/this_thread.h"

namespace vigil::capture {
namespace {

constexpr std::size_t kPage = 4096;
constexpr std::size_t kMaxRecord = kPcapRecordHeaderSize + kMaxCaplen;

std::size_t roundUpToPage(std::size_t n) {
  return (n + kPage - 1) / kPage * kPage;
}

template <class T>
T* allocatePages(std::size_t bytes) {
  void* p = std::aligned_alloc(kPage, roundUpToPage(bytes));
  if (p == nullptr) throw std::bad_alloc();
  return static_cast<T*>(p);
}

}  // namespace

void PcapReadAhead::Free::operator()(void* p) const noexcept {
  std::free(p);
}

PcapReadAhead::PcapReadAhead(int fd, const PcapFileHeader& header, std::size_t chunk_bytes, uint32_t slots)
    : fd_(fd),
      swapped_(header.swapped),
      nanosecond_(header.nanosecond),
      order_(header.length_order),
      snaplen_(header.effectiveSnaplen()),
      chunk_bytes_(std::max<std::size_t>(chunk_bytes, 1)),
      // Buffers start on a page boundary: the kernel's copy into them is fastest aligned.
      headroom_(roundUpToPage(kMaxRecord)),
      area_(std::max(chunk_bytes_, kMaxRecord)),
      stride_(roundUpToPage(headroom_ + area_)),
      // Every record takes at least a header.
      frames_per_slot_((kMaxRecord + area_) / kPcapRecordHeaderSize + 1),
      slots_(std::max<uint32_t>(slots, 2)),
      memory_(allocatePages<uint8_t>(stride_ * slots_)),
      frames_(allocatePages<RawFrame>(sizeof(RawFrame) * frames_per_slot_ * slots_)),
      batches_(std::make_unique<Batch[]>(slots_)) {
  thread_ = std::thread([this] { run(); });
}

PcapReadAhead::~PcapReadAhead() {
  stop_.store(true, std::memory_order_seq_cst);
  // Changes the value the reader may be sleeping on, so its wait returns and it sees stop_.
  released_.fetch_add(1, std::memory_order_seq_cst);
  released_.notify_one();
  thread_.join();
}

uint8_t* PcapReadAhead::areaOf(uint32_t seq) const noexcept {
  return memory_.get() + std::size_t(seq % slots_) * stride_ + headroom_;
}

const PcapReadAhead::Batch& PcapReadAhead::fill(uint32_t seq) noexcept {
  constexpr std::size_t kHeader = kPcapRecordHeaderSize;
  uint8_t* const area = areaOf(seq);
  uint8_t* const begin = area - carry_bytes_;
  // memmove: when next() fills the buffer of an end-of-file batch again, the carry is already in place.
  if (carry_bytes_ != 0) std::memmove(begin, carry_, carry_bytes_);
  // At least a chunk, and at least the rest of a record whose header is known: a record larger than a
  // chunk is then completed by one read instead of being carried from buffer to buffer.
  std::size_t want = chunk_bytes_;
  if (carry_bytes_ >= kHeader) {
    const PcapRecord r = readPcapRecord(begin, swapped_, order_);
    if (r.caplen <= kMaxCaplen) want = std::max(want, kHeader + r.caplen - carry_bytes_);
  }
  std::size_t got = 0;
  int error = 0;
  bool at_end = false;
  while (got < want) {
    const ssize_t n = ::pread(fd_, area + got, want - got, off_t(read_offset_ + got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) error = errno;
    if (n <= 0) {
      at_end = n == 0;
      break;
    }
    got += std::size_t(n);
  }
  const uint64_t begin_offset = read_offset_ - carry_bytes_;
  read_offset_ += got;

  Batch& b = batches_[seq % slots_];
  RawFrame* const frames = frames_.get() + std::size_t(seq % slots_) * frames_per_slot_;
  b = Batch{};
  b.frames = frames;
  const uint8_t* p = begin;
  const uint8_t* const end = area + got;
  std::size_t n = 0;
  std::size_t need = kHeader;  // bytes of the record at p
  while (std::size_t(end - p) >= kHeader) {
    const PcapRecord r = readPcapRecord(p, swapped_, order_);
    if (r.caplen > kMaxCaplen) {
      b.end = End::kCorrupt;
      b.want = r.caplen;
      break;
    }
    need = kHeader + r.caplen;
    if (std::size_t(end - p) < need) break;
    RawFrame& f = frames[n++];
    f.data = p + kHeader;
    f.caplen = std::min(r.caplen, snaplen_);
    f.wirelen = r.wirelen;
    f.ts_ns = recordTimestampNs(r, nanosecond_);
    p += need;
    need = kHeader;
  }
  b.count = n;
  b.end_offset = begin_offset + uint64_t(p - begin);
  b.offset = b.end_offset;
  carry_ = p;
  carry_bytes_ = std::size_t(end - p);
  if (b.end == End::kCorrupt) return b;
  if (error != 0 && got == 0) {
    // Bytes read before an error were framed by the previous fill; this one reports it where it is.
    b.end = End::kReadError;
    b.offset = read_offset_;
    b.want = uint64_t(error);
  } else if (at_end && got == 0) {
    b.end = carry_bytes_ == 0 ? End::kExhausted : End::kTruncated;
    b.got = carry_bytes_;
    b.want = need;
  }
  return b;
}

void PcapReadAhead::run() noexcept {
  common::nameThisThread("vigil-reader");
  (void)common::setThisThreadSlice(kReaderSliceNs);
  for (uint32_t seq = 0;; ++seq) {
    // Counters wrap at 2^32 batches; differences stay right with fewer than 2^31 in flight.
    if (seq - released_.load(std::memory_order_acquire) >= slots_) {
      // Every buffer is taken: sleep until half of them are back, so the consumer wakes this thread
      // once per half ring rather than once per buffer (a wake-up is a system call and an interrupt).
      const uint32_t target = seq - slots_ + 1 + (slots_ - 1) / 2;
      wake_at_.store(target, std::memory_order_seq_cst);
      for (uint32_t r = released_.load(std::memory_order_seq_cst); int32_t(r - target) < 0;
           r = released_.load(std::memory_order_seq_cst)) {
        if (stop_.load(std::memory_order_relaxed)) return;
        released_.wait(r, std::memory_order_seq_cst);
      }
    }
    if (stop_.load(std::memory_order_relaxed)) return;
    const End end = fill(seq).end;
    filled_.store(seq + 1, std::memory_order_release);
    filled_.notify_one();
    if (end != End::kMore) return;
  }
}

const PcapReadAhead::Batch& PcapReadAhead::next() noexcept {
  if (reading_here_) return fill(taken_++);
  for (uint32_t f = filled_.load(std::memory_order_acquire); f == taken_; f = filled_.load(std::memory_order_acquire))
    filled_.wait(f, std::memory_order_acquire);
  const Batch& b = batches_[taken_ % slots_];
  if (b.end == End::kExhausted || b.end == End::kTruncated) {
    // The reader thread met the end and has stopped: from here on this thread reads, starting with
    // the same buffer again, so bytes appended since then are read too.
    reading_here_ = true;
    return fill(taken_++);
  }
  ++taken_;
  return b;
}

void PcapReadAhead::release() noexcept {
  released_.store(++given_back_, std::memory_order_seq_cst);
  // Only the release the sleeping reader waits for wakes it (see run()); seq_cst on both sides makes
  // sure that either this load sees its target or the reader sees this release before it sleeps.
  if (given_back_ == wake_at_.load(std::memory_order_seq_cst)) released_.notify_one();
}

}  // namespace vigil::capture
