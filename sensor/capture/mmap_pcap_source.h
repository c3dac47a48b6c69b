// MmapPcapSource: zero-copy reader for classic pcap files (µs/ns, either byte order) through a private mapping.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "capture/packet_source.h"
#include "capture/pcap_format.h"

namespace vigil::capture {

/// The fast path for regular files in classic pcap format (the four magics of isClassicPcapMagic).
/// open() maps the whole file read-only (MAP_PRIVATE, MADV_SEQUENTIAL) and closes the descriptor;
/// receiveBurst() walks record headers and points each RawFrame straight into the mapping, so a
/// frame costs one 16-byte header decode and no copy. Frames stay valid until destruction, which is
/// longer than the PacketSource contract promises.
///
/// Record handling matches libpcap's (see PcapFileSource) so both readers yield the same frames:
/// caplen above the file's snaplen is cut to the snaplen, caplen above kMaxCaplen stops reading
/// with "FILE: corrupt record at offset N: caplen X" (state kFailed), and a final record cut short
/// is counted in stats().truncated_records, reported by warning() and ends input (kExhausted).
///
/// Limits: the file must be a regular file that nobody shrinks while it is mapped (shrinking it
/// raises SIGBUS, as with any mmap reader); a file that grows is read up to its size at open().
/// Thread: owned by one worker; no locks. Costs: receiveBurst makes no syscalls and no allocations.
class MmapPcapSource final : public PacketSource {
 public:
  /// `path` is a file system path (not "-": streams go to PcapFileSource).
  explicit MmapPcapSource(std::string path);
  ~MmapPcapSource() override;
  MmapPcapSource(const MmapPcapSource&) = delete;
  MmapPcapSource& operator=(const MmapPcapSource&) = delete;

  common::Result<void> open() override;
  std::size_t receiveBurst(std::span<RawFrame> frames) override;
  SourceState state() const override { return state_; }
  const std::string& error() const override { return error_; }
  SourceStats stats() const override { return stats_; }
  decode::LinkType linkType() const override { return link_type_; }
  const std::string& name() const override { return name_; }
  std::string warning() const override { return warning_; }

 private:
  template <bool kSwapped>
  std::size_t parseBurst(std::span<RawFrame> frames);
  void stopTruncated(uint64_t offset, uint64_t got, uint64_t want);
  void stopCorrupt(uint64_t offset, uint64_t caplen);

  std::string path_;
  std::string name_;
  const uint8_t* map_ = nullptr;
  uint64_t size_ = 0;
  /// Bytes ahead of the current record that parseBurst prefetches: a few IMIX records, a page.
  static constexpr uint64_t kPrefetchAhead = 4096;

  uint64_t offset_ = 0;  // next record header
  PcapFileHeader header_;
  uint32_t snaplen_ = kMaxCaplen;
  decode::LinkType link_type_ = decode::LinkType::kEthernet;
  SourceState state_ = SourceState::kActive;
  SourceStats stats_;
  std::string error_;
  std::string warning_;
  bool opened_ = false;
};

}  // namespace vigil::capture
