// Explanation sentences built from a rule's parts: who is reported, what traffic, measure, labels, pacing.
#include "rules/explain.h"

#include <bitset>
#include <cstdint>
#include <vector>

#include "rules/duration.h"
#include "rules/yaml_errors.h"

namespace vigil::rules {
namespace {

constexpr std::size_t kMaxListedPrefixes = 20;

std::string seconds(uint32_t value) {
  return std::to_string(value) + " s";
}

std::string plural(std::size_t count, std::string_view one, std::string_view many) {
  return std::to_string(count) + " " + std::string(count == 1 ? one : many);
}

// "TCP SYNs (SYN set, ACK unset) to port 22 of at least 60 bytes"
std::string trafficPhrase(const Match& match) {
  std::string out;
  switch (match.protocol) {
    case Protocol::kTcp:
      out = std::bitset<8>(match.flags_set).count() == 1 ? "TCP " + tcpFlagList(match.flags_set, "") + "s"
                                                         : std::string("TCP packets");
      break;
    case Protocol::kUdp:
      out = "UDP packets";
      break;
    case Protocol::kIcmp:
      out = "ICMP packets";
      break;
    case Protocol::kAny:
      out = "packets";
      break;
  }
  if ((match.flags_set | match.flags_unset) != 0) {
    std::vector<std::string> parts;
    if (match.flags_set != 0) parts.push_back(tcpFlagList(match.flags_set, "+") + " set");
    if (match.flags_unset != 0) parts.push_back(tcpFlagList(match.flags_unset, "+") + " unset");
    out += " (" + parts.front() + (parts.size() > 1 ? ", " + parts.back() : "") + ")";
  }
  if (!match.ports.empty()) {
    out += (match.ports.size() == 1 && match.ports[0].first == match.ports[0].second ? " to port " : " to ports ") +
           formatPortRanges(match.ports);
  }
  if (!match.source_ports.empty()) {
    const bool single = match.source_ports.size() == 1 && match.source_ports[0].first == match.source_ports[0].second;
    out += (single ? " from port " : " from ports ") + formatPortRanges(match.source_ports);
  }
  if (match.icmp_types.any()) {
    std::string types;
    for (std::size_t type = 0; type < match.icmp_types.size(); ++type) {
      if (!match.icmp_types.test(type)) continue;
      if (!types.empty()) types += ", ";
      types += std::to_string(type);
    }
    out += (match.icmp_types.count() == 1 ? " of ICMP type " : " of ICMP types ") + types;
  }
  if (match.size_min > 0 && match.size_max != kNoSizeLimit) {
    out += " of " + std::to_string(match.size_min) + "-" + std::to_string(match.size_max) + " bytes";
  } else if (match.size_min > 0) {
    out += " of at least " + std::to_string(match.size_min) + " bytes";
  } else if (match.size_max != kNoSizeLimit) {
    out += " of at most " + std::to_string(match.size_max) + " bytes";
  }
  if (match.fragments == FragmentMode::kExclude) out += " (fragments excluded)";
  if (match.fragments == FragmentMode::kOnly) out += " (fragments only)";
  if (match.payload_prefix_len > 0) {
    std::string banner = quoteText(match.payloadPrefix());
    banner.front() = banner.back() = '"';
    out += " whose first payload starts with " + banner;
  }
  return out;
}

// "report a source that sends <traffic>"
std::string subjectPhrase(KeyKind key, const std::string& traffic) {
  switch (key) {
    case KeyKind::kSource:
      return "report a source that sends " + traffic;
    case KeyKind::kDestination:
      return "report a destination that receives " + traffic;
    case KeyKind::kSourceDestination:
      return "report a source and destination pair where the source sends " + traffic;
    case KeyKind::kSourceDestinationPort:
      return "report a source, destination and port where the source sends " + traffic;
  }
  return "report " + traffic;
}

// "to more than 256 distinct hosts within 60 s"
std::string measurePhrase(const Rule& rule) {
  const std::string threshold = formatNumber(rule.threshold);
  const std::string within = " within " + seconds(rule.window_s);
  const std::string averaged = " averaged over " + seconds(rule.window_s);
  switch (rule.measure) {
    case Measure::kPacketsPerSecond:
      return "at more than " + threshold + " packets per second" + averaged;
    case Measure::kBitsPerSecond:
      return "at more than " + threshold + " bits per second" + averaged;
    case Measure::kFlowsPerSecond:
      return "at more than " + threshold + " new flows per second" + averaged;
    case Measure::kDistinctDestinations:
      return "to more than " + threshold + " distinct hosts" + within;
    case Measure::kDistinctSources:
      return "from more than " + threshold + " distinct sources" + within;
    case Measure::kDistinctPorts:
      return "to more than " + threshold + " distinct ports" + within;
    case Measure::kConnectionAttempts:
      return "in more than " + threshold + " connection attempts" + within;
    case Measure::kShortConnections:
      return "in more than " + threshold + " short connections" + within;
    case Measure::kFailedConnections:
      return "in more than " + threshold + " failed connections" + within;
    case Measure::kPackets:
      return "in more than " + threshold + " packets" + within;
    case Measure::kBytes:
      return "in more than " + threshold + " bytes" + within;
  }
  return "over " + threshold + within;
}

std::string labelPhrase(const Classification& classification, std::string_view identifier, Severity severity, Tlp tlp) {
  return "as " + classification.taxonomy + "/" + classification.type + " (identifier " + std::string(identifier) +
         ", severity " + std::string(severityName(severity)) + ", " + std::string(tlpName(tlp)) + ")";
}

void appendPrefixes(std::string& out, const std::vector<net::Prefix>& prefixes) {
  for (std::size_t i = 0; i < prefixes.size() && i < kMaxListedPrefixes; ++i) {
    out += i == 0 ? ": " : ", ";
    out += prefixes[i].toString();
  }
  if (prefixes.size() > kMaxListedPrefixes) {
    out += ", ... and " + std::to_string(prefixes.size() - kMaxListedPrefixes) + " more";
  }
}

}  // namespace

std::string explainRule(const Rule& rule) {
  std::string out = rule.id + (rule.enabled ? ": " : " (disabled): ");
  out += subjectPhrase(rule.key, trafficPhrase(rule.match)) + " " + measurePhrase(rule) + " ";
  out += labelPhrase(rule.classification, rule.identifier, rule.severity, rule.tlp);
  if (rule.min_duration_s > 0) out += " once it has lasted " + seconds(rule.min_duration_s);
  out += "; at most one update every " + seconds(rule.cooldown_s) + " while it lasts.";
  if (!rule.conditions.empty()) {
    out += " Conditions:";
    for (std::size_t i = 0; i < rule.conditions.size(); ++i) {
      out += (i == 0 ? " " : ", ") + rule.conditions[i].first + " " + formatNumber(rule.conditions[i].second);
    }
    out += ".";
  }
  if (!rule.description.empty()) out += " " + rule.description;
  return out;
}

std::string explainBlocklist(const Blocklist& blocklist) {
  return blocklist.name + ": report a host that exchanges traffic with one of the " +
         plural(blocklist.entries, "entry", "entries") + " of " + blocklist.file + " " +
         labelPhrase(blocklist.classification, blocklist.identifier, blocklist.severity, blocklist.tlp) + ".";
}

std::string summarizeRuleSet(const RuleSet& rules) {
  std::string out = plural(rules.rules().size(), "rule", "rules") + " (" + std::to_string(rules.disabledRuleCount()) +
                    " disabled), " + plural(rules.blocklists().size(), "blocklist", "blocklists") + " with " +
                    plural(rules.blocklistEntryCount(), "entry", "entries") + ", ";
  out += rules.homeIsEverything() ? std::string("every address is home")
                                  : plural(rules.homePrefixes().size(), "home prefix", "home prefixes");
  return out;
}

std::string explainRuleSet(const RuleSet& rules) {
  std::string out;
  for (const Rule& rule : rules.rules())
    out += explainRule(rule) + "\n\n";
  if (rules.rules().empty()) out += "No rules: only blocklists are checked.\n\n";
  for (const Blocklist& blocklist : rules.blocklists())
    out += "Blocklist " + explainBlocklist(blocklist) + "\n";
  if (rules.homeIsEverything()) {
    out += "Home networks: every address (no home_networks given)\n";
  } else {
    out += "Home networks: " + plural(rules.homePrefixes().size(), "prefix", "prefixes");
    appendPrefixes(out, rules.homePrefixes());
    out += "\n";
  }
  out += "Allowlist: " + plural(rules.allowlistPrefixes().size(), "prefix", "prefixes");
  appendPrefixes(out, rules.allowlistPrefixes());
  out += "\n";
  for (const auto& [id, sensor] : rules.sensors()) {
    out += "Sensor " + id + ": home networks ";
    out += sensor.home.has_value() ? plural(sensor.home->prefixCount(), "prefix", "prefixes") : "as above";
    out += sensor.inbound_only ? ", inbound only (a home source seen here is spoofed)\n" : "\n";
  }
  out += "Files:";
  for (const std::string& file : rules.files())
    out += " " + file;
  out += "\n";
  return out;
}

}  // namespace vigil::rules
