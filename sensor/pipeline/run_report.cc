// RunReport rendering with nlohmann::json (not on any hot path).
#include "pipeline/run_report.h"

#include <sys/resource.h>

#include <nlohmann/json.hpp>

namespace vigil::pipeline {
namespace {

nlohmann::json directionJson(const flow::DirectionCounters& d) {
  return {{"packets", d.packets}, {"bytes", d.bytes}, {"tcp", d.tcp},         {"syn", d.syn},
          {"syn_ack", d.syn_ack}, {"rst", d.rst},     {"fin", d.fin},         {"udp", d.udp},
          {"icmp", d.icmp},       {"fragments", d.fragments}};
}

nlohmann::json hostJson(const net::IpAddress& ip, const flow::HostWindow::Totals& t) {
  return {{"ip", ip.toString()},
          {"out", directionJson(t.window.out)},
          {"in", directionJson(t.window.in)},
          {"distinct_peers_out", t.window.peers_out.estimate()},
          {"distinct_peers_in", t.window.peers_in.estimate()},
          {"distinct_ports_out", t.window.ports_out.estimate()},
          {"distinct_ports_in", t.window.ports_in.estimate()}};
}

}  // namespace

std::size_t peakRssBytes() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return std::size_t(ru.ru_maxrss) * 1024;
}

std::string renderRunReport(const RunReportInput& in) {
  const EngineTotals& t = *in.totals;
  const TrafficStats& s = t.traffic;
  nlohmann::json errors = nlohmann::json::object();
  for (std::size_t i = 2; i < s.outcomes.size(); ++i) {
    if (s.outcomes[i] != 0) errors[std::string(decode::decodeStatusName(decode::DecodeStatus(i)))] = s.outcomes[i];
  }
  nlohmann::json j = {
      {"packets", s.packets},
      {"bytes", s.bytes},
      {"decode_errors", errors},
      {"events", in.events},
      {"rule_reloads", in.rule_reloads},
      {"rule_reload_failures", in.rule_reload_failures},
      {"seconds", in.seconds},
      {"pps", in.seconds > 0 ? double(s.packets) / in.seconds : 0.0},
      {"non_ip", s.outcomes[std::size_t(decode::DecodeStatus::kNonIp)]},
      {"truncated_records", t.source.truncated_records},
      {"counts",
       {{"ipv4", s.ipv4},
        {"ipv6", s.ipv6},
        {"tcp", s.tcp},
        {"udp", s.udp},
        {"icmp", s.icmp},
        {"icmpv6", s.icmpv6},
        {"other_ip", s.other_ip},
        {"vlan", s.vlan},
        {"mpls", s.mpls},
        {"tunnelled", s.tunnelled},
        {"fragments", s.fragments},
        {"later_fragments", s.later_fragments},
        {"tcp_syn", s.tcp_syn},
        {"tcp_synack", s.tcp_synack},
        {"tcp_rst", s.tcp_rst},
        {"tcp_fin", s.tcp_fin}}},
      {"ticks", t.ticks},
      {"host_evictions", t.host_evictions},
      {"flow_evictions", t.flow_evictions},
      {"window_evictions", t.window_evictions},
      {"sketch_pool_exhausted", {{"tick", t.tick_sketch_exhausted}, {"window", t.window_sketch_exhausted}}},
      {"sketch_blocks_reclaimed", t.window_sketch_reclaimed},
      {"aggregator_stalls", t.aggregator_stalls},
      {"dropped", {{"kernel", t.source.dropped_kernel}, {"nic", t.source.dropped_nic}}},
      {"memory_bytes", in.memory_bytes},
      {"max_rss_bytes", peakRssBytes()},
  };
  if (in.top_hosts > 0 && in.window != nullptr) {
    nlohmann::json hosts = nlohmann::json::array();
    for (const auto& [ip, packets] : in.window->topByPackets(in.top_hosts)) {
      flow::HostWindow::Totals totals;
      if (in.window->lookup(ip, totals)) hosts.push_back(hostJson(ip, totals));
    }
    j["top_hosts"] = std::move(hosts);
  }
  return j.dump();
}

}  // namespace vigil::pipeline
