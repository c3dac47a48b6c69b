// SqlStore: the Store logic written once over a few SQL primitives that SQLite and PostgreSQL each provide.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "store/sql_value.h"
#include "store/store.h"

namespace vigil::store {

/// Implements every Store method as statements in the shared dialect ($N parameters, ON CONFLICT,
/// RETURNING, partial indexes: SQLite 3.35+ and PostgreSQL 9.5+). A backend supplies transactions,
/// one-statement execution and a bulk loader. Same threading and cost rules as Store.
class SqlStore : public Store {
 public:
  common::Result<std::vector<Outcome>> insertEvents(std::span<const EventInsert> events, int64_t received_ms) override;
  common::Result<std::vector<SensorStatus>> sensors() override;
  common::Result<std::vector<StoredEvent>> eventsWithoutIncident(std::size_t limit) override;
  common::Result<std::vector<StoredEvent>> eventsOfIncident(int64_t incident_id, std::size_t limit) override;
  common::Result<void> attachEvents(int64_t incident_id, std::span<const int64_t> event_ids) override;
  common::Result<std::optional<Incident>> findIncident(std::string_view host, std::string_view identifier) override;
  common::Result<std::optional<Incident>> incident(int64_t id) override;
  common::Result<void> saveIncident(Incident& incident, std::span<const int64_t> event_ids) override;
  common::Result<std::vector<Incident>> incidents(const IncidentFilter& filter) override;
  common::Result<std::vector<Incident>> incidentsByStatus(std::span<const IncidentStatus> statuses,
                                                          std::size_t limit) override;
  common::Result<void> replaceNetworks(const ImportInfo& info, std::span<const enrich::NetworkRecord> records) override;
  common::Result<void> replaceAsns(const ImportInfo& info, std::span<const net::Pfx2AsEntry> entries) override;
  common::Result<std::vector<enrich::NetworkRecord>> networks() override;
  common::Result<std::vector<net::Pfx2AsEntry>> asns() override;
  common::Result<std::vector<ImportInfo>> imports() override;
  common::Result<int> schemaVersion() override;
  // Notifications and the outbox (sql_store_notifications.cc).
  common::Result<std::string> newTicket(int64_t created_ms) override;
  common::Result<void> saveNotification(Notification& notification, std::span<const Incident> incidents,
                                        std::vector<OutboxItem>& items) override;
  common::Result<std::vector<Notification>> notifications(const NotificationFilter& filter) override;
  common::Result<std::vector<OutboxItem>> dueOutbox(int64_t now_ms, std::size_t limit) override;
  common::Result<void> updateOutbox(const OutboxItem& item) override;
  common::Result<std::vector<OutboxItem>> outboxOfTicket(std::string_view ticket) override;
  common::Result<OutboxSummary> outboxSummary() override;
  common::Result<std::vector<OutboxCount>> outboxCounts() override;
  common::Result<std::vector<std::pair<std::string, uint64_t>>> incidentCounts() override;
  common::Result<std::vector<ContactState>> contactStates() override;
  common::Result<void> saveContactState(const ContactState& state) override;

 protected:
  explicit SqlStore(Dialect dialect) : dialect_(dialect) {}

  /// Brings the schema to Schema::latestVersion() in one transaction; backends call it from open.
  common::Result<void> migrate();

  /// The first words of a statement ("INSERT INTO events"), to say in an error which one failed.
  static std::string_view statementHead(std::string_view sql) noexcept;

  /// "sqlite:PATH" or "postgresql": the start of every error message.
  virtual std::string_view errorPrefix() const noexcept = 0;
  /// Starts a transaction; `write` transactions take the write lock up front (SQLite's BEGIN
  /// IMMEDIATE), so a reader never has to be upgraded, which could fail with "busy" mid-way.
  virtual common::Result<void> begin(bool write) = 0;
  virtual common::Result<void> commit() = 0;
  virtual void rollback() noexcept = 0;
  /// Runs one statement, passing each result row to `on_row` when given; returns the rows changed.
  virtual common::Result<int64_t> run(std::string_view sql, std::span<const SqlValue> params,
                                      const RowHandler* on_row) = 0;
  /// Appends `rows` rows to `table` (`columns` is its column list, `column_count` long), in the
  /// current transaction, the fastest way the backend has.
  virtual common::Result<void> bulkInsert(std::string_view table, std::string_view columns, int column_count,
                                          std::size_t rows, const RowFiller& fill) = 0;

 private:
  template <typename Body>
  auto transaction(bool write, Body&& body) -> decltype(body());
  common::Error prefixed(const std::string& message) const;
  common::Result<void> attach(int64_t incident_id, std::span<const int64_t> event_ids);
  /// Inserts (id 0) or updates one incident inside the current transaction; returns its id.
  common::Result<int64_t> writeIncident(const Incident& incident);
  common::Result<std::vector<StoredEvent>> selectEvents(const std::string& sql, std::span<const SqlValue> params);
  common::Result<std::vector<Incident>> selectIncidents(const std::string& sql, std::span<const SqlValue> params);
  common::Result<void> replaceTable(const ImportInfo& info, std::string_view table, std::string_view columns,
                                    int column_count, std::size_t rows, const RowFiller& fill);
  common::Result<std::vector<OutboxItem>> selectOutbox(const std::string& sql, std::span<const SqlValue> params);

  const Dialect dialect_;
};

// Runs `body` in a transaction: commits when it returns a value, rolls back on its error or a failed
// commit; errors carry the backend's prefix.
template <typename Body>
auto SqlStore::transaction(bool write, Body&& body) -> decltype(body()) {
  if (auto started = begin(write); !started) return prefixed(started.error());
  auto result = body();
  if (!result.ok()) {
    rollback();
    return prefixed(result.error());
  }
  if (auto committed = commit(); !committed) {
    rollback();
    return prefixed(committed.error());
  }
  return result;
}

}  // namespace vigil::store
