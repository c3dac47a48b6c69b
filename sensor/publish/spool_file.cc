// SpoolFile: EINTR-safe positioned reads and writes, truncation, sync and locking, each failure naming the path.
#include "publish/spool_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <utility>

namespace vigil::publish {

std::string describeErrno(int err) {
  switch (err) {
    case EPERM:  // "operation not permitted" means the same to an operator
      return "permission denied";
    default: {
      std::string text = std::strerror(err);
      if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
      return text;
    }
  }
}

common::Result<SpoolFile> SpoolFile::open(const std::string& path, int flags, mode_t mode) {
  int fd;
  do {
    fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return common::fail(path + ": " + describeErrno(errno));
  return SpoolFile(path, fd, (flags & O_DIRECTORY) != 0);
}

SpoolFile::SpoolFile(SpoolFile&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)), directory_(other.directory_) {}

SpoolFile& SpoolFile::operator=(SpoolFile&& other) noexcept {
  if (this != &other) {
    close();
    path_ = std::move(other.path_);
    fd_ = std::exchange(other.fd_, -1);
    directory_ = other.directory_;
  }
  return *this;
}

SpoolFile::~SpoolFile() {
  close();
}

void SpoolFile::close() noexcept {
  // close(2) must not be retried on EINTR on Linux: the descriptor is gone either way.
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

common::Error SpoolFile::failure(std::string_view what, int err) const {
  return common::fail(path_ + ": " + std::string(what) + ": " + describeErrno(err));
}

common::Result<uint64_t> SpoolFile::size() const {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return failure("stat failed", errno);
  return static_cast<uint64_t>(st.st_size);
}

common::Result<std::size_t> SpoolFile::readAt(uint64_t offset, std::span<uint8_t> out) const {
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t got = ::pread(fd_, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
    if (got < 0) {
      if (errno == EINTR) continue;
      return failure("read failed at offset " + std::to_string(offset + done), errno);
    }
    if (got == 0) break;
    done += static_cast<std::size_t>(got);
  }
  return done;
}

common::Result<void> SpoolFile::writeAt(uint64_t offset, std::span<const uint8_t> head, std::string_view body) {
  const std::size_t total = head.size() + body.size();
  std::size_t done = 0;
  while (done < total) {
    iovec iov[2];
    int count = 0;
    if (done < head.size()) {
      iov[count++] = {const_cast<uint8_t*>(head.data() + done), head.size() - done};
      iov[count++] = {const_cast<char*>(body.data()), body.size()};
    } else {
      iov[count++] = {const_cast<char*>(body.data() + (done - head.size())), total - done};
    }
    const ssize_t wrote = ::pwritev(fd_, iov, count, static_cast<off_t>(offset + done));
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) {
      const int err = wrote < 0 ? errno : ENOSPC;
      // Leave no torn record behind for recovery to find; if even this fails, recovery truncates it.
      if (done > 0) (void)::ftruncate(fd_, static_cast<off_t>(offset));
      return failure("write failed at offset " + std::to_string(offset), err);
    }
    done += static_cast<std::size_t>(wrote);
  }
  return {};
}

common::Result<void> SpoolFile::truncate(uint64_t size) {
  while (::ftruncate(fd_, static_cast<off_t>(size)) != 0) {
    if (errno != EINTR) return failure("truncate to " + std::to_string(size) + " bytes failed", errno);
  }
  return {};
}

common::Result<void> SpoolFile::sync() {
  while ((directory_ ? ::fsync(fd_) : ::fdatasync(fd_)) != 0) {
    if (errno != EINTR) return failure("fsync failed", errno);
  }
  return {};
}

common::Result<void> SpoolFile::lockExclusive() {
  while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) return common::fail(path_ + ": in use by another process");
    if (errno != EINTR) return failure("lock failed", errno);
  }
  return {};
}

}  // namespace vigil::publish
