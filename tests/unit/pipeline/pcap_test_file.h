// Test helper: writes a small classic pcap file (Ethernet) in the test temp dir, removed on destruction.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace vigil::pipeline::testing_util {

// One Ethernet/IPv4/UDP frame from 10.<a>.<b>.<c> to 192.0.2.<dst>, ports 40000 -> 53.
inline std::string udpFrame(uint8_t a, uint8_t b, uint8_t c, uint8_t dst = 1) {
  const uint8_t f[42] = {2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4, 0x08, 0x00,
                         0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0, 10, a, b, c, 192, 0, 2, dst,
                         0x9c, 0x40, 0, 53, 0, 8, 0, 0};
  return std::string(reinterpret_cast<const char*>(f), sizeof f);
}

// Same as udpFrame but TCP with the given flags and destination port.
inline std::string tcpFrame(uint8_t a, uint8_t b, uint8_t c, uint8_t dst, uint16_t dport, uint8_t flags) {
  const uint8_t f[54] = {2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4, 0x08, 0x00,
                         0x45, 0, 0, 40, 0, 1, 0, 0, 64, 6, 0, 0, 10, a, b, c, 192, 0, 2, dst,
                         0x9c, 0x40, uint8_t(dport >> 8), uint8_t(dport), 0, 0, 0, 1, 0, 0, 0, 0, 0x50, flags,
                         0xff, 0xff, 0, 0, 0, 0};
  return std::string(reinterpret_cast<const char*>(f), sizeof f);
}

class PcapTestFile {
 public:
  explicit PcapTestFile(const std::string& name)
      : path_(std::filesystem::path(::testing::TempDir()) / (name + ".pcap")), out_(path_, std::ios::binary) {
    const uint32_t h[6] = {0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1};
    out_.write(reinterpret_cast<const char*>(h), sizeof h);
  }
  ~PcapTestFile() { std::filesystem::remove(path_); }
  PcapTestFile(const PcapTestFile&) = delete;
  PcapTestFile& operator=(const PcapTestFile&) = delete;

  void add(uint32_t sec, uint32_t usec, const std::string& frame) {
    const uint32_t r[4] = {sec, usec, uint32_t(frame.size()), uint32_t(frame.size())};
    out_.write(reinterpret_cast<const char*>(r), sizeof r);
    out_.write(frame.data(), std::streamsize(frame.size()));
  }
  /// Flushes and returns the path.
  std::string close() {
    out_.close();
    return path_.string();
  }

 private:
  std::filesystem::path path_;
  std::ofstream out_;
};

}  // namespace vigil::pipeline::testing_util
