// PacketSource: the capture seam. One implementation per backend (pcap file, live, AF_PACKET, DPDK), chosen by URI.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "common/result.h"
#include "decode/link_type.h"

namespace vigil::capture {

/// One captured frame. `data` is owned by the source and stays valid until the next
/// receiveBurst() or release() call on the same source.
struct RawFrame {
  const uint8_t* data = nullptr;
  uint32_t caplen = 0;   // bytes available at data
  uint32_t wirelen = 0;  // original length on the wire
  uint64_t ts_ns = 0;    // capture time, ns since the Unix epoch
};

/// Counters a source keeps about itself; read by the owning worker (and summed for --stats/metrics).
struct SourceStats {
  uint64_t received = 0;         // frames handed out
  uint64_t bytes = 0;            // sum of wirelen of handed-out frames
  uint64_t dropped_kernel = 0;   // dropped by the kernel (pcap_stats/PACKET_STATISTICS)
  uint64_t dropped_nic = 0;      // dropped by the NIC (imissed, rx_nombuf)
  uint64_t truncated_records = 0;  // a file record cut short (e.g. the last one of a truncated file)
  uint64_t bytes_read = 0;       // file bytes consumed so far (for progress)
  uint64_t bytes_total = 0;      // file size when known, else 0
};

/// Outcome of receiveBurst when it returns no frames.
enum class SourceState : uint8_t {
  kActive,     // more frames may come (live sources: nothing right now)
  kExhausted,  // end of input reached; no frame will come again
  kFailed,     // unrecoverable error; error() says what
};

/// Contract (after Zeek's PktSrc, DPDK's rx_burst):
///  - open() once before anything else; it returns a one-line error naming the input on failure.
///  - receiveBurst() fills up to frames.size() entries and returns how many it filled; the frames
///    of the previous burst are invalid from then on. 0 means "none now": check state().
///  - release() hands the last burst's buffers back early (DPDK mbufs); optional for file sources.
///  - One virtual call per burst, never per packet. Not thread safe: owned by one worker thread.
class PacketSource {
 public:
  virtual ~PacketSource() = default;

  virtual common::Result<void> open() = 0;
  virtual std::size_t receiveBurst(std::span<RawFrame> frames) = 0;
  virtual void release() {}
  virtual SourceState state() const = 0;
  /// Set when state() == kFailed.
  virtual const std::string& error() const = 0;
  virtual SourceStats stats() const = 0;
  /// Valid after a successful open().
  virtual decode::LinkType linkType() const = 0;
  /// Human-readable name for messages and metric labels ("pcap:/data/x.pcap").
  virtual const std::string& name() const = 0;
  /// Warnings worth one line on stderr at end of input (e.g. "truncated final record"); may be empty.
  virtual std::string warning() const { return {}; }
  /// True for interfaces: the worker then ticks by the clock (read once per burst) and never waits for
  /// the aggregator; false for files, which tick by packet time and are replayed as fast as possible.
  virtual bool live() const { return false; }
};

}  // namespace vigil::capture
