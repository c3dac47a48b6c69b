// ScanDetector: horizontal scans (one source, many hosts) and vertical scans (one source, many ports of one host).
#pragma once

#include "detect/detector.h"

namespace vigil::detect {

/// Key source (horizontal) or source->destination[:port] (vertical, the target being the source's
/// heaviest peer). Fires when the rule's measure exceeds its threshold and the traffic looks like
/// probing rather than use:
///  - min_share (default 0.5): the matched probes are at least this share of what the source sends,
///    so SYN-ACK/RST backscatter of a flood victim never counts as SYN scanning;
///  - max_completion_ratio (default 0.3, TCP SYN class): at most this share of its connection attempts
///    complete a handshake (a browser's do);
///  - max_reply_ratio (default 0.2, UDP classes): UDP coming back is at most this share of the UDP sent
///    (peer-to-peer fan-out and NTP polling get answers; ICMP errors are not answers);
///  - max_targets (vertical only, default 4): distinct destination hosts of the source;
///  - max_average_bytes (default 300): probes are small; a random-port flood of large datagrams is a
///    flood (udp-flood), not a scan.
class ScanDetector final : public Detector {
 public:
  ScanDetector(const rules::Rule& rule, TrafficClass traffic, bool vertical);
  std::size_t evaluate(const HostSample& host, Finding* out) const override;

  static constexpr const char* kConditions[] = {"min_share", "max_completion_ratio", "max_reply_ratio",
                                                "max_targets", "max_average_bytes"};

 private:
  const bool vertical_;
  const double min_share_;
  const double max_completion_ratio_;
  const double max_reply_ratio_;
  const double max_targets_;
  const double max_average_bytes_;
};

}  // namespace vigil::detect
