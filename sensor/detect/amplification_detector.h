// AmplificationDetector: reflected UDP floods — the victim, and the abused reflectors inside the home networks.
#pragma once

#include "detect/detector.h"

namespace vigil::detect {

/// The rule's match names the service by its source port (`source_ports: [53]`); its key is
/// destination (the victim). Two findings per service:
///  - victim (role 0, the rule's classification, e.g. availability/ddos): the responses it receives
///    from that port plus IP fragments (non-first fragments of large responses carry no port) exceed
///    the threshold, from at least min_reflectors (default 2) distinct hosts, with average size at least
///    min_response_bytes (default 0), while its own requests to that port stay below
///    max_request_ratio (default 0.1) of the responses: nobody asked for them;
///  - reflector (role 1, vulnerable/ddos-amplifier): a host inside the LISTED home networks (none are
///    reported when the rules file lists none: a reflector is only news to the network that runs it) that answers on that port at more
///    than reflector_pps (default 10) packets/s, sending at least min_amplification (default 2) times
///    the bytes it receives; the victim it sends most to is the destination.
/// flow::kServicePorts lists the amplification vectors first.
inline constexpr std::size_t kAmplificationServices = 7;

class AmplificationDetector final : public Detector {
 public:
  AmplificationDetector(const rules::Rule& rule, TrafficClass traffic);
  std::size_t evaluate(const HostSample& host, Finding* out) const override;
  void describe(const HostSample& host, const Finding& finding, nlohmann::ordered_json& extra) const override;
  const rules::Classification& classification(const Finding& f) const noexcept override;
  double minPackets(double min_seconds) const noexcept override;

  static constexpr const char* kConditions[] = {"min_reflectors", "min_response_bytes", "max_request_ratio",
                                                "reflector_pps", "min_amplification"};

 private:
  double responses(const flow::DirectionCounters& in) const noexcept;

  const int service_;
  const double min_reflectors_;
  const double min_response_bytes_;
  const double max_request_ratio_;
  const double reflector_pps_;
  const double min_amplification_;
  const rules::Classification reflector_{"vulnerable", "ddos-amplifier"};
};

}  // namespace vigil::detect
