// SqlStore: statements and transactions behind every Store method, shared by both backends.
#include "store/sql_store.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include "store/record_codec.h"
#include "store/schema.h"

namespace vigil::store {
namespace {

// "$first, $first+1, ..." for `count` parameters.
std::string placeholders(int first, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    if (i != 0) out += ", ";
    out += "$" + std::to_string(first + i);
  }
  return out;
}

const std::string& insertEventSql() {
  static const std::string kSql = "INSERT INTO events (" + std::string(kEventInsertColumns) + ") VALUES (" +
                                  placeholders(1, kEventInsertCount) +
                                  ") ON CONFLICT (sensor, seq) DO NOTHING RETURNING id";
  return kSql;
}

// One statement, so concurrent intake threads of one sensor cannot lose an update. $1 name, $2 seq,
// $3 1 when the event was a duplicate else 0, $4 received_ms. A late event fills one of the counted
// gaps; gaps never go below 0 (an event older than the sensor's first one was never counted missing).
constexpr std::string_view kUpdateSensorSql =
    "INSERT INTO sensors (name, last_seq, gaps, duplicates, events, last_seen_ms) VALUES ($1, $2, 0, $3, 1 - $3, $4) "
    "ON CONFLICT (name) DO UPDATE SET "
    "gaps = CASE WHEN $3 = 1 THEN sensors.gaps "
    "WHEN $2 > sensors.last_seq THEN sensors.gaps + ($2 - sensors.last_seq - 1) "
    "WHEN sensors.gaps > 0 THEN sensors.gaps - 1 ELSE 0 END, "
    "last_seq = CASE WHEN $3 = 0 AND $2 > sensors.last_seq THEN $2 ELSE sensors.last_seq END, "
    "duplicates = sensors.duplicates + $3, events = sensors.events + 1 - $3, "
    "last_seen_ms = CASE WHEN $4 > sensors.last_seen_ms THEN $4 ELSE sensors.last_seen_ms END";

// `inhibited` is BOOLEAN in PostgreSQL, INTEGER in SQLite; "($N <> 0)" is right for both.
std::string incidentParameter(int index, int first) {
  const std::string p = "$" + std::to_string(first + index);
  return index == kIncidentInhibitedIndex ? "(" + p + " <> 0)" : p;
}

const std::string& insertIncidentSql() {
  static const std::string kSql = [] {
    std::string sql = "INSERT INTO incidents (" + std::string(kIncidentInsertColumns) + ") VALUES (";
    for (int i = 0; i < kIncidentInsertCount; ++i)
      sql += (i ? ", " : "") + incidentParameter(i, 1);
    return sql + ") RETURNING id";
  }();
  return kSql;
}

const std::string& updateIncidentSql() {
  static const std::string kSql = [] {
    std::string sql = "UPDATE incidents SET ";
    std::string_view columns = kIncidentInsertColumns;
    for (int i = 0; i < kIncidentInsertCount; ++i) {
      const std::size_t comma = columns.find(',');
      sql += (i ? ", " : "") + std::string(columns.substr(0, comma)) + " = " + incidentParameter(i, 1);
      columns = comma == std::string_view::npos ? std::string_view() : columns.substr(comma + 2);
    }
    return sql + " WHERE id = $" + std::to_string(kIncidentInsertCount + 1);
  }();
  return kSql;
}

const std::string& selectIncidentPrefix() {
  static const std::string kSql = "SELECT id, " + std::string(kIncidentInsertColumns) + " FROM incidents";
  return kSql;
}

std::string selectEventPrefix() {
  return "SELECT " + std::string(kEventSelectColumns) + " FROM events";
}

// Appends " LIMIT $N" when limit is set.
void addLimit(std::string& sql, std::vector<SqlValue>& params, std::size_t limit) {
  if (limit == 0) return;
  params.emplace_back(int64_t(std::min<std::size_t>(limit, std::size_t(INT64_MAX))));
  sql += " LIMIT $" + std::to_string(params.size());
}

}  // namespace

std::string_view SqlStore::statementHead(std::string_view sql) noexcept {
  std::size_t end = 0;
  for (int words = 0; words < 3 && end < sql.size(); ++words) {
    const std::size_t space = sql.find_first_of(" (", end);
    if (space == std::string_view::npos || sql[space] == '(') return sql.substr(0, space);
    end = space + 1;
  }
  return sql.substr(0, end == 0 ? 0 : end - 1);
}

common::Error SqlStore::prefixed(const std::string& message) const {
  return common::fail(std::string(errorPrefix()) + ": " + message);
}

