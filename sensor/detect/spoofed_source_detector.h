// SpoofedSourceDetector: packets whose source address cannot be genuine on this link (BCP 38 violations).
#pragma once

#include "detect/detector.h"
#include "net/prefix_set.h"

namespace vigil::detect {

/// Key source; the "host" is the claimed source address. It is spoofed when it is a bogon (special-
/// purpose, never routed: net::bogonPrefixes()) and not inside the home networks (a private network
/// may be someone's home), or when this sensor is `inbound_only` and the address is inside the home
/// networks. Fires when the rule's measure exceeds the threshold. The finding has no source.ip (the
/// address is not the sender) and names the destination the spoofed packets went to most; the
/// claimed address is in the evidence (extra.spoofed_source) and keeps findings apart (one per claimed
/// address and victim).
class SpoofedSourceDetector final : public Detector {
 public:
  SpoofedSourceDetector(const rules::Rule& rule, TrafficClass traffic, bool inbound_only);
  std::size_t evaluate(const HostSample& host, Finding* out) const override;
  void describe(const HostSample& host, const Finding& finding, nlohmann::ordered_json& extra) const override;

  static constexpr const char* kConditions[] = {"bogons"};

 private:
  const bool inbound_only_;
  const bool bogons_;
};

}  // namespace vigil::detect
