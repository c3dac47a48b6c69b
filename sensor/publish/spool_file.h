// SpoolFile: an owned file descriptor whose every failing call returns an error naming the file and the cause.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/result.h"

namespace vigil::publish {

/// One open file (segment, state, lock file or the spool directory itself). Move-only; closes on
/// destruction. Each method is one or a few syscalls, retried on EINTR; no buffering, so what a
/// write returned is in the kernel. Used by the spool's single thread only.
class SpoolFile {
 public:
  /// open(2) with O_CLOEXEC added. Errors: "<path>: permission denied", "<path>: no such file", ...
  static common::Result<SpoolFile> open(const std::string& path, int flags, mode_t mode = 0600);

  SpoolFile() = default;
  SpoolFile(SpoolFile&& other) noexcept;
  SpoolFile& operator=(SpoolFile&& other) noexcept;
  SpoolFile(const SpoolFile&) = delete;
  SpoolFile& operator=(const SpoolFile&) = delete;
  ~SpoolFile();

  bool isOpen() const noexcept { return fd_ >= 0; }
  int fd() const noexcept { return fd_; }
  const std::string& path() const noexcept { return path_; }

  common::Result<uint64_t> size() const;
  /// Reads up to out.size() bytes at `offset`; fewer only where the file ends. Returns the count read.
  common::Result<std::size_t> readAt(uint64_t offset, std::span<uint8_t> out) const;
  /// Writes `head` then `body` at `offset` with one pwritev (more only if the kernel writes short). On failure
  /// the file is cut back to `offset`, so a half-written record never stays behind.
  common::Result<void> writeAt(uint64_t offset, std::span<const uint8_t> head, std::string_view body);
  common::Result<void> truncate(uint64_t size);
  /// fdatasync for files, fsync for directories opened with O_DIRECTORY (a directory's entries are its data).
  common::Result<void> sync();
  /// Takes an exclusive flock without waiting; "<path>: in use by another process" when held elsewhere.
  common::Result<void> lockExclusive();
  void close() noexcept;

 private:
  SpoolFile(std::string path, int fd, bool directory) : path_(std::move(path)), fd_(fd), directory_(directory) {}
  common::Error failure(std::string_view what, int err) const;

  std::string path_;
  int fd_ = -1;
  bool directory_ = false;  // opened with O_DIRECTORY: sync() needs fsync, not fdatasync
};

/// "permission denied", "no such file", "no space left on device": strerror, lower-cased.
std::string describeErrno(int err);

}  // namespace vigil::publish
