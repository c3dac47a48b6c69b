// GeneratorConfig: everything that determines a run's output (same config => byte-identical files).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pcapgen/wire/pcap_writer.h"

namespace vigil::pcapgen {

inline constexpr const char* kGeneratorName = "vigil-pcapgen";
inline constexpr const char* kGeneratorVersion = "1.0";
inline constexpr uint64_t kDefaultStartNs = 1735689600ULL * 1000000000ULL;  // 2025-01-01T00:00:00Z

/// The command line, parsed. Output paths are not part of it: they do not change the bytes.
struct GeneratorConfig {
  uint64_t packets = 1000000;  // total frames written, background + incidents
  double pps = 100000;         // capture packet rate in packet time: packet i is at start + i/pps
  uint64_t start_ns = kDefaultStartNs;
  uint64_t seed = 1;
  TimestampPrecision precision = TimestampPrecision::kMicro;
  uint32_t frame_size = 0;  // 0: natural sizes; else every frame exactly this long
  bool background = true;   // false: only incident packets (time still runs at pps)
  double ipv6_share = 0.10;
  double vlan_share = 0.05;
  std::vector<std::string> incidents;  // --incident texts, in order
};

}  // namespace vigil::pcapgen
