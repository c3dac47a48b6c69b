// AmplificationDetector: responses without requests at the victim; large answers from home reflectors.
#include "detect/amplification_detector.h"

#include <algorithm>
#include <cmath>

namespace vigil::detect {

AmplificationDetector::AmplificationDetector(const rules::Rule& rule, TrafficClass traffic)
    : Detector(rule, traffic, /*host_is_source=*/false),
      service_(traffic.service()),
      min_reflectors_(rule.condition("min_reflectors", 2)),
      min_response_bytes_(rule.condition("min_response_bytes", 0)),
      max_request_ratio_(rule.condition("max_request_ratio", 0.1)),
      reflector_pps_(rule.condition("reflector_pps", 10)),
      min_amplification_(rule.condition("min_amplification", 2)) {}

double AmplificationDetector::responses(const flow::DirectionCounters& in) const noexcept {
  return double(in.service[service_]) + double(in.fragments);
}

std::size_t AmplificationDetector::evaluate(const HostSample& host, Finding* out) const {
  const flow::HostCounters& w = host.totals.window;
  const double seconds = host.seconds > 0 ? host.seconds : 1.0;
  std::size_t n = 0;

  // The victim: measured on what arrives from the service port (and fragments).
  const double answers = responses(w.in);
  // Fragments carry no port: they count towards the service only where it is the main vector, so one
  // attack does not light up every amplification rule. Most hosts get nothing from this service: they
  // are ruled out before the sum over all services.
  const auto mainVector = [&] {
    uint64_t all_services = 0;
    for (std::size_t i = 0; i < kAmplificationServices; ++i)
      all_services += w.in.service[i];
    return w.in.service[service_] * 2 >= all_services;
  };
  if (w.in.service[service_] > 0 && w.in.packets > 0 && mainVector()) {
    const double share = std::min(1.0, answers / double(w.in.packets));
    double value = 0;
    switch (rule().measure) {
      case rules::Measure::kBitsPerSecond:
        value = double(w.in.bytes) * share * 8.0 / seconds;
        break;
      case rules::Measure::kBytes:
        value = double(w.in.bytes) * share;
        break;
      case rules::Measure::kPackets:
        value = answers;
        break;
      case rules::Measure::kDistinctSources:
        value = double(host.totals.distinctEstimate(flow::HostWindow::kPeersIn));
        break;
      default:
        value = answers / seconds;
        break;
    }
    const double requests = w.out.service[service_];
    if (value > rule().threshold &&
        double(host.totals.distinctEstimate(flow::HostWindow::kPeersIn)) >= min_reflectors_ &&
        double(w.in.bytes) / double(w.in.packets) >= min_response_bytes_ && requests <= max_request_ratio_ * answers) {
      Finding& f = out[n++];
      f = Finding{};
      f.destination = host.ip;
      f.value = value;
      f.transport = "udp";
    }
  }

  // A home reflector: answers on its own service port, much larger than what it is asked.
  const double served = w.out.served[service_];
  if (host.listed_home && served / seconds > reflector_pps_ &&
      double(w.out.bytes) >= min_amplification_ * double(w.in.bytes)) {
    Finding& f = out[n++];
    f = Finding{};
    f.source = host.ip;
    const int top = w.top_out.top();
    if (top >= 0) f.destination = w.top_out.ip[top];
    f.value = served / seconds;
    f.transport = "udp";
    f.role = 1;
  }
  return n;
}

double AmplificationDetector::minPackets(double min_seconds) const noexcept {
  return std::min(Detector::minPackets(min_seconds), reflector_pps_ * min_seconds);
}

const rules::Classification& AmplificationDetector::classification(const Finding& f) const noexcept {
  return f.role == 1 ? reflector_ : rule().classification;
}

void AmplificationDetector::describe(const HostSample& host, const Finding& finding,
                                     nlohmann::ordered_json& extra) const {
  Detector::describe(host, finding, extra);
  const flow::HostCounters& w = host.totals.window;
  extra["service_port"] = flow::kServicePorts[service_];
  if (finding.role == 1) {
    extra["role"] = "reflector";
    extra["responses"] = w.out.served[service_];
    extra["requests"] = w.in.served[service_];
    extra["bytes_sent"] = w.out.bytes;
    extra["bytes_received"] = w.in.bytes;
  } else {
    extra["role"] = "victim";
    extra["responses"] = w.in.service[service_];
    extra["fragments"] = w.in.fragments;
    extra["requests"] = w.out.service[service_];
    extra["reflectors"] = host.totals.distinctEstimate(flow::HostWindow::kPeersIn);
  }
}

}  // namespace vigil::detect
