// Schema: the migration list and its expansion per dialect.
#include "store/schema.h"

#include <array>
#include <utility>

namespace vigil::store {
namespace {

struct Step {
  std::string_view why;
  std::vector<std::string_view> statements;
};

// The logical schema. Text is TEXT in both dialects; times are Unix milliseconds (received_ms,
// *_seen_ms, ...) or nanoseconds of packet time (time_*_ns). Events reference incidents, so
// incidents come first. `type` is a non-reserved word in both dialects.
const std::vector<Step>& steps() {
  static const std::vector<Step> kSteps = {
      {"initial schema",
       {
           "CREATE TABLE sensors (name TEXT PRIMARY KEY NOT NULL, last_seq @INT NOT NULL, gaps @INT NOT NULL, "
           "duplicates @INT NOT NULL, events @INT NOT NULL, last_seen_ms @INT NOT NULL)",
           "CREATE TABLE incidents (id @ID, host TEXT NOT NULL, identifier TEXT NOT NULL, "
           "role TEXT NOT NULL CHECK (role IN ('source', 'destination')), taxonomy TEXT NOT NULL, "
           "type TEXT NOT NULL, severity TEXT NOT NULL, tlp TEXT NOT NULL, first_seen_ms @INT NOT NULL, "
           "last_seen_ms @INT NOT NULL, event_count @INT NOT NULL, peak_pps @REAL NOT NULL, "
           "peak_bps @REAL NOT NULL, sensors TEXT NOT NULL, organisation TEXT NOT NULL, contact TEXT NOT NULL, "
           "status TEXT NOT NULL CHECK (status IN ('new', 'notified', 'persisting', 'resolved', 'reopened')), "
           "inhibited @BOOL NOT NULL, inhibition TEXT NOT NULL, notified_ms @INT, ticket TEXT NOT NULL)",
           "CREATE INDEX incidents_key ON incidents (host, identifier, id)",
           "CREATE INDEX incidents_last_seen ON incidents (last_seen_ms, id)",
           "CREATE INDEX incidents_status ON incidents (status, last_seen_ms)",
           "CREATE TABLE events (id @ID, sensor TEXT NOT NULL, seq @INT NOT NULL, time_source_ns @INT NOT NULL, "
           "time_observation_ns @INT NOT NULL, taxonomy TEXT NOT NULL, type TEXT NOT NULL, "
           "identifier TEXT NOT NULL, source_ip TEXT, destination_ip TEXT, destination_port INTEGER, "
           "transport TEXT NOT NULL, rule_id TEXT NOT NULL, tlp TEXT NOT NULL, severity TEXT NOT NULL, "
           "status TEXT NOT NULL, extra TEXT NOT NULL, raw_json TEXT NOT NULL, received_ms @INT NOT NULL, "
           "incident_id @INT REFERENCES incidents (id), UNIQUE (sensor, seq))",
           "CREATE INDEX events_incident ON events (incident_id)",
           // eventsWithoutIncident walks only the events still to fold, however many are stored.
           "CREATE INDEX events_unattached ON events (id) WHERE incident_id IS NULL",
           "CREATE TABLE networks (id @ID, prefix TEXT NOT NULL, netname TEXT NOT NULL, "
           "org_handle TEXT NOT NULL, org_name TEXT NOT NULL, abuse_email TEXT NOT NULL)",
           "CREATE TABLE asns (id @ID, prefix TEXT NOT NULL, asn @INT NOT NULL)",
           "CREATE TABLE imports (kind TEXT PRIMARY KEY NOT NULL, source TEXT NOT NULL, "
           "imported_ms @INT NOT NULL, row_count @INT NOT NULL)",
       }},
      {"notifications, their incidents, the outbox and per-address delivery state",
       {
           // A ticket is this table's id with the day in front; numbers are never reused.
           "CREATE TABLE tickets (id @ID, created_ms @INT NOT NULL)",
           "CREATE TABLE notifications (id @ID, ticket TEXT NOT NULL UNIQUE, organisation TEXT NOT NULL, "
           "contact TEXT NOT NULL, format TEXT NOT NULL, tlp TEXT NOT NULL, created_ms @INT NOT NULL, "
           "status TEXT NOT NULL CHECK (status IN ('queued', 'held')), reason TEXT NOT NULL)",
           "CREATE TABLE notification_incidents (notification_id @INT NOT NULL REFERENCES notifications (id), "
           "incident_id @INT NOT NULL REFERENCES incidents (id), PRIMARY KEY (notification_id, incident_id))",
           "CREATE TABLE outbox (id @ID, notification_id @INT NOT NULL REFERENCES notifications (id), "
           "ticket TEXT NOT NULL, channel TEXT NOT NULL, recipient TEXT NOT NULL, payload TEXT NOT NULL, "
           "status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')), attempts @INT NOT NULL, "
           "next_attempt_ms @INT NOT NULL, last_error TEXT NOT NULL, created_ms @INT NOT NULL, done_ms @INT NOT NULL)",
           // dueOutbox walks only what is still pending, however much was delivered.
           "CREATE INDEX outbox_pending ON outbox (next_attempt_ms, id) WHERE status = 'pending'",
           "CREATE TABLE contact_state (email TEXT PRIMARY KEY NOT NULL, last_notified_ms @INT NOT NULL, "
           "permanent_failures @INT NOT NULL, disabled @BOOL NOT NULL)",
       }},
  };
  return kSteps;
}

void replaceAll(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

}  // namespace

int Schema::latestVersion() noexcept {
  return int(steps().size());
}

std::vector<std::string> Schema::migration(int version, Dialect dialect) {
  std::vector<std::string> out;
  if (version < 1 || version > latestVersion()) return out;
  const bool sqlite = dialect == Dialect::kSqlite;
  // SQLite's INTEGER PRIMARY KEY is the rowid: ids are never reused while the row exists, and
  // inserts append, which is all the store relies on.
  const std::array<std::pair<std::string_view, std::string_view>, 4> types = {{
      {"@ID", sqlite ? "INTEGER PRIMARY KEY" : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
      {"@INT", sqlite ? "INTEGER" : "BIGINT"},
      {"@REAL", sqlite ? "REAL" : "DOUBLE PRECISION"},
      {"@BOOL", sqlite ? "INTEGER" : "BOOLEAN"},
  }};
  for (std::string_view statement : steps()[std::size_t(version - 1)].statements) {
    std::string s(statement);
    for (const auto& [token, type] : types)
      replaceAll(s, token, type);
    out.push_back(std::move(s));
  }
  return out;
}

std::string_view Schema::createVersionTable() noexcept {
  return "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)";
}

common::Result<void> Schema::checkVersion(int found) {
  if (found < 0) return common::fail("database schema version " + std::to_string(found) + " is invalid");
  if (found > latestVersion()) {
    return common::fail("database schema version " + std::to_string(found) +
                        " is newer than this vigil-collector knows (" + std::to_string(latestVersion()) +
                        "); upgrade vigil-collector");
  }
  return {};
}

}  // namespace vigil::store
