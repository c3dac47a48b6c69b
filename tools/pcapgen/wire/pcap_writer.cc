// PcapWriter: pcap file/record headers and buffered write(2) output.
#include "pcapgen/wire/pcap_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace vigil::pcapgen {
namespace {

void putLe16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
}
void putLe32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

}  // namespace

PcapWriter::PcapWriter(int fd, bool owns_fd, std::string name, TimestampPrecision precision)
    : buffer_(std::make_unique<uint8_t[]>(kBufferBytes)),
      fd_(fd),
      owns_fd_(owns_fd),
      precision_(precision),
      name_(std::move(name)) {
  uint8_t* h = buffer_.get();
  putLe32(h, precision == TimestampPrecision::kNano ? 0xa1b23c4du : 0xa1b2c3d4u);
  putLe16(h + 4, 2);
  putLe16(h + 6, 4);
  putLe32(h + 8, 0);   // thiszone
  putLe32(h + 12, 0);  // sigfigs
  putLe32(h + 16, kSnapLen);
  putLe32(h + 20, kLinkTypeEthernet);
  used_ = 24;
}

common::Result<PcapWriter> PcapWriter::open(const std::string& path, TimestampPrecision precision) {
  if (path == "-") return PcapWriter(STDOUT_FILENO, false, "stdout", precision);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return common::fail("cannot create " + path + ": " + std::strerror(errno));
  return PcapWriter(fd, true, path, precision);
}

PcapWriter::PcapWriter(PcapWriter&& other) noexcept
    : buffer_(std::move(other.buffer_)),
      used_(std::exchange(other.used_, 0)),
      fd_(std::exchange(other.fd_, -1)),
      owns_fd_(std::exchange(other.owns_fd_, false)),
      precision_(other.precision_),
      error_(other.error_),
      name_(std::move(other.name_)) {}

PcapWriter& PcapWriter::operator=(PcapWriter&& other) noexcept {
  if (this != &other) {
    if (owns_fd_) ::close(fd_);
    buffer_ = std::move(other.buffer_);
    used_ = std::exchange(other.used_, 0);
    fd_ = std::exchange(other.fd_, -1);
    owns_fd_ = std::exchange(other.owns_fd_, false);
    precision_ = other.precision_;
    error_ = other.error_;
    name_ = std::move(other.name_);
  }
  return *this;
}

PcapWriter::~PcapWriter() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
}

void PcapWriter::commit(uint64_t ts_ns, uint32_t len) noexcept {
  uint8_t* r = buffer_.get() + used_;
  const uint64_t seconds = ts_ns / 1000000000u;
  const uint32_t fraction = static_cast<uint32_t>(ts_ns % 1000000000u);
  putLe32(r, static_cast<uint32_t>(seconds));
  putLe32(r + 4, precision_ == TimestampPrecision::kNano ? fraction : fraction / 1000);
  putLe32(r + 8, len);
  putLe32(r + 12, len);
  used_ += kRecordHeader + len;
}

void PcapWriter::flush() noexcept {
  uint32_t done = 0;
  while (error_ == 0 && done < used_) {
    const ssize_t n = ::write(fd_, buffer_.get() + done, used_ - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      error_ = errno;
    } else {
      done += static_cast<uint32_t>(n);
    }
  }
  used_ = 0;  // after an error the data is dropped: finish() reports it
}

common::Result<void> PcapWriter::finish() {
  if (!buffer_) return common::fail("pcap writer already finished");
  flush();
  buffer_.reset();
  if (owns_fd_) {
    if (::close(fd_) != 0 && error_ == 0) error_ = errno;
    owns_fd_ = false;
  }
  fd_ = -1;
  if (error_ != 0) return common::fail("cannot write " + name_ + ": " + std::strerror(error_));
  return {};
}

}  // namespace vigil::pcapgen
