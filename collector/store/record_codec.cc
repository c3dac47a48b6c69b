// Record codec: column values for events, incidents and imported rows, and strict reading back.
#include "store/record_codec.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

namespace vigil::store {
namespace {

constexpr uint64_t kMaxColumn = uint64_t(std::numeric_limits<int64_t>::max());

SqlValue text(std::string_view s) {
  return SqlValue(std::string(s));
}
SqlValue integer(int64_t v) {
  return SqlValue(v);
}
// SQLite cannot keep NaN (it becomes NULL) and PostgreSQL spells infinities its own way; peak rates
// are measurements, so a non-finite one carries no information worth a special case.
SqlValue real(double v) {
  return SqlValue(std::isfinite(v) ? v : 0.0);
}

common::Error rowError(std::string_view table, int64_t id, const std::string& what) {
  return common::fail(std::string(table) + " row " + std::to_string(id) + ": " + what);
}

std::string quoted(std::string_view s) {
  return "'" + std::string(s.substr(0, 80)) + "'";
}

common::Result<std::optional<net::IpAddress>> readIp(const SqlRow& row, int column, int64_t id, std::string_view name) {
  if (row.isNull(column)) return std::optional<net::IpAddress>();
  const auto ip = net::IpAddress::parse(row.text(column));
  if (!ip) return rowError("events", id, "bad " + std::string(name) + " " + quoted(row.text(column)));
  return std::optional<net::IpAddress>(*ip);
}

common::Result<net::Prefix> readPrefix(const SqlRow& row, std::string_view table, int64_t index) {
  const auto prefix = net::Prefix::parse(row.text(0));
  if (!prefix) return rowError(table, index, "bad prefix " + quoted(row.text(0)));
  return *prefix;
}

}  // namespace

common::Result<std::vector<SqlValue>> eventValues(const event::Event& e, std::string_view raw_json,
                                                  int64_t received_ms) {
  if (e.seq > kMaxColumn) return common::fail("event " + e.eventId() + ": seq does not fit a 64-bit signed column");
  if (e.time_source_ns > kMaxColumn || e.time_observation_ns > kMaxColumn) {
    return common::fail("event " + e.eventId() + ": time after the year 2262 cannot be stored");
  }
  std::vector<SqlValue> v;
  v.reserve(kEventInsertCount);
  v.push_back(text(e.sensor));
  v.push_back(integer(int64_t(e.seq)));
  v.push_back(integer(int64_t(e.time_source_ns)));
  v.push_back(integer(int64_t(e.time_observation_ns)));
  v.push_back(text(e.taxonomy));
  v.push_back(text(e.type));
  v.push_back(text(e.identifier));
  v.push_back(e.source_ip ? text(e.source_ip->toString()) : SqlValue());
  v.push_back(e.destination_ip ? text(e.destination_ip->toString()) : SqlValue());
  v.push_back(e.destination_port ? integer(*e.destination_port) : SqlValue());
  v.push_back(text(e.transport));
  v.push_back(text(e.rule_id));
  v.push_back(text(e.tlp));
  v.push_back(text(e.severity));
  v.push_back(text(e.status));
  v.push_back(text(e.extra.dump()));
  v.push_back(text(raw_json));
  v.push_back(integer(received_ms));
  return v;
}

common::Result<StoredEvent> readEvent(const SqlRow& row) {
  StoredEvent out;
  out.id = row.integer(0);
  event::Event& e = out.event;
  e.sensor = std::string(row.text(1));
  e.seq = uint64_t(row.integer(2));
  e.time_source_ns = uint64_t(row.integer(3));
  e.time_observation_ns = uint64_t(row.integer(4));
  e.taxonomy = std::string(row.text(5));
  e.type = std::string(row.text(6));
  e.identifier = std::string(row.text(7));
  auto source = readIp(row, 8, out.id, "source_ip");
  if (!source) return common::fail(source.error());
  e.source_ip = *source;
  auto destination = readIp(row, 9, out.id, "destination_ip");
  if (!destination) return common::fail(destination.error());
  e.destination_ip = *destination;
  if (!row.isNull(10)) {
    const int64_t port = row.integer(10);
    if (port < 0 || port > 65535) return rowError("events", out.id, "bad destination_port " + std::to_string(port));
    e.destination_port = uint16_t(port);
  }
  e.transport = std::string(row.text(11));
  e.rule_id = std::string(row.text(12));
  e.tlp = std::string(row.text(13));
  e.severity = std::string(row.text(14));
  e.status = std::string(row.text(15));
  const std::string_view extra = row.text(16);
  e.extra = nlohmann::ordered_json::parse(extra.begin(), extra.end(), nullptr, /*allow_exceptions=*/false);
  if (e.extra.is_discarded()) return rowError("events", out.id, "extra is not JSON");
  out.raw_json = std::string(row.text(17));
  out.received_ms = row.integer(18);
  if (!row.isNull(19)) out.incident_id = row.integer(19);
  return out;
}

std::vector<SqlValue> incidentValues(const Incident& i) {
  nlohmann::json sensors = nlohmann::json::array();
  for (const std::string& name : i.sensors)
    sensors.push_back(name);
  std::vector<SqlValue> v;
  v.reserve(kIncidentInsertCount);
  v.push_back(text(i.host));
  v.push_back(text(i.identifier));
  v.push_back(text(i.role));
  v.push_back(text(i.taxonomy));
  v.push_back(text(i.type));
  v.push_back(text(i.severity));
  v.push_back(text(i.tlp));
  v.push_back(integer(i.first_seen_ms));
  v.push_back(integer(i.last_seen_ms));
  v.push_back(integer(int64_t(std::min<uint64_t>(i.event_count, kMaxColumn))));
  v.push_back(real(i.peak_pps));
  v.push_back(real(i.peak_bps));
  v.push_back(text(sensors.dump()));
  v.push_back(text(i.organisation));
  v.push_back(text(i.contact));
  v.push_back(text(incidentStatusName(i.status)));
  v.push_back(integer(i.inhibited ? 1 : 0));
  v.push_back(text(i.inhibition));
  v.push_back(i.notified_ms ? integer(*i.notified_ms) : SqlValue());
  v.push_back(text(i.ticket));
  return v;
}

common::Result<Incident> readIncident(const SqlRow& row) {
  Incident i;
  i.id = row.integer(0);
  i.host = std::string(row.text(1));
  i.identifier = std::string(row.text(2));
  i.role = std::string(row.text(3));
  i.taxonomy = std::string(row.text(4));
  i.type = std::string(row.text(5));
  i.severity = std::string(row.text(6));
  i.tlp = std::string(row.text(7));
  i.first_seen_ms = row.integer(8);
  i.last_seen_ms = row.integer(9);
  i.event_count = uint64_t(row.integer(10));
  i.peak_pps = row.real(11);
  i.peak_bps = row.real(12);
  const std::string_view sensors_text = row.text(13);
  const nlohmann::json sensors =
      nlohmann::json::parse(sensors_text.begin(), sensors_text.end(), nullptr, /*allow_exceptions=*/false);
  if (!sensors.is_array()) return rowError("incidents", i.id, "sensors is not a JSON array");
  for (const nlohmann::json& name : sensors) {
    if (!name.is_string()) return rowError("incidents", i.id, "sensors holds a non-string");
    i.sensors.insert(name.get<std::string>());
  }
  i.organisation = std::string(row.text(14));
  i.contact = std::string(row.text(15));
  const auto status = parseIncidentStatus(row.text(16));
  if (!status) return rowError("incidents", i.id, "unknown status " + quoted(row.text(16)));
  i.status = *status;
  i.inhibited = row.integer(17) != 0;
  i.inhibition = std::string(row.text(18));
  if (!row.isNull(19)) i.notified_ms = row.integer(19);
  i.ticket = std::string(row.text(20));
  return i;
}

SensorStatus readSensor(const SqlRow& row) {
  SensorStatus s;
  s.name = std::string(row.text(0));
  s.last_seq = uint64_t(row.integer(1));
  s.gaps = uint64_t(row.integer(2));
  s.duplicates = uint64_t(row.integer(3));
  s.events = uint64_t(row.integer(4));
  s.last_seen_ms = row.integer(5);
  return s;
}

void networkValues(const enrich::NetworkRecord& r, std::vector<SqlValue>& out) {
  out[0] = r.prefix.toString();
  out[1] = r.netname;
  out[2] = r.org_handle;
  out[3] = r.org_name;
  out[4] = r.abuse_email;
}

common::Result<enrich::NetworkRecord> readNetwork(const SqlRow& row) {
  enrich::NetworkRecord r;
  auto prefix = readPrefix(row, "networks", row.integer(5));
  if (!prefix) return common::fail(prefix.error());
  r.prefix = *prefix;
  r.netname = std::string(row.text(1));
  r.org_handle = std::string(row.text(2));
  r.org_name = std::string(row.text(3));
  r.abuse_email = std::string(row.text(4));
  return r;
}

void asnValues(const net::Pfx2AsEntry& entry, std::vector<SqlValue>& out) {
  out[0] = entry.prefix.toString();
  out[1] = int64_t(entry.asn);
}

common::Result<net::Pfx2AsEntry> readAsn(const SqlRow& row) {
  auto prefix = readPrefix(row, "asns", row.integer(2));
  if (!prefix) return common::fail(prefix.error());
  const int64_t asn = row.integer(1);
  if (asn < 0 || asn > int64_t(std::numeric_limits<uint32_t>::max())) {
    return rowError("asns", row.integer(2), "bad asn " + std::to_string(asn));
  }
  return net::Pfx2AsEntry{*prefix, uint32_t(asn)};
}

ImportInfo readImport(const SqlRow& row) {
  ImportInfo info;
  info.kind = std::string(row.text(0));
  info.source = std::string(row.text(1));
  info.imported_ms = row.integer(2);
  info.rows = uint64_t(row.integer(3));
  return info;
}

}  // namespace vigil::store
