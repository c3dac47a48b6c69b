// BruteforceDetector: repeated short connections from one source to one login service (SSH, Telnet, RDP, FTP).
#pragma once

#include "detect/detector.h"

namespace vigil::detect {

/// Key source->destination:port; the service is the rule's one port (`ports: [22]`), or, with
/// `payload_prefix: "SSH-"` and no port, any port whose server greets with an SSH banner. Fires when
/// the rule's measure (connection_attempts or short_connections, say) exceeds the threshold and:
///  - min_share (default 0.5): traffic to that service is at least this share of what the source
///    sends (banner variant: at least this share of its connection attempts reached SSH servers);
///  - max_targets (default 8): the source works on a few servers, not a sweep (that is a scan).
/// The destination is the source's heaviest peer.
class BruteforceDetector final : public Detector {
 public:
  BruteforceDetector(const rules::Rule& rule, TrafficClass traffic, bool ssh_banner);
  std::size_t evaluate(const HostSample& host, Finding* out) const override;

  static constexpr const char* kConditions[] = {"min_share", "max_targets"};

 private:
  const bool ssh_banner_;
  const double min_share_;
  const double max_targets_;
};

}  // namespace vigil::detect
