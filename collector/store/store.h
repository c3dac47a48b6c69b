// Store: the collector's database seam (events, sensors, incidents, imported network data), SQLite or PostgreSQL.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "enrich/network_record.h"
#include "event/event.h"
#include "net/pfx2as_file.h"
#include "store/notification_records.h"
#include "store/records.h"

namespace vigil::store {

/// One open database connection. Not thread-safe: each thread that needs the database opens its
/// own Store (several Stores on one database are fine; writers are serialised by the database).
/// Every method is exactly one transaction: it commits entirely or not at all, so a caller may ack
/// a sensor as soon as insertEvent returns (SQLite runs with synchronous=FULL; PostgreSQL commits
/// durably unless the server is configured otherwise). Methods block on disk or network I/O; costs
/// are one round trip per call except where noted. Errors are one line, "sqlite:PATH: ..." or
/// "postgresql: ...", and leave the Store usable (the transaction is rolled back).
class Store {
 public:
  enum class Outcome { kStored, kDuplicate };

  virtual ~Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// Stores an event unless (sensor, seq) is already stored, and updates the sensor's row in the
  /// same transaction: the first event of a sensor sets last_seq; seq > last_seq + 1 adds the
  /// skipped numbers to gaps; a late seq < last_seq fills one gap; a duplicate only counts.
  /// seq and times must fit a signed 64-bit column (an error otherwise). insertEvents of one.
  common::Result<Outcome> insertEvent(const event::Event& event, std::string_view raw_json, int64_t received_ms);

  /// One event of an insertEvents batch; both pointees must outlive the call.
  struct EventInsert {
    const event::Event* event;
    std::string_view raw_json;
  };
  /// insertEvent for each of `events`, in order, all in one transaction (group commit: one disk sync
  /// for the batch, which is what makes durable ingest fast). Outcomes are in input order; the same
  /// (sensor, seq) twice in a batch is stored once. Any error stores none of them.
  virtual common::Result<std::vector<Outcome>> insertEvents(std::span<const EventInsert> events,
                                                            int64_t received_ms) = 0;
  /// Every sensor seen, by name.
  virtual common::Result<std::vector<SensorStatus>> sensors() = 0;
  /// Events not yet folded into an incident, oldest (lowest id) first; limit 0 = all.
  virtual common::Result<std::vector<StoredEvent>> eventsWithoutIncident(std::size_t limit) = 0;
  /// Events of one incident, oldest first; limit 0 = all.
  virtual common::Result<std::vector<StoredEvent>> eventsOfIncident(int64_t incident_id, std::size_t limit) = 0;
  /// Sets incident_id on the events; an unknown incident or event id is an error and changes nothing.
  virtual common::Result<void> attachEvents(int64_t incident_id, std::span<const int64_t> event_ids) = 0;

  /// The latest (highest id) incident for that key, whatever its status; nullopt when none.
  virtual common::Result<std::optional<Incident>> findIncident(std::string_view host, std::string_view identifier) = 0;
  virtual common::Result<std::optional<Incident>> incident(int64_t id) = 0;
  /// Inserts the incident when incident.id is 0 (and sets incident.id), else updates that row (an
  /// unknown id is an error); then attaches the events to it. All in one transaction.
  virtual common::Result<void> saveIncident(Incident& incident, std::span<const int64_t> event_ids) = 0;
  /// Matching incidents, latest last_seen first (ties: higher id first).
  virtual common::Result<std::vector<Incident>> incidents(const IncidentFilter& filter) = 0;
  /// Incidents whose status is one of `statuses`, oldest last_seen first (for the scheduler and
  /// the resolver, which work through them in order); limit 0 = all.
  virtual common::Result<std::vector<Incident>> incidentsByStatus(std::span<const IncidentStatus> statuses,
                                                                  std::size_t limit) = 0;

  /// Replaces every network row with `records` and records the import (info.kind must be "ripe";
  /// rows is set from records). One transaction, bulk-loaded: a million rows take seconds.
  virtual common::Result<void> replaceNetworks(const ImportInfo& info,
                                               std::span<const enrich::NetworkRecord> records) = 0;
  /// As replaceNetworks for prefix -> AS rows (info.kind must be "pfx2as").
  virtual common::Result<void> replaceAsns(const ImportInfo& info, std::span<const net::Pfx2AsEntry> entries) = 0;
  /// All rows in import order.
  virtual common::Result<std::vector<enrich::NetworkRecord>> networks() = 0;
  virtual common::Result<std::vector<net::Pfx2AsEntry>> asns() = 0;
  /// The last import of each kind, by kind.
  virtual common::Result<std::vector<ImportInfo>> imports() = 0;

  /// A new ticket number "YYYYMMDD-NNNNNNNN" (the UTC day of created_ms, then a number that increases
  /// across days and is never handed out twice, even after a rollback or a crash).
  virtual common::Result<std::string> newTicket(int64_t created_ms) = 0;
  /// Records a notification in one transaction: inserts it (notification.id set), links its
  /// incident_ids, saves `incidents` as given (the caller set status, notified_ms and ticket; unknown
  /// ids are an error), queues `items` (ids and notification_id set) and, when queued, sets the
  /// contact's last_notified_ms to created_ms. Nothing is kept on error.
  virtual common::Result<void> saveNotification(Notification& notification, std::span<const Incident> incidents,
                                                std::vector<OutboxItem>& items) = 0;
  /// Notifications, newest first, each with its incident ids.
  virtual common::Result<std::vector<Notification>> notifications(const NotificationFilter& filter) = 0;
  /// Pending outbox items due at now_ms (next_attempt_ms <= now_ms), oldest first; limit 0 = all.
  virtual common::Result<std::vector<OutboxItem>> dueOutbox(int64_t now_ms, std::size_t limit) = 0;
  /// Writes an item's delivery state (status, attempts, next_attempt_ms, last_error, done_ms).
  virtual common::Result<void> updateOutbox(const OutboxItem& item) = 0;
  /// Items of every status for one ticket, by id (for listings and tests).
  virtual common::Result<std::vector<OutboxItem>> outboxOfTicket(std::string_view ticket) = 0;
  virtual common::Result<OutboxSummary> outboxSummary() = 0;
  /// Items per (channel, status), for metrics.
  virtual common::Result<std::vector<OutboxCount>> outboxCounts() = 0;
  /// Incidents per status name ("new", ...), for metrics; statuses without incidents are left out.
  virtual common::Result<std::vector<std::pair<std::string, uint64_t>>> incidentCounts() = 0;
  /// Every address's state, by address.
  virtual common::Result<std::vector<ContactState>> contactStates() = 0;
  virtual common::Result<void> saveContactState(const ContactState& state) = 0;

  /// The schema version of the open database (the newest this binary knows after open).
  virtual common::Result<int> schemaVersion() = 0;

 protected:
  Store() = default;
};

/// Opens (creating and migrating as needed) the database named by `url`:
///  - "sqlite:PATH" or a plain file path: SQLite (file created mode 0600);
///  - "postgresql://..." / "postgres://..." (a libpq URI) or "postgres:CONNINFO" ("host=... dbname=..."):
///    PostgreSQL.
/// Anything else is an error listing these forms. Errors never echo a connection string (it may
/// hold a password).
common::Result<std::unique_ptr<Store>> openStore(std::string_view url);

}  // namespace vigil::store
