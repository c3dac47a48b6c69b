// Notification records: the text names of their statuses, as the database and listings show them.
#include "store/notification_records.h"

#include <array>

namespace vigil::store {
namespace {

constexpr std::array<std::string_view, 2> kNotificationNames = {"queued", "held"};
constexpr std::array<std::string_view, 3> kOutboxNames = {"pending", "delivered", "failed"};

template <typename Enum, std::size_t N>
std::optional<Enum> parseName(const std::array<std::string_view, N>& names, std::string_view text) noexcept {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view notificationStatusName(NotificationStatus status) noexcept {
  return kNotificationNames[static_cast<std::size_t>(status) % kNotificationNames.size()];
}

std::optional<NotificationStatus> parseNotificationStatus(std::string_view text) noexcept {
  return parseName<NotificationStatus>(kNotificationNames, text);
}

std::string_view outboxStatusName(OutboxStatus status) noexcept {
  return kOutboxNames[static_cast<std::size_t>(status) % kOutboxNames.size()];
}

std::optional<OutboxStatus> parseOutboxStatus(std::string_view text) noexcept {
  return parseName<OutboxStatus>(kOutboxNames, text);
}

}  // namespace vigil::store
