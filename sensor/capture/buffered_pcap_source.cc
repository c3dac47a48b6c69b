// BufferedPcapSource: hands out the frames a PcapReadAhead has read and framed ahead, a burst at a time.
#include "capture/buffered_pcap_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <utility>

#include "capture/input_file.h"
#include "capture/source_errors.h"

namespace vigil::capture {

BufferedPcapSource::BufferedPcapSource(std::string path, std::size_t chunk_bytes)
    : path_(std::move(path)), name_("pcap:" + path_), chunk_bytes_(std::max<std::size_t>(chunk_bytes, 1)) {}

BufferedPcapSource::~BufferedPcapSource() {
  reader_.reset();  // joins the reader thread, which reads fd_
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

  link_type_ = *link;
  stats_.bytes_total = file->size();
  fd_ = file->release();
  // Advice only (a larger kernel read-ahead window): a failure changes speed, not results.
  (void)::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  reader_ = std::make_unique<PcapReadAhead>(fd_, *header, chunk_bytes_, kReadAheadChunks);
  stats_.bytes_read = kPcapFileHeaderSize;
  return {};
}

std::size_t BufferedPcapSource::receiveBurst(std::span<RawFrame> frames) {
  if (state_ != SourceState::kActive || !reader_ || frames.empty()) return 0;
  // Frames of a burst come from one batch: the previous batch is given back only when a burst starts,
  // once the frames handed out of it are no longer valid.
  while (batch_ == nullptr || next_frame_ == batch_->count) {
    if (batch_ != nullptr) {
      stats_.bytes_read = batch_->end_offset;
      if (batch_->end != PcapReadAhead::End::kMore) {
        finish(*batch_);
        return 0;
      }
      reader_->release();
    }
    batch_ = &reader_->next();
    next_frame_ = 0;
  }
  const std::size_t n = std::min(frames.size(), batch_->count - next_frame_);
  const RawFrame* from = batch_->frames + next_frame_;
  uint64_t bytes = 0;
  for (std::size_t i = 0; i < n; ++i) {
    frames[i] = from[i];
    bytes += from[i].wirelen;
  }
  next_frame_ += n;
  stats_.received += n;
  stats_.bytes += bytes;
  // The end is known as soon as the last frames before it are out (a corrupt record, say).
  if (next_frame_ == batch_->count && batch_->end != PcapReadAhead::End::kMore) {
    stats_.bytes_read = batch_->end_offset;
    finish(*batch_);
  }
  return n;
}

void BufferedPcapSource::finish(const PcapReadAhead::Batch& last) {
  switch (last.end) {
    case PcapReadAhead::End::kMore:
    case PcapReadAhead::End::kExhausted:
      state_ = SourceState::kExhausted;
      break;
    case PcapReadAhead::End::kTruncated:
      ++stats_.truncated_records;
      warning_ = truncatedRecordWarning(path_, last.offset, last.got, last.want);
      state_ = SourceState::kExhausted;
      // A truncated tail counts as consumed, so a progress display ends at 100%.
      stats_.bytes_read = last.offset + last.got;
      break;
    case PcapReadAhead::End::kCorrupt:
      error_ = corruptRecordError(path_, last.offset, last.want);
      state_ = SourceState::kFailed;
      break;
    case PcapReadAhead::End::kReadError:
      error_ = path_ + ": read error at offset " + std::to_string(last.offset) + ": " + describeErrno(int(last.want));
      state_ = SourceState::kFailed;
      break;
  }
  stats_.bytes_total = std::max(stats_.bytes_total, stats_.bytes_read);
}

}  // namespace vigil::capture
