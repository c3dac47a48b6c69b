// FloodDetector: SYN, UDP and ICMP floods against one victim, naming the sources when a few carry most of it.
#pragma once

#include "detect/detector.h"

namespace vigil::detect {

/// Key destination. Fires when the rule's measure of the matched class towards one host exceeds the
/// threshold and:
///  - min_share (default 0.5): the class is at least this share of what the victim receives;
///  - max_completion_ratio (default 0.5, SYN class): few of the SYNs complete a handshake (a busy
///    server's do);
///  - skip_amplification (default 1, UDP classes): UDP mostly from amplification service ports is
///    left to the amplification rules, so one attack gives one kind of event;
///  - max_ports (default 20, SYN class): when one source dominates, it hits at most this many distinct
///    ports of the victim (more is a port scan, reported by scan-vertical).
/// Findings: if one source carries at least dominant_share (default 0.5) of the victim's packets, one
/// finding names both; otherwise the victim alone (spoofed or many sources: no source.ip), plus one
/// finding per top source carrying at least source_share (default 0.25).
class FloodDetector final : public Detector {
 public:
  FloodDetector(const rules::Rule& rule, TrafficClass traffic);
  std::size_t evaluate(const HostSample& host, Finding* out) const override;

  static constexpr const char* kConditions[] = {"min_share", "max_completion_ratio", "skip_amplification",
                                                "dominant_share", "source_share", "max_ports"};

 private:
  const double min_share_;
  const double max_completion_ratio_;
  const bool skip_amplification_;
  const double dominant_share_;
  const double source_share_;
  const double max_ports_;
};

/// True when most UDP a host received came from the amplification service ports (DNS, NTP, SSDP,
/// memcached, CLDAP, SNMP, chargen), its fragments included.
bool mostlyAmplification(const flow::DirectionCounters& in) noexcept;

}  // namespace vigil::detect
