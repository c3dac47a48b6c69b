// FindingText: wording per family of identifiers, with figures read from the events' evidence.
#include "notify/render/finding_text.h"

#include <fmt/format.h>

#include <utility>

namespace vigil::notify {
namespace {

bool startsWith(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// The service named after the dash: "amplification-dns" -> "DNS", "bruteforce-ssh" -> "SSH".
std::string serviceOf(const std::string& identifier) {
  const std::size_t dash = identifier.find('-');
  std::string s = dash == std::string::npos ? identifier : identifier.substr(dash + 1);
  for (char& c : s)
    c = char(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// A number from the latest event's extra, if it has it.
std::optional<double> evidence(const DigestItem& item, const char* key) {
  if (item.events.empty()) return std::nullopt;
  const auto& extra = item.events.back().event.extra;
  const auto found = extra.find(key);
  if (found == extra.end() || !found->is_number()) return std::nullopt;
  return found->get<double>();
}

std::string count(double n) {
  return fmt::format("{:.0f}", n);
}

}  // namespace

std::string humanRate(double value, const char* unit) {
  static constexpr std::pair<double, const char*> kScales[] = {{1e9, "G"}, {1e6, "M"}, {1e3, "k"}};
  for (const auto& [scale, prefix] : kScales) {
    if (value >= scale) return fmt::format("{:.1f} {}{}", value / scale, prefix, unit);
  }
  return fmt::format("{:.0f} {}", value, unit);
}

std::string findingFamily(const std::string& id) {
  if (startsWith(id, "scan-")) return "scanning";
  if (startsWith(id, "bruteforce-")) return serviceOf(id) + " brute force";
  if (startsWith(id, "amplification-")) return serviceOf(id) + " amplification";
  if (id == "syn-flood") return "SYN flood";
  if (id == "udp-flood") return "UDP flood";
  if (id == "icmp-flood") return "ICMP flood";
  if (id == "c2-contact") return "botnet C2 contact";
  if (id == "spam") return "spam";
  if (id == "spoofed-source") return "spoofed traffic";
  return id;
}

std::string describeFinding(const DigestItem& item) {
  const store::Incident& i = item.incident;
  const std::string& id = i.identifier;
  const bool victim = i.role == "destination";
  const auto pps = evidence(item, "pps");
  const auto bps = evidence(item, "bps");
  const std::string rate =
      pps ? " of " + humanRate(*pps, "packets/s") + (bps ? ", " + humanRate(*bps, "bit/s") : "") : std::string();
  if (startsWith(id, "scan-")) {
    const auto targets = evidence(item, "distinct_destinations");
    const auto ports = evidence(item, "distinct_ports");
    if (id == "scan-vertical" && ports) return "probed " + count(*ports) + " ports of one host";
    if (targets) {
      return "probed " + count(*targets) + " addresses" +
             (ports ? " on " + count(*ports) + (*ports == 1 ? " port" : " ports") : std::string());
    }
    return "scanned other hosts";
  }
  if (startsWith(id, "bruteforce-")) {
    const auto attempts = evidence(item, "connection_attempts");
    const auto targets = evidence(item, "distinct_destinations");
    return "tried to log in over " + serviceOf(id) + (attempts ? " " + count(*attempts) + " times" : std::string()) +
           (targets ? " on " + count(*targets) + " hosts" : std::string());
  }
  if (startsWith(id, "amplification-")) {
    return "answered spoofed " + serviceOf(id) + " queries, reflecting traffic" + rate +
           " towards the victims of a reflection/amplification attack";
  }
  if (id == "syn-flood" || id == "udp-flood" || id == "icmp-flood") {
    return std::string(victim ? "received " : "sent ") + "a " + findingFamily(id) + rate;
  }
  if (id == "c2-contact") return "contacted a known botnet command-and-control server";
  if (id == "spam") {
    const auto targets = evidence(item, "distinct_destinations");
    return "sent mail directly to " + (targets ? count(*targets) + " " : std::string()) + "mail servers";
  }
  if (id == "spoofed-source") return "appeared as the source of packets with forged addresses" + rate;
  return (victim ? "was the target of " : "showed ") + i.type + " activity (" + id + ")" + rate;
}

std::string adviseFinding(const store::Incident& incident) {
  const std::string& id = incident.identifier;
  const bool victim = incident.role == "destination";
  if (startsWith(id, "scan-"))
    return "Check the host for compromise (malware scans for new victims) or stop the scanning.";
  if (startsWith(id, "bruteforce-")) return "The host attacks the logins of other systems: check it for compromise.";
  if (startsWith(id, "amplification-")) {
    return "Close the " + serviceOf(id) + " service to the Internet or restrict it to your own customers.";
  }
  if (id == "syn-flood" || id == "udp-flood" || id == "icmp-flood") {
    return victim ? "The host is under attack: consider filtering upstream or a scrubbing service."
                  : "The host sends attack traffic: check it for a DDoS bot and rate-limit it.";
  }
  if (id == "c2-contact") return "The host is likely infected: isolate and clean it.";
  if (id == "spam") return "Check the host for a spam bot; block outgoing port 25 for end-user ranges.";
  if (id == "spoofed-source") return "Filter forged source addresses at your edge (BCP 38, uRPF).";
  return "Please investigate and take appropriate action.";
}

}  // namespace vigil::notify
