// MmapPcapSource: maps a classic pcap file and hands out frames that point into the mapping.
#include "capture/mmap_pcap_source.h"

#include <sys/mman.h>

#include <algorithm>
#include <utility>

#include "capture/input_file.h"
#include "capture/source_errors.h"

namespace vigil::capture {

MmapPcapSource::MmapPcapSource(std::string path) : path_(std::move(path)), name_("pcap:" + path_) {}

MmapPcapSource::~MmapPcapSource() {
  if (map_ != nullptr) ::munmap(const_cast<uint8_t*>(map_), size_);
}

common::Result<void> MmapPcapSource::open() {
  if (opened_) return common::fail(path_ + ": source already opened");
  opened_ = true;
  auto file = InputFile::open(path_, path_);
  if (!file) return common::fail(file.error());
  if (!file->isRegular()) {
    return common::fail(path_ + ": not a regular file (the mmap reader needs one; use pcap:" + path_ + ")");
  }
  auto magic = file->checkHead();
  if (!magic) return common::fail(magic.error());
  auto header = parsePcapFileHeader(path_, file->head());
  if (!header) return common::fail(header.error());
  auto link = checkLinkType(path_, header->linktype);
  if (!link) return common::fail(link.error());

  header_ = *header;
  snaplen_ = header_.effectiveSnaplen();
  link_type_ = *link;
  size_ = file->size();
  void* map = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, file->fd(), 0);
  if (map == MAP_FAILED) {
    size_ = 0;
    return common::fail(path_ + ": cannot map file: " + describeErrno(errno));
  }
  // Advice only: a failure changes speed, not results.
  (void)::madvise(map, size_, MADV_SEQUENTIAL);
  map_ = static_cast<const uint8_t*>(map);
  offset_ = kPcapFileHeaderSize;
  stats_.bytes_total = size_;
  stats_.bytes_read = offset_;
  return {};
}

std::size_t MmapPcapSource::receiveBurst(std::span<RawFrame> frames) {
  if (state_ != SourceState::kActive || map_ == nullptr || frames.empty()) return 0;
  return header_.swapped ? parseBurst<true>(frames) : parseBurst<false>(frames);
}

// Swap-ness is a template parameter so the common (native order) loop carries no per-field branch.
template <bool kSwapped>
std::size_t MmapPcapSource::parseBurst(std::span<RawFrame> frames) {
  const uint8_t* const base = map_;
  const uint64_t size = size_;
  const bool nano = header_.nanosecond;
  const LengthOrder order = header_.length_order;
  const uint32_t snaplen = snaplen_;
  uint64_t offset = offset_;
  uint64_t bytes = 0;
  std::size_t n = 0;
  while (n < frames.size()) {
    const uint64_t remaining = size - offset;
    if (remaining < kPcapRecordHeaderSize) {
      if (remaining == 0) {
        state_ = SourceState::kExhausted;
      } else {
        stopTruncated(offset, remaining, kPcapRecordHeaderSize);
      }
      break;
    }
    // Each header's address depends on the length in the one before, so without help the loop waits
    // for one cache miss per record. A fixed distance ahead breaks that chain (prefetches never fault;
    // the clamp only keeps the address inside the mapping).
    __builtin_prefetch(base + std::min(offset + kPrefetchAhead, size - 1));
    const PcapRecord rec = readPcapRecord(base + offset, kSwapped, order);
    if (rec.caplen > kMaxCaplen) {
      stopCorrupt(offset, rec.caplen);
      break;
    }
    if (remaining - kPcapRecordHeaderSize < rec.caplen) {
      stopTruncated(offset, remaining, kPcapRecordHeaderSize + uint64_t{rec.caplen});
      break;
    }
    RawFrame& frame = frames[n++];
    frame.data = base + offset + kPcapRecordHeaderSize;
    frame.caplen = std::min(rec.caplen, snaplen);
    frame.wirelen = rec.wirelen;
    frame.ts_ns = recordTimestampNs(rec, nano);
    bytes += rec.wirelen;
    offset += kPcapRecordHeaderSize + rec.caplen;
  }
  offset_ = offset;
  stats_.received += n;
  stats_.bytes += bytes;
  // A truncated tail counts as consumed, so a progress display ends at 100%.
  stats_.bytes_read = state_ == SourceState::kExhausted ? size : offset;
  return n;
}

void MmapPcapSource::stopTruncated(uint64_t offset, uint64_t got, uint64_t want) {
  ++stats_.truncated_records;
  warning_ = truncatedRecordWarning(path_, offset, got, want);
  state_ = SourceState::kExhausted;
}

void MmapPcapSource::stopCorrupt(uint64_t offset, uint64_t caplen) {
  error_ = corruptRecordError(path_, offset, caplen);
  state_ = SourceState::kFailed;
}

}  // namespace vigil::capture
