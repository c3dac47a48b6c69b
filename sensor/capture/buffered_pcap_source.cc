// BufferedPcapSource: reads a classic pcap file chunk by chunk and hands out frames that point into the buffer.
#include "capture/buffered_pcap_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "capture/input_file.h"
#include "capture/source_errors.h"

namespace vigil::capture {

BufferedPcapSource::BufferedPcapSource(std::string path, std::size_t chunk_bytes)
    : path_(std::move(path)), name_("pcap:" + path_), chunk_bytes_(std::max<std::size_t>(chunk_bytes, 1)) {}

BufferedPcapSource::~BufferedPcapSource() {
  if (fd_ >= 0) ::close(fd_);
}

common::Result<void> BufferedPcapSource::open() {
  if (opened_) return common::fail(path_ + ": source already opened");
  opened_ = true;
  auto file = InputFile::open(path_, path_);
  if (!file) return common::fail(file.error());
  if (!file->isRegular()) {
    return common::fail(path_ + ": not a regular file (the buffered reader needs one; use pcap:" + path_ + ")");
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
  // Room for a partial record kept from the last chunk (at most the largest record) plus a new chunk.
  capacity_ = chunk_bytes_ + kPcapRecordHeaderSize + kMaxCaplen;
  buffer_ = std::make_unique_for_overwrite<uint8_t[]>(capacity_);
  stats_.bytes_total = file->size();
  fd_ = file->release();
  // Advice only (a larger kernel read-ahead window): a failure changes speed, not results.
  (void)::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  buffer_offset_ = kPcapFileHeaderSize;
  stats_.bytes_read = buffer_offset_;
  return {};
}

std::size_t BufferedPcapSource::receiveBurst(std::span<RawFrame> frames) {
  if (state_ != SourceState::kActive || fd_ < 0 || frames.empty()) return 0;
  return header_.swapped ? parseBurst<true>(frames) : parseBurst<false>(frames);
}

bool BufferedPcapSource::refill() {
  if (pos_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + pos_, end_ - pos_);
    buffer_offset_ += pos_;
    end_ -= pos_;
    pos_ = 0;
  }
  const std::size_t want = std::min(chunk_bytes_, capacity_ - end_);
  ssize_t got;
  do {
    got = ::pread(fd_, buffer_.get() + end_, want, off_t(buffer_offset_ + end_));
  } while (got < 0 && errno == EINTR);
  if (got < 0) {
    error_ = path_ + ": read error at offset " + std::to_string(buffer_offset_ + end_) + ": " + describeErrno(errno);
    state_ = SourceState::kFailed;
    return false;
  }
  if (got == 0) eof_ = true;
  end_ += std::size_t(got);
  return true;
}

// Swap-ness is a template parameter so the common (native order) loop carries no per-field branch.
template <bool kSwapped>
std::size_t BufferedPcapSource::parseBurst(std::span<RawFrame> frames) {
  const bool nano = header_.nanosecond;
  const LengthOrder order = header_.length_order;
  const uint32_t snaplen = snaplen_;
  uint64_t bytes = 0;
  std::size_t n = 0;
  while (n < frames.size()) {
    const std::size_t available = end_ - pos_;
    std::size_t need = kPcapRecordHeaderSize;
    PcapRecord rec;
    if (available >= need) {
      rec = readPcapRecord(buffer_.get() + pos_, kSwapped, order);
      if (rec.caplen > kMaxCaplen) {
        stopCorrupt(rec.caplen);
        break;
      }
      need += rec.caplen;
    }
    if (available < need) {
      // The next record is not all in the buffer. Frames of this burst point into it, so it is only
      // refilled (which moves the partial record to the front) when none has been handed out yet.
      if (n > 0) break;
      if (eof_) {
        if (available == 0) {
          state_ = SourceState::kExhausted;
        } else {
          stopTruncated(available, need);
        }
        break;
      }
      if (!refill()) break;
      continue;
    }
    RawFrame& frame = frames[n++];
    frame.data = buffer_.get() + pos_ + kPcapRecordHeaderSize;
    frame.caplen = std::min(rec.caplen, snaplen);
    frame.wirelen = rec.wirelen;
    frame.ts_ns = recordTimestampNs(rec, nano);
    bytes += rec.wirelen;
    pos_ += need;
  }
  stats_.received += n;
  stats_.bytes += bytes;
  // A truncated tail counts as consumed, so a progress display ends at 100%.
  stats_.bytes_read = state_ == SourceState::kExhausted ? buffer_offset_ + end_ : fileOffset();
  stats_.bytes_total = std::max(stats_.bytes_total, stats_.bytes_read);
  return n;
}

void BufferedPcapSource::stopTruncated(uint64_t got, uint64_t want) {
  ++stats_.truncated_records;
  warning_ = truncatedRecordWarning(path_, fileOffset(), got, want);
  state_ = SourceState::kExhausted;
}

void BufferedPcapSource::stopCorrupt(uint64_t caplen) {
  error_ = corruptRecordError(path_, fileOffset(), caplen);
  state_ = SourceState::kFailed;
}

}  // namespace vigil::capture
