// InputFile: one open() per input, classified errors, and a header check that names the file and the problem.
#include "capture/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include "capture/pcap_format.h"

namespace vigil::capture {

std::string describeErrno(int err) {
  switch (err) {
    case ENOENT:
      return "no such file";
    case EACCES:
    case EPERM:
      return "permission denied";
    case EISDIR:
      return "is a directory";
    case ENOTDIR:
      return "not a directory (in the path)";
    default: {
      // strerror's wording, lower-cased to read like the messages above.
      std::string text = std::strerror(err);
      if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
      return text;
    }
  }
}

common::Result<InputFile> InputFile::open(const std::string& path, std::string_view label) {
  // O_CLOEXEC: never leak capture files into children. A FIFO blocks here until a writer appears,
  // which is what reading from a FIFO means.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return common::fail(std::string(label) + ": " + describeErrno(errno));
  }
  InputFile file(std::string(label), fd);
  if (auto checked = file.inspect(); !checked) return common::fail(checked.error());
  return file;
}

common::Result<InputFile> InputFile::openStdin(std::string_view label) {
  const int fd = ::fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0);
  if (fd < 0) {
    return common::fail(std::string(label) + ": " + describeErrno(errno));
  }
  InputFile file(std::string(label), fd);
  // Stdin redirected from a regular file ("< x.pcap") still must not be pread: the shell may have
  // left the offset anywhere. Treat every stdin as a stream.
  return file;
}

common::Result<void> InputFile::inspect() {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    return common::fail(label_ + ": " + describeErrno(errno));
  }
  if (S_ISDIR(st.st_mode)) {
    return common::fail(label_ + ": is a directory");
  }
  regular_ = S_ISREG(st.st_mode);
  if (!regular_) return {};
  size_ = static_cast<uint64_t>(st.st_size);
  while (head_len_ < head_.size()) {
    const ssize_t got = ::pread(fd_, head_.data() + head_len_, head_.size() - head_len_, static_cast<off_t>(head_len_));
    if (got < 0) {
      if (errno == EINTR) continue;
      return common::fail(label_ + ": " + describeErrno(errno));
    }
    if (got == 0) break;
    head_len_ += static_cast<std::size_t>(got);
  }
  return {};
}

common::Result<uint32_t> InputFile::checkHead() const {
  if (head_len_ == 0) {
    return common::fail(label_ + ": empty file (no pcap header)");
  }
  if (head_len_ < 4) {
    return common::fail(label_ + ": truncated pcap header (got " + std::to_string(head_len_) + " of " +
                        std::to_string(kPcapFileHeaderSize) + " bytes)");
  }
  const uint32_t magic = readMagic(head());
  if (!isReadableCaptureMagic(magic)) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%08x", magic);
    return common::fail(label_ + ": not a pcap or pcapng file (bad magic " + hex + ")");
  }
  const bool pcapng = magic == kPcapngMagic;
  const std::size_t need = pcapng ? kPcapngMinHeaderSize : kPcapFileHeaderSize;
  if (head_len_ < need) {
    return common::fail(label_ + ": truncated " + (pcapng ? "pcapng" : "pcap") + " header (got " +
                        std::to_string(head_len_) + " of " + std::to_string(need) + " bytes)");
  }
  return magic;
}

InputFile::InputFile(InputFile&& other) noexcept
    : label_(std::move(other.label_)),
      fd_(std::exchange(other.fd_, -1)),
      regular_(other.regular_),
      size_(other.size_),
      head_(other.head_),
      head_len_(other.head_len_) {}

InputFile& InputFile::operator=(InputFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    label_ = std::move(other.label_);
    fd_ = std::exchange(other.fd_, -1);
    regular_ = other.regular_;
    size_ = other.size_;
    head_ = other.head_;
    head_len_ = other.head_len_;
  }
  return *this;
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

int InputFile::release() noexcept {
  return std::exchange(fd_, -1);
}

}  // namespace vigil::capture
