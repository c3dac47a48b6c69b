// CsvReport: RFC 4180 rows of IntelMQ fields.
#include "notify/render/csv_report.h"

#include "event/time_format.h"

namespace vigil::notify {
namespace {

std::string field(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string row(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i)
    out += (i ? "," : "") + field(fields[i]);
  return out + "\r\n";
}

std::string timeOf(uint64_t ns) {
  return ns == 0 ? std::string() : event::formatRfc3339(ns);
}

}  // namespace

std::string csvReport(const Digest& digest) {
  std::string out = row({"time.source", "time.observation", "event_id", "feed.name", "source.ip", "destination.ip",
                         "destination.port", "protocol.transport", "classification.taxonomy", "classification.type",
                         "classification.identifier", "severity", "tlp", "extra"});
  for (const DigestItem& item : digest.items) {
    const store::Incident& i = item.incident;
    if (item.events.empty()) {
      const bool victim = i.role == "destination";
      out += row({timeOf(uint64_t(i.first_seen_ms) * 1'000'000), "", "", "vigil", victim ? "" : i.host,
                  victim ? i.host : "", "", "", i.taxonomy, i.type, i.identifier, i.severity, i.tlp, "{}"});
      continue;
    }
    for (const store::StoredEvent& stored : item.events) {
      const event::Event& e = stored.event;
      out += row({timeOf(e.time_source_ns), timeOf(e.time_observation_ns), e.eventId(), e.sensor,
                  e.source_ip ? e.source_ip->toString() : "", e.destination_ip ? e.destination_ip->toString() : "",
                  e.destination_port ? std::to_string(*e.destination_port) : "", e.transport, e.taxonomy, e.type,
                  e.identifier, e.severity, e.tlp, e.extra.dump()});
    }
  }
  return out;
}

}  // namespace vigil::notify
