// Tests for store records: incident status names both ways.
#include "store/records.h"

#include <gtest/gtest.h>

namespace vigil::store {
namespace {

TEST(RecordsTest, IncidentStatusNamesRoundTrip) {
  const std::pair<IncidentStatus, const char*> names[] = {{IncidentStatus::kNew, "new"},
                                                          {IncidentStatus::kNotified, "notified"},
                                                          {IncidentStatus::kPersisting, "persisting"},
                                                          {IncidentStatus::kResolved, "resolved"},
                                                          {IncidentStatus::kReopened, "reopened"}};
  for (const auto& [status, name] : names) {
    EXPECT_EQ(incidentStatusName(status), name);
    EXPECT_EQ(parseIncidentStatus(name), status);
  }
}

TEST(RecordsTest, UnknownStatusTextIsRefused) {
  EXPECT_EQ(parseIncidentStatus("New"), std::nullopt);
  EXPECT_EQ(parseIncidentStatus(""), std::nullopt);
  EXPECT_EQ(parseIncidentStatus("resolved "), std::nullopt);
}

}  // namespace
}  // namespace vigil::store
