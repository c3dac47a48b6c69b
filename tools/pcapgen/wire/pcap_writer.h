// PcapWriter: streams classic pcap records (Ethernet, µs or ns timestamps) through a 1 MiB buffer.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/result.h"

namespace vigil::pcapgen {

enum class TimestampPrecision : uint8_t { kMicro, kNano };

/// Writes a little-endian classic pcap file (magic a1b2c3d4 for µs, a1b23c4d for ns; version
/// 2.4; snaplen 65535; LINKTYPE_ETHERNET) to a file or to stdout, in constant memory.
///
/// Usage per packet: `uint8_t* p = w.reserve(max); ...write the frame at p...; w.commit(ts, len);`
/// Frames are built in place inside the buffer, so nothing is copied. The buffer is written out
/// with write(2) when full; an I/O error is remembered, later output is dropped, and finish()
/// reports it. Movable, not copyable; one thread.
class PcapWriter {
 public:
  static constexpr uint32_t kBufferBytes = 1u << 20;
  static constexpr uint32_t kSnapLen = 65535;
  static constexpr uint32_t kLinkTypeEthernet = 1;

  /// Opens (creates/truncates) `path`, or stdout when path is "-", and writes the file header.
  static common::Result<PcapWriter> open(const std::string& path, TimestampPrecision precision);

  PcapWriter(PcapWriter&& other) noexcept;
  PcapWriter& operator=(PcapWriter&& other) noexcept;
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;
  ~PcapWriter();

  /// Room for one frame of up to max_len bytes (max_len <= kSnapLen); flushes first if needed.
  uint8_t* reserve(uint32_t max_len) noexcept {
    if (used_ + kRecordHeader + max_len > kBufferBytes) flush();
    return buffer_.get() + used_ + kRecordHeader;
  }

  /// Completes the record started by reserve(): len bytes captured, captured == on-wire length.
  void commit(uint64_t ts_ns, uint32_t len) noexcept;

  /// Writes out what is buffered and closes the file (not stdout). Returns the first I/O error.
  common::Result<void> finish();

  TimestampPrecision precision() const noexcept { return precision_; }

 private:
  static constexpr uint32_t kRecordHeader = 16;

  PcapWriter(int fd, bool owns_fd, std::string name, TimestampPrecision precision);
  void flush() noexcept;

  std::unique_ptr<uint8_t[]> buffer_;
  uint32_t used_ = 0;
  int fd_ = -1;
  bool owns_fd_ = false;
  TimestampPrecision precision_ = TimestampPrecision::kMicro;
  int error_ = 0;  // errno of the first failed write
  std::string name_;
};

}  // namespace vigil::pcapgen
