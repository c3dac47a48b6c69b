// NotificationScheduler: due incidents -> recipients -> per-address digests -> tickets, outbox, incident updates.
#include "notify/notification_scheduler.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

namespace vigil::notify {
namespace {

int tlpRank(const std::string& tlp) {
  static constexpr std::array<std::string_view, 5> kOrder = {"TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT",
                                                             "TLP:RED"};
  for (std::size_t i = 0; i < kOrder.size(); ++i) {
    if (kOrder[i] == tlp) return int(i);
  }
  return 2;
}

bool due(const store::Incident& incident, int64_t now_ms, int64_t renotify_after_ms) {
  if (incident.inhibited) return false;
  if (!incident.notified_ms) return true;
  return now_ms - *incident.notified_ms >= renotify_after_ms;
}

}  // namespace

std::string moreRestrictiveTlp(const std::string& a, const std::string& b) {
  return tlpRank(b) > tlpRank(a) ? b : a;
}

/// The incidents bound for one address.
struct NotificationScheduler::Group {
  Recipient recipient;
  std::vector<store::Incident> incidents;
};

NotificationScheduler::NotificationScheduler(store::Store& store, ResolverSource resolver, Packager packager,
                                             SchedulerOptions options)
    : store_(store),
      resolver_(std::move(resolver)),
      packager_(std::move(packager)),
      options_(std::move(options)),
      policy_(options_.upstream_tlps) {}

common::Result<std::size_t> NotificationScheduler::runOnce(int64_t now_ms) {
  const std::shared_ptr<const enrich::Resolver> resolver = resolver_();
  if (!resolver) return std::size_t(0);
  constexpr std::array kOpen = {store::IncidentStatus::kNew, store::IncidentStatus::kReopened,
                                store::IncidentStatus::kPersisting};
  auto open = store_.incidentsByStatus(kOpen, 0);
  if (!open) return common::fail(open.error());
  auto states = store_.contactStates();
  if (!states) return common::fail(states.error());
  std::set<std::string> disabled;
  std::map<std::string, int64_t> last_notified;
  for (const store::ContactState& s : *states) {
    if (s.disabled) disabled.insert(s.email);
    last_notified[s.email] = s.last_notified_ms;
  }

  std::map<std::string, Group> groups;  // by address: one digest stream per recipient
  std::map<int64_t, int64_t> still_due;
  const int64_t renotify_ms = int64_t(options_.renotify_after_s) * 1000;
  for (store::Incident& incident : *open) {
    if (!due(incident, now_ms, renotify_ms)) continue;
    const auto seen = first_due_ms_.find(incident.id);
    still_due[incident.id] = seen == first_due_ms_.end() ? now_ms : seen->second;
    const auto host = net::IpAddress::parse(incident.host);
    if (!host) continue;  // the folder stores only parsed addresses; nothing to tell about garbage
    const RecipientChoice choice = policy_.choose(*resolver, *host, incident.tlp, disabled);
    if (!choice.recipient) {
      ++(incident.tlp == "TLP:RED" ? stats_.kept_red : stats_.no_recipient);
      continue;
    }
    Group& group = groups[choice.recipient->contact.email];
    if (group.incidents.empty()) group.recipient = *choice.recipient;
    group.incidents.push_back(std::move(incident));
  }
  first_due_ms_ = std::move(still_due);  // forget incidents told, resolved or no longer due

  std::size_t made = 0;
  for (auto& [email, group] : groups) {
    const auto last = last_notified.find(email);
    const int64_t interval_ms = int64_t(group.recipient.contact.notification_interval_s) * 1000;
    const bool waiting = last != last_notified.end() && now_ms - last->second < interval_ms;
    const bool urgent = options_.high_at_once && std::any_of(group.incidents.begin(), group.incidents.end(),
                                                             [](const auto& i) { return i.severity == "high"; });
    int64_t oldest_due = now_ms;
    for (const store::Incident& i : group.incidents)
      oldest_due = std::min(oldest_due, first_due_ms_[i.id]);
    const bool settling = now_ms - oldest_due < int64_t(options_.settle_s) * 1000;
    if ((waiting || settling) && !urgent) continue;
    const uint64_t before = stats_.notifications + stats_.held;
    if (auto r = notifyGroup(group, now_ms); !r) return common::fail(r.error());
    made += stats_.notifications + stats_.held - before;
  }
  return made;
}

common::Result<void> NotificationScheduler::notifyGroup(Group& group, int64_t now_ms) {
  // Latest first, as the digest shows them.
  std::sort(group.incidents.begin(), group.incidents.end(), [](const auto& a, const auto& b) {
    return a.last_seen_ms != b.last_seen_ms ? a.last_seen_ms > b.last_seen_ms : a.id > b.id;
  });
  const bool one_per_digest = group.recipient.contact.format == enrich::ReportFormat::kXarf;
  const std::size_t per_digest = one_per_digest ? 1 : std::max<std::size_t>(options_.max_incidents_per_digest, 1);
  for (std::size_t start = 0; start < group.incidents.size(); start += per_digest) {
    const std::size_t end = std::min(group.incidents.size(), start + per_digest);
    std::vector<store::Incident> incidents(group.incidents.begin() + std::ptrdiff_t(start),
                                           group.incidents.begin() + std::ptrdiff_t(end));
    Digest digest;
    digest.organisation = group.recipient.organisation;
    digest.contact = group.recipient.contact;
    digest.created_ms = now_ms;
    digest.tlp = incidents.front().tlp;
    digest.reminder = true;
    for (const store::Incident& incident : incidents) {
      digest.tlp = moreRestrictiveTlp(digest.tlp, incident.tlp);
      digest.reminder = digest.reminder && incident.notified_ms.has_value();
      auto events = store_.eventsOfIncident(incident.id, options_.events_per_incident);
      if (!events) return common::fail(events.error());
      digest.items.push_back({incident, std::move(*events)});
    }
    if (auto r = saveDigest(digest, incidents, now_ms); !r) return r;
  }
  return {};
}

common::Result<void> NotificationScheduler::saveDigest(Digest& digest, std::vector<store::Incident>& incidents,
                                                       int64_t now_ms) {
  auto ticket = store_.newTicket(now_ms);
  if (!ticket) return common::fail(ticket.error());
  digest.ticket = *ticket;
  auto packed = packager_(digest);
  if (!packed) return common::fail("ticket " + digest.ticket + ": " + packed.error());

  store::Notification notification;
  notification.ticket = digest.ticket;
  notification.organisation = digest.organisation;
  notification.contact = digest.contact.email;
  notification.format = std::string(enrich::reportFormatName(digest.contact.format));
  notification.tlp = digest.tlp;
  notification.created_ms = now_ms;
  notification.status =
      packed->held_reason.empty() ? store::NotificationStatus::kQueued : store::NotificationStatus::kHeld;
  notification.reason = packed->held_reason;
  for (store::Incident& incident : incidents) {
    notification.incident_ids.push_back(incident.id);
    // A held notification still marks the time, so the incident is tried again after renotify_after
    // (when the contact may have a key), not at every pass; its status says it was never told.
    incident.notified_ms = now_ms;
    incident.ticket = digest.ticket;
    if (notification.status == store::NotificationStatus::kQueued) incident.status = store::IncidentStatus::kNotified;
  }
  std::sort(notification.incident_ids.begin(), notification.incident_ids.end());
  for (store::OutboxItem& item : packed->items) {
    item.status = store::OutboxStatus::kPending;
    item.created_ms = now_ms;
    item.next_attempt_ms = now_ms;
  }
  if (auto r = store_.saveNotification(notification, incidents, packed->items); !r) return r;
  if (notification.status == store::NotificationStatus::kQueued) {
    ++stats_.notifications;
    stats_.incidents_notified += incidents.size();
  } else {
    ++stats_.held;
  }
  return {};
}

}  // namespace vigil::notify
