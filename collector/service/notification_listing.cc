// Notification listing: column layout, JSON keys, and the one-line delivery summary per channel.
#include "service/notification_listing.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "service/incident_listing.h"

namespace vigil::service {
namespace {

std::string deliveryText(const store::OutboxItem& item) {
  std::string out = item.channel + " " + std::string(store::outboxStatusName(item.status));
  if (item.status != store::OutboxStatus::kDelivered && item.attempts > 0) {
    out += fmt::format(" ({} attempt{}: {})", item.attempts, item.attempts == 1 ? "" : "s", item.last_error);
  }
  return out;
}

}  // namespace

std::string renderNotifications(const std::vector<store::Notification>& notifications,
                                const std::map<std::string, std::vector<store::OutboxItem>>& outbox, bool json) {
  static const std::vector<store::OutboxItem> kNone;
  std::string out;
  if (!json) {
    out += fmt::format("{:<17}  {:<20}  {:<6}  {:<16}  {:<6}  {:>9}  {:<40}  {}\n", "TICKET", "CREATED", "STATUS",
                       "TLP", "FORMAT", "INCIDENTS", "ORGANISATION <CONTACT>", "DELIVERY");
  }
  for (const store::Notification& n : notifications) {
    const auto found = outbox.find(n.ticket);
    const std::vector<store::OutboxItem>& items = found == outbox.end() ? kNone : found->second;
    if (json) {
      nlohmann::ordered_json j;
      j["ticket"] = n.ticket;
      j["created"] = timeText(n.created_ms);
      j["status"] = std::string(store::notificationStatusName(n.status));
      if (!n.reason.empty()) j["reason"] = n.reason;
      j["organisation"] = n.organisation;
      j["contact"] = n.contact;
      j["format"] = n.format;
      j["tlp"] = n.tlp;
      j["incidents"] = n.incident_ids;
      nlohmann::ordered_json deliveries = nlohmann::ordered_json::array();
      for (const store::OutboxItem& item : items) {
        nlohmann::ordered_json d;
        d["channel"] = item.channel;
        if (!item.recipient.empty()) d["recipient"] = item.recipient;
        d["status"] = std::string(store::outboxStatusName(item.status));
        d["attempts"] = item.attempts;
        if (!item.last_error.empty()) d["last_error"] = item.last_error;
        if (item.done_ms != 0) d["done"] = timeText(item.done_ms);
        deliveries.push_back(std::move(d));
      }
      j["deliveries"] = std::move(deliveries);
      out += j.dump() + "\n";
      continue;
    }
    std::string delivery = n.status == store::NotificationStatus::kHeld ? "held: " + n.reason : std::string();
    for (const store::OutboxItem& item : items)
      delivery += (delivery.empty() ? "" : "; ") + deliveryText(item);
    out += fmt::format("{:<17}  {:<20}  {:<6}  {:<16}  {:<6}  {:>9}  {:<40}  {}\n", n.ticket, timeText(n.created_ms),
                       store::notificationStatusName(n.status), n.tlp, n.format, n.incident_ids.size(),
                       n.organisation + " <" + n.contact + ">", delivery);
  }
  return out;
}

}  // namespace vigil::service
