// Tests for FindingTracker: start after min_duration, updates per cooldown, end, capacity.
#include "detect/finding_tracker.h"

#include <gtest/gtest.h>

namespace vigil::detect {
namespace {

constexpr uint64_t kS = 1'000'000'000;

FindingKey key(uint32_t port) {
  FindingKey k;
  k.rule = 7;
  k.destination = net::IpAddress::fromV4(0x0a000001);
  k.port = port;
  return k;
}

TEST(FindingTrackerTest, StartsUpdatesPerCooldownAndEnds) {
  FindingTracker t;
  rules::Rule r;
  r.cooldown_s = 10;
  uint64_t since = 0;
  using A = FindingTracker::Action;
  EXPECT_EQ(t.observe(key(1), r, 5 * kS, 100 * kS, 100, since), A::kStart);
  EXPECT_EQ(since, 5 * kS);
  t.endTick(100);
  for (uint64_t s = 101; s < 110; ++s) {
    EXPECT_EQ(t.observe(key(1), r, 5 * kS, s * kS, s, since), A::kNone) << s;
    t.endTick(s);
  }
  EXPECT_EQ(t.observe(key(1), r, 5 * kS, 110 * kS, 110, since), A::kUpdate);
  t.endTick(110);
  t.endTick(111);  // not observed in 111: it ended
  EXPECT_EQ(t.active(), 0u);
  EXPECT_EQ(t.observe(key(1), r, 112 * kS, 112 * kS, 112, since), A::kStart);  // a new finding
}

TEST(FindingTrackerTest, MinDurationHoldsBackTheFirstEvent) {
  FindingTracker t;
  rules::Rule r;
  r.min_duration_s = 3;
  r.cooldown_s = 60;
  uint64_t since = 0;
  using A = FindingTracker::Action;
  EXPECT_EQ(t.observe(key(2), r, 0, 10 * kS, 10, since), A::kNone);
  EXPECT_EQ(t.observe(key(2), r, 0, 12 * kS, 12, since), A::kNone);
  EXPECT_EQ(t.observe(key(2), r, 0, 13 * kS, 13, since), A::kStart);
  EXPECT_EQ(since, 10 * kS);
}

TEST(FindingTrackerTest, CapacityIsBoundedAndCounted) {
  FindingTracker t(2);
  rules::Rule r;
  uint64_t since = 0;
  EXPECT_EQ(t.observe(key(1), r, 0, kS, 1, since), FindingTracker::Action::kStart);
  EXPECT_EQ(t.observe(key(2), r, 0, kS, 1, since), FindingTracker::Action::kStart);
  EXPECT_EQ(t.observe(key(3), r, 0, kS, 1, since), FindingTracker::Action::kNone);
  EXPECT_EQ(t.dropped(), 1u);
  EXPECT_EQ(t.active(), 2u);
}

}  // namespace
}  // namespace vigil::detect
