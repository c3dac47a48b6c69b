// Incident and sensor listings: column layout and JSON keys.
#include "service/incident_listing.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "event/time_format.h"

namespace vigil::service {

std::string timeText(int64_t ms) {
  if (ms <= 0) return "-";
  std::string t = event::formatRfc3339(uint64_t(ms) * 1'000'000);
  // Seconds are precise enough for a listing: "2025-01-01T00:00:01Z".
  return t.substr(0, 19) + "Z";
}

std::string renderIncidents(const std::vector<store::Incident>& incidents, bool json) {
  std::string out;
  if (!json) {
    out += fmt::format("{:>6}  {:<10}  {:<39}  {:<22}  {:<20}  {:<20}  {:>6}  {:>10}  {}\n", "ID", "STATUS", "HOST",
                       "IDENTIFIER", "FIRST SEEN", "LAST SEEN", "EVENTS", "PEAK PPS", "ORGANISATION <CONTACT>");
  }
  for (const store::Incident& i : incidents) {
    if (json) {
      nlohmann::ordered_json j;
      j["id"] = i.id;
      j["status"] = std::string(store::incidentStatusName(i.status));
      j["host"] = i.host;
      j["role"] = i.role;
      j["classification.identifier"] = i.identifier;
      j["classification.taxonomy"] = i.taxonomy;
      j["classification.type"] = i.type;
      j["severity"] = i.severity;
      j["tlp"] = i.tlp;
      j["first_seen"] = timeText(i.first_seen_ms);
      j["last_seen"] = timeText(i.last_seen_ms);
      j["events"] = i.event_count;
      j["peak_pps"] = i.peak_pps;
      j["peak_bps"] = i.peak_bps;
      j["sensors"] = i.sensors;
      j["organisation"] = i.organisation;
      j["contact"] = i.contact;
      j["inhibited"] = i.inhibited;
      if (i.inhibited) j["inhibition"] = i.inhibition;
      if (!i.ticket.empty()) j["ticket"] = i.ticket;
      out += j.dump() + "\n";
      continue;
    }
    std::string who = i.organisation.empty() ? "-" : i.organisation;
    if (!i.contact.empty()) who += " <" + i.contact + ">";
    if (i.inhibited) who += " [inhibited: " + i.inhibition + "]";
    out +=
        fmt::format("{:>6}  {:<10}  {:<39}  {:<22}  {:<20}  {:<20}  {:>6}  {:>10.0f}  {}\n", i.id,
                    store::incidentStatusName(i.status), i.host + (i.role == "destination" ? " (victim)" : ""),
                    i.identifier, timeText(i.first_seen_ms), timeText(i.last_seen_ms), i.event_count, i.peak_pps, who);
  }
  return out;
}

std::string renderSensors(const std::vector<store::SensorStatus>& sensors, bool json) {
  std::string out;
  if (!json)
    out += fmt::format("{:<24}  {:>10}  {:>8}  {:>10}  {:>10}  {}\n", "SENSOR", "LAST SEQ", "GAPS", "DUPLICATES",
                       "EVENTS", "LAST SEEN");
  for (const store::SensorStatus& s : sensors) {
    if (json) {
      nlohmann::ordered_json j;
      j["sensor"] = s.name;
      j["last_seq"] = s.last_seq;
      j["gaps"] = s.gaps;
      j["duplicates"] = s.duplicates;
      j["events"] = s.events;
      j["last_seen"] = timeText(s.last_seen_ms);
      out += j.dump() + "\n";
    } else {
      out += fmt::format("{:<24}  {:>10}  {:>8}  {:>10}  {:>10}  {}\n", s.name, s.last_seq, s.gaps, s.duplicates,
                         s.events, timeText(s.last_seen_ms));
    }
  }
  return out;
}

}  // namespace vigil::service
