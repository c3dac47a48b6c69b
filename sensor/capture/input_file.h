// InputFile: opens a capture input once and runs the checks every file source shares (missing, directory, magic).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/result.h"

namespace vigil::capture {

/// An open, read-only capture input: a path or standard input. Owns its descriptor (closed on
/// destruction unless release()d). For a regular file it has already read the first bytes (with
/// pread, so the file offset stays at 0) so sources can report a bad header by name before
/// handing the descriptor to a reader. FIFOs and stdin are never read here: those bytes would be lost.
/// Used only while a source opens (start-up): it allocates and makes syscalls freely.
class InputFile {
 public:
  /// Bytes kept from the start of a regular file: enough for a pcap header or a pcapng SHB.
  static constexpr std::size_t kHeadSize = 28;

  /// Opens `path` for reading. `label` prefixes errors, which are one line each:
  /// "<label>: no such file", "<label>: permission denied", "<label>: is a directory".
  static common::Result<InputFile> open(const std::string& path, std::string_view label);
  /// Duplicates descriptor 0, so closing this input (or the FILE* made from it) leaves stdin alone.
  static common::Result<InputFile> openStdin(std::string_view label);

  InputFile(InputFile&& other) noexcept;
  InputFile& operator=(InputFile&& other) noexcept;
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  ~InputFile();

  int fd() const noexcept { return fd_; }
  bool isRegular() const noexcept { return regular_; }
  /// File size for regular files, 0 otherwise.
  uint64_t size() const noexcept { return size_; }
  /// The first min(size, kHeadSize) bytes of a regular file; empty otherwise.
  std::span<const uint8_t> head() const noexcept { return {head_.data(), head_len_}; }

  /// Checks that a regular file starts like a capture libpcap can read and returns its magic
  /// (see pcap_format.h). Errors: "<label>: empty file (no pcap header)", "<label>: not a pcap or
  /// pcapng file (bad magic 0x0badf00d)", "<label>: truncated pcap header (got 10 of 24 bytes)".
  common::Result<uint32_t> checkHead() const;

  /// Gives up ownership of the descriptor (to fdopen() it); fd() is -1 afterwards.
  int release() noexcept;

 private:
  InputFile(std::string label, int fd) : label_(std::move(label)), fd_(fd) {}
  common::Result<void> inspect();

  std::string label_;
  int fd_ = -1;
  bool regular_ = false;
  uint64_t size_ = 0;
  std::array<uint8_t, kHeadSize> head_{};
  std::size_t head_len_ = 0;
};

/// One-line reason for an errno from open/read: "no such file", "permission denied", ...
std::string describeErrno(int err);

}  // namespace vigil::capture
