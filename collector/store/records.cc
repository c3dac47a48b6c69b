// Store records: text names of incident statuses.
#include "store/records.h"

#include <array>

namespace vigil::store {
namespace {

constexpr std::array<std::string_view, 5> kStatusNames = {"new", "notified", "persisting", "resolved", "reopened"};

}  // namespace

std::string_view incidentStatusName(IncidentStatus status) noexcept {
  const auto index = static_cast<std::size_t>(status);
  return index < kStatusNames.size() ? kStatusNames[index] : std::string_view("new");
}

std::optional<IncidentStatus> parseIncidentStatus(std::string_view text) noexcept {
  for (std::size_t i = 0; i < kStatusNames.size(); ++i) {
    if (kStatusNames[i] == text) return static_cast<IncidentStatus>(i);
  }
  return std::nullopt;
}

}  // namespace vigil::store
