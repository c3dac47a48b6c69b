// Notification listing for `vigil-collector notifications`: what was sent or held, to whom, and how delivery went.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "store/notification_records.h"

namespace vigil::service {

/// One line per notification, newest first: ticket, status (queued/held and why), organisation, contact,
/// format, TLP, incidents, and per channel the delivery state of its outbox items ("smtp delivered",
/// "webhook pending (3 attempts: HTTP 503)"). Text table, or (json) one object per line with stable keys.
/// `outbox` maps a ticket to its items.
std::string renderNotifications(const std::vector<store::Notification>& notifications,
                                const std::map<std::string, std::vector<store::OutboxItem>>& outbox, bool json);

}  // namespace vigil::service
