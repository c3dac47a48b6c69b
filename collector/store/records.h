// Store records: the plain values the collector's store keeps (sensors, events, incidents, imports).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "event/event.h"

namespace vigil::store {

/// Per-sensor sequence accounting, kept by Store::insertEvent in the event's own transaction.
struct SensorStatus {
  std::string name;
  uint64_t last_seq = 0;     // highest seq stored so far
  uint64_t gaps = 0;         // seq numbers below last_seq still missing
  uint64_t duplicates = 0;   // events refused because (sensor, seq) was already stored
  uint64_t events = 0;       // events stored
  int64_t last_seen_ms = 0;  // latest received_ms of any event, duplicates included

  friend bool operator==(const SensorStatus&, const SensorStatus&) = default;
};

/// One stored event. id is the store's, increasing in insertion order.
struct StoredEvent {
  int64_t id = 0;
  event::Event event;
  std::string raw_json;  // the bytes as received, kept for forwarding and audit
  int64_t received_ms = 0;
  std::optional<int64_t> incident_id;

  friend bool operator==(const StoredEvent&, const StoredEvent&) = default;
};

/// Life cycle of an incident; the text names are what the database and the web view show.
enum class IncidentStatus { kNew, kNotified, kPersisting, kResolved, kReopened };

/// "new", "notified", "persisting", "resolved", "reopened".
std::string_view incidentStatusName(IncidentStatus status) noexcept;
/// Inverse of incidentStatusName; nullopt for any other text.
std::optional<IncidentStatus> parseIncidentStatus(std::string_view text) noexcept;

/// Findings about one host and one kind, folded together. The incidents module decides the values
/// (highest severity, most restrictive TLP, ...); the store keeps them as given.
struct Incident {
  int64_t id = 0;               // 0 until saved
  std::string host;             // IP text
  std::string identifier;       // classification.identifier, e.g. scan-horizontal
  std::string role = "source";  // "source" | "destination" (victim findings are keyed by destination)
  std::string taxonomy;
  std::string type;
  std::string severity;  // highest seen
  std::string tlp;       // most restrictive seen
  int64_t first_seen_ms = 0;
  int64_t last_seen_ms = 0;
  uint64_t event_count = 0;
  double peak_pps = 0;  // finite; non-finite values are stored as 0
  double peak_bps = 0;
  std::set<std::string> sensors;  // names of the sensors that reported it
  std::string organisation;
  std::string contact;
  IncidentStatus status = IncidentStatus::kNew;
  bool inhibited = false;
  std::string inhibition;  // why it is inhibited (rule or operator note)
  std::optional<int64_t> notified_ms;
  std::string ticket;  // incident-system reference, may be empty

  friend bool operator==(const Incident&, const Incident&) = default;
};

/// Which incidents Store::incidents returns; unset fields do not filter.
struct IncidentFilter {
  std::optional<int64_t> since_ms;   // last_seen_ms >= since_ms
  std::optional<int64_t> before_ms;  // last_seen_ms < before_ms (quiet incidents, for resolving)
  std::optional<IncidentStatus> status;
  std::optional<std::string> host;
  std::size_t limit = 0;  // 0 = no limit
};

/// One imported reference data set; rows is the number of records actually stored.
struct ImportInfo {
  std::string kind;    // "ripe" (networks) | "pfx2as" (asns)
  std::string source;  // the file it came from
  int64_t imported_ms = 0;
  uint64_t rows = 0;

  friend bool operator==(const ImportInfo&, const ImportInfo&) = default;
};

}  // namespace vigil::store
