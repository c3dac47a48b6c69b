// SqlStore, second part: tickets, notifications, the outbox and per-address delivery state.
#include <array>
#include <cstdio>
#include <ctime>

#include "store/sql_store.h"

namespace vigil::store {
namespace {

constexpr std::string_view kOutboxColumns =
    "id, notification_id, ticket, channel, recipient, payload, status, attempts, next_attempt_ms, last_error, "
    "created_ms, done_ms";

// "YYYYMMDD" of a Unix ms time, UTC.
std::string dayOf(int64_t ms) {
  const std::time_t seconds = std::time_t(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[40];  // room for any int the compiler cannot rule out
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", (tm.tm_year + 1900) % 10000, tm.tm_mon + 1, tm.tm_mday);
  return buf;
}

common::Result<OutboxItem> readOutbox(const SqlRow& row) {
  OutboxItem item;
  item.id = row.integer(0);
  item.notification_id = row.integer(1);
  item.ticket = std::string(row.text(2));
  item.channel = std::string(row.text(3));
  item.recipient = std::string(row.text(4));
  item.payload = std::string(row.text(5));
  const auto status = parseOutboxStatus(row.text(6));
  if (!status)
    return common::fail("outbox row " + std::to_string(item.id) + ": bad status '" + std::string(row.text(6)) + "'");
  item.status = *status;
  item.attempts = uint32_t(std::max<int64_t>(row.integer(7), 0));
  item.next_attempt_ms = row.integer(8);
  item.last_error = std::string(row.text(9));
  item.created_ms = row.integer(10);
  item.done_ms = row.integer(11);
  return item;
}

}  // namespace

common::Result<std::string> SqlStore::newTicket(int64_t created_ms) {
  return transaction(true, [&]() -> common::Result<std::string> {
    int64_t id = 0;
    const RowHandler read_id = [&](const SqlRow& row) -> common::Result<void> {
      id = row.integer(0);
      return {};
    };
    const SqlValue when = created_ms;
    if (auto r = run("INSERT INTO tickets (created_ms) VALUES ($1) RETURNING id", {&when, 1}, &read_id); !r) {
      return common::fail(r.error());
    }
    char number[24];
    std::snprintf(number, sizeof number, "%08lld", static_cast<long long>(id % 100000000));
    return dayOf(created_ms) + "-" + number;
  });
}

common::Result<void> SqlStore::saveNotification(Notification& notification, std::span<const Incident> incidents,
                                                std::vector<OutboxItem>& items) {
  int64_t id = 0;
  std::vector<int64_t> item_ids;
  auto saved = transaction(true, [&]() -> common::Result<void> {
    const std::array<SqlValue, 8> values = {notification.ticket,
                                            notification.organisation,
                                            notification.contact,
                                            notification.format,
                                            notification.tlp,
                                            notification.created_ms,
                                            std::string(notificationStatusName(notification.status)),
                                            notification.reason};
    const RowHandler read_id = [&](const SqlRow& row) -> common::Result<void> {
      id = row.integer(0);
      return {};
    };
    if (auto r = run("INSERT INTO notifications (ticket, organisation, contact, format, tlp, created_ms, status, "
                     "reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                     values, &read_id);
        !r) {
      return common::fail(r.error());
    }
    for (const int64_t incident_id : notification.incident_ids) {
      const std::array<SqlValue, 2> link = {id, incident_id};
      if (auto r =
              run("INSERT INTO notification_incidents (notification_id, incident_id) VALUES ($1, $2)", link, nullptr);
          !r) {
        return common::fail(r.error());
      }
    }
    for (const Incident& incident : incidents) {
      if (incident.id == 0) return common::fail("saveNotification: an incident without id");
      if (auto r = writeIncident(incident); !r) return common::fail(r.error());
    }
    for (const OutboxItem& item : items) {
      const std::array<SqlValue, 11> row = {id,
                                            notification.ticket,
                                            item.channel,
                                            item.recipient,
                                            item.payload,
                                            std::string(outboxStatusName(item.status)),
                                            int64_t(item.attempts),
                                            item.next_attempt_ms,
                                            item.last_error,
                                            item.created_ms,
                                            item.done_ms};
      const RowHandler read_item = [&](const SqlRow& r) -> common::Result<void> {
        item_ids.push_back(r.integer(0));
        return {};
      };
      if (auto r = run("INSERT INTO outbox (notification_id, ticket, channel, recipient, payload, status, attempts, "
                       "next_attempt_ms, last_error, created_ms, done_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
                       "$9, $10, $11) RETURNING id",
                       row, &read_item);
          !r) {
        return common::fail(r.error());
      }
    }
    if (notification.status == NotificationStatus::kQueued) {
      const std::array<SqlValue, 2> contact = {notification.contact, notification.created_ms};
      if (auto r = run("INSERT INTO contact_state (email, last_notified_ms, permanent_failures, disabled) "
                       "VALUES ($1, $2, 0, (0 <> 0)) ON CONFLICT (email) DO UPDATE SET last_notified_ms = $2",
                       contact, nullptr);
          !r) {
        return common::fail(r.error());
      }
    }
    return {};
  });
  if (!saved) return saved;
  notification.id = id;
  for (std::size_t i = 0; i < items.size() && i < item_ids.size(); ++i) {
    items[i].id = item_ids[i];
    items[i].notification_id = id;
    items[i].ticket = notification.ticket;
  }
  return {};
}

common::Result<std::vector<Notification>> SqlStore::notifications(const NotificationFilter& filter) {
  return transaction(false, [&]() -> common::Result<std::vector<Notification>> {
    std::string sql =
        "SELECT id, ticket, organisation, contact, format, tlp, created_ms, status, reason FROM notifications "
        "WHERE 1 = 1";
    std::vector<SqlValue> params;
    if (filter.status) {
      params.emplace_back(std::string(notificationStatusName(*filter.status)));
      sql += " AND status = $" + std::to_string(params.size());
    }
    if (filter.since_ms) {
      params.emplace_back(*filter.since_ms);
      sql += " AND created_ms >= $" + std::to_string(params.size());
    }
    if (filter.ticket) {
      params.emplace_back(*filter.ticket);
      sql += " AND ticket = $" + std::to_string(params.size());
    }
    sql += " ORDER BY id DESC";
    if (filter.limit != 0) {
      params.emplace_back(int64_t(std::min<std::size_t>(filter.limit, std::size_t(INT64_MAX))));
      sql += " LIMIT $" + std::to_string(params.size());
    }
    std::vector<Notification> out;
    const RowHandler read = [&](const SqlRow& row) -> common::Result<void> {
      Notification n;
      n.id = row.integer(0);
      n.ticket = std::string(row.text(1));
      n.organisation = std::string(row.text(2));
      n.contact = std::string(row.text(3));
      n.format = std::string(row.text(4));
      n.tlp = std::string(row.text(5));
      n.created_ms = row.integer(6);
      const auto status = parseNotificationStatus(row.text(7));
      if (!status) return common::fail("notifications row " + std::to_string(n.id) + ": bad status");
      n.status = *status;
      n.reason = std::string(row.text(8));
      out.push_back(std::move(n));
      return {};
    };
    if (auto r = run(sql, params, &read); !r) return common::fail(r.error());
    for (Notification& n : out) {
      const SqlValue id = n.id;
      const RowHandler link = [&](const SqlRow& row) -> common::Result<void> {
        n.incident_ids.push_back(row.integer(0));
        return {};
      };
      if (auto r = run("SELECT incident_id FROM notification_incidents WHERE notification_id = $1 ORDER BY "
                       "incident_id",
                       {&id, 1}, &link);
          !r) {
        return common::fail(r.error());
      }
    }
    return out;
  });
}

common::Result<std::vector<OutboxItem>> SqlStore::selectOutbox(const std::string& sql,
                                                               std::span<const SqlValue> params) {
  std::vector<OutboxItem> out;
  const RowHandler read = [&](const SqlRow& row) -> common::Result<void> {
    auto item = readOutbox(row);
    if (!item) return common::fail(item.error());
    out.push_back(std::move(*item));
    return {};
  };
  if (auto r = run(sql, params, &read); !r) return common::fail(r.error());
  return out;
}

common::Result<std::vector<OutboxItem>> SqlStore::dueOutbox(int64_t now_ms, std::size_t limit) {
  return transaction(false, [&] {
    std::string sql = "SELECT " + std::string(kOutboxColumns) +
                      " FROM outbox WHERE status = 'pending' AND next_attempt_ms <= $1 ORDER BY next_attempt_ms, id";
    std::vector<SqlValue> params = {now_ms};
    if (limit != 0) {
      params.emplace_back(int64_t(std::min<std::size_t>(limit, std::size_t(INT64_MAX))));
      sql += " LIMIT $2";
    }
    return selectOutbox(sql, params);
  });
}

common::Result<std::vector<OutboxItem>> SqlStore::outboxOfTicket(std::string_view ticket) {
  return transaction(false, [&] {
    const SqlValue param = std::string(ticket);
    return selectOutbox("SELECT " + std::string(kOutboxColumns) + " FROM outbox WHERE ticket = $1 ORDER BY id",
                        {&param, 1});
  });
}

common::Result<void> SqlStore::updateOutbox(const OutboxItem& item) {
  return transaction(true, [&]() -> common::Result<void> {
    const std::array<SqlValue, 6> values = {std::string(outboxStatusName(item.status)),
                                            int64_t(item.attempts),
                                            item.next_attempt_ms,
                                            item.last_error,
                                            item.done_ms,
                                            item.id};
    auto changed =
        run("UPDATE outbox SET status = $1, attempts = $2, next_attempt_ms = $3, last_error = $4, "
            "done_ms = $5 WHERE id = $6",
            values, nullptr);
    if (!changed) return common::fail(changed.error());
    if (*changed == 0) return common::fail("no outbox item with id " + std::to_string(item.id));
    return {};
  });
}

common::Result<OutboxSummary> SqlStore::outboxSummary() {
  return transaction(false, [&]() -> common::Result<OutboxSummary> {
    OutboxSummary summary;
    const RowHandler read = [&](const SqlRow& row) -> common::Result<void> {
      const auto status = parseOutboxStatus(row.text(0));
      const uint64_t count = uint64_t(std::max<int64_t>(row.integer(1), 0));
      if (status == OutboxStatus::kPending) {
        summary.pending = count;
        summary.oldest_pending_ms = row.isNull(2) ? 0 : row.integer(2);
      } else if (status == OutboxStatus::kDelivered) {
        summary.delivered = count;
      } else if (status == OutboxStatus::kFailed) {
        summary.failed = count;
      }
      return {};
    };
    if (auto r = run("SELECT status, COUNT(*), MIN(created_ms) FROM outbox GROUP BY status", {}, &read); !r) {
      return common::fail(r.error());
    }
    return summary;
  });
}

common::Result<std::vector<OutboxCount>> SqlStore::outboxCounts() {
  return transaction(false, [&]() -> common::Result<std::vector<OutboxCount>> {
    std::vector<OutboxCount> out;
    const RowHandler read = [&](const SqlRow& row) -> common::Result<void> {
      const auto status = parseOutboxStatus(row.text(1));
      if (status) out.push_back({std::string(row.text(0)), *status, uint64_t(std::max<int64_t>(row.integer(2), 0))});
      return {};
    };
    if (auto r = run("SELECT channel, status, COUNT(*) FROM outbox GROUP BY channel, status ORDER BY channel, status",
                     {}, &read);
        !r) {
      return common::fail(r.error());
    }
    return out;
  });
}

common::Result<std::vector<std::pair<std::string, uint64_t>>> SqlStore::incidentCounts() {
  return transaction(false, [&]() -> common::Result<std::vector<std::pair<std::string, uint64_t>>> {
    std::vector<std::pair<std::string, uint64_t>> out;
    const RowHandler read = [&](const SqlRow& row) -> common::Result<void> {
      out.emplace_back(std::string(row.text(0)), uint64_t(std::max<int64_t>(row.integer(1), 0)));
      return {};
    };
    if (auto r = run("SELECT status, COUNT(*) FROM incidents GROUP BY status ORDER BY status", {}, &read); !r) {
      return common::fail(r.error());
    }
    return out;
  });
}

common::Result<std::vector<ContactState>> SqlStore::contactStates() {
  return transaction(false, [&]() -> common::Result<std::vector<ContactState>> {
    std::vector<ContactState> out;
    const RowHandler read = [&](const SqlRow& row) -> common::Result<void> {
      out.push_back({std::string(row.text(0)), row.integer(1), uint32_t(std::max<int64_t>(row.integer(2), 0)),
                     row.integer(3) != 0});
      return {};
    };
    if (auto r = run("SELECT email, last_notified_ms, permanent_failures, disabled FROM contact_state ORDER BY email",
                     {}, &read);
        !r) {
      return common::fail(r.error());
    }
    return out;
  });
}

common::Result<void> SqlStore::saveContactState(const ContactState& state) {
  return transaction(true, [&]() -> common::Result<void> {
    const std::array<SqlValue, 4> values = {state.email, state.last_notified_ms, int64_t(state.permanent_failures),
                                            int64_t(state.disabled ? 1 : 0)};
    if (auto r = run("INSERT INTO contact_state (email, last_notified_ms, permanent_failures, disabled) VALUES ($1, "
                     "$2, $3, ($4 <> 0)) ON CONFLICT (email) DO UPDATE SET last_notified_ms = $2, "
                     "permanent_failures = $3, disabled = ($4 <> 0)",
                     values, nullptr);
        !r) {
      return common::fail(r.error());
    }
    return {};
  });
}

}  // namespace vigil::store
