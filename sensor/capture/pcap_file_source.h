// PcapFileSource: libpcap offline reader for any capture libpcap reads (pcap, pcapng) from a file, FIFO or stdin.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "capture/packet_source.h"

struct pcap;  // libpcap's pcap_t, kept out of this header

namespace vigil::capture {

/// Reads captures through libpcap: pcapng, classic pcap (µs/ns, either byte order, old versions),
/// and streams (stdin when the path is "-", FIFOs) that cannot be mapped. Timestamps are read at
/// nanosecond precision, so ts_ns is exact for both resolutions.
///
/// libpcap hands out each packet in one buffer it reuses on the next call, so receiveBurst()
/// copies every frame into an arena this source allocates in open() (kArenaBytes + kMaxCaplen).
/// A burst ends when the frames span is full or the arena holds more than kArenaBytes; the
/// whole burst then stays valid until the next receiveBurst(). No allocation after open().
///
/// A truncated final record (libpcap reports "truncated dump file") is treated like
/// BufferedPcapSource treats it: counted in stats().truncated_records, described by warning(),
/// state kExhausted. An oversized caplen is "FILE: corrupt record at offset N: caplen X" (kFailed).
///
/// Thread: owned by one worker; no locks. Costs: one memcpy per frame plus libpcap's fread;
/// stats().bytes_read is refreshed once per burst (ftello on regular files; on streams it is
/// counted as a classic pcap would be laid out, so it is an estimate for pcapng streams).
class PcapFileSource final : public PacketSource {
 public:
  /// Frame bytes one burst may hold before it ends early.
  static constexpr std::size_t kArenaBytes = 2u << 20;

  /// `path` names a file or FIFO; "-" reads standard input (fd 0 is duplicated, never closed).
  explicit PcapFileSource(std::string path);
  ~PcapFileSource() override;
  PcapFileSource(const PcapFileSource&) = delete;
  PcapFileSource& operator=(const PcapFileSource&) = delete;

  common::Result<void> open() override;
  std::size_t receiveBurst(std::span<RawFrame> frames) override;
  SourceState state() const override { return state_; }
  const std::string& error() const override { return error_; }
  SourceStats stats() const override { return stats_; }
  decode::LinkType linkType() const override { return link_type_; }
  const std::string& name() const override { return name_; }
  std::string warning() const override { return warning_; }

 private:
  void handleReadError();
  uint64_t position() const;

  std::string path_;
  std::string label_;  // the path, or "stdin"
  std::string name_;
  pcap* pcap_ = nullptr;
  std::unique_ptr<uint8_t[]> arena_;
  std::size_t arena_size_ = 0;
  bool seekable_ = false;
  bool classic_ = true;         // classic pcap layout (known for regular files; assumed for streams)
  uint64_t stream_offset_ = 0;  // file header + record bytes consumed, counted per frame
  decode::LinkType link_type_ = decode::LinkType::kEthernet;
  SourceState state_ = SourceState::kActive;
  SourceStats stats_;
  std::string error_;
  std::string warning_;
  bool opened_ = false;
};

}  // namespace vigil::capture
