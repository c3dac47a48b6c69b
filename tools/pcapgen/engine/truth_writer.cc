// Truth writer: assembling and writing the truth JSON from the config, counters and incidents.
#include "pcapgen/engine/truth_writer.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "pcapgen/engine/time_text.h"

namespace vigil::pcapgen {
namespace {

nlohmann::ordered_json countsJson(const CaptureCounts& c) {
  nlohmann::ordered_json j;
  j["ipv4"] = c.ipv4;
  j["ipv6"] = c.ipv6;
  j["tcp"] = c.tcp;
  j["udp"] = c.udp;
  j["icmp"] = c.icmp;
  j["icmpv6"] = c.icmpv6;
  j["vlan"] = c.vlan;
  j["fragments"] = c.fragments;
  j["later_fragments"] = c.later_fragments;
  j["tcp_syn"] = c.tcp_syn;
  j["tcp_synack"] = c.tcp_synack;
  j["tcp_rst"] = c.tcp_rst;
  j["tcp_fin"] = c.tcp_fin;
  j["non_ip"] = c.non_ip;
  return j;
}

}  // namespace

nlohmann::ordered_json truthJson(const Generator& generator, const RunSummary& run) {
  const GeneratorConfig& config = generator.config();
  const int digits = config.precision == TimestampPrecision::kNano ? 9 : 6;
  nlohmann::ordered_json truth;

  auto& g = truth["generator"];
  g["name"] = kGeneratorName;
  g["version"] = kGeneratorVersion;
  g["seed"] = config.seed;
  g["packets"] = config.packets;
  g["pps"] = config.pps;
  g["start"] = formatRfc3339(config.start_ns, digits);
  g["timestamps"] = digits == 9 ? "ns" : "us";
  g["frame_size"] = config.frame_size;
  g["background"] = config.background;
  g["ipv6_share"] = config.ipv6_share;
  g["vlan_share"] = config.vlan_share;
  g["incidents"] = config.incidents;

  auto& c = truth["capture"];
  c["packets"] = run.counts.packets;
  c["frame_bytes"] = run.counts.frame_bytes;
  c["wire_bytes"] = run.counts.wireBytes();
  c["first_ts"] = formatRfc3339(run.first_ts, digits);
  c["last_ts"] = formatRfc3339(run.last_ts, digits);
  c["first_ts_ns"] = run.first_ts;
  c["last_ts_ns"] = run.last_ts;
  c["link_type"] = "ethernet";
  c["counts"] = countsJson(run.counts);

  auto& incidents = truth["incidents"];
  incidents = nlohmann::ordered_json::array();
  for (const ScheduledIncident& s : generator.incidents()) {
    const IncidentTruth t = s.incident->truth();
    nlohmann::ordered_json j;
    j["kind"] = incidentKindName(s.spec.kind);
    j["benign"] = t.benign;
    j["attackers"] = t.attackers;
    j["victims"] = t.victims;
    if (!t.reflectors.empty()) j["reflectors"] = t.reflectors;
    j["start"] = formatRfc3339(s.first_ts, digits);
    j["end"] = formatRfc3339(s.last_ts, digits);
    j["start_ns"] = s.first_ts;
    j["end_ns"] = s.last_ts;
    j["packets"] = s.emitted;
    j["bytes"] = s.bytes;
    j["protocol"] = t.protocol;
    if (t.port >= 0) j["port"] = t.port;
    for (const auto& [key, value] : t.extra.items()) j[key] = value;
    j["rate"] = s.rate;
    j["truncated"] = s.emitted < s.incident->expectedPackets();
    j["spec"] = s.spec.text;
    incidents.push_back(std::move(j));
  }
  return truth;
}

common::Result<void> writeTruthFile(const std::string& path, const nlohmann::ordered_json& truth) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return common::fail("cannot create " + path + ": " + std::strerror(errno));
  out << truth.dump(2) << '\n';
  out.close();
  if (!out) return common::fail("cannot write " + path);
  return {};
}

std::string defaultTruthPath(const std::string& pcap_path) {
  constexpr std::string_view kExt = ".pcap";
  if (pcap_path.size() > kExt.size() && pcap_path.compare(pcap_path.size() - kExt.size(), kExt.size(), kExt) == 0) {
    return pcap_path.substr(0, pcap_path.size() - kExt.size()) + ".truth.json";
  }
  return pcap_path + ".truth.json";
}

}  // namespace vigil::pcapgen
