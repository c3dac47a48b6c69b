// PcapReadAhead: reads and frames a classic pcap file on a thread of its own, a chunk ahead of its one consumer.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <thread>

#include "capture/packet_source.h"
#include "capture/pcap_format.h"

namespace vigil::capture {

/// Why a thread: copying page-cache pages into the process (pread) and walking the record headers, a
/// serial chain of loads, are about a third of what a worker spends per packet of a file in page
/// cache. Done here, on another core, they overlap with decoding and state updates instead of adding
/// to them, and the worker gets each chunk as an array of frames whose data it can prefetch.
///
/// The reader thread starts in the constructor. It fills `slots` buffers in turn, each with at least
/// `chunk_bytes` read with pread() and framed: whole records become RawFrames, the unfinished record at
/// the end is copied in front of the next buffer's bytes (its headroom), so no record is split. It
/// sleeps (futex) while every buffer is full and waits for half of them to come back; the consumer
/// sleeps in next() only when the reader is behind: neither spins.
///
/// Record handling matches libpcap's (see PcapFileSource): caplen above the file's snaplen is cut to
/// the snaplen; caplen above kMaxCaplen is corruption and ends the file (kCorrupt); a read error ends
/// it (kReadError). The end of the file ends it (kExhausted, or kTruncated when it cuts a record). The
/// end that counts is the one the consumer reaches, as with a plain read loop: once the reader thread
/// meets the end it stops, and next() re-reads from there on the consumer's thread, so a file that
/// grows while it is read is read to its end.
///
/// Threads: next() and release() belong to one consumer thread. The descriptor is borrowed and must
/// stay open until the destructor returns (it stops and joins the reader). Allocates in the constructor
/// only; buffer pages are touched as they are used.
class PcapReadAhead {
 public:
  /// How a batch ends.
  enum class End : uint8_t {
    kMore,       // more batches follow
    kExhausted,  // the file ends after the last whole record
    kTruncated,  // the file ends inside the record at `offset` (got of want bytes)
    kCorrupt,    // the record header at `offset` has caplen `want` > kMaxCaplen
    kReadError,  // pread() failed at `offset` with errno `want`
  };
  /// The whole records of one buffer. Frames point into the buffer: valid until release().
  struct Batch {
    const RawFrame* frames = nullptr;
    std::size_t count = 0;
    uint64_t end_offset = 0;  // file offset after the last whole record (where the next batch starts)
    End end = End::kMore;
    uint64_t offset = 0;  // see End
    uint64_t got = 0;
    uint64_t want = 0;
  };

  /// Time slice the reader thread asks for (common::setThisThreadSlice). It refills half the ring in
  /// well under a millisecond, and a worker with half a ring of packets left is waiting for it: with the
  /// default slice, a woken reader sharing a CPU with the aggregator waited 2.5 ms on average for the
  /// aggregator's slice to end, and the worker ran dry meanwhile.
  static constexpr uint64_t kReaderSliceNs = 100'000;

  /// `header` is the file's parsed header; records start at kPcapFileHeaderSize. `chunk_bytes` > 0 is
  /// what a buffer reads at least; `slots` >= 2.
  PcapReadAhead(int fd, const PcapFileHeader& header, std::size_t chunk_bytes, uint32_t slots);
  ~PcapReadAhead();
  PcapReadAhead(const PcapReadAhead&) = delete;
  PcapReadAhead& operator=(const PcapReadAhead&) = delete;

  /// The next batch in file order, waiting until it is read. The consumer holds it until release(),
  /// and may hold up to `slots`. Not to be called again after a batch whose end is not kMore.
  const Batch& next() noexcept;
  /// Gives the oldest batch taken with next() back to the reader; its buffer is reused.
  void release() noexcept;

 private:
  struct Free {
    void operator()(void* p) const noexcept;
  };

  /// Reads and frames buffer `seq % slots_`, continuing from the previous one (carry_). Runs on the
  /// reader thread until it meets an end, then on the consumer's: never on both at once.
  const Batch& fill(uint32_t seq) noexcept;
  void run() noexcept;
  uint8_t* areaOf(uint32_t seq) const noexcept;

  const int fd_;
  const bool swapped_;
  const bool nanosecond_;
  const LengthOrder order_;
  const uint32_t snaplen_;
  const std::size_t chunk_bytes_;
  const std::size_t headroom_;  // room for an unfinished record in front of a buffer's bytes
  const std::size_t area_;      // bytes one fill may read: a chunk, or the rest of a record
  const std::size_t stride_;
  const std::size_t frames_per_slot_;
  const uint32_t slots_;
  std::unique_ptr<uint8_t, Free> memory_;   // slots_ buffers of stride_ bytes, page-aligned
  std::unique_ptr<RawFrame, Free> frames_;  // slots_ runs of frames_per_slot_
  std::unique_ptr<Batch[]> batches_;
  // Framing state, owned by whichever thread runs fill().
  uint64_t read_offset_ = kPcapFileHeaderSize;  // next file byte to read
  const uint8_t* carry_ = nullptr;              // the unfinished record after the last whole one
  std::size_t carry_bytes_ = 0;
  // Consumer only.
  uint32_t taken_ = 0;
  uint32_t given_back_ = 0;
  bool reading_here_ = false;                      // the reader thread has stopped; next() fills buffers itself
  alignas(64) std::atomic<uint32_t> filled_{0};    // batches published (reader stores, consumer waits)
  alignas(64) std::atomic<uint32_t> released_{0};  // batches given back (consumer stores, reader waits)
  std::atomic<uint32_t> wake_at_{0};               // the released_ count the sleeping reader waits for
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace vigil::capture
