// Helpers for the spool tests: a temp directory per test, raw file access, fixed-size payloads, open-or-fail.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "publish/spool.h"

namespace vigil::publish::testing_support {

/// A fresh directory under /tmp, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = "/tmp/vigil_spool_XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed for " << pattern;
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string file(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline std::string readBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void writeBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good()) << path;
}

/// Names in `dir`, sorted.
inline std::vector<std::string> listDir(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

/// Only the segment files in `dir`, sorted.
inline std::vector<std::string> segmentFiles(const std::string& dir) {
  std::vector<std::string> names;
  for (const std::string& name : listDir(dir)) {
    if (name.size() == 24 && name.ends_with(".seg")) names.push_back(name);
  }
  return names;
}

/// "event-0042": 10 bytes for seq < 10000, so a record is exactly 30 bytes on disk.
inline std::string payloadFor(uint64_t seq) {
  char text[32];
  std::snprintf(text, sizeof text, "event-%04llu", static_cast<unsigned long long>(seq));
  return text;
}
inline constexpr uint64_t kRecordBytes = 30;

inline SpoolOptions optionsFor(const TempDir& dir, uint64_t segment_records = 1000, uint64_t max_records = 100000) {
  SpoolOptions options;
  options.dir = dir.file("spool");
  options.segment_bytes = segment_records * kRecordBytes;
  options.max_bytes = max_records * kRecordBytes;
  return options;
}

/// Opens or records a failure and returns nullptr (ASSERT_NE on the result).
inline std::unique_ptr<Spool> mustOpen(const SpoolOptions& options) {
  auto spool = Spool::open(options);
  if (!spool) {
    ADD_FAILURE() << "open failed: " << spool.error();
    return nullptr;
  }
  return std::move(*spool);
}

/// Appends payloadFor(seq) for every seq in [first, last].
inline ::testing::AssertionResult appendRange(Spool& spool, uint64_t first, uint64_t last) {
  for (uint64_t seq = first; seq <= last; ++seq) {
    auto appended = spool.append(seq, payloadFor(seq));
    if (!appended) return ::testing::AssertionFailure() << "append " << seq << ": " << appended.error();
  }
  return ::testing::AssertionSuccess();
}

/// Every unacked record, in order.
inline std::vector<SpoolRecord> readAll(Spool& spool) {
  std::vector<SpoolRecord> out;
  auto read = spool.readUnacked(0, SIZE_MAX, out);
  if (!read) ADD_FAILURE() << "readUnacked: " << read.error();
  return out;
}

inline std::vector<uint64_t> seqsOf(const std::vector<SpoolRecord>& records) {
  std::vector<uint64_t> seqs;
  for (const SpoolRecord& r : records)
    seqs.push_back(r.seq);
  return seqs;
}

/// Checks each record carries payloadFor(its seq).
inline ::testing::AssertionResult payloadsIntact(const std::vector<SpoolRecord>& records) {
  for (const SpoolRecord& r : records) {
    if (r.payload != payloadFor(r.seq)) return ::testing::AssertionFailure() << "seq " << r.seq << ": " << r.payload;
  }
  return ::testing::AssertionSuccess();
}

/// Runs `body` in a child process as user "nobody" (the tests run as root, who may write anywhere) and
/// returns its exit code: 0 pass, 1 fail, 2 could not drop privileges. Runs in-process when not root.
inline int runAsNobody(const std::function<bool()>& body) {
  if (::geteuid() != 0) return body() ? 0 : 1;
  const pid_t child = ::fork();
  if (child < 0) return 3;
  if (child == 0) {
    const bool dropped = ::setgid(65534) == 0 && ::setuid(65534) == 0;
    ::_exit(!dropped ? 2 : body() ? 0 : 1);
  }
  int status = 0;
  if (::waitpid(child, &status, 0) != child || !WIFEXITED(status)) return 4;
  return WEXITSTATUS(status);
}

}  // namespace vigil::publish::testing_support
