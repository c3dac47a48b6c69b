// SpamDetector: outbound SMTP fan-out, one host delivering mail to many distinct mail servers.
#pragma once

#include "detect/detector.h"

namespace vigil::detect {

/// Key source, match `ports: [25]`, measure distinct_destinations (or connection_attempts). Fires above
/// the threshold when SMTP is at least min_share (default 0.3) of what the host sends: a mail relay of
/// the home network does this too, which is why operators allowlist their relays.
class SpamDetector final : public Detector {
 public:
  SpamDetector(const rules::Rule& rule, TrafficClass traffic);
  std::size_t evaluate(const HostSample& host, Finding* out) const override;

  static constexpr const char* kConditions[] = {"min_share"};

 private:
  const double min_share_;
};

}  // namespace vigil::detect
