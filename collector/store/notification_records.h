// Notification records: notifications made, the outbox of messages to deliver, and per-address delivery state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::store {

/// queued: its messages are in the outbox. held: nothing was sent, on purpose (a contact that requires
/// encryption has no usable key; a TLP that may not go to that recipient); `reason` says which.
enum class NotificationStatus { kQueued, kHeld };
std::string_view notificationStatusName(NotificationStatus status) noexcept;
std::optional<NotificationStatus> parseNotificationStatus(std::string_view text) noexcept;

/// One notification to one contact about one or more incidents. Plain value.
struct Notification {
  int64_t id = 0;      // 0 until saved
  std::string ticket;  // "YYYYMMDD-NNNNNNNN" from Store::newTicket
  std::string organisation;
  std::string contact;  // e-mail address
  std::string format;   // text | csv | xarf | iodef
  std::string tlp;
  int64_t created_ms = 0;
  NotificationStatus status = NotificationStatus::kQueued;
  std::string reason;                 // why held; empty when queued
  std::vector<int64_t> incident_ids;  // ascending

  friend bool operator==(const Notification&, const Notification&) = default;
};

enum class OutboxStatus { kPending, kDelivered, kFailed };
std::string_view outboxStatusName(OutboxStatus status) noexcept;
std::optional<OutboxStatus> parseOutboxStatus(std::string_view text) noexcept;

/// One message for one channel, persisted before any attempt so a crash or an outage loses nothing.
struct OutboxItem {
  int64_t id = 0;  // 0 until saved
  int64_t notification_id = 0;
  std::string ticket;
  std::string channel;    // smtp | webhook | misp | rtir | jsonl
  std::string recipient;  // smtp: the address; others: empty
  std::string payload;    // exactly what the channel sends
  OutboxStatus status = OutboxStatus::kPending;
  uint32_t attempts = 0;
  int64_t next_attempt_ms = 0;  // due from this wall time (Unix ms)
  std::string last_error;
  int64_t created_ms = 0;
  int64_t done_ms = 0;  // when delivered or given up; 0 while pending

  friend bool operator==(const OutboxItem&, const OutboxItem&) = default;
};

/// What the scheduler remembers per address: the digest interval and permanent-failure accounting.
struct ContactState {
  std::string email;
  int64_t last_notified_ms = 0;
  uint32_t permanent_failures = 0;  // consecutive
  bool disabled = false;            // too many permanent failures: the next contact is used instead

  friend bool operator==(const ContactState&, const ContactState&) = default;
};

/// Outbox figures for logs and metrics.
struct OutboxSummary {
  uint64_t pending = 0;
  uint64_t delivered = 0;
  uint64_t failed = 0;
  int64_t oldest_pending_ms = 0;  // created_ms of the oldest pending item; 0 when none
};

/// Outbox items of one channel in one status, for metrics.
struct OutboxCount {
  std::string channel;
  OutboxStatus status = OutboxStatus::kPending;
  uint64_t count = 0;
};

/// Which notifications Store::notifications returns; unset fields do not filter.
struct NotificationFilter {
  std::optional<NotificationStatus> status;
  std::optional<int64_t> since_ms;  // created_ms >= since_ms
  std::optional<std::string> ticket;
  std::size_t limit = 0;  // 0 = no limit
};

}  // namespace vigil::store