common::Result<void> SqlStore::migrate() {
  return transaction(true, [&]() -> common::Result<void> {
    if (dialect_ == Dialect::kPostgres) {
      // Two collectors opening a new database at once must not both create the tables.
      if (auto r = run("SELECT pg_advisory_xact_lock(7741801)", {}, nullptr); !r) return common::fail(r.error());
    }
    if (auto r = run(Schema::createVersionTable(), {}, nullptr); !r) return common::fail(r.error());
    int64_t rows = 0;
    int64_t found = 0;
    const RowHandler read = [&](const SqlRow& row) -> common::Result<void> {
      rows = row.integer(0);
      found = row.isNull(1) ? 0 : row.integer(1);
      return {};
    };
    if (auto r = run("SELECT COUNT(*), MAX(version) FROM schema_version", {}, &read); !r) {
      return common::fail(r.error());
    }
    if (rows == 0) {
      if (auto r = run("INSERT INTO schema_version (version) VALUES (0)", {}, nullptr); !r) {
        return common::fail(r.error());
      }
    }
    if (found > INT32_MAX) found = INT32_MAX;
    if (auto ok = Schema::checkVersion(int(found)); !ok) return ok;
    for (int version = int(found) + 1; version <= Schema::latestVersion(); ++version) {
      for (const std::string& statement : Schema::migration(version, dialect_)) {
        if (auto r = run(statement, {}, nullptr); !r) {
          return common::fail("migration to schema version " + std::to_string(version) + ": " + r.error());
        }
      }
    }
    const SqlValue latest = int64_t(Schema::latestVersion());
    if (auto r = run("UPDATE schema_version SET version = $1", {&latest, 1}, nullptr); !r) {
      return common::fail(r.error());
    }
    return {};
  });
}

common::Result<std::vector<Store::Outcome>> SqlStore::insertEvents(std::span<const EventInsert> events,
                                                                   int64_t received_ms) {
  std::vector<std::vector<SqlValue>> rows;
  rows.reserve(events.size());
  for (const EventInsert& e : events) {
    auto values = eventValues(*e.event, e.raw_json, received_ms);
    if (!values) return prefixed(values.error());
    rows.push_back(std::move(*values));
  }
  return transaction(true, [&]() -> common::Result<std::vector<Outcome>> {
    std::vector<Outcome> outcomes;
    outcomes.reserve(events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
      bool stored = false;
      const RowHandler on_id = [&](const SqlRow&) -> common::Result<void> {
        stored = true;
        return {};
      };
      if (auto r = run(insertEventSql(), rows[i], &on_id); !r) return common::fail(r.error());
      const event::Event& event = *events[i].event;
      const std::array<SqlValue, 4> sensor = {event.sensor, int64_t(event.seq), int64_t(stored ? 0 : 1), received_ms};
      if (auto r = run(kUpdateSensorSql, sensor, nullptr); !r) return common::fail(r.error());
      outcomes.push_back(stored ? Outcome::kStored : Outcome::kDuplicate);
    }
    return outcomes;
  });
}

common::Result<std::vector<SensorStatus>> SqlStore::sensors() {
  return transaction(false, [&]() -> common::Result<std::vector<SensorStatus>> {
    std::vector<SensorStatus> out;
    const RowHandler read = [&](const SqlRow& row) -> common::Result<void> {
      out.push_back(readSensor(row));
      return {};
    };
    const std::string sql = "SELECT " + std::string(kSensorSelectColumns) + " FROM sensors ORDER BY name";
    if (auto r = run(sql, {}, &read); !r) return common::fail(r.error());
    return out;
  });
}

common::Result<std::vector<StoredEvent>> SqlStore::selectEvents(const std::string& sql,
                                                                std::span<const SqlValue> params) {
  std::vector<StoredEvent> out;
  const RowHandler read = [&](const SqlRow& row) -> common::Result<void> {
    auto event = readEvent(row);
    if (!event) return common::fail(event.error());
    out.push_back(std::move(*event));
    return {};
  };
  if (auto r = run(sql, params, &read); !r) return common::fail(r.error());
  return out;
}

common::Result<std::vector<StoredEvent>> SqlStore::eventsWithoutIncident(std::size_t limit) {
  return transaction(false, [&] {
    std::string sql = selectEventPrefix() + " WHERE incident_id IS NULL ORDER BY id";
    std::vector<SqlValue> params;
    addLimit(sql, params, limit);
    return selectEvents(sql, params);
  });
}

common::Result<std::vector<StoredEvent>> SqlStore::eventsOfIncident(int64_t incident_id, std::size_t limit) {
  return transaction(false, [&] {
    std::string sql = selectEventPrefix() + " WHERE incident_id = $1 ORDER BY id";
    std::vector<SqlValue> params = {incident_id};
    addLimit(sql, params, limit);
    return selectEvents(sql, params);
  });
}

common::Result<void> SqlStore::attach(int64_t incident_id, std::span<const int64_t> event_ids) {
  for (const int64_t id : event_ids) {
    const std::array<SqlValue, 2> params = {incident_id, id};
    auto changed = run("UPDATE events SET incident_id = $1 WHERE id = $2", params, nullptr);
    if (!changed) return common::fail(changed.error());
    if (*changed == 0) return common::fail("no event with id " + std::to_string(id));
  }
  return {};
}

