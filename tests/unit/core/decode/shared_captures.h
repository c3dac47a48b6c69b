// Test-only access to the shared reference captures (../shared/pcaps): where they are, and their frames through
// libpcap.
#pragma once

#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <cstdint>
#include <filesystem>
#include <optional>

#include "decode/link_type.h"

namespace vigil::decode::captures {

/// The captures live beside the project, not in it: tests skip when the directory is absent.
inline const std::filesystem::path kPcapDir = std::filesystem::path(VIGIL_SOURCE_DIR) / ".." / "shared" / "pcaps";

/// One capture file (pcap or pcapng) read frame by frame with libpcap, timestamps in nanoseconds. A
/// file that does not open, or whose link type the decoder does not know, is a test failure naming it.
class CaptureFrames {
 public:
  struct Frame {
    const uint8_t* data = nullptr;
    uint32_t caplen = 0;
    uint32_t wirelen = 0;
    uint64_t ts_ns = 0;
  };

  explicit CaptureFrames(const std::filesystem::path& path) {
    char err[PCAP_ERRBUF_SIZE] = {};
    pcap_ = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, err);
    EXPECT_NE(pcap_, nullptr) << path << ": " << err;
    if (pcap_ == nullptr) return;
    link_ = linkTypeFromNumber(uint32_t(pcap_datalink(pcap_)));
    EXPECT_TRUE(link_.has_value()) << path << ": link type " << pcap_datalink(pcap_);
  }
  ~CaptureFrames() {
    if (pcap_ != nullptr) pcap_close(pcap_);
  }
  CaptureFrames(const CaptureFrames&) = delete;
  CaptureFrames& operator=(const CaptureFrames&) = delete;

  /// The decoder's link type; empty if the file did not open or its link type is unknown (then next()
  /// yields nothing).
  std::optional<LinkType> link() const { return link_; }

  /// The next frame, valid until the next call; false at the end of the file.
  bool next(Frame& f) {
    if (!link_) return false;
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    if (pcap_next_ex(pcap_, &header, &data) != 1) return false;
    // With nanosecond precision, libpcap puts the nanoseconds in tv_usec.
    f = Frame{data, header->caplen, header->len,
              uint64_t(header->ts.tv_sec) * 1'000'000'000u + uint64_t(header->ts.tv_usec)};
    return true;
  }

 private:
  pcap_t* pcap_ = nullptr;
  std::optional<LinkType> link_;
};

}  // namespace vigil::decode::captures
