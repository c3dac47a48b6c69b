// Record codec: how store records map to SQL columns and back, shared by the SQLite and PostgreSQL stores.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "enrich/network_record.h"
#include "event/event.h"
#include "net/pfx2as_file.h"
#include "store/records.h"
#include "store/sql_value.h"

namespace vigil::store {

/// Column lists, in the order the value builders produce and the readers expect. The *Select lists
/// start with id; the *Insert lists are the same without it.
inline constexpr std::string_view kEventInsertColumns =
    "sensor, seq, time_source_ns, time_observation_ns, taxonomy, type, identifier, source_ip, destination_ip, "
    "destination_port, transport, rule_id, tlp, severity, status, extra, raw_json, received_ms";
inline constexpr std::string_view kEventSelectColumns =
    "id, sensor, seq, time_source_ns, time_observation_ns, taxonomy, type, identifier, source_ip, destination_ip, "
    "destination_port, transport, rule_id, tlp, severity, status, extra, raw_json, received_ms, incident_id";
inline constexpr int kEventInsertCount = 18;

inline constexpr std::string_view kIncidentInsertColumns =
    "host, identifier, role, taxonomy, type, severity, tlp, first_seen_ms, last_seen_ms, event_count, peak_pps, "
    "peak_bps, sensors, organisation, contact, status, inhibited, inhibition, notified_ms, ticket";
inline constexpr int kIncidentInsertCount = 20;
inline constexpr int kIncidentInhibitedIndex = 16;  // 0-based position of `inhibited` in the insert list

inline constexpr std::string_view kSensorSelectColumns = "name, last_seq, gaps, duplicates, events, last_seen_ms";
inline constexpr std::string_view kNetworkColumns = "prefix, netname, org_handle, org_name, abuse_email";
inline constexpr std::string_view kAsnColumns = "prefix, asn";
inline constexpr std::string_view kImportColumns = "kind, source, imported_ms, row_count";

/// Values for kEventInsertColumns. Fails when seq or a time does not fit a signed 64-bit column.
common::Result<std::vector<SqlValue>> eventValues(const event::Event& event, std::string_view raw_json,
                                                  int64_t received_ms);
/// A row of kEventSelectColumns. Errors ("events row ID: bad source_ip 'x'") mean the database
/// holds something this code never writes.
common::Result<StoredEvent> readEvent(const SqlRow& row);

/// Values for kIncidentInsertColumns (inhibited as 0/1, sensors as a JSON array).
std::vector<SqlValue> incidentValues(const Incident& incident);
/// A row of "id, " + kIncidentInsertColumns.
common::Result<Incident> readIncident(const SqlRow& row);

SensorStatus readSensor(const SqlRow& row);

/// Values for kNetworkColumns / kAsnColumns into `out` (sized by the caller).
void networkValues(const enrich::NetworkRecord& record, std::vector<SqlValue>& out);
/// A row of kNetworkColumns + ", id" (the id names the row in errors).
common::Result<enrich::NetworkRecord> readNetwork(const SqlRow& row);
void asnValues(const net::Pfx2AsEntry& entry, std::vector<SqlValue>& out);
/// A row of kAsnColumns + ", id".
common::Result<net::Pfx2AsEntry> readAsn(const SqlRow& row);

ImportInfo readImport(const SqlRow& row);

}  // namespace vigil::store