common::Result<void> SqlStore::attachEvents(int64_t incident_id, std::span<const int64_t> event_ids) {
  return transaction(true, [&]() -> common::Result<void> {
    bool found = false;
    const RowHandler exists = [&](const SqlRow&) -> common::Result<void> {
      found = true;
      return {};
    };
    const SqlValue id = incident_id;
    if (auto r = run("SELECT id FROM incidents WHERE id = $1", {&id, 1}, &exists); !r) return common::fail(r.error());
    if (!found) return common::fail("no incident with id " + std::to_string(incident_id));
    return attach(incident_id, event_ids);
  });
}

common::Result<std::vector<Incident>> SqlStore::selectIncidents(const std::string& sql,
                                                                std::span<const SqlValue> params) {
  std::vector<Incident> out;
  const RowHandler read = [&](const SqlRow& row) -> common::Result<void> {
    auto incident = readIncident(row);
    if (!incident) return common::fail(incident.error());
    out.push_back(std::move(*incident));
    return {};
  };
  if (auto r = run(sql, params, &read); !r) return common::fail(r.error());
  return out;
}

common::Result<std::optional<Incident>> SqlStore::findIncident(std::string_view host, std::string_view identifier) {
  return transaction(false, [&]() -> common::Result<std::optional<Incident>> {
    const std::array<SqlValue, 2> params = {std::string(host), std::string(identifier)};
    auto found = selectIncidents(
        selectIncidentPrefix() + " WHERE host = $1 AND identifier = $2 ORDER BY id DESC LIMIT 1", params);
    if (!found) return common::fail(found.error());
    if (found->empty()) return std::optional<Incident>();
    return std::optional<Incident>(std::move(found->front()));
  });
}

common::Result<std::optional<Incident>> SqlStore::incident(int64_t id) {
  return transaction(false, [&]() -> common::Result<std::optional<Incident>> {
    const SqlValue param = id;
    auto found = selectIncidents(selectIncidentPrefix() + " WHERE id = $1", {&param, 1});
    if (!found) return common::fail(found.error());
    if (found->empty()) return std::optional<Incident>();
    return std::optional<Incident>(std::move(found->front()));
  });
}

common::Result<int64_t> SqlStore::writeIncident(const Incident& incident) {
  std::vector<SqlValue> values = incidentValues(incident);
  int64_t id = incident.id;
  if (id == 0) {
    const RowHandler read_id = [&](const SqlRow& row) -> common::Result<void> {
      id = row.integer(0);
      return {};
    };
    if (auto r = run(insertIncidentSql(), values, &read_id); !r) return common::fail(r.error());
    return id;
  }
  values.emplace_back(id);
  auto changed = run(updateIncidentSql(), values, nullptr);
  if (!changed) return common::fail(changed.error());
  if (*changed == 0) return common::fail("no incident with id " + std::to_string(id));
  return id;
}

common::Result<void> SqlStore::saveIncident(Incident& incident, std::span<const int64_t> event_ids) {
  int64_t id = 0;
  auto saved = transaction(true, [&]() -> common::Result<void> {
    auto written = writeIncident(incident);
    if (!written) return common::fail(written.error());
    id = *written;
    return attach(id, event_ids);
  });
  // Only a committed insert hands out its id: after a rollback the row does not exist.
  if (saved) incident.id = id;
  return saved;
}

common::Result<std::vector<Incident>> SqlStore::incidents(const IncidentFilter& filter) {
  return transaction(false, [&] {
    std::string sql = selectIncidentPrefix() + " WHERE 1 = 1";
    std::vector<SqlValue> params;
    const auto add = [&](std::string_view condition, SqlValue value) {
      params.push_back(std::move(value));
      sql += " AND " + std::string(condition) + " $" + std::to_string(params.size());
    };
    if (filter.since_ms) add("last_seen_ms >=", *filter.since_ms);
    if (filter.before_ms) add("last_seen_ms <", *filter.before_ms);
    if (filter.status) add("status =", std::string(incidentStatusName(*filter.status)));
    if (filter.host) add("host =", *filter.host);
    sql += " ORDER BY last_seen_ms DESC, id DESC";
    addLimit(sql, params, filter.limit);
    return selectIncidents(sql, params);
  });
}

common::Result<std::vector<Incident>> SqlStore::incidentsByStatus(std::span<const IncidentStatus> statuses,
                                                                  std::size_t limit) {
  if (statuses.empty()) return std::vector<Incident>();
  return transaction(false, [&] {
    std::vector<SqlValue> params;
    for (const IncidentStatus status : statuses)
      params.emplace_back(std::string(incidentStatusName(status)));
    std::string sql = selectIncidentPrefix() + " WHERE status IN (" + placeholders(1, int(statuses.size())) +
                      ") ORDER BY last_seen_ms, id";
    addLimit(sql, params, limit);
    return selectIncidents(sql, params);
  });
}

