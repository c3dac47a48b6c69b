// PcapFileSource: libpcap offline reading with a per-burst copy arena and libpcap errors mapped to one-liners.
#include "capture/pcap_file_source.h"

#include <pcap/pcap.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include "capture/input_file.h"
#include "capture/pcap_format.h"
#include "capture/source_errors.h"

namespace vigil::capture {
namespace {

// pcapng block header: type + total length.
constexpr uint64_t kPcapngBlockHeaderSize = 8;

// libpcap widens the file's 32-bit fields into signed time_t/suseconds_t. Undo the sign extension
// of the seconds so a post-2038 timestamp reads as the unsigned value the format defines; a
// fraction outside [0, 1 s) is corruption and counts as 0, as recordTimestampNs does.
uint64_t timestampNs(const timeval& ts) noexcept {
  const uint64_t sec = ts.tv_sec < 0 ? uint64_t{static_cast<uint32_t>(ts.tv_sec)} : static_cast<uint64_t>(ts.tv_sec);
  // tv_usec holds ns: the source opens at nanosecond precision.
  const bool valid_frac = ts.tv_usec >= 0 && static_cast<uint64_t>(ts.tv_usec) < kNsPerSecond;
  return sec * kNsPerSecond + (valid_frac ? static_cast<uint64_t>(ts.tv_usec) : 0);
}

}  // namespace

PcapFileSource::PcapFileSource(std::string path)
    : path_(std::move(path)), label_(path_ == "-" ? "stdin" : path_), name_("pcap:" + path_) {}

PcapFileSource::~PcapFileSource() {
  if (pcap_ != nullptr) pcap_close(pcap_);
}

common::Result<void> PcapFileSource::open() {
  if (opened_) return common::fail(label_ + ": source already opened");
  opened_ = true;

  auto file = path_ == "-" ? InputFile::openStdin(label_) : InputFile::open(path_, label_);
  if (!file) return common::fail(file.error());
  if (file->isRegular()) {
    // Check the header ourselves so both readers word a bad file the same way.
    auto magic = file->checkHead();
    if (!magic) return common::fail(magic.error());
    classic_ = magic.value() != kPcapngMagic;
    if (isClassicPcapMagic(magic.value())) {
      if (auto header = parsePcapFileHeader(label_, file->head()); !header) return common::fail(header.error());
    }
  }
  seekable_ = file->isRegular();
  stats_.bytes_total = file->size();

  // One descriptor per input (no reopen by name): a FIFO is opened exactly once, and what was
  // checked above is what libpcap reads.
  const int fd = file->release();
  FILE* stream = ::fdopen(fd, "rb");
  if (stream == nullptr) {
    const int err = errno;
    ::close(fd);
    return common::fail(label_ + ": " + describeErrno(err));
  }
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap_ = pcap_fopen_offline_with_tstamp_precision(stream, PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (pcap_ == nullptr) {
    std::fclose(stream);  // libpcap closes the stream only once it owns a pcap_t
    return common::fail(describePcapError(label_, path_, errbuf));
  }
  auto link = checkLinkType(label_, static_cast<uint32_t>(pcap_datalink(pcap_)));
  if (!link) return common::fail(link.error());
  link_type_ = *link;

  arena_size_ = kArenaBytes + kMaxCaplen;
  arena_ = std::make_unique_for_overwrite<uint8_t[]>(arena_size_);
  stream_offset_ = classic_ ? kPcapFileHeaderSize : 0;
  stats_.bytes_read = position();
  return {};
}

std::size_t PcapFileSource::receiveBurst(std::span<RawFrame> frames) {
  if (state_ != SourceState::kActive || pcap_ == nullptr || frames.empty()) return 0;
  std::size_t n = 0;
  std::size_t used = 0;
  uint64_t bytes = 0;
  while (n < frames.size() && used <= kArenaBytes) {
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    const int rc = pcap_next_ex(pcap_, &header, &data);
    if (rc == 1) {
      const uint32_t caplen = header->caplen;
      // libpcap caps caplen at the link type's maximum (== kMaxCaplen for every type we accept);
      // checked anyway because the arena's bound depends on it.
      if (caplen > arena_size_ - used) {
        error_ = corruptRecordError(label_, stream_offset_, caplen);
        state_ = SourceState::kFailed;
        break;
      }
      std::memcpy(arena_.get() + used, data, caplen);
      RawFrame& frame = frames[n++];
      frame.data = arena_.get() + used;
      frame.caplen = caplen;
      frame.wirelen = header->len;
      frame.ts_ns = timestampNs(header->ts);
      used += caplen;
      bytes += header->len;
      stream_offset_ += kPcapRecordHeaderSize + caplen;
    } else if (rc == 0) {
      break;  // "no packet now": live captures only, kept for completeness
    } else if (rc == PCAP_ERROR_BREAK) {
      state_ = SourceState::kExhausted;
      break;
    } else {
      handleReadError();
      break;
    }
  }
  stats_.received += n;
  stats_.bytes += bytes;
  stats_.bytes_read = state_ == SourceState::kExhausted && seekable_ ? stats_.bytes_total : position();
  return n;
}

uint64_t PcapFileSource::position() const {
  if (seekable_ && pcap_ != nullptr) {
    const off_t pos = ::ftello(pcap_file(pcap_));
    if (pos >= 0) return static_cast<uint64_t>(pos);
  }
  return stream_offset_;
}

// libpcap reports everything as PCAP_ERROR with text; the truncation and oversize cases are the
// ones a file can legitimately end with, so they are recognised and reworded like the buffered reader's.
void PcapFileSource::handleReadError() {
  const std::string message = pcap_geterr(pcap_);
  // On a stream we cannot ask for the position, but stream_offset_ is where the failed record began.
  const uint64_t pos = position();
  std::size_t tried = 0;
  std::size_t got = 0;
  unsigned caplen = 0;
  if (std::sscanf(message.c_str(), "truncated dump file; tried to read %zu header bytes, only got %zu", &tried, &got) ==
      2) {
    ++stats_.truncated_records;
    warning_ = truncatedRecordWarning(label_, seekable_ ? pos - got : pos, got, tried);
    state_ = SourceState::kExhausted;
  } else if (std::sscanf(message.c_str(), "truncated dump file; tried to read %zu captured bytes, only got %zu", &tried,
                         &got) == 2) {
    ++stats_.truncated_records;
    const uint64_t record_got = kPcapRecordHeaderSize + got;
    warning_ =
        truncatedRecordWarning(label_, seekable_ ? pos - record_got : pos, record_got, kPcapRecordHeaderSize + tried);
    state_ = SourceState::kExhausted;
  } else if (std::sscanf(message.c_str(), "truncated pcapng dump file; tried to read %zu bytes, only got %zu", &tried,
                         &got) == 2) {
    // libpcap reads a block as an 8-byte header, then the rest; either read can come up short.
    ++stats_.truncated_records;
    const bool in_header = tried == kPcapngBlockHeaderSize;
    const uint64_t block_got = in_header ? got : kPcapngBlockHeaderSize + got;
    const uint64_t block_want = in_header ? tried : kPcapngBlockHeaderSize + tried;
    warning_ = truncatedRecordWarning(label_, seekable_ ? pos - block_got : pos, block_got, block_want);
    state_ = SourceState::kExhausted;
  } else if (classic_ && std::sscanf(message.c_str(), "invalid packet capture length %u", &caplen) == 1) {
    // Raised right after the 16-byte record header was read.
    error_ = corruptRecordError(label_, seekable_ ? pos - kPcapRecordHeaderSize : pos, caplen);
    state_ = SourceState::kFailed;
  } else {
    error_ = describePcapError(label_, path_, message);
    state_ = SourceState::kFailed;
  }
}

}  // namespace vigil::capture
