// IncidentFolder: the folding rules (times, counts, peaks, severity, TLP, sensors, status).
#include "incidents/incident_folder.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace vigil::incidents {
namespace {

int64_t toMs(uint64_t ns) {
  return int64_t(ns / 1'000'000);
}

double extraNumber(const event::Event& e, const char* key) {
  const auto it = e.extra.find(key);
  if (it == e.extra.end() || !it->is_number()) return 0;
  const double v = it->get<double>();
  return std::isfinite(v) && v > 0 ? v : 0;
}

void attribute(store::Incident& incident, const Attribution& who) {
  incident.organisation = who.organisation;
  incident.contact = who.contact;
  incident.inhibited = who.inhibition.has_value();
  incident.inhibition = who.inhibition.value_or("");
}

}  // namespace

std::optional<IncidentKey> incidentKeyOf(const event::Event& event) {
  if (event.source_ip) return IncidentKey{event.source_ip->toString(), "source"};
  if (event.destination_ip) return IncidentKey{event.destination_ip->toString(), "destination"};
  return std::nullopt;
}

int IncidentFolder::severityRank(std::string_view severity) noexcept {
  if (severity == "high") return 2;
  if (severity == "medium") return 1;
  return 0;
}

int IncidentFolder::tlpRank(std::string_view tlp) noexcept {
  constexpr std::array<std::string_view, 5> kOrder = {"TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT",
                                                      "TLP:RED"};
  for (std::size_t i = 0; i < kOrder.size(); ++i) {
    if (kOrder[i] == tlp) return int(i);
  }
  return 2;
}

store::Incident IncidentFolder::start(const store::StoredEvent& stored, const Attribution& who) {
  const event::Event& e = stored.event;
  store::Incident incident;
  const std::optional<IncidentKey> key = incidentKeyOf(e);
  if (key) {
    incident.host = key->host;
    incident.role = key->role;
  }
  incident.identifier = e.identifier;
  incident.taxonomy = e.taxonomy;
  incident.type = e.type;
  incident.severity = e.severity;
  incident.tlp = e.tlp;
  incident.first_seen_ms = toMs(e.time_source_ns);
  incident.last_seen_ms = toMs(std::max(e.time_observation_ns, e.time_source_ns));
  incident.event_count = 1;
  incident.peak_pps = extraNumber(e, "pps");
  incident.peak_bps = extraNumber(e, "bps");
  incident.sensors.insert(e.sensor);
  incident.status = store::IncidentStatus::kNew;
  attribute(incident, who);
  return incident;
}

void IncidentFolder::add(store::Incident& incident, const store::StoredEvent& stored, const Attribution& who) {
  const event::Event& e = stored.event;
  if (incident.status == store::IncidentStatus::kResolved) {
    incident.status = store::IncidentStatus::kReopened;
  } else if (incident.status == store::IncidentStatus::kNotified) {
    incident.status = store::IncidentStatus::kPersisting;
  }
  incident.first_seen_ms = std::min(incident.first_seen_ms, toMs(e.time_source_ns));
  incident.last_seen_ms = std::max(incident.last_seen_ms, toMs(std::max(e.time_observation_ns, e.time_source_ns)));
  ++incident.event_count;
  incident.peak_pps = std::max(incident.peak_pps, extraNumber(e, "pps"));
  incident.peak_bps = std::max(incident.peak_bps, extraNumber(e, "bps"));
  if (severityRank(e.severity) > severityRank(incident.severity)) incident.severity = e.severity;
  if (tlpRank(e.tlp) > tlpRank(incident.tlp)) incident.tlp = e.tlp;
  incident.sensors.insert(e.sensor);
  attribute(incident, who);
}

}  // namespace vigil::incidents
