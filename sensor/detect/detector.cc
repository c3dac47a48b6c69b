// Detector: the measures every kind shares and the common evidence of an event.
#include "detect/detector.h"

#include <algorithm>
#include <cmath>

namespace vigil::detect {
namespace {

/// Evidence numbers are rounded to 3 decimals so events stay short and byte-identical across runs.
double round3(double v) {
  return std::round(v * 1000.0) / 1000.0;
}

void addTopPeers(const flow::TopPeers& top, nlohmann::ordered_json& out) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  const int first = top.top();
  if (first >= 0) {
    for (int i : {first, 1 - first}) {
      if (top.count[i] == 0) continue;
      list.push_back({{"ip", top.ip[i].toString()}, {"packets", top.count[i]}});
    }
  }
  out = std::move(list);
}

}  // namespace

double Detector::share(const HostSample& host) const noexcept {
  const flow::DirectionCounters& d = side(host);
  return d.packets == 0 ? 0.0 : double(traffic_.count(d)) / double(d.packets);
}

double Detector::measure(const HostSample& host) const noexcept {
  const flow::DirectionCounters& d = side(host);
  const flow::ConnectionCounters& c = connections(host);
  const double seconds = host.seconds > 0 ? host.seconds : 1.0;
  // Worked out only for the measures that use them: every rule's measure is taken for every host that
  // passes its volume bound, every tick, and most measures are a count read as it is.
  const auto matched = [&] { return double(traffic_.count(d)); };
  // Bytes are kept per direction, not per class: a class's bytes are estimated by its packet share.
  const auto bytes = [&] {
    return d.packets == 0 ? 0.0 : double(d.bytes) * std::min(1.0, matched() / double(d.packets));
  };
  switch (rule_.measure) {
    case rules::Measure::kPacketsPerSecond:
      return matched() / seconds;
    case rules::Measure::kBitsPerSecond:
      return bytes() * 8.0 / seconds;
    case rules::Measure::kFlowsPerSecond:
      return double(c.flows) / seconds;
    case rules::Measure::kDistinctDestinations:
      return double(host.totals.distinctEstimate(flow::HostWindow::kPeersOut));
    case rules::Measure::kDistinctSources:
      return double(host.totals.distinctEstimate(flow::HostWindow::kPeersIn));
    case rules::Measure::kDistinctPorts:
      return double(host_is_source_ ? host.totals.distinctEstimate(flow::HostWindow::kPortsOut)
                                    : host.totals.distinctEstimate(flow::HostWindow::kPortsIn));
    case rules::Measure::kConnectionAttempts:
      return double(c.attempts);
    case rules::Measure::kShortConnections:
      return double(c.short_lived);
    case rules::Measure::kFailedConnections:
      return double(c.refused) + double(c.unanswered);
    case rules::Measure::kPackets:
      return matched();
    case rules::Measure::kBytes:
      return bytes();
  }
  return 0;
}

double Detector::minPackets(double min_seconds) const noexcept {
  constexpr double kLargestFrame = 65535;  // bytes: a bound for any link, jumbo frames included
  const double t = rule_.threshold;
  switch (rule_.measure) {
    case rules::Measure::kPacketsPerSecond:
    case rules::Measure::kFlowsPerSecond:
      return t * min_seconds;
    case rules::Measure::kBitsPerSecond:
      return t * min_seconds / (8 * kLargestFrame);
    case rules::Measure::kBytes:
      return t / kLargestFrame;
    default:
      return t;  // every counted item (packet, peer, port, connection) took at least one packet
  }
}

std::optional<net::IpAddress> Detector::dominantPeer(const HostSample& host, double min_share) const noexcept {
  const flow::TopPeers& top = host_is_source_ ? host.totals.window.top_out : host.totals.window.top_in;
  const int i = top.top();
  const uint64_t packets = side(host).packets;
  if (i < 0 || packets == 0 || double(top.count[i]) < min_share * double(packets)) return std::nullopt;
  return top.ip[i];
}

void Detector::describe(const HostSample& host, const Finding& finding, nlohmann::ordered_json& extra) const {
  const flow::HostCounters& w = host.totals.window;
  const flow::DirectionCounters& d = side(host);
  const flow::ConnectionCounters& c = connections(host);
  const double seconds = host.seconds > 0 ? host.seconds : 1.0;
  extra["measure"] = rules::measureName(rule_.measure);
  extra["value"] = round3(finding.value);
  extra["threshold"] = round3(rule_.threshold);
  extra["window_seconds"] = round3(seconds);
  extra["direction"] = host_is_source_ ? "sent" : "received";
  extra["packets"] = d.packets;
  extra["bytes"] = d.bytes;
  extra["pps"] = round3(double(d.packets) / seconds);
  extra["bps"] = round3(double(d.bytes) * 8.0 / seconds);
  extra["matched"] = traffic_.describe();
  extra["matched_packets"] = traffic_.count(d);
  extra["distinct_destinations"] = host.totals.distinctEstimate(flow::HostWindow::kPeersOut);
  extra["distinct_sources"] = host.totals.distinctEstimate(flow::HostWindow::kPeersIn);
  extra["distinct_ports"] = host_is_source_ ? host.totals.distinctEstimate(flow::HostWindow::kPortsOut)
                                            : host.totals.distinctEstimate(flow::HostWindow::kPortsIn);
  extra["connection_attempts"] = c.attempts;
  extra["connections_completed"] = c.completed;
  extra["connections_short"] = c.short_lived;
  extra["connections_failed"] = c.refused + c.unanswered;
  addTopPeers(host_is_source_ ? w.top_out : w.top_in, extra["top_peers"]);
}

}  // namespace vigil::detect