common::Result<void> SqlStore::replaceTable(const ImportInfo& info, std::string_view table, std::string_view columns,
                                            int column_count, std::size_t rows, const RowFiller& fill) {
  return transaction(true, [&]() -> common::Result<void> {
    // PostgreSQL's TRUNCATE is transactional and does not scan a million dead rows; SQLite's
    // unqualified DELETE is its own truncate.
    const std::string clear = (dialect_ == Dialect::kPostgres ? "TRUNCATE " : "DELETE FROM ") + std::string(table);
    if (auto r = run(clear, {}, nullptr); !r) return common::fail(r.error());
    if (auto r = bulkInsert(table, columns, column_count, rows, fill); !r) return r;
    const std::array<SqlValue, 4> record = {info.kind, info.source, info.imported_ms,
                                            int64_t(std::min<std::size_t>(rows, std::size_t(INT64_MAX)))};
    auto r = run("INSERT INTO imports (" + std::string(kImportColumns) +
                     ") VALUES ($1, $2, $3, $4) ON CONFLICT (kind) DO UPDATE SET source = excluded.source, "
                     "imported_ms = excluded.imported_ms, row_count = excluded.row_count",
                 record, nullptr);
    if (!r) return common::fail(r.error());
    return {};
  });
}

common::Result<void> SqlStore::replaceNetworks(const ImportInfo& info, std::span<const enrich::NetworkRecord> records) {
  if (info.kind != "ripe") return prefixed("networks must be imported as kind 'ripe', not '" + info.kind + "'");
  return replaceTable(info, "networks", kNetworkColumns, 5, records.size(),
                      [&](std::size_t i, std::vector<SqlValue>& out) { networkValues(records[i], out); });
}

common::Result<void> SqlStore::replaceAsns(const ImportInfo& info, std::span<const net::Pfx2AsEntry> entries) {
  if (info.kind != "pfx2as") return prefixed("AS data must be imported as kind 'pfx2as', not '" + info.kind + "'");
  return replaceTable(info, "asns", kAsnColumns, 2, entries.size(),
                      [&](std::size_t i, std::vector<SqlValue>& out) { asnValues(entries[i], out); });
}

common::Result<std::vector<enrich::NetworkRecord>> SqlStore::networks() {
  return transaction(false, [&]() -> common::Result<std::vector<enrich::NetworkRecord>> {
    std::vector<enrich::NetworkRecord> out;
    const RowHandler read = [&](const SqlRow& row) -> common::Result<void> {
      auto record = readNetwork(row);
      if (!record) return common::fail(record.error());
      out.push_back(std::move(*record));
      return {};
    };
    const std::string sql = "SELECT " + std::string(kNetworkColumns) + ", id FROM networks ORDER BY id";
    if (auto r = run(sql, {}, &read); !r) return common::fail(r.error());
    return out;
  });
}

common::Result<std::vector<net::Pfx2AsEntry>> SqlStore::asns() {
  return transaction(false, [&]() -> common::Result<std::vector<net::Pfx2AsEntry>> {
    std::vector<net::Pfx2AsEntry> out;
    const RowHandler read = [&](const SqlRow& row) -> common::Result<void> {
      auto entry = readAsn(row);
      if (!entry) return common::fail(entry.error());
      out.push_back(*entry);
      return {};
    };
    const std::string sql = "SELECT " + std::string(kAsnColumns) + ", id FROM asns ORDER BY id";
    if (auto r = run(sql, {}, &read); !r) return common::fail(r.error());
    return out;
  });
}

common::Result<std::vector<ImportInfo>> SqlStore::imports() {
  return transaction(false, [&]() -> common::Result<std::vector<ImportInfo>> {
    std::vector<ImportInfo> out;
    const RowHandler read = [&](const SqlRow& row) -> common::Result<void> {
      out.push_back(readImport(row));
      return {};
    };
    const std::string sql = "SELECT " + std::string(kImportColumns) + " FROM imports ORDER BY kind";
    if (auto r = run(sql, {}, &read); !r) return common::fail(r.error());
    return out;
  });
}

common::Result<int> SqlStore::schemaVersion() {
  return transaction(false, [&]() -> common::Result<int> {
    int64_t version = 0;
    const RowHandler read = [&](const SqlRow& row) -> common::Result<void> {
      version = row.isNull(0) ? 0 : row.integer(0);
      return {};
    };
    if (auto r = run("SELECT MAX(version) FROM schema_version", {}, &read); !r) return common::fail(r.error());
    return int(version);
  });
}

}  // namespace vigil::store
