// OutboxWorker: one delivery attempt per due item, its outcome written back before the next item.
#include "notify/outbox_worker.h"

#include <algorithm>

namespace vigil::notify {

OutboxWorker::OutboxWorker(store::Store& store, OutboxOptions options)
    : store_(store), options_(options), jitter_(std::random_device{}()) {}

void OutboxWorker::addNotifier(std::unique_ptr<Notifier> notifier) {
  const std::string name(notifier->channel());
  notifiers_[name] = std::move(notifier);
}

int64_t OutboxWorker::backoffMs(uint32_t attempts) {
  const int64_t first = std::chrono::duration_cast<std::chrono::milliseconds>(options_.first_retry).count();
  const int64_t cap = std::chrono::duration_cast<std::chrono::milliseconds>(options_.max_retry).count();
  int64_t delay = first;
  for (uint32_t i = 1; i < attempts && delay < cap; ++i)
    delay *= 2;
  delay = std::min(delay, cap);
  std::uniform_int_distribution<int64_t> spread(-delay / 5, delay / 5);
  return std::max<int64_t>(delay + spread(jitter_), 1);
}

common::Result<std::size_t> OutboxWorker::deliverDue(int64_t now_ms, std::size_t limit) {
  auto due = store_.dueOutbox(now_ms, limit);
  if (!due) return common::fail(due.error());
  for (store::OutboxItem& item : *due) {
    DeliveryResult result;
    const auto notifier = notifiers_.find(item.channel);
    if (notifier == notifiers_.end()) {
      result = {DeliveryStatus::kRetry, "channel '" + item.channel + "' is not configured"};
    } else {
      result = notifier->second->deliver({item.channel, item.recipient, item.payload, item.ticket});
    }
    ++item.attempts;
    item.last_error = result.status == DeliveryStatus::kDelivered ? std::string() : result.detail;
    if (result.status != DeliveryStatus::kDelivered) {
      last_problem_ = item.channel + " " + item.ticket + (item.recipient.empty() ? "" : " to " + item.recipient) +
                      ": " + result.detail;
    }
    if (result.status == DeliveryStatus::kDelivered) {
      item.status = store::OutboxStatus::kDelivered;
      item.done_ms = now_ms;
      ++stats_.delivered;
    } else if (result.status == DeliveryStatus::kRetry && item.attempts < options_.max_attempts) {
      item.next_attempt_ms = now_ms + backoffMs(item.attempts);
      ++stats_.retried;
    } else {
      item.status = store::OutboxStatus::kFailed;
      item.done_ms = now_ms;
      ++stats_.failed;
    }
    // The outcome is durable before anything depends on it; a crash before this line means the item is
    // attempted again (receivers see the same ticket / Idempotency-Key).
    if (auto r = store_.updateOutbox(item); !r) return common::fail(r.error());
    if (item.channel != "smtp") continue;
    if (result.status == DeliveryStatus::kDelivered) {
      auto states = store_.contactStates();
      if (!states) return common::fail(states.error());
      for (store::ContactState state : *states) {
        if (state.email == item.recipient && state.permanent_failures != 0) {
          state.permanent_failures = 0;
          if (auto r = store_.saveContactState(state); !r) return common::fail(r.error());
        }
      }
    } else if (result.status == DeliveryStatus::kPermanent ||
               (result.status == DeliveryStatus::kRetry && item.status == store::OutboxStatus::kFailed)) {
      if (auto r = onPermanent(item); !r) return common::fail(r.error());
    }
  }
  return due->size();
}

common::Result<void> OutboxWorker::onPermanent(const store::OutboxItem& item) {
  auto states = store_.contactStates();
  if (!states) return common::fail(states.error());
  store::ContactState state{item.recipient, 0, 0, false};
  for (const store::ContactState& s : *states) {
    if (s.email == item.recipient) state = s;
  }
  ++state.permanent_failures;
  if (!state.disabled && state.permanent_failures >= options_.disable_after) {
    state.disabled = true;
    ++stats_.addresses_disabled;
  }
  if (auto r = store_.saveContactState(state); !r) return r;

  // The incidents were not told: make them due again (the next contact, once this address is disabled).
  store::NotificationFilter filter;
  filter.ticket = item.ticket;
  auto notifications = store_.notifications(filter);
  if (!notifications) return common::fail(notifications.error());
  for (const store::Notification& n : *notifications) {
    for (const int64_t id : n.incident_ids) {
      auto incident = store_.incident(id);
      if (!incident) return common::fail(incident.error());
      if (!*incident || (*incident)->ticket != n.ticket) continue;  // told since by another notification
      store::Incident again = **incident;
      if (again.status == store::IncidentStatus::kNotified) again.status = store::IncidentStatus::kNew;
      again.notified_ms.reset();
      if (auto r = store_.saveIncident(again, {}); !r) return r;
    }
  }
  return {};
}

}  // namespace vigil::notify
