// Helpers for the capture tests: reference capture table, temp dirs, pcap byte builders, read-everything loops.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "capture/packet_source.h"
#include "capture/pcap_format.h"

namespace vigil::capture::testing_support {

/// A reference capture from ../shared/pcaps and its packet count (README.md table there).
struct ReferenceCapture {
  const char* file;
  uint64_t packets;
  bool classic;  // classic pcap (mmap-readable) rather than pcapng
  decode::LinkType link;
};

inline const std::vector<ReferenceCapture>& referenceCaptures() {
  using decode::LinkType;
  static const std::vector<ReferenceCapture> kCaptures = {
      {"scan-v-nmap-syn.pcapng", 2011, false, LinkType::kEthernet},
      {"scan-h-nmap-synsweep.pcap", 513, true, LinkType::kEthernet},
      {"synflood-spoofed.pcap", 37841, true, LinkType::kEthernet},
      {"amp-dns-rrsig-frag.pcap", 4412, true, LinkType::kEthernet},
      {"bf-ssh-nmap-port902.pcap", 1178, true, LinkType::kEthernet},
      {"c2-emotet-http7080.pcap", 74, true, LinkType::kEthernet},
      {"benign-wikipedia.pcap", 136, true, LinkType::kEthernet},
      {"benign-ocs-rawip.pcap", 946, true, LinkType::kRaw},
      {"benign-smb-loopback-null.pcap", 3519, true, LinkType::kNull},
      {"benign-nfsv3-bigendian.pcap", 128, true, LinkType::kEthernet},
      {"benign-lo-sll2.pcap", 6, true, LinkType::kLinuxSll2},
      {"benign-tcp-nanosec.pcap", 3, true, LinkType::kLinuxSll},
  };
  return kCaptures;
}

inline std::string referenceDir() {
  return VIGIL_SOURCE_DIR "/../shared/pcaps";
}

inline bool haveReferenceCaptures() {
  return std::filesystem::is_directory(referenceDir());
}

#define VIGIL_REQUIRE_REFERENCE_CAPTURES()                                                                     \
  do {                                                                                                         \
    if (!::vigil::capture::testing_support::haveReferenceCaptures()) {                                         \
      GTEST_SKIP() << "reference captures not found at " << ::vigil::capture::testing_support::referenceDir(); \
    }                                                                                                          \
  } while (0)

/// A fresh directory under testing::TempDir(), removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "vigil_capture_XXXXXX";
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

using Bytes = std::vector<uint8_t>;

inline void writeFile(const std::string& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good()) << path;
}

inline Bytes readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void putU32(Bytes& out, uint32_t v, bool big_endian) {
  for (int i = 0; i < 4; ++i) {
    const int shift = big_endian ? 24 - 8 * i : 8 * i;
    out.push_back(static_cast<uint8_t>(v >> shift));
  }
}

inline void putU16(Bytes& out, uint16_t v, bool big_endian) {
  out.push_back(static_cast<uint8_t>(big_endian ? v >> 8 : v));
  out.push_back(static_cast<uint8_t>(big_endian ? v : v >> 8));
}

/// Options of a synthetic classic pcap file header.
struct HeaderSpec {
  uint32_t linktype = 1;
  bool nanosecond = false;
  bool big_endian = false;
  uint16_t version_major = 2;
  uint16_t version_minor = 4;
  uint32_t snaplen = 65535;
};

inline Bytes pcapHeader(const HeaderSpec& spec) {
  Bytes out;
  putU32(out, spec.nanosecond ? 0xa1b23c4d : 0xa1b2c3d4, spec.big_endian);
  putU16(out, spec.version_major, spec.big_endian);
  putU16(out, spec.version_minor, spec.big_endian);
  putU32(out, 0, spec.big_endian);  // thiszone
  putU32(out, 0, spec.big_endian);  // sigfigs
  putU32(out, spec.snaplen, spec.big_endian);
  putU32(out, spec.linktype, spec.big_endian);
  return out;
}

/// Appends one record; the first two header length fields are written as given (caplen, len).
inline void appendRecord(Bytes& out, bool big_endian, uint32_t sec, uint32_t frac, uint32_t caplen_field,
                         uint32_t len_field, const Bytes& payload) {
  putU32(out, sec, big_endian);
  putU32(out, frac, big_endian);
  putU32(out, caplen_field, big_endian);
  putU32(out, len_field, big_endian);
  out.insert(out.end(), payload.begin(), payload.end());
}

/// A payload of `size` bytes whose content depends on `seed`, so mixed-up frames are noticed.
inline Bytes payload(std::size_t size, uint8_t seed) {
  Bytes out(size);
  for (std::size_t i = 0; i < size; ++i)
    out[i] = static_cast<uint8_t>(seed + i * 7);
  return out;
}

/// Five records of 100 bytes, ending three ways: whole (`file`), cut 30 bytes short (`cut`: the last
/// record, at offset 488, has 86 of its 116 bytes) and followed by a record header with caplen
/// kMaxCaplen + 1 at offset 604 (`corrupt`).
struct BadEndings {
  Bytes file;
  Bytes cut;
  Bytes corrupt;
};
inline BadEndings badEndings() {
  BadEndings out;
  out.file = pcapHeader({});
  for (uint8_t i = 0; i < 5; ++i)
    appendRecord(out.file, false, i, 0, 100, 100, payload(100, i));
  out.cut = out.file;
  out.cut.resize(out.cut.size() - 30);
  out.corrupt = out.file;
  appendRecord(out.corrupt, false, 9, 0, kMaxCaplen + 1, kMaxCaplen + 1, payload(4, 0));
  return out;
}

/// A frame copied out of a burst (frames are only valid until the next call).
struct FrameCopy {
  uint32_t caplen;
  uint32_t wirelen;
  uint64_t ts_ns;
  Bytes bytes;
  bool operator==(const FrameCopy&) const = default;
};

/// Reads until the source stops; `burst` frames per call.
inline std::vector<FrameCopy> readAll(PacketSource& source, std::size_t burst = 64) {
  std::vector<RawFrame> frames(burst);
  std::vector<FrameCopy> out;
  for (int idle = 0;;) {
    const std::size_t n = source.receiveBurst(frames);
    // File sources never report "nothing now"; stop a buggy one instead of spinning.
    if (n == 0 && source.state() == SourceState::kActive && ++idle > 100) {
      ADD_FAILURE() << source.name() << ": empty bursts while still active";
      break;
    }
    for (std::size_t i = 0; i < n; ++i) {
      const RawFrame& f = frames[i];
      out.push_back({f.caplen, f.wirelen, f.ts_ns, Bytes(f.data, f.data + f.caplen)});
    }
    if (n == 0 && source.state() != SourceState::kActive) break;
  }
  return out;
}

}  // namespace vigil::capture::testing_support
